/* xchat/hsluv.h — HSLuv, the perceptually uniform colour space XEP-0392
 * builds nick colours in (revision 4 of the published definition).
 *
 * Hue in degrees [0, 360), saturation and lightness in [0, 100]; sRGB
 * channels in [0, 1].
 */
#ifndef XCHAT_HSLUV_H
#define XCHAT_HSLUV_H

typedef struct {
    double r, g, b;
} hsluv_rgb_t;

typedef struct {
    double h, s, l;
} hsluv_hsl_t;

/* HSLuv to sRGB; channels are clamped to [0, 1]. */
hsluv_rgb_t hsluv_to_rgb(hsluv_hsl_t c);

/* sRGB to HSLuv; a grey has hue 0 and saturation 0. */
hsluv_hsl_t hsluv_from_rgb(hsluv_rgb_t c);

#endif
