/* xchat/nickcolor.h — a consistent colour per nick (XEP-0392).
 *
 * The same identifier gets the same colour in every window, in every
 * session and in every client that implements XEP-0392: SHA-1 of the
 * identifier gives a hue angle, optionally moved away from hues a
 * colour-vision deficiency confuses, then HSLuv at saturation 100 and
 * lightness 50 gives the colour, and the XEP's palette mapping picks the
 * nearest colour the terminal has. Pass the bare JID (normalised, as for
 * comparison) where it is known, else the nick (XEP-0392 §3.2).
 */
#ifndef XCHAT_NICKCOLOR_H
#define XCHAT_NICKCOLOR_H

#include <stdbool.h>
#include <stddef.h>

#include "xchat/hsluv.h"

typedef enum {
    NICKCOLOR_CVD_NONE,
    NICKCOLOR_CVD_RED_GREEN,
    NICKCOLOR_CVD_BLUE
} nickcolor_cvd_t;

/* The hue angle of `id` (UTF-8) in degrees, [0, 360) (XEP-0392 §5.1). */
double nickcolor_angle(const char *id);

/* The angle after the correction for `cvd` (XEP-0392 §5.2). */
double nickcolor_correct(double angle, nickcolor_cvd_t cvd);

/* The colour of a hue: HSLuv with saturation 100, lightness 50. */
hsluv_rgb_t nickcolor_rgb(double hue);

/* "none", "red-green" or "blue" (the [ui] color_blindness option). */
bool nickcolor_cvd_parse(const char *s, nickcolor_cvd_t *out);

/* A palette mapped to hues (XEP-0392 §5.5): `rgb[i]` is the colour of
 * terminal colour number `index[i]`; greys are left out. */
typedef struct nickcolor_palette nickcolor_palette_t;

nickcolor_palette_t *nickcolor_palette_new(const hsluv_rgb_t *rgb, const int *index, size_t n);
void nickcolor_palette_free(nickcolor_palette_t *p);

/* The terminal colour number of the palette colour nearest to `hue`
 * (XEP-0392 §5.6), and its RGB when `rgb` is not NULL. */
int nickcolor_palette_pick(const nickcolor_palette_t *p, double hue, hsluv_rgb_t *rgb);

/* What the UI holds: the palette of the terminal and the user's
 * correction. */
typedef struct nickcolor nickcolor_t;

/* `colors` is what the terminal reports (COLORS): 256 or more uses the
 * xterm 6x6x6 cube (16..231); 8 or more the six non-grey ANSI colours
 * (1..6); fewer gives no colour (nickcolor_pick returns -1). */
nickcolor_t *nickcolor_new(int colors, nickcolor_cvd_t cvd);
void nickcolor_free(nickcolor_t *nc);

/* The terminal colour number for `id`, or -1 for none. */
int nickcolor_pick(const nickcolor_t *nc, const char *id);

/* The terminal colour number nearest to a hue (no correction), or -1. */
int nickcolor_pick_hue(const nickcolor_t *nc, double hue);

#endif
