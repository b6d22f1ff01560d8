"""`xchat --serve` with its client, and a second xchat that registers on
it: the README's quick start, end to end in two terminals. The first run
of --serve creates the local user's account (password asked twice), the
second xchat creates its own with --register, and the two chat."""
import os
import socket

import pytest

from conftest import XCHAT, free_port
from test_ui_session import ui_env
from tui import Screen, tmux_available
from xclient import Home, fingerprint

pytestmark = pytest.mark.skipif(not tmux_available(), reason="tmux or dbus-run-session missing")


def set_password(screen, prompt, password):
    screen.wait_text(prompt)
    screen.type(password)
    screen.send("Enter")
    screen.wait_text("Repeat the new password:")
    screen.type(password)
    screen.send("Enter")


def test_serve_and_register(tmp_path):
    port = free_port()
    data = str(tmp_path / "server")
    a_home = Home(tmp_path / "a")
    a = Screen(tmp_path / "sa", [XCHAT, "--serve", "--port", str(port), "--data-dir", data,
                                 "-j", "ann@localhost"], ui_env(a_home))
    b = None
    try:
        set_password(a, "New password for ann@localhost:", "ann-pass")
        a.wait_text("online as ann@localhost")
        # the server's log went to its file, not over the UI
        assert os.path.exists(os.path.join(data, "server.log"))
        assert "xchat-server" not in a.dump()

        b_home = Home(tmp_path / "b")
        b_home.add_account("bob", "bob@localhost", "127.0.0.1", port)
        b = Screen(tmp_path / "sb", [XCHAT, "-j", "bob@localhost", "--register", "--trust",
                                     fingerprint(os.path.join(data, "cert.pem"))],
                   ui_env(b_home))
        set_password(b, "New password for bob@localhost:", "bob-pass")
        b.wait_text("online as bob@localhost")

        a.type("/msg bob@localhost hello bob")
        a.send("Enter")
        b.wait_text("2:ann@localhost*(1)")
        b.send("M-2")
        b.wait_text("ann@localhost: hello bob")
        b.type("hi ann")
        b.send("Enter")
        a.wait_text("bob@localhost: hi ann")

        assert b.quit()[0] == 0
        code, after = a.quit()
        assert code == 0, after
        with pytest.raises(OSError):   # the server stopped with its client
            socket.create_connection(("127.0.0.1", port), timeout=2).close()
    finally:
        a.close()
        if b:
            b.close()
