# git's own locks: an index.lock or a branch's lock held by another git
# command (an IDE running git status) is waited for, then the change
# fails with 75 and nothing committed, never a success with a stale
# index; the index is read only under its lock; recovery removes only
# the locks the journal proves its own.
. "$(dirname "$0")/../cli/lib.sh"
. "$(dirname "$0")/canary.sh"

export PLAINDESK_LOCK_TIMEOUT=0.3

# locked LOCK CMD...: with .git/LOCK held, CMD fails with 75, naming the
# lock, and leaves the store, the index and the lock as they were.
locked() {
	local lock=$1 index
	shift
	: > ".git/$lock"
	index=$(sha1sum < .git/index)
	refused 75 "$@"
	check_has "$ERR" "$lock" "$*: names $lock"
	check_eq "$(sha1sum < .git/index)" "$index" "$*: index untouched"
	[ -e ".git/$lock" ] && pass || fail "$*: removed git's $lock"
	[ ! -e .git/plaindesk-journal ] && pass || fail "$*: journal left"
	rm ".git/$lock"
	clean_status "$* after $lock"
}

new_store
open_ticket
plan_meeting "2026-11-25 10:00"
for lock in index.lock refs/heads/main.lock; do
	locked $lock ticket-update "$TID" note --message "while locked"
	locked $lock ticket-open --kind inquiry --channel phone \
		--customer C-0012 --title "while locked"
	locked $lock ticket-open --kind inquiry --channel phone \
		--customer "New Co" --new-customer --title "while locked"
	locked $lock mtg-plan send "$mid"
	locked $lock env PLAINDESK_NOW=2026-11-26T10:00 mtg-minutes record "$mid" \
		--started "2026-11-25 10:00" \
		--ended "2026-11-25 10:30" --present S-wang --outcome "1|achieved"
	locked $lock kpi-report --week 2026-W47 --format md --save
	locked $lock env PLAINDESK_NOW=2026-11-27T10:00 ticket-escalate
done
expect 0 plaindesk-check -q

# An index the patcher leaves to libgit2 (version 4) goes through the same
# lock: refused while git holds it, written whole when it is free.
git update-index --index-version 4
locked index.lock ticket-update "$TID" note --message "v4 while locked"
expect 0 ticket-update "$TID" note --message "v4"
clean_status "a version 4 index"
expect 0 env PLAINDESK_LIBGIT2_INDEX=1 ticket-update "$TID" note --message "libgit2"
clean_status "the index written by libgit2"
git update-index --index-version 2

# A lock released while the change waits: committed, with an index that
# matches the commit.
: > .git/index.lock
(sleep 0.5; rm .git/index.lock) &
expect 0 env PLAINDESK_LOCK_TIMEOUT=30 ticket-update "$TID" note \
	--message "after the wait"
wait
check_eq "$(jq -r '.events[-1].message' "$TREL")" "after the wait" \
	"the note is there"
clean_status "after waiting for index.lock"
check_eq "$(git diff --cached --name-only)" "" "index matches HEAD"
git fsck --no-progress --no-dangling >/dev/null 2>&1 && pass ||
	fail "git fsck after waiting"

# git add finishing while the change waits: what it staged stays staged
# (the index is read under its lock, after git wrote it).
printf 'notes\n' > notes.txt
: > .git/index.lock
(
	sleep 0.5
	cp .git/index "$TEST_TMP/other-index"
	GIT_INDEX_FILE=$TEST_TMP/other-index git add notes.txt
	cp "$TEST_TMP/other-index" .git/index.lock
	mv .git/index.lock .git/index
) &
expect 0 env PLAINDESK_LOCK_TIMEOUT=30 ticket-update "$TID" note \
	--message "during git add"
wait
check_eq "$(git diff --cached --name-only)" "notes.txt" \
	"git add's change is still staged"
check_eq "$(git status --porcelain -- tickets)" "" "the ticket is committed"
git commit -qm notes

# Recovery after a change killed while it held git's locks: they are its
# own (named in its journal), so they go and the next change works.
for fault in before-ref index-written after-ref; do
	run env PLAINDESK_FAULT=$fault ticket-update "$TID" note --message "$fault"
	check_eq "$RC" 137 "killed at $fault"
	expect 0 ticket-update "$TID" note --message "after $fault"
	clean_status "after $fault"
	# The store's lock, the pack lock and the summary cache's lock are
	# flock()s on files that stay: they die with their holder.
	left=$(find .git -name '*.lock' ! -name plaindesk.lock \
		! -name plaindesk-pack.lock ! -path .git/plaindesk/tickets.sum.lock)
	check_eq "$left" "" "no lock left after $fault"
done

# ... but a lock another command took since is not its own, even where
# the dead change's lock was: left alone, and the change refused.
run env PLAINDESK_FAULT=before-ref ticket-update "$TID" note --message x
check_eq "$RC" 137 "killed holding the locks"
: > .git/index.lock.new
rm .git/index.lock
mv .git/index.lock.new .git/index.lock
refused 75 ticket-update "$TID" note --message "git's lock"
[ -e .git/index.lock ] && pass || fail "another command's index.lock removed"
rm .git/index.lock
expect 0 ticket-update "$TID" note --message "after git's lock"
clean_status "after another command's lock"
expect 0 plaindesk-check -q

# PLAINDESK_LOCK_TIMEOUT: finite plain seconds, 0 to a day.
for v in nan inf -1 1e3 0x10 100000 " 1" 1. abc; do
	refused 64 env PLAINDESK_LOCK_TIMEOUT="$v" ticket-update "$TID" note \
		--message x
	check_has "$ERR" "PLAINDESK_LOCK_TIMEOUT" "timeout '$v' refused"
done
expect 0 env PLAINDESK_LOCK_TIMEOUT=0 ticket-update "$TID" note --message x
expect 0 env PLAINDESK_LOCK_TIMEOUT=2.5 ticket-update "$TID" note --message y

finish
