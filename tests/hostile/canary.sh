# Sourced by the tests of hostile stores, after ../cli/lib.sh: a canary
# tree outside the store that no program may read into a commit or
# write, and assertions that a command refused and changed nothing.
CANARY=$TEST_TMP/canary
SECRET=SECRET-CANARY-7f3a9c

# A fresh canary: a secret, a shell start-up file, a register of another
# store and a directory, each with known bytes.
make_canary() {
	rm -rf "$CANARY"
	mkdir -p "$CANARY/dir" "$CANARY/reports"
	printf '%s\n' "$SECRET" > "$CANARY/secret"
	printf 'echo hello\n' > "$CANARY/bashrc"
	printf '%s\n' 'id,name,org,tier,email,phone,since,lost_on,notes' \
		"C-9999,$SECRET,Other,vip,x@other.example,,2025-01-01,," \
		> "$CANARY/customers.csv"
	printf '%s\n' '{"id": "T-261120-AAAAAA"}' > "$CANARY/dir/record.json"
	CANARY_STATE=$(canary_state)
}

# Every name, type, size and content under the canary.
canary_state() {
	(cd "$CANARY" && find . -printf '%p %y %s %m\n' | sort &&
		find . -type f -exec sha1sum {} + | sort)
}

canary_same() {	# canary_same WHAT
	if [ "$(canary_state)" = "$CANARY_STATE" ]; then pass; else
		fail "$1: the canary outside the store changed"; fi
}

# Commit what is in the work tree, as the colleague who pushed it did.
commit_all() {
	git add -A && git commit -qm "${1:-hostile}" || fail "commit: $1"
}

# hostile CODE NEEDLE CMD...: CMD exits CODE with one error line that
# holds NEEDLE (the path it refuses), HEAD and the work tree stay as they
# are, no secret is printed, and the canary is untouched.
hostile() {
	local code=$1 needle=$2
	shift 2
	refused "$code" "$@"
	check_has "$ERR" "$needle" "$*: names the path"
	check_lacks "$OUT$ERR" "$SECRET" "$*: shows nothing of the canary"
	canary_same "$*"
}

# A ticket to work on, its id in $TID and its path in $TREL.
open_ticket() {
	TID=$(ticket-open --kind complaint --channel phone --customer C-0012 \
		--severity general --category venue --title "${1:-Projector}" \
		2>/dev/null) || fail "ticket-open"
	TREL=tickets/20${TID:2:2}/${TID:4:2}/$TID.json
}

# plan_meeting START [ARGS...]: a weekly meeting at START, its id in $mid
# and its path in $mrel.
plan_meeting() {
	local start=$1
	shift
	mid=$(mtg-plan new --type routine --title Weekly --start "$start" \
		--duration 30 --room R-1 --organizer S-chen --attendee S-wang \
		--agenda "Status|20|S-chen|inform" "$@" 2>/dev/null) ||
		fail "mtg-plan new"
	mrel=meetings/${start:0:4}/${start:5:2}/$mid.json
}

# plaindesk-check exits 65 and lists PATH among its problems.
check_lists() {	# check_lists PATH WHAT
	run plaindesk-check
	check_eq "$RC" 65 "$2: plaindesk-check exit"
	check_has "$OUT" "$1: " "$2: plaindesk-check lists $1"
}
