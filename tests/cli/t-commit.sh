# The commit path: one commit per change, the lock, the journal and
# recovery after a kill at every step, concurrent writers.
. "$(dirname "$0")/lib.sh"

new_store
open_one() {
	ticket-open --kind inquiry --channel phone --customer C-0012 --title "$1"
}

# A killed change at each step leaves the store before or after it.
for step in journal-written temp-written renamed before-commit before-ref \
	after-ref before-journal-removal; do
	head=$(git rev-parse HEAD)
	n=$(find tickets -name '*.json' 2>/dev/null | wc -l)
	PLAINDESK_FAULT=$step open_one "fault $step" >/dev/null 2>&1
	check_eq $? 137 "$step: killed"
	expect 0 open_one "after $step"
	m=$(find tickets -name '*.json' | wc -l)
	commits=$(git rev-list --count "$head"..HEAD)
	case $step in
	after-ref|before-journal-removal) want=2 ;;
	*) want=1 ;;
	esac
	check_eq "$commits" "$want" "$step: commits since"
	check_eq "$m" "$((n + want))" "$step: files match commits"
	clean_status "$step"
	[ ! -e .git/plaindesk-journal ] && pass || fail "$step: journal left"
	find . -name '.pd-tmp-*' | grep -q . && fail "$step: temp file left" || pass
	expect 0 plaindesk-check
done
git fsck --no-progress >/dev/null 2>&1 && pass || fail "fsck"

# The lock: a held lock makes a writer wait, then give up with 75.
exec 9>.git/plaindesk.lock
flock 9
PLAINDESK_LOCK_TIMEOUT=0.3 refused 75 open_one "locked"
check_has "$ERR" "busy" "busy message"
expect 0 ticket-list
exec 9>&-
expect 0 open_one "unlocked"

# 2 x 15 concurrent writers: 30 commits, 30 files.
head=$(git rev-parse HEAD)
n=$(find tickets -name '*.json' | wc -l)
for w in 1 2; do
	( for i in $(seq 15); do open_one "w$w-$i" >/dev/null || echo "fail $w $i"; done ) \
		> "$TEST_TMP/w$w" 2>&1 &
done
wait
check_eq "$(cat "$TEST_TMP/w1" "$TEST_TMP/w2")" "" "every writer succeeded"
check_eq "$(git rev-list --count "$head"..HEAD)" 30 "30 commits"
check_eq "$(( $(find tickets -name '*.json' | wc -l) - n ))" 30 "30 files"
clean_status "after concurrent writers"
expect 0 plaindesk-check

# strace shows what a change does on disk.
if ! command -v strace >/dev/null; then
	skip "what a change reads and syncs (strace is not installed; make deps installs it)"
else
	# LeakSanitizer cannot run under ptrace: leaks are checked elsewhere.
	export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0
	# A change does not touch other records.
	strace -f -e trace=%file,%stat -o "$TEST_TMP/trace" \
		ticket-open --kind inquiry --channel phone --customer C-0012 --title traced >/dev/null 2>&1
	new=$(git log -1 --format=%B | sed -n 's/^Plaindesk-Record: //p')
	others=$(grep -o 'tickets/[0-9/]*T-[0-9A-Z-]*\.json' "$TEST_TMP/trace" | grep -v "$new" | sort -u)
	check_eq "$others" "" "no other record read or stat'ed"

	# It syncs the record, the journal, the objects, the branch and the
	# index before it says it is done; PLAINDESK_FSYNC=0, which the test
	# runner sets, syncs nothing.
	PLAINDESK_FSYNC=1 strace -y -f -e trace=fsync,fdatasync \
		-o "$TEST_TMP/sync" ticket-open --kind inquiry --channel phone \
		--customer C-0012 --title synced >/dev/null 2>&1
	check_eq "$?" 0 "synced change"
	new=$(git log -1 --format=%B | sed -n 's/^Plaindesk-Record: //p')
	synced=$(sed -n 's/.*sync([0-9]*<\([^>]*\)>\((deleted)\)\{0,1\}) = 0$/\1/p' \
		"$TEST_TMP/sync")
	# git's locks are made under a name of their own, then linked into
	# place (see gitlock.h): the file synced is the one renamed.
	for f in "tickets/.*/\.pd-tmp-$new\.json" '\.git/\.pd-tmp-plaindesk-journal' \
		'\.git/objects/tmp_object_git2_' \
		'\.git/refs/heads/\.main\.pd\.lock' \
		'\.git/\.index\.pd\.lock' '\.git/refs/heads$' '\.git$'; do
		grep -Eq "$STORE/$f" <<<"$synced" && pass || fail "$f not synced: $synced"
	done
	PLAINDESK_FSYNC=0 strace -f -e trace=fsync,fdatasync,sync,syncfs \
		-o "$TEST_TMP/nosync" ticket-open --kind inquiry --channel phone \
		--customer C-0012 --title "not synced" >/dev/null 2>&1
	check_eq "$?" 0 "change without sync"
	check_eq "$(grep -c 'sync' "$TEST_TMP/nosync")" 0 "PLAINDESK_FSYNC=0 syncs nothing"
	clean_status "after the traced changes"
fi
finish
