"""Stream-level rules of RFC 6120 (§4, §5, §6, §7, §11) with a raw socket:
headers, features, STARTTLS, SASL, binding and what a server must do with
input that breaks the rules. Where the RFC is exact the scenario runs
against both servers (`server`); the rest are the embedded server's own
documented choices (`xchat_server`)."""
import base64
import socket
import ssl
import warnings
import xml.etree.ElementTree as ET
from types import SimpleNamespace

import pytest

from conftest import free_port
from peers import SlixPeer
from rawxmpp import (NS_BIND, NS_CLIENT, NS_SASL, NS_STREAM, NS_TLS, Raw, StreamError, header,
                     q)
from xclient import Home, xchat_e


def raw_error(server, data, tls=False):
    """Opens a stream (over TLS if asked), sends `data`, returns the stream
    error condition."""
    r = Raw(server)
    try:
        if tls:
            r.open()
            r.starttls()
        r.send(data)
        return r.stream_error()
    finally:
        r.close()


# -- headers ---------------------------------------------------------------

def test_header_reply_and_fresh_ids(server):
    ids = set()
    for _ in range(3):
        r = Raw(server)
        features = r.open()
        assert r.stream_attrs["from"] == server.domain
        assert r.stream_attrs["version"] == "1.0"
        ids.add(r.stream_attrs["id"])
        assert features.find(q(NS_TLS, "starttls")) is not None
        r.close()
    assert len(ids) == 3


def test_wrong_to_is_host_unknown(server):
    assert raw_error(server, header(to="elsewhere.example")) == "host-unknown"


def test_wrong_stream_namespace(server):
    assert raw_error(server, header(stream_ns="urn:wrong")) == "invalid-namespace"


def test_wrong_content_namespace(xchat_server):
    assert raw_error(xchat_server, header(ns="jabber:server")) == "invalid-namespace"


def test_missing_to(xchat_server):
    assert raw_error(xchat_server, header(to=None)) == "improper-addressing"


def test_old_version(xchat_server):
    assert raw_error(xchat_server, header(version="0.9")) == "unsupported-version"


# -- restricted XML (§11) and malformed input -------------------------------

def restricted(server):
    """RFC 6120 §4.9.3.18 names restricted-xml; Prosody 0.12 answers these
    with not-well-formed. Both close the stream; ours names the RFC's
    condition."""
    return {"restricted-xml"} if server.name == "xchat" else {"restricted-xml", "not-well-formed"}


def test_doctype_is_restricted(server):
    assert raw_error(server, "<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'lol'>]>"
                     + header()[21:]) in restricted(server)


def test_comment_is_restricted(server):
    assert raw_error(server, header() + "<!-- hello -->") in restricted(server)


def test_processing_instruction_is_restricted(server):
    assert raw_error(server, header() + "<?evil x?>") in restricted(server)


def test_malformed_xml(server):
    assert raw_error(server, header() + "<message><body></message>") == "not-well-formed"


def test_other_encoding(xchat_server):
    data = "<?xml version='1.0' encoding='ISO-8859-1'?>" + header()[21:]
    assert raw_error(xchat_server, data) == "unsupported-encoding"
    assert raw_error(xchat_server, header().encode() + b"<message>\xff\xfe</message>") \
        == "unsupported-encoding"


def test_oversized_stanza(server):
    big = "<message to='x@%s'><body>%s</body></message>" % (server.domain, "a" * (300 * 1024))
    assert raw_error(server, header() + big) == "policy-violation"


def test_limits_advertised(xchat_server):
    r = Raw(xchat_server)
    features = r.open()
    limits = features.find(q("urn:xmpp:stream-limits:0", "limits"))
    assert int(limits.findtext(q("urn:xmpp:stream-limits:0", "max-bytes"))) == 262144
    r.close()


def test_server_keeps_serving_after_bad_input(server):
    raw_error(server, header() + "<<<")
    jid, pw = server.new_account("k")
    r = Raw(server)
    assert r.login(jid, pw).startswith(jid + "/")
    r.close()


# -- STARTTLS and SASL (§5, §6) ---------------------------------------------

# §4.3.5 says SHOULD: Prosody 0.12 drops such stanzas silently instead.
def test_stanza_before_tls(xchat_server):
    server = xchat_server
    assert raw_error(server, header() + "<message to='a@localhost'><body>x</body></message>") \
        == "not-authorized"


def test_stanza_before_auth(xchat_server):
    err = raw_error(xchat_server, "<iq type='get' id='1'><ping xmlns='urn:xmpp:ping'/></iq>", tls=True)
    assert err == "not-authorized"


def test_mechanisms_after_tls(xchat_server):
    r = Raw(xchat_server)
    r.open()
    features = r.starttls()
    mechs = [m.text for m in features.find(q(NS_SASL, "mechanisms"))]
    # libstrophe tries SCRAM-SHA-512 first: never offer what is not there
    assert mechs == ["SCRAM-SHA-256", "SCRAM-SHA-1", "PLAIN"]
    assert features.find(q(NS_TLS, "starttls")) is None  # not offered again
    r.close()


def test_no_sasl_before_tls(server):
    r = Raw(server)
    features = r.open()
    assert features.find(q(NS_SASL, "mechanisms")) is None or \
        "PLAIN" not in [m.text for m in features.find(q(NS_SASL, "mechanisms"))]
    starttls = features.find(q(NS_TLS, "starttls"))
    assert starttls.find(q(NS_TLS, "required")) is not None
    r.close()


def test_tls_12_is_the_minimum(xchat_server):
    r = Raw(xchat_server)
    r.open()
    r.send(f"<starttls xmlns='{NS_TLS}'/>")
    assert r.recv().tag == q(NS_TLS, "proceed")
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    with warnings.catch_warnings():  # the old versions are deprecated: that is the point
        warnings.simplefilter("ignore", DeprecationWarning)
        ctx.minimum_version = ssl.TLSVersion.TLSv1
        ctx.maximum_version = ssl.TLSVersion.TLSv1_1
    ctx.set_ciphers("ALL:@SECLEVEL=0")
    with pytest.raises(ssl.SSLError):
        ctx.wrap_socket(r.sock, server_hostname="localhost")
    r.close()


def test_wrong_password_fails(server):
    jid, pw = server.new_account("w")
    r = Raw(server)
    r.open()
    r.starttls()
    el = r.auth_plain(jid.split("@")[0], pw + "x")
    assert el.tag == q(NS_SASL, "failure")
    assert el.find(q(NS_SASL, "not-authorized")) is not None
    r.close()


def test_unknown_user_fails_like_wrong_password(server):
    r = Raw(server)
    r.open()
    r.starttls()
    el = r.auth_plain("nobody-here", "whatever")
    assert el.find(q(NS_SASL, "not-authorized")) is not None
    r.close()


def test_three_failures_end_the_stream(xchat_server):
    jid, pw = xchat_server.new_account("f")
    r = Raw(xchat_server, source="127.0.0.21")
    r.open()
    r.starttls()
    for _ in range(2):
        assert r.auth_plain(jid.split("@")[0], "bad").tag == q(NS_SASL, "failure")
    assert r.auth_plain(jid.split("@")[0], "bad").tag == q(NS_SASL, "failure")
    assert r.stream_error() == "not-authorized"
    r.close()


def test_guessing_address_is_slowed(xchat_server):
    """After many failures from one address the server holds its answers
    back; the log says so (no clock is read here)."""
    jid, pw = xchat_server.new_account("g")
    user = jid.split("@")[0]
    for _ in range(4):
        r = Raw(xchat_server, source="127.0.0.22")
        r.open()
        r.starttls()
        for _ in range(3):
            assert r.auth_plain(user, "bad").tag == q(NS_SASL, "failure")
        r.close()
    assert "answering in" in xchat_server.log_tail()
    # the right password still works from another address
    r = Raw(xchat_server, source="127.0.0.23")
    assert r.login(jid, pw)
    r.close()


def test_bad_base64_in_auth(server):
    r = Raw(server)
    r.open()
    r.starttls()
    r.send(f"<auth xmlns='{NS_SASL}' mechanism='PLAIN'>!!notbase64!!</auth>")
    el = r.recv()
    assert el.tag == q(NS_SASL, "failure")
    assert el.find(q(NS_SASL, "incorrect-encoding")) is not None
    r.close()


def test_unknown_mechanism(server):
    r = Raw(server)
    r.open()
    r.starttls()
    r.send(f"<auth xmlns='{NS_SASL}' mechanism='SCRAM-SHA-512'>biws</auth>")
    el = r.recv()
    assert el.find(q(NS_SASL, "invalid-mechanism")) is not None
    r.close()


# -- binding (§7) -------------------------------------------------------------

def test_bind_features_after_auth(server):
    jid, pw = server.new_account("b")
    r = Raw(server)
    r.login(jid, pw)
    assert r.features.find(q(NS_BIND, "bind")) is not None
    session = r.features.find(q("urn:ietf:params:xml:ns:xmpp-session", "session"))
    if session is not None:  # only ever as optional
        assert session.find(q("urn:ietf:params:xml:ns:xmpp-session", "optional")) is not None
    r.close()


def test_server_generated_resource(server):
    jid, pw = server.new_account("r")
    a, b = Raw(server), Raw(server)
    ja, jb = a.login(jid, pw, resource=None), b.login(jid, pw, resource=None)
    assert ja.startswith(jid + "/") and jb.startswith(jid + "/") and ja != jb
    a.close()
    b.close()


def test_resource_conflict_kicks_the_older_session(server):
    jid, pw = server.new_account("c")
    old, new = Raw(server), Raw(server)
    old.login(jid, pw, resource="same")
    assert new.login(jid, pw, resource="same") == jid + "/same"
    assert old.stream_error() == "conflict"
    # the new session works
    r = new.iq("<iq type='get' id='p1'><ping xmlns='urn:xmpp:ping'/></iq>", "p1")
    assert r.get("type") == "result"
    new.close()


def test_client_closes_stream(server):
    jid, pw = server.new_account("e")
    r = Raw(server)
    r.login(jid, pw)
    r.send("</stream:stream>")
    assert r.wait_closed()
    assert r.ended  # the server closed its stream too


# -- direct TLS (XEP-0368) ----------------------------------------------------

def test_direct_tls_port(make_xchat_server, tmp_path):
    """With direct_tls_port the server also takes TLS from the first byte:
    no STARTTLS offered there, SASL (PLAIN too) at once; xchat's own client
    logs in through it with tls = direct."""
    tls_port = free_port()
    srv = make_xchat_server(server_conf=f"direct_tls_port = {tls_port}\n")
    there = SimpleNamespace(host=srv.host, port=tls_port, cafile=srv.cafile, domain=srv.domain)
    r = Raw(there)
    ctx = ssl.create_default_context(cafile=srv.cafile)
    r.sock = ctx.wrap_socket(r.sock, server_hostname=srv.domain)
    features = r.open()
    assert features.find(q(NS_TLS, "starttls")) is None
    mechs = [m.text for m in features.find(q(NS_SASL, "mechanisms"))]
    assert "PLAIN" in mechs and "SCRAM-SHA-256" in mechs
    r.close()
    # plain XML on the TLS port is a failed handshake, never a stream
    with socket.create_connection((srv.host, tls_port), timeout=10) as s:
        s.sendall(header(srv.domain).encode())
        try:
            data = s.recv(100)
        except ConnectionResetError:
            data = b""
        assert not data.startswith(b"<"), data
    a_jid, a_pw = srv.new_account("a")
    b_jid, b_pw = srv.new_account("b")
    home = Home(tmp_path / "h")
    home.add_account("me", a_jid, srv.host, tls_port, tls="direct")
    with SlixPeer(srv, b_jid, b_pw) as b:
        r = xchat_e(srv, home, "me", a_pw, f"/msg {b_jid} over direct TLS")
        assert r.returncode == 0, r.stderr
        assert b.wait_message()["body"] == "over direct TLS"
