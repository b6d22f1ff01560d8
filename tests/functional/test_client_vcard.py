"""vCards (XEP-0054): publish fields of our own with `xchat -e`, read them
back from another account with xchat and with slixmpp; fields xchat does
not set survive an edit; an empty value removes a field."""
from peers import SlixPeer
from xclient import home_for, xchat_e


def fields(r):
    assert r.returncode == 0, r.stderr
    return dict(line.split(": ", 1) for line in r.stdout.splitlines())


def test_vcard_round_trip(server, tmp_path):
    a_jid, a_pw = server.new_account("a")
    b_jid, b_pw = server.new_account("b")
    a = home_for(tmp_path, server, a_jid, "alice")
    b = home_for(tmp_path, server, b_jid, "bob")
    r = xchat_e(server, a, "alice", a_pw, "/vcard set FN Alice Liddell",
                "/vcard set email alice@example.org", "/vcard set NOTE down the rabbit hole")
    assert r.returncode == 0, r.stderr
    got = fields(xchat_e(server, b, "bob", b_pw, f"/vcard {a_jid}"))
    assert got == {"FN": "Alice Liddell", "EMAIL": "alice@example.org",
                   "NOTE": "down the rabbit hole"}

    with SlixPeer(server, b_jid, b_pw) as peer:
        peer.client.register_plugin("xep_0054")
        card = peer.call(lambda: peer.client["xep_0054"].get_vcard(a_jid, cached=False))
        assert card["vcard_temp"]["FN"] == "Alice Liddell"

    r = xchat_e(server, a, "alice", a_pw, '/vcard set NOTE ""', "/vcard")
    assert fields(r) == {"FN": "Alice Liddell", "EMAIL": "alice@example.org"}


def test_vcard_set_unknown_field_is_65(server, tmp_path):
    a_jid, a_pw = server.new_account("a")
    home = home_for(tmp_path, server, a_jid)
    r = xchat_e(server, home, "me", a_pw, "/vcard set SHOESIZE 42")
    assert r.returncode == 65 and "SHOESIZE" in r.stderr


def test_vcard_of_account_without_one_is_empty(server, tmp_path):
    a_jid, a_pw = server.new_account("a")
    b_jid, _ = server.new_account("b")
    home = home_for(tmp_path, server, a_jid)
    r = xchat_e(server, home, "me", a_pw, f"/vcard {b_jid}")
    assert r.returncode == 0, r.stderr
    assert r.stdout == ""
