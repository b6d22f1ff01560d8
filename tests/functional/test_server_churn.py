"""Fault scenario: a thousand concurrent clients churn presence for a
minute against the embedded server (tests/bench/xbench churn: pairs
subscribed to each other, a presence change every half to one and a half
seconds per client, one change in ten a logout and a new login). No
client may fail or get an error, and the server's memory at the end may
not have grown much past what it was halfway through (a leak per login
or per presence would show as steady growth)."""
import os
import subprocess

from conftest import BUILDDIR

XBENCH = os.path.join(BUILDDIR, "tests", "bench", "xbench")
CLIENTS = 1000
SECONDS = 60
PASSWORD = "churn-pw"


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise AssertionError("no VmRSS")


def xbench(srv, *args):
    return [XBENCH, srv.host, str(srv.port), srv.domain, *map(str, args)]


def test_thousand_clients_churn_presence(make_xchat_server):
    srv = make_xchat_server()
    reg = subprocess.run(xbench(srv, "register", "ch", CLIENTS, PASSWORD), capture_output=True,
                         text=True, timeout=600)
    assert reg.returncode == 0, reg.stderr
    assert "failed=0" in reg.stdout.split(), reg.stdout
    p = subprocess.Popen(xbench(srv, "churn", "ch", PASSWORD, CLIENTS, SECONDS),
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True)
    try:
        assert p.stdout.readline().strip() == "half"
        half = rss_kib(srv.proc.pid)
        assert p.stdout.readline().strip() == "end"
        end = rss_kib(srv.proc.pid)
        out, err = p.communicate(timeout=120)   # closes its stdin: it lets go
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
    counts = dict(line.split("=", 1) for line in out.split() if "=" in line)
    assert p.returncode == 0, err
    assert counts["failed"] == "0" and counts["errors"] == "0", (counts, err[-2000:])
    # every client logged in, many again; presence flowed between the pairs
    assert int(counts["logins"]) > CLIENTS
    assert int(counts["sent"]) > CLIENTS * 10
    assert int(counts["received"]) > int(counts["sent"]) // 2
    assert srv.proc.poll() is None, "the server died"
    # stable: at most 10% (and 8 MiB of allocator slack) above halfway
    assert end <= half * 1.10 + 8192, (half, end)
