"""Services the server answers itself: vCards (XEP-0054), service
discovery (XEP-0030), software version (XEP-0092) and in-band
registration (XEP-0077), with the same answers for unknown accounts as for
hidden ones (RFC 6120 §13.11)."""
import base64
import xml.etree.ElementTree as ET

import pytest

from rawxmpp import NS_CLIENT, NS_SASL, Client, Raw, q, stanza_error

VCARD = "vcard-temp"
INFO = "http://jabber.org/protocol/disco#info"
REG = "jabber:iq:register"


def get(c, to, payload):
    id = c.next_id()
    to_attr = f" to='{to}'" if to else ""
    return c.iq(f"<iq type='get' id='{id}'{to_attr}>{payload}</iq>", id)


def set_(c, to, payload):
    id = c.next_id()
    to_attr = f" to='{to}'" if to else ""
    return c.iq(f"<iq type='set' id='{id}'{to_attr}>{payload}</iq>", id)


# -- vCard ---------------------------------------------------------------------

def test_vcard_set_and_get(server):
    a_jid, a_pw = server.new_account("va")
    b_jid, b_pw = server.new_account("vb")
    a, b = Client(server, a_jid, a_pw), Client(server, b_jid, b_pw)
    card = f"<vCard xmlns='{VCARD}'><FN>Alice Example</FN><NICKNAME>al</NICKNAME></vCard>"
    assert set_(a, None, card).get("type") == "result"
    mine = get(a, None, f"<vCard xmlns='{VCARD}'/>")
    assert mine.findtext(f"{q(VCARD, 'vCard')}/{q(VCARD, 'FN')}") == "Alice Example"
    theirs = get(b, a_jid, f"<vCard xmlns='{VCARD}'/>")
    assert theirs.get("from") == a_jid
    assert theirs.findtext(f"{q(VCARD, 'vCard')}/{q(VCARD, 'NICKNAME')}") == "al"
    a.close()
    b.close()


def test_vcard_of_nobody_and_of_no_vcard_look_alike(xchat_server):
    a_jid, a_pw = xchat_server.new_account("vc")
    b_jid, _ = xchat_server.new_account("vd")  # has no vCard
    a = Client(xchat_server, a_jid, a_pw)
    none = get(a, b_jid, f"<vCard xmlns='{VCARD}'/>")
    nobody = get(a, "nobody-at-all@localhost", f"<vCard xmlns='{VCARD}'/>")
    assert stanza_error(none) == stanza_error(nobody) == ("cancel", "service-unavailable")
    a.close()


def test_vcard_of_someone_else_cannot_be_set(xchat_server):
    a_jid, a_pw = xchat_server.new_account("ve")
    b_jid, _ = xchat_server.new_account("vf")
    a = Client(xchat_server, a_jid, a_pw)
    el = set_(a, b_jid, f"<vCard xmlns='{VCARD}'><FN>x</FN></vCard>")
    assert stanza_error(el) == ("auth", "forbidden")
    a.close()


# -- disco, version -------------------------------------------------------------

def test_disco_server(server):
    jid, pw = server.new_account("di")
    a = Client(server, jid, pw)
    info = get(a, server.domain, f"<query xmlns='{INFO}'/>")
    ids = [(i.get("category"), i.get("type")) for i in info.iter(q(INFO, "identity"))]
    assert ("server", "im") in ids
    features = {f.get("var") for f in info.iter(q(INFO, "feature"))}
    assert {INFO, "urn:xmpp:ping", "jabber:iq:version"} <= features
    a.close()


def test_disco_account(server):
    a_jid, a_pw = server.new_account("dj")
    b_jid, _ = server.new_account("dk")
    a = Client(server, a_jid, a_pw)
    own = get(a, a_jid, f"<query xmlns='{INFO}'/>")
    ids = [(i.get("category"), i.get("type")) for i in own.iter(q(INFO, "identity"))]
    assert ("account", "registered") in ids
    # a stranger's account and no account at all answer alike
    stranger = get(a, b_jid, f"<query xmlns='{INFO}'/>")
    nobody = get(a, f"nobody-xyz@{server.domain}", f"<query xmlns='{INFO}'/>")
    assert stanza_error(stranger) == stanza_error(nobody)
    a.close()


def test_version(server):
    jid, pw = server.new_account("ve")
    a = Client(server, jid, pw)
    v = get(a, server.domain, "<query xmlns='jabber:iq:version'/>")
    assert v.findtext("{jabber:iq:version}query/{jabber:iq:version}name")
    a.close()


# -- in-band registration -----------------------------------------------------------

# The server allows a few registrations per address: these come from one of
# their own so that the other scenarios never run into that limit.
REG_SOURCE = "127.0.0.52"


def register(server, user, password):
    r = Raw(server, source=REG_SOURCE)
    r.open()
    features = r.starttls()
    assert features.find("{http://jabber.org/features/iq-register}register") is not None
    form = r.iq(f"<iq type='get' id='g'><query xmlns='{REG}'/></iq>", "g")
    assert form.find(f"{q(REG, 'query')}/{q(REG, 'username')}") is not None
    el = r.iq(f"<iq type='set' id='s'><query xmlns='{REG}'><username>{user}</username>"
              f"<password>{password}</password></query></iq>", "s")
    r.close()
    return el


def test_register_change_password_cancel(server):
    user = "ibr" + base64.b32encode(__import__("os").urandom(5)).decode().lower()
    jid = f"{user}@{server.domain}"
    assert register(server, user, "first-pw").get("type") == "result"
    assert stanza_error(register(server, user, "again"))[1] == "conflict"
    c = Client(server, jid, "first-pw")
    el = set_(c, None, f"<query xmlns='{REG}'><username>{user}</username>"
                       "<password>second-pw</password></query>")
    assert el.get("type") == "result"
    c.close()
    c = Client(server, jid, "second-pw")
    el = set_(c, None, f"<query xmlns='{REG}'><remove/></query>")
    assert el.get("type") == "result"
    assert c.stream_error() == "not-authorized"
    r = Raw(server)
    r.open()
    r.starttls()
    assert r.auth_plain(user, "second-pw").tag == q(NS_SASL, "failure")
    r.close()


def test_register_needs_username_and_password(server):
    r = Raw(server, source=REG_SOURCE)
    r.open()
    r.starttls()
    el = r.iq(f"<iq type='set' id='s'><query xmlns='{REG}'><username>x</username></query></iq>", "s")
    assert el.get("type") == "error" and stanza_error(el)[1] in ("not-acceptable", "bad-request")
    r.close()
