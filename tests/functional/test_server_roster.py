"""Rosters (RFC 6121 §2): get, set, remove, pushes to every interested
resource, versioning, and the error cases of §2.3.3 and §2.5.3."""
import xml.etree.ElementTree as ET

from peers import SlixPeer
from rawxmpp import NS_CLIENT, NS_ROSTER, Client, q, stanza_error


def items(result):
    query = result.find(q(NS_ROSTER, "query"))
    return {i.get("jid"): i for i in query} if query is not None else None


def test_set_get_and_push_to_every_resource(server):
    jid, pw = server.new_account("ro")
    friend, _ = server.new_account("fr")
    a1 = Client(server, jid, pw, resource="one")
    a2 = Client(server, jid, pw, resource="two")
    for c in (a1, a2):
        c.roster()  # interested from now on
    assert a1.roster_set(friend, name="Friend", groups=["Pals", "Work"]).get("type") == "result"
    for c in (a1, a2):
        item = c.push(friend)
        assert item.get("name") == "Friend"
        assert item.get("subscription") == "none"
        assert sorted(g.text for g in item) == ["Pals", "Work"]
    got = items(a2.roster())
    assert got[friend].get("name") == "Friend"
    a1.close()
    a2.close()


def test_not_interested_resource_gets_no_push(server):
    jid, pw = server.new_account("ni")
    friend, _ = server.new_account("fr")
    a1 = Client(server, jid, pw, resource="one")
    a2 = Client(server, jid, pw, resource="quiet")  # never asks for the roster
    a1.roster()
    a1.roster_set(friend)
    a1.push(friend)
    a2.nothing(lambda e: e.tag == q(NS_CLIENT, "iq") and e.get("type") == "set")
    a1.close()
    a2.close()


def test_slixmpp_sees_its_roster_change(server):
    jid, pw = server.new_account("sx")
    friend, _ = server.new_account("fr")
    with SlixPeer(server, jid, pw) as a:
        a.call(a.client.update_roster, friend, name="Buddy", groups=["G"])
        a.call(a.client.get_roster)
        item = a.client.client_roster[friend]
        assert item["name"] == "Buddy" and item["groups"] == ["G"]


def test_versioning(server):
    jid, pw = server.new_account("rv")
    friend, _ = server.new_account("fr")
    other, _ = server.new_account("fr")
    a = Client(server, jid, pw)
    a.roster_set(other)
    first = a.roster(ver="")
    ver = first.find(q(NS_ROSTER, "query")).get("ver")
    assert ver is not None
    same = a.roster(ver=ver)
    assert same.get("type") == "result" and same.find(q(NS_ROSTER, "query")) is None
    a.roster_set(friend)
    push = a.recv_until(lambda e: e.get("type") == "set" and friend in ET.tostring(e).decode())
    new_ver = push.find(q(NS_ROSTER, "query")).get("ver")
    assert new_ver and new_ver != ver
    full = a.roster(ver=ver)  # stale: the whole roster again
    assert friend in items(full)
    a.close()


def test_remove(server):
    jid, pw = server.new_account("rm")
    friend, _ = server.new_account("fr")
    a = Client(server, jid, pw)
    a.roster()
    a.roster_set(friend)
    a.push(friend)
    assert a.roster_set(friend, remove=True).get("type") == "result"
    assert a.push(friend).get("subscription") == "remove"
    assert friend not in items(a.roster())
    err = a.roster_set(friend, remove=True)
    assert stanza_error(err)[1] == "item-not-found"
    a.close()


def test_two_items_is_bad_request(server):
    jid, pw = server.new_account("bi")
    a = Client(server, jid, pw)
    el = a.iq(f"<iq type='set' id='two'><query xmlns='{NS_ROSTER}'><item jid='x@{server.domain}'/>"
              f"<item jid='y@{server.domain}'/></query></iq>", "two")
    assert stanza_error(el) == ("modify", "bad-request")
    a.close()


def test_self_is_not_allowed(server):
    jid, pw = server.new_account("se")
    a = Client(server, jid, pw)
    assert stanza_error(a.roster_set(jid))[1] == "not-allowed"
    a.close()


def test_group_errors(xchat_server):
    jid, pw = xchat_server.new_account("ge")
    a = Client(xchat_server, jid, pw)
    assert stanza_error(a.roster_set("x@localhost", groups=[""]))[1] == "not-acceptable"
    assert stanza_error(a.roster_set("x@localhost", groups=["a", "a"]))[1] == "bad-request"
    assert stanza_error(a.roster_set("x@localhost", groups=["g" * 2000]))[1] == "not-acceptable"
    a.close()


def test_someone_elses_roster_is_forbidden(xchat_server):
    jid, pw = xchat_server.new_account("fo")
    other, _ = xchat_server.new_account("ot")
    a = Client(xchat_server, jid, pw)
    el = a.iq(f"<iq type='get' id='f' to='{other}'><query xmlns='{NS_ROSTER}'/></iq>", "f")
    assert stanza_error(el) == ("auth", "forbidden")
    a.close()
