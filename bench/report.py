#!/usr/bin/env python3
"""
bench/report.py RESULTS.TSV BINDIR: the Markdown report of make bench.
bench/report.py --audit-only RESULTS.TSV BINDIR OLD.md: OLD.md with its
section "History audit" replaced by the one of RESULTS.TSV.

The TSV has one row per measurement: size, key, median (ms, or KiB for
peak memory), standard deviation, runs, note.  This prints the machine,
one table with a column per store size, where one ticket-open spends its
time, the history audit (sizes "hN": stores of N tickets with history),
and the targets, each met or missed.
"""

import os
import platform
import re
import subprocess
import sys
import time


def sh(cmd):
	try:
		return subprocess.run(cmd, shell=True, stdout=subprocess.PIPE,
				      stderr=subprocess.DEVNULL).stdout.decode().strip()
	except OSError:
		return ""


def machine(bindir, load_start):
	cpu = ""
	for line in open("/proc/cpuinfo"):
		if line.startswith("model name"):
			cpu = line.split(":", 1)[1].strip()
			break
	mem = ""
	for line in open("/proc/meminfo"):
		if line.startswith("MemTotal"):
			mem = "%.1f GiB" % (int(line.split()[1]) / 1048576)
	top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
	return [
		("date", time.strftime("%Y-%m-%d %H:%M %Z")),
		("cores (nproc)", sh("nproc")),
		("CPU", cpu),
		("memory", mem),
		("kernel", platform.release()),
		("libgit2", sh("pkg-config --modversion libgit2")),
		("git", sh("git --version").replace("git version ", "")),
		("hyperfine", sh("hyperfine --version").replace("hyperfine ", "")),
		("plaindesk", sh("git -C '%s' describe --always" % top) +
		 ("" if not sh("git -C '%s' status --porcelain -- . ':!bench/RESULTS.md'" % top)
		  else " with uncommitted changes")),
		("programs", bindir),
		("load average (1, 5, 15 min) at start / end", "%s / %s" % (
			load_start, " ".join(open("/proc/loadavg").read().split()[:3]))),
	]


ROWS = [
	("ticket-open", "`ticket-open` (one complaint)"),
	("ticket-update", "`ticket-update ID note`"),
	("git-cli", "git CLI: `git add FILE && git commit`"),
	("libgit2", "libgit2 alone: tree from HEAD, commit, ref (index untouched)"),
	("pack-open", "`ticket-open` that packs (DESIGN §4)"),
	("wait-pack", "longest `ticket-update` started during a pack"),
	("wait-notify", "longest `ticket-update` started during a 20 s notifier"),
	("list-overdue", "`ticket-list --overdue`, cache off"),
	("kpi-report", "`kpi-report --month` (json), cache off"),
	("list-cold", "`ticket-list --overdue`, summary cache cold"),
	("list-warm", "`ticket-list --overdue`, summary cache warm"),
	("kpi-cold", "`kpi-report --month` (json), summary cache cold"),
	("kpi-warm", "`kpi-report --month` (json), summary cache warm"),
	("cat", "`cat` of every record (the read limit)"),
	("jq", "`jq` over every record (overdue filter)"),
	("escalate-pass", "`ticket-escalate` pass, 1 % due"),
	("check", "`plaindesk-check`"),
	("rss-list-overdue", "peak RSS `ticket-list --overdue`"),
	("rss-kpi-report", "peak RSS `kpi-report --month`"),
]
STATUS = [
	("status-ticket-open", "git status after the `ticket-open` runs"),
	("status-ticket-update", "git status after the `ticket-update` runs"),
	("status-git-cli", "git status after the git CLI runs"),
	("status-libgit2", "git status after the libgit2 runs"),
	("status-escalate-pass", "after the escalation pass"),
	("status-pack-open", "after the `ticket-open` that packs"),
]


AUDIT_ROWS = [
	("audit-full", "`plaindesk-check --audit` (the whole history)"),
	("audit-since", "`plaindesk-check --audit --since HEAD~500`"),
	("history-recent", "`ticket-show ID --history`, the record of the last change"),
	("history-oldest", "`ticket-show ID --history`, the oldest record"),
	("git-log-raw", "`git log --raw --no-renames --topo-order --reverse`"),
	("git-log-p", "`git log -p --no-renames --topo-order --reverse`"),
	("rss-audit", "peak RSS `plaindesk-check --audit`"),
]


def table(data, sizes, rows, heads):
	"""The lines of a table of rows (key, label), a column per size."""
	out = ["| | " + " | ".join(heads) + " |",
	       "| --- |" + " ---: |" * len(sizes)]
	for key, label in rows:
		if not any((s, key) in data for s in sizes):
			continue
		cells = []
		for s in sizes:
			v = data.get((s, key))
			if not v:
				cells.append("n/a")
			elif key.startswith("rss-"):
				cells.append("%.1f" % (v[0] / 1024))
			else:
				cells.append("%.1f ± %.1f (%s)" % (v[0], v[1], v[2]))
		out.append("| %s | %s |" % (label, " | ".join(cells)))
	return out


def audit_section(data, notes, bindir, when):
	"""The section "History audit": its table and its targets."""
	sizes = sorted({s for s, _ in list(data) + list(notes)
			if s[:1] == "h" and s[1:].isdigit()}, key=lambda s: int(s[1:]))
	if not sizes:
		return []
	out, m = [], dict(machine(bindir, ""))
	w = out.append
	w("## History audit\n")
	w("Stores of bench/gen_history.py: plaindesk-init's commit, then a "
	  "year of tickets, one change per commit (an open, then 3 to 5 of "
	  "assign, ack, note, resolve and close, each by its author, with the "
	  "trailers of the programs) and a merge from another clone every "
	  "1,000 commits; packed by `git gc`.  The git rows read the same "
	  "history, output to /dev/null.  Measured %s: plaindesk %s (%s).\n"
	  % (time.strftime("%Y-%m-%d %H:%M %Z", time.localtime(when)),
	     m["plaindesk"], bindir))
	for s in sizes:
		if (s, "info") in notes:
			w("- %s tickets: %s; load average after the runs %s" % (
				human(s[1:]), notes[(s, "info")],
				notes.get((s, "load"), "?")))
	w("")
	w("Times in ms, as above; peak RSS in MiB (one run).\n")
	out += table(data, sizes, AUDIT_ROWS, [human(s[1:]) for s in sizes])
	w("")
	big = sizes[-1]

	def med(key):
		v = data.get((big, key))
		return v[0] if v else None

	rows = []
	full, logp = med("audit-full"), med("git-log-p")
	r = full / logp if full and logp else None
	for limit, aim in ((2.5, ""), (1.5, "aim: ")):
		rows.append(("%sfull audit at %s ≤ %.1f × git log -p" % (
			aim, human(big[1:]), limit), r, limit, "×"))
	for key, what in (("audit-since", "`--audit --since` 500 commits"),
			  ("history-recent", "`ticket-show --history` of a recent record")):
		v = med(key)
		rows.append(("%s at %s ≤ 1 s" % (what, human(big[1:])),
			     None if v is None else v / 1000, 1.0, " s"))
	w("| target | value | |")
	w("| --- | --- | --- |")
	for name, v, limit, unit in rows:
		if v is None:
			w("| %s | n/a | n/a |" % name)
		else:
			w("| %s | %.2f%s (limit %.2f%s) | %s |" % (
				name, v, unit, limit, unit, "met" if v <= limit else "missed"))
	w("")
	notes = os.path.join(os.path.dirname(os.path.abspath(__file__)),
			     "audit-profile.md")
	if os.path.exists(notes):
		w(open(notes, encoding="utf-8").read().rstrip())
		w("")
	return out


def splice(old, section):
	"""old (Markdown) with its History audit section replaced by section,
	or section put before the targets."""
	lines = old.rstrip("\n").split("\n")
	start = next((i for i, l in enumerate(lines) if l == "## History audit"), None)
	if start is None:
		start = end = next((i for i, l in enumerate(lines)
				    if l == "## Targets"), len(lines))
	else:
		end = next((i for i in range(start + 1, len(lines))
			    if lines[i].startswith("## ")), len(lines))
	return "\n".join(lines[:start] + section + lines[end:])


def human(n):
	n = int(n)
	return "%dk" % (n // 1000) if n >= 1000 and n % 1000 == 0 else str(n)


def main():
	only = sys.argv[1] == "--audit-only"
	if only:
		del sys.argv[1]
	tsv, bindir = sys.argv[1], sys.argv[2]
	data, notes, sizes = {}, {}, []
	for line in open(tsv, encoding="utf-8"):
		f = line.rstrip("\n").split("\t")
		if len(f) < 6:
			continue
		size, key, med, sd, runs, note = f[:6]
		if size not in sizes and size.isdigit():
			sizes.append(size)
		if med:
			data[(size, key)] = (float(med), float(sd or 0), runs, note)
		else:
			notes[(size, key)] = note

	def med(size, key):
		v = data.get((str(size), key))
		return v[0] if v else None

	if only:
		old = open(sys.argv[3], encoding="utf-8").read()
		print(splice(old, audit_section(data, notes, bindir,
						os.path.getmtime(tsv))))
		return

	out = []
	w = out.append
	w("# make bench: results\n")
	w("Produced by `make bench` (bench/run.sh); do not edit by hand.\n")
	w("| machine | |")
	w("| --- | --- |")
	try:
		load_start = open(os.path.join(os.path.dirname(tsv), "load.start")).read().strip()
	except OSError:
		load_start = "?"
	for k, v in machine(bindir, load_start):
		w("| %s | %s |" % (k, v))
	w("")
	w("Stores (bench/gen.py, seed as given): a year (2025) of tickets; "
	  "\"now\" is 2025-12-31 18:00 +08:00, so a new ticket lands in the "
	  "busiest directory, December.")
	w("")
	for s in sizes:
		if (s, "info") in notes:
			w("- %s tickets: %s" % (human(s), notes[(s, "info")]))
	w("")
	w("Times in ms: hyperfine median ± standard deviation (runs in "
	  "brackets); peak RSS in MiB (largest of 3).\n")
	out += table(data, sizes, ROWS, [human(s) for s in sizes])
	for key, label in STATUS:
		if not any((s, key) in notes for s in sizes):
			continue
		w("| %s | %s |" % (label, " | ".join(notes.get((s, key), "n/a")
						     for s in sizes)))
	bare, show = data.get(("demo", "start-bare")), data.get(("demo", "start-show"))
	if bare and show:
		w("\nStart-up on the demo store (make demo), whole process, hyperfine "
		  "-N, rounds interleaving the two: a bare C program that opens and "
		  "reads `plaindesk.json` %.2f ± %.2f ms (%s), `ticket-show ID` "
		  "%.2f ± %.2f ms (%s)." % (bare[0], bare[1], bare[2], show[0],
					   show[1], show[2]))
	for s in sizes:
		if (s, "warning") in notes:
			w("\nWarning at %s: %s" % (human(s), notes[(s, "warning")]))
	w("")

	phases = []
	for (s, key) in data:
		if key.startswith("trace:") and key[6:] not in phases:
			phases.append(key[6:])
	if phases:
		w("Where one `ticket-open` spends its time (`PLAINDESK_TRACE=1`, "
		  "median of 10 runs, ms; \"before the commit\" is process start, "
		  "store open, registers and staging, and exit):\n")
		w("| phase | " + " | ".join(human(s) for s in sizes) + " |")
		w("| --- |" + " ---: |" * len(sizes))
		named = [p for p in phases if p not in ("total", "prepare")]
		for p in named + ["before the commit", "total"]:
			cells = []
			for s in sizes:
				tot = med(s, "trace:total")
				if p == "before the commit":
					v = None if tot is None else tot - sum(
						med(s, "trace:" + q) or 0 for q in named)
				else:
					v = med(s, "trace:" + p)
				cells.append("n/a" if v is None else "%.1f" % v)
			w("| %s | %s |" % (p, " | ".join(cells)))
		w("")

	out += audit_section(data, notes, bindir, os.path.getmtime(tsv))
	w("## Targets\n")
	targets = []

	def ratio(a, b):
		return None if a is None or b is None or b == 0 else a / b

	def target(name, value, limit, unit="×", why=""):
		if value is None:
			targets.append((name, "n/a", "n/a" + (" (%s)" % why if why else "")))
		else:
			targets.append((name, "%.2f%s (limit %.2f%s)" % (value, unit, limit, unit),
					"met" if value <= limit else "missed"))

	r = ratio(med(20000, "ticket-open"), med(200, "ticket-open"))
	target("ticket-open at 20k ≤ 3 × at 200", r, 3.0,
	       why="needs sizes 200 and 20000")
	r = ratio(med(20000, "ticket-open"), med(20000, "git-cli"))
	target("ticket-open at 20k ≤ 0.8 × git CLI add+commit at 20k", r, 0.8,
	       why="needs size 20000")
	st = [notes.get((s, k)) for s in sizes for k in ("status-ticket-open",
						     "status-ticket-update")]
	st = [x for x in st if x]
	targets.append(("git status clean after every plaindesk change",
			", ".join(sorted(set(st))) or "n/a",
			"n/a" if not st else "met" if all(x == "clean" for x in st)
			else "missed"))
	r = ratio(med(20000, "kpi-report"), med(20000, "cat"))
	target("kpi-report at 20k ≤ 2 × cat at 20k", r, 2.0,
	       why="kpi-report is not built yet" if med(20000, "cat") else "needs size 20000")
	r = ratio(med(100000, "rss-kpi-report"), med(20000, "rss-kpi-report"))
	target("kpi-report peak RSS at 100k ≤ 1.5 × at 20k", r, 1.5,
	       why="kpi-report is not built yet" if med(20000, "cat") and
	       med(100000, "cat") else "needs sizes 20000 and 100000")
	for key, what in (("wait-pack", "a pack"), ("wait-notify", "a slow notifier")):
		for size in (20000, 100000):
			v = med(size, key)
			target("a ticket-update started during %s at %s waits ≤ 1 s"
			       % (what, human(size)), None if v is None else v / 1000,
			       1.0, unit=" s", why="needs size %d" % size)
	for prog in ("ticket-open", "ticket-update"):
		r = ratio(med(100000, prog), med(200, prog))
		target("aim: %s at 100k ≤ 1.5 × at 200" % prog, r, 1.5,
		       why="needs sizes 200 and 100000" if med(200, "cat") is None or
		       med(100000, "cat") is None else "%s is not built yet" % prog)
	r = ratio(med("demo", "start-show"), med("demo", "start-bare"))
	target("ticket-show on the demo store ≤ 2 × a bare C program reading plaindesk.json",
	       r, 2.0, why="ticket-show is not built")
	kb = data.get(("kb5000", "kb-search"))
	target("kb search over 5,000 articles ≤ 300 ms", kb[0] if kb else None,
	       300, unit=" ms", why="kb is not built")
	w("| target | value | |")
	w("| --- | --- | --- |")
	for name, value, verdict in targets:
		w("| %s | %s | %s |" % (name, value, verdict))
	w("")
	info = []
	r = ratio(med(20000, "list-overdue"), med(20000, "cat"))
	if r:
		info.append("ticket-list --overdue at 20k is %.2f × cat" % r)
	r = ratio(med(100000, "list-overdue"), med(100000, "cat"))
	if r:
		info.append("at 100k %.2f × cat" % r)
	r = ratio(med(100000, "rss-list-overdue"), med(20000, "rss-list-overdue"))
	if r:
		info.append("its peak RSS at 100k is %.2f × at 20k" % r)
	if info:
		w("Whole-store reads by ticket-list, for comparison: " + "; ".join(info) + ".")
		w("")
	notes = os.path.join(os.path.dirname(os.path.abspath(__file__)),
			     "optimisations.md")
	if os.path.exists(notes):
		out.append(open(notes, encoding="utf-8").read().rstrip())
		out.append("")
	print("\n".join(out))


if __name__ == "__main__":
	main()
