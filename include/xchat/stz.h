/* xchat/stz.h — small helpers over libstrophe's stanza API.
 *
 * libstrophe builds stanzas with reference-counted nodes and returns
 * strings that must be freed with xmpp_free; these helpers hide both so
 * that the rest of the core reads like the XML it produces. Every string
 * returned by a stz_* function is a GLib string (g_free). Text set with
 * stz_add_text passes util/text's text_for_xml first, because libstrophe
 * escapes only < > & " and would put C0 controls on the wire.
 */
#ifndef XCHAT_STZ_H
#define XCHAT_STZ_H

#include <stdbool.h>
#include <strophe.h>

/* Namespaces the core uses. */
#define NS_CLIENT "jabber:client"
#define NS_STANZAS "urn:ietf:params:xml:ns:xmpp-stanzas"
#define NS_ROSTER "jabber:iq:roster"
#define NS_VERSION "jabber:iq:version"
#define NS_REGISTER "jabber:iq:register"
#define NS_DISCO_INFO "http://jabber.org/protocol/disco#info"
#define NS_DISCO_ITEMS "http://jabber.org/protocol/disco#items"
#define NS_CAPS "http://jabber.org/protocol/caps"
#define NS_PING "urn:xmpp:ping"
#define NS_VCARD "vcard-temp"
#define NS_RECEIPTS "urn:xmpp:receipts"
#define NS_CHATSTATES "http://jabber.org/protocol/chatstates"
#define NS_CORRECT "urn:xmpp:message-correct:0"
#define NS_CARBONS "urn:xmpp:carbons:2"
#define NS_FORWARD "urn:xmpp:forward:0"
#define NS_DELAY "urn:xmpp:delay"
#define NS_SID "urn:xmpp:sid:0"
#define NS_HINTS "urn:xmpp:hints"
#define NS_XDATA "jabber:x:data"

/* A new element `name` (namespace `ns` unless NULL); release with
 * xmpp_stanza_release. */
xmpp_stanza_t *stz_new(xmpp_ctx_t *ctx, const char *name, const char *ns);

/* Adds and returns a child element (owned by the parent). */
xmpp_stanza_t *stz_add(xmpp_stanza_t *parent, const char *name, const char *ns);

/* Adds text to `el` after removing what XML cannot carry. */
void stz_add_text(xmpp_stanza_t *el, const char *text);

/* Adds <name>text</name> and returns it. */
xmpp_stanza_t *stz_add_text_child(xmpp_stanza_t *parent, const char *name, const char *text);

/* Sets an attribute when value is not NULL. */
void stz_set(xmpp_stanza_t *el, const char *name, const char *value);

/* The first child element with this name and namespace (either may be NULL
 * for "any"), or NULL. */
xmpp_stanza_t *stz_child(xmpp_stanza_t *el, const char *name, const char *ns);

/* The first child element, skipping text nodes, or NULL. */
xmpp_stanza_t *stz_first_element(xmpp_stanza_t *el);

/* Number of child elements (text nodes not counted). */
int stz_count_elements(xmpp_stanza_t *el);

/* The element's text content (g_free), or NULL when it has none. */
char *stz_text(xmpp_stanza_t *el);

/* The text of child `name` (any namespace), or NULL. */
char *stz_child_text(xmpp_stanza_t *el, const char *name);

/* Serialises the stanza (g_free), or NULL on failure. */
char *stz_to_string(xmpp_stanza_t *el);

/* Parses one stanza, or NULL when `xml` is not well-formed. */
xmpp_stanza_t *stz_parse(xmpp_ctx_t *ctx, const char *xml);

/* An IQ error reply to `req` built by hand, because xmpp_stanza_reply
 * returns NULL when the request has no `from` (libstrophe-0.12.md §8).
 * `type` is cancel/modify/auth/wait, `condition` an RFC 6120 condition. */
xmpp_stanza_t *stz_iq_error(xmpp_ctx_t *ctx, xmpp_stanza_t *req, const char *type,
                            const char *condition);

/* An empty IQ result for `req`, addressed back to its sender. */
xmpp_stanza_t *stz_iq_result(xmpp_ctx_t *ctx, xmpp_stanza_t *req);

/* A fresh unique id (g_free). */
char *stz_new_id(void);

#endif
