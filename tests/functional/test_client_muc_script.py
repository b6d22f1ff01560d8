"""`xchat -e` in rooms: join, say, wait for the room's reflection of our
own message, leave, exit 0; and the exit codes of joins the room refuses
(password, ban, members-only: 77; nick in use: 65)."""
import sqlite3

import pytest

from mucutil import new_room, require_service, slix_join, slix_wait_groupchat, codes
from peers import SlixPeer
from xclient import home_for, online_probe, xchat_e


def configure(probe, **fields):
    """Sets room configuration fields; fields the room's form lacks (Prosody
    has no passwordprotectedroom: a secret is enough) are left out."""
    code, out = probe.run("/room config")
    have = {line.split(" = ")[0] for line in out}
    words = [f'"muc#roomconfig_{k}={v}"' for k, v in fields.items()
             if f"muc#roomconfig_{k}" in have]
    assert code == 0 and words
    assert probe.run("/room config " + " ".join(words))[0] == 0


@pytest.fixture
def owner(server, tmp_path):
    """A room owned by an interactive probe, and a script account."""
    service = require_service(server, "conference")
    a_jid, a_pw = server.new_account("a")
    probe = online_probe(server, home_for(tmp_path, server, a_jid, name="a"), a_pw,
                         account="a")
    room = new_room(service)
    assert probe.run(f"/join {room}/owner")[0] == 0
    s_jid, s_pw = server.new_account("s")
    home = home_for(tmp_path, server, s_jid, name="s")
    yield server, room, probe, home, s_jid, s_pw
    probe.stop()


def test_script_joins_sends_and_leaves(owner):
    server, room, probe, home, s_jid, s_pw = owner
    assert probe.run("/say before the script")[0] == 0
    r = xchat_e(server, home, "s", s_pw, f"/join {room}/ci", "deploy finished")
    assert r.returncode == 0, r.stderr
    assert r.stdout == "" and r.stderr == ""
    # a script asks for no history: only what it said is in its history
    db = sqlite3.connect(home.history_db)
    assert [b for (b,) in db.execute("SELECT body FROM messages")] == ["deploy finished"]
    m = probe.wait_ev("message", peer=room, body="deploy finished")
    assert m["resource"] == "ci"
    probe.wait_ev("occupant", room=room, nick="ci", kind="left")
    # the body may come from standard input, as for /msg
    r = xchat_e(server, home, "s", s_pw, f"/join {room}/ci", "/say", stdin="from stdin\n")
    assert r.returncode == 0, r.stderr
    probe.wait_ev("message", peer=room, body="from stdin")


def test_script_join_refusals(owner):
    server, room, probe, home, s_jid, s_pw = owner
    # nick in use
    r = xchat_e(server, home, "s", s_pw, f"/join {room}/owner", "hello")
    assert r.returncode == 65 and "nick" in r.stderr
    # password
    configure(probe, passwordprotectedroom=1, roomsecret="s3cret")
    r = xchat_e(server, home, "s", s_pw, f"/join {room}/ci", "hello")
    assert r.returncode == 77 and "password" in r.stderr
    r = xchat_e(server, home, "s", s_pw, f"/join {room}/ci wrong", "hello")
    assert r.returncode == 77
    r = xchat_e(server, home, "s", s_pw, f"/join {room}/ci s3cret", "with the password")
    assert r.returncode == 0, r.stderr
    probe.wait_ev("message", peer=room, body="with the password")
    # members only
    configure(probe, passwordprotectedroom=0, roomsecret="", membersonly=1)
    r = xchat_e(server, home, "s", s_pw, f"/join {room}/ci", "hello")
    assert r.returncode == 77 and "members" in r.stderr
    # banned
    configure(probe, membersonly=0)
    assert probe.run(f"/ban {s_jid}")[0] == 0
    r = xchat_e(server, home, "s", s_pw, f"/join {room}/ci", "hello")
    assert r.returncode == 77 and "banned" in r.stderr


def test_script_room_checks_before_connecting(server, tmp_path):
    jid, pw = "nobody@" + server.domain, "x"
    home = home_for(tmp_path, server, jid)
    r = xchat_e(server, home, "me", pw, "/join @bad", "hi")
    assert r.returncode == 65 and "not a room" in r.stderr
    r = xchat_e(server, home, "me", pw, "/kick someone")
    assert r.returncode == 69 or r.returncode == 77   # needs the server: login refused
