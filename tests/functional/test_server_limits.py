"""The embedded server's limits on servers of their own (small settings in
a [server] section): authentication deadline, idle pings, connection caps
per address, stanza size, offline quota, and registration turned off."""
import time

from rawxmpp import Client, Raw, StreamError, header, stanza_error


def test_unauthenticated_stream_times_out(make_xchat_server):
    srv = make_xchat_server("auth_timeout = 1\n")
    r = Raw(srv)
    r.open()
    assert r.stream_error() == "connection-timeout"
    r.close()


def test_idle_client_is_pinged_then_dropped(make_xchat_server):
    srv = make_xchat_server("ping_interval = 1\nping_timeout = 1\n")
    jid, pw = srv.new_account("idle")
    c = Client(srv, jid, pw)
    # answered pings keep the session
    for _ in range(2):
        ping = c.recv_until(lambda e: e.find("{urn:xmpp:ping}ping") is not None)
        assert ping.get("type") == "get" and ping.get("from") == srv.domain
        c.send(f"<iq type='result' id='{ping.get('id')}' to='{srv.domain}'/>")
    assert c.roster().get("type") == "result"
    # an unanswered one ends it
    c.recv_until(lambda e: e.find("{urn:xmpp:ping}ping") is not None)
    assert c.stream_error() == "connection-timeout"
    c.close()


def open_when_free(srv, source):
    """A connection that got its stream features. The server counts a
    closed connection until it has noticed the close, so a slot freed a
    moment ago may take a few tries (bounded)."""
    for _ in range(100):
        r = Raw(srv, source=source)
        try:
            r.open()
            return r
        except StreamError:
            r.close()
            time.sleep(0.05)
    raise AssertionError("no connection slot came free")


def test_connections_per_address(make_xchat_server):
    srv = make_xchat_server("max_connections_per_address = 2\n")
    keep = [open_when_free(srv, "127.0.0.31") for _ in range(2)]
    extra = Raw(srv, source="127.0.0.31")
    assert extra.stream_error() == "policy-violation"
    other = Raw(srv, source="127.0.0.32")  # another address is not affected
    assert other.open() is not None
    keep[0].close()
    again = open_when_free(srv, "127.0.0.31")  # a freed slot is given back
    for r in keep[1:] + [other, again]:
        r.close()


def test_stanza_size_setting(make_xchat_server):
    srv = make_xchat_server("max_stanza_size = 10000\n")
    r = Raw(srv)
    features = r.open()
    limit = features.find("{urn:xmpp:stream-limits:0}limits/{urn:xmpp:stream-limits:0}max-bytes")
    assert limit.text == "10000"
    r.send("<message><body>" + "x" * 12000 + "</body></message>")
    assert r.stream_error() == "policy-violation"
    r.close()


def test_offline_quota(make_xchat_server):
    srv = make_xchat_server("offline_quota = 2\n")
    sender, pw = srv.new_account("qs")
    rcpt, _ = srv.new_account("qr")
    s = Client(srv, sender, pw)
    for i in range(3):
        s.send(f"<message to='{rcpt}' type='chat' id='q{i}'><body>{i}</body></message>")
    err = s.message(lambda m: m.get("id") == "q2")
    assert stanza_error(err) == ("wait", "resource-constraint")
    s.sync()
    s.nothing(lambda m: m.get("id") in ("q0", "q1"))  # those two were kept
    s.close()


def test_registration_off(make_xchat_server):
    srv = make_xchat_server(args=["--no-register"])
    r = Raw(srv)
    r.open()
    features = r.starttls()
    assert features.find("{http://jabber.org/features/iq-register}register") is None
    el = r.iq("<iq type='set' id='s'><query xmlns='jabber:iq:register'><username>x</username>"
              "<password>y</password></query></iq>", "s")
    assert stanza_error(el)[1] == "service-unavailable"
    r.close()


def test_connections_in_total(make_xchat_server):
    srv = make_xchat_server("max_connections = 2\n")
    keep = [open_when_free(srv, f"127.0.0.{41 + i}") for i in range(2)]
    assert Raw(srv, source="127.0.0.43").stream_error() == "resource-constraint"
    for r in keep:
        r.close()


def test_flood_of_bad_connections_leaves_others_served(make_xchat_server):
    """Many clients misbehaving at once (garbage, early close, half a
    header) do not disturb a client that behaves."""
    srv = make_xchat_server()
    jid, pw = srv.new_account("calm")
    calm = Client(srv, jid, pw)
    bad = []
    for i in range(60):
        r = Raw(srv)
        r.send([b"\x00\xff garbage", header().encode()[:30], header().encode() + b"<a><b>" * 10,
                b"<?xml version='1.0'?><!DOCTYPE x>"][i % 4])
        if i % 3 == 0:
            r.close()
        bad.append(r)
    assert calm.roster().get("type") == "result"
    for r in bad:
        r.close()
    calm.close()


def test_registrations_per_address(xchat_server):
    from test_server_services import REG
    made = []
    for i in range(6):
        r = Raw(xchat_server, source="127.0.0.51")
        r.open()
        r.starttls()
        el = r.iq(f"<iq type='set' id='s'><query xmlns='{REG}'><username>many{i}x{id(r)}"
                  f"</username><password>pw</password></query></iq>", "s")
        made.append(el.get("type"))
        r.close()
    assert made[:5] == ["result"] * 5
    assert made[5] == "error"
    assert stanza_error(el) == ("wait", "resource-constraint")


def test_idle_stream_resumes(make_xchat_server):
    """After some seconds of silence the server frees a stream's parser
    state; the stream must go on exactly as before (prefixes declared on
    the stream header included)."""
    srv = make_xchat_server()
    jid, pw = srv.new_account("sleepy")
    c = Client(srv, jid, pw)
    c.send("<presence/>")
    c.sync()
    time.sleep(7)  # past the server's 5 s idle point (a wait, not a measurement)
    assert c.roster().get("type") == "result"
    c.send("<message type='chat' id='w1'><body>still here</body></message>")
    m = c.message(lambda m: m.get("id") == "w1")
    assert m.findtext("{jabber:client}body") == "still here"
    c.send("</stream:stream>")
    assert c.wait_closed()
    c.close()
