/* xchat/srv_stream.h — stream negotiation (RFC 6120 §4–§7): header checks,
 * stream features, STARTTLS, SASL and binding, then handing stanzas of a
 * bound stream to the router.
 */
#ifndef XCHAT_SRV_STREAM_H
#define XCHAT_SRV_STREAM_H

#include "xchat/srv_conn.h"
#include "xchat/srv_parser.h"

/* The parser callbacks of every client stream (user data: srv_conn_t *). */
extern const srv_parser_cb_t srv_stream_parser_cb;

/* Writes our stream header (a fresh stream id each time). */
void srv_stream_write_header(srv_conn_t *c);

/* Writes <stream:error> with a condition and an optional text. */
void srv_stream_write_error(srv_conn_t *c, const char *cond, const char *text);

/* Sends an XEP-0199 ping to an idle client. */
void srv_stream_send_ping(srv_conn_t *c);

#endif
