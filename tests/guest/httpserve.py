#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
# The HTTP server behind tests/guest/httpserve: the files of DIR, plus
#   /stream/MB/KBPS         MB MiB of DIR/blob repeated, sent at KBPS KiB/s
#                           at most (a transfer that lasts, for tests that
#                           inject faults under it; after a stall it goes on
#                           at the same pace, it does not catch up)
#   /stream.sha256/MB       the hex sha256 of that body
#   /udp.count              datagrams received so far on UDP port PORT, a
#                           discard sink (udpsend's peer in `make bench`)
#                           that echoes a datagram starting with "PING"
#                           (udpping's requests)
# usage: httpserve.py DIR PORT
import functools
import hashlib
import http.server
import os
import socket
import sys
import threading
import time

directory, port = sys.argv[1], int(sys.argv[2])
blob = open(os.path.join(directory, "blob"), "rb").read()
CHUNK = 16384
udp_count = 0


def udp_sink():
    global udp_count
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
    sock.bind(("127.0.0.1", port))
    while True:
        data, peer = sock.recvfrom(2048)
        udp_count += 1
        if data.startswith(b"PING"):
            sock.sendto(data, peer)


def body(mb):
    left = mb << 20
    while left:
        part = blob[:left]
        left -= len(part)
        yield part


@functools.lru_cache(maxsize=8)
def digest(mb):
    h = hashlib.sha256()
    for part in body(mb):
        h.update(part)
    return h.hexdigest()


class Handler(http.server.SimpleHTTPRequestHandler):
    def __init__(self, *a, **kw):
        super().__init__(*a, directory=directory, **kw)

    def log_message(self, *a):
        pass

    def do_GET(self):
        parts = self.path.strip("/").split("/")
        if parts == ["udp.count"]:
            data = b"%d\n" % udp_count
            self.send_response(200)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            return
        if parts[0] == "stream.sha256" and len(parts) == 2:
            data = (digest(int(parts[1])) + "\n").encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            return
        if parts[0] == "stream" and len(parts) == 3:
            mb, rate = int(parts[1]), int(parts[2]) << 10
            self.send_response(200)
            self.send_header("Content-Length", str(mb << 20))
            self.end_headers()
            t = time.monotonic()
            try:
                for part in body(mb):
                    for i in range(0, len(part), CHUNK):
                        self.wfile.write(part[i:i + CHUNK])
                        # pace: never ahead of RATE, never catching up
                        t = max(t + CHUNK / rate, time.monotonic())
                        delay = t - time.monotonic()
                        if delay > 0:
                            time.sleep(delay)
            except (BrokenPipeError, ConnectionResetError):
                pass
            return
        super().do_GET()


threading.Thread(target=udp_sink, daemon=True).start()
http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
