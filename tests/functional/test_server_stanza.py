"""Stanza rules of RFC 6120 §8 and §10, seen from a raw client: 'from' is
stamped, IQ shape is checked, unknown payloads get service-unavailable,
results and errors are never answered, addresses that lead nowhere get the
right error."""
import xml.etree.ElementTree as ET

import pytest

from rawxmpp import NS_CLIENT, Raw, StreamError, q, stanza_error

PING = "<ping xmlns='urn:xmpp:ping'/>"


@pytest.fixture
def pair(server):
    """Two logged-in raw clients with presence sent."""
    a_jid, a_pw = server.new_account("sa")
    b_jid, b_pw = server.new_account("sb")
    a, b = Raw(server), Raw(server)
    a.login(a_jid, a_pw, presence=True)
    b.login(b_jid, b_pw, presence=True)
    yield a, b
    a.close()
    b.close()


def iq_error(client, xml, id):
    el = client.iq(xml, id)
    assert el.get("type") == "error", ET.tostring(el)
    return stanza_error(el)


def test_iq_without_child(pair):
    a, _ = pair
    assert iq_error(a, "<iq type='get' id='n0'/>", "n0") == ("modify", "bad-request")


def test_iq_with_two_children(pair):
    a, _ = pair
    assert iq_error(a, f"<iq type='get' id='n2'>{PING}{PING}</iq>", "n2") == \
        ("modify", "bad-request")


def test_iq_with_bad_type(pair):
    a, _ = pair
    assert iq_error(a, f"<iq type='fetch' id='t1'>{PING}</iq>", "t1")[1] == "bad-request"


def test_unknown_payload_to_server(pair, server):
    a, _ = pair
    xml = f"<iq type='get' id='u1' to='{server.domain}'><query xmlns='urn:example:nothing'/></iq>"
    assert iq_error(a, xml, "u1") == ("cancel", "service-unavailable")


def test_unknown_payload_to_own_account(pair):
    a, _ = pair
    xml = "<iq type='set' id='u2'><query xmlns='urn:example:nothing'/></iq>"
    assert iq_error(a, xml, "u2") == ("cancel", "service-unavailable")


def test_error_reply_swaps_addresses(pair, server):
    a, _ = pair
    xml = f"<iq type='get' id='u3' to='{server.domain}'><query xmlns='urn:example:nothing'/></iq>"
    el = a.iq(xml, "u3")
    assert el.get("from") == server.domain
    assert el.get("to") == a.jid


def test_error_reply_keeps_payload(xchat_server):
    jid, pw = xchat_server.new_account("k")
    a = Raw(xchat_server)
    a.login(jid, pw)
    xml = "<iq type='get' id='u4'><query xmlns='urn:example:nothing'><x>1</x></query></iq>"
    el = a.iq(xml, "u4")
    assert el.find(q("urn:example:nothing", "query")) is not None
    a.close()


def test_results_and_errors_are_not_answered(pair, server):
    a, _ = pair
    a.send(f"<iq type='result' id='r1' to='{server.domain}'/>")
    a.send(f"<iq type='error' id='r2' to='{server.domain}'><error type='cancel'>"
           "<service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>")
    a.send(f"<iq type='get' id='p1' to='{server.domain}'>{PING}</iq>")
    el = a.recv_until(lambda e: e.tag == q(NS_CLIENT, "iq"))
    assert el.get("id") == "p1" and el.get("type") == "result"


def test_ping_server_and_bare_jid(pair, server):
    a, b = pair
    el = a.iq(f"<iq type='get' id='p2' to='{server.domain}'>{PING}</iq>", "p2")
    assert el.get("type") == "result"
    # an IQ to a bare JID is answered by the server for the account
    el = a.iq(f"<iq type='get' id='p3' to='{b.jid.split('/')[0]}'>{PING}</iq>", "p3")
    assert el.get("type") == "result"
    assert b.pending == [] or all(e.get("id") != "p3" for e in b.pending)


def test_spoofed_from_is_overwritten(pair):
    a, b = pair
    a.send(f"<message to='{b.jid}' from='victim@localhost/x' type='chat' id='s1'>"
           "<body>spoof</body></message>")
    m = b.recv_until(lambda e: e.tag == q(NS_CLIENT, "message") and e.get("id") == "s1")
    assert m.get("from") == a.jid


def test_iq_to_full_jid_is_routed(pair):
    a, b = pair
    a.send(f"<iq type='get' id='f1' to='{b.jid}'><query xmlns='urn:example:peer'/></iq>")
    iq = b.recv_until(lambda e: e.tag == q(NS_CLIENT, "iq") and e.get("id") == "f1")
    assert iq.get("from") == a.jid
    b.send(f"<iq type='result' id='f1' to='{a.jid}'/>")
    r = a.recv_until(lambda e: e.get("id") == "f1")
    assert r.get("type") == "result" and r.get("from") == b.jid


def test_iq_to_missing_resource(pair):
    a, b = pair
    to = b.jid.split("/")[0] + "/nosuchresource"
    assert iq_error(a, f"<iq type='get' id='m1' to='{to}'>{PING}</iq>", "m1") == \
        ("cancel", "service-unavailable")


def test_message_to_unknown_user(pair, server):
    a, _ = pair
    a.send(f"<message to='nobody-xyz@{server.domain}' type='chat' id='x1'><body>hi</body></message>")
    el = a.recv_until(lambda e: e.get("id") == "x1")
    assert el.get("type") == "error"
    assert stanza_error(el)[1] == "service-unavailable"


def test_malformed_to_address(pair):
    a, _ = pair
    xml = "<iq type='get' id='j1' to='a@b@c/'><ping xmlns='urn:xmpp:ping'/></iq>"
    assert iq_error(a, xml, "j1")[1] == "jid-malformed"


def test_other_domain(xchat_server):
    jid, pw = xchat_server.new_account("o")
    a = Raw(xchat_server)
    a.login(jid, pw)
    xml = f"<iq type='get' id='d1' to='someone@elsewhere.example'>{PING}</iq>"
    assert iq_error(a, xml, "d1") == ("cancel", "remote-server-not-found")
    a.close()


def test_unknown_top_level_element(pair):
    a, _ = pair
    a.send("<stuff xmlns='jabber:client'/>")
    assert a.stream_error() == "unsupported-stanza-type"


def test_stanza_in_wrong_namespace(xchat_server):
    jid, pw = xchat_server.new_account("n")
    a = Raw(xchat_server)
    a.login(jid, pw)
    a.send("<message xmlns='jabber:server' to='x@localhost'><body>x</body></message>")
    assert a.stream_error() == "invalid-namespace"
    a.close()


def test_bad_presence_type(pair):
    a, _ = pair
    a.send("<presence type='dance' id='bp1'/>")
    el = a.recv_until(lambda e: e.get("id") == "bp1")
    assert stanza_error(el)[1] == "bad-request"
