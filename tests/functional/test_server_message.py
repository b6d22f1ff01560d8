"""Message delivery (RFC 6121 §8.5) and offline storage (XEP-0160 with
XEP-0203 delay stamps)."""
import pytest

from peers import SlixPeer
from rawxmpp import NS_CLIENT, Client, q, stanza_error


def body_is(text):
    return lambda m: m.findtext(q(NS_CLIENT, "body")) == text


def send(c, to, body, type="chat", id=None):
    idattr = f" id='{id}'" if id else ""
    c.send(f"<message to='{to}' type='{type}'{idattr}><body>{body}</body></message>")


class Rig:
    """A sender and a recipient account; resources of the recipient come
    and go as a scenario needs. Everything is closed at the end."""

    def __init__(self, server):
        self.server = server
        sender, pw = server.new_account("ms")
        self.jid, self.pw = server.new_account("mr")
        self.clients = []
        self.sender = self.add(Client(server, sender, pw))

    def add(self, c):
        self.clients.append(c)
        return c

    def resource(self, name, priority=None):
        return self.add(Client(self.server, self.jid, self.pw, resource=name, priority=priority))

    def close(self):
        for c in self.clients:
            c.close()


@pytest.fixture
def rig(server):
    r = Rig(server)
    yield r
    r.close()


def test_bare_jid_goes_to_highest_priority(rig):
    hi, lo = rig.resource("hi", 5), rig.resource("lo", 1)
    send(rig.sender, rig.jid, "to the best")
    hi.message(body_is("to the best"))
    rig.sender.sync()
    lo.nothing(body_is("to the best"))


def test_equal_priorities_all_get_it(rig):
    one, two = rig.resource("one", 2), rig.resource("two", 2)
    send(rig.sender, rig.jid, "to both")
    one.message(body_is("to both"))
    two.message(body_is("to both"))


def test_headline_to_all_non_negative(rig):
    hi, lo, neg = rig.resource("hi", 5), rig.resource("lo", 0), rig.resource("neg", -1)
    send(rig.sender, rig.jid, "news", type="headline")
    hi.message(body_is("news"))
    lo.message(body_is("news"))
    rig.sender.sync()
    neg.nothing(body_is("news"))


def test_full_jid_reaches_that_resource_only(rig):
    hi, lo = rig.resource("hi", 5), rig.resource("lo", -5)
    send(rig.sender, lo.jid, "just you", type="normal")
    lo.message(body_is("just you"))
    rig.sender.sync()
    hi.nothing(body_is("just you"))


def test_chat_to_missing_resource_falls_back_to_bare(rig):
    r = rig.resource("here")
    send(rig.sender, rig.jid + "/gone", "find me")
    r.message(body_is("find me"))


def test_normal_to_missing_resource_is_an_error(xchat_server):
    """§8.5.3.2.2; Prosody 0.12 treats it as bare instead."""
    rig = Rig(xchat_server)
    rig.resource("here")
    send(rig.sender, rig.jid + "/gone", "lost", type="normal", id="n1")
    el = rig.sender.message(lambda m: m.get("id") == "n1")
    assert stanza_error(el)[1] == "service-unavailable"
    rig.close()


def test_groupchat_to_bare_jid_is_refused(rig):
    send(rig.sender, rig.jid, "room?", type="groupchat", id="g1")
    el = rig.sender.message(lambda m: m.get("id") == "g1")
    assert el.get("type") == "error" and stanza_error(el)[1] == "service-unavailable"


def test_offline_messages_in_order_with_delay(server):
    sender, pw = server.new_account("os")
    jid, rpw = server.new_account("or")
    with SlixPeer(server, sender, pw) as s:
        for i in range(3):
            s.send_message(jid, f"offline {i}")
        s.call(s.client.get_roster)  # a round trip: all three are stored by now
    # a negative-priority resource does not take them
    neg = Client(server, jid, rpw, resource="neg", priority=-1)
    neg.sync()
    neg.nothing(lambda e: e.tag == q(NS_CLIENT, "message"))
    r = Client(server, jid, rpw, resource="back")
    for i in range(3):
        m = r.message()
        assert m.findtext(q(NS_CLIENT, "body")) == f"offline {i}"
        delay = m.find("{urn:xmpp:delay}delay")
        assert delay is not None and delay.get("stamp") and delay.get("from") == server.domain
        assert m.get("from").split("/")[0] == sender
    neg.close()
    r.close()


def test_negative_priority_never_gets_bare_messages(rig):
    neg = rig.resource("neg", -1)
    send(rig.sender, rig.jid, "kept for later")
    rig.sender.sync()
    neg.nothing(body_is("kept for later"))
    rig.resource("pos", 0).message(body_is("kept for later"))


def test_message_without_to_goes_to_own_resources(server):
    jid, pw = server.new_account("me")
    a = Client(server, jid, pw, resource="a")
    b = Client(server, jid, pw, resource="b")
    a.send("<message type='chat'><body>note to self</body></message>")
    b.message(body_is("note to self"))
    a.close()
    b.close()
