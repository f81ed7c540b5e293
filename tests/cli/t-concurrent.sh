# Concurrent writers on one store (DESIGN §4): every change is committed
# exactly once, none is lost, and a writer only ever exits 0 or 75 (the
# store was busy; it retries).  8 writers x 12 changes here, 8 x 200 under
# PLAINDESK_SOAK: opens, notes on shared tickets (ticket-update) and
# escalation passes (ticket-escalate) where those programs exist.
. "$(dirname "$0")/lib.sh"

WRITERS=8
CHANGES=$([ -n "${PLAINDESK_SOAK:-}" ] && echo 200 || echo 12)
have() { command -v "$1" >/dev/null; }

new_store
open_one() {
	ticket-open --kind inquiry --channel phone --customer C-0012 --title "$1"
}

# 2 x 15 concurrent ticket-open: 30 commits and 30 files.
head=$(git rev-parse HEAD)
for w in 1 2; do
	( for i in $(seq 15); do
		open_one "pair $w-$i" >/dev/null || echo "writer $w: $i failed"
	done ) >"$TEST_TMP/pair$w" 2>&1 &
done
wait
check_eq "$(cat "$TEST_TMP/pair1" "$TEST_TMP/pair2")" "" "2 x 15: every open succeeded"
check_eq "$(git rev-list --count "$head"..HEAD)" 30 "2 x 15: 30 commits"
check_eq "$(git diff --name-only --diff-filter=A "$head" HEAD -- tickets | wc -l)" \
	30 "2 x 15: 30 files"
clean_status "2 x 15"

# The writers share four tickets to update.
shared=()
for s in 1 2 3 4; do
	shared+=("$(open_one "shared $s")")
done
head=$(git rev-parse HEAD)

# writer W: CHANGES changes, each retried while the store is busy; logs
# "KIND LABEL" per change made, "BAD ..." for any other exit.
writer() {
	local w=$1 i op label rc tries
	for i in $(seq "$CHANGES"); do
		label="w$w-$i"
		op=open
		case $((RANDOM % 10)) in
		0|1|2|3|4) have ticket-update && op=note ;;
		5) have ticket-escalate && op=escalate ;;
		esac
		tries=0
		while :; do
			case $op in
			open) open_one "$label" ;;
			note) ticket-update "${shared[$((RANDOM % 4))]}" note \
				--message "$label" ;;
			escalate) PLAINDESK_NOW=2026-11-27T10:00 ticket-escalate ;;
			esac >/dev/null 2>"$TEST_TMP/err$w" </dev/null
			rc=$?
			[ "$rc" = 75 ] || break
			tries=$((tries + 1))
			echo "$label" >>"$TEST_TMP/retries"
			[ "$tries" -lt 500 ] || { rc=busy; break; }
		done
		case $rc in
		0) echo "$op $label" ;;
		*) echo "BAD $op $label exit $rc: $(cat "$TEST_TMP/err$w")" ;;
		esac
	done
}

export PLAINDESK_LOCK_TIMEOUT=0.2
for w in $(seq "$WRITERS"); do
	writer "$w" >"$TEST_TMP/log$w" &
done
wait
unset PLAINDESK_LOCK_TIMEOUT
cat "$TEST_TMP"/log* >"$TEST_TMP/all"
check_eq "$(grep -c '' "$TEST_TMP/all")" "$((WRITERS * CHANGES))" "every change ran"
check_eq "$(grep '^BAD' "$TEST_TMP/all" | head -5)" "" "exits only 0 or 75"
opens=$(grep -c '^open ' "$TEST_TMP/all")
notes=$(grep -c '^note ' "$TEST_TMP/all")

# Every open is one commit and one file; every note one commit and one
# event; escalation passes commit only when they did something.
subjects=$(git log --format=%s "$head"..HEAD)
check_eq "$(grep -c '^ticket-open: ' <<<"$subjects")" "$opens" "one commit per open"
check_eq "$(grep -c '^ticket-update: ' <<<"$subjects")" "$notes" "one commit per note"
check_eq "$(grep -vc '^ticket-\(open\|update\|escalate\): ' <<<"$subjects")" 0 \
	"no other commits"
titles=$(git diff --name-only --diff-filter=A "$head" HEAD -- tickets |
	xargs jq -r .title | sort)
check_eq "$titles" "$(sed -n 's/^open //p' "$TEST_TMP/all" | sort)" \
	"each opened ticket exactly once"
if [ "$notes" -gt 0 ]; then
	messages=$(for id in "${shared[@]}"; do
		jq -r '.events[] | select(.type == "note") | .message' \
			"tickets/20${id:2:2}/${id:4:2}/$id.json"
	done | sort)
	check_eq "$messages" "$(sed -n 's/^note //p' "$TEST_TMP/all" | sort)" \
		"each note exactly once, none lost"
fi
echo "busy retries: $(cat "$TEST_TMP/retries" 2>/dev/null | wc -l)"
clean_status "after the writers"
[ ! -e .git/plaindesk-journal ] && pass || fail "journal left"
expect 0 plaindesk-check -q
git fsck --no-progress --no-dangling >/dev/null 2>&1 && pass || fail "git fsck"
finish
