"""Hostile room traffic changes nothing it should not, and the server goes
on serving: presence that claims room status codes or an affiliation,
messages that claim the room's stanza-id, a 1 MiB subject, control and
bidi characters in nicks, floods of joins, and (on the embedded server)
its limits on rooms per account, nick and subject length and presence
size."""
from mucraw import (MUC, MUC_USER, SID, codes, create_instant, error_of, groupchat, iq, item,
                    join, new_room, presence_of, say)
from rawxmpp import NS_CLIENT, Client, q
from test_server_muc import clients, close


def alive(server):
    """A fresh client logs in and gets an answer: the server still serves."""
    jid, pw = server.new_account("alive")
    c = Client(server, jid, pw)
    c.sync()
    c.close()


def test_spoofed_occupant_presence(server):
    a, b = clients(server, 2)
    room = new_room(server)
    create_instant(a, room, "alice")
    j = join(b, room, "bob", extra=f"<x xmlns='{MUC_USER}'><item affiliation='owner' "
                                   "role='moderator'/><status code='201'/><status code='110'/>"
                                   "</x>")
    assert item(j.self_presence).get("affiliation") == "none"
    seen = presence_of(a, f"{room}/bob")
    assert item(seen).get("affiliation") == "none" and item(seen).get("role") == "participant"
    assert not codes(seen) & {110, 201}
    assert len(seen.findall(q(MUC_USER, "x"))) == 1
    # a 'from' naming someone else is overwritten with the sender's own
    b.send(f"<presence to='{room}/bob' from='{room}/alice'><status>spoof</status></presence>")
    p = presence_of(a, f"{room}/bob", lambda p: p.findtext(q(NS_CLIENT, "status")) == "spoof")
    assert item(p).get("affiliation") == "none"
    # and bob still cannot do what an owner does
    r = iq(b, room, "set", f"<query xmlns='{MUC}#admin'><item nick='alice' role='none'/></query>")
    assert r.get("type") == "error"
    close(a, b)


def test_huge_subject_changes_nothing(server):
    a, b = clients(server, 2)
    room = new_room(server)
    create_instant(a, room, "alice")
    a.send(f"<message to='{room}' type='groupchat'><subject>calm</subject></message>")
    a.message(lambda m: m.findtext(q(NS_CLIENT, "subject")) == "calm")
    join(b, room, "bob")
    b.send(f"<message to='{room}' type='groupchat'><subject>{'x' * (1 << 20)}</subject></message>")
    assert b.stream_error() == "policy-violation"  # bigger than any stanza may be
    c, = clients(server, 1)
    j = join(c, room, "carol")
    assert j.of("subject")[0].findtext(q(NS_CLIENT, "subject")) == "calm"
    say(a, room, "still talking")
    groupchat(c, room, "still talking")
    close(a, c)


def test_control_and_bidi_characters_in_nicks(server):
    a, b = clients(server, 2)
    room = new_room(server)
    create_instant(a, room, "alice")
    # C1 CSI (a terminal's escape introducer) and a right-to-left override:
    # resourceprep forbids both, so neither can be an occupant's nick
    for nick in ("\u009b31mred", "evil\u202etxt"):
        b.send(f"<presence to='{room}/{nick}'><x xmlns='{MUC}'/></presence>")
        err = b.presence(lambda p: p.get("type") == "error")
        assert err.find(q(NS_CLIENT, "error")) is not None
    a.nothing(lambda e: e.tag == q(NS_CLIENT, "presence") and e.get("from", "").startswith(room + "/")
              and e.get("from") != f"{room}/alice")
    # ESC cannot even be written in XML: the stream ends, the room is untouched
    b.send(f"<presence to='{room}/&#x1b;[2J'><x xmlns='{MUC}'/></presence>")
    assert b.stream_error() in ("not-well-formed", "restricted-xml", "invalid-xml")
    say(a, room, "after")
    groupchat(a, room, "after")
    close(a, b)


def test_join_flood(server):
    a, b = clients(server, 2)
    room = new_room(server)
    create_instant(a, room, "alice")
    flood = "".join(f"<presence to='{room}/f{i}'><x xmlns='{MUC}'/></presence>"
                    f"<presence to='{room}/f{i}' type='unavailable'/>" for i in range(150))
    b.send(flood)
    b.sync()
    say(a, room, "through the flood")
    groupchat(a, room, "through the flood")
    # after the flood bob is in no room at all, whatever the order was
    assert error_of(iq(b, f"{room}/f149", "get", "<ping xmlns='urn:xmpp:ping'/>"))[1] == \
        "not-acceptable"
    alive(server)
    close(a, b)


def test_spoofed_stanza_id_is_replaced(xchat_server):
    a, b = clients(xchat_server, 2)
    room = new_room(xchat_server)
    create_instant(a, room, "alice")
    join(b, room, "bob")
    b.send(f"<message to='{room}' type='groupchat' id='sp'><body>forged</body>"
           f"<stanza-id xmlns='{SID}' id='forged-id' by='{room}'/>"
           f"<x xmlns='{MUC_USER}'><status code='104'/></x></message>")
    m = groupchat(a, room, "forged")
    ids = [s.get("id") for s in m.findall(q(SID, "stanza-id")) if s.get("by") == room]
    assert len(ids) == 1 and ids[0] != "forged-id"
    assert m.find(q(MUC_USER, "x")) is None
    close(a, b)


def test_limits(make_xchat_server):
    srv = make_xchat_server("muc_rooms_per_user = 3\nmuc_max_nick = 8\nmuc_max_subject = 100\n"
                            "muc_max_message = 200\nmuc_max_occupants = 3\n")
    jids = [srv.new_account(f"l{i}") for i in range(4)]
    a, b, c, d = (Client(srv, j, p) for j, p in jids)
    rooms = [new_room(srv) for _ in range(4)]
    for r in rooms[:3]:
        create_instant(a, r, "alice")
    assert error_of(join(a, rooms[3], "alice").error) == ("cancel", "not-allowed")
    room = rooms[0]
    assert error_of(join(b, room, "much-too-long").error)[1] == "not-acceptable"
    join(b, room, "bob")
    join(c, room, "carol")
    assert error_of(join(d, room, "dave").error) == ("wait", "service-unavailable")
    a.send(f"<message to='{room}' type='groupchat' id='s1'><subject>{'s' * 101}</subject></message>")
    assert error_of(a.message(lambda m: m.get("id") == "s1"))[1] == "not-acceptable"
    say(a, room, "b" * 201, id="long")
    assert error_of(a.message(lambda m: m.get("id") == "long"))[1] == "not-acceptable"
    big = "<status>" + "p" * 20000 + "</status>"
    b.send(f"<presence to='{room}/bob' id='bigp'>{big}</presence>")
    assert error_of(b.presence(lambda p: p.get("id") == "bigp"))[1] == "not-acceptable"
    say(a, room, "fine")
    groupchat(c, room, "fine")
    close(a, b, c, d)


def test_many_rooms_do_not_slow_a_session_end(xchat_server):
    """A session in many rooms leaves all of them when it ends."""
    a, b = clients(xchat_server, 2)
    rooms = [new_room(xchat_server, "many") for _ in range(30)]
    for r in rooms:
        create_instant(a, r, "alice")
        join(b, r, "bob")
    b.close()
    for r in rooms:
        presence_of(a, f"{r}/bob", lambda p: p.get("type") == "unavailable")
    a.close()
