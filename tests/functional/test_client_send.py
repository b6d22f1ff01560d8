"""`xchat -e` sends: a real slixmpp peer receives what was sent (body, type,
from), bodies from standard input, several commands in order, and every
sent message is in the history. Runs against each server."""
import sqlite3
import subprocess

import pytest

from conftest import XCHAT
from peers import SlixPeer
from xclient import fingerprint, home_for, xchat_e


@pytest.fixture
def pair(server, tmp_path):
    a_jid, a_pw = server.new_account("a")
    b_jid, b_pw = server.new_account("b")
    home = home_for(tmp_path, server, a_jid)
    return server, home, a_jid, a_pw, b_jid, b_pw


def test_peer_receives_body_type_and_from(pair):
    server, home, a_jid, a_pw, b_jid, b_pw = pair
    with SlixPeer(server, b_jid, b_pw) as b:
        r = xchat_e(server, home, "me", a_pw, f"/msg {b_jid} build 42 failed")
        assert r.returncode == 0, r.stderr
        assert r.stdout == "" and r.stderr == ""
        m = b.wait_message()
        assert m["body"] == "build 42 failed"
        assert m["type"] == "chat"
        assert m["from"].bare == a_jid


def test_body_from_stdin_keeps_lines(pair):
    server, home, a_jid, a_pw, b_jid, b_pw = pair
    body = "line one\n  line two\n\nline four"
    with SlixPeer(server, b_jid, b_pw) as b:
        r = xchat_e(server, home, "me", a_pw, f"/msg {b_jid}", stdin=body + "\n")
        assert r.returncode == 0, r.stderr
        assert b.wait_message()["body"] == body


def test_commands_run_in_order_and_plain_lines_go_to_the_conversation(pair):
    server, home, a_jid, a_pw, b_jid, b_pw = pair
    with SlixPeer(server, b_jid, b_pw) as b:
        r = xchat_e(server, home, "me", a_pw, f"/msg {b_jid} first", "second", "/me waves",
                    "//etc is a folder")
        assert r.returncode == 0, r.stderr
        got = [b.wait_message()["body"] for _ in range(4)]
        assert got == ["first", "second", "/me waves", "/etc is a folder"]


def test_control_characters_are_not_sent_raw(pair):
    server, home, a_jid, a_pw, b_jid, b_pw = pair
    with SlixPeer(server, b_jid, b_pw) as b:
        r = xchat_e(server, home, "me", a_pw, f"/msg {b_jid} bell\x07 and escape\x1b[31m")
        assert r.returncode == 0, r.stderr
        assert b.wait_message()["body"] == "bell and escape[31m"


def test_each_sent_message_is_one_history_row(pair):
    server, home, a_jid, a_pw, b_jid, b_pw = pair
    for text in ("one", "two"):
        r = xchat_e(server, home, "me", a_pw, f"/msg {b_jid} {text}")
        assert r.returncode == 0, r.stderr
    db = sqlite3.connect(home.history_db)
    rows = db.execute("SELECT peer, outgoing, type, body FROM messages ORDER BY id").fetchall()
    assert rows == [(b_jid, 1, "chat", "one"), (b_jid, 1, "chat", "two")]
    r = xchat_e(server, home, "me", a_pw, f"/history {b_jid}")
    assert r.returncode == 0, r.stderr
    assert [line.split(": ", 1)[1] for line in r.stdout.splitlines()] == ["one", "two"]


def test_search_finds_sent_messages_offline(pair):
    server, home, a_jid, a_pw, b_jid, b_pw = pair
    assert xchat_e(server, home, "me", a_pw, f"/msg {b_jid} deploy finished").returncode == 0
    assert xchat_e(server, home, "me", a_pw, f"/msg {b_jid} lunch?").returncode == 0
    # /search needs no server: it works with no password at all
    r = xchat_e(server, home, "me", None, '/search deploy "finished')
    assert r.returncode == 0, r.stderr
    assert len(r.stdout.splitlines()) == 1 and "deploy finished" in r.stdout


def test_message_to_unknown_user_fails_with_69(prosody, tmp_path):
    a_jid, a_pw = prosody.new_account("a")
    home = home_for(tmp_path, prosody, a_jid)
    r = xchat_e(prosody, home, "me", a_pw, f"/msg nobody-here@{prosody.domain} hello?")
    assert r.returncode == 69
    assert len(r.stderr.splitlines()) == 1
    assert "not delivered" in r.stderr and "service-unavailable" in r.stderr


def test_message_size_limit(pair):
    """A body over the limit (counted as XML) is refused before anything
    is sent, an endless pipe included; one just under it arrives whole."""
    server, home, a_jid, a_pw, b_jid, b_pw = pair
    with SlixPeer(server, b_jid, b_pw) as b:
        for body in ("x" * 300_000, "<" * 60_000):      # 300 KB; 60 KB that is 300 KB as XML
            r = xchat_e(server, home, "me", a_pw, f"/msg {b_jid}", stdin=body)
            assert r.returncode == 65, r.stderr
            assert "too long" in r.stderr and "nothing was sent" in r.stderr
        r = xchat_e(server, home, "me", a_pw, f"/msg {b_jid} " + "<" * 60_000)
        assert r.returncode == 65 and "too long" in r.stderr
        yes = subprocess.Popen(["yes", "spam"], stdout=subprocess.PIPE)
        try:
            r = subprocess.run([XCHAT, "-a", "me", "--trust", fingerprint(server.cafile),
                                "-e", f"/msg {b_jid}"], stdin=yes.stdout, env=home.env(a_pw),
                               capture_output=True, text=True, timeout=60)
        finally:
            yes.kill()
            yes.wait()
        assert r.returncode == 65 and "too long" in r.stderr
        big = "y" * 200_000
        r = xchat_e(server, home, "me", a_pw, f"/msg {b_jid}", stdin=big)
        assert r.returncode == 0, r.stderr
        got = b.wait_message()
        assert got["body"] == big       # the first thing to arrive: nothing before it
