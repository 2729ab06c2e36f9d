#!/usr/bin/env python3
"""A local HTTP(S) receiver for the sink tests: plays Splunk HEC (/services/collector/event) and Elasticsearch
_bulk (/_bulk) as their documentation describes, and writes every request (path, headers, body) as one JSON
line to LOG. Listens on 127.0.0.1 only, on PORT (0: any; the port chosen is written to PORTFILE).

_bulk items: a document with "flaky": true is answered 429 the first time its _id is seen, 201 after; one
with "bad": true is answered 400 (mapper_parsing_exception); others 201. The response has "errors": true
whenever an item failed, as Elasticsearch does (HTTP 200 all the same).
HEC: the Authorization header must be "Splunk TOKEN" (TOKEN from --token) or the answer is 401."""
import argparse, gzip, http.server, json, ssl, sys, threading

ap = argparse.ArgumentParser()
ap.add_argument("log")
ap.add_argument("portfile")
ap.add_argument("--port", type=int, default=0)
ap.add_argument("--token", default="tok")
ap.add_argument("--cert")
ap.add_argument("--key")
a = ap.parse_args()
log = open(a.log, "a", buffering=1)
seen = set()
lock = threading.Lock()


class H(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, code, obj):
        out = json.dumps(obj).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(out)))
        self.end_headers()
        self.wfile.write(out)

    def do_POST(self):
        raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        # Content-Encoding: gzip request bodies, as Elasticsearch and Splunk HEC accept them
        body = (gzip.decompress(raw) if self.headers.get("Content-Encoding") == "gzip" else raw).decode()
        code, out, items = 404, {"error": "no such endpoint"}, None
        if self.path == "/services/collector/event":
            if self.headers.get("Authorization") != "Splunk " + a.token:
                code, out = 401, {"text": "Invalid authorization", "code": 3}
            else:
                code, out = 200, {"text": "Success", "code": 0}
        elif self.path == "/_bulk":
            lines = body.split("\n")
            items = []
            with lock:
                for action, doc in zip(lines[0::2], lines[1::2]):
                    _id = json.loads(action)["index"]["_id"]
                    d = json.loads(doc)
                    if d.get("bad"):
                        items.append({"index": {"_id": _id, "status": 400, "error": {
                            "type": "mapper_parsing_exception", "reason": "failed to parse field [n]"}}})
                    elif d.get("flaky") and _id not in seen:
                        seen.add(_id)
                        items.append({"index": {"_id": _id, "status": 429, "error": {
                            "type": "es_rejected_execution_exception", "reason": "rejected execution"}}})
                    else:
                        items.append({"index": {"_id": _id, "status": 201, "result": "created"}})
            code, out = 200, {"took": 1, "errors": any(i["index"]["status"] >= 300 for i in items), "items": items}
        log.write(json.dumps({"path": self.path, "code": code, "auth": self.headers.get("Authorization"),
                              "ctype": self.headers.get("Content-Type"), "body": body,
                              "enc": self.headers.get("Content-Encoding"), "raw_len": len(raw),
                              "items": [i["index"]["status"] for i in items] if items is not None else None}) + "\n")
        self.answer(code, out)


srv = http.server.ThreadingHTTPServer(("127.0.0.1", a.port), H)
if a.cert:
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(a.cert, a.key)
    srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
with open(a.portfile + ".tmp", "w") as f:
    f.write(str(srv.server_address[1]))
import os
os.rename(a.portfile + ".tmp", a.portfile)
srv.serve_forever()
