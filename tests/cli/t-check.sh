# plaindesk-check: a consistent store passes; each problem is reported.
. "$(dirname "$0")/lib.sh"

new_store
id=$(ticket-open --kind complaint --channel phone --customer C-0012 --title t \
	--severity general --category venue --assignee S-wang)
f=tickets/2026/11/$id.json
expect 0 plaindesk-check
check_eq "$OUT" "" "nothing to report"

cp "$f" "$TEST_TMP/good.json"
broken() {	# broken JQ-EXPR EXPECTED-MESSAGE
	jq "$1" "$TEST_TMP/good.json" > "$f"
	expect 65 plaindesk-check
	check_has "$OUT" "$f: " "$1: path"
	check_has "$OUT" "$2" "$1: message"
	expect 65 ticket-show "$id"
}
# A stale state block is reported; readers show the state the events give,
# and --fix rewrites it in one commit.
jq '.state.level = 2' "$TEST_TMP/good.json" > "$f"
git commit -qam "hand edit"
expect 65 plaindesk-check
check_has "$OUT" "$f: state does not agree with the events" "stale state"
expect 0 ticket-show "$id"
check_has "$OUT" "Level:       0 (agent)" "shown from the events"
head=$(git rev-parse HEAD)
expect 0 plaindesk-check --fix --dry-run
check_has "$OUT" "dry run" "fix dry run"
check_eq "$(git rev-parse HEAD)" "$head" "dry run commits nothing"
expect 0 plaindesk-check --fix
check_eq "$OUT" "$id" "fix prints the id"
check_has "$ERR" "rewrote the state of 1 record" "fix says what it did"
check_eq "$(git rev-list --count "$head"..HEAD)" 1 "one commit"
check_eq "$(git log -1 --format=%s)" "plaindesk-check: state of 1 record recomputed from its events" "fix subject"
check_has "$(git log -1 --format=%B)" "Plaindesk-Record: $id" "fix trailer"
check_eq "$(jget "$f" .state.level)" 0 "state fixed"
clean_status "after fix"
expect 0 plaindesk-check --fix
check_eq "$(git rev-list --count "$head"..HEAD)" 1 "nothing more to fix"
broken '.kind = "gripe"' "unknown kind 'gripe'"
broken '.events[0].at = "yesterday"' "'at' must be a time"
broken '.events += [{"id":"E-261120-AAAA","at":"2026-11-19T10:00:00+08:00","by":"x","type":"note"}]' "out of order"
broken '.events[1].type = "explode"' "unknown type 'explode'"
broken '.title = 5' "'title' must be a non-empty string"
broken '.events[1].id = .events[0].id' "is used twice"
jq '.customer = "C-9999"' "$TEST_TMP/good.json" > "$f"
expect 65 plaindesk-check
check_has "$OUT" "$f: unknown customer 'C-9999'" "unknown customer"
cp "$TEST_TMP/good.json" "$f"
sed "s/$id/T-261120-AAAAAA/" "$TEST_TMP/good.json" > tickets/2026/11/T-261120-BBBBBB.json
expect 65 plaindesk-check
check_has "$OUT" "tickets/2026/11/T-261120-BBBBBB.json: id T-261120-AAAAAA belongs at tickets/2026/11/T-261120-AAAAAA.json" "id vs path"
rm tickets/2026/11/T-261120-BBBBBB.json
echo '{"id": ' > tickets/2026/11/T-261120-CCCCCC.json
expect 65 plaindesk-check
check_has "$OUT" "tickets/2026/11/T-261120-CCCCCC.json: line" "bad json"
rm tickets/2026/11/T-261120-CCCCCC.json

# Meetings: schema, references and stale state.
m=$(mtg-plan new --type routine --title "Weekly sync" --start "2026-11-23 10:00" \
	--duration 1h --room R-1 --organizer S-chen --attendee S-wang \
	--agenda "Status|20|S-wang|inform")
mf=meetings/2026/11/$m.json
expect 0 plaindesk-check
cp "$mf" "$TEST_TMP/meeting.json"
jq '.room = "R-9"' "$TEST_TMP/meeting.json" > "$mf"
expect 65 plaindesk-check
check_has "$OUT" "$mf: " "meeting problem path"
check_has "$OUT" "R-9" "unknown room named"
jq '.type = "party"' "$TEST_TMP/meeting.json" > "$mf"
expect 65 plaindesk-check
check_has "$OUT" "party" "meeting type named"
jq '.state.status = "held"' "$TEST_TMP/meeting.json" > "$mf"
git commit -qam "stale meeting"
expect 65 plaindesk-check
check_has "$OUT" "$mf: " "stale meeting reported"
expect 0 plaindesk-check --fix
check_eq "$(jget "$mf" .state.status)" planned "meeting state fixed"
expect 0 plaindesk-check
clean_status "after meeting fix"

# Registers.
printf 'id,name,email,role,team,active\nS-x,X,,boss,,maybe\nS-x,Y,,agent,,yes\n' > registers/staff.csv
expect 65 plaindesk-check
check_has "$OUT" "registers/staff.csv: line 2: unknown role 'boss'" "role"
check_has "$OUT" "registers/staff.csv: line 2: unknown active 'maybe'" "active"
check_has "$OUT" "registers/staff.csv: line 3: id 'S-x' appears twice" "duplicate id"
check_has "$OUT" "unknown staff member 'S-wang'" "assignee must be staff"
git checkout -q registers/staff.csv
printf 'date,kind,name\n2026-02-30,holiday,x\n' > registers/holidays.csv
expect 65 plaindesk-check
check_has "$OUT" "invalid date '2026-02-30'" "holiday date"
git checkout -q registers/holidays.csv

# Every bad row of a register, one line each, whatever is wrong with it;
# a register or the configuration not committed is a problem too.
printf 'date,kind,name\n2026-02-30,holiday,x\n2026-03-01,party,y\n2026-05-01,holiday,ok\n2026-05-02,holiday\n2026-13-01,,z\n2026-05-03,workday,x,y\n' \
	> registers/holidays.csv
printf 'S-bad,Bad,,agent,,yes,extra\nS-bad2,Bad,,boss,,yes\n' >> registers/staff.csv
expect 65 plaindesk-check
check_eq "$(grep '^registers/' <<<"$OUT" | sort)" "$(sort <<'EOF'
registers/holidays.csv: changes not committed
registers/staff.csv: changes not committed
registers/holidays.csv: line 2: date: invalid date '2026-02-30'
registers/holidays.csv: line 3: unknown kind 'party' (expected holiday, workday)
registers/holidays.csv: line 5: 2 fields, expected 3
registers/holidays.csv: line 6: date: invalid date '2026-13-01'
registers/holidays.csv: line 6: unknown kind '' (expected holiday, workday)
registers/holidays.csv: line 7: 4 fields, expected 3
registers/staff.csv: line 7: 7 fields, expected 6
registers/staff.csv: line 8: unknown role 'boss' (expected agent, manager, gm, admin)
EOF
)" "every bad row, and the files not committed"
expect 65 ticket-list
check_has "$ERR" "ticket-list: error: registers/holidays.csv: line " \
	"a reader still refuses the holiday register"
git commit -qam "bad registers"
expect 65 plaindesk-check
check_lacks "$OUT" "not committed" "committed: no longer said"
check_has "$OUT" "registers/holidays.csv: line 7: 4 fields, expected 3" "rows still listed"
expect 65 plaindesk-check --rev HEAD
check_eq "$(grep -c '^registers/holidays.csv: line' <<<"$OUT")" 6 \
	"--rev lists every bad row of the holiday register"
git revert --no-edit HEAD >/dev/null
expect 0 plaindesk-check
jq '.warn_at = 0.7' plaindesk.json > "$TEST_TMP/cfg" && cp "$TEST_TMP/cfg" plaindesk.json
expect 65 plaindesk-check
check_eq "$OUT" "plaindesk.json: changes not committed" "the configuration not committed"
git checkout -q plaindesk.json
expect 0 plaindesk-check
expect 0 plaindesk-check --pack
check_eq "$(find .git/objects -type f -path '*/objects/??/*' | wc -l | tr -d ' ')" 0 "all loose objects packed"
git fsck --no-progress >/dev/null 2>&1 && pass || fail "fsck after pack"
clean_status "after pack"
expect 0 ticket-show "$id"
finish
