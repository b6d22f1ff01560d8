/* xchat/register.h — in-band registration (XEP-0077) over a raw
 * libstrophe connection, run by the link thread before it logs in.
 *
 * libstrophe 0.12.2 has no registration support and hides the
 * pre-authentication stream from user handlers, so registration uses its
 * "raw" connection: the link opens the stream itself, negotiates STARTTLS
 * and sends the jabber:iq:register get and set. Registration is only done
 * over TLS unless the account allows plain text on loopback.
 *
 * Everything here runs on the link thread, inside libstrophe callbacks.
 */
#ifndef XCHAT_REGISTER_H
#define XCHAT_REGISTER_H

#include <stdbool.h>
#include <strophe.h>

typedef struct reg reg_t;

/* Called once: ok, or the stanza error condition (e.g. "conflict") and a
 * sentence for the user. */
typedef void (*reg_done_fn)(void *ud, bool ok, const char *condition, const char *text);

/* Prepares registration of the JID's user part with `password`;
 * `tls_required` refuses to register over plain text. */
reg_t *reg_new(xmpp_conn_t *conn, const char *password, bool tls_required,
               reg_done_fn done, void *ud);
void reg_free(reg_t *r);

/* The raw connection's TCP (or direct TLS) link is up: open the stream. */
void reg_on_raw_connect(reg_t *r);

/* The server opened a stream (first time, or again after STARTTLS). */
void reg_on_stream_open(reg_t *r);

#endif
