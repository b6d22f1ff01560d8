"""Stream management (XEP-0198) with resumption, with raw clients: on both
servers where Prosody's mod_smacks behaves the same, on the embedded one
alone where a short window or a small queue is needed. A resumed session
gets exactly what it had not acknowledged, in order; a session that is
not resumed in time, or whose queue overflows, keeps its messages in
offline storage."""
import threading
import time
import xml.etree.ElementTree as ET

from peers import SlixPeer

from rawxmpp import NS_CLIENT, NS_SASL, Client, Raw, StreamError, q

SM = "urn:xmpp:sm:3"
STANZAS = {q(NS_CLIENT, n) for n in ("message", "presence", "iq")}


class SmClient(Raw):
    """A raw client that counts the stanzas it receives (its h) and
    answers the server's <r/>."""

    def __init__(self, server, jid, password, resource="sm", resume=True, bind=True):
        super().__init__(server)
        self.bare, self.password = jid, password
        self.h = 0
        self.got = []   # the stanzas received, in order
        if bind:
            self.login(jid, password, resource=resource)
            assert self.features.find(q(SM, "sm")) is not None, ET.tostring(self.features)
            self.send(f"<enable xmlns='{SM}'" + (" resume='true'" if resume else "") + "/>")
            self.enabled = self.recv_until(lambda e: e.tag in (q(SM, "enabled"),
                                                               q(SM, "failed")))
            assert self.enabled.tag == q(SM, "enabled"), ET.tostring(self.enabled)

    def authenticate(self):
        """TLS and SASL on a fresh stream, no binding: ready to resume."""
        self.open()
        self.starttls()
        ok = self.auth_plain(self.bare.split("@")[0], self.password)
        assert ok.tag == q(NS_SASL, "success"), ET.tostring(ok)
        self.features = self.open()

    def next(self, timeout=30):
        """The next stanza; nonzas are handled on the way."""
        while True:
            el = self.recv(timeout)
            if el.tag == q(SM, "r"):
                self.send(f"<a xmlns='{SM}' h='{self.h}'/>")
            elif el.tag in STANZAS:
                self.h += 1
                self.got.append(el)
                return el

    def messages(self, n, timeout=30):
        out = []
        while len(out) < n:
            el = self.next(timeout)
            if el.tag == q(NS_CLIENT, "message"):
                out.append(el)
        return out

    def kill(self):
        """The link dies: no </stream:stream>, no TLS close."""
        self.sock.close()


def bodies(msgs):
    return [m.findtext(q(NS_CLIENT, "body")) for m in msgs]


def test_counts_and_acks(server):
    jid, pw = server.new_account("a")
    c = SmClient(server, jid, pw, resume=False)
    for i in range(3):
        c.send(f"<iq type='get' id='p{i}' to='{server.domain}'><ping xmlns='urn:xmpp:ping'/></iq>")
    for i in range(3):
        assert c.next().get("id") == f"p{i}"
    c.send(f"<r xmlns='{SM}'/>")
    a = c.recv_until(lambda e: e.tag == q(SM, "a"))
    assert a.get("h") == "3"   # the three pings it handled
    c.send(f"<a xmlns='{SM}' h='{c.h}'/>")    # all three answers: fine
    c.send(f"<a xmlns='{SM}' h='{c.h + 5}'/>")  # five more than it sent
    assert c.stream_error() == "undefined-condition"


def test_enable_needs_a_bound_resource(server):
    jid, pw = server.new_account("a")
    c = SmClient(server, jid, pw, bind=False)
    c.authenticate()
    c.send(f"<enable xmlns='{SM}' resume='true'/>")
    el = c.recv()
    assert el.tag == q(SM, "failed")


def test_resumed_session_gets_what_it_missed(server):
    a_jid, a_pw = server.new_account("a")
    b_jid, b_pw = server.new_account("b")
    a = SmClient(server, a_jid, a_pw, resource="laptop")
    previd = a.enabled.get("id")
    assert previd and a.enabled.get("resume") in ("true", "1")
    a.send("<presence/>")
    b = Client(server, b_jid, b_pw)
    b.send(f"<message to='{a_jid}' type='chat' id='m0'><body>before</body></message>")
    assert bodies(a.messages(1)) == ["before"]
    a.kill()
    for i in range(20):
        b.send(f"<message to='{a_jid}' type='chat' id='m{i + 1}'><body>gap {i}</body></message>")
    b.sync()
    again = SmClient(server, a_jid, a_pw, bind=False)
    again.authenticate()
    again.h = a.h
    again.send(f"<resume xmlns='{SM}' previd='{previd}' h='{a.h}'/>")
    resumed = again.recv_until(lambda e: e.tag in (q(SM, "resumed"), q(SM, "failed")))
    assert resumed.tag == q(SM, "resumed"), ET.tostring(resumed)
    assert resumed.get("previd") == previd
    assert bodies(again.messages(20)) == [f"gap {i}" for i in range(20)]
    # nothing twice: the next message is the one sent now
    b.send(f"<message to='{a_jid}' type='chat' id='last'><body>after</body></message>")
    assert bodies(again.messages(1)) == ["after"]
    assert "before" not in bodies(m for m in again.got if m.tag == q(NS_CLIENT, "message"))


def test_unknown_or_foreign_previd_fails(server):
    a_jid, a_pw = server.new_account("a")
    c_jid, c_pw = server.new_account("c")
    a = SmClient(server, a_jid, a_pw)
    previd = a.enabled.get("id")
    c = SmClient(server, c_jid, c_pw, bind=False)
    c.authenticate()
    for bad in ("no-such-id", previd):   # the second is a's, not c's
        c.send(f"<resume xmlns='{SM}' previd='{bad}' h='0'/>")
        f = c.recv_until(lambda e: e.tag in (q(SM, "resumed"), q(SM, "failed")))
        assert f.tag == q(SM, "failed"), ET.tostring(f)
        assert f.find(q("urn:ietf:params:xml:ns:xmpp-stanzas", "item-not-found")) is not None
    assert c.bind("still-fine").startswith(c_jid)   # the stream goes on
    a.close()


def test_resume_while_the_old_connection_is_open(make_xchat_server):
    srv = make_xchat_server()
    jid, pw = srv.new_account("a")
    old = SmClient(srv, jid, pw)
    new = SmClient(srv, jid, pw, bind=False)
    new.authenticate()
    new.send(f"<resume xmlns='{SM}' previd='{old.enabled.get('id')}' h='0'/>")
    el = new.recv_until(lambda e: e.tag in (q(SM, "resumed"), q(SM, "failed")))
    assert el.tag == q(SM, "resumed")
    assert old.stream_error() == "conflict"
    # the session lives on, on the new connection
    new.send(f"<iq type='get' id='p' to='{srv.domain}'><ping xmlns='urn:xmpp:ping'/></iq>")
    assert new.next().get("id") == "p"


def wait_log(srv, text, timeout=30):
    deadline = time.monotonic() + timeout
    while text not in srv.log_tail():
        assert time.monotonic() < deadline, f"no '{text}' in the log: {srv.log_tail()}"
        time.sleep(0.1)


def test_window_expired_then_offline_storage(make_xchat_server):
    srv = make_xchat_server(server_conf="sm_resume_timeout = 1\n")
    a_jid, a_pw = srv.new_account("a")
    b_jid, b_pw = srv.new_account("b")
    a = SmClient(srv, a_jid, a_pw)
    a.send("<presence/>")
    a.next()   # its own presence comes back
    b = Client(srv, b_jid, b_pw)
    a.kill()
    for i in range(3):
        b.send(f"<message to='{a_jid}' type='chat'><body>while away {i}</body></message>")
    b.sync()
    wait_log(srv, "not resumed in time")
    late = SmClient(srv, a_jid, a_pw, bind=False)
    late.authenticate()
    late.send(f"<resume xmlns='{SM}' previd='{a.enabled.get('id')}' h='{a.h}'/>")
    assert late.recv().tag == q(SM, "failed")
    late.bind("again")
    late.send("<presence/>")
    got = late.messages(3)
    assert bodies(got) == [f"while away {i}" for i in range(3)]
    assert all(m.find(q("urn:xmpp:delay", "delay")) is not None for m in got)
    late.send(f"<iq type='get' id='p' to='{srv.domain}'><ping xmlns='urn:xmpp:ping'/></iq>")
    while late.next().get("id") != "p":   # nothing else, nothing twice
        assert False, "more than the three messages"


def test_queue_overflow_keeps_messages(make_xchat_server):
    srv = make_xchat_server(server_conf="sm_queue_max = 10\n")
    a_jid, a_pw = srv.new_account("a")
    b_jid, b_pw = srv.new_account("b")
    a = SmClient(srv, a_jid, a_pw, resume=False)
    a.send("<presence/>")
    b = Client(srv, b_jid, b_pw)
    for i in range(15):   # a reads nothing, acknowledges nothing
        b.send(f"<message to='{a_jid}' type='chat'><body>n{i}</body></message>")
    b.sync()
    try:
        while True:
            a.recv(10)   # not answering its <r/>s
    except StreamError as e:
        assert e.condition == "policy-violation"
    back = Client(srv, a_jid, a_pw, resource="back")
    got = []
    while len(got) < 15:
        got.append(back.message().findtext(q(NS_CLIENT, "body")))
    assert got == [f"n{i}" for i in range(15)]
    back.nothing(lambda e: e.tag == q(NS_CLIENT, "message"))


def test_slixmpp_resumes_its_session(server):
    """A third-party client: slixmpp's XEP-0198 plugin loses its connection
    (aborted, no goodbye), connects again and resumes; the messages sent
    meanwhile arrive, once."""
    a_jid, a_pw = server.new_account("a")
    b_jid, b_pw = server.new_account("b")
    a = SlixPeer(server, a_jid, a_pw, resource="slix-sm")
    a.client.register_plugin("xep_0198")
    enabled, resumed, down = threading.Event(), threading.Event(), threading.Event()
    a.client.add_event_handler("sm_enabled", lambda _: enabled.set())
    a.client.add_event_handler("session_resumed", lambda _: resumed.set())
    a.client.add_event_handler("disconnected", lambda _: down.set())
    with a:
        assert enabled.wait(30), "slixmpp did not enable stream management"
        b = Client(server, b_jid, b_pw)
        b.send(f"<message to='{a_jid}' type='chat'><body>first</body></message>")
        assert a.wait_message()["body"] == "first"
        a.call(lambda: a.client.abort())
        assert down.wait(30)
        for i in range(5):
            b.send(f"<message to='{a_jid}' type='chat'><body>meanwhile {i}</body></message>")
        b.sync()
        a.call(lambda: a.client.connect((server.host, server.port)))
        assert resumed.wait(30), "slixmpp did not resume"
        assert [a.wait_message()["body"] for _ in range(5)] == [f"meanwhile {i}"
                                                                for i in range(5)]
        b.send(f"<message to='{a_jid}' type='chat'><body>after</body></message>")
        assert a.wait_message()["body"] == "after"


def test_silent_link_is_resumable(make_xchat_server):
    """A client that stops answering (its link silently dead) is closed
    with connection-timeout after the server's ping, but its session
    waits for resumption like one whose connection dropped."""
    srv = make_xchat_server(server_conf="ping_interval = 1\nping_timeout = 1\n")
    a_jid, a_pw = srv.new_account("a")
    b_jid, b_pw = srv.new_account("b")
    a = SmClient(srv, a_jid, a_pw, resource="quiet")
    h = a.h   # then it reads nothing more
    wait_log(srv, "no answer to a ping")
    wait_log(srv, "the session waits")
    b = Client(srv, b_jid, b_pw)
    b.send(f"<message to='{a_jid}/quiet' type='chat'><body>still there?</body></message>")
    b.sync()
    again = SmClient(srv, a_jid, a_pw, bind=False)
    again.authenticate()
    again.send(f"<resume xmlns='{SM}' previd='{a.enabled.get('id')}' h='{h}'/>")
    el = again.recv_until(lambda e: e.tag in (q(SM, "resumed"), q(SM, "failed")))
    assert el.tag == q(SM, "resumed"), ET.tostring(el)
    assert "still there?" in bodies(again.messages(1))
    a.close()
