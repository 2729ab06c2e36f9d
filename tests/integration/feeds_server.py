#!/usr/bin/env python3
"""Test HTTP server for tests/integration/feeds_poller.sh: serves feed files from a directory and a set of
misbehaving endpoints, on 127.0.0.1 only, on a port picked by the OS (written to --port-file); with
--tls-cert over HTTPS. Every request
is appended to --log as one line: METHOD PATH | If-None-Match | If-Modified-Since | User-Agent.

  /f/NAME            the file DIR/NAME, with ETag (content hash) and Last-Modified; 304 when they match
  /status/500        always HTTP 500
  /flaky/N/NAME      HTTP 503 with Retry-After: 0 for the first N requests, then /f/NAME
  /slow              headers, then one byte per second (a total timeout must end it)
  /huge              1 GiB streamed without Content-Length, generated on the fly (never buffered)
  /huge-cl           a Content-Length of 1 GiB, then the same stream
  /truncated/NAME    the first half of DIR/NAME (truncated XML/JSON)
  /redirect/NAME     302 -> /f/NAME
  /redirect-loop/N   302 -> /redirect-loop/N+1, forever
  /redirect-file     302 -> file:///etc/passwd (a client must refuse the scheme)
  /redirect-to/HOST/PORT/NAME  302 -> http://HOST:PORT/f/NAME (another origin: refused unless allowed)
  /xxe-target        must never be requested (an external entity pointing here proves network access)
"""
import argparse
import email.utils
import hashlib
import http.server
import os
import socketserver
import sys
import threading
import time

GIB = 1 << 30


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "pw-test-feeds/1"

    def log_message(self, fmt, *args):  # quiet stderr; the request log is explicit below
        pass

    def record(self):
        line = "%s %s | %s | %s | %s\n" % (self.command, self.path, self.headers.get("If-None-Match", "-"),
                                            self.headers.get("If-Modified-Since", "-"),
                                            self.headers.get("User-Agent", "-"))
        with self.server.log_lock:
            with open(self.server.log_path, "a") as f:
                f.write(line)

    def send_body(self, code, body, ctype="application/octet-stream", extra=None):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def serve_file(self, name, truncate=False):
        path = os.path.join(self.server.data_dir, os.path.basename(name))
        try:
            with open(path, "rb") as f:
                body = f.read()
            mtime = os.path.getmtime(path)
        except OSError:
            return self.send_body(404, b"not found\n", "text/plain")
        if truncate:
            return self.send_body(200, body[: len(body) // 2], "application/octet-stream")
        etag = '"%s"' % hashlib.sha256(body).hexdigest()[:16]
        lastmod = email.utils.formatdate(mtime, usegmt=True)
        inm = self.headers.get("If-None-Match")
        if inm is not None and inm == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_body(200, body, "application/octet-stream", {"ETag": etag, "Last-Modified": lastmod})

    def stream(self, content_length):
        self.send_response(200)
        self.send_header("Content-Type", "application/xml")
        if content_length:
            self.send_header("Content-Length", str(GIB))
        else:
            self.send_header("Connection", "close")
        self.end_headers()
        chunk = b"<!-- " + b"x" * 65526 + b" -->\n"
        sent = 0
        try:
            self.wfile.write(b"<?xml version='1.0'?><rss version='2.0'><channel>\n")
            while sent < GIB:
                self.wfile.write(chunk)
                sent += len(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass
        with self.server.log_lock:
            with open(self.server.log_path, "a") as f:
                f.write("STREAM %s stopped after %d bytes\n" % (self.path, sent))
        self.close_connection = True

    def do_GET(self):
        self.record()
        p = self.path.split("?", 1)[0]
        parts = p.strip("/").split("/")
        try:
            if parts[0] == "f" and len(parts) == 2:
                return self.serve_file(parts[1])
            if p == "/status/500":
                return self.send_body(500, b"internal error\n", "text/plain")
            if parts[0] == "flaky" and len(parts) == 3:
                key = p
                with self.server.log_lock:
                    n = self.server.counts.get(key, 0)
                    self.server.counts[key] = n + 1
                if n < int(parts[1]):
                    return self.send_body(503, b"busy\n", "text/plain", {"Retry-After": "0"})
                return self.serve_file(parts[2])
            if p == "/slow":
                self.send_response(200)
                self.send_header("Content-Type", "application/xml")
                self.send_header("Content-Length", "100000")
                self.end_headers()
                try:
                    for _ in range(120):
                        self.wfile.write(b" ")
                        self.wfile.flush()
                        time.sleep(1)
                except (BrokenPipeError, ConnectionResetError):
                    pass
                self.close_connection = True
                return
            if p == "/huge":
                return self.stream(False)
            if p == "/huge-cl":
                return self.stream(True)
            if parts[0] == "truncated" and len(parts) == 2:
                return self.serve_file(parts[1], truncate=True)
            if parts[0] == "redirect" and len(parts) == 2:
                return self.send_body(302, b"", "text/plain", {"Location": "/f/" + parts[1]})
            if parts[0] == "redirect-loop" and len(parts) == 2:
                return self.send_body(302, b"", "text/plain", {"Location": "/redirect-loop/%d" % (int(parts[1]) + 1)})
            if parts[0] == "redirect-to" and len(parts) == 4:
                loc = "http://%s:%s/f/%s" % (parts[1], parts[2], parts[3])
                return self.send_body(302, b"", "text/plain", {"Location": loc})
            if p == "/redirect-file":
                return self.send_body(302, b"", "text/plain", {"Location": "file:///etc/passwd"})
            if p == "/xxe-target":
                return self.send_body(200, b"SECRET-FROM-NETWORK", "text/plain")
            return self.send_body(404, b"not found\n", "text/plain")
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", required=True)
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--tls-cert", help="serve HTTPS with this certificate (PEM, key included)")
    ap.add_argument("--bind", default="127.0.0.1", help="loopback address to listen on (127.0.0.2: a second host)")
    a = ap.parse_args()
    srv = Server((a.bind, 0), Handler)
    if a.tls_cert:
        import ssl
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(a.tls_cert)
        srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    srv.data_dir = a.dir
    srv.log_path = a.log
    srv.log_lock = threading.Lock()
    srv.counts = {}
    tmp = a.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write(str(srv.server_address[1]))
    os.rename(tmp, a.port_file)
    try:
        srv.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
