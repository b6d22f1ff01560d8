/* ui/look.c — the theme as this terminal can show it: every style
 * degraded once to the terminal's colours, the nick colour palette, and
 * the timestamp format, so drawing never parses or degrades anything.
 */
#include "config.h"

#include "ui_int.h"

void look_init(ui_look_t *lk, const theme_t *t, int colors, const cfg_t *cfg)
{
    look_clear(lk);
    for (int k = 0; k < THEME_N_KEYS; k++)
        lk->style[k] = theme_get(t, (theme_key_t)k, colors);
    nickcolor_cvd_t cvd = NICKCOLOR_CVD_NONE;
    nickcolor_cvd_parse(cfg_get_string(cfg, "ui", "color_blindness", NULL), &cvd);
    if (cfg_get_bool(cfg, "ui", "nick_colors", NULL) && colors >= 8)
        lk->nicks = nickcolor_new(colors, cvd);
    lk->ts_format = g_strdup(cfg_get_string(cfg, "ui", "timestamp_format", NULL));
}

void look_clear(ui_look_t *lk)
{
    nickcolor_free(lk->nicks);
    g_free(lk->ts_format);
    lk->nicks = NULL;
    lk->ts_format = NULL;
}

theme_style_t look_nick(const ui_look_t *lk, const char *key, bool own)
{
    theme_style_t s = lk->style[own ? THEME_WINDOW_OWN_NICK : THEME_WINDOW_PEER_NICK];
    if (!own && key && lk->nicks) {
        int c = nickcolor_pick(lk->nicks, key);
        if (c >= 0)
            s.fg = (short)c;
    }
    return s;
}
