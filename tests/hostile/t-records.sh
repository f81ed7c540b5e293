# Records made to crash or stall every reader: a meeting event whose
# "action" is not an action id, a pause of a century, more events than a
# record may hold, ten thousand events (checked in linear time), times
# outside 2000-2099, a copy of a record at another path, registers in
# any order.  Every reader finishes (no crash, no stall: each run is
# bounded by timeout), refuses or skips the record and says so.
. "$(dirname "$0")/../cli/lib.sh"
. "$(dirname "$0")/canary.sh"

# ticket ID OPENED [EVENTS-PYTHON]: write tickets/.../ID.json, opened at
# OPENED, its events the open event plus what the Python expression
# (a list of dicts; "at" and "by" filled in when missing) gives.
ticket() {
	python3 - "$@" <<'PY'
import json, os, sys
tid, opened = sys.argv[1], sys.argv[2]
extra = eval("(" + sys.argv[3] + ")") if len(sys.argv) > 3 else []
events = [{"id": "E-%s-0PEN" % tid[2:8], "at": opened, "by": "S-li", "type": "open"}]
for i, e in enumerate(extra):
    e.setdefault("id", "E-%s-%04d" % (tid[2:8], i) if i < 10000 else "E-%s-Z%03d" % (tid[2:8], i % 1000))
    e.setdefault("at", opened)
    e.setdefault("by", "S-li")
    events.append(e)
rec = {"id": tid, "kind": "inquiry", "channel": "phone", "customer": "C-0012",
       "meeting": None, "category": None, "severity": None, "title": "Crafted",
       "description": "", "opened_at": opened, "state": {}, "events": events}
path = "tickets/20%s/%s/%s.json" % (tid[2:4], tid[4:6], tid)
os.makedirs(os.path.dirname(path), exist_ok=True)
json.dump(rec, open(path, "w"), indent=2)
PY
}

# readers WHAT: every reading program finishes on the store as it is.
readers() {
	local cmd
	for cmd in "ticket-list" "ticket-list --format json" \
		"kpi-report --week 2026-W47 --format json" \
		"mtg-plan list" "mtg-minutes actions" "plaindesk-check"; do
		run timeout 60 $cmd
		[ "$RC" -lt 124 ] && pass || fail "$1: '$cmd' exited $RC: ${ERR:0:300}"
		check_lacks "$ERR" "AddressSanitizer" "$1: '$cmd' under ASan"
	done
}

new_store
make_canary

# A meeting event's "action" that is not an action id (it used to crash
# every meeting command): the meeting is refused, every reader goes on.
plan_meeting "2026-11-18 10:00"
expect 0 env PLAINDESK_NOW=2026-11-19T10:00 mtg-minutes record "$mid" \
	--started "2026-11-18 10:00" --ended "2026-11-18 10:30" \
	--present S-wang --outcome "1|achieved" \
	--action "Send slides|S-wang|2026-11-30|slides sent"
cp "$mrel" "$TEST_TMP/meeting.json"
for action in '"nodot"' '"x."' '"."' '5' 'null' "\"$mid.0\"" "\"$mid.-1\"" \
	"\"$mid.99999999999999999999\"" "\"$mid.1x\"" '"M-261120-AAAAAA.1"'; do
	for where in 0 $([ "$action" = '"nodot"' ] && echo 1); do
		jq --argjson a "$action" --argjson w "$where" \
			'.events[$w].action = $a' "$TEST_TMP/meeting.json" > "$mrel"
		commit_all "action $action in event $where"
		readers "action $action"
		run timeout 60 plaindesk-check
		check_has "$OUT" "$mrel: " "action $action: plaindesk-check lists it"
		run timeout 60 mtg-plan show "$mid"
		check_eq "$RC" 65 "action $action: mtg-plan show refuses it"
		run timeout 60 mtg-minutes done "$mid.1"
		check_eq "$RC" 65 "action $action: mtg-minutes done refuses it"
	done
done
cp "$TEST_TMP/meeting.json" "$mrel"
commit_all "the meeting as it was"
expect 0 plaindesk-check -q

# A pause of a century (the longest a record may hold): every reader,
# the escalation pass and the fix of its state finish at once.
ticket T-000103-PAVSE0 2000-01-03T10:00:00+08:00 \
	'[{"type": "pause", "reason": "r", "at": "2000-01-03T11:00:00+08:00"},
	  {"type": "resume", "at": "2099-12-30T10:00:00+08:00"}]'
for i in 1 2 3 4 5 6 7 8; do
	ticket "T-000103-PAVSE$i" 2000-01-03T10:00:00+08:00 \
		"[{'type': 'pause', 'reason': 'r', 'at': '2000-01-03T11:00:00+08:00'}] +
		 [{'type': t, 'reason': 'r', 'at': '20%02d-06-01T10:00:00+08:00' % (y // 2 + 1)}
		  for y, t in zip(range(196), ['resume', 'pause'] * 98)]"
done
commit_all "centuries of pauses"
readers "a century paused"
expect 0 timeout 60 plaindesk-check --fix
expect 0 timeout 60 ticket-show T-000103-PAVSE0
expect 0 timeout 60 env PLAINDESK_NOW=2099-12-31T10:00 ticket-escalate
expect 0 timeout 60 plaindesk-check -q

# A meeting with more attendees than a record may hold: refused, and a
# new meeting at the same time is checked against the others at once.
for n in 10001 200000; do
	jq --argjson n $n '.attendees = [range($n) | {"who": "S-\(.)", "required": true}]' \
		"$TEST_TMP/meeting.json" > "$mrel"
	commit_all "$n attendees"
	readers "$n attendees"
	run plaindesk-check
	check_has "$OUT" "'attendees' holds more than 10000" "$n attendees: listed"
	expect 0 timeout 60 mtg-plan new --type routine --title Other \
		--start "2026-11-18 10:00" --duration 30 --room R-2 \
		--organizer S-chen --attendee S-wang --agenda "A|20|S-chen|inform" \
		--allow-conflict
done
cp "$TEST_TMP/meeting.json" "$mrel"
commit_all "the meeting as it was, again"

# Times outside the years 2000-2099: refused, and skipped by readers.
new_store
for t in 0001-01-01T00:00:00Z 1999-12-31T23:59:59+08:00 2100-01-01T00:00:00+08:00 9999-12-30T00:00:00Z; do
	ticket T-261120-T1ME00 2026-11-20T10:00:00+08:00 \
		"[{'type': 'pause', 'reason': 'r'}, {'type': 'resume', 'at': '$t'}]"
	commit_all "a time $t"
	readers "time $t"
	run plaindesk-check
	check_has "$OUT" "must be a time" "time $t: plaindesk-check says why"
	refused 65 timeout 60 ticket-show T-261120-T1ME00
	refused 65 timeout 60 ticket-update T-261120-T1ME00 note --message x
done

# More events than a record may hold: refused.  Ten thousand: read, and
# the duplicate id check stays linear; a duplicate at the end is found.
new_store
ticket T-261120-MANY01 2026-11-20T10:00:00+08:00 \
	"[{'type': 'note', 'message': 'n'} for i in range(10000)]"
commit_all "10,001 events"
readers "10,001 events"
refused 65 timeout 60 ticket-show T-261120-MANY01
check_has "$ERR" "10001 events" "says how many"
run timeout 60 plaindesk-check
check_has "$OUT" "T-261120-MANY01.json: " "plaindesk-check lists it"
ticket T-261120-MANY01 2026-11-20T10:00:00+08:00 \
	"[{'type': 'note', 'message': 'n'} for i in range(9999)]"
commit_all "10,000 events"
readers "10,000 events"
expect 0 timeout 60 ticket-show T-261120-MANY01 --format json
ticket T-261120-MANY01 2026-11-20T10:00:00+08:00 \
	"[{'type': 'note', 'message': 'n'} for i in range(9998)] +
	 [{'type': 'note', 'id': 'E-261120-0005'}]"
commit_all "a duplicate at the end"
refused 65 timeout 60 ticket-show T-261120-MANY01
check_has "$ERR" "used twice" "the duplicate is found"
ticket T-261120-MANY01 2026-11-20T10:00:00+08:00 \
	"[{'type': 'escalate', 'to': 'S-chen', 'reason': 'manual',
	   'recipients': ['S-%d' % i for i in range(100000)]}]"
commit_all "a hundred thousand recipients"
readers "a long list of recipients"

# A copy of a record at a path its id does not name: counted once, and
# skipped with a warning by every reader; plaindesk-check lists it.
new_store
open_ticket
mkdir -p tickets/2026/10
cp "$TREL" tickets/2026/10/
cp "$TREL" "tickets/2026/11/T-261120-COPY00.json"
commit_all "two copies"
run ticket-list --format json
check_eq "$RC" 65 "ticket-list: exit"
check_eq "$(jq length <<<"$OUT")" 1 "ticket-list: the ticket once"
check_has "$ERR" "tickets/2026/10/$TID.json: id $TID belongs at $TREL" \
	"ticket-list warns of the copy"
check_has "$ERR" "T-261120-COPY00.json" "ticket-list warns of the other"
run kpi-report --week 2026-W47 --format json
check_eq "$(jq .service.opened <<<"$OUT")" 1 "kpi-report: opened once"
check_has "$ERR" "tickets/2026/10/$TID.json" "kpi-report warns of the copy"
expect 0 env PLAINDESK_NOW=2026-11-27T10:00 ticket-escalate
check_has "$ERR" "tickets/2026/10/$TID.json" "ticket-escalate reports it"
check_eq "$(git show --stat --format= HEAD | grep -c 2026/10)" 0 \
	"the pass changed only the real record"
run plaindesk-check
check_has "$OUT" "tickets/2026/10/$TID.json: id $TID belongs at $TREL" \
	"plaindesk-check lists the copy"

plan_meeting "2026-11-25 10:00"
mkdir -p meetings/2026/10
cp "$mrel" meetings/2026/10/
commit_all "two copies of a meeting"
run mtg-plan list --format json
check_eq "$(jq length <<<"$OUT")" 1 "mtg-plan list: the meeting once"
check_has "$ERR" "meetings/2026/10/$mid.json: id $mid belongs at $mrel" \
	"mtg-plan list warns of the copy"
run mtg-minutes actions
check_has "$ERR" "meetings/2026/10/$mid.json" "mtg-minutes actions warns of it"
run plaindesk-check
check_has "$OUT" "meetings/2026/10/$mid.json: id $mid belongs at $mrel" \
	"plaindesk-check lists the meeting's copy"

# An escalation pass over a record it cannot judge skips it, says so,
# and goes on with the others.
new_store
open_ticket "good"
ticket T-261120-BAD000 2026-11-20T10:00:00+08:00 \
	"[{'type': 'pause', 'reason': 'r'}, {'type': 'resume', 'at': '2100-01-01T00:00:00Z'}]"
commit_all "a ticket the pass cannot judge"
expect 0 timeout 60 env PLAINDESK_NOW=2026-11-27T10:00 ticket-escalate
check_has "$ERR" "T-261120-BAD000.json" "the pass reports the bad record"
check_has "$(jq -r '[.events[].type] | join(" ")' "$TREL")" "escalate" \
	"the good ticket escalated"

# A holiday register of twenty thousand rows in any order is read at once.
new_store
python3 - <<'PY'
import datetime, random
days = [datetime.date(2000, 1, 1) + datetime.timedelta(days=i) for i in range(20000)]
random.seed(7)
random.shuffle(days)
with open("registers/holidays.csv", "w") as f:
    f.write("date,kind,name\n")
    for d in days:
        f.write("%s,%s,x\n" % (d, "holiday" if d.weekday() < 5 else "workday"))
PY
commit_all "a long holiday register"
expect 0 timeout 60 ticket-list
expect 0 timeout 60 ticket-open --kind inquiry --channel phone \
	--customer C-0012 --title "with a long register"
canary_same "records"

finish
