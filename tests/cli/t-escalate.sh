# ticket-escalate: warnings at warn_at, breaches one rung at a time, passes
# that are idempotent, manual escalations, extensions by the right and the
# wrong approver, pauses, reopened tickets, and the notifier (success,
# failure and retry, a hanging one stopped by the time limit).
. "$(dirname "$0")/lib.sh"

top=$(cd "$(dirname "$0")/../.." && pwd)

store_ok() {	# the store is clean and, when it is built, plaindesk-check passes
	clean_status "$1"
	if [ -x "$PLAINDESK_BIN/plaindesk-check" ]; then
		run plaindesk-check --quiet
		[ "$RC" = 0 ] && pass || fail "$1: plaindesk-check: $OUT $ERR"
	fi
}
file() { echo "tickets/2026/11/$1.json"; }
state() { jq -r ".state.$2" "$(file "$1")"; }
# The warn and escalate events of a ticket, one compact line each (a
# breach at the top is "warn DEADLINE breach").
policy() {
	jq -r '.events[] | select(.type == "warn" or .type == "escalate") |
		[.type, (.deadline // .reason) + (if .breach then " breach" else "" end),
		 .from // "", .to // "", .target // ""] |
		join(" ") | sub(" +$"; "")' "$(file "$1")"
}
# Who each of them told, one line each.
told() {
	jq -r '.events[] | select(.type == "warn" or .type == "escalate") |
		.recipients | join(",")' "$(file "$1")"
}
now() { export PLAINDESK_NOW=$1; }
# A pass that changes the tickets given: their ids, one commit.
pass_changes() {	# pass_changes SUBJECT ID...
	local subject=$1 head body line n=0
	shift
	head=$(git rev-parse HEAD)
	expect 0 ticket-escalate
	# Tickets come in id order; compare as sets.
	check_eq "$(sort <<<"$OUT")" "$(printf '%s\n' "$@" | sort)" "$subject: ids printed"
	check_eq "$(git rev-list --count "$head"..HEAD)" 1 "$subject: one commit"
	# The commit message read once.
	body=$(git log -1 --format=%B)
	check_eq "${body%%$'\n'*}" "ticket-escalate: $subject" "subject"
	for id in "$@"; do
		check_has "$body" "Plaindesk-Record: $id" "$subject: trailer for $id"
	done
	while IFS= read -r line; do
		[[ $line == Plaindesk-Record:* ]] && n=$((n + 1))
	done <<<"$body"
	check_eq "$n" $# "$subject: one trailer per ticket"
}
# A pass whose decisions and deliveries are two commits: the decisions
# (SUBJECT), then "N notified".
pass_delivers() {	# pass_delivers SUBJECT N ID...
	local subject=$1 n=$2 head
	shift 2
	head=$(git rev-parse HEAD)
	expect 0 ticket-escalate
	check_eq "$(sort <<<"$OUT")" "$(printf '%s\n' "$@" | sort)" "$subject: ids printed"
	check_eq "$(git rev-list --count "$head"..HEAD)" 2 "$subject: two commits"
	check_eq "$(git log -1 --skip=1 --format=%s)" "ticket-escalate: $subject" "decisions"
	check_eq "$(git log -1 --format=%s)" "ticket-escalate: $n notified" "deliveries"
}
# A pass with nothing to do: no output, no commit.
pass_quiet() {
	local head
	head=$(git rev-parse HEAD)
	expect 0 ticket-escalate
	check_eq "$OUT" "" "$1: prints nothing"
	check_eq "$(git rev-parse HEAD)" "$head" "$1: commits nothing"
}
open_ticket() {	# open_ticket KIND [SEVERITY] [options]: the new id
	local kind=$1
	shift
	case $kind in
	complaint) ticket-open --kind complaint --channel phone --customer C-0012 \
		--category equipment --severity "$1" --title "$kind $1" "${@:2}" ;;
	*) ticket-open --kind "$kind" --channel email --customer C-0013 \
		--title "$kind" "$@" ;;
	esac
}

# 1. A general complaint (10m response, 2d resolution, agent first):
# a warning at 80% of each deadline, an escalation once it passed, one
# rung at a time, and nothing past the top.
new_store
now 2026-11-16T10:00
g=$(open_ticket complaint general --assignee S-wang)
now 2026-11-16T10:07:59
pass_quiet "before 80% of the response time"
now 2026-11-16T10:08
pass_changes "1 warning, 0 escalations" "$g"
check_eq "$(policy "$g")" "warn response" "response warning"
check_eq "$(jq -r '.events[-1].by' "$(file "$g")")" "Test Runner" "the actor"
pass_quiet "right after a warning"
now 2026-11-16T10:10
pass_quiet "at the deadline"
now 2026-11-16T10:10:01
pass_changes "0 warnings, 1 escalation" "$g"
check_eq "$(policy "$g" | tail -n 1)" \
	"escalate response-breach agent manager S-chen" "response breach"
check_eq "$(state "$g" level)" 1 "level after one breach"
pass_quiet "right after an escalation"
now 2026-11-16T10:30
expect 0 ticket-update "$g" ack
# 2d from Monday 10:00 is Wednesday 10:00: 18 working hours, 80% on
# Tuesday at 15:24.
now 2026-11-17T15:23
pass_quiet "before 80% of the resolution time"
now 2026-11-17T15:24
pass_changes "1 warning, 0 escalations" "$g"
check_eq "$(policy "$g" | tail -n 1)" "warn resolution" "resolution warning"
now 2026-11-18T10:01
pass_changes "0 warnings, 1 escalation" "$g"
check_eq "$(policy "$g" | tail -n 1)" \
	"escalate resolution-breach manager gm S-zhao" "resolution breach"
check_eq "$(state "$g" level)" 2 "level after two breaches"
now 2026-11-25T10:00
pass_quiet "at the top of the ladder"
check_eq "$(policy "$g" | wc -l | tr -d ' ')" 4 "four policy events in all"
check_eq "$(told "$g" | paste -sd' ')" "S-wang S-chen,S-wang S-wang,S-chen S-zhao,S-wang" \
	"who was told: the assignee; the manager and the assignee; then with the manager; the gm"
store_ok "one complaint through the ladder"

# 2. A major complaint starts at the top: the general manager is told
# when it is opened, warned with the assignee, and told of each breach
# once, even after a warning; never escalated further.
new_store
now 2026-11-16T10:00
m=$(open_ticket complaint major --assignee S-li)
check_eq "$(state "$m" level)" 2 "major starts at gm"
check_eq "$(policy "$m")" "escalate start agent gm S-zhao" "start escalation"
check_eq "$(told "$m")" "S-zhao,S-li" "the gm, then the assignee"
check_eq "$(git log -1 --format=%s)" "ticket-open: $m complaint/major \"complaint major\"" \
	"in the opening commit"
now 2026-11-16T10:48
pass_changes "1 warning, 0 escalations" "$m"
check_eq "$(told "$m" | tail -n 1)" "S-li,S-zhao" "warning: the assignee, then the gm"
now 2026-11-16T11:00
pass_quiet "at the deadline"
now 2026-11-16T11:01
pass_changes "1 warning, 0 escalations" "$m"
check_eq "$(policy "$m" | tail -n 1)" "warn response breach" "the breach at the top"
check_eq "$(told "$m" | tail -n 1)" "S-zhao,S-li" "breach: the gm, then the assignee"
pass_quiet "breach told"
now 2026-11-19T11:01
pass_changes "1 warning, 0 escalations" "$m"
check_eq "$(policy "$m" | paste -sd,)" \
	"escalate start agent gm S-zhao,warn response,warn response breach,warn resolution breach" \
	"start, then only warnings"
pass_quiet "major complaint past both deadlines"
store_ok "major complaint"

# 3. Many tickets, one commit; acknowledged, paused, resolved and closed
# tickets are left alone; a pass that finds both deadlines passed climbs
# two rungs and does not warn about what already passed.
new_store
now 2026-11-23T09:00
r1=$(open_ticket request)
r2=$(open_ticket request)
r3=$(open_ticket request)
r4=$(open_ticket inquiry)
expect 0 ticket-update "$r3" ack
expect 0 ticket-update "$r4" pause --reason "waiting for the customer"
now 2026-11-23T09:48
pass_changes "3 warnings, 0 escalations" "$r1" "$r2" "$r4"
check_eq "$(policy "$r3")" "" "acknowledged: no response warning"
check_eq "$(policy "$r4")" "warn response" "paused: response clock runs"
now 2026-11-23T09:50
expect 0 ticket-update "$r2" ack
expect 0 ticket-update "$r2" resolve --solution other
now 2026-11-23T10:01
pass_changes "0 warnings, 2 escalations" "$r1" "$r4"
check_eq "$(policy "$r2")" "warn response" "resolved: nothing more"
pass_quiet "second pass"
# Nobody looked at r3 for days: past its resolution deadline (2d).
now 2026-11-26T10:00
pass_changes "0 warnings, 2 escalations" "$r1" "$r3"
check_eq "$(policy "$r3")" "escalate resolution-breach agent manager S-chen" \
	"no warning for a deadline already passed"
check_eq "$(policy "$r1" | tail -n 1)" "escalate resolution-breach manager gm S-zhao" \
	"second rung on the second deadline"
check_eq "$(policy "$r4")" $'warn response\nescalate response-breach agent manager S-chen' \
	"paused: no resolution escalation"
pass_quiet "second pass"
store_ok "many tickets"

# 4. Pause and resume: the resolution deadline moves by the working time
# paused, and the escalation follows the moved deadline.
new_store
now 2026-11-23T09:00
p=$(open_ticket inquiry --assignee S-li)
expect 0 ticket-update "$p" ack
now 2026-11-23T09:30
expect 0 ticket-update "$p" pause --reason "customer on leave"
now 2026-11-25T10:00
pass_quiet "paused past its deadline"
expect 0 ticket-update "$p" resume
# Paused 8.5h + 9h + 1h = 18.5h, added to Tuesday 09:00.
check_eq "$(state "$p" resolution_due)" 2026-11-26T09:30:00+08:00 "deadline moved"
pass_quiet "resumed, 0.5h of 9h used"
now 2026-11-26T09:31
pass_changes "0 warnings, 1 escalation" "$p"
check_eq "$(policy "$p")" "escalate resolution-breach agent manager S-chen" \
	"escalated on the moved deadline"
store_ok "pause and resume"

# 5. Resolved in time, closed, reopened after the first deadline: a new
# resolution deadline from the reopen, warned about and escalated on.
new_store
now 2026-11-23T09:00
c=$(open_ticket request --assignee S-wang)
expect 0 ticket-update "$c" ack
now 2026-11-23T09:30
expect 0 ticket-update "$c" resolve --solution redo
now 2026-11-23T10:00
expect 0 ticket-update "$c" close --satisfaction 1 --accepted no
now 2026-11-26T09:00
pass_quiet "closed ticket"
expect 0 ticket-update "$c" reopen --reason "customer still not satisfied"
# 2d from Thursday 09:00 is Saturday: Monday 09:00.
check_eq "$(state "$c" resolution_due)" 2026-11-30T09:00:00+08:00 "new deadline"
pass_quiet "reopened after its first deadline"
run ticket-show "$c"
check_has "$OUT" "Resolution:  due 2026-11-30T09:00:00+08:00" "show: the current deadline"
check_has "$OUT" "First due:   due 2026-11-25T09:00:00+08:00, met at 2026-11-23T09:30:00+08:00" \
	"show: the first deadline, met"
# 18 working hours allowed, 80% on Friday 14:24.
now 2026-11-27T14:23
pass_quiet "before 80% of the new time"
now 2026-11-27T14:24
pass_changes "1 warning, 0 escalations" "$c"
now 2026-11-30T09:01
pass_changes "0 warnings, 1 escalation" "$c"
check_eq "$(policy "$c")" $'warn resolution\nescalate resolution-breach agent manager S-chen' \
	"the reopen's deadline warned and escalated"
check_eq "$(told "$c" | tail -n 1)" "S-chen,S-wang" "the manager, then the assignee"
store_ok "reopened"

# 6. The target: an active holder of the role from the assignee's team,
# else the first active one.
new_store
cat >> registers/staff.csv <<'CSV'
S-vip,Vip Agent,vip@example.com,agent,vip,yes
S-old,Old Manager,old@example.com,manager,vip,no
S-ma,Ma Li,ma@example.com,manager,vip,yes
CSV
git commit -qam "a second team"
now 2026-11-23T09:00
t1=$(open_ticket request --assignee S-vip)
t2=$(open_ticket request)
now 2026-11-23T10:01
pass_changes "0 warnings, 2 escalations" "$t1" "$t2"
check_eq "$(policy "$t1")" "escalate response-breach agent manager S-ma" "same team"
check_eq "$(policy "$t2")" "escalate response-breach agent manager S-chen" "no assignee"
check_eq "$(told "$t1")" "S-ma,S-vip" "the team's manager and the assignee"
check_eq "$(told "$t2")" "S-chen" "unassigned: the manager, once"
# An important complaint starts with the team's manager told.
t3=$(open_ticket complaint important --assignee S-vip)
check_eq "$(policy "$t3")" "escalate start agent manager S-ma" "important starts at the manager"
check_eq "$(told "$t3")" "S-ma,S-vip" "the team's manager hears of it"
store_ok "targets"

# 7. Manual escalation.
new_store
echo 'S-gone,Gone Manager,gone@example.com,manager,desk,no' >> registers/staff.csv
git commit -qam "an inactive manager"
now 2026-11-23T09:00
x=$(open_ticket inquiry --assignee S-wang)
now 2026-11-23T09:20
refused 64 ticket-escalate "$x" --to manager
check_has "$ERR" "--to needs --reason" "manual needs a reason"
refused 64 ticket-escalate "$x" --reason "why"
check_has "$ERR" "give a ticket id either --to or --extend" "neither"
refused 64 ticket-escalate --to manager --reason "why"
check_has "$ERR" "need a ticket id" "no id"
refused 64 ticket-escalate "$x" --to manager --extend 1h --approved-by S-chen --reason r
refused 64 ticket-escalate "$x" --to manager --approved-by S-chen --reason r
check_has "$ERR" "--approved-by goes with --extend only" "approver with --to"
refused 64 ticket-escalate "$x" "$x" --to manager --reason r
refused 65 ticket-escalate "$x" --to agent --reason "why"
check_has "$ERR" "cannot escalate $x to agent: it is at agent already (expected manager, gm)" "not above"
refused 65 ticket-escalate "$x" --to admin --reason "why"
check_has "$ERR" "role 'admin' is not on the ladder (agent, manager, gm)" "role off the ladder"
refused 65 ticket-escalate "$x" --to S-admin --reason "why"
check_has "$ERR" "--to: S-admin (admin) is not on the ladder" "staff off the ladder"
refused 65 ticket-escalate "$x" --to nobody --reason "why"
check_has "$ERR" "--to: 'nobody' is neither a ladder role nor a staff member" "nobody"
refused 65 ticket-escalate "$x" --to S-gone --reason "why"
check_has "$ERR" "--to: staff member 'S-gone' is not active" "inactive"
refused 65 ticket-escalate "$x" --to manager --reason ""
check_has "$ERR" "reason: must not be empty" "empty reason"
refused 66 ticket-escalate T-261123-ZZZZZZ --to manager --reason "why"
expect 0 ticket-escalate "$x" --to manager --reason "VIP customer, second time"
check_eq "$OUT" "$x" "manual prints the id"
check_eq "$(git log -1 --format=%s)" "ticket-escalate: $x escalate to manager \"inquiry\"" "manual subject"
check_eq "$(jq -c '.events[-1] | [.type, .from, .to, .reason, .target, .message]' "$(file "$x")")" \
	'["escalate","agent","manager","manual","S-chen","VIP customer, second time"]' "manual event"
check_eq "$(state "$x" level)" 1 "manual level"
refused 65 ticket-escalate "${x:9}" --to S-wang --reason "why"
check_has "$ERR" "--to: S-wang (agent) is below the ticket's level (manager)" "staff below"
expect 0 ticket-escalate "${x:9:4}" --to "Zhao Gang" --reason "needs the GM"
check_eq "$(jq -c '.events[-1] | [.from, .to, .reason, .target]' "$(file "$x")")" \
	'["manager","gm","manual","S-zhao"]' "manual to a person"
refused 65 ticket-escalate "$x" --to gm --reason "why"
check_has "$ERR" "$x is already at the top of the ladder (gm)" "top"
# A breach at the top is announced by a warning, once; manual escalations
# do not count as breaches.
now 2026-11-23T10:01
pass_changes "1 warning, 0 escalations" "$x"
check_eq "$(policy "$x" | tail -n 1)" "warn response breach" "breach at the top warns"
check_eq "$(told "$x" | tail -n 1)" "S-zhao,S-wang" "the gm and the assignee"
pass_quiet "manual escalation to the top, then a breach"
expect 0 ticket-update "$x" ack
expect 0 ticket-update "$x" resolve --solution other
refused 65 ticket-escalate "$x" --to gm --reason "why"
check_has "$ERR" "cannot escalate a ticket that is resolved (allowed: note, close)" "resolved"
store_ok "manual escalation"

# 8. Extensions: the rule's approver or above, active; re-armed warnings
# and escalations on the new deadline.
new_store
echo 'S-oldgm,Old GM,oldgm@example.com,gm,,no' >> registers/staff.csv
git commit -qam "an inactive gm"
now 2026-11-23T09:00
e1=$(open_ticket request --assignee S-wang)
expect 0 ticket-update "$e1" ack
now 2026-11-25T09:01
pass_changes "0 warnings, 1 escalation" "$e1"
e2=$(open_ticket complaint important --assignee S-li)
expect 0 ticket-update "$e2" ack
check_eq "$(state "$e1" resolution_due)" 2026-11-25T09:00:00+08:00 "request deadline"
refused 77 ticket-escalate "$e1" --extend 1wd --approved-by S-wang --reason "parts"
check_has "$ERR" "S-wang (agent) may not approve this extension: request tickets need manager or above" "agent approver"
refused 65 ticket-escalate "$e1" --extend 1wd --approved-by nobody --reason "parts"
check_has "$ERR" "--approved-by: unknown staff member 'nobody'" "unknown approver"
refused 65 ticket-escalate "$e1" --extend 1week --approved-by S-chen --reason "parts"
check_has "$ERR" "invalid duration '1week'" "bad duration"
refused 64 ticket-escalate "$e1" --extend 1wd --reason "parts"
check_has "$ERR" "--extend needs --approved-by" "no approver"
refused 64 ticket-escalate "$e1" --extend 1wd --approved-by S-chen
check_has "$ERR" "--extend needs --reason" "no reason"
head=$(git rev-parse HEAD)
expect 0 ticket-escalate --dry-run "$e1" --extend 1wd --approved-by S-chen --reason "parts"
check_has "$OUT" "dry run: ticket-escalate would write 1 file" "extension dry run"
check_eq "$(git rev-parse HEAD)" "$head" "dry run commits nothing"
expect 0 ticket-escalate "$e1" --extend 1wd --approved-by "Chen Jie" --reason "parts on order"
check_eq "$OUT" "$e1" "extension prints the id"
check_eq "$(git log -1 --format=%s)" "ticket-escalate: $e1 extend 1wd \"request\"" "extension subject"
check_eq "$(jq -c '.events[-1] | [.type, .deadline, .until, .duration, .approved_by, .reason]' "$(file "$e1")")" \
	'["extend","resolution","2026-11-26T09:00:00+08:00","1wd","S-chen","parts on order"]' "extend event"
check_eq "$(state "$e1" resolution_due)" 2026-11-26T09:00:00+08:00 "extended deadline"
# The new deadline: 27 working hours allowed, 80% on Wednesday 12:36.
now 2026-11-25T12:35
pass_quiet "before 80% of the extended time"
now 2026-11-25T12:36
pass_changes "1 warning, 0 escalations" "$e1"
now 2026-11-26T09:01
pass_changes "0 warnings, 1 escalation" "$e1"
check_eq "$(policy "$e1")" $'escalate resolution-breach agent manager S-chen\nwarn resolution\nescalate resolution-breach manager gm S-zhao' \
	"the extended deadline warned and escalated again"
# An important complaint needs a gm (or an admin) to approve.
refused 77 ticket-escalate "$e2" --extend 2h --approved-by S-chen --reason "r"
check_has "$ERR" "S-chen (manager) may not approve this extension: complaint/important tickets need gm or above" "manager for important"
refused 77 ticket-escalate "$e2" --extend 2h --approved-by S-oldgm --reason "r"
check_has "$ERR" "--approved-by: staff member 'S-oldgm' is not active" "inactive approver"
# 3d from Wednesday 09:01 is Saturday, outside working time: Monday
# 09:00.
check_eq "$(state "$e2" resolution_due)" 2026-11-30T09:00:00+08:00 "important deadline"
# Nobody approves their own request: not even a gm assigned the ticket.
e3=$(open_ticket complaint important --assignee S-zhao)
refused 77 ticket-escalate "$e3" --extend 2h --approved-by S-zhao --reason "mine"
check_has "$ERR" "S-zhao is the assignee of $e3 and may not approve its extension (separation of duties" \
	"the assignee approves no extension"
expect 0 ticket-escalate "$e3" --extend 2h --approved-by S-admin --reason "admin"
expect 0 ticket-escalate "$e2" --extend 2h --approved-by S-zhao --reason "gm says yes"
check_eq "$(state "$e2" resolution_due)" 2026-11-30T11:00:00+08:00 "2h of working time"
expect 0 ticket-escalate "$e2" --extend 1h30m --approved-by S-admin --reason "admin too"
check_eq "$(state "$e2" resolution_due)" 2026-11-30T12:30:00+08:00 "1h30m more"
expect 0 ticket-update "$e2" resolve --solution redo
refused 65 ticket-escalate "$e2" --extend 2h --approved-by S-zhao --reason "r"
check_has "$ERR" "cannot extend a ticket that is resolved" "extend resolved"
store_ok "extensions"

# 9. The notifier: git config or $PLAINDESK_NOTIFY (which wins), one JSON
# object per event, run after the commit of the decisions, the notified
# events in a second commit, its output on our stderr only.
new_store
cat > "$TEST_TMP/notify" <<'SH'
#!/bin/sh
cat >> "$NOTIFY_LOG"
echo "notifier says hi"
SH
cat > "$TEST_TMP/notify-fail" <<'SH'
#!/bin/sh
cat > /dev/null
echo "mail server down" >&2
exit 3
SH
chmod +x "$TEST_TMP/notify" "$TEST_TMP/notify-fail"
export NOTIFY_LOG=$TEST_TMP/notify.log
: > "$NOTIFY_LOG"
git config plaindesk.notify "$TEST_TMP/notify"
now 2026-11-16T10:00
n1=$(open_ticket complaint general --assignee S-wang)
now 2026-11-16T10:08
pass_delivers "1 warning, 0 escalations" 1 "$n1"
check_has "$ERR" "notifier says hi" "notifier output on stderr"
check_eq "$(wc -l < "$NOTIFY_LOG" | tr -d ' ')" 1 "one object, one line"
warn_id=$(jq -r '.events[] | select(.type == "warn") | .id' "$(file "$n1")")
check_eq "$(jq -c '.events[-1] | [.type, .event, .channel]' "$(file "$n1")")" \
	"[\"notified\",\"$warn_id\",\"notify\"]" "notified event"
check_eq "$(jq -c . "$NOTIFY_LOG")" \
	"{\"event\":\"$warn_id\",\"type\":\"warn\",\"ticket\":\"$n1\",\"title\":\"complaint general\",\"customer\":\"C-0012\",\"kind\":\"complaint\",\"severity\":\"general\",\"rule\":\"complaint/general\",\"level\":0,\"role\":\"agent\",\"reason\":null,\"breach\":false,\"deadline\":\"response\",\"due\":\"2026-11-16T10:10:00+08:00\",\"target\":{\"id\":\"S-wang\",\"name\":\"王伟\",\"email\":\"wang@example.com\",\"role\":\"agent\"},\"recipients\":[{\"id\":\"S-wang\",\"name\":\"王伟\",\"email\":\"wang@example.com\",\"role\":\"agent\"}],\"assignee\":\"S-wang\",\"message\":null}" \
	"the warning's JSON"
pass_quiet "notified already"
check_eq "$(wc -l < "$NOTIFY_LOG" | tr -d ' ')" 1 "not notified twice"
# The environment wins over git config; an empty value turns it off.
now 2026-11-16T10:11
PLAINDESK_NOTIFY="" run ticket-escalate
check_eq "$RC|$OUT" "0|$n1" "escalated without a notifier"
check_eq "$(git log -1 --format=%s)" "ticket-escalate: 0 warnings, 1 escalation" "no notified"
esc_id=$(jq -r '.events[-1].id' "$(file "$n1")")
check_eq "$(jq -r '.events[-1].type' "$(file "$n1")")" escalate "escalated"
# A failing notifier: warned on stderr, retried on the next run.
PLAINDESK_NOTIFY=$TEST_TMP/notify-fail run ticket-escalate
check_eq "$RC|$OUT" "0|" "failed delivery: nothing to commit"
check_has "$ERR" "mail server down" "notifier's stderr"
check_has "$ERR" "ticket-escalate: warning: notifier failed for $esc_id of $n1: exited with status 3; it is tried again on the next run" "failure warned"
n2=$(open_ticket request)
now 2026-11-16T11:12
head=$(git rev-parse HEAD)
PLAINDESK_NOTIFY=$TEST_TMP/notify-fail run ticket-escalate
check_eq "$RC|$OUT" "0|$n2" "other changes of the pass are kept"
check_eq "$(git rev-list --count "$head"..HEAD)" 1 "one commit despite the failures"
check_eq "$(git log -1 --format=%s)" "ticket-escalate: 0 warnings, 1 escalation" "escalation kept"
check_eq "$(printf '%s\n' "$ERR" | grep -c 'notifier failed')" 2 "both deliveries failed"
check_eq "$(jq '[.events[] | select(.type == "notified")] | length' "$(file "$n2")")" 0 "no notified"
clean_status "after a failed delivery"
# The git config notifier works again: both events delivered, one commit.
head=$(git rev-parse HEAD)
expect 0 ticket-escalate
check_eq "$(sort <<<"$OUT")" "$(printf '%s\n' "$n1" "$n2" | sort)" "redelivery: ids printed"
check_eq "$(git rev-list --count "$head"..HEAD)" 1 "redelivery: one commit"
check_eq "$(git log -1 --format=%s)" "ticket-escalate: 2 notified" "redelivery subject"
check_eq "$(jq -r '.event' "$NOTIFY_LOG" | tail -n 2 | sort | tr '\n' ' ')" \
	"$(printf '%s\n' "$esc_id" "$(jq -r '.events[] | select(.type == "escalate") | .id' "$(file "$n2")")" | sort | tr '\n' ' ')" \
	"the retried events"
check_eq "$(jq -c 'select(.event == "'"$esc_id"'") | [.type, .level, .role, .reason, .deadline, .due, .target.id, .target.email, [.recipients[].id]]' "$NOTIFY_LOG")" \
	'["escalate",1,"manager","response-breach","response","2026-11-16T10:10:00+08:00","S-chen","chen@example.com",["S-chen","S-wang"]]' \
	"the escalation's JSON"
pass_quiet "all delivered"
check_eq "$(wc -l < "$NOTIFY_LOG" | tr -d ' ')" 3 "three deliveries in all"
# A manual escalation runs the notifier too; a dry run never does.
head=$(git rev-parse HEAD)
expect 0 ticket-escalate "$n2" --to gm --reason "customer phoned the GM"
check_eq "$OUT" "$n2" "manual: the id once"
check_eq "$(git log -1 --format=%s)" "ticket-escalate: 1 notified" "manual: deliveries"
check_eq "$(git log -1 --skip=1 --format=%s)" "ticket-escalate: $n2 escalate to gm \"request\"" \
	"manual: the escalation first"
check_eq "$(git rev-list --count "$head"..HEAD)" 2 "manual: two commits"
check_eq "$(jq -r '.events[-1].type' "$(file "$n2")")" notified "manual notified"
check_eq "$(tail -n 1 "$NOTIFY_LOG" | jq -c '[.reason, .deadline, .due, .role, .target.id]')" \
	'["manual",null,null,"gm","S-zhao"]' "manual escalation JSON"
now 2026-11-18T11:01
expect 0 ticket-escalate --dry-run
check_has "$OUT" "dry run: ticket-escalate would write" "pass dry run"
check_eq "$(wc -l < "$NOTIFY_LOG" | tr -d ' ')" 4 "dry run runs no notifier"
clean_status "dry run"
store_ok "notifier"

# 10. A hanging notifier is stopped at the time limit, with what it started.
new_store
cat > "$TEST_TMP/notify-hang" <<'SH'
#!/bin/sh
sleep 60 &
echo $! > "$HANG_PID"
wait
SH
chmod +x "$TEST_TMP/notify-hang"
export HANG_PID=$TEST_TMP/hang.pid
now 2026-11-16T10:00
h=$(open_ticket complaint general)
now 2026-11-16T10:08
PLAINDESK_NOTIFY=$TEST_TMP/notify-hang PLAINDESK_NOTIFY_TIMEOUT=1 run ticket-escalate
check_eq "$RC|$OUT" "0|$h" "the warning is kept"
check_has "$ERR" "timed out after 1 s; it is tried again on the next run" "timed out"
# Gone, or a zombie nobody reaps (PID 1 of a container may not).
hung=$(cat "$HANG_PID")
if [ -r "/proc/$hung/stat" ] && [ "$(cut -d' ' -f3 "/proc/$hung/stat")" != Z ]; then
	fail "the notifier's child still runs"; kill "$hung"
else pass; fi
check_eq "$(jq '[.events[] | select(.type == "notified")] | length' "$(file "$h")")" 0 "not notified"
refused 64 env PLAINDESK_NOTIFY_TIMEOUT=0 ticket-escalate
check_has "$ERR" "invalid PLAINDESK_NOTIFY_TIMEOUT '0'" "bad time limit"
refused 64 env PLAINDESK_NOTIFY_TIMEOUT=2s ticket-escalate
store_ok "hanging notifier"

# 11. The example mail notifier, with sendmail replaced by a file.
new_store
cat > "$TEST_TMP/sendmail" <<'SH'
#!/bin/sh
echo "args: $*" > "$MAIL_OUT"
cat >> "$MAIL_OUT"
SH
chmod +x "$TEST_TMP/sendmail"
export MAIL_OUT=$TEST_TMP/mail.txt
now 2026-11-16T10:00
ml=$(open_ticket complaint general --assignee S-wang)
now 2026-11-16T10:11
SENDMAIL=$TEST_TMP/sendmail NOTIFY_MAIL_FROM=desk@example.com \
	PLAINDESK_NOTIFY=$top/examples/cron/notify-mail.sh run ticket-escalate
check_eq "$RC|$OUT" "0|$ml" "mail notifier ran"
check_eq "$(jq -r '.events[-1].type' "$(file "$ml")")" notified "mail delivered"
mail=$(cat "$MAIL_OUT")
check_has "$mail" "args: -t -i" "sendmail -t -i"
check_has "$mail" "To: chen@example.com, wang@example.com" "to every recipient"
check_has "$mail" "X-Plaindesk-Event: $(jq -r '.events[] | select(.type == "escalate") | .id' "$(file "$ml")")" "event header"
check_has "$mail" "Subject: =?UTF-8?B?$(printf '[plaindesk] %s escalated to manager (response-breach)' "$ml" | base64 | tr -d '\n')?=" "subject"
check_has "$mail" "Title:     complaint general" "body"
store_ok "mail notifier"

# 12. Records that could not be written back are skipped with a warning;
# the pass goes on with the others.
new_store
now 2026-11-16T10:00
v=$(open_ticket request)
w=$(open_ticket request)
cp "$(file "$w")" "$TEST_TMP/w.json"
jq '.title = "bell\u0007"' "$TEST_TMP/w.json" > "$(file "$w")"
echo '{"id": ' > tickets/2026/11/T-261116-AAAAAA.json
now 2026-11-16T10:48
run ticket-escalate
check_eq "$RC|$OUT" "0|$v" "the valid ticket is warned"
check_has "$ERR" "ticket-escalate: warning: tickets/2026/11/T-261116-AAAAAA.json: line" "bad JSON warned"
check_has "$ERR" "ticket-escalate: warning: $(file "$w"): title: " "bad title warned"
check_eq "$(printf '%s\n' "$ERR" | grep -c 'skipped$')" 2 "both skipped"
check_eq "$(git diff --name-only HEAD~1 HEAD)" "$(file "$v")" "only the valid ticket committed"
rm tickets/2026/11/T-261116-AAAAAA.json
cp "$TEST_TMP/w.json" "$(file "$w")"
store_ok "bad records"
finish
