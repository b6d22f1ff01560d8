"""Messages routed by resource (XEP-0296) between the interactive core and
one account logged in twice with slixmpp: to the bare JID until a full JID
writes, then to that resource until its presence changes or another
resource writes; incoming from any resource lands in one conversation."""
import pytest

from peers import SlixPeer
from xclient import home_for, online_probe


@pytest.fixture
def setup(server, tmp_path):
    a_jid, a_pw = server.new_account("a")
    b_jid, b_pw = server.new_account("b")
    home = home_for(tmp_path, server, a_jid)
    r1 = SlixPeer(server, b_jid, b_pw, resource="r1", priority=1).start()
    r2 = SlixPeer(server, b_jid, b_pw, resource="r2", priority=0).start()
    probe = online_probe(server, home, a_pw)
    yield probe, r1, r2, a_jid, b_jid
    probe.stop()
    r1.stop()
    r2.stop()


def route(probe, jid):
    probe.send(f"!route {jid}")
    return probe.wait(lambda i: "route" in i, what="route")["route"]


def next_body(peer):
    return peer.wait_message()["body"]


def test_routing_follows_the_resource_that_writes(setup):
    probe, r1, r2, a_jid, b_jid = setup
    assert route(probe, b_jid) == b_jid
    # to the bare JID: the server picks the highest priority, r1
    assert probe.run(f"/msg {b_jid} hello bare")[0] == 0
    assert next_body(r1) == "hello bare"

    r2.send_message(a_jid, "from r2")
    m = probe.wait_ev("message", body="from r2")
    assert m["peer"] == b_jid and m["resource"] == "r2" and not m["outgoing"]
    assert route(probe, b_jid) == f"{b_jid}/r2"
    assert probe.run(f"/msg {b_jid} reply one")[0] == 0
    assert probe.run(f"/msg {b_jid}/r1 marker one")[0] == 0
    assert next_body(r2) == "reply one"
    assert next_body(r1) == "marker one"  # r1 never saw "reply one"

    # another resource writes: it takes over
    r1.send_message(a_jid, "from r1")
    m = probe.wait_ev("message", body="from r1")
    assert m["peer"] == b_jid and m["resource"] == "r1"
    assert probe.run(f"/msg {b_jid} reply two")[0] == 0
    assert probe.run(f"/msg {b_jid}/r2 marker two")[0] == 0
    assert next_body(r1) == "reply two"
    assert next_body(r2) == "marker two"

    # the locked resource's presence changes: back to the bare JID
    r1.call(lambda: r1.client.send_presence(pto=a_jid, pshow="away"))
    probe.wait_ev("presence", jid=b_jid, resource="r1")
    assert route(probe, b_jid) == b_jid


def test_incoming_from_each_resource_is_one_conversation(setup):
    probe, r1, r2, a_jid, b_jid = setup
    r1.send_message(a_jid, "one")
    r2.send_message(a_jid, "two")
    got = [probe.wait_ev("message", outgoing=False) for _ in range(2)]
    assert {(m["peer"], m["resource"], m["body"]) for m in got} == {
        (b_jid, "r1", "one"), (b_jid, "r2", "two")}
    code, out = probe.run(f"/history {b_jid}")
    assert code == 0
    assert [line.split("< ", 1)[1] for line in out] == [f"{b_jid}/r1: one", f"{b_jid}/r2: two"]
