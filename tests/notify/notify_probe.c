/* A small program for tests/notify/test-notify.sh: sends notifications
 * through the real policy and libnotify back end, as the UI will.
 *
 *   notify_probe send     three messages: two from a hostile sender (one
 *                         notification, updated), one from another; then
 *                         closes the first burst. Exit 0 when all worked.
 *   notify_probe nobus    expects no service: one warning, no crash, and
 *                         the policy still answers. Exit 0 when so.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "xchat/notify.h"
#include "xchat/notify_desktop.h"

/* The hostile sender's name and text: markup, a link, an ampersand,
 * terminal escape sequences (colour, window title), C1 CSI, and a
 * right-to-left override. */
static const char hostile_name[] = "<b>Mallory</b> \x1b]0;pwned\x07\xE2\x80\xAE" "yrollaM";
static const char hostile_text[] =
    "<b>bold</b> <a href=\"http://evil.example/\">click</a> & \x1b[31mred\x1b[0m "
    "\xC2\x9B" "2J \xE2\x80\xAE" "txet desrever";

static notify_event_t event(const char *jid, const char *sender, const char *text)
{
    return (notify_event_t){.jid = jid, .sender = sender, .text = text,
                            .terminal_focused = true, .now_us = g_get_monotonic_time(),
                            .minute_of_day = 12 * 60};
}

static bool send_one(notify_policy_t *p, notify_desktop_t *d, notify_event_t ev)
{
    notify_note_t note;
    notify_verdict_t v = notify_decide(p, &ev, &note);
    char *warning = NULL;
    bool ok = (v == NOTIFY_SHOW || v == NOTIFY_UPDATE) && notify_desktop_show(d, &note, &warning);
    printf("%s %s count=%d %s\n", v == NOTIFY_UPDATE ? "update" : "show", note.key, note.count,
           ok ? "ok" : warning ? warning : "failed");
    g_free(warning);
    notify_note_clear(&note);
    return ok;
}

static int run_send(cfg_t *cfg, notify_policy_t *p)
{
    char *warning = NULL;
    notify_desktop_t *d = notify_desktop_new("xchat", &warning);
    if (!d) {
        printf("no service: %s\n", warning);
        g_free(warning);
        return 1;
    }
    printf("markup=%s\n", notify_desktop_markup(d) ? "yes" : "no");
    cfg_set(cfg, "notify", "show_text", NULL, "true", NULL);
    bool ok = send_one(p, d, event("mallory@evil.example", hostile_name, hostile_text));
    ok = send_one(p, d, event("mallory@evil.example", hostile_name, "second & <i>last</i>")) && ok;
    ok = send_one(p, d, event("bob@example.org", "Bob", "hello")) && ok;
    char **ended = notify_forget(p, "mallory@evil.example");
    for (char **k = ended; *k; k++)
        notify_desktop_close(d, *k);
    g_strfreev(ended);
    notify_desktop_free(d);
    return ok ? 0 : 1;
}

static int run_nobus(notify_policy_t *p)
{
    char *warning = NULL;
    notify_desktop_t *d = notify_desktop_new("xchat", &warning);
    if (d) {
        printf("unexpected: a notification service answered\n");
        notify_desktop_free(d);
        return 1;
    }
    printf("warning: %s\n", warning ? warning : "(none)");
    /* chat carries on: the policy still decides */
    notify_note_t note;
    notify_verdict_t v = notify_decide(p, &(notify_event_t){.jid = "bob@example.org",
                                                           .sender = "Bob", .text = "hi",
                                                           .terminal_focused = true},
                                       &note);
    notify_note_clear(&note);
    bool ok = warning && strstr(warning, "Chat goes on") && v == NOTIFY_SHOW;
    g_free(warning);
    return ok ? 0 : 1;
}

int main(int argc, char **argv)
{
    if (argc != 2)
        return 64;
    cfg_t *cfg = cfg_new();
    notify_policy_t *p = notify_policy_new(cfg);
    int rc = !strcmp(argv[1], "send") ? run_send(cfg, p) : !strcmp(argv[1], "nobus") ? run_nobus(p) : 64;
    notify_policy_free(p);
    cfg_free(cfg);
    return rc;
}
