# plaindesk-reg: every register kept by command, one commit each with its
# trailer, validated as plaindesk-check validates; refusals change nothing.
. "$(dirname "$0")/../cli/lib.sh"

new_store
head=$(git rev-parse HEAD)

# staff
expect 0 plaindesk-reg staff add --id S-sun --name "孙丽" --role agent \
	--email sun@example.com --team desk
check_eq "$(git rev-list --count "$head"..HEAD)" 1 "one commit"
check_has "$(git log -1 --format=%B)" "Plaindesk-Register: staff" "trailer"
check_has "$(git log -1 --format=%s)" 'plaindesk-reg: staff add S-sun "孙丽"' "subject"
check_eq "$(tail -n 1 registers/staff.csv)" "S-sun,孙丽,sun@example.com,agent,desk,yes" "row appended last"
clean_status "staff add"
expect 0 plaindesk-reg staff show S-sun --format json
check_eq "$(jq -r '.[0].name' <<<"$OUT")" "孙丽" "show json"
expect 0 plaindesk-reg staff update S-sun --role manager
check_eq "$(grep '^S-sun' registers/staff.csv)" "S-sun,孙丽,sun@example.com,manager,desk,yes" "update one cell"
expect 0 plaindesk-check -q

# Refusals: nothing committed, nothing left.
refused 65 plaindesk-reg staff add --id S-wang --name Other --role agent
check_has "$ERR" "is there already" "duplicate id"
refused 65 plaindesk-reg staff update S-sun --role boss
check_has "$ERR" "unknown role 'boss'" "validated as plaindesk-check"
refused 66 plaindesk-reg staff update S-nobody --name x
refused 64 plaindesk-reg staff add --name x
check_has "$ERR" "staff add needs --id, --name and --role" "needed options"
refused 64 plaindesk-reg staff list --role agent
refused 64 plaindesk-reg staff frob
refused 65 plaindesk-reg staff add --id "S-x" --name "bad$(printf '\033')name" --role agent

# Unknown columns and row order are kept.
printf 'id,name,email,role,team,active,desk_phone\nS-b,B,,agent,,yes,801\nS-a,A,,agent,,yes,802\n' > registers/staff.csv
git commit -qam "hand edit"
expect 0 plaindesk-reg staff update S-b --team ops
check_eq "$(cat registers/staff.csv)" "id,name,email,role,team,active,desk_phone
S-b,B,,agent,ops,yes,801
S-a,A,,agent,,yes,802" "order and unknown column kept"

# Deactivating someone with open tickets needs --reassign-to.
new_store
t=$(ticket-open --kind inquiry --channel phone --customer C-0012 --title q --assignee S-li)
refused 65 plaindesk-reg staff deactivate S-li
check_has "$ERR" "still has 1 open ticket" "open work named"
expect 0 plaindesk-reg staff deactivate S-li --reassign-to S-wang
check_eq "$(grep '^S-li' registers/staff.csv | cut -d, -f6)" "no" "inactive"
check_eq "$(jq -r .state.assignee tickets/2026/11/$t.json)" "S-wang" "ticket handed over"
check_has "$(git log -1 --format=%B)" "Plaindesk-Record: $t" "ticket trailer too"
expect 0 plaindesk-check -q

# customers
expect 0 plaindesk-reg customers add --name "上海展览" --tier key --dry-run
check_has "$OUT" "dry run" "dry run"
clean_status "dry run"
expect 0 plaindesk-reg customers add --name "上海展览" --tier key
check_eq "$(tail -n 1 registers/customers.csv | cut -d, -f2-4,7)" "上海展览,,key,2026-11-20" "customer with defaults"
id=$(tail -n 1 registers/customers.csv | cut -d, -f1)
[[ $id =~ ^C-[0-9A-Z]{6}$ ]] && pass || fail "generated customer id '$id'"
refused 64 plaindesk-reg customers lost "$id"
expect 0 plaindesk-reg customers lost "$id" --on 2026-11-19
check_eq "$(grep "^$id" registers/customers.csv | cut -d, -f8)" "2026-11-19" "lost on"
refused 65 plaindesk-reg customers update "$id" --tier gold

# rooms
expect 0 plaindesk-reg rooms add --id R-9 --name "九号厅" --capacity 40 --equipment "projector;mic"
refused 65 plaindesk-reg rooms update R-9 --capacity many
expect 0 plaindesk-reg rooms list --format csv
check_has "$OUT" "R-9,九号厅,40,projector;mic," "rooms csv"

# holidays: add, update, remove, import from CSV and iCalendar.
expect 0 plaindesk-reg holidays add --date 2026-12-31 --kind holiday --name "跨年"
expect 0 plaindesk-reg holidays update 2026-12-31 --kind workday
check_eq "$(grep '^2026-12-31' registers/holidays.csv)" "2026-12-31,workday,跨年" "holiday updated"
expect 0 plaindesk-reg holidays remove 2026-12-31
check_lacks "$(cat registers/holidays.csv)" "2026-12-31" "holiday removed"
refused 65 plaindesk-reg holidays add --date 2026-13-01 --kind holiday
cat > "$TEST_TMP/h.ics" <<'ICS'
BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//test//EN
BEGIN:VEVENT
UID:a@test
DTSTAMP:20260101T000000Z
DTSTART;VALUE=DATE:20261001
DTEND;VALUE=DATE:20261004
SUMMARY:国庆节
END:VEVENT
BEGIN:VEVENT
UID:b@test
DTSTAMP:20260101T000000Z
DTSTART;VALUE=DATE:20261010
SUMMARY:国庆节补班
END:VEVENT
BEGIN:VEVENT
UID:c@test
DTSTAMP:20260101T000000Z
DTSTART:20261012T090000Z
SUMMARY:a meeting, not a day
END:VEVENT
END:VCALENDAR
ICS
expect 0 plaindesk-reg holidays import "$TEST_TMP/h.ics" --workday-match 班
check_eq "$(grep '^2026-10-0[1-4]' registers/holidays.csv | cut -d, -f1,2 | tr '\n' ' ')" \
	"2026-10-01,holiday 2026-10-02,holiday 2026-10-03,holiday " "all-day events, DTEND exclusive"
check_eq "$(grep '^2026-10-10' registers/holidays.csv)" "2026-10-10,workday,国庆节补班" "make-up day"
check_lacks "$(cat registers/holidays.csv)" "2026-10-12" "timed event skipped"
check_has "$(git log -1 --format=%s)" "4 added, 0 changed" "import counts"
printf 'date,kind,name\n2026-10-01,holiday,National Day\n2026-10-20,holiday,x\n' > "$TEST_TMP/h.csv"
expect 0 plaindesk-reg holidays import "$TEST_TMP/h.csv"
check_has "$(git log -1 --format=%s)" "1 added, 1 changed" "csv import counts"
printf 'date,kind,name\n2026-10-21,vacation,x\n' > "$TEST_TMP/bad.csv"
refused 65 plaindesk-reg holidays import "$TEST_TMP/bad.csv"
expect 0 plaindesk-check -q
# Readers warn once, and go on, while a register or the configuration
# has changes not committed (a change refuses them); they find them
# without libgit2, from git's index.
new_store
ticket_and_meeting
warned="has changes not committed"
readers=("ticket-show $t" "ticket-list" "mtg-plan show $m" "mtg-plan list"
	"mtg-minutes actions" "kpi-report --week 2026-W47" "cust-care list"
	"kb list" "plaindesk-reg staff list" "plaindesk-reg customers show C-0012")
expect 0 ticket-list
check_eq "$ERR" "" "a clean store: no warning"
touch registers/staff.csv plaindesk.json
expect 0 ticket-list
check_eq "$ERR" "" "newer stat data, the same bytes: no warning"
echo 'S-new,New,new@example.com,agent,desk,yes' >> registers/staff.csv
for cmd in "${readers[@]}"; do
	read -ra argv <<<"$cmd"
	expect 0 "${argv[@]}"
	check_eq "$ERR" "${argv[0]}: warning: registers/staff.csv $warned; they are used here but a change will refuse until they are committed (git commit, or plaindesk-reg)" \
		"$cmd warns once"
done
refused 65 ticket-update "$t" note --message "x"
check_has "$ERR" "registers/staff.csv has uncommitted changes" "a change refuses"
sed -i 's/Room 1/Room X/' registers/rooms.csv
expect 0 ticket-list
check_eq "$ERR" "ticket-list: warning: registers/staff.csv, registers/rooms.csv have ${warned#has }; they are used here but a change will refuse until they are committed (git commit, or plaindesk-reg)" \
	"the same size, other bytes: both named in one warning"
git checkout -q registers/
jq '.warn_at = 0.7' plaindesk.json > "$TEST_TMP/cfg" && cp "$TEST_TMP/cfg" plaindesk.json
expect 0 mtg-plan list
check_has "$ERR" "plaindesk.json $warned" "the configuration"
git checkout -q plaindesk.json
rm registers/rooms.csv
expect 0 ticket-list
check_has "$ERR" "registers/rooms.csv $warned" "a register removed"
git checkout -q registers/rooms.csv
git rm -q --cached registers/customers.csv
expect 0 ticket-list
check_has "$ERR" "registers/customers.csv $warned" "a register not in the index"
git reset -q
expect 0 ticket-list
check_eq "$ERR" "" "committed again: no warning"
git update-index --index-version 4
echo >> registers/holidays.csv
expect 0 ticket-list
check_has "$ERR" "registers/holidays.csv $warned" "an index of version 4"
git checkout -q registers/holidays.csv
expect 0 ticket-list
check_eq "$ERR" "" "version 4, nothing changed"
printf 'date,kind,name\n2026-02-30,holiday,x\n' > registers/holidays.csv
expect 65 ticket-list
check_has "$ERR" "ticket-list: warning: registers/holidays.csv $warned" \
	"a register refused: the warning says why it may be"
check_has "$ERR" "ticket-list: error: registers/holidays.csv: line 2" \
	"and the error follows"
git checkout -q registers/holidays.csv
clean_status "nothing left"

# Contact details only with --show-contact, for a role of contact_roles.
expect 0 plaindesk-reg customers list --format csv
check_eq "$(head -n 1 <<<"$OUT" | tr -d '\r')" "id,name,org,tier,since,lost_on,notes" \
	"a customer's phone and e-mail left out"
check_lacks "$OUT" "ops@acme.example" "no e-mail"
expect 0 plaindesk-reg customers show C-0012
check_lacks "$OUT" "+86 10 1234" "no phone"
PLAINDESK_ACTOR=S-wang refused 77 plaindesk-reg customers list --show-contact
check_has "$ERR" "S-wang may not see contact details (contact_roles: manager, gm, admin)" \
	"an agent is refused"
refused 77 plaindesk-reg customers show C-0012 --show-contact
PLAINDESK_ACTOR=S-chen expect 0 plaindesk-reg customers show C-0012 --show-contact --format json
check_eq "$(jq -r '.[0].email + " " + .[0].phone' <<<"$OUT")" "ops@acme.example +86 10 1234" \
	"a manager sees them"
expect 0 plaindesk-reg staff list
check_has "$OUT" "wang@example.com" "staff e-mail is not a customer's contact"
refused 64 plaindesk-reg staff list --show-contact
expect 0 mtg-plan show "$m"
check_lacks "$OUT" "@example.com" "mtg-plan show: no e-mail"
PLAINDESK_ACTOR=S-wang refused 77 mtg-plan show "$m" --show-contact
PLAINDESK_ACTOR=S-admin expect 0 mtg-plan show "$m" --show-contact
check_has "$OUT" $'contacts:\n  Chen Jie (S-chen) <chen@example.com>\n  王伟 (S-wang) <wang@example.com>' \
	"the organizer's and attendees' e-mail"
jq '.contact_roles = ["agent"]' plaindesk.json > "$TEST_TMP/cfg" &&
	cp "$TEST_TMP/cfg" plaindesk.json && git commit -qam "agents see contacts"
PLAINDESK_ACTOR=S-wang expect 0 mtg-plan show "$m" --show-contact
PLAINDESK_ACTOR=S-chen refused 77 plaindesk-reg customers list --show-contact
finish
