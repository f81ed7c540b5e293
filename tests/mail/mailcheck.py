#!/usr/bin/env python3
"""Checks for the mail tests, written apart from the C code they check.

  mailcheck.py cases CORPUS RESULTS STORE
      for each RESULTS/NAME.json (what ticket-mail printed for
      CORPUS/NAME.eml), compare it and what was written with what
      CORPUS/NAME.expect says; one line per check: "ok WHAT" or
      "FAIL WHAT: ...".
  mailcheck.py acks STORE MESSAGE...
      parse each acknowledgement with Python's email package and check
      it against its ticket in the store; the same kind of lines.
"""
import email
import email.policy
import hashlib
import json
import os
import sys
from datetime import datetime, timedelta

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def record(store, tid):
    path = os.path.join(store, "tickets", "20" + tid[2:4], tid[4:6],
                        tid + ".json")
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def rule_id(rec):
    """The id DESIGN §2 gives a ticket from mail (n = 0)."""
    mail = rec["mail"]
    opened = datetime.fromisoformat(rec["opened_at"])
    day = opened
    if mail["date"]:
        sent = datetime.fromisoformat(mail["date"])
        if opened - timedelta(days=7) <= sent <= opened + timedelta(days=1):
            day = sent
    digest = hashlib.sha256((mail["key"] + "\n0").encode()).digest()
    bits = int.from_bytes(digest[:4], "big") >> 2
    rand = "".join(CROCKFORD[(bits >> (25 - 5 * i)) & 31] for i in range(6))
    return "T-" + day.strftime("%y%m%d") + "-" + rand


def check(what, got, want):
    if got == want:
        print("ok", what)
    else:
        print("FAIL %s: got %r, expected %r" % (what, got, want))


def check_case(expect_path, result_path, store):
    with open(expect_path, encoding="utf-8") as f:
        want = json.load(f)
    name = os.path.basename(expect_path)[:-len(".expect")]
    if want["exit"] != 0:
        return
    with open(result_path, encoding="utf-8") as f:
        got = json.loads(f.read() or "{}")
    check(name + " decision", got.get("decision"), want["decision"])
    if "id" in want:
        check(name + " id", got.get("id"), want["id"])
    if want["decision"] == "ignored":
        return
    rec = record(store, got["id"])
    if want["decision"] == "new":
        check(name + " id by the rule", got["id"], rule_id(rec))
        check(name + " channel", rec["channel"], "email")
        for key in ("kind", "title", "description"):
            if key in want:
                check(name + " " + key, rec[key], want[key])
        for key in ("attachments", "auto_reply", "subject", "from"):
            if key in want:
                check(name + " mail." + key, rec["mail"][key], want[key])
    if "customer" in want:
        if want["customer"] == "new":
            check(name + " new customer", got["new_customer"], True)
        else:
            check(name + " customer", rec["customer"], want["customer"])
    if "note" in want:
        note = [e for e in rec["events"] if e["id"] == got["event"]][0]
        check(name + " note", (note["type"], note.get("message")),
              ("note", want["note"]))
        check(name + " note by mail", note.get("mail_key") is not None, True)


def ack_id(store, tid):
    rec = record(store, tid)
    return "plaindesk.%s.%s@desk.example" % (tid, rec["events"][0]["id"])


def check_ack(path, store):
    with open(path, "rb") as f:
        msg = email.message_from_binary_file(f, policy=email.policy.default)
    tid = str(msg["Subject"]).rsplit("[", 1)[-1].rstrip("]")
    rec = record(store, tid)
    mail = rec["mail"]
    check("ack From", msg["From"].addresses[0].addr_spec,
          "service@desk.example")
    check("ack From name", msg["From"].addresses[0].display_name,
          "Service Desk 客服中心")
    check("ack To", msg["To"].addresses[0].addr_spec, mail["from"])
    check("ack Subject", str(msg["Subject"]),
          "Re: %s [%s]" % (rec["title"], tid))
    check("ack Message-ID", msg["Message-ID"], "<%s>" % ack_id(store, tid))
    if mail["message_id"]:
        check("ack In-Reply-To", msg["In-Reply-To"],
              "<%s>" % mail["message_id"])
        check("ack References", msg["References"],
              "<%s>" % mail["message_id"])
    check("ack Auto-Submitted", msg["Auto-Submitted"], "auto-replied")
    check("ack charset", msg.get_content_charset(), "utf-8")
    body = msg.get_content()
    due = rec["state"]["response_due"]
    check("ack body names the ticket", tid in body, True)
    check("ack body gives the response deadline",
          due[:10] + " " + due[11:16] in body, True)
    notified = [e for e in rec["events"] if e["type"] == "notified"]
    check("ack recorded once", len(notified), 1)
    if notified:
        check("ack recorded", (notified[0]["channel"], notified[0]["to"],
                               notified[0]["message_id"]),
              ("email", mail["from"], ack_id(store, tid)))


def main():
    cmd = sys.argv[1]
    if cmd == "cases":
        corpus, results, store = sys.argv[2:5]
        for name in sorted(os.listdir(results)):
            check_case(os.path.join(corpus, name[:-5] + ".expect"),
                       os.path.join(results, name), store)
    elif cmd == "acks":
        for path in sys.argv[3:]:
            check_ack(path, sys.argv[2])
    else:
        sys.exit("unknown command " + cmd)


main()
