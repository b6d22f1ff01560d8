"""The terminal UI, the real binary in a real terminal (tmux), against a
real server with a slixmpp peer: the roster appears with groups and
presence, a message arrives (tab and roster show it unread, the desktop
notification service records it), the reply reaches the peer, windows
switch with keys, a JID tab-completes, a multi-line paste is one message,
a hostile message shows placeholders and never touches the terminal's
title, the screen survives 60x20 and back with its scrollback, and /quit
gives the terminal back as it was."""
import os
import shutil
import time

import pytest

from conftest import SRCDIR, XCHAT
from peers import SlixPeer
from tui import Screen, tmux_available
from xclient import Home, fingerprint

pytestmark = pytest.mark.skipif(not tmux_available(), reason="tmux or dbus-run-session missing")

GLYPH_ONLINE = "\u25cf"


def befriend(server, bob_jid, bob_pw, alice_jid):
    """Mutual presence subscription, with Alice in Bob's group Friends
    (set up with slixmpp as Bob, before xchat logs in as Bob)."""
    bob = SlixPeer(server, bob_jid, bob_pw, resource="setup").start()
    try:
        bob.call(bob.client.update_roster, alice_jid, name="Alice", groups=["Friends"])
        bob.call(lambda: bob.client.send_presence(pto=alice_jid, ptype="subscribe"))
        deadline = time.monotonic() + 30
        while bob.call(lambda: bob.client.client_roster[alice_jid]["subscription"]) != "both":
            assert time.monotonic() < deadline, "the subscription never became mutual"
            time.sleep(0.05)
    finally:
        bob.stop()


def ui_env(home, password=None):
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": home.path,
           "LANG": "C.UTF-8", "INPUTRC": "/dev/null", "TERM": "xterm-256color",
           "XDG_CONFIG_HOME": home.config_dir, "XDG_DATA_HOME": home.data_dir}
    if password is not None:
        env["XCHAT_PASSWORD"] = password
    themes = os.path.join(home.config_dir, "xchat", "themes")
    os.makedirs(themes, exist_ok=True)
    for name in os.listdir(os.path.join(SRCDIR, "themes")):
        shutil.copy(os.path.join(SRCDIR, "themes", name), themes)
    return env


def row_with(rows, text):
    return next((r for r in rows if text in r), None)


@pytest.fixture
def session(server, tmp_path):
    bob_jid, bob_pw = server.new_account("bob")
    alice_jid, alice_pw = server.new_account("alice")
    alice = SlixPeer(server, alice_jid, alice_pw, resource="phone").start()
    befriend(server, bob_jid, bob_pw, alice_jid)
    home = Home(tmp_path / "bob")
    home.add_account("me", bob_jid, server.host, server.port)
    screen = Screen(tmp_path / "screen", [XCHAT, "-a", "me", "--trust",
                                          fingerprint(server.cafile)],
                    ui_env(home, bob_pw), notify=True)
    yield screen, alice, bob_jid, alice_jid
    screen.close()
    alice.stop()


def test_ui_session(session):
    screen, alice, bob_jid, alice_jid = session
    # the roster: Alice online in her group
    rows = screen.wait_text(f"{GLYPH_ONLINE} Alice")
    assert row_with(rows, "Friends"), screen.dump()
    screen.wait_text("online as")

    # a message arrives while the console is on screen
    alice.send_message(bob_jid, "hello from alice")
    rows = screen.wait_text("2:Alice*(1)")          # tab: private message, one unread
    roster_part = row_with(rows, f"{GLYPH_ONLINE} Alice").split("\u2502")[0]
    assert roster_part.rstrip().endswith("1"), screen.dump()   # unread count
    note = screen.wait_notification(lambda n: "Alice" in n["summary"])
    assert note["app_name"] == "xchat"
    assert "hello from alice" not in screen.dump()   # not the current window

    # to its window with Alt-2, and back and forth
    screen.send("M-2")
    screen.wait_text("Alice: hello from alice")
    screen.wait_gone("2:Alice*")
    screen.send("M-1")
    screen.wait_gone("Alice: hello from alice")
    screen.send("M-Right")
    screen.wait_text("Alice: hello from alice")

    # the reply reaches the peer
    screen.type("hi alice")
    screen.send("Enter")
    assert alice.wait_message(lambda m: m["body"] == "hi alice")["body"] == "hi alice"
    bob_local = bob_jid.split("@")[0]
    screen.wait_text(f"{bob_local}: hi alice")

    # a multi-line paste is one message
    screen.paste("line one\nline two")
    screen.send("Enter")
    m = alice.wait_message(lambda m: m["body"].startswith("line one"))
    assert m["body"] == "line one\nline two"

    # focus reports: the current window notifies only while the terminal
    # has no focus (libnotify's call returns once the service logged it,
    # so once a message is on screen its notification is decided)
    def notes():
        return len([n for n in screen.notifications() if n["method"] == "Notify"])
    before = notes()
    screen.tmux("send-keys", "-t", "ui", "-H", "1b", "5b", "4f")   # CSI O: focus out
    alice.send_message(bob_jid, "are you there?")
    screen.wait_text("Alice: are you there?")
    assert notes() == before + 1
    screen.tmux("send-keys", "-t", "ui", "-H", "1b", "5b", "49")   # CSI I: focus in
    alice.send_message(bob_jid, "ok, seen")
    screen.wait_text("Alice: ok, seen")
    assert notes() == before + 1

    # tab completion of a JID from the roster
    screen.send("M-1")
    screen.type("/msg alice")
    screen.send("Tab")
    screen.wait_text(f"> /msg {alice_jid}")
    screen.send("C-u")
    screen.send("M-2")

    # hostile text: C1 CSI, bidi override and isolate are placeholders
    title = screen.pane("#{pane_title}")
    alice.send_message(bob_jid, "\u009b31mred\u009b0m \u202eevil\u202c \u2067iso \u0085end")
    rows = screen.wait_text("<U+202E>evil")
    line = row_with(rows, "<U+202E>evil")
    assert "<U+009B>31mred<U+009B>0m" in line and "<U+2067>iso" in line, line
    assert "\u202e" not in screen.dump() and "\u009b" not in screen.dump()
    assert screen.pane("#{pane_title}") == title

    # a small terminal and back: everything still there
    screen.resize(60, 20)
    screen.wait(lambda rows: len(rows) == 20 and all(len(r) <= 60 for r in rows), "60x20")
    screen.wait_text("<U+202E>evil")
    screen.resize(100, 30)
    screen.wait(lambda rows: len(rows) == 30, "100x30")
    screen.wait_text("Alice: hello from alice")

    # a theme switches live
    screen.type("/theme light")
    screen.send("Enter")
    screen.type("/theme")
    screen.send("Enter")
    screen.wait_text("* light")

    # /quit: the terminal is given back as it was
    code, after = screen.quit()
    assert code == 0, after
    assert " icanon" in after and " echo" in after and "-icanon" not in after, after
    assert screen.pane("#{alternate_on}") == "0"
    alice.wait_presence(lambda p: p["type"] == "unavailable" and p["from"].bare == bob_jid)
