"""Presence (RFC 6121 §4): initial presence and probes, broadcast to
subscribers and own resources, directed presence, and the unavailable
presence the server sends for a client that vanishes."""
from rawxmpp import Client
from test_server_subscription import is_type, login_both, subscribe_and_approve


def available_from(full):
    return lambda p: p.get("type") is None and p.get("from") == full


def test_initial_presence_and_probe(server):
    a, b, (a_jid, a_pw), _ = login_both(server)
    subscribe_and_approve(a, b)
    subscribe_and_approve(b, a, a_gets="both", b_gets="both")
    a.close()
    b.presence(is_type("unavailable", a_jid))
    # a comes back: b gets the broadcast, a gets b's presence (probe)
    a = Client(server, a_jid, a_pw, resource="again", priority=3)
    p = b.presence(available_from(a.jid))
    assert p.findtext("{jabber:client}priority") == "3"
    a.presence(available_from(b.jid))
    a.close()
    b.close()


def test_own_resources_see_each_other(server):
    jid, pw = server.new_account("own")
    one = Client(server, jid, pw, resource="one")
    two = Client(server, jid, pw, resource="two")
    one.presence(available_from(two.jid))
    two.presence(available_from(one.jid))
    one.close()
    two.close()


def test_updates_reach_subscribers(server):
    a, b, _, _ = login_both(server)
    subscribe_and_approve(b, a)  # b sees a
    a.send(f"<presence><show>away</show><status>lunch</status></presence>")
    p = b.presence(lambda p: p.get("from") == a.jid and p.findtext("{jabber:client}show") == "away")
    assert p.findtext("{jabber:client}status") == "lunch"
    a.close()
    b.close()


def test_no_presence_without_subscription(server):
    a, b, _, _ = login_both(server)
    a.send("<presence><status>secret</status></presence>")
    a.sync()
    b.nothing(lambda e: e.get("from") == a.jid)
    a.close()
    b.close()


def test_vanished_client_goes_unavailable(server):
    a, b, _, _ = login_both(server)
    subscribe_and_approve(b, a)
    b.presence(available_from(a.jid))
    a.sock.close()  # no </stream:stream>, no unavailable
    b.presence(is_type("unavailable", a.bare))


def test_directed_presence_and_its_end(server):
    a, b, _, _ = login_both(server)  # no subscription between them
    a.send_presence(to=b.jid)
    b.presence(available_from(a.jid))
    a.sock.close()
    p = b.presence(is_type("unavailable", a.bare))
    assert p.get("from") == a.jid


def test_probe_from_client(server):
    a, b, _, _ = login_both(server)
    subscribe_and_approve(a, b)
    a.send_presence(to=b.bare, type="probe")
    a.presence(available_from(b.jid))
    # someone not allowed to see b learns nothing about b's resources
    c_jid, c_pw = server.new_account("uc")
    c = Client(server, c_jid, c_pw)
    c.send_presence(to=b.bare, type="probe")
    c.sync()
    c.nothing(lambda e: e.get("from") == b.jid)
    a.close()
    b.close()
    c.close()
