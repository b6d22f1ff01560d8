/* xchat/srv_xml.h — the server's in-memory XML element tree.
 *
 * The stream parser (srv_parser.h) builds one tree per stanza; modules read
 * it, change addresses and serialise it again. Names are kept as local
 * name + namespace URI (prefixes are not kept: the serialiser writes
 * default-namespace declarations where the namespace changes), so a stanza
 * routed from one client to another keeps its meaning whatever prefixes
 * the sender used.
 *
 * Attribute names are plain ("to", "type") except namespaced ones: xml:lang
 * is "xml:lang"; any other is "URI\x1fname" as expat reports it.
 */
#ifndef XCHAT_SRV_XML_H
#define XCHAT_SRV_XML_H

#include <stdbool.h>
#include <stddef.h>
#include <glib.h>

#define SRV_NS_CLIENT "jabber:client"
#define SRV_NS_STREAM "http://etherx.jabber.org/streams"
#define SRV_NS_STREAMS_ERR "urn:ietf:params:xml:ns:xmpp-streams"
#define SRV_NS_STANZAS "urn:ietf:params:xml:ns:xmpp-stanzas"
#define SRV_NS_TLS "urn:ietf:params:xml:ns:xmpp-tls"
#define SRV_NS_SASL "urn:ietf:params:xml:ns:xmpp-sasl"
#define SRV_NS_BIND "urn:ietf:params:xml:ns:xmpp-bind"
#define SRV_NS_SESSION "urn:ietf:params:xml:ns:xmpp-session"
#define SRV_NS_XML "http://www.w3.org/XML/1998/namespace"

typedef struct srv_xml srv_xml_t;
struct srv_xml {
    char *name;          /* local name; NULL for a text node */
    char *ns;            /* namespace URI; NULL for a text node */
    GPtrArray *attrs;    /* name, value, name, value … (g_free'd strings) */
    GPtrArray *children; /* srv_xml_t *, NULL while there are none */
    char *text;          /* text nodes only */
};

/* A new element. `ns` may be NULL only for an element that will be added
 * to a parent (it then inherits the parent's namespace). */
srv_xml_t *srv_xml_new(const char *ns, const char *name);

/* Adds and returns a new child element; ns NULL means the parent's. */
srv_xml_t *srv_xml_add(srv_xml_t *parent, const char *ns, const char *name);

/* Adds a child element with text content: <name>text</name>. */
srv_xml_t *srv_xml_add_text_child(srv_xml_t *parent, const char *name, const char *text);

/* Appends text (merged with a preceding text node). */
void srv_xml_add_text(srv_xml_t *el, const char *text, size_t len);

/* Takes ownership of `child`. */
void srv_xml_append(srv_xml_t *parent, srv_xml_t *child);

/* Removes the first child element with this ns and name (ns NULL: any). */
void srv_xml_remove_child(srv_xml_t *el, const char *ns, const char *name);

void srv_xml_free(srv_xml_t *el);
srv_xml_t *srv_xml_copy(const srv_xml_t *el);

/* Attribute value or NULL. */
const char *srv_xml_attr(const srv_xml_t *el, const char *name);

/* Sets (value non-NULL) or removes (value NULL) an attribute. */
void srv_xml_set_attr(srv_xml_t *el, const char *name, const char *value);

/* True when el is an element named `name` in namespace `ns`. */
bool srv_xml_is(const srv_xml_t *el, const char *ns, const char *name);

/* The first child element with this namespace and name; NULL ns or name
 * match anything. */
srv_xml_t *srv_xml_child(const srv_xml_t *el, const char *ns, const char *name);

/* Child elements (text nodes not counted), and the i-th of them. */
size_t srv_xml_element_count(const srv_xml_t *el);
srv_xml_t *srv_xml_element_at(const srv_xml_t *el, size_t i);

/* The concatenated text directly inside el (g_free), "" when none. */
char *srv_xml_text(const srv_xml_t *el);

/* The text of the first child element `name` in el's namespace, or NULL
 * when there is no such child (g_free). */
char *srv_xml_child_text(const srv_xml_t *el, const char *name);

/* Appends the serialised element to `out`. `context_ns` is the default
 * namespace in force where it is written (SRV_NS_CLIENT for stanzas in a
 * client stream, NULL for a standalone document); an xmlns declaration is
 * written only where the element's namespace differs. */
void srv_xml_write(const srv_xml_t *el, const char *context_ns, GString *out);

/* The same into a new string (g_free). */
char *srv_xml_to_string(const srv_xml_t *el, const char *context_ns);

/* Escapes text for character data or an attribute value (both quotes). */
void srv_xml_escape(GString *out, const char *s, size_t len);

#endif
