"""The account tools on a terminal: the password is asked twice and never
echoed; a mismatch changes nothing."""
import os
import pty
import select
import subprocess
import time

from conftest import XCHAT
from rawxmpp import Client


def run_on_tty(args, answers):
    """Runs xchat on a pseudo-terminal, answering each prompt in turn;
    returns (exit code, everything the terminal showed)."""
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(XCHAT, [XCHAT] + args)
    shown, answers = b"", list(answers)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 1)
        if not ready:
            continue
        try:
            data = os.read(fd, 1024)
        except OSError:
            break
        if not data:
            break
        shown += data
        if answers and shown.rstrip().endswith(b":"):
            os.write(fd, answers.pop(0).encode() + b"\n")
    else:
        os.kill(pid, 9)  # bounded: a tool that still waits fails the test, not the suite
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    return os.waitstatus_to_exitcode(status), shown.decode(errors="replace")


def test_add_user_on_a_terminal(make_xchat_server):
    srv = make_xchat_server()
    code, shown = run_on_tty(["--serve", "--add-user", "tty", "--data-dir", srv.workdir],
                             ["s3cret-on-tty", "s3cret-on-tty"])
    assert code == 0, shown
    assert "s3cret-on-tty" not in shown  # no echo
    assert shown.count("assword") + shown.count("Repeat") >= 2  # asked twice
    c = Client(srv, "tty@localhost", "s3cret-on-tty")
    c.close()


def test_mismatch_changes_nothing(make_xchat_server):
    srv = make_xchat_server()
    code, shown = run_on_tty(["--serve", "--add-user", "tty2", "--data-dir", srv.workdir],
                             ["one", "two"])
    assert code == 65, shown
    r = subprocess.run([XCHAT, "--serve", "--del-user", "tty2", "--data-dir", srv.workdir],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 67  # it was never created
