/* ui/nickcolor.c — XEP-0392 consistent colours for nicks and JIDs, mapped
 * to the colours a terminal has (the 6x6x6 cube of 256-colour terminals,
 * or the six ANSI hues).
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib.h>

#include "xchat/nickcolor.h"

double nickcolor_angle(const char *id)
{
    guint8 digest[20];
    gsize len = sizeof digest;
    GChecksum *sum = g_checksum_new(G_CHECKSUM_SHA1);
    g_checksum_update(sum, (const guchar *)(id ? id : ""), -1);
    g_checksum_get_digest(sum, digest, &len);
    g_checksum_free(sum);
    /* the first two bytes, little endian */
    return (double)(digest[0] | (digest[1] << 8)) / 65536.0 * 360.0;
}

/* a mod m in [0, m), whatever the sign of a. */
static double fmod_pos(double a, double m)
{
    double r = fmod(a, m);
    return r < 0 ? r + m : r;
}

double nickcolor_correct(double angle, nickcolor_cvd_t cvd)
{
    switch (cvd) {
    case NICKCOLOR_CVD_RED_GREEN:
        return fmod_pos(fmod_pos(angle + 90, 180) - 90, 360);
    case NICKCOLOR_CVD_BLUE:
        return fmod_pos(angle, 180);
    case NICKCOLOR_CVD_NONE:
        break;
    }
    return angle;
}

hsluv_rgb_t nickcolor_rgb(double hue)
{
    return hsluv_to_rgb((hsluv_hsl_t){hue, 100, 50});
}

bool nickcolor_cvd_parse(const char *s, nickcolor_cvd_t *out)
{
    static const char *const names[] = {"none", "red-green", "blue"};
    for (size_t i = 0; s && i < G_N_ELEMENTS(names); i++)
        if (!strcmp(s, names[i])) {
            *out = (nickcolor_cvd_t)i;
            return true;
        }
    return false;
}

/* ---- palettes ---------------------------------------------------------- */

typedef struct {
    double l;    /* lightness, to choose between colours of the same hue */
    int index;   /* terminal colour number */
    hsluv_rgb_t rgb;
    bool used;
} slot_t;

/* One slot per whole degree of hue (XEP-0392 §5.5); a hue that rounds
 * to 360 has its own slot, as in the XEP's reference mapping. */
#define SLOTS 361
struct nickcolor_palette {
    slot_t slot[SLOTS];
};

/* The lightness the XEP prefers when two colours share a hue. */
#define PREFERRED_L 73.2

nickcolor_palette_t *nickcolor_palette_new(const hsluv_rgb_t *rgb, const int *index, size_t n)
{
    nickcolor_palette_t *p = g_new0(nickcolor_palette_t, 1);
    for (size_t i = 0; i < n; i++) {
        if (rgb[i].r == rgb[i].g && rgb[i].g == rgb[i].b)
            continue; /* greys have no hue */
        hsluv_hsl_t hsl = hsluv_from_rgb(rgb[i]);
        long h = lround(hsl.h);
        slot_t *s = &p->slot[h];
        if (!s->used || fabs(s->l - PREFERRED_L) > fabs(hsl.l - PREFERRED_L))
            *s = (slot_t){hsl.l, index[i], rgb[i], true};
    }
    return p;
}

void nickcolor_palette_free(nickcolor_palette_t *p)
{
    g_free(p);
}

int nickcolor_palette_pick(const nickcolor_palette_t *p, double hue, hsluv_rgb_t *rgb)
{
    const slot_t *best = NULL;
    long exact = lround(hue);
    if (exact >= 0 && exact < SLOTS && p->slot[exact].used) {
        best = &p->slot[exact];
    } else {
        double best_d = INFINITY;
        for (int b = 0; b < SLOTS; b++) {
            double d = fmin(fmod_pos(hue - b, 360), fmod_pos(b - hue, 360));
            if (p->slot[b].used && d < best_d) {
                best_d = d;
                best = &p->slot[b];
            }
        }
    }
    if (!best)
        return -1;
    if (rgb)
        *rgb = best->rgb;
    return best->index;
}

/* ---- terminal palettes --------------------------------------------------- */

struct nickcolor {
    nickcolor_palette_t *palette; /* NULL: no colour */
    nickcolor_cvd_t cvd;
};

/* xterm's 256-colour cube: colour 16 + 36r + 6g + b, levels below. */
static nickcolor_palette_t *cube_palette(void)
{
    static const int level[6] = {0, 95, 135, 175, 215, 255};
    hsluv_rgb_t rgb[216];
    int index[216];
    for (int i = 0; i < 216; i++) {
        rgb[i] = (hsluv_rgb_t){level[i / 36] / 255.0, level[i / 6 % 6] / 255.0,
                               level[i % 6] / 255.0};
        index[i] = 16 + i;
    }
    return nickcolor_palette_new(rgb, index, 216);
}

/* The ANSI colours red, green, yellow, blue, magenta, cyan (1..6); their
 * exact shades vary by terminal, their hues do not. */
static nickcolor_palette_t *ansi_palette(void)
{
    hsluv_rgb_t rgb[6];
    int index[6];
    for (int i = 0; i < 6; i++) {
        int n = i + 1;
        rgb[i] = (hsluv_rgb_t){n & 1, (n >> 1) & 1, (n >> 2) & 1};
        index[i] = n;
    }
    return nickcolor_palette_new(rgb, index, 6);
}

nickcolor_t *nickcolor_new(int colors, nickcolor_cvd_t cvd)
{
    nickcolor_t *nc = g_new0(nickcolor_t, 1);
    nc->cvd = cvd;
    if (colors >= 256)
        nc->palette = cube_palette();
    else if (colors >= 8)
        nc->palette = ansi_palette();
    return nc;
}

void nickcolor_free(nickcolor_t *nc)
{
    if (!nc)
        return;
    nickcolor_palette_free(nc->palette);
    g_free(nc);
}

int nickcolor_pick_hue(const nickcolor_t *nc, double hue)
{
    return nc->palette ? nickcolor_palette_pick(nc->palette, hue, NULL) : -1;
}

int nickcolor_pick(const nickcolor_t *nc, const char *id)
{
    return nickcolor_pick_hue(nc, nickcolor_correct(nickcolor_angle(id), nc->cvd));
}
