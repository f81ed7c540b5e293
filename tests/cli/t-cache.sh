# The summary cache under .git/plaindesk/ (DESIGN §4): ticket-list,
# kpi-report and ticket-escalate --dry-run print the same, byte for byte,
# with the cache and without it (PLAINDESK_CACHE=0), on a store of many
# tickets through hand edits (uncommitted and committed), a merge, a
# changed configuration and holiday register, a copied record, and a
# cache file corrupted, truncated, deleted, locked or impossible to write.
. "$(dirname "$0")/lib.sh"

export PLAINDESK_NOW=2026-11-27T16:00+08:00
new_store

# --- 161 tickets over October and November, one commit.
{
	echo "kind,severity,category,channel,customer,assignee,title,at"
	kinds=(inquiry complaint suggestion request)
	sevs=(major important general)
	cats=(equipment venue service catering billing other)
	chans=(phone email online onsite)
	for i in $(seq 0 159); do
		k=${kinds[i % 4]} s="" c=""
		if [ "$k" = complaint ]; then s=${sevs[i % 3]} c=${cats[i % 6]}; fi
		who=""
		[ $((i % 3)) = 0 ] || who=$([ $((i % 2)) = 0 ] && echo S-wang || echo S-li)
		printf '%s,%s,%s,%s,C-00%s,%s,"Ticket %03d, %s",2026-%s-%02dT%02d:%02d\n' \
			"$k" "$s" "$c" "${chans[i % 4]}" $((12 + i % 3)) "$who" \
			"$i" "$k" $([ $i -lt 80 ] && echo 10 || echo 11) \
			$((1 + i % 26)) $((8 + i % 10)) $((i % 60))
	done
} > "$TEST_TMP/tickets.csv"
expect 0 ticket-open --from-csv "$TEST_TMP/tickets.csv"
mapfile -t ids <<<"$OUT"
check_eq "${#ids[@]}" 160 "160 tickets opened"

# A few lifecycles, so that states, deadlines and KPIs differ.
upd() { PLAINDESK_NOW=$1 ticket-update "${@:2}" >/dev/null 2>"$TEST_TMP/upd" || fail "ticket-update ${*:2}: $(<"$TEST_TMP/upd")"; }
upd 2026-11-25T10:00+08:00 "${ids[80]}" ack
upd 2026-11-25T11:00+08:00 "${ids[80]}" resolve --solution redo
upd 2026-11-25T12:00+08:00 "${ids[80]}" close --satisfaction 5 --accepted yes
upd 2026-11-25T10:00+08:00 "${ids[84]}" ack
upd 2026-11-26T10:00+08:00 "${ids[84]}" pause --reason "waiting for the customer"
upd 2026-11-24T10:00+08:00 "${ids[120]}" ack
upd 2026-11-26T09:00+08:00 "${ids[120]}" resolve --solution other
upd 2026-11-26T09:30+08:00 "${ids[120]}" close --satisfaction 2 --accepted no
upd 2026-11-26T15:00+08:00 "${ids[150]}" assign --to S-chen
# Closed in October, its resolution deadline judged in November.
late=$(ticket-open --kind inquiry --channel phone --customer C-0012 \
	--title "Late in October" --at 2026-10-30T17:00+08:00)
upd 2026-10-30T17:10+08:00 "$late" ack
upd 2026-10-30T17:20+08:00 "$late" resolve --solution other
upd 2026-10-30T17:30+08:00 "$late" close --satisfaction 4 --accepted yes

tfile() { echo "tickets/20${1:2:2}/${1:4:2}/$1.json"; }

cmds=(
	"ticket-list"
	"ticket-list --overdue"
	"ticket-list --format json"
	"ticket-list --format csv --fields kind,channel,customer,meeting,category,severity,title,opened_at,status,assignee,level,response_due,resolution_due,responded_at,resolved_at,closed_at,paused,overdue,followup_due,customer_name"
	"ticket-list --status open,acknowledged --sort -level"
	"ticket-list --assignee S-wang --kind complaint --format json"
	"ticket-list --followup-due"
	"ticket-list --opened-from 2026-11-01 --sort -resolution_due"
	"kpi-report --month 2026-11"
	"kpi-report --month 2026-11 --format json"
	"kpi-report --month 2026-10 --format json"
	"kpi-report --week 2026-W48 --compare --format json"
	"ticket-escalate --dry-run"
)

# outputs WAY: every command's exit status, standard output and error
# into $TEST_TMP/WAY (escalation event ids are drawn at random).
outputs() {
	local c
	for c in "${cmds[@]}"; do
		echo "== $c"
		# shellcheck disable=SC2086
		$c 2>&1
		echo "== exit $?"
	done | sed -E 's/E-[0-9]{6}-[0-9A-Z]{4}/E-ID/g' > "$TEST_TMP/$1"
}

# same_both WHAT: with the cache (cold, then warm) and without it, the
# same bytes.
same_both() {
	outputs cold
	PLAINDESK_CACHE=0 outputs off
	outputs warm
	if cmp -s "$TEST_TMP/cold" "$TEST_TMP/off"; then pass; else
		fail "$1: with the cache (as found) differs from without"
		diff "$TEST_TMP/off" "$TEST_TMP/cold" | head -n 20
	fi
	if cmp -s "$TEST_TMP/warm" "$TEST_TMP/off"; then pass; else
		fail "$1: with the cache (rebuilt) differs from without"
		diff "$TEST_TMP/off" "$TEST_TMP/warm" | head -n 20
	fi
}

# summaries: how many tickets ticket-list took from the cache.
summaries() {
	PLAINDESK_TRACE=1 ticket-list 2>&1 >/dev/null |
		sed -n 's/^trace: summaries \([0-9]*\),.*/\1/p'
}

cache=.git/plaindesk/tickets.sum
[ ! -e "$cache" ] && pass || fail "no cache before the first read"
same_both "a fresh store"
[ -s "$cache" ] && pass || fail "the first read wrote the cache"
check_eq "$(summaries)" 161 "every ticket from the cache"
check_has "$(<"$TEST_TMP/warm")" "Ticket 081" "the listing lists"
clean_status "the cache is not in the work tree"
check_eq "$(git check-ignore -q "$cache"; git ls-files .git | wc -l)" 0 \
	"and never versioned"

# --- Hand edits, not committed: a new title (another size), and a
# same-size edit in place with the modification time put back.
f=$(tfile "${ids[3]}")
jq '.title = "Edited by hand, much longer than before"' "$f" >"$f.new" &&
	mv "$f.new" "$f"
f2=$(tfile "${ids[4]}")
mtime=$(stat -c %Y "$f2")
off=$(grep -bo 'Ticket 004' "$f2" | head -n1 | cut -d: -f1)
printf 'Tacket 004' | dd of="$f2" bs=1 seek="$off" conv=notrunc status=none
touch -d "@$mtime" "$f2"
same_both "hand edits not committed"
check_has "$(<"$TEST_TMP/warm")" "Edited by hand" "the edited title is shown"
check_has "$(<"$TEST_TMP/warm")" "Tacket 004" "the edit in place is shown"
check_eq "$(summaries)" 159 "the two edited files are read"

# --- The same edits committed, and a state broken by hand (the pass
# skips it with a problem, the listing folds the events).
f3=$(tfile "${ids[5]}")
jq '.state.status = "closed"' "$f3" >"$f3.new" && mv "$f3.new" "$f3"
git commit -qam "edits by hand" && pass || fail "commit the edits"
same_both "hand edits committed"
check_has "$(<"$TEST_TMP/warm")" "${ids[5]}.json: state does not agree" \
	"the pass still names the broken record"

# --- A merge: a change on a branch and one on main, merged by git.
git checkout -qb side && pass || fail "branch"
upd 2026-11-27T09:00+08:00 "${ids[90]}" ack
git checkout -q main && pass || fail "back to main"
upd 2026-11-27T09:30+08:00 "${ids[91]}" note --message "on main"
git merge -q --no-edit side && pass || fail "merge"
same_both "after a merge"
check_eq "$(summaries)" 161 "the merge's files come from the cache again"

# --- The cache file corrupted, truncated, deleted.
printf 'garbage' | dd of="$cache" bs=1 seek=300 conv=notrunc status=none
same_both "a corrupted cache"
check_eq "$(summaries)" 161 "a corrupted cache is rebuilt"
truncate -s 1000 "$cache"
same_both "a truncated cache"
check_eq "$(summaries)" 161 "a truncated cache is rebuilt"
# forge MODE: the cache rewritten by hand with its checksum made again
# to fit; MODE lie: every summary claims more bytes than the file holds.
forge() {
	python3 - "$cache" "$1" <<'PY' || fail "forge the cache"
import struct, sys
M = (1 << 64) - 1
def hash64(b):
    h, n = 0, len(b)
    for i in range(0, n - n % 8, 8):
        h = ((h ^ struct.unpack_from('<Q', b, i)[0]) * 0x9e3779b97f4a7c15) & M
        h ^= h >> 29
    for c in b[n - n % 8:]:
        h = ((h ^ c) * 0x100000001b3) & M
    return h ^ n
f = bytearray(open(sys.argv[1], 'rb').read())
nent, datalen = struct.unpack_from('<QQ', f, 24)
data = 64 + 28 * nent
off = 0
for e in range(nent if sys.argv[2] == 'biglen' else 0):
    struct.pack_into('<I', f, 64 + 28 * e + 24, 0xfffffff0)
while sys.argv[2] == 'lie' and off < datalen:
    nul = f.index(0, data + off)
    at = nul + 1 + 20
    n = struct.unpack_from('<I', f, at)[0]
    struct.pack_into('<I', f, at, 0xffffffff)
    off = at + 4 + n - data
struct.pack_into('<Q', f, 40, hash64(bytes(f[64:])))
open(sys.argv[1], 'wb').write(f)
PY
}
ticket-list >/dev/null 2>&1
forge same
check_eq "$(summaries)" 161 "a cache forged to fit is read (the checksum is the reader's)"
forge lie
same_both "a cache whose lengths lie"
check_eq "$(summaries)" 161 "a cache whose lengths lie is rebuilt"
# Entries whose lengths run past the file, written again when a record
# changed by hand leaves one unused: they are dropped, not copied.
ticket-list >/dev/null 2>&1
forge biglen
f4=$(tfile "${ids[6]}")
jq '.title = "Changed under a forged cache"' "$f4" >"$f4.new" && mv "$f4.new" "$f4"
same_both "a cache whose entries run past it"
check_has "$(<"$TEST_TMP/warm")" "Changed under a forged cache" "the changed record is read"
git checkout -q -- "$f4" && git update-index -q --refresh
rm -f "$cache"
same_both "a deleted cache"
check_eq "$(summaries)" 161 "a deleted cache is rebuilt"

# --- What the summaries depend on changes: deadlines move.
jq '.sla["complaint/general"].resolution = "1d" | .sla.inquiry.response = "2h"' \
	plaindesk.json >"$TEST_TMP/cfg" && cp "$TEST_TMP/cfg" plaindesk.json &&
	git commit -qam "other deadlines" && pass || fail "configuration"
expect 0 ticket-list
same_both "another configuration"
printf '2026-11-02,holiday,A day off\n' >> registers/holidays.csv
git commit -qam "a holiday" && pass || fail "holiday"
same_both "another holiday register"

# --- A record copied where it does not belong: the same blob at
# another path is read, and refused as every reader refuses it.
mkdir -p tickets/2026/09
cp "$(tfile "${ids[7]}")" "tickets/2026/09/${ids[7]}.json"
git add -A && git commit -qm "a copy" && pass || fail "copy"
same_both "a record at the wrong path"
check_has "$(<"$TEST_TMP/warm")" "belongs at" "the copy is refused"
git rm -q "tickets/2026/09/${ids[7]}.json" && git commit -qm "no copy" ||
	fail "remove the copy"

# --- A reader never waits for the cache's lock, nor fails without it.
rm -f "$cache"
flock .git/plaindesk/tickets.sum.lock sleep 600 &
locker=$!
# Go on only once the lock is held.
while flock -n .git/plaindesk/tickets.sum.lock true; do sleep 0.05; done
same_both "the cache's lock held"
# The readers finished while the lock was still held: none waited for it.
kill -0 "$locker" 2>/dev/null && pass || fail "a reader waited"
[ ! -e "$cache" ] && pass || fail "no cache written without the lock"
kill "$locker" 2>/dev/null
wait "$locker" 2>/dev/null
rm -rf .git/plaindesk
echo "not a directory" > .git/plaindesk
same_both "no room for the cache"
rm -f .git/plaindesk

# --- The escalation pass for real, then the listing: the records it
# wrote are read again and summarized anew.  The pass writes the cache
# only once the store's lock is released, after its last commit: the
# notifier, run between the two commits, finds none yet.
cat > "$TEST_TMP/notify" <<'SH'
#!/bin/sh
cat > /dev/null
if [ -e .git/plaindesk/tickets.sum ]; then echo there; else echo none; fi \
	>> "$NOTIFY_LOG"
SH
chmod +x "$TEST_TMP/notify"
export NOTIFY_LOG=$TEST_TMP/notify.log
: > "$NOTIFY_LOG"
git config plaindesk.notify "$TEST_TMP/notify"
PLAINDESK_NOW=2026-12-04T10:00+08:00 ticket-escalate >/dev/null 2>"$TEST_TMP/esc" &&
	pass || fail "the pass: $(<"$TEST_TMP/esc")"
check_eq "$(sort -u "$NOTIFY_LOG")" none \
	"no cache written while the pass held the store"
[ -s "$cache" ] && pass || fail "the pass wrote the cache after its commits"
git config --unset plaindesk.notify
same_both "after the pass"
clean_status "the pass and the cache leave the store clean"

finish
