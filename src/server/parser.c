/* server/parser.c — expat glue for one XML stream: builds a tree per
 * stanza, enforces RFC 6120 §11 restricted XML and the stanza byte limit.
 * Set-up follows libstrophe-0.12.md §11 (namespace-aware, reparse deferral
 * off, DOCTYPE/comments/PIs/entity declarations refused).
 */
#include "config.h"

#include <expat.h>
#include <string.h>
#include <sys/mman.h>

#include "xchat/srv_parser.h"

#define NS_SEP '\x1f'
/* Deeper nesting than any real stanza needs; it also bounds the recursion
 * of the tree functions. */
#define MAX_DEPTH 128

typedef struct region region_t;

struct srv_parser {
    XML_Parser xp;
    region_t *mem;           /* where this stream's expat keeps its state */
    const srv_parser_cb_t *cb;
    void *ud;
    size_t max_stanza;
    int depth;               /* 0 before the stream header, 1 inside the stream */
    GPtrArray *stack;        /* open elements of the current stanza */
    char *content_ns;        /* default namespace declared on the stream header */
    XML_Index fed;           /* bytes given to expat so far */
    XML_Index mark;          /* where the current top-level item started */
    XML_Index stop_at;       /* where a suspension took effect */
    bool failed, suspended;
    bool replaying;          /* feeding the stream header again after hibernation */
    GPtrArray *decls;        /* prefix ("" for default), URI … declared on the stream header */
    char *stream_qname;      /* the header's element name as the client wrote it */
    char utf8_tail[4];       /* an incomplete UTF-8 sequence from the last feed */
    size_t utf8_tail_len;
};

static void fail(srv_parser_t *p, const char *cond, const char *text)
{
    if (p->failed)
        return;
    p->failed = true;
    if (p->xp)
        XML_StopParser(p->xp, XML_FALSE);
    if (p->cb->error)
        p->cb->error(p->ud, cond, text);
}

/* "uri\x1flocal[\x1fprefix]" or "local" (expat with namespace triplets)
 * into uri (NULL when absent) and local name (g_free both). */
static char *split_name(const char *qname, char **uri)
{
    const char *sep = strchr(qname, NS_SEP);
    if (!sep) {
        *uri = NULL;
        return g_strdup(qname);
    }
    *uri = g_strndup(qname, sep - qname);
    const char *local = sep + 1, *end = strchr(local, NS_SEP);
    return end ? g_strndup(local, end - local) : g_strdup(local);
}

/* An attribute name as srv_xml keeps it: "xml:lang", "uri\x1fname" for
 * other namespaced ones (the prefix of the triplet dropped), else as is. */
static char *attr_name(const char *qname)
{
    const char *sep = strchr(qname, NS_SEP);
    if (!sep)
        return g_strdup(qname);
    const char *end = strchr(sep + 1, NS_SEP);
    size_t local_len = end ? (size_t)(end - sep - 1) : strlen(sep + 1);
    if ((size_t)(sep - qname) == strlen(SRV_NS_XML) && strncmp(qname, SRV_NS_XML, sep - qname) == 0)
        return g_strdup_printf("xml:%.*s", (int)local_len, sep + 1);
    return g_strndup(qname, (sep - qname) + 1 + local_len);
}

static void set_attrs(srv_xml_t *el, const XML_Char **atts)
{
    for (int i = 0; atts[i]; i += 2) {
        char *n = attr_name(atts[i]);
        srv_xml_set_attr(el, n, atts[i + 1]);
        g_free(n);
    }
}

/* The element name as written: "prefix:local" or "local". */
static char *written_name(const char *qname)
{
    char *uri, *local = split_name(qname, &uri);
    const char *prefix = NULL;
    const char *sep = strchr(qname, NS_SEP);
    if (sep)
        prefix = strchr(sep + 1, NS_SEP);
    char *r = prefix ? g_strdup_printf("%s:%s", prefix + 1, local) : g_strdup(local);
    g_free(uri);
    g_free(local);
    return r;
}

static void open_stream(srv_parser_t *p, const XML_Char *qname, const XML_Char **atts)
{
    p->depth = 1;
    if (p->replaying)
        return; /* the header again, after hibernation: nothing new */
    g_free(p->stream_qname);
    p->stream_qname = written_name(qname);
    char *uri, *local = split_name(qname, &uri);
    srv_xml_t tmp = {0};
    set_attrs(&tmp, atts);
    srv_stream_header_t h = {
        .ns = uri, .name = local, .content_ns = p->content_ns,
        .to = srv_xml_attr(&tmp, "to"), .from = srv_xml_attr(&tmp, "from"),
        .version = srv_xml_attr(&tmp, "version"), .lang = srv_xml_attr(&tmp, "xml:lang"),
    };
    p->mark = XML_GetCurrentByteIndex(p->xp) + XML_GetCurrentByteCount(p->xp);
    if (p->cb->open)
        p->cb->open(p->ud, &h);
    if (tmp.attrs)
        g_ptr_array_free(tmp.attrs, TRUE);
    g_free(uri);
    g_free(local);
}

static void XMLCALL on_start(void *ud, const XML_Char *qname, const XML_Char **atts)
{
    srv_parser_t *p = ud;
    if (p->depth == 0) {
        open_stream(p, qname, atts);
        return;
    }
    if (p->stack->len >= MAX_DEPTH) {
        fail(p, "policy-violation", "elements nested too deep");
        return;
    }
    if (p->stack->len == 0)
        p->mark = XML_GetCurrentByteIndex(p->xp);
    else if ((size_t)(XML_GetCurrentByteIndex(p->xp) - p->mark) > p->max_stanza) {
        fail(p, "policy-violation", "stanza too large");
        return;
    }
    srv_xml_t *el = g_new0(srv_xml_t, 1);
    el->name = split_name(qname, &el->ns);
    set_attrs(el, atts);
    if (p->stack->len)
        srv_xml_append(g_ptr_array_index(p->stack, p->stack->len - 1), el);
    g_ptr_array_add(p->stack, el);
}

static void XMLCALL on_end(void *ud, const XML_Char *qname)
{
    (void)qname;
    srv_parser_t *p = ud;
    if (p->stack->len == 0) { /* </stream:stream> */
        p->depth = 0;
        if (p->cb->close)
            p->cb->close(p->ud);
        return;
    }
    srv_xml_t *el = g_ptr_array_steal_index(p->stack, p->stack->len - 1);
    if (p->stack->len > 0)
        return; /* a child: it stays in its parent */
    XML_Index end = XML_GetCurrentByteIndex(p->xp) + XML_GetCurrentByteCount(p->xp);
    if ((size_t)(end - p->mark) > p->max_stanza) {
        /* It arrived whole in one read: refused all the same. */
        srv_xml_free(el);
        fail(p, "policy-violation", "stanza too large");
        return;
    }
    p->mark = end;
    if (p->cb->stanza)
        p->cb->stanza(p->ud, el);
    else
        srv_xml_free(el);
}

static void XMLCALL on_text(void *ud, const XML_Char *s, int len)
{
    srv_parser_t *p = ud;
    if (p->stack->len) {
        srv_xml_add_text(g_ptr_array_index(p->stack, p->stack->len - 1), s, len);
        return;
    }
    /* Whitespace between stanzas (keep-alives, RFC 6120 §4.6.1): it
     * counts towards no stanza. */
    p->mark = XML_GetCurrentByteIndex(p->xp) + XML_GetCurrentByteCount(p->xp);
}

static void XMLCALL on_ns_decl(void *ud, const XML_Char *prefix, const XML_Char *uri)
{
    srv_parser_t *p = ud;
    if (p->depth != 0 || p->replaying)
        return;
    if (!prefix) {
        g_free(p->content_ns);
        p->content_ns = g_strdup(uri ? uri : "");
    }
    g_ptr_array_add(p->decls, g_strdup(prefix ? prefix : ""));
    g_ptr_array_add(p->decls, g_strdup(uri ? uri : ""));
}

static void XMLCALL on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
                               const XML_Char *pubid, int has_internal)
{
    (void)name, (void)sysid, (void)pubid, (void)has_internal;
    fail(ud, "restricted-xml", "DTDs are not allowed in XMPP");
}

static void XMLCALL on_comment(void *ud, const XML_Char *data)
{
    (void)data;
    fail(ud, "restricted-xml", "comments are not allowed in XMPP");
}

static void XMLCALL on_pi(void *ud, const XML_Char *target, const XML_Char *data)
{
    (void)target, (void)data;
    fail(ud, "restricted-xml", "processing instructions are not allowed in XMPP");
}

static void XMLCALL on_entity(void *ud, const XML_Char *name, int is_param,
                              const XML_Char *value, int value_len, const XML_Char *base,
                              const XML_Char *sysid, const XML_Char *pubid,
                              const XML_Char *notation)
{
    (void)name, (void)is_param, (void)value, (void)value_len, (void)base, (void)sysid;
    (void)pubid, (void)notation;
    fail(ud, "restricted-xml", "entity declarations are not allowed in XMPP");
}

static void XMLCALL on_xmldecl(void *ud, const XML_Char *version, const XML_Char *encoding,
                               int standalone)
{
    (void)standalone;
    if (encoding && g_ascii_strcasecmp(encoding, "UTF-8") != 0)
        fail(ud, "unsupported-encoding", "XMPP streams are UTF-8");
    else if (version && strcmp(version, "1.0") != 0)
        fail(ud, "unsupported-version", "XML 1.0 only");
}


/* ---- expat's memory ----------------------------------------------------
 * A stream's expat makes about forty small allocations (≈ 11 KB) when it
 * starts. From the shared heap they land between the TLS and session
 * records of the connections that logged in at the same time, so freeing
 * them when the stream goes idle (srv_parser_hibernate) left holes that
 * no page could be given back from: measured with 3,000 idle clients,
 * hibernation saved 1.5 KiB of the 11.6 KiB per connection. Each stream's
 * expat therefore gets its own small mapping, given back whole to the
 * system when the parser goes. Inside it blocks are handed out in order;
 * only the newest can be freed or grown in place (expat recycles its own
 * tags, bindings and pool blocks, so little is left behind), and what does
 * not fit goes to the heap as before. */

#define REGION_SIZE (16 * 1024)
#define REGION_ALIGN 16

struct region {
    size_t top;  /* first free byte */
    size_t last; /* where the newest block's header is; 0: none can grow */
};

/* Sixteen bytes: blocks keep malloc's alignment (mappings are page
 * aligned, offsets multiples of 16). */
typedef struct {
    region_t *region; /* NULL: the block came from malloc */
    size_t size;
} block_t;
_Static_assert(sizeof(block_t) == REGION_ALIGN, "a block header keeps 16-byte alignment");

/* The region expat's allocations go to during a call into it on this
 * thread (calls nest: a stanza callback may parse a stored element). */
static _Thread_local region_t *current_region;

#define ROUND_UP(n) (((n) + REGION_ALIGN - 1) & ~(size_t)(REGION_ALIGN - 1))
#define FIRST_BLOCK ROUND_UP(sizeof(region_t))

static region_t *region_new(void)
{
#if defined(__SANITIZE_ADDRESS__)
    return NULL; /* AddressSanitizer checks expat's blocks only on the heap */
#else
    void *m = mmap(NULL, REGION_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED)
        return NULL; /* e.g. the map count limit: the heap will do */
    region_t *r = m;
    r->top = FIRST_BLOCK;
    r->last = 0;
    return r;
#endif
}

static void region_free(region_t *r)
{
    if (r)
        munmap(r, REGION_SIZE);
}

static void *block_in(region_t *r, size_t n)
{
    size_t need = sizeof(block_t) + ROUND_UP(n);
    if (!r || n > REGION_SIZE || need > REGION_SIZE - r->top)
        return NULL;
    block_t *b = (block_t *)((char *)r + r->top);
    b->region = r;
    b->size = n;
    r->last = r->top;
    r->top += need;
    return b + 1;
}

static void *block_on_heap(size_t n)
{
    block_t *b = n < SIZE_MAX - sizeof(block_t) ? malloc(sizeof(block_t) + n) : NULL;
    if (!b)
        return NULL;
    b->region = NULL;
    b->size = n;
    return b + 1;
}

static bool is_newest(const block_t *b)
{
    return b->region->last && (const char *)b == (const char *)b->region + b->region->last;
}

static void *XMLCALL mem_malloc(size_t n)
{
    void *p = block_in(current_region, n);
    return p ? p : block_on_heap(n);
}

static void XMLCALL mem_free(void *p)
{
    if (!p)
        return;
    block_t *b = (block_t *)p - 1;
    if (!b->region) {
        free(b);
    } else if (is_newest(b)) {
        b->region->top = b->region->last;
        b->region->last = 0;
    }
}

static void *XMLCALL mem_realloc(void *p, size_t n)
{
    if (!p)
        return mem_malloc(n);
    block_t *b = (block_t *)p - 1;
    if (!b->region) {
        block_t *nb = n < SIZE_MAX - sizeof(block_t) ? realloc(b, sizeof(block_t) + n) : NULL;
        if (!nb)
            return NULL;
        nb->size = n;
        return nb + 1;
    }
    region_t *r = b->region;
    if (is_newest(b) && n <= REGION_SIZE && sizeof(block_t) + ROUND_UP(n) <= REGION_SIZE - r->last) {
        b->size = n;
        r->top = r->last + sizeof(block_t) + ROUND_UP(n);
        return p;
    }
    void *q = block_in(r, n);
    if (!q)
        q = block_on_heap(n);
    if (!q)
        return NULL;
    memcpy(q, p, MIN(b->size, n));
    mem_free(p);
    return q;
}

static const XML_Memory_Handling_Suite expat_memory = {mem_malloc, mem_realloc, mem_free};

/* Brackets every call into a stream's expat that may allocate. */
#define WITH_REGION(p, call)                                                                  \
    do {                                                                                      \
        region_t *saved_ = current_region;                                                    \
        current_region = (p)->mem;                                                            \
        call;                                                                                 \
        current_region = saved_;                                                              \
    } while (0)

static void free_expat(srv_parser_t *p)
{
    XML_ParserFree(p->xp);
    p->xp = NULL;
    region_free(p->mem);
    p->mem = NULL;
}

/* `own_memory`: a stream's parser, which lives long enough to be worth a
 * mapping of its own (see above); a one-off one stays on the heap. */
static XML_Parser make_expat(srv_parser_t *p, bool own_memory)
{
    static const XML_Char sep[2] = {NS_SEP, 0};
    p->mem = own_memory ? region_new() : NULL;
    XML_Parser xp;
    WITH_REGION(p, xp = XML_ParserCreate_MM(NULL, &expat_memory, sep));
    if (!xp) {
        region_free(p->mem);
        p->mem = NULL;
        return NULL;
    }
    XML_SetUserData(xp, p);
    /* Triplets give prefixes too: the stream header can then be rebuilt
     * exactly when the parser wakes from hibernation. */
    XML_SetReturnNSTriplet(xp, XML_TRUE);
    XML_SetElementHandler(xp, on_start, on_end);
    XML_SetCharacterDataHandler(xp, on_text);
    XML_SetStartNamespaceDeclHandler(xp, on_ns_decl);
    XML_SetStartDoctypeDeclHandler(xp, on_doctype);
    XML_SetCommentHandler(xp, on_comment);
    XML_SetProcessingInstructionHandler(xp, on_pi);
    XML_SetEntityDeclHandler(xp, on_entity);
    XML_SetXmlDeclHandler(xp, on_xmldecl);
#if HAVE_DECL_XML_SETREPARSEDEFERRALENABLED
    /* Report a start tag as soon as it is complete, not when more input
     * happens to arrive (CVE-2023-52425 backport behaviour). */
    XML_SetReparseDeferralEnabled(xp, XML_FALSE);
#endif
    return xp;
}

static srv_parser_t *parser_new(const srv_parser_cb_t *cb, void *ud, size_t max_stanza,
                                bool own_memory)
{
    srv_parser_t *p = g_new0(srv_parser_t, 1);
    p->cb = cb;
    p->ud = ud;
    p->max_stanza = max_stanza;
    p->stack = g_ptr_array_new();
    p->decls = g_ptr_array_new_with_free_func(g_free);
    p->xp = make_expat(p, own_memory);
    if (!p->xp) {
        srv_parser_free(p);
        return NULL;
    }
    return p;
}

srv_parser_t *srv_parser_new(const srv_parser_cb_t *cb, void *ud, size_t max_stanza)
{
    return parser_new(cb, ud, max_stanza, true);
}

void srv_parser_free(srv_parser_t *p)
{
    if (!p)
        return;
    if (p->xp)
        free_expat(p);
    if (p->stack->len)
        srv_xml_free(g_ptr_array_index(p->stack, 0));
    g_ptr_array_free(p->stack, TRUE);
    g_ptr_array_free(p->decls, TRUE);
    g_free(p->content_ns);
    g_free(p->stream_qname);
    g_free(p);
}

bool srv_parser_hibernate(srv_parser_t *p)
{
    if (!p->xp || p->failed || p->suspended || p->depth != 1 || p->stack->len ||
        p->fed != p->mark || p->utf8_tail_len || !p->stream_qname)
        return false;
    free_expat(p);
    return true;
}

/* A new expat positioned just inside the stream: the header is fed again
 * (no callback sees it) with the same name and namespace declarations. */
static bool wake(srv_parser_t *p)
{
    GString *h = g_string_new("<");
    g_string_append(h, p->stream_qname);
    for (guint i = 0; i + 1 < p->decls->len; i += 2) {
        const char *prefix = g_ptr_array_index(p->decls, i), *uri = g_ptr_array_index(p->decls, i + 1);
        g_string_append_printf(h, *prefix ? " xmlns:%s='" : " xmlns%s='", prefix);
        srv_xml_escape(h, uri, strlen(uri));
        g_string_append_c(h, '\'');
    }
    g_string_append_c(h, '>');
    p->xp = make_expat(p, true);
    p->depth = 0; /* the header opens the stream again */
    p->replaying = true;
    bool ok = false;
    if (p->xp)
        WITH_REGION(p, ok = XML_Parse(p->xp, h->str, (int)h->len, XML_FALSE) == XML_STATUS_OK);
    p->replaying = false;
    p->fed = p->mark = (XML_Index)h->len;
    g_string_free(h, TRUE);
    return ok;
}

void srv_parser_suspend(srv_parser_t *p)
{
    if (p->failed || p->suspended)
        return;
    p->suspended = true;
    if (!p->xp)
        return;
    p->stop_at = XML_GetCurrentByteIndex(p->xp) + XML_GetCurrentByteCount(p->xp);
    XML_StopParser(p->xp, XML_TRUE);
}

/* RFC 6120 §11.6: only UTF-8. Checked ahead of expat so that other bytes
 * get "unsupported-encoding" rather than a generic parse error. A
 * sequence cut by the end of a read is carried to the next one. NUL is
 * left to expat (not-well-formed). */
static bool utf8_ok(srv_parser_t *p, const char *buf, size_t len)
{
    char joined[8];
    size_t had = p->utf8_tail_len;
    if (had) {
        size_t take = MIN(len, sizeof joined - had);
        memcpy(joined, p->utf8_tail, had);
        memcpy(joined + had, buf, take);
        gunichar c = g_utf8_get_char_validated(joined, had + take);
        if (c == (gunichar)-1)
            return false;
        if (c == (gunichar)-2) { /* still incomplete */
            memcpy(p->utf8_tail, joined, had + take);
            p->utf8_tail_len = had + take;
            return had + take < 4;
        }
        size_t used = g_utf8_next_char(joined) - joined - had;
        buf += used;
        len -= used;
        p->utf8_tail_len = 0;
    }
    while (len) {
        const char *end;
        if (g_utf8_validate(buf, len, &end))
            return true;
        size_t left = len - (end - buf);
        if (*end == '\0') { /* a NUL: expat rejects it itself */
            buf = end + 1;
            len = left - 1;
            continue;
        }
        if (left < 4 && g_utf8_get_char_validated(end, left) == (gunichar)-2) {
            memcpy(p->utf8_tail, end, left);
            p->utf8_tail_len = left;
            return true;
        }
        return false;
    }
    return true;
}

static srv_parse_status_t status_after(srv_parser_t *p, enum XML_Status st)
{
    if (p->failed)
        return SRV_PARSE_ERROR;
    if (st == XML_STATUS_SUSPENDED)
        return SRV_PARSE_SUSPENDED;
    if (st == XML_STATUS_ERROR) {
        enum XML_Error e = XML_GetErrorCode(p->xp);
        fail(p, e == XML_ERROR_UNBOUND_PREFIX ? "bad-namespace-prefix" : "not-well-formed",
             XML_ErrorString(e));
        return SRV_PARSE_ERROR;
    }
    if ((size_t)(p->fed - p->mark) > p->max_stanza) {
        fail(p, "policy-violation", "stanza too large");
        return SRV_PARSE_ERROR;
    }
    return SRV_PARSE_OK;
}

srv_parse_status_t srv_parser_feed(srv_parser_t *p, const char *buf, size_t len,
                                   size_t *consumed)
{
    *consumed = len;
    if (p->failed)
        return SRV_PARSE_ERROR;
    /* Whitespace ahead of a new stream (a client's line end after <auth/>
     * or a keep-alive before the restart) is not part of it: an XML
     * declaration must come first for expat. */
    size_t skipped = 0;
    while (p->fed == 0 && len && g_ascii_isspace(*buf)) {
        buf++;
        len--;
        skipped++;
    }
    if (!p->xp && !wake(p)) {
        fail(p, "internal-server-error", "the stream parser could not resume");
        return SRV_PARSE_ERROR;
    }
    if (!utf8_ok(p, buf, len)) {
        fail(p, "unsupported-encoding", "XMPP streams are UTF-8");
        return SRV_PARSE_ERROR;
    }
    XML_Index before = p->fed;
    p->fed += len;
    enum XML_Status st;
    WITH_REGION(p, st = XML_Parse(p->xp, buf, (int)len, XML_FALSE));
    srv_parse_status_t r = status_after(p, st);
    if (r == SRV_PARSE_SUSPENDED)
        *consumed = skipped + (size_t)(p->stop_at - before);
    return r;
}

/* ---- standalone elements ---------------------------------------------- */

typedef struct {
    srv_xml_t *root;
    bool bad;
} fragment_t;

static void fragment_stanza(void *ud, srv_xml_t *el)
{
    fragment_t *f = ud;
    if (f->root) {
        f->bad = true;
        srv_xml_free(el);
    } else {
        f->root = el;
    }
}

static void fragment_error(void *ud, const char *cond, const char *text)
{
    (void)cond, (void)text;
    ((fragment_t *)ud)->bad = true;
}

srv_xml_t *srv_xml_parse(const char *s, size_t len)
{
    static const srv_parser_cb_t cb = {.stanza = fragment_stanza, .error = fragment_error};
    fragment_t f = {0};
    srv_parser_t *p = parser_new(&cb, &f, len + 1, false);
    if (!p)
        return NULL;
    p->depth = 1; /* as if inside a stream: the element is a "stanza" */
    p->fed = len;
    enum XML_Status st;
    WITH_REGION(p, st = XML_Parse(p->xp, s, (int)len, XML_TRUE)); /* p->mem is NULL: the heap */
    if (st != XML_STATUS_OK)
        f.bad = true;
    srv_parser_free(p);
    if (f.bad || !f.root) {
        srv_xml_free(f.root);
        return NULL;
    }
    return f.root;
}
