#!/usr/bin/env bash
# bench/run.sh BINDIR: make bench.  For each store size in $BENCH_SIZES
# (default "200 20000 100000") it builds (or takes from the cache in
# bench/stores/) a generated store of that many tickets and copies it;
# then it measures with hyperfine: whole-store reads (ticket-list
# --overdue, kpi-report) beside cat and jq of every record,
# plaindesk-check and peak memory, with the summary cache off; the
# same two reads with the cache cold and warm; the escalation pass with 1 % of the
# tickets due; one change (ticket-open, ticket-update note) beside the
# same change made with the git CLI and with bare libgit2, in rounds
# that interleave commands and sizes; the history audit
# (plaindesk-check --audit, ticket-show --history) beside git log on a
# store with a year of history; where one ticket-open spends its
# time (PLAINDESK_TRACE); the change that packs; how long `ticket-show`
# takes to start beside a bare C program; and how long a change
# waits when it starts while a pack or a slow notifier runs.  It prints one table
# and writes it, with the machine and the targets met or missed, to
# bench/RESULTS.md.
#
# Knobs: BENCH_SIZES, BENCH_SEED (1), BENCH_RUNS (runs of a change, 20,
# in BENCH_ROUNDS rounds, 10), BENCH_READ_RUNS (runs of a whole-store
# read, 5), BENCH_START_ROUNDS (rounds of 20 start-up runs, 10),
# BENCH_PACK_RUNS (3), BENCH_WAIT_RUNS (changes started during
# a pack or a notifier, 3 each), BENCH_RESULTS (where the Markdown goes,
# bench/RESULTS.md), BENCH_AUDIT_TICKETS (sizes of the history stores of
# the audit, "20000"; empty: none), BENCH_AUDIT_RUNS (rounds of the
# audit's rows, 3), BENCH_SECTIONS ("audit": only the audit, its part of
# RESULTS.md replaced and the rest kept).
set -euo pipefail

bin=$(cd "${1:-bin}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
sizes=${BENCH_SIZES:-"200 20000 100000"}
seed=${BENCH_SEED:-1}
runs=${BENCH_RUNS:-20}
read_runs=${BENCH_READ_RUNS:-5}
pack_runs=${BENCH_PACK_RUNS:-3}
wait_runs=${BENCH_WAIT_RUNS:-3}
results_md=${BENCH_RESULTS:-$here/RESULTS.md}
audit_sizes=${BENCH_AUDIT_TICKETS-20000}
audit_runs=${BENCH_AUDIT_RUNS:-3}
sections=${BENCH_SECTIONS:-all}
stores=$here/stores
work=$stores/work
tsv=$work/results.tsv
export LC_ALL=C.UTF-8
unset PLAINDESK_DIR PLAINDESK_TRACE PLAINDESK_NOTIFY PLAINDESK_FAULT \
	PLAINDESK_LIBGIT2_INDEX

for tool in hyperfine jq python3 git cc; do
	command -v "$tool" >/dev/null ||
		{ echo "bench: $tool is missing (make deps)" >&2; exit 69; }
done
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time is missing (make deps)" >&2; exit 69; }

rm -rf "$work"
mkdir -p "$work"
: > "$tsv"
cut -d' ' -f1-3 /proc/loadavg > "$work/load.start"
lg2=$work/lg2commit
gen_version=$(sed -n 's/^GEN_VERSION = //p' "$here/gen.py")
hist_version=$(sed -n 's/^GEN_HISTORY_VERSION = //p' "$here/gen_history.py")
# shellcheck disable=SC2046
cc -O2 -Wall -o "$lg2" "$here/lg2commit.c" $(pkg-config --cflags --libs libgit2)

say() { printf 'bench: %s\n' "$*" >&2; }
has() { [ -x "$bin/$1" ]; }

# row SIZE KEY MEDIAN_MS STDDEV_MS RUNS NOTE
row() { printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >> "$tsv"; }

# measure SIZE KEY [hyperfine options...] -- COMMAND: run hyperfine and
# keep its times (ms), so that a measurement can be made in rounds
# interleaved with others and summarised at the end.
measure() {
	local size=$1 key=$2 json=$work/hf.json
	shift 2
	local opts=()
	while [ "$1" != "--" ]; do opts+=("$1"); shift; done
	shift
	hyperfine --style none --export-json "$json" "${opts[@]}" "$1" \
		>/dev/null 2>"$work/hf.err" ||
		{ cat "$work/hf.err" >&2; say "failed: $1"; exit 1; }
	jq -r '.results[0].times[] * 1000' "$json" >> "$work/times.$size.$key"
}

# summarize SIZE KEY [NOTE]: median and standard deviation of the times.
summarize() {
	local size=$1 key=$2 note=${3:-} stats
	[ -s "$work/times.$size.$key" ] || return 0
	stats=$(python3 -c 'import statistics as s, sys
v = [float(x) for x in open(sys.argv[1])]
print("%.3f\t%.3f\t%d" % (s.median(v), s.stdev(v) if len(v) > 1 else 0, len(v)))' \
		"$work/times.$size.$key")
	printf '%s\t%s\t%s\t%s\n' "$size" "$key" "$stats" "$note" >> "$tsv"
	say "$(printf '%-7s %-16s %s' "$size" "$key" "$stats" | tr '\t' ' ') ms $note"
}

status_note() {
	if [ -z "$(git -C "$1" status --porcelain)" ]; then echo clean; else echo NOT-clean; fi
}
packs() { find "$1/.git/objects/pack" -name '*.pack' | wc -l; }
loose() { find "$1"/.git/objects/?? -type f 2>/dev/null | wc -l; }

# The settings of a size's store, written by setup and read back by
# every later phase.
vars() { . "$work/vars.$1"; export PLAINDESK_NOW=$now PLAINDESK_ACTOR=S-admin; }

# setup SIZE: generate or take from the cache, copy, describe.
setup() {
	local n=$1 cache=$stores/n$1-s$seed-g$gen_version
	if [ -d "$cache" ] && ! "$bin/plaindesk-check" -C "$cache" -q >/dev/null 2>&1; then
		say "cached store $cache no longer passes plaindesk-check; making it again"
		rm -rf "$cache" "$cache.json"
	fi
	if [ ! -d "$cache" ] || [ ! -f "$cache.json" ]; then
		say "generating a store of $n tickets (seed $seed)"
		python3 "$here/gen.py" store --n "$n" --seed "$seed" --bin "$bin" \
			--out "$cache"
	fi
	local s=$work/store-$n meta=$cache.json k
	say "copying the store of $n tickets"
	cp -a "$cache" "$s"
	{
		echo "s='$s'"
		for k in now month pass_now update_id like_id backlog month_tickets; do
			echo "$k='$(jq -r ".$k" "$meta")'"
		done
		echo "agent='$(awk -F, '$4 == "agent" && $6 == "yes" { print $1; exit }' "$s/registers/staff.csv")'"
		echo "customer='$(awk -F, 'NR == 2 { print $1 }' "$s/registers/customers.csv")'"
	} > "$work/vars.$n"
	vars "$n"
	row "$n" info "" "" "" "$month_tickets tickets in $month; $(loose "$s") loose objects, $(packs "$s") pack(s)"
}

# reads SIZE: whole-store reads, on the store as generated, in rounds
# that interleave the programs (the machine may be busy with other work);
# plaindesk-check; peak memory.
read_cmd() {
	case $1 in
	cat) echo "cd '$s' && find tickets -name '*.json' -print0 | xargs -0 cat > /dev/null" ;;
	jq) echo "cd '$s' && find tickets -name '*.json' -print0 | xargs -0 jq -r --arg now '$now' 'select((.state.responded_at == null and .state.response_due < \$now) or (.state.status != \"resolved\" and .state.status != \"closed\" and .state.resolution_due < \$now)) | .id' > /dev/null" ;;
	list-overdue) echo "PLAINDESK_CACHE=0 $(read_cmd cached-list)" ;;
	kpi-report) echo "PLAINDESK_CACHE=0 $(read_cmd cached-kpi)" ;;
	cached-list) echo "'$bin/ticket-list' -C '$s' --overdue" ;;
	cached-kpi) echo "'$bin/kpi-report' -C '$s' --month $month --format json" ;;
	esac
}

# cache_reads SIZE: the same reads through the summary cache (DESIGN §4),
# cold (no cache file: every ticket parsed and summarized, the cache
# written) and warm (the cache the run before wrote).  The copied store's
# index is refreshed first, as git status would, so that it vouches for
# the files again.
cache_reads() {
	local n=$1 key
	vars "$n"
	git -C "$s" update-index -q --refresh >/dev/null || true
	for key in list kpi; do
		has kpi-report || [ "$key" = list ] || continue
		measure "$n" "$key-cold" --runs "$read_runs" \
			--prepare "rm -f '$s/.git/plaindesk/tickets.sum'" -- \
			"$(read_cmd "cached-$key")"
		measure "$n" "$key-warm" --warmup 1 --runs "$read_runs" -- \
			"$(read_cmd "cached-$key")"
		summarize "$n" "$key-cold"
		summarize "$n" "$key-warm"
	done
}
reads() {
	local n=$1 r key prog
	vars "$n"
	local keys=(cat jq list-overdue)
	has kpi-report && keys+=(kpi-report)
	for r in $(seq 1 "$read_runs"); do
		for key in "${keys[@]}"; do
			# shellcheck disable=SC2046
			measure "$n" "$key" --runs 1 $([ "$r" = 1 ] && echo --warmup 1) -- "$(read_cmd "$key")"
		done
	done
	for key in "${keys[@]}"; do summarize "$n" "$key"; done
	measure "$n" check --warmup 1 --runs 3 -- "'$bin/plaindesk-check' -C '$s' -q"
	summarize "$n" check
	for prog in list-overdue kpi-report; do
		local cmd peak=0 kb i
		case $prog in
		list-overdue) cmd=("$bin/ticket-list" -C "$s" --overdue) ;;
		kpi-report) has kpi-report || continue
			cmd=("$bin/kpi-report" -C "$s" --month "$month" --format json) ;;
		esac
		for i in 1 2 3; do
			kb=$(/usr/bin/time -f %M "${cmd[@]}" 2>&1 >/dev/null | tail -n1)
			[ "$kb" -gt "$peak" ] && peak=$kb
		done
		row "$n" "rss-$prog" "$peak" "" 3 "KiB"
		say "$(printf '%-7s %-16s %s KiB' "$n" "rss-$prog" "$peak")"
	done
}

# escalation SIZE: the pass a week after now, on the store as generated,
# when the backlog (1 %) is due.  Every run starts from the same commit.
escalation() {
	local n=$1 base changed
	has ticket-escalate || return 0
	vars "$n"
	base=$(git -C "$s" rev-parse HEAD)
	cat > "$work/reset.$n.sh" <<EOS
#!/bin/sh
set -e
git -C '$s' reset -q --hard $base
git -C '$s' reflog expire --expire=now --all
git -C '$s' prune --expire=now
EOS
	chmod +x "$work/reset.$n.sh"
	export PLAINDESK_NOW=$pass_now
	measure "$n" escalate-pass --runs "$read_runs" \
		--prepare "$work/reset.$n.sh" -- "'$bin/ticket-escalate' -C '$s'"
	summarize "$n" escalate-pass
	changed=$(git -C "$s" log -1 --format=%B | grep -c '^Plaindesk-Record:' || true)
	row "$n" status-escalate-pass "" "" "" "$(status_note "$s"); $changed of $n tickets changed ($backlog in the backlog)"
	"$work/reset.$n.sh"
}

# One change: ticket-open, ticket-update, and the same change (a new
# record file, put in place untimed by --prepare) made with the git CLI
# and with libgit2 alone.  change_round SIZE runs each of them once
# (warm-up and $per runs); the rounds interleave commands and sizes, so
# that a busy machine weighs on all of them alike.  The stores start
# packed, so no run packs; git status is checked after every series.
change_setup() {
	local n=$1
	vars "$n"
	mkdir -p "$work/spool.$n"
	python3 "$here/gen.py" newrec --store "$s" --like "$like_id" \
		--count $((2 * rounds * (per + 1) + 4)) --spool "$work/spool.$n" > "$work/list.$n"
	cat > "$work/prepare.$n.sh" <<EOS
#!/bin/sh
set -e
f=\$(head -n 1 '$work/list.$n')
sed -i 1d '$work/list.$n'
mv '$work/spool.$n'/"\$f" '$s'/"\$f"
printf '%s\n' "\$f" > '$work/next.$n'
EOS
	chmod +x "$work/prepare.$n.sh"
	packs "$s" > "$work/packs0.$n"
}
dirty() { [ "$(status_note "$s")" = clean ] || echo NOT-clean > "$work/status.$1.$2"; }
change_round() {
	local n=$1 cr=(--warmup 1 --runs "$per")
	vars "$n"
	measure "$n" ticket-open "${cr[@]}" -- \
		"'$bin/ticket-open' -C '$s' --kind complaint --channel phone --customer $customer --severity important --category equipment --assignee $agent --title 'Projector failed in room 3' --description 'The projector went dark ten minutes into the keynote.'"
	dirty "$n" ticket-open
	if has ticket-update; then
		measure "$n" ticket-update "${cr[@]}" -- \
			"'$bin/ticket-update' -C '$s' $update_id note --message 'Customer called again about the invoice.'"
		dirty "$n" ticket-update
	fi
	measure "$n" git-cli "${cr[@]}" --prepare "$work/prepare.$n.sh" -- \
		"read f < '$work/next.$n'; git -C '$s' add \"\$f\" && git -C '$s' commit -q -m 'bench: one record'"
	dirty "$n" git-cli
	measure "$n" libgit2 "${cr[@]}" --prepare "$work/prepare.$n.sh" -- \
		"read f < '$work/next.$n'; '$lg2' '$s' \"\$f\""
	dirty "$n" libgit2
	# The index lacks what libgit2 committed: bring it up to date.
	git -C "$s" reset -q
}
change_summary() {
	local n=$1 key st
	vars "$n"
	for key in ticket-open ticket-update git-cli libgit2; do
		[ -s "$work/times.$n.$key" ] || continue
		summarize "$n" "$key"
		st=$(cat "$work/status.$n.$key" 2>/dev/null || echo clean)
		[ "$key" = libgit2 ] && st="$st (index untouched)"
		row "$n" "status-$key" "" "" "" "$st"
	done
	[ "$(packs "$s")" = "$(cat "$work/packs0.$n")" ] ||
		row "$n" warning "" "" "" "a change packed during the series"
}

# trace SIZE: where one ticket-open spends its time (PLAINDESK_TRACE).
trace() {
	local n=$1 t t0 t1
	vars "$n"
	for t in $(seq 1 10); do
		t0=$(date +%s%N)
		PLAINDESK_TRACE=1 "$bin/ticket-open" -C "$s" --kind inquiry \
			--channel email --customer "$customer" \
			--title "Parking for 80 attendees" >/dev/null 2>"$work/trace.$t"
		t1=$(date +%s%N)
		echo "trace: total $(( (t1 - t0) / 1000 )).0 us" >> "$work/trace.$t"
	done
	python3 - "$n" "$work"/trace.* >> "$tsv" <<'EOS'
import re, statistics, sys
n, phases = sys.argv[1], {}
for path in sys.argv[2:]:
	for line in open(path):
		m = re.match(r"trace: (.*?)\s+([0-9.]+) (ms|us)$", line.strip())
		if m:
			v = float(m.group(2)) / (1000 if m.group(3) == "us" else 1)
			phases.setdefault(m.group(1), []).append(v)
for name, vals in phases.items():
	print("%s\ttrace:%s\t%.3f\t%.3f\t%d\t" % (n, name, statistics.median(vals),
		statistics.pstdev(vals), len(vals)))
EOS
	rm -f "$work"/trace.*
}

# packing SIZE: the change that packs (DESIGN §4).  Loose objects as
# about 1,340 changes leave them (blob, trees, commit each), made with
# lg2commit, then the ticket-open that finds more than 6,700 and packs.
packing() {
	local n=$1
	vars "$n"
	git -C "$s" repack -d -q
	cat > "$work/loose.$n.sh" <<EOS
#!/bin/sh
# Commit new records one per commit until objects/17 holds more than
# 6,700 / 256 loose objects, as git's gc --auto estimates.
set -e
cd '$s'
while [ "\$(ls .git/objects/17 2>/dev/null | wc -l)" -le 26 ]; do
	python3 '$here/gen.py' newrec --store . --like '$like_id' --count 200 > '$work/loose.list'
	xargs '$lg2' --each . < '$work/loose.list'
done
git reset -q
find .git/objects/?? -type f | wc -l >> '$work/loose.$n.count'
EOS
	chmod +x "$work/loose.$n.sh"
	measure "$n" pack-open --runs "$pack_runs" --prepare "$work/loose.$n.sh" -- \
		"'$bin/ticket-open' -C '$s' --kind inquiry --channel email --customer $customer --title 'Parking for 80 attendees'"
	summarize "$n" pack-open
	row "$n" status-pack-open "" "" "" "$(status_note "$s"); packed $(sort -n "$work/loose.$n.count" | paste -sd/) loose objects; $(loose "$s") left"
}

# kb search over 5,000 published articles (DESIGN: at most 0.3 s).
kb_search() {
	local s=$work/kb-store
	has kb || return 0
	rm -rf "$s"
	"$bin/plaindesk-init" "$s" --locale zh-CN >/dev/null
	python3 "$here/gen_kb.py" "$s" 5000 "$seed"
	measure kb5000 kb-search --warmup 1 --runs "$read_runs" -- \
		"'$bin/kb' -C '$s' search 投影仪 无法开机 --limit 10"
	summarize kb5000 kb-search
	rm -rf "$s"
}

# startup: whole-process time of `ticket-show ID` on the demo store
# (make demo's) beside a bare C program that opens and reads
# plaindesk.json, in rounds that interleave the two; the target is the
# ratio of their medians.
startup() {
	local demo=$work/demo rounds=${BENCH_START_ROUNDS:-10} id r
	has ticket-show || return 0
	cc -O2 -Wall -o "$work/readconf" "$here/readconf.c"
	"$here/../examples/demo.sh" "$bin" >/dev/null 2>&1 ||
		{ say "make demo failed"; return 0; }
	rm -rf "$demo"
	cp -a "$here/../examples/store" "$demo"
	id=$(cd "$demo" && find tickets -name 'T-*.json' | sort | head -n 1)
	id=${id##*/}
	id=${id%.json}
	for r in $(seq 1 "$rounds"); do
		# shellcheck disable=SC2046
		measure demo start-bare -N --runs 20 $([ "$r" = 1 ] && echo --warmup 20) -- \
			"'$work/readconf' '$demo/plaindesk.json'"
		measure demo start-show -N --runs 20 -- \
			"'$bin/ticket-show' -C '$demo' $id"
	done
	summarize demo start-bare
	summarize demo start-show
}

# waited SIZE KEY COMMAND...: start COMMAND in a session of its own, wait
# until it says (by touching $work/busy) that its slow part has begun,
# time a ticket-update made meanwhile, then stop COMMAND.  The change's
# wall time, lock wait included, goes to the times of KEY.
waited() {
	local n=$1 key=$2 pid t0 t1
	shift 2
	rm -f "$work/busy"
	setsid "$@" >/dev/null 2>&1 &
	pid=$!
	for _ in $(seq 6000); do
		[ -e "$work/busy" ] || ! kill -0 "$pid" 2>/dev/null && break
		sleep 0.01
	done
	[ -e "$work/busy" ] || say "$key: the background work never began"
	t0=$(date +%s%N)
	"$bin/ticket-update" -C "$s" "$update_id" note \
		--message "Customer called while the desk was busy." >/dev/null
	t1=$(date +%s%N)
	python3 -c "print(($t1 - $t0) / 1e6)" >> "$work/times.$n.$key"
	kill -- "-$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
}

# longest SIZE KEY NOTE: the longest of the times of KEY, as a row.
longest() {
	local n=$1 key=$2
	[ -s "$work/times.$n.$key" ] || return 0
	row "$n" "$key" "$(sort -g "$work/times.$n.$key" | tail -n 1)" "" \
		"$(wc -l < "$work/times.$n.$key")" "$3"
}

# waits SIZE: nobody waits behind housekeeping (DESIGN §4).  A ticket-
# update started while plaindesk-check --pack packs the loose objects of
# about 1,340 changes, and while the escalation pass's notifier sleeps
# 20 s; the longest wait of each is reported.
waits() {
	local n=$1 i
	vars "$n"
	has ticket-update || return 0
	# The packer says it has begun through a pack lock watcher: the
	# pack lock taken means packing has started.
	cat > "$work/packing.sh" <<EOS
#!/bin/sh
'$bin/plaindesk-check' -C '$s' --pack -q &
p=\$!
while ! [ -e /proc/\$p/fd ] || ! ls -l /proc/\$p/fd 2>/dev/null | grep -q plaindesk-pack.lock; do
	kill -0 \$p 2>/dev/null || break
	sleep 0.01
done
touch '$work/busy'
wait \$p
EOS
	cat > "$work/slow-notify" <<EOS
#!/bin/sh
cat > /dev/null
touch '$work/busy'
sleep 20
EOS
	chmod +x "$work/packing.sh" "$work/slow-notify"
	for i in $(seq "$wait_runs"); do
		"$work/loose.$n.sh" > /dev/null
		waited "$n" wait-pack "$work/packing.sh"
	done
	longest "$n" wait-pack "longest of a ticket-update during a pack"
	has ticket-escalate || return 0
	for i in $(seq "$wait_runs"); do
		"$work/reset.$n.sh"
		waited "$n" wait-notify env PLAINDESK_NOW="$pass_now" \
			PLAINDESK_NOTIFY="$work/slow-notify" PLAINDESK_NOTIFY_TIMEOUT=30 \
			"$bin/ticket-escalate" -C "$s"
	done
	"$work/reset.$n.sh"
	longest "$n" wait-notify "longest of a ticket-update during a 20 s notifier"
}

# audit SIZE: the history audit (DESIGN §4 "History") on a store of SIZE
# tickets whose year of history is one change per commit, about 5 SIZE
# commits with a merge every 1,000 (bench/gen_history.py; cached in
# bench/stores/ like the other stores), beside git reading the same
# history: `git log --raw` (the trees compared, no blob read) and
# `git log -p` (every changed blob read and diffed).  Rounds interleave
# the programs; peak memory of the full audit.  The store is only read.
audit_cmd() {
	case $1 in
	audit-full) echo "'$bin/plaindesk-check' -C '$s' --audit -q" ;;
	audit-since) echo "'$bin/plaindesk-check' -C '$s' --audit --since $since -q" ;;
	history-recent) echo "'$bin/ticket-show' -C '$s' $recent_id --history" ;;
	history-oldest) echo "'$bin/ticket-show' -C '$s' $oldest_id --history" ;;
	git-log-raw) echo "git -C '$s' log --raw --no-renames --topo-order --reverse > /dev/null" ;;
	git-log-p) echo "git -C '$s' log -p --no-renames --topo-order --reverse > /dev/null" ;;
	esac
}
audit() {
	local n=$1 key=h$1 cache=$stores/hist-n$1-s$seed-g$hist_version
	local s since recent_id oldest_id r k out peak
	if [ -d "$cache" ] && ! "$bin/plaindesk-check" -C "$cache" -q >/dev/null 2>&1; then
		say "cached store $cache no longer passes plaindesk-check; making it again"
		rm -rf "$cache" "$cache.json"
	fi
	if [ ! -d "$cache" ] || [ ! -f "$cache.json" ]; then
		say "generating a history of $n tickets (seed $seed)"
		python3 "$here/gen_history.py" --n "$n" --seed "$seed" \
			--bin "$bin" --out "$cache"
	fi
	s=$cache
	since=$(git -C "$s" rev-parse HEAD~500)
	recent_id=$(jq -r .recent_id "$cache.json")
	oldest_id=$(jq -r .oldest_id "$cache.json")
	export PLAINDESK_NOW
	PLAINDESK_NOW=$(jq -r .now "$cache.json")
	out=$("$bin/plaindesk-check" -C "$s" --audit 2>&1 | tail -n 1) || true
	row "$key" info "" "" "" "$(jq -r '"\(.commits) commits, \(.merges) merges"' "$cache.json"); $(du -sm "$s/.git" | cut -f1) MiB in .git, $(packs "$s") pack(s); $out"
	local keys=(audit-full audit-since git-log-raw git-log-p)
	has ticket-show && keys+=(history-recent history-oldest)
	for r in $(seq 1 "$audit_runs"); do
		say "audit at $n: round $r of $audit_runs"
		for k in "${keys[@]}"; do
			# shellcheck disable=SC2046
			measure "$key" "$k" --runs 1 $([ "$r" = 1 ] && echo --warmup 1) -- "$(audit_cmd "$k")"
		done
	done
	for k in "${keys[@]}"; do summarize "$key" "$k"; done
	peak=$(/usr/bin/time -f %M "$bin/plaindesk-check" -C "$s" --audit -q 2>&1 >/dev/null | tail -n1)
	row "$key" rss-audit "$peak" "" 1 "KiB"
	say "$(printf '%-7s %-16s %s KiB' "$key" rss-audit "$peak")"
	row "$key" load "" "" "" "$(cut -d' ' -f1-3 /proc/loadavg)"
	unset PLAINDESK_NOW
}

rounds=${BENCH_ROUNDS:-10}
per=$(( (runs + rounds - 1) / rounds ))
if [ "$sections" = audit ]; then
	for n in $audit_sizes; do audit "$n"; done
	python3 "$here/report.py" --audit-only "$tsv" "$bin" "$results_md" > "$work/RESULTS.md"
	cp "$work/RESULTS.md" "$results_md"
	sed -n '/^## History audit/,/^## [^H]/p' "$results_md"
	exit 0
fi
startup
for n in $sizes; do setup "$n"; done
for n in $sizes; do reads "$n"; cache_reads "$n"; escalation "$n"; done
for n in $audit_sizes; do audit "$n"; done
kb_search
for n in $sizes; do change_setup "$n"; done
for r in $(seq 1 "$rounds"); do
	say "changes: round $r of $rounds"
	for n in $sizes; do change_round "$n"; done
done
for n in $sizes; do change_summary "$n"; trace "$n"; done
for n in $sizes; do
	packing "$n"
	waits "$n"
	rm -rf "$work/store-$n" "$work/spool.$n"
done
unset PLAINDESK_NOW PLAINDESK_ACTOR

python3 "$here/report.py" "$tsv" "$bin" > "$work/RESULTS.md"
cp "$work/RESULTS.md" "$results_md"
cat "$results_md"
