# kpi-report: a week of tickets and meetings, its figures in every format
# against expected files (tests/cases/kpi-*), a few of them recomputed
# here with jq from the records themselves, then periods, --compare,
# --check, --save, escaping and refusals.
#
# Events are written into the ticket files by hand (add_event) and
# meetings as JSON files (add_meeting), then committed: the programs that
# write them arrive separately.  KPI_REGEN=1 rewrites the expected files.
. "$(dirname "$0")/lib.sh"

TOP=$(cd "$(dirname "$0")/../.." && pwd)
CASES=$TOP/tests/cases
export PLAINDESK_NOW=2026-11-25T10:00+08:00

# golden NAME ARGS...: kpi-report ARGS must print tests/cases/NAME.
golden() {
	local name=$1
	shift
	expect 0 kpi-report "$@"
	if [ "${KPI_REGEN:-}" = 1 ]; then
		printf '%s\n' "$OUT" > "$CASES/$name"
	fi
	if [ "$OUT" = "$(cat "$CASES/$name")" ]; then pass; else
		fail "kpi-report $* differs from $name:"
		diff <(printf '%s\n' "$OUT") "$CASES/$name" | head -n 20
	fi
}

# The file of a ticket id.
tfile() { echo "tickets/20${1:2:2}/${1:4:2}/$1.json"; }

# add_event ID TYPE 'YYYY-MM-DDTHH:MM' [JSON-FIELDS]: append an event.
add_event() {
	local f n at extra=${4:-'{}'}
	f=$(tfile "$1")
	n=$(jq '.events | length' "$f")
	at="$3:00+08:00"
	jq --arg id "$(printf 'E-%s-%04d' "${1:2:6}" "$n")" --arg at "$at" \
		--arg type "$2" --argjson extra "$extra" \
		'.events += [{id: $id, at: $at, by: "S-chen", type: $type} + $extra]' \
		"$f" > "$f.new" && mv "$f.new" "$f"
}

# add_meeting ID JSON: a meeting record, as DESIGN §2 lays it out.
add_meeting() {
	local f="meetings/20${1:2:2}/${1:4:2}/$1.json"
	mkdir -p "$(dirname "$f")"
	jq --arg id "$1" '{id: $id} + .' <<<"$2" > "$f"
}

open_at() {	# open_at TIME ARGS...: ticket-open back-filled at TIME
	local at=$1
	shift
	ticket-open --title "t" --at "$at" "$@"
}

new_store

# --- Tickets of ISO week 2026-W47 (Mon 16 to Mon 23 November) and
# around it.  Default configuration: business hours 09:00-18:00 Mon-Fri.

# T1 complaint/important: response due 10:00, resolution 19th 09:00.
t1=$(open_at 2026-11-16T09:00 --kind complaint --severity important \
	--category equipment --channel phone --customer C-0012 --assignee S-wang)
add_event "$t1" ack 2026-11-16T09:30
# Customer notices: two in the week (T1, T3), one the week before (T5).
add_event "$t1" notice 2026-11-16T09:31 \
	'{"kind": "customer", "message": "on it", "due": "2026-11-19T09:00:00+08:00"}'
add_event "$t1" resolve 2026-11-17T15:00 '{"solution": "redo"}'
add_event "$t1" close 2026-11-17T16:00 '{"satisfaction": 5, "accepted": true}'
# T2 inquiry: response due 11:00 (answered late), resolution 17th 10:00.
t2=$(open_at 2026-11-16T10:00 --kind inquiry --channel email --customer C-0013 \
	--assignee S-li)
add_event "$t2" ack 2026-11-16T11:30
add_event "$t2" resolve 2026-11-17T09:00
add_event "$t2" close 2026-11-18T09:00 '{"satisfaction": 3, "accepted": true}'
# T3 complaint/major: resolution due Fri 20th 14:00, resolved late,
# closed unhappy, reopened on Saturday: open at the end of the week, its
# new deadline (Monday 11:00) not passed yet; the first resolve is still
# judged against the first deadline, and missed it.
t3=$(open_at 2026-11-18T14:00 --kind complaint --severity major \
	--category venue --channel onsite --customer C-0012 --assignee S-wang)
add_event "$t3" ack 2026-11-18T14:20
add_event "$t3" notice 2026-11-18T14:21 \
	'{"kind": "customer", "message": "", "due": "2026-11-20T14:00:00+08:00"}'
add_event "$t3" resolve 2026-11-20T16:00
add_event "$t3" close 2026-11-21T10:00 '{"satisfaction": 2, "accepted": false}'
add_event "$t3" reopen 2026-11-21T11:00 '{"reason": "still broken"}'
# T4 suggestion: nothing happened yet, nothing due yet.
t4=$(open_at 2026-11-19T09:00 --kind suggestion --channel online --customer C-0013)
# T5 request from the week before: 2d is Sat 14th, so due Monday 16th
# 09:00; extended to 17th 18:00,
# resolved the 17th at 17:00 (in time), never closed.
t5=$(open_at 2026-11-12T10:00 --kind request --channel phone --customer C-0012 \
	--assignee S-li)
add_event "$t5" ack 2026-11-12T10:30
add_event "$t5" notice 2026-11-12T10:31 \
	'{"kind": "customer", "message": "", "due": "2026-11-16T09:00:00+08:00"}'
add_event "$t5" extend 2026-11-13T10:00 \
	'{"deadline": "resolution", "until": "2026-11-17T18:00:00+08:00", "approved_by": "S-chen", "reason": "parts"}'
add_event "$t5" resolve 2026-11-17T17:00
# T6 complaint/general on Friday 17:55: response due Monday 09:05 (next
# week), and so is the resolution (2d is Sunday 17:55, outside working
# time, moved to Monday 09:00 and never before the response deadline):
# nothing of it is due in the week.  An escalation recorded by hand
# still counts.
t6=$(open_at 2026-11-20T17:55 --kind complaint --severity general \
	--category attitude --channel phone --customer C-0014 --assignee S-li)
add_event "$t6" escalate 2026-11-22T18:00 \
	'{"from": "agent", "to": "manager", "reason": "resolution-breach"}'
# T7 opened exactly at the end of the week: not in it.
t7=$(open_at 2026-11-23T00:00 --kind inquiry --channel social --customer C-0012)
# T8 inquiry of Friday the 13th 17:30: response due Monday 09:30,
# answered 09:15; resolution due Monday 17:30, paused 4 working hours:
# due Tuesday 12:30, resolved 12:00.
t8=$(open_at 2026-11-13T17:30 --kind inquiry --channel phone --customer C-0013 \
	--assignee S-wang)
add_event "$t8" ack 2026-11-16T09:15
add_event "$t8" pause 2026-11-16T10:00 '{"reason": "waiting for the customer"}'
add_event "$t8" resume 2026-11-16T14:00
add_event "$t8" resolve 2026-11-17T12:00
add_event "$t8" close 2026-11-17T13:00 '{"satisfaction": 4, "accepted": true}'

# --- Meetings.
add_meeting M-261118-AAAA01 '{"type": "routine", "title": "Desk weekly",
 "organizer": "S-chen", "start": "2026-11-18T10:00:00+08:00", "duration_min": 60, "room": "R-1",
 "attendees": [{"who": "S-wang", "required": true}, {"who": "S-li", "required": true},
               {"who": "S-chen", "required": false}],
 "agenda": [{"n": 1, "topic": "Backlog", "goal": "decision", "minutes": 30, "owner": "S-chen"},
            {"n": 2, "topic": "Rota", "goal": "consensus", "minutes": 30, "owner": "S-chen"}],
 "materials": [], "ad_hoc": false, "reason": null, "sequence": 0,
 "state": {"status": "published", "approved_by": null,
           "agenda_sent_at": "2026-11-17T09:00:00+08:00", "published_at": "2026-11-18T17:00:00+08:00"},
 "minutes": {"started_at": "2026-11-18T10:03:00+08:00", "ended_at": "2026-11-18T11:15:00+08:00",
             "present": ["S-wang", "S-chen"], "absent": [], "late": ["S-li"],
             "items": [{"n": 1, "outcome": "achieved", "notes": ""}, {"n": 2, "outcome": "partial", "notes": ""}],
             "decisions": ["Clear the backlog"]},
 "actions": [{"id": "M-261118-AAAA01.1", "text": "Call Acme", "owner": "S-wang", "due": "2026-11-20",
              "expected": "", "done_at": "2026-11-20T16:00:00+08:00", "note": ""},
             {"id": "M-261118-AAAA01.2", "text": "Rota", "owner": "S-li", "due": "2026-11-27",
              "expected": "", "done_at": null, "note": ""}],
 "feedback": [{"by": "S-wang", "score": 4, "comment": "", "at": "2026-11-18T12:00:00+08:00"},
              {"by": "S-chen", "score": 3, "comment": "", "at": "2026-11-18T12:00:00+08:00"}],
 "events": []}'
add_meeting M-261120-AAAA02 '{"type": "training", "title": "New phones",
 "organizer": "S-chen", "start": "2026-11-20T14:00:00+08:00", "duration_min": 120, "room": "R-2",
 "attendees": [{"who": "S-wang", "required": true}, {"who": "S-li", "required": true}],
 "agenda": [{"n": 1, "topic": "Phones", "goal": "inform", "minutes": 120, "owner": "S-chen"}],
 "materials": [], "ad_hoc": false, "reason": null, "sequence": 1,
 "state": {"status": "held", "approved_by": null,
           "agenda_sent_at": "2026-11-20T08:00:00+08:00", "published_at": null},
 "minutes": {"started_at": "2026-11-20T14:10:00+08:00", "ended_at": "2026-11-20T16:00:00+08:00",
             "present": ["S-wang"], "absent": ["S-li"], "late": [],
             "items": [{"n": 1, "outcome": "achieved", "notes": ""}], "decisions": []},
 "actions": [], "feedback": [{"by": "S-li", "score": 5, "comment": "", "at": "2026-11-21T09:00:00+08:00"}],
 "events": []}'
add_meeting M-261119-AAAA03 '{"type": "decision", "title": "Cancelled",
 "organizer": "S-zhao", "start": "2026-11-19T15:00:00+08:00", "duration_min": 60, "room": "R-2",
 "attendees": [{"who": "S-zhao", "required": true}], "agenda": [],
 "state": {"status": "cancelled", "approved_by": "S-chen", "agenda_sent_at": null, "published_at": null},
 "minutes": null, "actions": [], "feedback": [], "events": []}'
add_meeting M-261110-AAAA04 '{"type": "routine", "title": "Last week",
 "organizer": "S-chen", "start": "2026-11-10T10:00:00+08:00", "duration_min": 30, "room": "R-1",
 "attendees": [{"who": "S-wang", "required": true}], "agenda": [],
 "state": {"status": "published", "agenda_sent_at": "2026-11-06T10:00:00+08:00",
           "published_at": "2026-11-10T12:00:00+08:00"},
 "minutes": {"started_at": "2026-11-10T10:00:00+08:00", "ended_at": "2026-11-10T10:30:00+08:00",
             "present": ["S-wang"], "absent": [], "late": [], "items": [], "decisions": []},
 "actions": [{"id": "M-261110-AAAA04.1", "text": "Order parts", "owner": "S-wang", "due": "2026-11-17",
              "expected": "", "done_at": null, "note": ""}],
 "feedback": [], "events": []}'
git add -A && git commit -qm "events and meetings by hand"

# --- The week in every format.
golden kpi-w47.json --week 2026-W47 --format json
json=$OUT
golden kpi-w47.txt --week 2026-W47
golden kpi-w47.md --week 2026-W47 --format md
golden kpi-w47.csv --week 2026-W47 --format csv
golden kpi-w47-compare.json --week 2026-W47 --compare --format json
golden kpi-w47-compare.txt --week 2026-W47 --compare
# The default period is the last complete ISO week before now.
expect 0 kpi-report --format json
check_eq "$OUT" "$json" "default period is 2026-W47"
expect 0 kpi-report --from 2026-11-16 --to 2026-11-23 --format json
check_eq "$OUT" "$json" "--from/--to of a week is that week"

# --- Figures recomputed from the records, independently of the program.
P='"2026-11-16T00:00:00+08:00" as $f | "2026-11-23T00:00:00+08:00" as $t'
TS='def ts: sub("\\+08:00$"; "Z") | fromdateiso8601;'
near() {	# near WHAT JQ-ON-REPORT EXPECTED
	if jq -e --argjson want "$3" "($2) as \$got | (\$got - \$want) | fabs < 1e-9" \
		<<<"$json" >/dev/null; then pass; else
		fail "$1: $(jq -c "$2" <<<"$json") != $3"; fi
}
all=$(cat tickets/*/*/*.json | jq -s .)
want=$(jq "$P | [.[] | select(.opened_at >= \$f and .opened_at < \$t)] | length" <<<"$all")
check_eq "$(jq .service.opened <<<"$json")" "$want" "opened (jq)"
want=$(jq "$P | [.[] | select(.opened_at >= \$f and .opened_at < \$t and .kind == \"complaint\")] | length" <<<"$all")
check_eq "$(jq .service.by_kind.complaint <<<"$json")" "$want" "complaints opened (jq)"
want=$(jq "$TS $P | [.[] | . as \$r | [.events[] | select(.type == \"ack\")][0] |
	select(. != null and .at >= \$f and .at < \$t) | (.at | ts) - (\$r.opened_at | ts)] |
	add / length / 60" <<<"$all")
near "avg_response_min (jq)" .service.avg_response_min "$want"
want=$(jq "$TS $P | [.[] | . as \$r | [.events[] | select(.type == \"resolve\")] | last |
	select(. != null and .at >= \$f and .at < \$t) | (.at | ts) - (\$r.opened_at | ts)] |
	add / length / 60" <<<"$all")
near "avg_handling_min (jq)" .service.avg_handling_min "$want"
want=$(jq "$P | [.[].events[] | select(.type == \"close\" and .at >= \$f and .at < \$t) |
	.satisfaction] | add / length" <<<"$all")
near "satisfaction_avg (jq)" .service.satisfaction_avg "$want"
want=$(jq "$P | [.[].events[] | select(.type == \"close\" and .at >= \$f and .at < \$t) |
	.satisfaction >= 4] | (map(select(.)) | length) / length" <<<"$all")
near "satisfaction_rate (jq)" .service.satisfaction_rate "$want"
want=$(jq "$P | [.[] | ([.events[] | select(.type == \"close\")] | last) as \$c |
	select(\$c != null and \$c.at >= \$f and \$c.at < \$t) |
	([.events[] | select(.type == \"reopen\")] | length == 0)] |
	(map(select(.)) | length) / length" <<<"$all")
near "fcr_rate (jq)" .service.fcr_rate "$want"
want=$(jq "$P | [.[] | select(.kind == \"complaint\") |
	([.events[] | select(.type == \"close\")] | last) |
	select(. != null and .at >= \$f and .at < \$t) | .accepted] |
	(map(select(.)) | length) / length" <<<"$all")
near "complaint_success_rate (jq)" .service.complaint_success_rate "$want"
want=$(jq "$P | [.[].events[] | select(.type == \"escalate\" and .reason != \"start\" and .at >= \$f and .at < \$t)] | length" <<<"$all")
check_eq "$(jq .service.escalations.total <<<"$json")" "$want" "escalations (jq)"
want=$(jq "$P | [.[].events[] | select(.type == \"notice\" and .kind == \"customer\" and .at >= \$f and .at < \$t)] | length" <<<"$all")
check_eq "$(jq .service.customer_notices <<<"$json")" "$want" "customer notices (jq)"
# Churn: customers since on or before the 16th and not lost before it.
want=$(awk -F, 'NR > 1 && $7 <= "2026-11-16" && ($8 == "" || $8 >= "2026-11-16") {
	n++; if ($8 != "" && $8 < "2026-11-23") l++ } END { printf "%.17g\n", l / n }' registers/customers.csv)
near "churn_rate (awk)" .service.churn_rate "$want"
mtgs=$(cat meetings/*/*/*.json | jq -s "$P | [.[] | select(.state.status != \"cancelled\" and
	.minutes.started_at != null and .minutes.started_at >= \$f and .minutes.started_at < \$t)]")
check_eq "$(jq .meetings.held <<<"$json")" "$(jq length <<<"$mtgs")" "held (jq)"
want=$(jq "$TS [.[] | ((.minutes.ended_at | ts) - (.minutes.started_at | ts)) / 3600] | add" <<<"$mtgs")
near "hours (jq)" .meetings.hours "$want"
want=$(jq "$TS [.[] | ((.minutes.ended_at | ts) - (.minutes.started_at | ts)) / 3600 *
	((.minutes.present + .minutes.late) | unique | length)] | add" <<<"$mtgs")
near "person_hours (jq)" .meetings.person_hours "$want"
want=$(jq '[.[] | .minutes as $m | .attendees[] | select(.required) |
	(.who as $w | ($m.present + $m.late) | index($w)) != null] |
	(map(select(.)) | length) / length' <<<"$mtgs")
near "attendance_rate (jq)" .meetings.attendance_rate "$want"
want=$(jq '[.[] | .minutes.items as $i | .agenda[] | .n as $n |
	($i | map(select(.n == $n and .outcome == "achieved")) | length) > 0] |
	(map(select(.)) | length) / length' <<<"$mtgs")
near "topic_achievement_rate (jq)" .meetings.topic_achievement_rate "$want"
# The targets echo the configuration and compare value >= target.
check_eq "$(jq -c '[.targets[] | .name]' <<<"$json")" \
	"$(jq -c '.targets | keys_unsorted' plaindesk.json)" "one target per configured target"
check_eq "$(jq -c '[.targets[] | select(.value != null) | (.value >= .target) == .met] | all' <<<"$json")" \
	true "met is value >= target"
check_eq "$(jq -c '.targets[5] | [.name, .value, .met]' <<<"$json")" \
	'["meeting_on_time_rate",0.5,false]' "meeting_on_time_rate is meetings.on_time_rate"

# --- Periods.
expect 0 kpi-report --week 2026-W46 --format json
check_eq "$(jq -c '[.period.label, .service.opened, .service.by_kind.request]' <<<"$OUT")" \
	'["2026-W46",2,1]' "week 46"
expect 0 kpi-report --week 2026-W53 --format json
check_eq "$(jq -c '.period' <<<"$OUT")" \
	'{"from":"2026-12-28T00:00:00+08:00","to":"2027-01-04T00:00:00+08:00","label":"2026-W53"}' "ISO week 53"
PLAINDESK_NOW=2027-01-06T09:00+08:00 expect 0 kpi-report --compare --format json
check_eq "$(jq -c '[.period.label, .previous.period.label]' <<<"$OUT")" \
	'["2026-W53","2026-W52"]' "default in the first week of 2027"
expect 0 kpi-report --month 2026-11 --compare --format json
check_eq "$(jq -c '[.period.label, .period.to, .previous.period.label, .service.opened, .previous.service.opened]' <<<"$OUT")" \
	'["2026-11","2026-12-01T00:00:00+08:00","2026-10",8,0]' "month and the month before"
expect 0 kpi-report --from 2026-11-18 --to 2026-11-21 --compare --format json
check_eq "$(jq -c '[.period.label, .previous.period.label, .service.opened]' <<<"$OUT")" \
	'["2026-11-18..2026-11-21","2026-11-15..2026-11-18",3]' "a range and as many days before"

# --- --check: 1 when a target is missed (the report still printed).
expect 1 kpi-report --week 2026-W47 --check --format json
check_eq "$OUT" "$json" "--check prints the report"
expect 0 kpi-report --week 2026-W40 --check
check_has "$OUT" "0 met, 0 missed, 8 no data" "no data is not missed"
jq '.targets |= map_values(0.5)' plaindesk.json > plaindesk.json.new &&
	mv plaindesk.json.new plaindesk.json
expect 0 kpi-report --week 2026-W47 --check --format json
check_eq "$(jq -c '[.targets[].met] | unique' <<<"$OUT")" '[true]' "a value equal to its target is met"
git checkout -q plaindesk.json

# --- HTML: one self-contained file, everything escaped.
expect 0 kpi-report --week 2026-W47 --format html
html=$OUT
check_has "$html" "<!DOCTYPE html>" "html document"
check_has "$html" "<svg " "inline SVG chart"
check_eq "$(grep -c '<svg ' <<<"$html")" 2 "two charts"
check_lacks "$html" "<script" "no scripts"
check_lacks "$html" "http" "no external resources"
check_lacks "$html" " src=" "no src attributes"
check_lacks "$html" "<link" "no linked files"
check_has "$html" "<td style=\"padding:4px 10px;border-bottom:1px solid #d8dee4\">王伟</td>" "staff names"
check_has "$html" "75.0%" "rates rounded for people"
check_has "$html" "Customer notices sent" "customer notices in html"

# --- Text output is aligned by display width (CJK names are 2 wide).
expect 0 kpi-report --week 2026-W47
row_li=$(grep '^S-li ' <<<"$OUT")
row_wang=$(grep '^S-wang ' <<<"$OUT")
w_li=$(python3 -c 'import sys,unicodedata as u; s=sys.argv[1]; print(sum(2 if u.east_asian_width(c) in "WF" else 1 for c in s))' "$row_li")
w_wang=$(python3 -c 'import sys,unicodedata as u; s=sys.argv[1]; print(sum(2 if u.east_asian_width(c) in "WF" else 1 for c in s))' "$row_wang")
check_eq "$w_li" "$w_wang" "agent rows have the same display width"

# --- zh-CN labels.
sed -i 's/"locale": "en"/"locale": "zh-CN"/' plaindesk.json
golden kpi-zh-month.txt --month 2026-11
check_has "$OUT" "客户投诉月统计表" "monthly complaint table in Chinese"
expect 0 kpi-report --week 2026-W47 --format html
check_has "$OUT" '<html lang="zh-CN">' "html lang"
check_has "$OUT" "投诉处理成功率" "Chinese labels in html"
expect 0 kpi-report --week 2026-W47 --format json
check_eq "$OUT" "$json" "json keys do not depend on the locale"
git checkout -q plaindesk.json

# --- Reading needs no git: it works without the repository.
mv .git .git.away
expect 0 kpi-report --week 2026-W47 --format json
check_eq "$OUT" "$json" "reading without .git"
mv .git.away .git

# --- --save: one commit with the report, the path printed.
head=$(git rev-parse HEAD)
expect 0 kpi-report --week 2026-W47 --format json --save --dry-run
check_has "$OUT" "reports/2026-W47.json" "dry run names the file"
check_eq "$(git rev-parse HEAD)" "$head" "dry run commits nothing"
[ ! -e reports/2026-W47.json ] && pass || fail "dry run wrote the report"
expect 0 kpi-report --week 2026-W47 --format json --save --by S-chen
check_eq "$OUT" "reports/2026-W47.json" "prints the path"
check_eq "$(cat reports/2026-W47.json)" "$json" "saved report"
check_eq "$(git rev-list --count "$head"..HEAD)" 1 "one commit"
check_eq "$(git log -1 --format=%s)" "kpi-report: 2026-W47 saved as reports/2026-W47.json" "subject"
check_has "$(git log -1 --format=%B)" "Plaindesk-Command: kpi-report" "command trailer"
check_has "$(git log -1 --format=%B)" "Plaindesk-Record: 2026-W47" "record trailer"
check_eq "$(git log -1 --format=%an)" "Chen Jie" "author is the actor"
check_eq "$(git show --stat --format= HEAD | head -n 1 | awk '{print $1}')" \
	"reports/2026-W47.json" "only the report"
clean_status "after --save"
head=$(git rev-parse HEAD)
expect 0 kpi-report --week 2026-W47 --format json --save
check_eq "$OUT" "reports/2026-W47.json" "saving the same again prints the path"
check_eq "$(git rev-parse HEAD)" "$head" "and commits nothing"
expect 0 kpi-report --week 2026-W47 --format html --save
check_eq "$OUT" "reports/2026-W47.html" "html saved"
check_has "$(cat reports/2026-W47.html)" "<svg " "saved html"
clean_status "after --save html"
expect 1 kpi-report --month 2026-11 --format csv --save --check
check_eq "$OUT" "reports/2026-11.csv" "--save --check saves, then exits 1"
clean_status "after --save --check"

# --- The weekly cron job: saves last week's HTML report, mails it.
cat > "$TEST_TMP/sendmail" <<'SH'
#!/bin/sh
echo "$*" > "$TEST_TMP/sendmail.args"
cat > "$TEST_TMP/mail"
SH
chmod +x "$TEST_TMP/sendmail"
head=$(git rev-parse HEAD)
expect 0 env TEST_TMP="$TEST_TMP" PLAINDESK_DIR="$STORE" KPI_MAIL_TO=boss@example.com \
	KPI_MAIL_FROM=desk@example.com SENDMAIL="$TEST_TMP/sendmail" \
	"$TOP/examples/cron/kpi-weekly.sh"
check_eq "$(git rev-list --count "$head"..HEAD)" 1 "cron: one commit"
check_eq "$(git log -1 --format=%s)" "kpi-report: 2026-W47 saved as reports/2026-W47.html" "cron: commit"
check_eq "$(cat "$TEST_TMP/sendmail.args")" "-t -oi" "cron: sendmail -t"
mail=$(cat "$TEST_TMP/mail")
check_has "$mail" "To: boss@example.com" "cron: recipient"
check_has "$mail" "Subject: KPI report 2026-W47 (targets missed)" "cron: subject"
check_has "$mail" "Content-Type: text/html; charset=UTF-8" "cron: html"
check_eq "$(sed '1,/^$/d' "$TEST_TMP/mail" | base64 -d)" "$(cat reports/2026-W47.html)" \
	"cron: the body is the saved report"
check_has "$(cat reports/2026-W47.html)" "2026-W46" "cron: compared with the week before"
clean_status "after the cron job"

# --- Refusals change nothing.
refused 64 kpi-report --week 2026-W54
check_has "$ERR" "no week 54 in 2026" "week 54"
refused 64 kpi-report --week 2025-W53
refused 64 kpi-report --week 2026-47
refused 64 kpi-report --month 2026-13
refused 64 kpi-report --from 2026-11-01
refused 64 kpi-report --from 2026-11-10 --to 2026-11-10
refused 64 kpi-report --week 2026-W47 --month 2026-11
refused 64 kpi-report --format pdf
refused 64 kpi-report extra
refused 64 kpi-report --frobnicate
refused 64 kpi-report --week 2026-W47 --dry-run
expect 0 kpi-report --help
check_has "$OUT" "usage: kpi-report" "help"
expect 0 kpi-report --version
expect 74 sh -c 'kpi-report --week 2026-W47 > /dev/full'
cd "$TEST_TMP" && expect 66 kpi-report && cd "$STORE"

# --- A damaged record: the figures without it are shown, with a warning
# naming it, and the exit status says so (65); nothing is saved.
echo '{"id": "T-261117-ZZZZZZ", "kind": "complaint"' > tickets/2026/11/T-261117-ZZZZZZ.json
mkdir -p meetings/2026/11
echo '{"id": "M-261117-ZZZZZZ", "minutes": {"started_at": "soon"}}' > meetings/2026/11/M-261117-ZZZZZZ.json
expect 65 kpi-report --week 2026-W47 --format json
check_eq "$OUT" "$json" "figures without the damaged records"
check_has "$ERR" "warning: tickets/2026/11/T-261117-ZZZZZZ.json" "warning names the ticket"
check_has "$ERR" "warning: meetings/2026/11/M-261117-ZZZZZZ.json: minutes.started_at: not a time" \
	"warning names the meeting"
check_has "$ERR" "kpi-report: error: some records could not be read" "error line"
head=$(git rev-parse HEAD)
expect 65 kpi-report --week 2026-W48 --format json --save
check_eq "$(git rev-parse HEAD)" "$head" "no report saved from damaged records"
[ ! -e reports/2026-W48.json ] && pass || fail "a report was written"
rm tickets/2026/11/T-261117-ZZZZZZ.json meetings/2026/11/M-261117-ZZZZZZ.json

# --- Escaping: HTML escapes names, CSV neutralises formulas unless --raw.
new_store
printf 'S-evil,"<b>Eve & ""Co""</b>",e@example.com,agent,desk,yes\n' >> registers/staff.csv
git commit -qam "staff"
e=$(open_at 2026-11-16T09:00 --kind inquiry --channel phone --customer C-0012 --assignee S-evil)
add_event "$e" ack 2026-11-16T09:10
add_event "$e" resolve 2026-11-16T10:00
e=$(open_at 2026-11-16T09:00 --kind inquiry --channel phone --customer C-0012 --assignee S-evil)
add_event "$e" ack 2026-11-16T09:10
add_event "$e" assign 2026-11-16T09:20 '{"to": "=SUM(A1)"}'
add_event "$e" resolve 2026-11-16T10:00
git commit -qam "events"
expect 0 kpi-report --week 2026-W47 --format html
check_has "$OUT" "&lt;b&gt;Eve &amp; &quot;Co&quot;&lt;/b&gt;" "html-escaped name"
check_lacks "$OUT" "<b>Eve" "no raw markup"
expect 0 kpi-report --week 2026-W47 --format csv
check_has "$OUT" "agents,resolved,'=SUM(A1),1" "formula neutralised"
expect 0 kpi-report --week 2026-W47 --format csv --raw
check_has "$OUT" "agents,resolved,=SUM(A1),1" "--raw keeps it"
expect 0 kpi-report --week 2026-W47 --format md
check_has "$OUT" "| S-evil | \\<b\\>Eve & \"Co\"\\</b\\> |" "markdown-escaped name"

finish
