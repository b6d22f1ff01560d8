"""The terminal side of the UI, with no server: ~/.inputrc read under
`$if xchat` (vi editing), --theme, [keys] rebinding, one warning when
there is no D-Bus session, and SIGTERM giving the terminal back."""
import os
import signal
import subprocess
import time

import pytest

from conftest import XCHAT
from test_ui_session import ui_env
from tui import Screen, tmux_available
from xclient import Home

pytestmark = pytest.mark.skipif(not tmux_available(), reason="tmux or dbus-run-session missing")


def xchat_pid(screen):
    shell = screen.pane("#{pane_pid}")
    out = subprocess.run(["ps", "--ppid", shell, "-o", "pid=,comm="], capture_output=True,
                         text=True).stdout
    return next(int(line.split()[0]) for line in out.splitlines() if "xchat" in line)


def test_inputrc_theme_keys_and_sigterm(tmp_path):
    home = Home(tmp_path / "h")
    with open(home.config, "w") as f:
        f.write("[keys]\ntoggle_roster = M-t\n")
    inputrc = tmp_path / "inputrc"
    inputrc.write_text("$if xchat\nset editing-mode vi\n$endif\n")
    env = ui_env(home)
    env["INPUTRC"] = str(inputrc)
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    screen = Screen(tmp_path / "s", [XCHAT, "--theme", "mono"], env)
    try:
        rows = screen.wait_text("No account is set up")
        # no session bus: one warning, and the UI goes on
        assert sum("Desktop notifications are off" in r for r in rows) == 1
        # vi editing from ~/.inputrc: Esc, 0 (start of line), i, X
        screen.type("hello")
        screen.send("Escape")
        time.sleep(0.2)   # a key right after Esc would be Alt-key, as in any terminal
        screen.type("0iX")
        screen.wait_text("> Xhello")
        screen.send("Escape")
        time.sleep(0.2)
        screen.type("cc")                     # vi: change the whole line
        screen.type("/theme")
        screen.send("Enter")
        screen.wait_text("* mono")
        # the roster pane on a rebound key
        screen.type("/help keys")
        screen.send("Enter")
        rows = screen.wait_text("toggle_roster")
        assert "M-t" in next(r for r in rows if "toggle_roster" in r)
        assert "\u2502" in rows[1]
        screen.send("M-t")
        screen.wait(lambda rows: "\u2502" not in rows[1], "no roster pane")
        # SIGTERM: a clean exit, the terminal as it was
        os.kill(xchat_pid(screen), signal.SIGTERM)
        code, after = screen.wait_exit()
        assert code == 0, after
        assert " icanon" in after and " echo" in after and "-icanon" not in after, after
        assert screen.pane("#{alternate_on}") == "0"
    finally:
        screen.close()
