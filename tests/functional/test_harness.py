"""The harness itself: each server starts, takes accounts, and carries a
message between two real slixmpp clients. If this fails, every other
scenario's result means nothing."""
from peers import SlixPeer


def test_two_slixmpp_clients_chat(server):
    a_jid, a_pw = server.new_account("a")
    b_jid, b_pw = server.new_account("b")
    with SlixPeer(server, a_jid, a_pw) as a, SlixPeer(server, b_jid, b_pw) as b:
        a.send_message(b_jid, "hello through " + server.name)
        m = b.wait_message()
        assert m["body"] == "hello through " + server.name
        assert m["from"].bare == a_jid
        assert m["type"] == "chat"
