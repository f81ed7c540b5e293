# A store pulled from a hostile colleague: links, hard links, FIFOs and
# directories where the programs read and write files.  No read or write
# follows a link or leaves the store; what is not a regular file where a
# record, register, config, template or report belongs is refused (65)
# naming the path; plaindesk-check lists every one, dot files included;
# the canary tree outside the store never changes.
. "$(dirname "$0")/../cli/lib.sh"
. "$(dirname "$0")/canary.sh"

export PLAINDESK_LOCK_TIMEOUT=2

# Writes through a temporary name a colleague committed as a link: the
# temporary files are never those names, so the link is left alone.
new_store
make_canary
open_ticket
ln -s "$CANARY/bashrc" "tickets/2026/11/.pd-tmp-$TID.json"
ln -s "$CANARY/bashrc" "tickets/2026/11/.pd-tmp-$TID.json.0000000000"
commit_all "a link at the temporary name"
expect 0 ticket-update "$TID" note --message '$(touch pwned)'
canary_same "ticket-update past a link at its temporary name"
check_eq "$(jq -r '.events[-1].message' "$TREL")" '$(touch pwned)' \
	"the note is in the record"
clean_status "ticket-update past a link"
expect 0 env PLAINDESK_NOW=2026-11-27T10:00 ticket-escalate
check_has "$(git log -1 --format=%s)" "ticket-escalate" "the pass committed"
canary_same "ticket-escalate past a link at its temporary name"
check_lists "tickets/2026/11/.pd-tmp-$TID.json" "a dot-file link"

ln -s "$CANARY/customers.csv" registers/.pd-tmp-customers.csv
commit_all "a link at the register's temporary name"
expect 0 ticket-open --kind inquiry --channel phone --customer "New Co" \
	--new-customer --title "new customer"
check_has "$(cat registers/customers.csv)" "New Co" "the register was written"
canary_same "ticket-open --new-customer past a link"
check_lists registers/.pd-tmp-customers.csv "a register's temporary name"

mkdir -p reports
ln -s "$CANARY/bashrc" reports/.pd-tmp-2026-W47.md
commit_all "a link at a report's temporary name"
expect 0 kpi-report --week 2026-W47 --format md --save
canary_same "kpi-report --save past a link"
[ -f reports/2026-W47.md ] && [ ! -L reports/2026-W47.md ] && pass ||
	fail "the report was not saved as a file"

# A saved report that is a link is neither read nor written through.
ln -sf "$CANARY/bashrc" reports/2026-W47.md
commit_all "a report that is a link"
hostile 65 "'reports/2026-W47.md'" kpi-report --week 2026-W47 --format md --save

# Directories that are links: nothing is created or read through them.
new_store
make_canary
ln -s "$CANARY/reports" reports
commit_all "reports is a link"
hostile 65 "'reports'" kpi-report --week 2026-W47 --format md --save
check_eq "$(ls "$CANARY/reports")" "" "nothing saved outside the store"

new_store
make_canary
mkdir tickets
ln -s "$CANARY/dir" tickets/2027
commit_all "a year directory that is a link"
hostile 65 "'tickets/2027'" env PLAINDESK_NOW=2027-01-05T10:00 \
	ticket-open --kind inquiry --channel phone --customer C-0012 --title x
mkdir -p tickets/2026
ln -s "$CANARY/dir" tickets/2026/12
commit_all "a month directory that is a link"
hostile 65 "'tickets/2026/12'" env PLAINDESK_NOW=2026-12-01T10:00 \
	ticket-open --kind inquiry --channel phone --customer C-0012 --title x
run ticket-list
check_eq "$RC" 65 "ticket-list over linked directories"
check_has "$ERR" "tickets/2026/12" "ticket-list warns of the linked month"
check_has "$ERR" "tickets/2027" "ticket-list warns of the linked year"
check_lacks "$OUT" "T-261120-AAAAAA" "ticket-list reads nothing through it"
run kpi-report --week 2026-W47 --format json
check_has "$ERR" "tickets/2027" "kpi-report warns of the linked year"
check_lists tickets/2027 "a linked year directory"
check_has "$OUT" "tickets/2026/12: " "plaindesk-check lists the linked month"
canary_same "readers over linked directories"

new_store
make_canary
ln -s "$CANARY/dir" tickets
commit_all "tickets is a link"
hostile 65 "'tickets'" ticket-open --kind inquiry --channel phone \
	--customer C-0012 --title x
check_eq "$(ls "$CANARY/dir")" "record.json" "no directory made outside"
check_lists tickets "tickets itself a link"

# Reads: a register, a record, the configuration, a template.
new_store
make_canary
rm registers/customers.csv
ln -s "$CANARY/customers.csv" registers/customers.csv
commit_all "the customer register is a link"
hostile 65 "'registers/customers.csv'" ticket-open --kind inquiry \
	--channel phone --customer C-9999 --title x
hostile 65 "'registers/customers.csv'" ticket-open --kind inquiry \
	--channel phone --customer "Another" --new-customer --title x
check_lists registers/customers.csv "a linked register"

new_store
make_canary
open_ticket
rm "$TREL"
ln -s "$CANARY/secret" "$TREL"
commit_all "a ticket that is a link"
hostile 65 "'$TREL'" ticket-show "$TID"
hostile 65 "'$TREL'" ticket-show "$TID" --format json
hostile 65 "'$TREL'" ticket-update "$TID" note --message x
run ticket-list --format json
check_eq "$RC" 65 "ticket-list skips a linked record, and says so"
check_has "$ERR" "$TREL" "ticket-list warns of it"
check_lacks "$OUT$ERR" "$SECRET" "ticket-list shows nothing of it"
run kpi-report --week 2026-W47 --format json
check_lacks "$OUT$ERR" "$SECRET" "kpi-report shows nothing of it"
expect 0 env PLAINDESK_NOW=2026-11-27T10:00 ticket-escalate
check_has "$ERR" "$TREL" "ticket-escalate reports the linked record"
check_lists "$TREL" "a linked record"
check_lacks "$OUT" "$SECRET" "plaindesk-check shows nothing of it"
canary_same "readers of a linked record"

new_store
make_canary
plan_meeting "2026-11-25 10:00"
rm "$mrel"
ln -s "$CANARY/secret" "$mrel"
commit_all "a meeting that is a link"
hostile 65 "'$mrel'" mtg-plan show "$mid"
hostile 65 "'$mrel'" mtg-plan show "$mid" --format json
hostile 65 "'$mrel'" mtg-minutes render "$mid" --format md
run mtg-plan list
check_lacks "$OUT$ERR" "$SECRET" "mtg-plan list shows nothing of it"
check_lists "$mrel" "a linked meeting"

new_store
make_canary
cp plaindesk.json "$CANARY/plaindesk.json"
CANARY_STATE=$(canary_state)
rm plaindesk.json
ln -s "$CANARY/plaindesk.json" plaindesk.json
commit_all "the configuration is a link"
hostile 65 "'plaindesk.json'" ticket-list
run plaindesk-check
check_eq "$RC" 65 "plaindesk-check of a linked configuration"
check_has "$OUT" "'plaindesk.json'" "plaindesk-check names it"
hostile 65 "'plaindesk.json'" ticket-open --kind inquiry --channel phone \
	--customer C-0012 --title x

new_store
make_canary
mkdir -p "$CANARY/templates/en"
printf '%s {{period.label}}\n' "$SECRET" > "$CANARY/templates/en/report.md"
CANARY_STATE=$(canary_state)
ln -s "$CANARY/templates" templates
commit_all "templates is a link"
hostile 65 "'templates'" kpi-report --week 2026-W47 --format md
rm templates
mkdir -p templates/en
ln -s "$CANARY/secret" templates/en/report.md
commit_all "a template that is a link"
hostile 65 "'templates/en/report.md'" kpi-report --week 2026-W47 --format md
check_lists templates/en/report.md "a linked template"

# Not from git but there all the same: FIFOs, hard links, directories.
new_store
make_canary
open_ticket
rm "$TREL"
mkfifo "$TREL"
git rm -q --cached "$TREL"
git commit -qm "the ticket is gone from the index"
hostile 65 "'$TREL'" timeout 20 ticket-show "$TID"
hostile 65 "'$TREL'" timeout 20 ticket-update "$TID" note --message x
run timeout 20 ticket-list
check_eq "$RC" 65 "ticket-list does not wait on a FIFO"
check_has "$ERR" "$TREL" "ticket-list warns of the FIFO"
check_lists "$TREL" "a FIFO record"
check_has "$OUT" "a FIFO" "plaindesk-check says what it is"
rm "$TREL"

rm registers/staff.csv
mkfifo registers/staff.csv
hostile 65 "'registers/staff.csv'" timeout 20 ticket-open --kind inquiry \
	--channel phone --customer C-0012 --assignee S-wang --title x
git checkout -q -- registers/staff.csv 2>/dev/null || {
	rm -f registers/staff.csv; git checkout -q -- registers/staff.csv; }

cp "$CANARY/customers.csv" "$TEST_TMP/hardlinked.csv"
rm registers/customers.csv
ln "$TEST_TMP/hardlinked.csv" registers/customers.csv
hostile 65 "'registers/customers.csv'" ticket-open --kind inquiry \
	--channel phone --customer C-9999 --title x
check_has "$ERR" "hard link" "says it is a hard link"
check_lists registers/customers.csv "a hard-linked register"
rm registers/customers.csv
git checkout -q -- registers/customers.csv

open_ticket "a directory"
rm "$TREL"
mkdir "$TREL"
hostile 65 "'$TREL'" ticket-show "$TID"
rmdir "$TREL"
git checkout -q -- "$TREL"

# The same pulled into a victim's clone with git: links as git checks
# them out, the programs run as a user and a cron job would.
new_store
make_canary
open_ticket
ln -s "$CANARY/bashrc" "tickets/2026/11/.pd-tmp-$TID.json"
ln -s "$CANARY/dir" tickets/2026/12
ln -s "$CANARY/customers.csv" registers/.pd-tmp-customers.csv
commit_all "a store made to hurt"
git clone -q "$STORE" "$TEST_TMP/victim" && cd "$TEST_TMP/victim" || fail "clone"
expect 0 plaindesk-init
expect 0 ticket-update "$TID" note --message "in the clone"
expect 0 ticket-open --kind inquiry --channel phone --customer "Clone Co" \
	--new-customer --title "in the clone"
expect 0 env PLAINDESK_NOW=2026-11-27T10:00 ticket-escalate
run ticket-list
check_has "$ERR" "tickets/2026/12" "the clone's listing warns of the link"
hostile 65 "'tickets/2026/12'" env PLAINDESK_NOW=2026-12-02T10:00 \
	ticket-open --kind inquiry --channel phone --customer C-0012 --title x
clean_status "the victim's clone"
git fsck --no-progress --no-dangling >/dev/null 2>&1 && pass ||
	fail "git fsck in the clone"
canary_same "a hostile store in a clone"

# plaindesk-check lists every link and special file, at any depth, dot
# files and files in no folder the programs use included.
new_store
make_canary
mkdir -p a/b/c/d registers/.hidden templates/en
ln -s "$CANARY/secret" .evil
ln -s "$CANARY/dir" a/b/c/d/deep
ln -s ../../secret registers/.hidden/rel
ln -s "$CANARY/bashrc" templates/en/agenda.md
mkfifo a/fifo
commit_all "links everywhere"
run plaindesk-check
check_eq "$RC" 65 "plaindesk-check exit"
for p in .evil a/b/c/d/deep registers/.hidden/rel templates/en/agenda.md a/fifo; do
	check_has "$OUT" "$p: " "plaindesk-check lists $p"
done
check_eq "$(grep -c . <<<"$OUT")" 5 "each listed once"
canary_same "plaindesk-check"

finish
