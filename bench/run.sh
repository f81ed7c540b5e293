#!/usr/bin/env bash
# bench/run.sh BINDIR: make bench.  For each store size in $BENCH_SIZES
# (default "200 20000 100000") it builds (or takes from the cache in
# bench/stores/) a generated store of that many tickets, copies it, and
# measures with hyperfine: one change (ticket-open, ticket-update note)
# beside the same change made with the git CLI and with bare libgit2;
# whole-store reads (ticket-list --overdue, kpi-report) beside cat and jq
# of every record; the escalation pass with 1 % of the tickets due;
# plaindesk-check; peak memory; the change that packs; and where one
# ticket-open spends its time (PLAINDESK_TRACE).  It prints one table and
# writes it, with the machine and the targets met or missed, to
# bench/RESULTS.md.
#
# Knobs: BENCH_SIZES, BENCH_SEED (1), BENCH_RUNS (runs of a change, 20,
# in BENCH_ROUNDS rounds, 4), BENCH_READ_RUNS (runs of a whole-store
# read, 5), BENCH_PACK_RUNS (3), BENCH_RESULTS (where the Markdown goes,
# bench/RESULTS.md).
set -euo pipefail

bin=$(cd "${1:-bin}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
sizes=${BENCH_SIZES:-"200 20000 100000"}
seed=${BENCH_SEED:-1}
runs=${BENCH_RUNS:-20}
read_runs=${BENCH_READ_RUNS:-5}
pack_runs=${BENCH_PACK_RUNS:-3}
results_md=${BENCH_RESULTS:-$here/RESULTS.md}
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

bench_size() {
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
	local s=$work/store-$n meta=$cache.json
	say "copying the store of $n tickets"
	cp -a "$cache" "$s"
	local now month pass_now update_id like_id nback mtickets
	now=$(jq -r .now "$meta")
	month=$(jq -r .month "$meta")
	pass_now=$(jq -r .pass_now "$meta")
	update_id=$(jq -r .update_id "$meta")
	like_id=$(jq -r .like_id "$meta")
	nback=$(jq -r .backlog "$meta")
	mtickets=$(jq -r .month_tickets "$meta")
	export PLAINDESK_NOW=$now PLAINDESK_ACTOR=S-admin
	local agent customer
	agent=$(awk -F, '$4 == "agent" && $6 == "yes" { print $1; exit }' "$s/registers/staff.csv")
	customer=$(awk -F, 'NR == 2 { print $1 }' "$s/registers/customers.csv")
	row "$n" info "" "" "" "$mtickets tickets in $month; $(loose "$s") loose objects, $(packs "$s") pack(s)"

	# Whole-store reads, on the store as generated, in rounds that
	# interleave the programs (the machine may be busy with other work).
	local reads=(cat jq list-overdue) key r
	has kpi-report && reads+=(kpi-report)
	read_cmd() {
		case $1 in
		cat) echo "cd '$s' && find tickets -name '*.json' -print0 | xargs -0 cat > /dev/null" ;;
		jq) echo "cd '$s' && find tickets -name '*.json' -print0 | xargs -0 jq -r --arg now '$now' 'select((.state.responded_at == null and .state.response_due < \$now) or (.state.status != \"resolved\" and .state.status != \"closed\" and .state.resolution_due < \$now)) | .id' > /dev/null" ;;
		list-overdue) echo "'$bin/ticket-list' -C '$s' --overdue" ;;
		kpi-report) echo "'$bin/kpi-report' -C '$s' --month $month --format json" ;;
		esac
	}
	for r in $(seq 1 "$read_runs"); do
		for key in "${reads[@]}"; do
			measure "$n" "$key" --runs 1 $([ "$r" = 1 ] && echo --warmup 1) -- "$(read_cmd "$key")"
		done
	done
	for key in "${reads[@]}"; do summarize "$n" "$key"; done
	measure "$n" check --warmup 1 --runs 3 -- "'$bin/plaindesk-check' -C '$s' -q"
	summarize "$n" check
	local prog
	for prog in list-overdue kpi-report; do
		local cmd
		case $prog in
		list-overdue) cmd=("$bin/ticket-list" -C "$s" --overdue) ;;
		kpi-report) has kpi-report || continue
			cmd=("$bin/kpi-report" -C "$s" --month "$month" --format json) ;;
		esac
		local peak=0 kb i
		for i in 1 2 3; do
			kb=$(/usr/bin/time -f %M "${cmd[@]}" 2>&1 >/dev/null | tail -n1)
			[ "$kb" -gt "$peak" ] && peak=$kb
		done
		row "$n" "rss-$prog" "$peak" "" 3 "KiB"
		say "$(printf '%-7s %-16s %s KiB' "$n" "rss-$prog" "$peak")"
	done

	# The escalation pass, a week after now, on the store as generated:
	# the backlog (1 %) is due.
	if has ticket-escalate; then
		local base
		base=$(git -C "$s" rev-parse HEAD)
		cat > "$work/reset.sh" <<EOF
#!/bin/sh
set -e
git -C '$s' reset -q --hard $base
git -C '$s' reflog expire --expire=now --all
git -C '$s' prune --expire=now
EOF
		chmod +x "$work/reset.sh"
		"$work/reset.sh"
		export PLAINDESK_NOW=$pass_now
		measure "$n" escalate-pass --runs "$read_runs" \
			--prepare "$work/reset.sh" -- "'$bin/ticket-escalate' -C '$s'"
		summarize "$n" escalate-pass
		export PLAINDESK_NOW=$now
		local changed
		changed=$(git -C "$s" log -1 --format=%B | grep -c '^Plaindesk-Record:' || true)
		row "$n" status-escalate-pass "" "" "" "$(status_note "$s"); $changed of $n tickets changed ($nback in the backlog)"
		"$work/reset.sh"
	fi

	# One change: ticket-open, ticket-update, and the same change (a new
	# record file, put in place untimed by --prepare) made with the git
	# CLI and with libgit2 alone, in rounds that interleave them.  The
	# store starts packed, so no run packs; git status is checked after
	# every series.
	local rounds=${BENCH_ROUNDS:-4} per packs0
	per=$(( (runs + rounds - 1) / rounds ))
	local cr=(--warmup 1 --runs "$per")
	local spool=$work/spool list=$work/list next=$work/next
	rm -rf "$spool"; mkdir -p "$spool"
	python3 "$here/gen.py" newrec --store "$s" --like "$like_id" \
		--count $((2 * rounds * (per + 1) + 4)) --spool "$spool" > "$list"
	cat > "$work/prepare.sh" <<EOF
#!/bin/sh
set -e
f=\$(head -n 1 '$list')
sed -i 1d '$list'
mv '$spool'/"\$f" '$s'/"\$f"
printf '%s\n' "\$f" > '$next'
EOF
	chmod +x "$work/prepare.sh"
	packs0=$(packs "$s")
	local st_open=clean st_update=clean st_git=clean st_lg2=clean
	for r in $(seq 1 "$rounds"); do
		measure "$n" ticket-open "${cr[@]}" -- \
			"'$bin/ticket-open' -C '$s' --kind complaint --channel phone --customer $customer --severity important --category equipment --assignee $agent --title 'Projector failed in room 3' --description 'The projector went dark ten minutes into the keynote.'"
		[ "$(status_note "$s")" = clean ] || st_open=NOT-clean
		if has ticket-update; then
			measure "$n" ticket-update "${cr[@]}" -- \
				"'$bin/ticket-update' -C '$s' $update_id note --message 'Customer called again about the invoice.'"
			[ "$(status_note "$s")" = clean ] || st_update=NOT-clean
		fi
		measure "$n" git-cli "${cr[@]}" --prepare "$work/prepare.sh" -- \
			"read f < '$next'; git -C '$s' add \"\$f\" && git -C '$s' commit -q -m 'bench: one record'"
		[ "$(status_note "$s")" = clean ] || st_git=NOT-clean
		measure "$n" libgit2 "${cr[@]}" --prepare "$work/prepare.sh" -- \
			"read f < '$next'; '$lg2' '$s' \"\$f\""
		[ "$(status_note "$s")" = clean ] || st_lg2=NOT-clean
		# The index lacks what libgit2 committed: bring it up to date.
		git -C "$s" reset -q
	done
	summarize "$n" ticket-open
	row "$n" status-ticket-open "" "" "" "$st_open"
	if has ticket-update; then
		summarize "$n" ticket-update
		row "$n" status-ticket-update "" "" "" "$st_update"
	fi
	summarize "$n" git-cli
	row "$n" status-git-cli "" "" "" "$st_git"
	summarize "$n" libgit2
	row "$n" status-libgit2 "" "" "" "$st_lg2 (index untouched)"
	[ "$(packs "$s")" = "$packs0" ] || row "$n" warning "" "" "" "a change packed during the series"

	# Where one ticket-open spends its time.
	local t
	for t in $(seq 1 10); do
		local t0 t1
		t0=$(date +%s%N)
		PLAINDESK_TRACE=1 "$bin/ticket-open" -C "$s" --kind inquiry \
			--channel email --customer "$customer" \
			--title "Parking for 80 attendees" >/dev/null 2>"$work/trace.$t"
		t1=$(date +%s%N)
		echo "trace: total $(( (t1 - t0) / 1000 )).0 us" >> "$work/trace.$t"
	done
	python3 - "$n" "$work"/trace.* >> "$tsv" <<'EOF'
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
EOF
	rm -f "$work"/trace.*

	# The change that packs (DESIGN §4): loose objects as about 1,340
	# changes leave them (blob, trees, commit each), made with lg2commit,
	# then the ticket-open that finds more than 6,700 and packs them.
	git -C "$s" repack -d -q
	cat > "$work/loose.sh" <<EOF
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
find .git/objects/?? -type f | wc -l >> '$work/loose.count'
EOF
	chmod +x "$work/loose.sh"
	: > "$work/loose.count"
	measure "$n" pack-open --runs "$pack_runs" --prepare "$work/loose.sh" -- \
		"'$bin/ticket-open' -C '$s' --kind inquiry --channel email --customer $customer --title 'Parking for 80 attendees'"
	summarize "$n" pack-open
	row "$n" status-pack-open "" "" "" "$(status_note "$s"); packed $(sort -n "$work/loose.count" | paste -sd/) loose objects; $(loose "$s") left"

	unset PLAINDESK_NOW PLAINDESK_ACTOR
	rm -rf "$s" "$spool"
}

for n in $sizes; do
	bench_size "$n"
done

python3 "$here/report.py" "$tsv" "$bin" > "$work/RESULTS.md"
cp "$work/RESULTS.md" "$results_md"
cat "$results_md"
