/* ui/hsluv.c — conversions between sRGB and HSLuv (CIE LCh(uv) with the
 * chroma scaled to what sRGB can show at each lightness and hue), written
 * from the published definition for XEP-0392 nick colours.
 */
#include "config.h"

#include <math.h>

#include "xchat/hsluv.h"

/* sRGB (D65) <-> CIE XYZ. */
static const double to_rgb[3][3] = {
    {3.240969941904521, -1.537383177570093, -0.498610760293},
    {-0.96924363628087, 1.87596750150772, 0.041555057407175},
    {0.055630079696993, -0.20397695888897, 1.056971514242878},
};
static const double to_xyz[3][3] = {
    {0.41239079926595, 0.35758433938387, 0.18048078840183},
    {0.21263900587151, 0.71516867876775, 0.072192315360733},
    {0.019330818715591, 0.11919477979462, 0.95053215224966},
};

#define REF_U 0.19783000664283
#define REF_V 0.46831999493879
#define KAPPA 903.2962962
#define EPSILON 0.0088564516

/* The length of the ray from the grey axis at lightness l and hue h (in
 * radians) to the edge of the sRGB gamut: the largest chroma there. */
static double max_chroma(double l, double h)
{
    double sub1 = pow(l + 16, 3) / 1560896;
    double sub2 = sub1 > EPSILON ? sub1 : l / KAPPA;
    double best = INFINITY;
    for (int c = 0; c < 3; c++) {
        double m1 = to_rgb[c][0], m2 = to_rgb[c][1], m3 = to_rgb[c][2];
        for (int t = 0; t < 2; t++) {
            double top1 = (284517 * m1 - 94839 * m3) * sub2;
            double top2 = (838422 * m3 + 769860 * m2 + 731718 * m1) * l * sub2 - 769860.0 * t * l;
            double bottom = (632260 * m3 - 126452 * m2) * sub2 + 126452.0 * t;
            double slope = top1 / bottom, intercept = top2 / bottom;
            double len = intercept / (sin(h) - slope * cos(h));
            if (len >= 0 && len < best)
                best = len;
        }
    }
    return best;
}

static double from_linear(double c)
{
    return c <= 0.0031308 ? 12.92 * c : 1.055 * pow(c, 1 / 2.4) - 0.055;
}

static double to_linear(double c)
{
    return c > 0.04045 ? pow((c + 0.055) / 1.055, 2.4) : c / 12.92;
}

static double clamp01(double v)
{
    return v < 0 ? 0 : v > 1 ? 1 : v;
}

hsluv_rgb_t hsluv_to_rgb(hsluv_hsl_t in)
{
    hsluv_rgb_t out = {0, 0, 0};
    if (in.l > 99.9999999)
        return (hsluv_rgb_t){1, 1, 1};
    if (in.l < 1e-8)
        return out;
    double hr = in.h * M_PI / 180;
    double chroma = max_chroma(in.l, hr) / 100 * in.s;
    double u = cos(hr) * chroma, v = sin(hr) * chroma;
    /* Luv -> XYZ */
    double var_u = u / (13 * in.l) + REF_U, var_v = v / (13 * in.l) + REF_V;
    double y = in.l <= 8 ? in.l / KAPPA : pow((in.l + 16) / 116, 3);
    double x = -(9 * y * var_u) / ((var_u - 4) * var_v - var_u * var_v);
    double z = (9 * y - 15 * var_v * y - var_v * x) / (3 * var_v);
    double xyz[3] = {x, y, z}, rgb[3];
    for (int c = 0; c < 3; c++)
        rgb[c] = clamp01(from_linear(to_rgb[c][0] * xyz[0] + to_rgb[c][1] * xyz[1] +
                                     to_rgb[c][2] * xyz[2]));
    return (hsluv_rgb_t){rgb[0], rgb[1], rgb[2]};
}

hsluv_hsl_t hsluv_from_rgb(hsluv_rgb_t in)
{
    double lin[3] = {to_linear(in.r), to_linear(in.g), to_linear(in.b)}, xyz[3];
    for (int c = 0; c < 3; c++)
        xyz[c] = to_xyz[c][0] * lin[0] + to_xyz[c][1] * lin[1] + to_xyz[c][2] * lin[2];
    double l = xyz[1] <= EPSILON ? xyz[1] * KAPPA : 116 * cbrt(xyz[1]) - 16;
    if (l < 1e-8)
        return (hsluv_hsl_t){0, 0, 0};
    double div = xyz[0] + 15 * xyz[1] + 3 * xyz[2];
    double u = 13 * l * (4 * xyz[0] / div - REF_U);
    double v = 13 * l * (9 * xyz[1] / div - REF_V);
    double chroma = sqrt(u * u + v * v);
    double h = chroma < 1e-8 ? 0 : atan2(v, u) * 180 / M_PI;
    if (h < 0)
        h += 360;
    if (l > 99.9999999)
        return (hsluv_hsl_t){h, 0, 100};
    double s = chroma < 1e-8 ? 0 : chroma / max_chroma(l, h * M_PI / 180) * 100;
    return (hsluv_hsl_t){h, s, l};
}
