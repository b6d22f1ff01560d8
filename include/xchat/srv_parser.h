/* xchat/srv_parser.h — one XML stream (RFC 6120 §4, §11) parsed with expat.
 *
 * Bytes go in as they arrive; the stream header, each complete stanza (as
 * an srv_xml tree) and the end of the stream come out through callbacks.
 * Restricted XML is enforced here: a DOCTYPE, comment, processing
 * instruction or entity declaration gives "restricted-xml", bytes that are
 * not UTF-8 (or an XML declaration naming another encoding)
 * "unsupported-encoding", malformed XML "not-well-formed", an undeclared
 * prefix "bad-namespace-prefix", and a stanza (or unfinished tag) longer
 * than the byte limit or nested too deep "policy-violation". After an
 * error no further callback is made.
 *
 * A parser serves one stream: after STARTTLS or SASL success the caller
 * frees it and makes a new one, outside the callbacks (srv_parser_suspend
 * lets a callback stop the feed at the element that asked for it).
 */
#ifndef XCHAT_SRV_PARSER_H
#define XCHAT_SRV_PARSER_H

#include <stdbool.h>
#include <stddef.h>

#include "xchat/srv_xml.h"

typedef struct {
    const char *ns;         /* namespace of the root element */
    const char *name;       /* its local name (should be "stream") */
    const char *content_ns; /* the default namespace declared on it, or NULL */
    const char *to, *from, *version, *lang;
} srv_stream_header_t;

typedef struct {
    void (*open)(void *ud, const srv_stream_header_t *h);
    void (*stanza)(void *ud, srv_xml_t *el); /* the callee owns el */
    void (*close)(void *ud);
    void (*error)(void *ud, const char *condition, const char *text);
} srv_parser_cb_t;

typedef enum {
    SRV_PARSE_OK,        /* everything fed was consumed */
    SRV_PARSE_SUSPENDED, /* a callback called srv_parser_suspend */
    SRV_PARSE_ERROR,     /* the error callback has been called */
} srv_parse_status_t;

typedef struct srv_parser srv_parser_t;

/* `max_stanza` is the byte limit of one top-level element (the stream
 * header included). `cb` must outlive the parser. */
srv_parser_t *srv_parser_new(const srv_parser_cb_t *cb, void *ud, size_t max_stanza);
void srv_parser_free(srv_parser_t *p);

/* Parses `len` bytes. *consumed says how many were used: all of them
 * unless the result is SRV_PARSE_SUSPENDED, when the rest belongs to
 * whatever comes next (a new parser, or nothing). */
srv_parse_status_t srv_parser_feed(srv_parser_t *p, const char *buf, size_t len,
                                   size_t *consumed);

/* From inside a callback: stop after the current element. */
void srv_parser_suspend(srv_parser_t *p);

/* Frees the XML parser's state while the stream sits between stanzas with
 * nothing unparsed (an idle client then costs a few hundred bytes here
 * instead of about ten kilobytes); the next feed rebuilds it, exactly as
 * it was. Returns false, changing nothing, when that is not possible. */
bool srv_parser_hibernate(srv_parser_t *p);

/* Parses one standalone element (a stored stanza, for example) into a
 * tree, or returns NULL when it is not one well-formed element. */
srv_xml_t *srv_xml_parse(const char *s, size_t len);

#endif
