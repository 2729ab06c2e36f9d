#!/usr/bin/env python3
"""Local stand-ins for the notification receivers of it_notify_receivers, on 127.0.0.1 only.

  notify_receivers.py http PORTFILE LOG   a webhook receiver: every POST is appended to LOG as one JSON line
                                          {"path", "content_type", "body"}; /slack answers 200 "ok" as Slack's
                                          incoming webhooks do, /teams 202 as a Teams Workflows trigger does,
                                          any other path 404 "no_service" (a revoked Slack webhook).
  notify_receivers.py smtp PORTFILE LOG   a real SMTP server (aiosmtpd, Debian python3-aiosmtpd): every message
                                          is appended to LOG as {"mail_from", "rcpt_tos", "data"}.
  notify_receivers.py check NOTIFICATIONS HTTPLOG SMTPLOG   checks the captured payloads field by field against
                                          the notification records patchwatch wrote (exit 1 with the reason).
Each server binds port 0 and writes the port it got to PORTFILE."""
import email
import email.policy
import json
import sys


def serve_http(portfile, log):
    from http.server import BaseHTTPRequestHandler, HTTPServer

    class H(BaseHTTPRequestHandler):
        def do_POST(self):
            n = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(n).decode("utf-8")
            with open(log, "a") as f:
                f.write(json.dumps({"path": self.path, "content_type": self.headers.get("Content-Type"),
                                    "body": json.loads(body)}) + "\n")
            if self.path not in ("/slack", "/teams"):  # as Slack answers for a revoked webhook
                self.send_response(404)
                self.end_headers()
                self.wfile.write(b"no_service")
                return
            if self.path.startswith("/teams"):
                self.send_response(202)
                self.end_headers()
            else:
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.end_headers()
                self.wfile.write(b"ok")

        def log_message(self, *a):
            pass

    srv = HTTPServer(("127.0.0.1", 0), H)
    open(portfile, "w").write(str(srv.server_address[1]))
    srv.serve_forever()


def serve_smtp(portfile, log):
    import socket
    import time
    from aiosmtpd.controller import Controller

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            with open(log, "a") as f:
                f.write(json.dumps({"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos,
                                    "data": envelope.content.decode("utf-8")}) + "\n")
            return "250 Message accepted for delivery"

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    c = Controller(Handler(), hostname="127.0.0.1", port=port)
    c.start()
    open(portfile, "w").write(str(port))
    while True:
        time.sleep(3600)


def fail(msg):
    print("FAIL: " + msg, file=sys.stderr)
    sys.exit(1)


def check(ntf_path, http_log, smtp_log):
    ntfs = [json.loads(l) for l in open(ntf_path) if l.strip()]
    ntfs = [n for n in ntfs if str(n.get("id", "")).startswith("ntf-")]
    if not ntfs:
        fail("no notification records")
    kinds = {n["kind"] for n in ntfs}
    if "open" not in kinds:
        fail(f"no open notification among {kinds}")
    http = [json.loads(l) for l in open(http_log)]
    slack = [h for h in http if h["path"] == "/slack"]
    teams = [h for h in http if h["path"] == "/teams"]
    mails = [json.loads(l) for l in open(smtp_log)]
    for name, got in (("slack", slack), ("teams", teams), ("smtp", mails)):
        if len(got) != len(ntfs):
            fail(f"{name}: {len(got)} messages for {len(ntfs)} notifications")
    for h in slack + teams:
        if not h["content_type"].startswith("application/json"):
            fail(f"content type {h['content_type']}")
    for n, s, t, m in zip(ntfs, slack, teams, mails):
        # Slack Block Kit (api.slack.com/reference/block-kit/blocks): fallback text, header, section, fields
        b = s["body"]
        if b["text"] != n["title"]:
            fail(f"slack text {b['text']!r} != title {n['title']!r}")
        blocks = b["blocks"]
        if blocks[0] != {"type": "header", "text": {"type": "plain_text", "text": n["title"][:150]}}:
            fail(f"slack header block {blocks[0]}")
        esc = n["text"].replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        if blocks[1] != {"type": "section", "text": {"type": "mrkdwn", "text": esc}}:
            fail(f"slack section block {blocks[1]}")
        if blocks[2]["type"] != "section" or not 1 <= len(blocks[2]["fields"]) <= 10:
            fail(f"slack fields block {blocks[2]}")
        if {"type": "mrkdwn", "text": f"*Patch:*\n{n['patch']}"} not in blocks[2]["fields"]:
            fail(f"slack fields lack the patch: {blocks[2]['fields']}")
        if blocks[3]["type"] != "context" or n["id"] not in blocks[3]["elements"][0]["text"]:
            fail(f"slack context block {blocks[3]}")
        if len(blocks) > 50:
            fail("more than 50 blocks")
        # Teams Workflows: message with one Adaptive Card attachment
        b = t["body"]
        if b["type"] != "message" or len(b["attachments"]) != 1:
            fail(f"teams envelope {b}")
        a = b["attachments"][0]
        if a["contentType"] != "application/vnd.microsoft.card.adaptive" or a["contentUrl"] is not None:
            fail(f"teams attachment {a['contentType']} {a.get('contentUrl')}")
        c = a["content"]
        if c["type"] != "AdaptiveCard" or c["version"] != "1.4" or \
                c["$schema"] != "http://adaptivecards.io/schemas/adaptive-card.json":
            fail(f"teams card header {c['type']} {c['version']} {c['$schema']}")
        if c["body"][0]["type"] != "TextBlock" or c["body"][0]["text"] != n["title"] or not c["body"][0]["wrap"]:
            fail(f"teams title block {c['body'][0]}")
        if c["body"][1] != {"type": "TextBlock", "text": n["text"], "wrap": True}:
            fail(f"teams text block {c['body'][1]}")
        facts = c["body"][2]
        if facts["type"] != "FactSet" or {"title": "Patch", "value": n["patch"]} not in facts["facts"]:
            fail(f"teams facts {facts}")
        snap = n.get("incident_snapshot")
        if snap and {"title": "Status", "value": snap["status"]} not in facts["facts"]:
            fail(f"teams facts lack the status: {facts}")
        # email: envelope and RFC 5322 fields
        if m["mail_from"] != "patchwatch@example.org" or m["rcpt_tos"] != ["ops@example.org", "oncall@example.org"]:
            fail(f"smtp envelope {m['mail_from']} {m['rcpt_tos']}")
        msg = email.message_from_string(m["data"], policy=email.policy.default)
        if msg["Message-ID"] != f"<{n['id']}@patchwatch>":
            fail(f"Message-ID {msg['Message-ID']}")
        if n["title"] not in str(msg["Subject"]) or not str(msg["Subject"]).startswith(f"[patchwatch {n['severity']}]"):
            fail(f"Subject {msg['Subject']!r}")
        if msg["From"] != "patchwatch@example.org" or "ops@example.org" not in str(msg["To"]) or not msg["Date"]:
            fail(f"From/To/Date {msg['From']} {msg['To']} {msg['Date']}")
        if msg.get_content_type() != "text/plain" or msg.get_content_charset() != "utf-8":
            fail(f"content type {msg.get_content_type()} {msg.get_content_charset()}")
        body = msg.get_content()
        if n["text"][:200] not in body.replace("\n", "") and n["text"][:60] not in body:
            fail(f"email body lacks the text: {body[:300]!r}")
        for line in m["data"].split("\n"):
            if len(line) > 998:
                fail("an email line longer than 998 octets")
    print(f"ok: {len(ntfs)} notifications ({', '.join(sorted(kinds))}) checked in Slack, Teams and email form")


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "http":
        serve_http(sys.argv[2], sys.argv[3])
    elif mode == "smtp":
        serve_smtp(sys.argv[2], sys.argv[3])
    else:
        check(sys.argv[2], sys.argv[3], sys.argv[4])
