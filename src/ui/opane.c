/* ui/opane.c — the occupant pane of a room window: occupants grouped by
 * role (moderators first) with their affiliation and presence, as the
 * core orders them.
 */
#include "config.h"

#include "ui_int.h"
#include "xchat/room.h"
#include "xchat/text.h"

static const char *aff_glyph(muc_aff_t a)
{
    switch (a) {
    case MUC_AFF_OWNER: return "~";
    case MUC_AFF_ADMIN: return "&";
    case MUC_AFF_MEMBER: return "+";
    case MUC_AFF_NONE:
    case MUC_AFF_OUTCAST: break;
    }
    return " ";
}

static theme_key_t aff_key(muc_aff_t a)
{
    switch (a) {
    case MUC_AFF_OWNER: return THEME_OCCUPANTS_OWNER;
    case MUC_AFF_ADMIN: return THEME_OCCUPANTS_ADMIN;
    case MUC_AFF_MEMBER: return THEME_OCCUPANTS_MEMBER;
    case MUC_AFF_NONE:
    case MUC_AFF_OUTCAST: break;
    }
    return THEME_OCCUPANTS_PARTICIPANT;
}

static theme_key_t role_key(muc_role_t r)
{
    switch (r) {
    case MUC_ROLE_MODERATOR: return THEME_OCCUPANTS_MODERATOR;
    case MUC_ROLE_VISITOR: return THEME_OCCUPANTS_VISITOR;
    case MUC_ROLE_PARTICIPANT:
    case MUC_ROLE_NONE: break;
    }
    return THEME_OCCUPANTS_PARTICIPANT;
}

static const char *role_header(muc_role_t r)
{
    switch (r) {
    case MUC_ROLE_MODERATOR: return "Moderators";
    case MUC_ROLE_VISITOR: return "Visitors";
    case MUC_ROLE_PARTICIPANT:
    case MUC_ROLE_NONE: break;
    }
    return "Participants";
}

static void draw_occupant(draw_t *d, int y, ui_rect_t r, const room_occupant_t *o,
                          const ui_look_t *lk)
{
    int x = r.col;
    x += draw_text(d, y, x, 1, aff_glyph(o->affiliation), lk->style[aff_key(o->affiliation)]);
    theme_style_t st = lk->style[role_key(o->role)];
    x += draw_text(d, y, x, 1, rpane_glyph(o->show == SHOW_OFFLINE ? SHOW_ONLINE : o->show), st);
    x += 1;
    if (o->self)
        st.attrs |= THEME_BOLD;
    char *nick = text_for_display(o->nick, -1, TEXT_SINGLE_LINE, 0);
    draw_text(d, y, x, r.col + r.cols - x, nick, st);
    g_free(nick);
}

void opane_draw(draw_t *d, ui_rect_t r, GPtrArray *occupants, const ui_look_t *lk)
{
    if (r.rows < 1 || r.cols < 1)
        return;
    for (int y = 0; y < r.rows; y++)
        draw_blank(d, r.row + y, r.col, r.cols, lk->style[THEME_OCCUPANTS_PARTICIPANT]);
    int y = 0;
    guint i = 0;
    while (i < occupants->len && y < r.rows) {
        const room_occupant_t *o = occupants->pdata[i];
        muc_role_t role = o->role == MUC_ROLE_NONE ? MUC_ROLE_PARTICIPANT : o->role;
        guint n = 0;
        for (guint k = i; k < occupants->len; k++) {
            const room_occupant_t *ok = occupants->pdata[k];
            if ((ok->role == MUC_ROLE_NONE ? MUC_ROLE_PARTICIPANT : ok->role) != role)
                break;
            n++;
        }
        char *head = g_strdup_printf("%s (%u)", role_header(role), n);
        draw_text(d, r.row + y++, r.col, r.cols, head, lk->style[THEME_ROSTER_GROUP]);
        g_free(head);
        for (guint k = 0; k < n; k++, i++) {
            /* the last row counts the occupants that do not fit */
            if (y == r.rows - 1 && i + 1 < occupants->len) {
                char *more = g_strdup_printf("+%u more", occupants->len - i);
                draw_text(d, r.row + y++, r.col, r.cols, more, lk->style[THEME_ROSTER_GROUP]);
                g_free(more);
                return;
            }
            if (y >= r.rows)
                return;
            draw_occupant(d, r.row + y++, r, occupants->pdata[i], lk);
        }
    }
}
