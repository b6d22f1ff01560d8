"""Running a room (XEP-0045 §8–§10) on both servers: kick, ban, voice in a
moderated room, the subject, configured rooms (password, members-only),
affiliation lists, destruction; and, on the embedded server, that a
persistent room's settings, affiliations, subject and history survive a
restart."""
from mucraw import (DATA, DELAY, INFO, MUC_ADMIN, MUC_OWNER, MUC_USER, codes, configure,
                    create_instant, error_of, groupchat, iq, item, join, new_room, presence_of,
                    say)
from rawxmpp import NS_CLIENT, Client, q
from test_server_muc import clients, close


def unavailable(c, occupant):
    return presence_of(c, occupant, lambda p: p.get("type") == "unavailable")


def test_kick(server):
    a, b, c = clients(server, 3)
    room = new_room(server)
    create_instant(a, room, "alice")
    join(b, room, "bob")
    join(c, room, "carol")
    # a participant may not kick (§8.2: forbidden; Prosody says not-allowed)
    r = iq(c, room, "set", f"<query xmlns='{MUC_ADMIN}'><item nick='bob' role='none'/></query>")
    assert error_of(r)[1] in ("forbidden", "not-allowed")
    r = iq(a, room, "set", f"<query xmlns='{MUC_ADMIN}'><item nick='bob' role='none'>"
                           "<reason>spam</reason></item></query>")
    assert r.get("type") == "result"
    own = unavailable(b, f"{room}/bob")
    assert {307, 110} <= codes(own)
    assert item(own).findtext(q(MUC_USER, "reason")) == "spam"
    assert 307 in codes(unavailable(c, f"{room}/bob"))
    say(b, room, "still here?", id="after-kick")
    assert error_of(b.message(lambda m: m.get("id") == "after-kick"))[1] == "not-acceptable"
    # an admin does not kick the owner
    r = iq(a, room, "set", f"<query xmlns='{MUC_ADMIN}'><item jid='{c.bare}' affiliation='admin'/>"
                           "</query>")
    assert r.get("type") == "result"
    presence_of(c, f"{room}/carol", lambda p: item(p).get("affiliation") == "admin")
    r = iq(c, room, "set", f"<query xmlns='{MUC_ADMIN}'><item nick='alice' role='none'/></query>")
    assert error_of(r)[1] == "not-allowed"
    close(a, b, c)


def test_ban(server):
    a, b, c = clients(server, 3)
    room = new_room(server)
    create_instant(a, room, "alice")
    join(b, room, "bob")
    r = iq(a, room, "set", f"<query xmlns='{MUC_ADMIN}'><item jid='{b.bare}' "
                           "affiliation='outcast'><reason>go</reason></item></query>")
    assert r.get("type") == "result"
    own = unavailable(b, f"{room}/bob")
    assert {301, 110} <= codes(own) and item(own).get("affiliation") == "outcast"
    assert error_of(join(b, room, "bob2").error) == ("auth", "forbidden")
    listed = iq(a, room, "get", f"<query xmlns='{MUC_ADMIN}'><item affiliation='outcast'/></query>")
    assert [i.get("jid") for i in listed.iter(q(MUC_ADMIN, "item"))] == [b.bare]
    # the list is for admins and owners only
    join(c, room, "carol")
    r = iq(c, room, "get", f"<query xmlns='{MUC_ADMIN}'><item affiliation='outcast'/></query>")
    assert error_of(r)[1] == "forbidden"
    close(a, b, c)


def test_the_last_owner_stays(server):
    (a,) = clients(server, 1)
    room = new_room(server)
    create_instant(a, room, "alice")
    r = iq(a, room, "set", f"<query xmlns='{MUC_ADMIN}'><item jid='{a.bare}' "
                           "affiliation='member'/></query>")
    assert r.get("type") == "error"
    close(a)


def test_moderated_room_and_voice(server):
    a, b = clients(server, 2)
    room = new_room(server)
    create_instant(a, room, "alice")
    assert configure(a, room, {"muc#roomconfig_moderatedroom": "1"}).get("type") == "result"
    j = join(b, room, "bob")
    assert item(j.self_presence).get("role") == "visitor"
    say(b, room, "may I?", id="v1")
    assert error_of(b.message(lambda m: m.get("id") == "v1"))[1] == "forbidden"
    r = iq(a, room, "set", f"<query xmlns='{MUC_ADMIN}'><item nick='bob' role='participant'/>"
                           "</query>")
    assert r.get("type") == "result"
    p = presence_of(b, f"{room}/bob", lambda p: item(p).get("role") == "participant")
    assert p.get("type") is None
    say(b, room, "thanks")
    groupchat(a, room, "thanks")
    close(a, b)


def test_subject(server):
    a, b, c = clients(server, 3)
    room = new_room(server)
    create_instant(a, room, "alice")
    join(b, room, "bob")
    a.send(f"<message to='{room}' type='groupchat'><subject>Today: releases</subject></message>")
    for x in (a, b):
        m = x.message(lambda m: m.findtext(q(NS_CLIENT, "subject")) == "Today: releases")
        assert m.get("from") == f"{room}/alice"
    # participants may not change it unless the room says so
    b.send(f"<message to='{room}' type='groupchat' id='s2'><subject>mine</subject></message>")
    assert error_of(b.message(lambda m: m.get("id") == "s2"))[1] == "forbidden"
    j = join(c, room, "carol")
    assert j.of("subject")[0].findtext(q(NS_CLIENT, "subject")) == "Today: releases"
    close(a, b, c)


def test_password_room(server):
    a, b = clients(server, 2)
    room = new_room(server)
    create_instant(a, room, "alice")
    r = configure(a, room, {"muc#roomconfig_passwordprotectedroom": "1",
                            "muc#roomconfig_roomsecret": "s3cret"})
    assert r.get("type") == "result"
    info = iq(b, room, "get", f"<query xmlns='{INFO}'/>")
    assert "muc_passwordprotected" in {f.get("var") for f in info.iter(q(INFO, "feature"))}
    assert error_of(join(b, room, "bob").error) == ("auth", "not-authorized")
    assert error_of(join(b, room, "bob", password="wrong").error)[1] == "not-authorized"
    assert join(b, room, "bob", password="s3cret").error is None
    close(a, b)


def test_members_only_room(server):
    a, b = clients(server, 2)
    room = new_room(server)
    create_instant(a, room, "alice")
    assert configure(a, room, {"muc#roomconfig_membersonly": "1"}).get("type") == "result"
    assert error_of(join(b, room, "bob").error) == ("auth", "registration-required")
    r = iq(a, room, "set", f"<query xmlns='{MUC_ADMIN}'><item jid='{b.bare}' "
                           "affiliation='member'/></query>")
    assert r.get("type") == "result"
    j = join(b, room, "bob")
    assert item(j.self_presence).get("affiliation") == "member"
    # back to none: out of a members-only room (321)
    iq(a, room, "set", f"<query xmlns='{MUC_ADMIN}'><item jid='{b.bare}' affiliation='none'/>"
                       "</query>")
    assert 321 in codes(unavailable(b, f"{room}/bob"))
    close(a, b)


def test_configuration_form(server):
    a, b = clients(server, 2)
    room = new_room(server)
    create_instant(a, room, "alice")
    form = iq(a, room, "get", f"<query xmlns='{MUC_OWNER}'/>")
    x = form.find(f"{q(MUC_OWNER, 'query')}/{q(DATA, 'x')}")
    fields = {f.get("var") for f in x.iter(q(DATA, "field"))}
    assert {"muc#roomconfig_roomname", "muc#roomconfig_persistentroom",
            "muc#roomconfig_membersonly", "muc#roomconfig_moderatedroom",
            "muc#roomconfig_roomsecret", "muc#roomconfig_publicroom"} <= fields
    join(b, room, "bob")
    assert configure(a, room, {"muc#roomconfig_roomname": "Ops"}).get("type") == "result"
    notice = b.message(lambda m: m.get("from") == room and 104 in codes(m))
    assert notice is not None
    info = iq(b, room, "get", f"<query xmlns='{INFO}'/>")
    assert [i.get("name") for i in info.iter(q(INFO, "identity"))] == ["Ops"]
    # only owners see or change the form
    assert error_of(iq(b, room, "get", f"<query xmlns='{MUC_OWNER}'/>"))[1] == "forbidden"
    close(a, b)


def test_destroy(server):
    a, b = clients(server, 2)
    room = new_room(server)
    create_instant(a, room, "alice")
    join(b, room, "bob")
    r = iq(a, room, "set", f"<query xmlns='{MUC_OWNER}'><destroy><reason>done</reason></destroy>"
                           "</query>")
    assert r.get("type") == "result"
    gone = unavailable(b, f"{room}/bob")
    d = gone.find(f"{q(MUC_USER, 'x')}/{q(MUC_USER, 'destroy')}")
    assert d is not None and d.findtext(q(MUC_USER, "reason")) == "done"
    assert error_of(iq(b, room, "get", f"<query xmlns='{INFO}'/>"))[1] == "item-not-found"
    close(a, b)


def test_persistent_room_survives_a_restart(make_xchat_server):
    srv = make_xchat_server()
    a_jid, a_pw = srv.new_account("pa")
    b_jid, b_pw = srv.new_account("pb")
    c_jid, c_pw = srv.new_account("pc")
    a, b = Client(srv, a_jid, a_pw), Client(srv, b_jid, b_pw)
    room = new_room(srv)
    create_instant(a, room, "alice")
    r = configure(a, room, {"muc#roomconfig_persistentroom": "1",
                            "muc#roomconfig_roomname": "Kept"})
    assert r.get("type") == "result"
    a.send(f"<message to='{room}' type='groupchat'><subject>kept subject</subject></message>")
    for i in range(3):
        say(a, room, f"kept {i}")
        groupchat(a, room, f"kept {i}")
    join(b, room, "bob")
    iq(a, room, "set", f"<query xmlns='{MUC_ADMIN}'><item jid='{b_jid}' affiliation='outcast'/>"
                       "</query>")
    unavailable(b, f"{room}/bob")
    iq(a, room, "set", f"<query xmlns='{MUC_ADMIN}'><item jid='{c_jid}' affiliation='admin'/>"
                       "</query>")
    a.send(f"<presence to='{room}/alice' type='unavailable'/>")
    unavailable(a, f"{room}/alice")
    close(a, b)
    assert srv.stop() == 0
    srv.start()
    b, c = Client(srv, b_jid, b_pw), Client(srv, c_jid, c_pw)
    assert error_of(join(b, room, "bob").error)[1] == "forbidden"
    j = join(c, room, "carol", history="maxstanzas='10'")
    assert item(j.self_presence).get("affiliation") == "admin"
    hist = [m.findtext(q(NS_CLIENT, "body")) for m in j.of("history")]
    assert hist == ["kept 0", "kept 1", "kept 2"]
    assert all(m.find(q(DELAY, "delay")) is not None for m in j.of("history"))
    assert j.of("subject")[0].findtext(q(NS_CLIENT, "subject")) == "kept subject"
    info = iq(c, room, "get", f"<query xmlns='{INFO}'/>")
    assert [i.get("name") for i in info.iter(q(INFO, "identity"))] == ["Kept"]
    close(b, c)


def test_temporary_room_goes_with_its_last_occupant(xchat_server):
    a, b = clients(xchat_server, 2)
    room = new_room(xchat_server)
    create_instant(a, room, "alice")
    a.send(f"<presence to='{room}/alice' type='unavailable'/>")
    unavailable(a, f"{room}/alice")
    assert error_of(iq(b, room, "get", f"<query xmlns='{INFO}'/>"))[1] == "item-not-found"
    close(a, b)
