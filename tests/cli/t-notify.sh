# Who is told, and how (DESIGN §5): the start notice of a major and an
# important complaint delivered when the ticket is opened, recipients by
# the ladder, breaches at the top, the notifier run after the commit with
# the store lock released and its deliveries in a second commit, notices
# recorded without a notifier delivered by a later pass, exactly once;
# rules by channel and tier; plan review; the example mail notifier.
. "$(dirname "$0")/lib.sh"

top=$(cd "$(dirname "$0")/../.." && pwd)
file() { echo "tickets/2026/11/$1.json"; }
now() { export PLAINDESK_NOW=$1; }
# The warn and escalate events of a ticket with whom they told.
told() {
	jq -r '.events[] | select(.type == "warn" or .type == "escalate") |
		"\(.type) \(.deadline // .reason)\(if .breach then " breach" else "" end) \(.recipients | join(","))"' \
		"$(file "$1")"
}
# Deliveries in the log of the notifier, "EVENT RECIPIENT-IDS" a line.
logged() { jq -r '"\(.event) \([.recipients[].id] | join(","))"' "$NOTIFY_LOG"; }
# Every notice of the ticket has exactly one notified event and was
# delivered exactly once, to the recipients the event names.
once_each() {	# once_each ID WHAT
	local ev n rcpt log line got
	log=$(logged)
	# One line per notice: its id, how many notified events name it, and
	# its recipients.
	while read -r ev n rcpt; do
		check_eq "$n" 1 "$2: $ev notified once"
		got=0
		while IFS= read -r line; do
			[ "$line" = "$ev $rcpt" ] && got=$((got + 1))
		done <<<"$log"
		check_eq "$got" 1 "$2: $ev delivered once to its recipients"
	done < <(jq -r '.events as $e | $e[] |
		select(.type == "warn" or .type == "escalate") | .id as $id |
		"\($id) \([$e[] | select(.type == "notified" and .event == $id)] |
		length) \(.recipients | join(","))"' "$(file "$1")")
}

cat > "$TEST_TMP/notify" <<'SH'
#!/bin/sh
cat >> "$NOTIFY_LOG"
SH
chmod +x "$TEST_TMP/notify"
export NOTIFY_LOG=$TEST_TMP/notify.log

# 1. A major complaint: the general manager hears of it when it is
# opened, in a second commit after the ticket's; warnings and the breach
# at the top go to the assignee and the gm.
new_store
cat >> registers/staff.csv <<'CSV'
S-liu,Liu Yang,liu@example.com,agent,vip,yes
S-ma,Ma Li,ma@example.com,manager,vip,yes
CSV
git commit -qam "a second team"
: > "$NOTIFY_LOG"
git config plaindesk.notify "$TEST_TMP/notify"
now 2026-11-16T10:00
head=$(git rev-parse HEAD)
expect 0 ticket-open --kind complaint --severity major --category venue \
	--channel phone --customer C-0012 --title "Stage collapsed" --assignee S-liu
m=$OUT
check_eq "$(git rev-list --count "$head"..HEAD)" 2 "open: two commits"
check_eq "$(git log -1 --skip=1 --format=%s)" "ticket-open: $m complaint/major \"Stage collapsed\"" \
	"the ticket first"
check_eq "$(git log -1 --format=%s)" "ticket-open: 1 notified" "then its delivery"
check_eq "$(git diff --name-only HEAD~1 HEAD)" "$(file "$m")" "the delivery touches the ticket"
clean_status "after open"
check_eq "$(told "$m")" "escalate start S-zhao,S-liu" "start: the gm, then the assignee"
check_eq "$(jq -c . "$NOTIFY_LOG" | jq -c '[.type, .reason, .level, .role, .target.id, .recipients]')" \
	'["escalate","start",2,"gm","S-zhao",[{"id":"S-zhao","name":"Zhao Gang","email":"zhao@example.com","role":"gm"},{"id":"S-liu","name":"Liu Yang","email":"liu@example.com","role":"agent"}]]' \
	"the start notice's JSON"
now 2026-11-16T10:48
expect 0 ticket-escalate
now 2026-11-16T11:01
expect 0 ticket-escalate
now 2026-11-19T11:00
expect 0 ticket-escalate
expect 0 ticket-escalate
check_eq "$(told "$m")" "escalate start S-zhao,S-liu
warn response S-liu,S-zhao
warn response breach S-zhao,S-liu
warn resolution breach S-zhao,S-liu" "who was told"
check_eq "$(jq -r 'select(.breach) | .deadline' "$NOTIFY_LOG" | paste -sd,)" "response,resolution" \
	"breaches flagged in the JSON"
once_each "$m" "major"
check_eq "$(wc -l < "$NOTIFY_LOG" | tr -d ' ')" 4 "four deliveries"
# KPIs leave the start out.
expect 0 kpi-report --week 2026-W47 --format json
check_eq "$(jq .service.escalations.total <<<"$OUT")" 0 "no escalation counted"

# 2. An important complaint: the assignee's team manager is told at
# once; the breach goes to the gm, the next breach at the top to both.
: > "$NOTIFY_LOG"
now 2026-11-17T09:00
i=$(ticket-open --kind complaint --severity important --category catering \
	--channel onsite --customer C-0013 --title "Cold tea" --assignee S-liu)
now 2026-11-17T09:48
expect 0 ticket-escalate
now 2026-11-17T10:01
expect 0 ticket-escalate
# 3d from Tuesday 09:00 is Friday 09:00: 36 working hours, 80% on
# Thursday at 13:48 (with one of them gone, the response's).
now 2026-11-20T09:01
expect 0 ticket-escalate
check_eq "$(told "$i")" "escalate start S-ma,S-liu
warn response S-liu,S-ma
escalate response-breach S-zhao,S-liu
warn resolution breach S-zhao,S-liu" "important: manager, then gm"
once_each "$i" "important"
# Two escalations of one ticket in one pass: both deliveries recorded.
r=$(ticket-open --kind request --channel email --customer C-0013 --title "Chairs" \
	--assignee S-wang)
now 2026-11-24T09:00
expect 0 ticket-escalate
check_eq "$(told "$r")" "escalate response-breach S-chen,S-wang
escalate resolution-breach S-zhao,S-wang" "two rungs at once"
once_each "$r" "two at once"
expect 0 plaindesk-check --quiet

# 3. The notifier runs with the store lock released: a notifier that
# changes the store itself succeeds, and the deliveries are recorded on
# top of its change.
new_store
cat > "$TEST_TMP/notify-note" <<'SH'
#!/bin/sh
t=$(jq -r .ticket)
ticket-update --by S-chen "$t" note --message "seen by the desk" >/dev/null
echo "note: $?" >> "$NOTIFY_LOG"
SH
chmod +x "$TEST_TMP/notify-note"
: > "$NOTIFY_LOG"
now 2026-11-16T10:00
PLAINDESK_LOCK_TIMEOUT=2 PLAINDESK_NOTIFY=$TEST_TMP/notify-note \
	run ticket-open --kind complaint --severity major --category venue \
	--channel phone --customer C-0012 --title "Lock" --assignee S-wang
check_eq "$RC" 0 "opened"
l=$OUT
check_eq "$(cat "$NOTIFY_LOG")" "note: 0" "the notifier could change the store"
check_eq "$(jq -r '[.events[].type] | join(",")' "$(file "$l")")" \
	"open,assign,escalate,note,notified" "its note, then the delivery"
check_eq "$(git log --format=%s -3 | paste -sd'|')" \
	"ticket-open: 1 notified|ticket-update: $l note \"Lock\"|ticket-open: $l complaint/major \"Lock\"" \
	"three commits"
clean_status "lock released and taken again"

# 4. No notifier when it is opened: the start notice waits; the first
# pass with a notifier delivers it, once; a failing notifier leaves it
# for the next run and the ticket is opened all the same.
new_store
: > "$NOTIFY_LOG"
now 2026-11-16T10:00
q=$(ticket-open --kind complaint --severity major --category venue \
	--channel phone --customer C-0012 --title "Quiet" --assignee S-wang)
check_eq "$(git log -1 --format=%s)" "ticket-open: $q complaint/major \"Quiet\"" "no delivery"
check_eq "$(jq '[.events[] | select(.type == "notified")] | length' "$(file "$q")")" 0 "undelivered"
cat > "$TEST_TMP/notify-fail" <<'SH'
#!/bin/sh
cat > /dev/null
exit 2
SH
chmod +x "$TEST_TMP/notify-fail"
now 2026-11-16T10:05
PLAINDESK_NOTIFY=$TEST_TMP/notify-fail run ticket-open --kind complaint \
	--severity important --category venue --channel phone --customer C-0012 \
	--title "Loud" --assignee S-li
check_eq "$RC" 0 "opened despite the notifier"
f2=$OUT
check_has "$ERR" "ticket-open: warning: notifier failed for" "warned"
check_eq "$(git log -1 --format=%s)" "ticket-open: $f2 complaint/important \"Loud\"" "nothing recorded"
clean_status "after a failed delivery"
PLAINDESK_NOTIFY=$TEST_TMP/notify run ticket-escalate
check_eq "$RC|$(sort <<<"$OUT" | paste -sd,)" "0|$(printf '%s\n' "$q" "$f2" | sort | paste -sd,)" \
	"the pass delivers both"
check_eq "$(git log -1 --format=%s)" "ticket-escalate: 2 notified" "one commit for both"
once_each "$q" "late delivery"
once_each "$f2" "retried delivery"
PLAINDESK_NOTIFY=$TEST_TMP/notify run ticket-escalate
check_eq "$RC|$OUT" "0|" "nothing twice"
check_eq "$(wc -l < "$NOTIFY_LOG" | tr -d ' ')" 2 "two deliveries"
# A dry run neither records nor runs anything.
now 2026-11-16T10:10
PLAINDESK_NOTIFY=$TEST_TMP/notify run ticket-open --dry-run --kind complaint \
	--severity major --category venue --channel phone --customer C-0012 --title "Dry"
check_has "$OUT" "\"reason\": \"start\"" "dry run shows the start escalation"
check_eq "$(wc -l < "$NOTIFY_LOG" | tr -d ' ')" 2 "no delivery in a dry run"
clean_status "dry run"

# 5. Rules by channel and customer tier: the lookup order of DESIGN §5,
# fields inherited, the rule named by ticket-show; online inquiries are
# answered within a minute by default.
new_store
jq '.sla["complaint/general@vip"] = {"response": "5m", "start_level": 1}
  | .sla["complaint@phone"] = {"resolution": "1d"}' plaindesk.json > cfg.tmp &&
	mv cfg.tmp plaindesk.json
git commit -qam "rules by tier and channel"
now 2026-11-16T10:00
v=$(ticket-open --kind complaint --severity general --category venue \
	--channel phone --customer C-0012 --title "VIP" --assignee S-wang)
check_eq "$(jq -r '[.tier, .rule, .state.response_due, .state.resolution_due, .state.level] | join(" ")' "$(file "$v")")" \
	"vip complaint/general@vip 2026-11-16T10:05:00+08:00 2026-11-18T10:00:00+08:00 1" \
	"the tier's rule; resolution from complaint/general"
k=$(ticket-open --kind complaint --severity general --category venue \
	--channel phone --customer C-0013 --title "Key")
check_eq "$(jq -r .rule "$(file "$k")")" complaint/general "a key customer: the plain rule"
o=$(ticket-open --kind inquiry --channel online --customer C-0013 --title "Online")
check_eq "$(jq -r '[.rule, .state.response_due] | join(" ")' "$(file "$o")")" \
	"inquiry@online 2026-11-16T10:01:00+08:00" "online inquiry: 1 minute"
expect 0 ticket-show "$o"
check_has "$OUT" "Rule:        inquiry@online" "ticket-show names the rule"
expect 0 ticket-show "$v" --format json
check_eq "$(jq -r .rule <<<"$OUT")" complaint/general@vip "the JSON names it"
# An unknown channel or tier is a configuration error.
cp plaindesk.json "$TEST_TMP/good.json"
jq '.sla["inquiry@fax"] = {"response": "1m"}' plaindesk.json > cfg.tmp && mv cfg.tmp plaindesk.json
git commit -qam "a bad rule"
refused 78 plaindesk-check
check_has "$ERR" "plaindesk.json: sla.inquiry@fax: unknown channel or tier 'fax'" "bad qualifier"
refused 78 ticket-open --kind inquiry --channel phone --customer C-0013 --title "x"
cp "$TEST_TMP/good.json" plaindesk.json
git commit -qam "the rule taken out"
# A store written before these rules and plan review keeps working.
jq 'del(.sla["inquiry@online"], .sla["complaint/general@vip"], .sla["complaint@phone"])
  | del(.sla["complaint/major"].plan_approver)' plaindesk.json > cfg.tmp && mv cfg.tmp plaindesk.json
git commit -qam "the old defaults"
o2=$(ticket-open --kind inquiry --channel online --customer C-0013 --title "Online, old")
check_eq "$(jq -r '[.rule, .state.response_due] | join(" ")' "$(file "$o2")")" \
	"inquiry 2026-11-16T11:00:00+08:00" "old store: the plain inquiry rule"
old=$(ticket-open --kind complaint --severity major --category venue --channel phone \
	--customer C-0012 --title "Old major")
expect 0 ticket-update "$old" ack
expect 0 ticket-update "$old" resolve --solution redo
# The tickets opened under the rules taken out have stale deadlines now,
# which --fix rewrites as for any change of policy.
expect 65 plaindesk-check
check_has "$OUT" "$(file "$v"): state does not agree with the events" "stale after a policy change"
expect 0 plaindesk-check --fix
expect 0 plaindesk-check --quiet

# 6. Plan review: a major complaint's plan is approved by a manager
# before it is resolved; a new plan needs a new approval.
new_store
now 2026-11-16T10:00
p=$(ticket-open --kind complaint --severity major --category venue --channel phone \
	--customer C-0012 --title "Plan" --assignee S-wang)
expect 0 ticket-update "$p" ack --by S-wang
refused 65 ticket-update "$p" resolve --solution redo --by S-wang
check_has "$ERR" "cannot resolve a ticket without a plan (rule complaint/major: a plan approved first)" \
	"no plan"
refused 65 ticket-update "$p" approve-plan --by S-chen
check_has "$ERR" "cannot approve-plan a ticket without a plan" "nothing to approve"
expect 0 ticket-update "$p" plan --solution redo --owner S-wang --due 2026-11-17 --by S-wang
refused 65 ticket-update "$p" resolve --solution redo --by S-wang
check_has "$ERR" "whose plan is not approved (rule complaint/major: approve-plan first)" "not approved"
refused 77 ticket-update "$p" approve-plan --by S-wang
check_has "$ERR" "S-wang is agent; approving the plan of a complaint/major ticket needs the role manager or higher" \
	"an agent may not"
refused 77 ticket-update "$p" approve-plan --by "Someone Else <x@example.com>"
check_has "$ERR" "is not a staff member" "an outsider may not"
refused 64 ticket-update "$p" approve-plan --solution redo --by S-chen
expect 0 ticket-update "$p" approve-plan --by "Chen Jie" --message "Go ahead"
check_eq "$(git log -1 --format=%s)" "ticket-update: $p approve-plan \"Plan\"" "subject"
plan_id=$(jq -r '[.events[] | select(.type == "plan")][-1].id' "$(file "$p")")
check_eq "$(jq -c '.events[-1] | [.type, .by, .plan, .message]' "$(file "$p")")" \
	"[\"plan-approved\",\"S-chen\",\"$plan_id\",\"Go ahead\"]" "the approval names the plan"
expect 0 ticket-show "$p"
check_has "$OUT" "Plan:        approved by S-chen" "show: approved"
refused 65 ticket-update "$p" approve-plan --by S-chen
check_has "$ERR" "whose plan is approved already" "approved twice"
expect 0 ticket-update "$p" plan --solution compensation --owner S-wang --due 2026-11-18 --by S-wang
refused 65 ticket-update "$p" resolve --solution compensation --by S-wang
expect 0 ticket-update "$p" approve-plan --by S-zhao
expect 0 ticket-update "$p" resolve --solution compensation --by S-wang
g=$(ticket-open --kind complaint --severity general --category venue --channel phone \
	--customer C-0012 --title "No review")
expect 0 ticket-update "$g" ack
expect 0 ticket-update "$g" plan --solution redo --owner S-wang --due 2026-11-17
refused 65 ticket-update "$g" approve-plan --by S-chen
check_has "$ERR" "whose rule (complaint/general) names no plan_approver" "no review needed"
expect 0 ticket-update "$g" resolve --solution redo
expect 0 plaindesk-check --quiet

# 7. The example mail notifier mails every recipient, tickets and
# meetings alike.
new_store
cat > "$TEST_TMP/sendmail" <<'SH'
#!/bin/sh
{ echo "args: $*"; cat; echo "--"; } >> "$MAIL_OUT"
SH
chmod +x "$TEST_TMP/sendmail"
export MAIL_OUT=$TEST_TMP/mail.txt SENDMAIL=$TEST_TMP/sendmail NOTIFY_MAIL_FROM=desk@example.com
: > "$MAIL_OUT"
git config plaindesk.notify "$top/examples/cron/notify-mail.sh"
now 2026-11-16T10:00
mm=$(ticket-open --kind complaint --severity major --category venue --channel phone \
	--customer C-0012 --title "大会议室灯光故障" --assignee S-li)
mail=$(cat "$MAIL_OUT")
check_has "$mail" "To: zhao@example.com, li@example.com" "the gm and the assignee"
check_has "$mail" "Subject: =?UTF-8?B?$(printf '[plaindesk] %s escalated to gm (start)' "$mm" | base64 | tr -d '\n')?=" \
	"start subject"
now 2026-11-16T11:01
: > "$MAIL_OUT"
expect 0 ticket-escalate
mail=$(cat "$MAIL_OUT")
check_has "$mail" "Subject: =?UTF-8?B?$(printf '[plaindesk] %s: response deadline 2026-11-16T11:00:00+08:00 missed' "$mm" | base64 | tr -d '\n')?=" \
	"breach subject"
now 2026-11-23T09:00
mt=$(mtg-plan new --type routine --title "灯光复盘" --start "2026-11-23 10:00" --duration 30m \
	--room R-2 --organizer S-chen --attendee S-wang --optional S-li \
	--agenda "原因|30|S-chen|inform" --by S-chen)
now 2026-11-23T11:00
expect 0 mtg-minutes record "$mt" --started "2026-11-23 10:00" --ended "2026-11-23 10:30" \
	--present S-chen --present S-wang --present S-li --outcome "1|achieved|调光器过热" \
	--action "更换调光器|S-wang|2026-11-25|已更换" --by S-chen
: > "$MAIL_OUT"
expect 0 mtg-minutes publish "$mt" --by S-chen
mail=$(cat "$MAIL_OUT")
check_has "$mail" "To: wang@example.com, li@example.com, chen@example.com" "minutes to everyone"
check_has "$mail" "调光器过热" "the minutes in the mail"
check_eq "$(git log -1 --format=%s)" "mtg-minutes: 1 notified" "minutes delivered"
refused 64 env PLAINDESK_NOTIFY_TIMEOUT=0 mtg-minutes remind
check_has "$ERR" "invalid PLAINDESK_NOTIFY_TIMEOUT '0'" "a bad time limit is refused first"
: > "$MAIL_OUT"
now 2026-11-24T08:30
expect 0 mtg-minutes remind
mail=$(cat "$MAIL_OUT")
check_has "$mail" "To: wang@example.com
" "the reminder to the owner"
check_has "$mail" "Action:    $mt.1" "the action"
expect 0 plaindesk-check --quiet
finish
