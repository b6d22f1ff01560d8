"""Group chat (XEP-0045) as the embedded server's conference service and
Prosody's serve it: discovery, creating an instant room, the exact join
order, reflection that keeps the sender's id, history for a late joiner,
nick changes and conflicts, private messages, leaving, a session that dies,
self-ping (XEP-0410) and invitations (mediated and XEP-0249)."""
import xml.etree.ElementTree as ET

from mucraw import (DELAY, INFO, ITEMS, MUC, MUC_OWNER, MUC_USER, DATA, codes, conference,
                    create_instant, error_of, from_room, groupchat, iq, item, join, new_room,
                    presence_of, say)
from rawxmpp import NS_CLIENT, Client, q


def clients(server, n):
    out = []
    for i in range(n):
        jid, pw = server.new_account(f"m{i}")
        out.append(Client(server, jid, pw))
    return out


def close(*cs):
    for c in cs:
        c.close()


def test_service_is_discovered(server):
    (a,) = clients(server, 1)
    items = iq(a, server.domain, "get", f"<query xmlns='{ITEMS}'/>")
    assert conference(server) in {i.get("jid") for i in items.iter(q(ITEMS, "item"))}
    info = iq(a, conference(server), "get", f"<query xmlns='{INFO}'/>")
    ids = {(i.get("category"), i.get("type")) for i in info.iter(q(INFO, "identity"))}
    assert ("conference", "text") in ids
    assert MUC in {f.get("var") for f in info.iter(q(INFO, "feature"))}
    close(a)


def test_instant_room_and_join_order(server):
    a, b = clients(server, 2)
    room = new_room(server)
    first = join(a, room, "alice")
    assert first.kinds() == ["self", "subject"]
    assert {110, 201} <= codes(first.self_presence)
    assert item(first.self_presence).get("affiliation") == "owner"
    # locked until its owner accepts the defaults (§10.1.2)
    assert error_of(join(b, room, "bob").error)[1] == "item-not-found"
    r = iq(a, room, "set", f"<query xmlns='{MUC_OWNER}'><x xmlns='{DATA}' type='submit'/></query>")
    assert r.get("type") == "result"
    second = join(b, room, "bob")
    # §7.2.3: the others first, the own presence last (110), then the subject
    assert second.kinds() == ["presence", "self", "subject"]
    assert second.of("presence")[0].get("from") == f"{room}/alice"
    assert item(second.self_presence).get("role") == "participant"
    assert second.of("subject")[0].findtext(q(NS_CLIENT, "subject")) in ("", None)
    seen = presence_of(a, f"{room}/bob")
    assert item(seen).get("affiliation") == "none"
    close(a, b)


def test_reflection_keeps_the_id(server):
    a, b = clients(server, 2)
    room = new_room(server)
    create_instant(a, room, "alice")
    join(b, room, "bob")
    say(b, room, "hello room", id="bob-msg-1")
    for c in (a, b):  # the sender gets it back too (§7.4)
        m = groupchat(c, room, "hello room")
        assert m.get("id") == "bob-msg-1"
        assert m.get("from") == f"{room}/bob"
    close(a, b)


def test_late_joiner_gets_history_in_order(server):
    a, b, c = clients(server, 3)
    room = new_room(server)
    create_instant(a, room, "alice")
    for i in range(4):
        say(a, room, f"line {i}")
        groupchat(a, room, f"line {i}")
    j = join(b, room, "bob", history="maxstanzas='3'")
    assert j.kinds() == ["presence", "self", "history", "history", "history", "subject"]
    hist = j.of("history")
    assert [m.findtext(q(NS_CLIENT, "body")) for m in hist] == ["line 1", "line 2", "line 3"]
    for m in hist:
        delay = m.find(q(DELAY, "delay"))
        assert delay is not None and delay.get("stamp")
        assert delay.get("from") == room
        assert m.get("from") == f"{room}/alice"
    none = join(c, room, "carol", history="maxchars='0'")
    assert "history" not in none.kinds()
    close(a, b, c)


def test_nick_change_and_conflict(server):
    a, b, c = clients(server, 3)
    room = new_room(server)
    create_instant(a, room, "alice")
    join(b, room, "bob")
    b.send(f"<presence to='{room}/robert'/>")
    gone = presence_of(a, f"{room}/bob", lambda p: p.get("type") == "unavailable")
    assert 303 in codes(gone) and item(gone).get("nick") == "robert"
    presence_of(a, f"{room}/robert", lambda p: p.get("type") is None)
    own = presence_of(b, f"{room}/bob", lambda p: p.get("type") == "unavailable")
    assert {303, 110} <= codes(own)
    assert 110 in codes(presence_of(b, f"{room}/robert"))
    # another person may not take a nick in use (§7.2.9)
    assert error_of(join(c, room, "robert").error) == ("cancel", "conflict")
    close(a, b, c)


def test_private_message(server):
    a, b, c = clients(server, 3)
    room = new_room(server)
    create_instant(a, room, "alice")
    join(b, room, "bob")
    b.send(f"<message to='{room}/alice' type='chat' id='pm1'><body>psst</body>"
           f"<x xmlns='{MUC_USER}'/></message>")
    m = a.message(lambda m: m.findtext(q(NS_CLIENT, "body")) == "psst")
    assert m.get("from") == f"{room}/bob" and m.get("type") == "chat"
    b.send(f"<message to='{room}/nobody' type='chat' id='pm2'><body>x</body></message>")
    err = b.message(lambda m: m.get("id") == "pm2")
    assert error_of(err)[1] == "item-not-found"
    # someone outside the room cannot whisper to an occupant
    c.send(f"<message to='{room}/alice' type='chat' id='pm3'><body>x</body></message>")
    assert error_of(c.message(lambda m: m.get("id") == "pm3"))[1] == "not-acceptable"
    close(a, b, c)


def test_leave_and_session_death(server):
    a, b, c = clients(server, 3)
    room = new_room(server)
    create_instant(a, room, "alice")
    join(b, room, "bob")
    join(c, room, "carol")
    b.send(f"<presence to='{room}/bob' type='unavailable'><status>bye</status></presence>")
    left = presence_of(a, f"{room}/bob", lambda p: p.get("type") == "unavailable")
    assert left.findtext(q(NS_CLIENT, "status")) == "bye"
    assert 110 in codes(presence_of(b, f"{room}/bob", lambda p: p.get("type") == "unavailable"))
    c.close()  # no unavailable presence, no </stream>: the session just ends
    presence_of(a, f"{room}/carol", lambda p: p.get("type") == "unavailable")
    close(a, b)


def test_self_ping(server):
    a, b, c = clients(server, 3)
    room = new_room(server)
    create_instant(a, room, "alice")
    join(b, room, "bob")
    ping = "<ping xmlns='urn:xmpp:ping'/>"
    assert iq(b, f"{room}/bob", "get", ping).get("type") == "result"
    # not in the room: the answer that makes a client rejoin (XEP-0410)
    assert error_of(iq(c, f"{room}/bob", "get", ping))[1] == "not-acceptable"
    b.send(f"<presence to='{room}/bob' type='unavailable'/>")
    presence_of(b, f"{room}/bob", lambda p: p.get("type") == "unavailable")
    assert error_of(iq(b, f"{room}/bob", "get", ping))[1] == "not-acceptable"
    close(a, b, c)


def test_mediated_and_direct_invitations(server):
    a, b = clients(server, 2)
    room = new_room(server)
    create_instant(a, room, "alice")
    a.send(f"<message to='{room}'><x xmlns='{MUC_USER}'><invite to='{b.bare}'>"
           "<reason>join us</reason></invite></x></message>")
    m = b.message(lambda m: m.get("from") == room)
    inv = m.find(f"{q(MUC_USER, 'x')}/{q(MUC_USER, 'invite')}")
    # the real JID (§7.8.2), or the room where that would unmask the inviter
    # (Prosody in a semi-anonymous room)
    assert inv is not None and inv.get("from", "").split("/")[0] in (a.bare, room)
    assert inv.findtext(q(MUC_USER, "reason")) == "join us"
    # XEP-0249: from person to person, the server only carries it
    a.send(f"<message to='{b.bare}'><x xmlns='jabber:x:conference' jid='{room}' "
           "reason='come in'/></message>")
    d = b.message(lambda m: m.find("{jabber:x:conference}x") is not None)
    assert d.find("{jabber:x:conference}x").get("jid") == room
    assert "error" not in join(b, room, "bob").kinds()
    close(a, b)


def test_groupchat_needs_to_be_in_the_room(server):
    a, b = clients(server, 2)
    room = new_room(server)
    create_instant(a, room, "alice")
    b.send(f"<message to='{room}' type='groupchat' id='out1'><body>hi</body></message>")
    assert error_of(b.message(lambda m: m.get("id") == "out1"))[1] == "not-acceptable"
    a.nothing(lambda e: e.tag == q(NS_CLIENT, "message") and from_room(e, room)
              and e.findtext(q(NS_CLIENT, "body")) == "hi")
    close(a, b)


def test_slixmpp_occupants(server):
    """Two real clients with slixmpp's MUC plugin: join, talk, history."""
    from peers import SlixPeer
    a_jid, a_pw = server.new_account("sa")
    b_jid, b_pw = server.new_account("sb")
    room = new_room(server)
    with SlixPeer(server, a_jid, a_pw) as a, SlixPeer(server, b_jid, b_pw) as b:
        for p in (a, b):
            p.call(lambda c=p.client: c.register_plugin("xep_0045"))
        a.call(lambda: a.client["xep_0045"].join_muc_wait(room, "ann", maxstanzas=0,
                                                         timeout=20))
        form = a.call(lambda: a.client["xep_0045"].get_room_config(room))
        a.call(lambda: a.client["xep_0045"].set_room_config(room, form))
        a.send_message(room, "before bob", mtype="groupchat")
        a.wait_message(lambda m: m["body"] == "before bob")
        b.call(lambda: b.client["xep_0045"].join_muc_wait(room, "ben", maxstanzas=10,
                                                         timeout=20))
        hist = b.wait_message(lambda m: m["body"] == "before bob")
        assert hist["delay"]["stamp"] is not None
        b.send_message(room, "hi ann", mtype="groupchat")
        got = a.wait_message(lambda m: m["body"] == "hi ann")
        assert str(got["from"]) == f"{room}/ben"
        roster = a.call(lambda: a.client["xep_0045"].get_roster(room))
        assert set(roster) >= {"ann", "ben"}
