#!/bin/sh
# Desktop notifications through a real session bus (dbus-run-session) and a
# service that records what it receives: hostile text arrives escaped and
# clean, a burst updates one notification in place, and with no bus or no
# service xchat warns once and carries on.
. "$top_srcdir/tests/lib.sh"
probe="$top_builddir/tests/notify/notify_probe"
service="$top_srcdir/tests/notify/fake_notifyd.py"
conf="$top_srcdir/tests/notify/session.conf"
py=${PYTHON3:-/usr/bin/python3}
command -v dbus-run-session >/dev/null 2>&1 ||
    { echo "dbus-run-session missing (Debian package dbus-daemon)"; exit 77; }
"$py" -c 'import dbus, gi.repository.GLib' 2>/dev/null ||
    { echo "python3-dbus or python3-gi missing"; exit 77; }

# session LOG FLAGS: the probe's "send" on a fresh bus with the service.
session() {
    rm -f "$tmp/ready" "$1"
    dbus-run-session --config-file="$conf" -- sh -c '
        "$1" "$2" "$3" "$4" $5 & svc=$!
        i=0
        while [ ! -e "$4" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
        "$6" send; rc=$?
        kill $svc 2>/dev/null; wait $svc 2>/dev/null
        exit $rc' sh "$py" "$service" "$1" "$tmp/ready" "$2" "$probe" >"$tmp/out" 2>&1
}

# check LOG MARKUP: what the service recorded is clean and as expected.
check() {
    "$py" - "$1" "$2" <<'PY'
import html, json, sys
calls = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
markup = sys.argv[2] == "yes"
notes = [c for c in calls if c["method"] == "Notify"]
closes = [c for c in calls if c["method"] == "CloseNotification"]
bad = []
def expect(cond, what):
    if not cond:
        bad.append(what)
expect(len(notes) == 3, "three Notify calls, got %d" % len(notes))
if len(notes) == 3:
    a, b, c = notes
    expect(a["replaces_id"] == 0, "first is new")
    expect(b["replaces_id"] == a["id"], "second updates the first in place")
    expect(c["replaces_id"] == 0 and c["id"] != a["id"], "another sender gets another")
    expect([x["id"] for x in closes] == [a["id"]], "the first burst is closed")
    for n in notes:
        expect(n["app_name"] == "xchat", "app name")
        expect(n["hints"].get("category") == "im.received", "category hint")
        for field in ("summary", "body"):
            for ch in n[field]:
                o = ord(ch)
                if (o < 0x20 and ch != "\n") or 0x7F <= o <= 0x9F or 0x202A <= o <= 0x202E \
                        or 0x2066 <= o <= 0x2069 or o in (0x200E, 0x200F):
                    bad.append("%s has U+%04X: %r" % (field, o, n[field]))
    plain = ('<b>bold</b> <a href="http://evil.example/">click</a> & [31mred[0m '
             '2J txet desrever')
    expect(a["summary"] == "<b>Mallory</b> ]0;pwnedyrollaM", "summary plain and clean: %r"
           % a["summary"])
    expect(b["summary"].endswith("[2]"), "burst count in the summary")
    if markup:
        for n in notes:
            body = n["body"]
            expect("<" not in body and ">" not in body, "no raw markup: %r" % body)
            rest = body
            for ent in ("&lt;", "&gt;", "&amp;", "&quot;", "&#39;", "&apos;"):
                rest = rest.replace(ent, "")
            expect("&" not in rest, "every & is an entity: %r" % body)
        expect(html.unescape(a["body"]) == plain, "body text: %r" % a["body"])
        expect(b["body"] == "second &amp; &lt;i&gt;last&lt;/i&gt;", "update: %r" % b["body"])
    else:
        expect(a["body"] == plain, "plain body as is: %r" % a["body"])
for b in bad:
    print("   ", b)
sys.exit(1 if bad else 0)
PY
}

if session "$tmp/log" ""; then pass "notifications sent (markup service)"; else fail "send: $(cat "$tmp/out")"; fi
grep -q "markup=yes" "$tmp/out" && pass "body-markup capability seen" || fail "markup: $(cat "$tmp/out")"
if check "$tmp/log" yes; then pass "markup service: escaped, clean, updated in place"; else fail "markup service log"; fi

if session "$tmp/log2" --no-markup; then pass "notifications sent (plain service)"; else fail "send plain: $(cat "$tmp/out")"; fi
if check "$tmp/log2" no; then pass "plain service: clean text, not escaped"; else fail "plain service log"; fi

# no session bus at all
if env -u DISPLAY -u WAYLAND_DISPLAY DBUS_SESSION_BUS_ADDRESS="unix:path=$tmp/no-bus" \
        "$probe" nobus >"$tmp/out" 2>&1 && grep -q "no D-Bus session bus" "$tmp/out"; then
    pass "no bus: one warning, chat goes on"
else
    fail "no bus: $(cat "$tmp/out")"
fi
[ "$(grep -c "Desktop notifications are off" "$tmp/out")" -eq 1 ] &&
    pass "no bus: exactly one warning" || fail "no bus warnings: $(cat "$tmp/out")"

# a bus with no notification service on it
if dbus-run-session --config-file="$conf" -- "$probe" nobus >"$tmp/out" 2>&1 &&
        grep -q "no notification service" "$tmp/out"; then
    pass "no service: one warning, chat goes on"
else
    fail "no service: $(cat "$tmp/out")"
fi
finish
