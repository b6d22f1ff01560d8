"""Third-party XMPP peers driven from the scenarios.

SlixPeer runs a real slixmpp client on its own thread and event loop, so a
scenario can drive it synchronously: start, send, and wait for what arrives.
Waiting is bounded (a lost stanza must fail the test, not hang it); the
bound is a liveness limit, never a speed assertion.
"""
import asyncio
import logging
import queue
import ssl
import threading

import slixmpp

WAIT = 30  # seconds a peer waits for an expected stanza before failing

logging.getLogger("slixmpp").setLevel(logging.ERROR)


class PeerError(AssertionError):
    pass


class SlixPeer:
    """A slixmpp client connected to `server` as `jid`/`password`."""

    def __init__(self, server, jid, password, resource="slix", priority=0, presence=True):
        self.server = server
        self.full_request = f"{jid}/{resource}"
        self.loop = asyncio.new_event_loop()
        # slixmpp creates futures on the current loop while constructing.
        asyncio.set_event_loop(self.loop)
        self.client = slixmpp.ClientXMPP(self.full_request, password)
        self.client.loop = self.loop
        self.client.ssl_context = ssl.create_default_context(cafile=server.cafile)
        self.priority = priority
        self.send_presence = presence
        self.messages = queue.Queue()
        self.presences = queue.Queue()
        self.iqs = queue.Queue()
        self.failed = threading.Event()
        self.ready = threading.Event()
        c = self.client
        c.add_event_handler("session_start", self._on_start)
        c.add_event_handler("message", lambda m: self.messages.put(m))
        c.add_event_handler("presence", lambda p: self.presences.put(p))
        c.add_event_handler("failed_auth", lambda _: (self.failed.set(), self.ready.set()))
        c.add_event_handler("connection_failed", lambda _: (self.failed.set(), self.ready.set()))
        self.thread = threading.Thread(target=self._run, daemon=True)

    async def _on_start(self, _event):
        await self.client.get_roster()
        if self.send_presence:
            self.client.send_presence(ppriority=self.priority)
        self.ready.set()

    def _run(self):
        asyncio.set_event_loop(self.loop)
        self.client.connect((self.server.host, self.server.port))
        self.loop.run_forever()
        # Finish slixmpp's leftover tasks on this loop before closing it, so
        # none of them later touches a closed loop.
        tasks = [t for t in asyncio.all_tasks(self.loop) if not t.done()]
        for t in tasks:
            t.cancel()
        self.loop.run_until_complete(asyncio.gather(*tasks, return_exceptions=True))
        self.loop.close()

    # -- driving --------------------------------------------------------
    def start(self):
        self.thread.start()
        if not self.ready.wait(WAIT) or self.failed.is_set():
            raise PeerError(f"{self.full_request} could not log in to {self.server}")
        return self

    def call(self, fn, *args, **kwargs):
        """Runs fn(*args) on the client's loop and returns its result; awaits
        it if it is a coroutine."""
        async def run():
            r = fn(*args, **kwargs)
            if asyncio.iscoroutine(r) or isinstance(r, asyncio.Future):
                r = await r
            return r
        return asyncio.run_coroutine_threadsafe(run(), self.loop).result(WAIT)

    @property
    def jid(self):
        return self.client.boundjid

    def send_message(self, to, body, mtype="chat", **kw):
        self.call(lambda: self.client.send_message(mto=to, mbody=body, mtype=mtype, **kw))

    def wait_message(self, pred=lambda m: m["body"], timeout=WAIT):
        """The next message for which pred(msg) is true; others are dropped."""
        return _wait(self.messages, pred, timeout, "message")

    def wait_presence(self, pred=lambda p: True, timeout=WAIT):
        return _wait(self.presences, pred, timeout, "presence")

    def features(self, jid=None):
        """The disco#info features of `jid` (default: the server's domain)."""
        if "xep_0030" not in self.client.plugin:
            self.call(lambda: self.client.register_plugin("xep_0030"))
        info = self.call(lambda: self.client["xep_0030"].get_info(
            jid=jid or self.server.domain, timeout=WAIT))
        return set(info["disco_info"]["features"])

    def stop(self):
        if self.thread.is_alive():
            try:
                self.call(lambda: self.client.disconnect(wait=2.0))
            except Exception:
                pass
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(10)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def _wait(q, pred, timeout, what):
    import time
    deadline = time.monotonic() + timeout
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise PeerError(f"no matching {what} within {timeout}s")
        try:
            item = q.get(timeout=left)
        except queue.Empty:
            continue
        if pred(item):
            return item
