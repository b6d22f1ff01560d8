"""Logging in from the terminal UI: with no XCHAT_PASSWORD the password is
asked in the input line without echo; a certificate that does not verify
is shown by fingerprint and accepted with "yes" while the UI keeps
working; `xchat -j JID --register` on a terminal asks for the new
password twice, creates the account and carries on into the UI."""
import pytest

from conftest import XCHAT
from peers import SlixPeer
from test_ui_session import ui_env
from tui import Screen, tmux_available
from xclient import Home, fingerprint

pytestmark = pytest.mark.skipif(not tmux_available(), reason="tmux or dbus-run-session missing")


def test_password_prompt_and_certificate_question(server, tmp_path):
    jid, password = server.new_account("pw")
    home = Home(tmp_path / "h")
    home.add_account("me", jid, server.host, server.port)
    screen = Screen(tmp_path / "s", [XCHAT, "-j", jid], ui_env(home))
    try:
        screen.wait_text(f"Password for {jid}:")
        screen.type(password)
        screen.wait_text(f"Password for {jid}:")
        assert password not in screen.dump()          # no echo
        screen.send("Enter")
        # the certificate question; keys keep working while it waits
        screen.wait_text(fingerprint(server.cafile)[:20])
        screen.wait_text(f"Accept the certificate of {server.domain}? (yes/no)")
        screen.send("M-r")                            # the roster pane goes
        screen.wait(lambda rows: "\u2502" not in rows[1], "no roster pane")
        screen.send("M-r")
        screen.wait(lambda rows: "\u2502" in rows[1], "the roster pane")
        screen.type("yes")
        screen.send("Enter")
        screen.wait_text("online as")
        screen.wait_text("certificate accepted and pinned")
        code, after = screen.quit()
        assert code == 0, after
    finally:
        screen.close()


def test_register_then_ui(server, tmp_path):
    user = "reg" + tmp_path.name[-6:].replace("_", "").lower()
    jid = f"{user}@{server.domain}"
    home = Home(tmp_path / "h")
    home.add_account("me", jid, server.host, server.port)
    screen = Screen(tmp_path / "s", [XCHAT, "-j", jid, "--register", "--trust",
                                     fingerprint(server.cafile)], ui_env(home))
    try:
        screen.wait_text(f"New password for {jid}:")
        screen.type("first-try")
        screen.send("Enter")
        screen.wait_text("Repeat the new password:")
        screen.type("typo")
        screen.send("Enter")
        screen.wait_text("the two passwords differ")
        screen.type("n3w-secret")
        screen.send("Enter")
        screen.type("n3w-secret")
        screen.send("Enter")
        screen.wait_text("online as")
        # the account exists: another client logs in with that password
        with SlixPeer(server, jid, "n3w-secret", resource="check"):
            pass
        code, after = screen.quit()
        assert code == 0, after
    finally:
        screen.close()
