"""Hostile and odd stanzas from a raw-socket fake server: no `from`, a
spoofed roster push, a spoofed carbon, a 1 MiB body, control and bidi
characters, invalid addresses, unknown and malformed IQs. Nothing may
crash; what the RFCs say to ignore has no effect; the genuine stanza
sent next to each forgery does."""
import pytest

from fakeserver import FakeServer
from xclient import Home, Probe, fingerprint

BOB = "bob@localhost"


@pytest.fixture
def session(tmp_path):
    fake = FakeServer(tmp_path)
    home = Home(tmp_path / "h")
    home.add_account("me", fake.jid, fake.host, fake.port)
    probe = Probe(home, "me", "any-password", trust=fingerprint(fake.cafile))
    probe.online()
    # the session is up once the client has sent its initial presence
    fake.wait_stanza(lambda e: e.tag.endswith("}presence"), "initial presence")
    yield fake, probe
    assert probe.alive(), "the client crashed"
    probe.stop()
    fake.close()


def message(body, frm=BOB + "/x", extra="", mtype="chat"):
    f = f" from='{frm}'" if frm is not None else ""
    b = f"<body>{body}</body>" if body is not None else ""
    return f"<message type='{mtype}' to='alice@localhost/xchat'{f}>{b}{extra}</message>"


def mark(fake, probe, text):
    """A genuine message after the hostile ones: once it is seen, every
    stanza before it has been handled."""
    fake.send(message(text))
    return probe.wait_ev("message", body=text)


def test_message_without_from_is_from_our_server(session):
    fake, probe = session
    fake.send(message("server notice", frm=None))
    m = probe.wait_ev("message", body="server notice")
    assert m["peer"] == "localhost" and m["resource"] is None


def test_odd_messages_do_not_crash(session):
    fake, probe = session
    fake.send(message("bad from", frm="@@bad/x"))          # invalid address: dropped
    fake.send(message("no resource", frm=BOB))             # fine, no resource
    fake.send(message(None, frm=BOB + "/x"))               # no body
    fake.send(message("", frm=BOB + "/x"))                 # empty body
    fake.send(message("no type", mtype="bogus"))           # unknown type: normal
    fake.send("<message/>")                                # nothing at all
    fake.send(message("x", extra="<unknown xmlns='urn:example:x'><deep/></unknown>"))
    fake.send(message("end"))
    seen = []
    probe.wait(lambda i: i.get("ev") == "message" and (seen.append(i) or i["body"] == "end"),
               what="the end marker")
    bodies = [m["body"] for m in seen]
    assert "bad from" not in bodies
    assert bodies == ["no resource", "no type", "x", "end"]
    assert seen[0]["resource"] is None
    assert seen[1]["type"] == "normal"


def test_spoofed_roster_push_is_ignored(session):
    fake, probe = session
    fake.send("<iq type='set' id='spoof' from='mallory@evil.example/x'><query "
              "xmlns='jabber:iq:roster'><item jid='eve@evil.example' name='Eve' "
              "subscription='both'/></query></iq>")
    fake.send("<iq type='set' id='real'><query xmlns='jabber:iq:roster'><item "
              "jid='friend@localhost' name='Friend'/></query></iq>")
    ev = probe.wait_ev("roster", jid="friend@localhost")
    assert ev["name"] == "Friend"
    assert fake.reply_to("spoof").get("type") == "error"
    assert fake.reply_to("real").get("type") == "result"
    code, out = probe.run("/roster")
    assert not any("eve@evil.example" in line for line in out)
    assert not any(i.get("jid") == "eve@evil.example" for i in probe.seen)


def carbon(outer_from, inner_from, body):
    inner = (f"<message xmlns='jabber:client' from='{inner_from}' to='alice@localhost' "
             f"type='chat'><body>{body}</body></message>")
    return (f"<message from='{outer_from}' to='alice@localhost/xchat'><received "
            f"xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'>{inner}"
            f"</forwarded></received></message>")


def test_spoofed_carbon_is_ignored(session):
    fake, probe = session
    fake.send(carbon("mallory@evil.example", BOB + "/phone", "forged carbon"))
    fake.send(carbon("alice@localhost/other", BOB + "/phone", "carbon from a full JID"))
    fake.send(carbon("alice@localhost", BOB + "/phone", "real carbon"))
    m = probe.wait_ev("message", body="real carbon")
    assert m["carbon"] and m["peer"] == BOB and m["resource"] == "phone"
    mark(fake, probe, "after carbons")
    bodies = [i.get("body") for i in probe.seen if i.get("ev") == "message"]
    assert "forged carbon" not in bodies and "carbon from a full JID" not in bodies


def test_one_mebibyte_body_arrives_whole(session):
    fake, probe = session
    big = "x" * (1 << 20)
    fake.send(message(big))
    m = probe.wait(lambda i: i.get("ev") == "message" and i.get("length") == 1 << 20,
                   what="the 1 MiB message")
    assert m["body"] == big
    mark(fake, probe, "still alive")


def test_control_and_bidi_characters_are_shown_as_placeholders(session):
    fake, probe = session
    nasty = "a\u009b31mb\u202ec\u007fd\u200be"
    fake.send(message(nasty))
    assert probe.wait_ev("message", peer=BOB)["body"] == nasty  # the event is raw
    code, out = probe.run(f"/history {BOB}")
    assert code == 0 and len(out) == 1
    for raw in ("\u009b", "\u202e", "\u007f", "\u200b", "\x1b"):
        assert raw not in out[0]
    assert "<U+009B>" in out[0] and "<U+202E>" in out[0]


def test_unknown_and_malformed_iqs_get_errors(session):
    fake, probe = session
    fake.send(f"<iq type='get' id='u1' from='{BOB}/x'><foo xmlns='urn:example:unknown'/></iq>")
    fake.send(f"<iq type='set' id='u2' from='{BOB}/x'/>")
    fake.send(f"<iq type='get' id='u3' from='{BOB}/x'><ping xmlns='urn:xmpp:ping'/>"
              "<ping xmlns='urn:xmpp:ping'/></iq>")
    fake.send(f"<iq type='get' from='{BOB}/x'><ping xmlns='urn:xmpp:ping'/></iq>")  # no id
    fake.send(f"<iq type='result' id='nobody-asked' from='{BOB}/x'/>")
    fake.send(f"<iq type='get' id='p1' from='{BOB}/x'><ping xmlns='urn:xmpp:ping'/></iq>")
    fake.send(f"<iq type='get' id='v1' from='{BOB}/x'><query xmlns='jabber:iq:version'/></iq>")
    fake.send(f"<iq type='get' id='d1' from='{BOB}/x'><query "
              "xmlns='http://jabber.org/protocol/disco#info'/></iq>")
    stanzas = "urn:ietf:params:xml:ns:xmpp-stanzas"
    for iq_id, cond in (("u1", "service-unavailable"), ("u2", "bad-request"),
                        ("u3", "bad-request")):
        r = fake.reply_to(iq_id)
        assert r.get("type") == "error" and r.get("to") == f"{BOB}/x"
        assert r.find(f"{{jabber:client}}error/{{{stanzas}}}{cond}") is not None, iq_id
    assert fake.reply_to("p1").get("type") == "result"
    v = fake.reply_to("v1")
    assert v.find("{jabber:iq:version}query/{jabber:iq:version}name").text == "xchat"
    d = fake.reply_to("d1")
    features = {f.get("var") for f in d.iter("{http://jabber.org/protocol/disco#info}feature")}
    assert {"urn:xmpp:receipts", "urn:xmpp:ping", "http://jabber.org/protocol/caps"} <= features


def test_odd_presences_do_not_crash(session):
    fake, probe = session
    fake.send("<presence/>")                                   # no from: ignored
    fake.send("<presence from='@@bad'/>")                      # invalid: ignored
    fake.send(f"<presence from='{BOB}/x' type='bogus'/>")      # unknown type: ignored
    fake.send(f"<presence from='{BOB}/x'><priority>999</priority><show>sideways</show>"
              "</presence>")
    p = probe.wait_ev("presence", jid=BOB)
    assert p["available"] and p["show"] == "online"
    mark(fake, probe, "after presences")
    assert [i["jid"] for i in probe.seen if i.get("ev") == "presence"] == [BOB]
