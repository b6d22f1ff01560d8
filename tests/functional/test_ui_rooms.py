"""Group chat and feeds in the terminal UI (the real binary in tmux) on
both servers, with a slixmpp occupant: /join opens the room's tab with
the title row and the occupant pane (sorted by role, affiliation glyphs),
joins of quiet occupants stay out of the text, room messages and a
mention mark the tab, a nick tab-completes as "nick:", the subject shows
in the title row, the configuration form is edited with field
completion, a private message opens its own window and /msg NICK
answers it, F3 hides the pane, being kicked is shown; PubSub events land
one line each in the feeds window."""
import pytest

from conftest import XCHAT
from mucutil import require_service, new_room, slix_join, slix_say, slix_wait_groupchat
from peers import SlixPeer
from test_ui_session import ui_env, row_with
from tui import Screen, tmux_available
from xclient import Home, fingerprint, home_for, online_probe

pytestmark = pytest.mark.skipif(not tmux_available(), reason="tmux or dbus-run-session missing")


@pytest.fixture
def ui(server, tmp_path):
    me_jid, me_pw = server.new_account("me")
    home = Home(tmp_path / "me")
    home.add_account("me", me_jid, server.host, server.port)
    screen = Screen(tmp_path / "screen", [XCHAT, "-a", "me", "--trust",
                                          fingerprint(server.cafile)],
                    ui_env(home, me_pw), cols=120, rows=30)
    screen.wait_text("online as")
    yield screen, me_jid
    screen.close()


def test_room_in_the_ui(server, ui):
    screen, me_jid = ui
    service = require_service(server, "conference")
    room = new_room(service)
    local = room.split("@")[0]
    screen.type(f"/join {room}/boss")
    screen.send("Enter")
    # the room's tab is current; title row; the pane with us as owner
    rows = screen.wait_text(f"{room} (1)")
    screen.wait_text("Moderators (1)")
    rows = screen.wait_text("~\u25cf boss")
    assert row_with(rows, f"2:{local}"), screen.dump()
    screen.wait_text(f"you are in {room} as boss, with 1 occupant")

    a_jid, a_pw = server.new_account("alice")
    with SlixPeer(server, a_jid, a_pw) as alice:
        slix_join(alice, room, "alice")
        screen.wait_text(f"{room} (2)")
        rows = screen.wait_text("Participants (1)")
        assert row_with(rows, "alice"), screen.dump()
        # alice has never spoken: her join is noise, kept out of the text
        assert "alice joined" not in screen.dump()

        slix_say(alice, room, "hello room")
        screen.wait_text("alice: hello room")

        # a nick completes as "nick:" at the start of a line
        screen.type("ali")
        screen.send("Tab")
        screen.wait_text("> alice:")
        screen.type("welcome")
        screen.send("Enter")
        got = slix_wait_groupchat(alice, "alice: welcome")
        assert str(got["from"]) == f"{room}/boss"
        screen.wait_text("boss: alice: welcome")

        # the subject in the title row, and a line saying who set it
        screen.type("/topic Release at 20:00")
        screen.send("Enter")
        screen.wait_text(f"{room} (2) \u2014 Release at 20:00")
        screen.wait_text("boss set the subject: Release at 20:00")

        # the configuration form: shown, a field completed, changed
        screen.type("/room config")
        screen.send("Enter")
        screen.wait_text("muc#roomconfig_roomname =")
        screen.type("/room config muc#roomconfig_roomn")
        screen.send("Tab")
        screen.wait_text("> /room config muc#roomconfig_roomname=")
        screen.type("Ops")
        screen.send("Enter")
        screen.wait_text("the room's configuration changed")   # status 104: done
        screen.type("/room config")
        screen.send("Enter")
        screen.wait_text("muc#roomconfig_roomname = Ops")

        # from the console: a room message marks the tab +, a mention !
        screen.send("M-1")
        slix_say(alice, room, "just chatting")
        screen.wait_text(f"2:{local}+(1)")
        slix_say(alice, room, "boss: are you there?")
        screen.wait_text(f"2:{local}!(2)")

        # a private message opens its own window, marked *
        alice.send_message(f"{room}/boss", "psst, a secret")
        screen.wait_text(f"3:alice/{local}*(1)")
        screen.send("M-3")
        screen.wait_text("alice: psst, a secret")
        # /msg NICK from the room answers in that window
        screen.send("M-2")
        screen.wait_text("boss: are you there?")
        screen.type("/msg alice the answer")
        screen.send("Enter")
        pm = alice.wait_message(lambda m: m["body"] == "the answer")
        assert str(pm["from"]) == f"{room}/boss" and pm["type"] == "chat"
        screen.wait_text("boss: the answer")       # back in alice/room's window
        assert row_with(screen.text(), f"{room}/alice"), screen.dump()

        # F3 hides and shows the occupant pane
        screen.send("M-2")
        screen.wait_text("Moderators (1)")
        screen.send("F3")
        screen.wait_gone("Moderators (1)")
        screen.send("F3")
        screen.wait_text("Moderators (1)")

        # alice speaks, then leaves: someone who talked is no noise
        alice.call(lambda: alice.client.send_presence(pto=f"{room}/alice", ptype="unavailable",
                                                      pstatus="dinner"))
        screen.wait_text("\u2190 alice left: dinner")
        screen.wait_text(f"{room} (1)")

    code, _ = screen.quit()
    assert code == 0


def test_kicked_shows(server, ui, tmp_path):
    screen, me_jid = ui
    service = require_service(server, "conference")
    room = new_room(service)
    o_jid, o_pw = server.new_account("owner")
    owner = online_probe(server, home_for(tmp_path, server, o_jid, name="o"), o_pw,
                         account="o")
    try:
        assert owner.run(f"/join {room}/chief")[0] == 0
        screen.type(f"/join {room}/visitor")
        screen.send("Enter")
        screen.wait_text(f"{room} (2)")
        screen.wait_text("~\u25cf chief")
        assert owner.run("/kick visitor enough")[0] == 0
        screen.wait_text("you were kicked by chief: enough")
    finally:
        owner.stop()


def test_feeds_window(server, ui, tmp_path):
    screen, me_jid = ui
    service = require_service(server, "pubsub")
    o_jid, o_pw = server.pubsub_admin()
    owner = online_probe(server, home_for(tmp_path, server, o_jid, name="o"), o_pw,
                         account="o")
    node = f"news-{tmp_path.name[-10:]}".replace("[", "").replace("]", "")
    try:
        assert owner.run(f"/pubsub create {service} {node}")[0] == 0
        screen.type(f"/pubsub subscribe {service} {node}")
        screen.send("Enter")
        screen.wait_text(f"subscribed to {node} on {service}")
        assert owner.run(f"/pubsub publish {service} {node} Release 2.0 is out")[0] == 0
        rows = screen.wait_text("2:feeds+(1)")
        screen.send("M-2")
        rows = screen.wait_text(f"#1 {node} \u00b7 ")
        assert "Release 2.0 is out" in row_with(rows, f"#1 {node}"), screen.dump()
        assert owner.run(f"/pubsub publish {service} {node} Second")[0] == 0
        screen.wait_text(f"#2 {node}")
        screen.type("/pubsub show 1")
        screen.send("Enter")
        screen.wait_text("<entry")
    finally:
        owner.stop()
