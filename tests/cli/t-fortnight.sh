# A desk's fortnight around the Mid-Autumn and National Day holidays of
# 2026 (Thursday 24 September to Monday 12 October) on a zh-CN store:
# tickets of every kind of start, cron passes and reminders at fixed
# moments, a notifier that logs what it is given and fails for a while.
# Every warning, escalation, breach at the top, start notice, minutes
# notice and action reminder must reach exactly the people DESIGN §5
# names, and be delivered exactly once.
. "$(dirname "$0")/lib.sh"
# Its messages are asserted in English: a zh-CN store speaks Chinese
# unless the environment names a language (tests/lang checks that).
export LANGUAGE=en

top=$(cd "$(dirname "$0")/../.." && pwd)
new_store --locale zh-CN
cat > registers/staff.csv <<'CSV'
id,name,email,role,team,active
S-wang,王伟,wang@example.com,agent,desk,yes
S-li,李娜,li@example.com,agent,desk,yes
S-liu,刘洋,liu@example.com,agent,vip,yes
S-old,老陈,old@example.com,manager,desk,no
S-chen,陈杰,chen@example.com,manager,desk,yes
S-ma,马丽,ma@example.com,manager,vip,yes
S-zhao,赵刚,zhao@example.com,gm,,yes
S-admin,管理员,admin@example.com,admin,,yes
CSV
cp "$top/examples/registers/holidays.csv" registers/holidays.csv
git commit -qam "staff and the 2026 holidays"

cat > "$TEST_TMP/notify" <<'SH'
#!/bin/sh
cat >> "$NOTIFY_LOG"
SH
cat > "$TEST_TMP/notify-down" <<'SH'
#!/bin/sh
cat > /dev/null
echo "smtp: connection refused" >&2
exit 75
SH
chmod +x "$TEST_TMP/notify" "$TEST_TMP/notify-down"
export NOTIFY_LOG=$TEST_TMP/notify.log
: > "$NOTIFY_LOG"
git config plaindesk.notify "$TEST_TMP/notify"
export PLAINDESK_ACTOR=S-admin

# The clock moves forward only.  Before each step, cron runs what it
# would have run since the last one: the escalation pass at 12:00 and
# 17:00 and the reminders at 08:30, every day.
cron_moments=$(for d in $(seq 0 18); do
	day=$(date -u -d "2026-09-24 +$d days" +%F)
	printf '%sT08:30 remind\n%sT12:00 pass\n%sT17:00 pass\n' "$day" "$day" "$day"
done)
CLOCK=2026-09-23T00:00
cron_until() {	# run the cron moments in (CLOCK, $1)
	local when what
	while read -r when what; do
		[[ $when > $CLOCK && $when < $1 ]] || continue
		if [ "$what" = remind ]; then
			PLAINDESK_NOW=$when run mtg-minutes remind
		else
			PLAINDESK_NOW=$when run ticket-escalate
		fi
		[ "$RC" = 0 ] && pass || fail "cron $what at $when: $ERR"
	done <<<"$cron_moments"
}
at() {	# at TIME CMD...: the moment, what cron did before it, then CMD
	cron_until "$1"
	CLOCK=$1
	export PLAINDESK_NOW=$1
	shift
	expect 0 "$@"
}
escalate_at() { at "$1" ticket-escalate; }
tfile() { echo "tickets/20${1:2:2}/${1:4:2}/$1.json"; }

# --- Wednesday 23rd: the weekly meeting is planned.
at 2026-09-23T15:00 mtg-plan new --type routine --title "服务周例会" \
	--start "2026-09-24 10:00" --duration 60m --room R-2 --organizer S-chen \
	--attendee S-wang --attendee S-liu --optional S-li \
	--agenda "投诉回顾|40|S-chen|inform" --by S-chen
M=$OUT
at 2026-09-23T15:05 mtg-plan send "$M" --by S-chen
# --- Thursday 24th: minutes with three actions, published.
at 2026-09-24T12:00 mtg-minutes record "$M" --by S-chen \
	--started "2026-09-24 10:00" --ended "2026-09-24 11:00" \
	--present S-chen --present S-wang --present S-liu --absent S-li \
	--outcome "1|achieved|两起投诉已处理" \
	--action "检查投影仪|S-wang|2026-10-08|检查记录" \
	--action "更新供应商名单|S-li|2026-10-09|新名单" \
	--action "回访客户|S-liu|2026-09-28|回访记录"
at 2026-09-24T14:00 mtg-minutes publish "$M" --by S-chen
check_eq "$(git log -1 --format=%s)" "mtg-minutes: 1 notified" "minutes delivered at once"
# A general complaint just before the holiday.
at 2026-09-24T17:55 ticket-open --kind complaint --severity general --category catering \
	--channel phone --customer C-0014 --title "茶歇不足" --assignee S-wang
A=$OUT
# --- Saturday 26th, a day off: nothing is due, nothing is escalated.
escalate_at 2026-09-26T10:00
check_eq "$OUT" "" "nothing on the holiday Saturday"
expect 0 ticket-show "$A"
check_has "$OUT" "Response:    due 2026-09-28T09:05:00+08:00" "A's response is Monday's"
check_has "$OUT" "Resolution:  due 2026-09-28T09:05:00+08:00" "A's resolution too"
# --- Monday 28th.
at 2026-09-28T09:00 ticket-open --kind request --channel onsite --customer C-0013 \
	--title "加椅子" --assignee S-li
E=$OUT
escalate_at 2026-09-28T09:02
escalate_at 2026-09-28T09:03
escalate_at 2026-09-28T09:06
at 2026-09-28T09:10 ticket-update "$E" ack --by S-li
at 2026-09-28T09:30 ticket-update "$A" ack --by S-wang
# --- Tuesday 29th: a major complaint from a VIP customer.
at 2026-09-29T10:00 ticket-open --kind complaint --severity major --category equipment \
	--channel phone --customer C-0012 --title "主会场音响故障" --assignee S-liu
B=$OUT
check_eq "$(git log -1 --format=%s)" "ticket-open: 1 notified" "the gm told at once"
at 2026-09-29T10:01 ticket-update "$E" resolve --solution other --by S-li
at 2026-09-29T11:00 ticket-update "$E" close --satisfaction 2 --accepted no --by S-li
escalate_at 2026-09-29T10:48
escalate_at 2026-09-29T11:01
at 2026-09-29T11:30 ticket-update "$B" ack --by S-liu
at 2026-09-29T15:00 mtg-minutes done "$M.3" --by S-liu
# --- Wednesday 30th: the plan is reviewed; an important complaint.
at 2026-09-30T10:00 ticket-update "$B" plan --solution compensation --owner S-liu \
	--due 2026-10-08T12:00 --by S-liu
refused 65 ticket-update "$B" resolve --solution compensation --by S-liu
refused 77 ticket-update "$B" approve-plan --by S-liu
at 2026-09-30T10:30 ticket-update "$B" approve-plan --by S-ma
escalate_at 2026-09-30T14:36
at 2026-09-30T16:00 ticket-open --kind complaint --severity important --category venue \
	--channel email --customer C-0013 --title "会场太冷" --assignee S-wang
C=$OUT
escalate_at 2026-09-30T16:48
escalate_at 2026-09-30T17:01
escalate_at 2026-09-30T17:36
# --- National Day: nothing.
escalate_at 2026-10-01T10:00
check_eq "$OUT" "" "nothing on National Day"
escalate_at 2026-10-05T12:30
check_eq "$OUT" "" "nothing in the holiday week"
# --- Thursday 8th: the mail server is down for the morning.
git config plaindesk.notify "$TEST_TMP/notify-down"
escalate_at 2026-10-08T09:01
check_has "$ERR" "notifier failed for" "deliveries fail"
at 2026-10-08T10:00 ticket-update "$B" resolve --solution compensation --by S-liu
git config plaindesk.notify "$TEST_TMP/notify"
# --- Friday 9th: a ticket resolved in time is reopened after its
# deadline; an online inquiry comes in before the make-up Saturday.
at 2026-10-09T10:00 ticket-update "$E" reopen --reason "椅子不够" --by S-li
escalate_at 2026-10-09T10:05
check_eq "$OUT" "" "a reopen is no breach"
at 2026-10-09T17:00 mtg-minutes done "$M.2" --by S-li
at 2026-10-09T17:55 ticket-open --kind inquiry --channel online --customer C-0014 \
	--title "能否线上参会"
D=$OUT
escalate_at 2026-10-09T17:56
# --- Saturday 10th is worked.
escalate_at 2026-10-10T09:00
escalate_at 2026-10-10T14:36
escalate_at 2026-10-10T16:07
# Sunday is off, but D's resolution deadline passed on the worked
# Saturday at 17:55 (1wd), after the last pass that day.
escalate_at 2026-10-11T10:00
check_eq "$OUT" "$D" "D's breach of Saturday"
escalate_at 2026-10-12T09:01
at 2026-10-12T18:00 true

# --- Who was told what: every notice of the fortnight, in order.
label() { sed -e "s/$A/A/g; s/$B/B/g; s/$C/C/g; s/$D/D/g; s/$E/E/g; s/$M/M/g"; }
notices=$(for f in $(tfile "$A") $(tfile "$B") $(tfile "$C") $(tfile "$D") $(tfile "$E"); do
	jq -r '.id as $t | .events[] | select(.type == "warn" or .type == "escalate") |
		"\(.at[5:16]) \($t) \(.type) \(.deadline // .reason)\(if .breach then " breach" else "" end) \(.recipients | join(","))"' "$f"
done
jq -r '.events[] | select(.type == "notice") |
	"\(.at[5:16]) \(.action // "M") \(.kind) \(.recipients | join(","))"' "meetings/2026/09/$M.json")
check_eq "$(sort <<<"$notices" | label)" "09-24T14:00 M minutes S-wang,S-liu,S-li,S-chen
09-25T08:30 M.3 action-due S-liu
09-28T09:03 A warn resolution S-wang
09-28T09:03 A warn response S-wang
09-28T09:06 A escalate resolution-breach S-zhao,S-wang
09-28T09:06 A escalate response-breach S-chen,S-wang
09-29T08:30 M.3 action-overdue S-liu
09-29T10:00 B escalate start S-zhao,S-liu
09-29T10:48 B warn response S-liu,S-zhao
09-29T11:01 B warn response breach S-zhao,S-liu
09-30T08:30 M.1 action-due S-wang
09-30T14:36 B warn resolution S-liu,S-zhao
09-30T16:00 C escalate start S-chen,S-wang
09-30T16:48 C warn response S-wang,S-chen
09-30T17:01 C escalate response-breach S-zhao,S-wang
09-30T17:36 C warn resolution S-wang,S-zhao
10-08T08:30 M.2 action-due S-li
10-08T09:01 B warn resolution breach S-zhao,S-liu
10-08T09:01 C warn resolution breach S-zhao,S-wang
10-09T08:30 M.1 action-overdue S-wang
10-09T17:56 D warn response S-chen
10-10T09:00 D escalate response-breach S-chen
10-10T14:36 E warn resolution S-li
10-10T16:07 D warn resolution S-chen
10-11T10:00 D escalate resolution-breach S-zhao,S-chen
10-12T09:01 E escalate resolution-breach S-chen,S-li" "every notice and its recipients"

# --- Each delivered exactly once, to the recipients it names, and each
# delivery recorded once.
count=0
for f in tickets/*/*/*.json meetings/*/*/*.json; do
	for ev in $(jq -r '.events[] | select(.type == "warn" or .type == "escalate" or .type == "notice") | .id' "$f"); do
		count=$((count + 1))
		want=$(jq -r ".events[] | select(.id == \"$ev\") | .recipients | join(\",\")" "$f")
		got=$(jq -r "select(.event == \"$ev\") | [.recipients[].id] | join(\",\")" "$NOTIFY_LOG")
		check_eq "$got" "$want" "$(label <<<"$ev") delivered once, to its recipients"
		check_eq "$(jq "[.events[] | select(.type == \"notified\" and .event == \"$ev\")] | length" "$f")" 1 \
			"$(label <<<"$ev") notified once"
	done
done
check_eq "$count" 26 "26 notices"
check_eq "$(wc -l < "$NOTIFY_LOG" | tr -d ' ')" 26 "26 deliveries"
# The staff objects carry names and addresses; the minutes are in Chinese.
check_eq "$(jq -c 'select(.type == "escalate" and .reason == "start" and .ticket == "'"$B"'") | .recipients[0]' "$NOTIFY_LOG")" \
	'{"id":"S-zhao","name":"赵刚","email":"zhao@example.com","role":"gm"}' "the gm as a staff object"
check_has "$(jq -r 'select(.type == "minutes") | .document' "$NOTIFY_LOG")" "会议纪要：服务周例会" \
	"the minutes, rendered"

# --- What the records say now.
expect 0 ticket-show "$E"
check_has "$OUT" "Resolution:  due 2026-10-12T09:00:00+08:00" "E's deadline from the reopen"
check_has "$OUT" "First due:   due 2026-09-30T09:00:00+08:00, met at 2026-09-29T10:01:00+08:00" \
	"E's first deadline, met"
expect 0 ticket-show "$D"
check_has "$OUT" "Rule:        inquiry@online" "D's rule"
expect 0 mtg-minutes actions --format csv
check_eq "$(tr -d '\r' <<<"$OUT" | cut -d, -f1,4 | tail -n +2 | label | paste -sd' ')" \
	"M.3,done (late) M.1,overdue M.2,done" "actions"
# KPIs count six escalations: the starts are no escalation; the reopened
# ticket's first resolve met the first deadline.
expect 0 kpi-report --from 2026-09-21 --to 2026-10-13 --format json
check_eq "$(jq -c '.service.escalations | [.total, .by_reason["response-breach"], .by_reason["resolution-breach"], .by_level.manager, .by_level.gm]' <<<"$OUT")" \
	"[6,3,3,3,3]" "escalations"
check_eq "$(jq -r '.service.resolution_sla_rate' <<<"$OUT")" "0.2" \
	"first resolves against first deadlines: E in time; A, B, C, D late"
expect 0 plaindesk-check --quiet
clean_status "end of the fortnight"
finish
