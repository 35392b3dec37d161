#!/usr/bin/env python3
"""Loopback HTTP server for bench/run-all.sh: serves camel-ota bundles of any size without storing them.

  GET /fw-<MiB>.zip   a stored fw.zip (manifest.json + app.bin of <MiB> MiB, Content-Length, Last-Modified)
  GET /not-modified   always 304 (the idle poll)

The app image is one 4 MiB block of random bytes repeated (the block is freshly random per server start), so a
4 GiB bundle costs 4 MiB of memory and no disk; its CRC-32 and SHA-256 are computed once per size before the
first byte is sent (the manifest, which comes first, carries the SHA-256). Sizes stay below 4 GiB (no zip64).
Usage: bundle-server.py PORT [MiB ...]: prints "sha256 <MiB> <hex>" per size given, then "ready <port>". Binds 127.0.0.1 only.
"""
import hashlib
import http.server
import json
import os
import re
import socketserver
import struct
import sys
import zlib

BLOCK = os.urandom(4 << 20)
STAMP = "Mon, 01 Jan 2024 00:00:00 GMT"
_cache = {}


def image_digests(size):
    crc, sha, left = 0, hashlib.sha256(), size
    view = memoryview(BLOCK)
    while left:
        n = min(left, len(BLOCK))
        crc = zlib.crc32(view[:n], crc)
        sha.update(view[:n])
        left -= n
    return crc & 0xFFFFFFFF, sha.hexdigest()


def local_header(name, crc, size):
    n = name.encode()
    return struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 0, 0, 0, crc, size, size, len(n), 0) + n


def central(name, crc, size, offset):
    n = name.encode()
    return struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 0, 0, 0, crc, size, size, len(n), 0, 0, 0, 0,
                       0, offset) + n


def bundle(mib):
    """(head bytes, image size, tail bytes, image sha256) of the bundle with an image of mib MiB."""
    if mib not in _cache:
        size = mib << 20
        if size >= 1 << 32:
            raise ValueError("no zip64: keep the image under 4 GiB")
        crc, sha = image_digests(size)
        manifest = json.dumps({"name": "bench", "platform": "ubuntu", "version": "2.0", "build_id": "bench-%d" % mib,
                               "parts": {"app": {"type": "app", "src": "app.bin", "size": size,
                                                 "cs_sha256": sha}}}).encode()
        mcrc = zlib.crc32(manifest) & 0xFFFFFFFF
        head = local_header("manifest.json", mcrc, len(manifest)) + manifest
        app_offset = len(head)
        head += local_header("app.bin", crc, size)
        cd = central("manifest.json", mcrc, len(manifest), 0) + central("app.bin", crc, size, app_offset)
        cd_offset = app_offset + len(local_header("app.bin", crc, size)) + size
        tail = cd + struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 2, 2, len(cd), cd_offset, 0)
        _cache[mib] = (head, size, tail, sha)
    return _cache[mib]


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        if self.path == "/not-modified":
            self.send_response(304)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        m = re.fullmatch(r"/fw-(\d+)\.zip", self.path)
        if not m:
            self.send_error(404)
            return
        head, size, tail, _ = bundle(int(m[1]))
        self.send_response(200)
        self.send_header("Content-Type", "application/zip")
        self.send_header("Content-Length", str(len(head) + size + len(tail)))
        self.send_header("Last-Modified", STAMP)
        self.end_headers()
        try:
            self.wfile.write(head)
            view, left = memoryview(BLOCK), size
            while left:
                n = min(left, len(BLOCK))
                self.wfile.write(view[:n])
                left -= n
            self.wfile.write(tail)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def do_HEAD(self):
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


if __name__ == "__main__":
    for mib in (int(a) for a in sys.argv[2:]):  # sizes to prepare before "ready", with their image SHA-256
        print("sha256", mib, bundle(mib)[3], flush=True)
    srv = Server(("127.0.0.1", int(sys.argv[1]) if len(sys.argv) > 1 else 0), Handler)
    print("ready", srv.server_address[1], flush=True)
    srv.serve_forever()
