"""Group chat (XEP-0045) between the interactive core (the probe) and
slixmpp peers: creating a room, joining, talking (our messages confirmed
by their reflection), highlights, history for a late joiner without
duplicates, nick changes, kick, ban, private messages, subject,
invitations, configuration and destruction."""
import contextlib
import sqlite3

import pytest

from mucutil import (new_room, require_service, slix_join, slix_leave, slix_say,
                     slix_wait_groupchat, codes)
from peers import SlixPeer
from xclient import home_for, online_probe


@pytest.fixture
def muc(server, tmp_path):
    service = require_service(server, "conference")
    a_jid, a_pw = server.new_account("a")
    home = home_for(tmp_path, server, a_jid)
    probe = online_probe(server, home, a_pw)
    yield server, service, home, probe, a_jid
    probe.stop()


def join(probe, room, nick=None):
    code, out = probe.run(f"/join {room}/{nick}" if nick else f"/join {room}")
    assert code == 0, out
    return probe.wait_ev("room", room=room, kind="joined")


@contextlib.contextmanager
def room_with_bob(muc):
    """A new room of ours with bob (a slixmpp peer) in it."""
    server, service, home, probe, a_jid = muc
    room = new_room(service)
    join(probe, room, "alice")
    b_jid, b_pw = server.new_account("b")
    with SlixPeer(server, b_jid, b_pw) as b:
        slix_join(b, room, "bob")
        probe.wait_ev("occupant", room=room, nick="bob", kind="joined")
        yield room, b


def test_create_join_talk(muc):
    server, service, home, probe, a_jid = muc
    room = new_room(service)
    ev = join(probe, room, "alice")
    assert ev["created"] and ev["nick"] == "alice"
    b_jid, b_pw = server.new_account("b")
    with SlixPeer(server, b_jid, b_pw) as b:
        assert "110" in codes(slix_join(b, room, "bob"))
        occ = probe.wait_ev("occupant", room=room, nick="bob", kind="joined")
        assert occ["role"] == "participant" and not occ["initial"] and occ["quiet"]
        # our message: shown when sent, done when the room reflects it
        code, _ = probe.run("hello room")
        assert code == 0
        sent = probe.wait_ev("message", peer=room, body="hello room", outgoing=True)
        assert probe.wait_ev("receipt", peer=room)["id"] == sent["id"]
        got = slix_wait_groupchat(b, "hello room")
        assert str(got["from"]) == f"{room}/alice"
        # their messages, highlighted when they name us
        slix_say(b, room, "hi Alice, welcome")
        m = probe.wait_ev("message", peer=room, body="hi Alice, welcome")
        assert m["resource"] == "bob" and m["type"] == "groupchat" and m["highlight"]
        assert not m["outgoing"] and not m["delayed"]
        slix_say(b, room, "malicegrams are not a mention")
        assert not probe.wait_ev("message", body="malicegrams are not a mention")["highlight"]
        code, out = probe.run("/room occupants")
        assert code == 0 and out[0].startswith("alice\tmoderator\towner")
        assert out[1].startswith("bob\tparticipant\tnone")
        slix_leave(b, room, "bob")
        left = probe.wait_ev("occupant", room=room, nick="bob", kind="left")
        assert not left["quiet"]          # bob spoke just now


def test_late_joiner_history_without_duplicates(muc, tmp_path):
    server, service, home, probe, a_jid = muc
    room = new_room(service)
    join(probe, room, "alice")
    for i in range(3):
        assert probe.run(f"/say early {i}")[0] == 0
    b_jid, b_pw = server.new_account("b")
    bhome = home_for(tmp_path, server, b_jid, name="b")
    seen = []

    def history(p, marker):
        """Room messages until the live marker, after a join."""
        got = []
        p.wait(lambda i: i.get("ev") == "message" and i.get("peer") == room and
               (got.append(i) or i["body"] == marker), what=marker)
        return [m["body"] for m in got if m["body"] != marker]

    late = online_probe(server, bhome, b_pw, account="b")
    try:
        assert late.run(f"/join {room}/bob")[0] == 0
        assert probe.run("/say marker 1")[0] == 0
        seen = history(late, "marker 1")
        assert seen == ["early 0", "early 1", "early 2"]
        # a dropped link: the room is rejoined, its history not shown again
        late.send("!drop")
        late.wait_ev("room", room=room, kind="offline")
        late.wait_ev("room", room=room, kind="joined")
        assert probe.run("/say marker 2")[0] == 0
        assert history(late, "marker 2") == []
    finally:
        late.stop()
    # a new process with the same history: still nothing twice
    again = online_probe(server, bhome, b_pw, account="b")
    try:
        assert again.run(f"/join {room}/bob")[0] == 0
        assert probe.run("/say marker 3")[0] == 0
        assert history(again, "marker 3") == []
    finally:
        again.stop()
    db = sqlite3.connect(bhome.history_db)
    bodies = [r[0] for r in db.execute("SELECT body FROM messages WHERE peer = ? ORDER BY id",
                                       (room,))]
    assert bodies == ["early 0", "early 1", "early 2", "marker 1", "marker 2", "marker 3"]


def test_nick_changes(muc):
    probe = muc[3]
    with room_with_bob(muc) as (room, b):
        assert probe.run("/nick alicia")[0] == 0
        assert probe.wait_ev("room", room=room, kind="nick")["nick"] == "alicia"
        b.wait_presence(lambda p: str(p["from"]) == f"{room}/alicia")
        # theirs: one rename, no join or leave noise
        b.call(lambda: b.client.send_presence(pto=f"{room}/robert"))
        ev = probe.wait(lambda i: i.get("ev") == "occupant" and i.get("room") == room and
                        i.get("nick") == "bob", what="bob's rename")
        assert ev["kind"] == "renamed" and ev["new_nick"] == "robert"
        code, out = probe.run("/room occupants")
        assert [l.split("\t")[0] for l in out] == ["alicia", "robert"]
        # a nick someone else holds is refused, and ours stays
        code, out = probe.run("/nick robert")
        assert code == 65 and "nick" in out[0]
        assert probe.run("/room")[1][0].split("\t")[2] == "alicia"


def test_kick_and_ban(muc, tmp_path):
    server, service, home, probe, a_jid = muc
    room = new_room(service)
    join(probe, room, "alice")
    b_jid, b_pw = server.new_account("b")
    bhome = home_for(tmp_path, server, b_jid, name="b")
    bob = online_probe(server, bhome, b_pw, account="b")
    try:
        join(bob, room, "bob")
        probe.wait_ev("occupant", room=room, nick="bob", kind="joined")
        # roles and affiliations
        assert probe.run("/role bob visitor quiet please")[0] == 0
        occ = bob.wait_ev("occupant", room=room, nick="bob", kind="changed")
        assert occ["role"] == "visitor" and occ["self"]
        code, out = bob.run("/say may I?")
        assert code != 0                          # a visitor is not heard
        assert probe.run(f"/affiliation {b_jid} member")[0] == 0
        probe.wait_ev("occupant", room=room, nick="bob", kind="changed", affiliation="member")
        assert probe.run("/role bob participant")[0] == 0
        # a member may already have been given voice (the embedded server does)
        code, out = probe.run("/room occupants")
        if f"bob\tparticipant" not in "\n".join(out):
            probe.wait_ev("occupant", room=room, nick="bob", role="participant")
        # mediated invitations reach the invitee's client
        c_jid, c_pw = server.new_account("c")
        carol = online_probe(server, home_for(tmp_path, server, c_jid, name="c"), c_pw,
                             account="c")
        try:
            assert probe.run(f"/invite {c_jid} come in")[0] == 0
            inv = carol.wait_ev("invite", room=room)
            assert not inv["direct"] and inv["reason"] == "come in"
            assert inv["from"].startswith(a_jid) or inv["from"] == f"{room}/alice"
        finally:
            carol.stop()
        assert probe.run("/kick bob behave")[0] == 0
        ev = bob.wait_ev("room", room=room, kind="left")
        assert ev["left"] == "kicked" and ev["text"] == "behave"
        occ = probe.wait_ev("occupant", room=room, nick="bob", kind="kicked")
        assert occ["reason"] == "behave"
        code, out = bob.run("/room")
        assert out[0].split("\t")[1] == "out"     # not rejoined by itself
        join(bob, room, "bob")
        probe.wait_ev("occupant", room=room, nick="bob", kind="joined")
        assert probe.run("/ban bob spam")[0] == 0  # the owner sees bob's address
        assert bob.wait_ev("room", room=room, kind="left")["left"] == "banned"
        probe.wait_ev("occupant", room=room, nick="bob", kind="banned")
        code, out = bob.run(f"/join {room}/bob")
        assert code == 77 and "banned" in out[0]
    finally:
        bob.stop()


def test_default_service_and_room_list(muc):
    server, service, home, probe, a_jid = muc
    name = new_room(service).split("@")[0]
    code, out = probe.run(f"/join {name}")        # no service: found by disco
    assert code == 0, out
    ev = probe.wait_ev("room", room=f"{name}@{service}", kind="joined")
    assert ev["nick"] == a_jid.split("@")[0]        # no nick: the account's local part
    code, out = probe.run("/room config")
    if any(line.startswith("muc#roomconfig_publicroom") for line in out):
        assert probe.run("/room config muc#roomconfig_publicroom=1 "
                         "muc#roomconfig_roomname=Listed")[0] == 0
        code, out = probe.run("/rooms")
        assert code == 0 and f"{name}@{service}\tListed" in out
    code, out = probe.run(f"/rooms {service}")
    assert code == 0


def test_private_messages(muc):
    probe = muc[3]
    with room_with_bob(muc) as (room, b):
        assert probe.run("/msg bob psst, bob")[0] == 0
        sent = probe.wait_ev("message", body="psst, bob")
        assert sent["muc_pm"] and sent["peer"] == f"{room}/bob" and sent["outgoing"]
        got = b.wait_message(lambda m: m["body"] == "psst, bob")
        assert got["type"] == "chat" and str(got["from"]) == f"{room}/alice"
        b.send_message(f"{room}/alice", "psst back")
        m = probe.wait_ev("message", body="psst back")
        assert m["muc_pm"] and m["peer"] == f"{room}/bob" and not m["outgoing"]
        # the private conversation is current: plain lines go to bob alone
        assert probe.run("only for you")[0] == 0
        assert b.wait_message(lambda m: m["body"] == "only for you")["type"] == "chat"


def test_subject_invitations_config_destroy(muc):
    server, service, home, probe, a_jid = muc
    room = new_room(service)
    join(probe, room, "alice")
    b_jid, b_pw = server.new_account("b")
    with SlixPeer(server, b_jid, b_pw) as b:
        b.call(lambda: b.client.register_plugin("xep_0249"))
        assert probe.run("/topic Release on Friday")[0] == 0
        assert probe.wait_ev("room", room=room, kind="subject")["subject"] == "Release on Friday"
        assert probe.run("/topic")[1] == ["Release on Friday"]
        # mediated invitation to bob; bob invites us directly elsewhere
        assert probe.run(f"/invite {b_jid} come and see")[0] == 0
        inv = b.wait_message(lambda m: m.xml.find(
            "{http://jabber.org/protocol/muc#user}x/{http://jabber.org/protocol/muc#user}invite")
            is not None)
        assert str(inv["from"]) == room
        other = new_room(service)
        b.call(lambda: b.client["xep_0249"].send_invitation(a_jid, other, reason="join us"))
        ev = probe.wait_ev("invite", room=other)
        assert ev["direct"] and ev["reason"] == "join us" and ev["from"].startswith(b_jid)
        # configuration: read, change one field, read back
        code, out = probe.run("/room config")
        assert code == 0 and any(l.startswith("muc#roomconfig_roomname = ") for l in out)
        assert probe.run("/room config muc#roomconfig_roomname=Ops")[0] == 0
        code, out = probe.run("/room config")
        assert "muc#roomconfig_roomname = Ops" in "\n".join(out)
        code, out = probe.run("/room config muc#roomconfig_persistentroom=maybe")
        assert code == 65
        # bob is in when the owner destroys the room
        slix_join(b, room, "bob")
        probe.wait_ev("occupant", room=room, nick="bob", kind="joined")
        assert probe.run("/room destroy moving on")[0] == 0
        gone = b.wait_presence(lambda p: str(p["from"]) == f"{room}/bob" and
                               p["type"] == "unavailable")
        assert gone.xml.find(
            "{http://jabber.org/protocol/muc#user}x/{http://jabber.org/protocol/muc#user}destroy") \
            is not None
        ev = probe.wait_ev("room", room=room, kind="left")
        assert ev["left"] == "destroyed"
