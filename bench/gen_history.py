#!/usr/bin/env python3
"""
bench/gen_history.py: a store with a long history, for the audit bench.

    gen_history.py --n N --seed S --bin BINDIR --out DIR

plaindesk-init makes the store; its first commit is the parent of
everything that follows, so plaindesk.json and the registers are real.
Then one `git fast-import` stream (written straight into the importer)
adds the history of a year (2025): the registers as plaindesk-reg would
commit them (staff, customers, rooms and holidays of gen.py), then N
tickets opened one per commit and, one commit per event, 3 to 5 later
events each (assign, ack, notes, resolve, close), in the order of their
times: about 5 N commits.  Every commit is made as the programs make
them: the subject `COMMAND: ID ACTION "Title"`, the trailers
`Plaindesk-Command:` and one `Plaindesk-Record:`, the author and
committer the staff member named by the `by` of the events it adds
(name and e-mail of registers/staff.csv), the record bytes those of
lib/'s record_format() (gen.py's writer), the state the fold derives.

Every 1,000 commits a colleague's clone takes a few of the next changes
(on other tickets than the main line changes meanwhile) and is merged
back by a merge commit whose tree is the union of both sides.

The opening records come from `ticket-open --from-csv --dry-run` (which
computes the deadlines by the store's calendar); the ids are drawn by
ticket-open from the system's random source, the rest follows the seed.
At the end the store is checked out and `git gc` packs it; it must pass
plaindesk-check (and plaindesk-check --audit with no problem).

A description (the oldest record, the record of the last change, counts)
is written to DIR.json.  Python 3 standard library only.
"""

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen  # noqa: E402  (the canonical record writer and the registers)

GEN_HISTORY_VERSION = 1
TZ, T0, NOW = gen.TZ, gen.T0, gen.NOW
MERGE_EVERY = 1000	# commits on the main line between two merges
SIDE_WINDOW = 8		# changes a merge's window holds, both sides together
SOLUTIONS = [("apology", 35), ("compensation", 12), ("redo", 18),
	     ("improvement", 25), ("training", 5), ("other", 5)]


def stamp(t):
	"""git's date of t: seconds and the +0800 zone."""
	return "%d +0800" % int(t.timestamp())


def workdays_after(t, n):
	"""The same clock time of the n-th next working day (N wd)."""
	t = t.astimezone(TZ)
	d = t.date()
	while n:
		d += dt.timedelta(days=1)
		n -= gen.is_workday(d)
	return t.replace(year=d.year, month=d.month, day=d.day)


def registers(rng, out, n):
	"""The registers of gen.py, written into the work tree."""
	staff = gen.make_staff(rng, n)
	customers = gen.make_customers(rng, n)
	rooms = gen.make_rooms(rng, n)
	reg = os.path.join(out, "registers")
	gen.write_csv(os.path.join(reg, "staff.csv"),
		      ["id", "name", "email", "role", "team", "active"], staff)
	gen.write_csv(os.path.join(reg, "customers.csv"),
		      ["id", "name", "org", "tier", "email", "phone", "since",
		       "lost_on", "notes"], customers)
	gen.write_csv(os.path.join(reg, "rooms.csv"),
		      ["id", "name", "capacity", "equipment", "location"], rooms)
	gen.write_csv(os.path.join(reg, "holidays.csv"), ["date", "kind", "name"],
		      [{"date": d, "kind": k, "name": nm}
		       for d, k, nm in gen.HOLIDAYS])
	return staff, customers


def open_records(rng, out, n, staff, customers, tool, env):
	"""N opening records, as ticket-open would write them."""
	active = [s for s in staff if s["leave"] is None]
	rows = gen.plan_tickets(rng, n, active, customers, [])
	for i, r in enumerate(rows):
		if r.get("new-customer"):
			# An existing customer of the month instead of a new one.
			j = i - 1 if i else i + 1
			while rows[j].get("new-customer"):
				j = j - 1 if j else j + 1
			r["customer"] = rows[j]["customer"]
			for k in ("new-customer", "tier", "email"):
				r.pop(k, None)
	cols = ["at", "kind", "channel", "customer", "severity", "category",
		"title", "description", "assignee"]
	path = out + ".csv"
	gen.write_csv(path, cols, rows)
	text = gen.run([tool("ticket-open"), "-C", out, "--from-csv", path,
			"--dry-run"], env=dict(env, PLAINDESK_NOW=gen.rfc3339(NOW)))
	os.unlink(path)
	recs = []
	for part in ("\n" + text).split("\n--- ")[1:]:
		body = part.split("\n", 1)[1]
		body = body[: body.rindex("\n}") + 2] + "\n"
		rec = json.loads(body)
		if gen.record_format(rec) != body.encode():
			raise SystemExit("gen_history.py: the writer differs from "
					 "ticket-open's bytes for %s" % rec["id"])
		recs.append(rec)
	if len(recs) != len(rows):
		raise SystemExit("gen_history.py: %d records for %d rows"
				 % (len(recs), len(rows)))
	return rows, recs


class Ticket:
	"""One ticket: its opening record, then its later events (at, event)."""

	def __init__(self, rec, row):
		self.rec, self.row, self.later = rec, row, []
		self.used = {e["id"] for e in rec["events"]}


def lifecycle(rng, t, by_team, managers):
	"""The 3 to 5 events after the open, before now; sets the opener."""
	rec = t.rec
	opened = gen.parse_time(rec["opened_at"])
	rdue = gen.parse_time(rec["state"]["response_due"])
	team = t.row["_team"]
	pool = by_team.get(team) or by_team["desk"]
	mgr = rng.choice(managers.get(team) or managers["*"])
	assignee = rec["state"]["assignee"]
	opener = assignee or rng.choice(by_team["desk"])["id"]
	for e in rec["events"]:
		e["by"] = opener
	ev = []
	start = gen.next_work(opened)
	window = max(60.0, (rdue - start).total_seconds())
	ack = start + dt.timedelta(seconds=window * (0.9 * rng.random() ** 2
						      if rng.random() < 0.95
						      else 1.5 + rng.random()))
	ack = max(ack, opened + dt.timedelta(seconds=30))
	if not assignee:
		assignee = rng.choice(pool)["id"]
		ev.append((ack - dt.timedelta(seconds=20),
			   {"by": mgr["id"], "type": "assign", "to": assignee}))
	ev.append((ack, {"by": assignee, "type": "ack",
			 "message": rng.choice(gen.ACK_MSGS)}))
	res = gen.next_work(ack + dt.timedelta(minutes=rng.choice(
		[20, 45, 90, 180, 400, 1440, 2880])))
	span = (res - ack).total_seconds()
	for _ in range(rng.choice([0, 1, 1, 2]) if len(ev) == 1 else
		       rng.choice([0, 0, 1])):
		ev.append((ack + dt.timedelta(seconds=span * rng.uniform(0.1, 0.9)),
			   {"by": rng.choice([assignee, mgr["id"]]), "type": "note",
			    "message": rng.choice(gen.NOTE_MSGS)}))
	resolve = {"by": assignee, "type": "resolve",
		   "message": rng.choice(gen.RESOLVE_MSGS)}
	if rec["kind"] == "complaint":
		resolve["solution"] = gen.pick(rng, SOLUTIONS)
	ev.append((res, resolve))
	close_at = gen.next_work(res + dt.timedelta(
		hours=rng.choice([2, 5, 20, 26, 48, 70])))
	sat = gen.pick(rng, gen.SATISFACTION)
	acc = sat >= 3 or rng.random() < 0.3
	close = {"by": assignee, "type": "close", "satisfaction": sat,
		 "accepted": acc,
		 "comment": rng.choice(gen.CLOSE_GOOD if sat >= 4 else gen.CLOSE_BAD)}
	unhappy = not acc or sat <= 2
	if rec["kind"] == "complaint" or rec["tier"] in ("vip", "key") or unhappy:
		close["followup_due"] = gen.rfc3339(
			workdays_after(close_at, 1 if unhappy else 3))
	ev.append((close_at, close))
	ev.sort(key=lambda x: x[0])
	last = opened
	for at, e in ev:
		if at >= NOW:
			break
		at = max(at, last).replace(microsecond=0)
		last = at
		t.later.append((at, e))


def apply(rec, at, e, used, rng):
	"""Append event e at at to rec and fold the state (lib/ticket's)."""
	full = {"id": gen.event_id(rng, at, used), "at": gen.rfc3339(at)}
	full.update(e)
	rec["events"].append(full)
	st, ty = rec["state"], e["type"]
	if ty == "ack":
		if st["status"] == "open":
			st["status"] = "acknowledged"
		st["responded_at"] = st["responded_at"] or full["at"]
	elif ty == "assign":
		st["assignee"] = e["to"]
	elif ty == "resolve":
		st["status"], st["resolved_at"] = "resolved", full["at"]
	elif ty == "close":
		st["status"], st["closed_at"] = "closed", full["at"]
		if "followup_due" in e:
			st["followup_due"] = e["followup_due"]


class Stream:
	"""The fast-import stream, written into git fast-import's stdin."""

	def __init__(self, store, people):
		self.p = subprocess.Popen(
			["git", "-C", store, "-c", "gc.auto=0", "fast-import",
			 "--quiet", "--done"], stdin=subprocess.PIPE)
		self.out, self.people, self.mark = self.p.stdin, people, 0
		self.commits = self.merges = 0

	def data(self, b):
		self.out.write(b"data %d\n" % len(b))
		self.out.write(b)
		self.out.write(b"\n")

	def commit(self, ref, who, at, msg, files, parents):
		"""A commit on ref of files {path: bytes}; parents are marks or
		commit ids; returns its mark."""
		self.mark += 1
		name, email = self.people[who]
		sig = ("%s <%s> %s" % (name, email, stamp(at))).encode()
		self.out.write(b"commit %s\nmark :%d\n" % (ref.encode(), self.mark))
		self.out.write(b"author " + sig + b"\ncommitter " + sig + b"\n")
		self.data(msg.encode())
		for i, p in enumerate(parents):
			self.out.write(b"%s %s\n" % (b"from" if i == 0 else b"merge",
						    p.encode()))
		for path in sorted(files):
			self.out.write(b"M 100644 inline %s\n" % path.encode())
			self.data(files[path])
		self.commits += 1
		self.merges += len(parents) > 1
		return ":%d" % self.mark

	def close(self):
		self.out.write(b"done\n")
		self.out.close()
		if self.p.wait():
			raise SystemExit("gen_history.py: git fast-import failed")


def change(s, tickets, item, rng, ref, parent):
	"""One change (an open or an event) as one commit; returns the
	commit's mark and the record's path and bytes."""
	at, i, e = item
	t = tickets[i]
	rec = t.rec
	if e is None:
		cmd, who = "ticket-open", rec["events"][0]["by"]
		what = "%s%s" % (rec["kind"], "/" + rec["severity"]
				 if rec["severity"] else "")
	else:
		apply(rec, at, e, t.used, rng)
		cmd, who, what = "ticket-update", e["by"], e["type"]
	msg = '%s: %s %s "%s"\n\nPlaindesk-Command: %s\nPlaindesk-Record: %s\n' % (
		cmd, rec["id"], what, rec["title"], cmd, rec["id"])
	path, data = gen.relpath(rec["id"]), gen.record_format(rec)
	mark = s.commit(ref, who, at, msg, {path: data}, [parent])
	return mark, path, data


def merged(s, tickets, queue, k, rng, tip, staff_ids):
	"""A colleague's clone takes some of the next changes: the tickets
	of queue[k:k+SIDE_WINDOW] are split between the two lines, the clone
	is merged back.  Returns the new tip and the index after the window."""
	window = queue[k:k + SIDE_WINDOW]
	ids = sorted({i for _, i, _ in window})
	side = set(ids[1::2])
	side_tip, side_files, main_tip = tip, {}, tip
	for item in window:
		if item[1] in side:
			side_tip, path, data = change(s, tickets, item, rng,
						      "refs/heads/clone", side_tip)
			side_files[path] = data
		else:
			main_tip, _, _ = change(s, tickets, item, rng,
						"refs/heads/main", main_tip)
	if not side_files:
		return main_tip, k + len(window)
	at = window[-1][0] + dt.timedelta(minutes=1)
	who = rng.choice(staff_ids)
	tip = s.commit("refs/heads/main", who, at,
		       "Merge remote-tracking branch 'origin/main'\n",
		       side_files, [main_tip, side_tip])
	return tip, k + len(window)


def history(args, out, tool, env, rng, staff, customers):
	rows, recs = open_records(rng, out, args.n, staff, customers, tool, env)
	gen.log("%d opening records from ticket-open --dry-run" % len(recs))
	active = [s for s in staff if s["leave"] is None]
	by_team = {}
	for a in active:
		if a["role"] == "agent":
			by_team.setdefault(a["team"], []).append(a)
	managers = {"*": [s for s in active if s["role"] == "manager"]}
	for m in managers["*"]:
		managers.setdefault(m["team"], []).append(m)
	tickets = [Ticket(rec, row) for rec, row in zip(recs, rows)]
	queue = []
	for i, t in enumerate(tickets):
		lifecycle(rng, t, by_team, managers)
		queue.append((gen.parse_time(t.rec["opened_at"]), i, None))
		queue += [(at, i, e) for at, e in t.later]
	# Stable: a ticket's own events keep their order on equal times.
	queue.sort(key=lambda x: x[0])
	s = Stream(out, {s["id"]: (s["name"], s["email"]) for s in staff})
	tip = gen.run(["git", "-C", out, "rev-parse", "HEAD"]).strip()
	k, since_merge, last = 0, 0, None
	staff_ids = [a["id"] for a in active if a["role"] != "admin"]
	while k < len(queue):
		if since_merge >= MERGE_EVERY:
			tip, k = merged(s, tickets, queue, k, rng, tip, staff_ids)
			since_merge = 0
			continue
		tip, _, _ = change(s, tickets, queue[k], rng, "refs/heads/main", tip)
		last = queue[k][1]
		k += 1
		since_merge += 1
		if s.commits % 20000 == 0:
			gen.log("%d commits" % s.commits)
	s.close()
	gen.run(["git", "-C", out, "update-ref", "-d", "refs/heads/clone"])
	gen.log("%d commits (%d merges) imported" % (s.commits, s.merges))
	return {"oldest_id": tickets[0].rec["id"],
		"recent_id": tickets[last].rec["id"],
		"merges": s.merges,
		"changes": len(queue)}


def commit_registers(out, staff):
	"""The registers, one commit each as plaindesk-reg makes them, on
	plaindesk-init's commit; the work tree then matches."""
	s = Stream(out, {s["id"]: (s["name"], s["email"]) for s in staff})
	tip = gen.run(["git", "-C", out, "rev-parse", "HEAD"]).strip()
	t = T0 + dt.timedelta(hours=9)
	for name in ("staff", "customers", "rooms", "holidays"):
		rel = "registers/%s.csv" % name
		with open(os.path.join(out, rel), "rb") as f:
			body = f.read()
		msg = ("plaindesk-reg: %s import\n\nPlaindesk-Command: plaindesk-reg\n"
		       "Plaindesk-Register: %s\n" % (name, name))
		tip = s.commit("refs/heads/main", "S-admin", t, msg, {rel: body},
			       [tip])
	s.close()
	gen.run(["git", "-C", out, "reset", "-q", "--hard"])


def main():
	ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
	ap.add_argument("--n", type=int, default=20000)
	ap.add_argument("--seed", type=int, default=1)
	ap.add_argument("--bin", required=True)
	ap.add_argument("--out", required=True)
	args = ap.parse_args()
	rng = gen.random.Random(args.seed)
	bindir, out = os.path.abspath(args.bin), os.path.abspath(args.out)
	tmp = out + ".tmp"
	shutil.rmtree(tmp, ignore_errors=True)
	env = dict(os.environ, TZ="UTC", PLAINDESK_ACTOR="S-admin",
		   PLAINDESK_NOW=gen.rfc3339(T0 + dt.timedelta(hours=8)))
	for k in ("PLAINDESK_DIR", "PLAINDESK_TRACE", "PLAINDESK_NOTIFY"):
		env.pop(k, None)

	def tool(name):
		return os.path.join(bindir, name)

	gen.run([tool("plaindesk-init"), tmp], env=env)
	staff, customers = registers(rng, tmp, args.n)
	commit_registers(tmp, staff)
	meta = history(args, tmp, tool, env, rng, staff, customers)
	gen.run(["git", "-C", tmp, "reset", "-q", "--hard"])
	gen.run(["git", "-C", tmp, "gc", "--quiet", "--prune=now"])
	gen.log("checked out and packed (git gc)")
	p = subprocess.run([tool("plaindesk-check"), "-C", tmp], env=env,
			   stdout=subprocess.PIPE, stderr=subprocess.PIPE)
	if p.returncode != 0:
		sys.stderr.write(p.stdout.decode()[:4000] + p.stderr.decode())
		raise SystemExit("gen_history.py: plaindesk-check failed")
	if gen.run(["git", "-C", tmp, "status", "--porcelain"]):
		raise SystemExit("gen_history.py: git status is not clean")
	gen.log("plaindesk-check passed; git status clean")
	meta.update(generator=GEN_HISTORY_VERSION, n=args.n, seed=args.seed,
		    now=gen.rfc3339(NOW), commits=int(gen.run(
			    ["git", "-C", tmp, "rev-list", "--count", "HEAD"])))
	shutil.rmtree(out, ignore_errors=True)
	os.rename(tmp, out)
	with open(out + ".json", "w") as f:
		json.dump(meta, f, indent=2)
		f.write("\n")
	gen.log("store ready: %s" % out)


if __name__ == "__main__":
	main()
