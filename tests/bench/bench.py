"""`make bench`: a one-message send with `xchat -e`, from process start to
exit, side by side with go-sendxmpp against the same local Prosody.

Prints the median and mean wall time and the peak resident memory of each
(measured by /usr/bin/time), and xchat's share of go-sendxmpp's
figures. Nothing is asserted: the figures depend on the machine; the
target (xchat at most half of go-sendxmpp's time, and less memory) is read
from the table. Both tools send the same message to the same account over
TLS; xchat also waits for the server's confirmation, go-sendxmpp does not.
"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "functional"))
import conftest  # noqa: E402  (helpers shared with the functional tests)
from xclient import Home, fingerprint  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "20"))


def start_prosody(d):
    os.makedirs(os.path.join(d, "data"))
    key, cert = conftest.make_cert(d, [conftest.DOMAIN, f"conference.{conftest.DOMAIN}"])
    port = conftest.free_port()
    config = os.path.join(d, "prosody.cfg.lua")
    with open(config, "w") as f:
        f.write(conftest.PROSODY_CONFIG.format(d=d, port=port, domain=conftest.DOMAIN,
                                               key=key, cert=cert,
                                               pubsub_admin=conftest.PUBSUB_ADMIN))
    log = os.path.join(d, "prosody.log")
    proc = subprocess.Popen([conftest.PROSODY, "--config", config, "-F"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    srv = conftest.ProsodyServer(port, cert, d, proc, log)
    srv.config = config
    conftest.wait_listening(port, proc, log)
    return srv


# The peak RSS of a child that Python starts includes Python's own (the
# child begins as a copy of it), so the tools run under /usr/bin/time,
# a small process, which reports theirs.
TIME = shutil.which("time", path="/usr/bin:/bin")


def measure(argv, env, stdin):
    """(seconds, peak RSS in KiB or None) of one run; exits on failure."""
    wrapped = [TIME, "-f", "maxrss %M"] + argv if TIME else argv
    t0 = time.monotonic()
    r = subprocess.run(wrapped, env=env, input=stdin, text=True, capture_output=True)
    elapsed = time.monotonic() - t0
    if r.returncode != 0:
        sys.exit(f"{argv[0]} failed ({r.returncode}): {r.stderr}")
    rss = [int(line.split()[1]) for line in r.stderr.splitlines()
           if line.startswith("maxrss ")]
    return elapsed, rss[-1] if rss else None


def main():
    go = shutil.which("go-sendxmpp")
    if not go:
        sys.exit("make bench needs go-sendxmpp (apt-get install go-sendxmpp)")
    d = tempfile.mkdtemp(prefix="xchat-bench-")
    srv = start_prosody(d)
    try:
        a_jid, a_pw = srv.new_account("a")
        b_jid, _ = srv.new_account("b")
        home = Home(os.path.join(d, "home"))
        home.add_account("me", a_jid, srv.host, srv.port)
        fp = fingerprint(srv.cafile)
        xchat = [conftest.XCHAT, "-a", "me", "--trust", fp, "-e", f"/msg {b_jid}"]
        gosend = [go, "-u", a_jid, "-p", a_pw, "-j", f"{srv.host}:{srv.port}", "-n", b_jid]
        # Both tools see OpenSSL's own defaults: an SSL_CERT_FILE set in
        # the caller's environment would make xchat load the whole CA
        # bundle twice per login (see trust_prefer_cert_dir).
        clean = {"SSL_CERT_FILE": None, "SSL_CERT_DIR": None}
        envs = [home.env(a_pw), home.env()]
        for e in envs:
            for k in clean:
                e.pop(k, None)
        tools = {"xchat -e": (xchat, envs[0]), "go-sendxmpp": (gosend, envs[1])}
        results = {name: [] for name in tools}
        for name, (argv, env) in tools.items():       # warm-up: caches, pins
            measure(argv, env, "warm-up")
        for i in range(RUNS):
            for name, (argv, env) in tools.items():   # interleaved: fair to both
                results[name].append(measure(argv, env, f"benchmark message {i}"))
    finally:
        conftest.stop(srv.proc)
        shutil.rmtree(d, ignore_errors=True)
    print(f"one-message send, {RUNS} runs each, local Prosody over TLS")
    print(f"{'tool':<12} {'median ms':>10} {'mean ms':>10} {'peak RSS KiB':>13}")
    rows = {}
    for name, runs in results.items():
        times = [t * 1000 for t, _ in runs]
        rss = max((r for _, r in runs if r), default=None)
        rows[name] = (statistics.median(times), statistics.mean(times), rss)
        print(f"{name:<12} {rows[name][0]:>10.1f} {rows[name][1]:>10.1f} "
              f"{rss if rss else 'n/a':>13}")
    x, g = rows["xchat -e"], rows["go-sendxmpp"]
    mem = f"{x[2] / g[2]:.2f}" if x[2] and g[2] else "n/a (no /usr/bin/time)"
    print(f"xchat / go-sendxmpp: time {x[0] / g[0]:.2f} (target <= 0.50), "
          f"memory {mem} (target < 1)")


if __name__ == "__main__":
    main()
