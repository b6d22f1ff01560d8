/* server/limits.c — connection counts and failed-login scores per IP
 * address, in one hash table. An entry disappears when its address has
 * no connection left and its score has decayed.
 */
#include "config.h"

#include <glib.h>
#include <math.h>

#include "xchat/srv_limits.h"

/* Failed logins from one address before answers are delayed; the score
 * halves every HALF_LIFE seconds. */
#define FREE_FAILURES 10.0
#define HALF_LIFE 60.0
#define MAX_DELAY 30
/* Accounts one address may register before it must wait; that allowance
 * comes back with the same half-life per REG_HALF_LIFE seconds. */
#define FREE_REGISTRATIONS 5.0
#define REG_HALF_LIFE 600.0

typedef struct {
    unsigned conns;
    double score;     /* failed logins, decayed */
    double scored_at; /* when score was last updated */
    double regs;      /* registrations, decayed */
    double regs_at;
} addr_state_t;

struct srv_limits {
    unsigned max_total, max_per_address, total;
    GHashTable *addrs; /* address → addr_state_t */
};

srv_limits_t *srv_limits_new(unsigned max_total, unsigned max_per_address)
{
    srv_limits_t *l = g_new0(srv_limits_t, 1);
    l->max_total = max_total;
    l->max_per_address = max_per_address;
    l->addrs = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    return l;
}

void srv_limits_free(srv_limits_t *l)
{
    if (!l)
        return;
    g_hash_table_destroy(l->addrs);
    g_free(l);
}

static addr_state_t *state(srv_limits_t *l, const char *addr)
{
    addr_state_t *s = g_hash_table_lookup(l->addrs, addr);
    if (!s) {
        s = g_new0(addr_state_t, 1);
        g_hash_table_insert(l->addrs, g_strdup(addr), s);
    }
    return s;
}

static double decayed(const addr_state_t *s, double now)
{
    return s->score * exp2(-(now - s->scored_at) / HALF_LIFE);
}

const char *srv_limits_conn_open(srv_limits_t *l, const char *addr)
{
    if (l->total >= l->max_total)
        return "resource-constraint";
    addr_state_t *s = state(l, addr);
    if (s->conns >= l->max_per_address)
        return "policy-violation";
    s->conns++;
    l->total++;
    return NULL;
}

/* An entry that no longer counts anything. */
static double regs_decayed(const addr_state_t *s, double now)
{
    return s->regs * exp2(-(now - s->regs_at) / REG_HALF_LIFE);
}

static gboolean idle(gpointer key, gpointer value, gpointer now)
{
    (void)key;
    const addr_state_t *s = value;
    double t = *(double *)now;
    return s->conns == 0 && decayed(s, t) < 0.5 && regs_decayed(s, t) < 0.5;
}

void srv_limits_conn_close(srv_limits_t *l, const char *addr, double now)
{
    addr_state_t *s = g_hash_table_lookup(l->addrs, addr);
    if (!s || s->conns == 0)
        return;
    s->conns--;
    l->total--;
    if (idle(NULL, s, &now))
        g_hash_table_remove(l->addrs, addr);
    /* Scores of addresses that went away linger until they decay; sweep
     * them now and then so that many guessing addresses cannot grow the
     * table without bound. */
    if (g_hash_table_size(l->addrs) > 2 * l->total + 4096)
        g_hash_table_foreach_remove(l->addrs, idle, &now);
}

unsigned srv_limits_auth_failed(srv_limits_t *l, const char *addr, double now)
{
    addr_state_t *s = state(l, addr);
    s->score = decayed(s, now) + 1.0;
    s->scored_at = now;
    if (s->score <= FREE_FAILURES)
        return 0;
    double delay = exp2(s->score - FREE_FAILURES - 1.0);
    return delay >= MAX_DELAY ? MAX_DELAY : (unsigned)ceil(delay);
}

bool srv_limits_may_register(srv_limits_t *l, const char *addr, double now)
{
    addr_state_t *s = state(l, addr);
    double regs = regs_decayed(s, now);
    if (regs + 1.0 > FREE_REGISTRATIONS)
        return false;
    s->regs = regs + 1.0;
    s->regs_at = now;
    return true;
}
