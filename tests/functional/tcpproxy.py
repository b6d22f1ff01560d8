"""A TCP proxy on loopback for fault scenarios: it forwards connections
to a server and can freeze the ones open now (nothing passes either way,
nothing is closed: a dead link as a pulled cable or a lost NAT entry makes
it) or cut them (reset both ways at once, whatever was in flight lost),
while new connections go through."""
import socket
import struct
import threading
import time

from conftest import free_port


class Proxy:
    def __init__(self, host, port):
        self.target = (host, port)
        self.host, self.port = "127.0.0.1", free_port()
        self.listener = socket.create_server((self.host, self.port))
        self.lock = threading.Lock()
        self.conns = []          # (client socket, server socket, frozen event)
        self.closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while not self.closed:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            try:
                server = socket.create_connection(self.target)
            except OSError:
                client.close()
                continue
            frozen = threading.Event()
            frozen.born = time.monotonic()
            with self.lock:
                self.conns.append((client, server, frozen))
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(a, b, frozen), daemon=True).start()

    @staticmethod
    def _pump(src, dst, frozen):
        while True:
            try:
                data = src.recv(65536)
            except OSError:
                data = b""
            if frozen.is_set():
                frozen.wait()    # a dead link: swallow everything, close nothing
                continue
            if not data:
                for s in (src, dst):
                    try:
                        s.shutdown(socket.SHUT_RDWR)
                    except OSError:
                        pass
                return
            try:
                dst.sendall(data)
            except OSError:
                return

    def freeze(self):
        """The connections open now stop carrying anything."""
        with self.lock:
            for _, _, frozen in self.conns:
                frozen.set()

    def cut(self, min_age=0.0):
        """The connections open now (and at least min_age seconds old) are
        reset at both ends; returns how many."""
        now = time.monotonic()
        with self.lock:
            conns = [c for c in self.conns if now - c[2].born >= min_age]
            self.conns = [c for c in self.conns if c not in conns]
        for c, s, _ in conns:
            for sock in (c, s):
                try:   # linger 0: close sends a reset, not a polite FIN
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    sock.shutdown(socket.SHUT_RD)   # wakes the pump blocked in recv
                except OSError:
                    pass
                sock.close()
        return len(conns)

    def close(self):
        self.closed = True
        self.listener.close()
        with self.lock:
            for c, s, _ in self.conns:
                c.close()
                s.close()
