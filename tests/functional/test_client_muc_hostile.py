"""Hostile and odd group-chat traffic from a raw-socket fake server, and
MUC self-ping (XEP-0410): presence with a muc#user payload from a JID that
is not the room, group chat from a non-room JID, a 1 MiB subject, control
and bidi characters in nicks — none changes what it should not, and the
genuine stanza after each forgery still counts. A self-ping answered
"not joined" rejoins the room; other answers do not."""
import pytest

from fakeserver import FakeServer
from xclient import Home, Probe, fingerprint

ROOM = "ops@conference.localhost"
MUC_USER = "http://jabber.org/protocol/muc#user"


def presence(nick, frm=None, extra="", ptype=None, role="participant", aff="none"):
    f = frm or f"{ROOM}/{nick}"
    t = f" type='{ptype}'" if ptype else ""
    return (f"<presence from='{f}' to='alice@localhost/xchat'{t}><x xmlns='{MUC_USER}'>"
            f"<item affiliation='{aff}' role='{role}'/>{extra}</x></presence>")


def groupchat(body, frm, mid="m1"):
    return (f"<message type='groupchat' id='{mid}' from='{frm}' to='alice@localhost/xchat'>"
            f"<body>{body}</body></message>")


def join_presence(el, nick="alice"):
    return el.tag.endswith("}presence") and el.get("to") == f"{ROOM}/{nick}" and \
        el.find("{http://jabber.org/protocol/muc}x") is not None


@pytest.fixture
def joined(tmp_path):
    fake = FakeServer(tmp_path)
    home = Home(tmp_path / "h")
    home.add_account("me", fake.jid, fake.host, fake.port)
    with open(home.config, "a") as f:
        f.write("[connection]\nroom_ping_interval = 1\n")
    probe = Probe(home, "me", "any-password", trust=fingerprint(fake.cafile))
    probe.online()
    fake.wait_stanza(lambda e: e.tag.endswith("}presence") and e.get("to") is None,
                     "initial presence")
    probe.send(f"/join {ROOM}/alice")
    fake.wait_stanza(join_presence, "the join")
    fake.send(presence("bob"))
    fake.send(presence("alice", extra="<status code='110'/>", role="moderator", aff="owner"))
    fake.send(f"<message type='groupchat' from='{ROOM}'><subject>hello</subject></message>")
    probe.wait_ev("room", room=ROOM, kind="joined")
    assert probe.wait(lambda i: "done" in i, what="the join's end")["done"] == 0
    yield fake, probe
    assert probe.alive(), "the client crashed"
    probe.stop()
    fake.close()


def occupants(probe):
    code, out = probe.run("/room occupants")
    assert code == 0
    return [line.split("\t")[0] for line in out]


def test_forged_room_traffic_changes_nothing(joined):
    fake, probe = joined
    # presence with a muc#user payload, but not from the room
    fake.send(presence("mallory", frm="mallory@localhost/x", role="moderator", aff="owner",
                       extra="<status code='110'/>"))
    fake.send(presence("carol", frm="other@conference.localhost/carol"))
    # group chat from someone who is not the room, or from a room we are not in
    fake.send(groupchat("forged", "mallory@localhost/x", "f1"))
    fake.send(groupchat("forged too", "other@conference.localhost/bob", "f2"))
    fake.send(groupchat("forged bare", "mallory@localhost", "f3"))
    fake.send(groupchat("genuine", f"{ROOM}/bob", "g1"))
    seen = []
    probe.wait(lambda i: (seen.append(i) or (i.get("ev") == "message" and
                                            i.get("body") == "genuine")), what="genuine")
    assert not [i for i in seen if i.get("ev") == "message" and i["body"] != "genuine"]
    assert not [i for i in seen if i.get("ev") == "occupant"]
    assert occupants(probe) == ["alice", "bob"]
    code, out = probe.run("/room")
    assert out[0].split("\t")[:3] == [ROOM, "joined", "alice"]


def test_huge_subject_and_hostile_nicks(joined):
    fake, probe = joined
    fake.send(f"<message type='groupchat' from='{ROOM}/bob'><subject>{'A' * (1 << 20)}"
              f"</subject></message>")
    ev = probe.wait_ev("room", room=ROOM, kind="subject", nick="bob")
    assert 4000 <= ev["subject_length"] <= 4096
    code, out = probe.run("/topic")
    assert code == 0 and len(out[0]) <= 4096 * 4
    # nicks no address may carry (C1 CSI, a bidi override) are dropped at the edge
    fake.send(presence("ev\u009b31mil"))
    fake.send(groupchat("from a bad nick", f"{ROOM}/ev\u202eil", "b1"))
    fake.send(presence("bob", ptype="unavailable", extra="<item nick='b\u009bb'/>"
                       "<status code='303'/>"))                 # renamed to one: gone
    # a nick resourceprep allows (a bidi isolate) and hostile text elsewhere
    evil = "ev\u2066il"
    fake.send(presence(evil))
    fake.send(groupchat("hi\u009b2J there\u202e", f"{ROOM}/{evil}", "e1"))
    fake.send(f"<message type='groupchat' from='{ROOM}/{evil}'><subject>top\u009b1mic"
              f"</subject></message>")
    probe.wait_ev("room", room=ROOM, kind="subject", nick=evil)   # events carry raw text
    assert occupants(probe) == ["alice", "ev<U+2066>il"]
    assert probe.run("/topic")[1] == ["top<U+009B>1mic"]
    code, out = probe.run(f"/history {ROOM}")
    text = "\n".join(out)
    for bad in ("\u009b", "\u202e", "\u2066"):
        assert bad not in text
    assert "from a bad nick" not in text
    assert "hi<U+009B>2J there<U+202E>" in text and "ev<U+2066>il" in text


def test_self_ping_rejoins_only_when_out(joined):
    fake, probe = joined

    def ping():
        """The next self-ping; a rejoin before it fails the test."""
        def pred(e):
            assert not join_presence(e), "rejoined although the room said we were in"
            return e.tag.endswith("}iq") and e.get("to") == f"{ROOM}/alice" and \
                e.find("{urn:xmpp:ping}ping") is not None
        return fake.wait_stanza(pred, "a self-ping")
    # still joined: a result, or errors that mean "joined" — no rejoin
    for answer in ("<iq type='result' id='{id}' from='{room}/alice'/>",
                   "<iq type='error' id='{id}' from='{room}/alice'><error type='cancel'>"
                   "<service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"
                   "</error></iq>",
                   "<iq type='error' id='{id}' from='{room}/alice'><error type='cancel'>"
                   "<item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"
                   "</error></iq>"):
        p = ping()
        fake.send(answer.format(id=p.get("id"), room=ROOM))
    # a forged answer from elsewhere is ignored; the genuine one counts
    p = ping()
    fake.send(f"<iq type='error' id='{p.get('id')}' from='mallory@localhost/x'><error "
              f"type='cancel'><not-acceptable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"
              f"</error></iq>")
    fake.send(f"<iq type='result' id='{p.get('id')}' from='{ROOM}/alice'/>")
    # not joined: the room is joined again
    p = ping()
    fake.send(f"<iq type='error' id='{p.get('id')}' from='{ROOM}/alice'><error type='cancel'>"
              f"<not-acceptable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>")
    fake.wait_stanza(join_presence, "the rejoin")
    probe.wait_ev("room", room=ROOM, kind="joining")
    fake.send(presence("alice", extra="<status code='110'/>"))
    probe.wait_ev("room", room=ROOM, kind="joined")
