/* Unit tests for ui/nickcolor and ui/hsluv: the test vectors of XEP-0392
 * (angles, colour-vision corrections, RGB, mapping to the "web safe"
 * palette) and the terminal palettes. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <glib.h>
#include <math.h>

#include "xchat/hsluv.h"
#include "xchat/nickcolor.h"

typedef struct {
    const char *text;
    double angle;
    double hue[3];          /* none, red-green, blue */
    double rgb[3][3];       /* per correction */
    int best_hue[3];        /* palette mapping, per correction */
    double palette_rgb[3][3];
} vector_t;

/* XEP-0392 §11 (the text column; hextext is the same bytes). */
static const vector_t vectors[] = {
    {"Romeo", 327.255249, {327.255249, 327.255249, 147.255249},
     {{0.865, 0.000, 0.686}, {0.865, 0.000, 0.686}, {0.000, 0.535, 0.350}},
     {327, 327, 147},
     {{1.000, 0.000, 0.800}, {1.000, 0.000, 0.800}, {0.400, 0.800, 0.600}}},
    {"juliet@capulet.lit", 209.410400, {209.410400, 29.410400, 29.410400},
     {{0.000, 0.515, 0.573}, {0.742, 0.359, 0.000}, {0.742, 0.359, 0.000}},
     {226, 30, 30},
     {{0.000, 0.800, 1.000}, {1.000, 0.600, 0.400}, {1.000, 0.600, 0.400}}},
    {"\xF0\x9F\x98\xBA", 331.199341, {331.199341, 331.199341, 151.199341},
     {{0.872, 0.000, 0.659}, {0.872, 0.000, 0.659}, {0.000, 0.533, 0.373}},
     {331, 331, 153},
     {{1.000, 0.400, 0.800}, {1.000, 0.400, 0.800}, {0.200, 0.800, 0.600}}},
    {"council", 359.994507, {359.994507, 359.994507, 179.994507},
     {{0.918, 0.000, 0.394}, {0.918, 0.000, 0.394}, {0.000, 0.524, 0.485}},
     {359, 359, 192},
     {{0.800, 0.200, 0.400}, {0.800, 0.200, 0.400}, {0.000, 0.800, 0.800}}},
    {"Board", 171.430664, {171.430664, 351.430664, 171.430664},
     {{0.000, 0.527, 0.457}, {0.904, 0.000, 0.494}, {0.000, 0.527, 0.457}},
     {161, 353, 161},
     {{0.000, 1.000, 0.800}, {0.400, 0.000, 0.200}, {0.000, 1.000, 0.800}}},
};

static const nickcolor_cvd_t cvds[3] = {NICKCOLOR_CVD_NONE, NICKCOLOR_CVD_RED_GREEN,
                                        NICKCOLOR_CVD_BLUE};

static void assert_close(double got, double want, double eps, const char *what)
{
    if (fabs(got - want) > eps)
        fail_msg("%s: %f, expected %f", what, got, want);
}

static void test_angles(void **state)
{
    (void)state;
    for (size_t i = 0; i < G_N_ELEMENTS(vectors); i++) {
        const vector_t *v = &vectors[i];
        double a = nickcolor_angle(v->text);
        assert_close(a, v->angle, 1e-6, v->text);
        for (int c = 0; c < 3; c++)
            assert_close(nickcolor_correct(a, cvds[c]), v->hue[c], 1e-6, v->text);
    }
    /* the corrections always land in [0, 360) */
    for (double a = 0; a < 360; a += 0.5)
        for (int c = 0; c < 3; c++) {
            double h = nickcolor_correct(a, cvds[c]);
            assert_true(h >= 0 && h < 360);
        }
}

static void test_rgb(void **state)
{
    (void)state;
    for (size_t i = 0; i < G_N_ELEMENTS(vectors); i++)
        for (int c = 0; c < 3; c++) {
            hsluv_rgb_t rgb = nickcolor_rgb(vectors[i].hue[c]);
            /* the XEP prints three decimals */
            assert_close(rgb.r, vectors[i].rgb[c][0], 0.0006, vectors[i].text);
            assert_close(rgb.g, vectors[i].rgb[c][1], 0.0006, vectors[i].text);
            assert_close(rgb.b, vectors[i].rgb[c][2], 0.0006, vectors[i].text);
        }
}

static void test_hsluv_round_trip(void **state)
{
    (void)state;
    for (int r = 0; r <= 255; r += 51)
        for (int g = 0; g <= 255; g += 51)
            for (int b = 0; b <= 255; b += 51) {
                hsluv_rgb_t in = {r / 255.0, g / 255.0, b / 255.0};
                hsluv_rgb_t out = hsluv_to_rgb(hsluv_from_rgb(in));
                assert_close(out.r, in.r, 1e-6, "r");
                assert_close(out.g, in.g, 1e-6, "g");
                assert_close(out.b, in.b, 1e-6, "b");
            }
    /* known points: pure red and white */
    hsluv_hsl_t red = hsluv_from_rgb((hsluv_rgb_t){1, 0, 0});
    assert_close(red.h, 12.177, 0.01, "red hue");
    assert_close(red.s, 100, 0.01, "red saturation");
    assert_close(red.l, 53.237, 0.01, "red lightness");
    hsluv_hsl_t white = hsluv_from_rgb((hsluv_rgb_t){1, 1, 1});
    assert_close(white.l, 100, 1e-6, "white");
    assert_close(white.s, 0, 1e-6, "white");
}

/* The XEP's palette: six samples per RGB axis, greys left out. */
static nickcolor_palette_t *web_safe(void)
{
    hsluv_rgb_t rgb[216];
    int index[216];
    for (int i = 0; i < 216; i++) {
        rgb[i] = (hsluv_rgb_t){(i / 36) / 5.0, (i / 6 % 6) / 5.0, (i % 6) / 5.0};
        index[i] = i;
    }
    return nickcolor_palette_new(rgb, index, 216);
}

static void test_palette_vectors(void **state)
{
    (void)state;
    nickcolor_palette_t *p = web_safe();
    for (size_t i = 0; i < G_N_ELEMENTS(vectors); i++)
        for (int c = 0; c < 3; c++) {
            hsluv_rgb_t rgb;
            int idx = nickcolor_palette_pick(p, vectors[i].hue[c], &rgb);
            assert_true(idx >= 0);
            assert_close(rgb.r, vectors[i].palette_rgb[c][0], 1e-9, vectors[i].text);
            assert_close(rgb.g, vectors[i].palette_rgb[c][1], 1e-9, vectors[i].text);
            assert_close(rgb.b, vectors[i].palette_rgb[c][2], 1e-9, vectors[i].text);
            /* the chosen colour's own hue rounds to the XEP's best_hue */
            long h = lround(hsluv_from_rgb(rgb).h);
            assert_int_equal(h, vectors[i].best_hue[c]);
        }
    nickcolor_palette_free(p);
    /* an empty palette (all greys) picks nothing */
    hsluv_rgb_t grey = {0.5, 0.5, 0.5};
    int zero = 0;
    p = nickcolor_palette_new(&grey, &zero, 1);
    assert_int_equal(nickcolor_palette_pick(p, 10, NULL), -1);
    nickcolor_palette_free(p);
}

static void test_terminal(void **state)
{
    (void)state;
    nickcolor_t *nc = nickcolor_new(256, NICKCOLOR_CVD_NONE);
    /* Romeo (hue 327.26): the cube has no colour of that exact hue; the
     * nearest one (328.4) is chosen */
    static const int level[6] = {0, 95, 135, 175, 215, 255};
    int romeo = nickcolor_pick(nc, "Romeo") - 16;
    assert_true(romeo >= 0 && romeo < 216);
    hsluv_rgb_t rgb = {level[romeo / 36] / 255.0, level[romeo / 6 % 6] / 255.0,
                       level[romeo % 6] / 255.0};
    assert_close(hsluv_from_rgb(rgb).h, 327.26, 2.0, "Romeo in the cube");
    /* stable, and always a colour of the cube */
    for (int i = 0; i < 500; i++) {
        char *id = g_strdup_printf("user%d@example.org", i);
        int c = nickcolor_pick(nc, id);
        assert_true(c >= 16 && c <= 231);
        assert_int_equal(c, nickcolor_pick(nc, id));
        g_free(id);
    }
    nickcolor_free(nc);

    nc = nickcolor_new(8, NICKCOLOR_CVD_NONE);
    int seen[8] = {0};
    for (int i = 0; i < 500; i++) {
        char *id = g_strdup_printf("user%d@example.org", i);
        int c = nickcolor_pick(nc, id);
        assert_true(c >= 1 && c <= 6); /* never black or white */
        seen[c]++;
        g_free(id);
    }
    for (int c = 1; c <= 6; c++)
        assert_true(seen[c] > 0); /* every hue is used */
    /* Romeo (hue 327) is nearest to magenta (hue 308) */
    assert_int_equal(nickcolor_pick(nc, "Romeo"), 5);
    nickcolor_free(nc);

    nc = nickcolor_new(2, NICKCOLOR_CVD_NONE);
    assert_int_equal(nickcolor_pick(nc, "Romeo"), -1);
    nickcolor_free(nc);
    nickcolor_free(NULL);
}

static void test_cvd_parse(void **state)
{
    (void)state;
    nickcolor_cvd_t c = NICKCOLOR_CVD_NONE;
    assert_true(nickcolor_cvd_parse("red-green", &c));
    assert_int_equal(c, NICKCOLOR_CVD_RED_GREEN);
    assert_true(nickcolor_cvd_parse("blue", &c));
    assert_int_equal(c, NICKCOLOR_CVD_BLUE);
    assert_true(nickcolor_cvd_parse("none", &c));
    assert_int_equal(c, NICKCOLOR_CVD_NONE);
    assert_false(nickcolor_cvd_parse("green", &c));
    assert_false(nickcolor_cvd_parse(NULL, &c));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_angles),
        cmocka_unit_test(test_rgb),
        cmocka_unit_test(test_hsluv_round_trip),
        cmocka_unit_test(test_palette_vectors),
        cmocka_unit_test(test_terminal),
        cmocka_unit_test(test_cvd_parse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
