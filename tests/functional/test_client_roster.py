"""Roster and presence subscriptions: add, rename, group and remove with
`xchat -e`; requests, approvals, cancellations and pre-approval between
the interactive core and a slixmpp peer."""
import pytest

from peers import SlixPeer
from xclient import home_for, online_probe, xchat_e


def roster_lines(r):
    assert r.returncode == 0, r.stderr
    return [line.split("\t") for line in r.stdout.splitlines()]


def test_roster_add_rename_group_remove(server, tmp_path):
    a_jid, a_pw = server.new_account("a")
    b_jid, _ = server.new_account("b")
    home = home_for(tmp_path, server, a_jid)

    def run(*cmds):
        return xchat_e(server, home, "me", a_pw, *cmds)

    assert roster_lines(run(f"/roster add {b_jid} Bob", "/roster")) == [
        [b_jid, "Bob", "none", "-"]]
    assert roster_lines(run(f'/roster name {b_jid} "Bob B."', "/roster show")) == [
        [b_jid, "Bob B.", "none", "-"]]
    assert roster_lines(run(f"/roster group {b_jid} Friends Work", "/roster")) == [
        [b_jid, "Bob B.", "none", "Friends,Work"]]
    assert roster_lines(run(f"/roster remove {b_jid}", "/roster")) == []


def test_roster_remove_of_unknown_contact_fails(server, tmp_path):
    a_jid, a_pw = server.new_account("a")
    home = home_for(tmp_path, server, a_jid)
    r = xchat_e(server, home, "me", a_pw, f"/roster remove nobody@{server.domain}")
    assert r.returncode == 69
    assert "item-not-found" in r.stderr and len(r.stderr.splitlines()) == 1


def sub_item(probe, jid, subscription):
    return probe.wait_ev("roster", jid=jid, subscription=subscription)


@pytest.fixture
def pair(server, tmp_path):
    a_jid, a_pw = server.new_account("a")
    b_jid, b_pw = server.new_account("b")
    home = home_for(tmp_path, server, a_jid)
    probe = online_probe(server, home, a_pw)
    b = SlixPeer(server, b_jid, b_pw).start()
    yield probe, b, a_jid, b_jid
    probe.stop()
    b.stop()


def test_subscription_request_approve_and_cancel(pair):
    probe, b, a_jid, b_jid = pair
    # we ask, they approve
    assert probe.run(f"/sub request {b_jid}")[0] == 0
    b.wait_presence(lambda p: p["type"] == "subscribe" and p["from"].bare == a_jid)
    b.call(lambda: b.client.send_presence(pto=a_jid, ptype="subscribed"))
    probe.wait_all(("subscription", {"from": b_jid, "kind": "approved"}),
                   ("roster", {"jid": b_jid, "subscription": "to"}))
    # they ask, we allow
    b.call(lambda: b.client.send_presence(pto=a_jid, ptype="subscribe"))
    probe.wait_ev("subscription", **{"from": b_jid, "kind": "request"})
    code, out = probe.run("/sub")
    assert code == 0 and out == [f"{b_jid} wants to see your presence"]
    assert probe.run(f"/sub allow {b_jid}")[0] == 0
    sub_item(probe, b_jid, "both")
    # we stop seeing theirs, then withdraw ours
    assert probe.run(f"/sub cancel {b_jid}")[0] == 0
    sub_item(probe, b_jid, "from")
    assert probe.run(f"/sub deny {b_jid}")[0] == 0
    sub_item(probe, b_jid, "none")


def test_pre_approval_answers_a_later_request(pair, server):
    probe, b, a_jid, b_jid = pair
    assert probe.run(f"/roster add {b_jid}")[0] == 0
    sub_item(probe, b_jid, "none")
    assert probe.run(f"/sub allow {b_jid}")[0] == 0  # before they ask
    b.call(lambda: b.client.send_presence(pto=a_jid, ptype="subscribe"))
    b.wait_presence(lambda p: p["type"] == "subscribed" and p["from"].bare == a_jid)
    sub_item(probe, b_jid, "from")
