# Follow-up calls after close (回访): which closes need one and when it is
# due on the working-day clock (across a holiday and a make-up day),
# retries of an unreachable customer until given up, an unsatisfied
# customer called again, a reopen cancelling the call; telling the
# customer through the notifier.
. "$(dirname "$0")/../cli/lib.sh"

store_ok() {
	clean_status "$1"
	run plaindesk-check --quiet
	[ "$RC" = 0 ] && pass || fail "$1: plaindesk-check: $OUT $ERR"
}
tfile() { echo "tickets/20${1:2:2}/${1:4:2}/$1.json"; }
fdue() {
	jq -r 'if .state | has("followup_due") then .state.followup_due else "none" end' \
		"$(tfile "$1")"
}
last() { jq -r ".events[-1].$2" "$(tfile "$1")"; }

new_store
cat >> registers/customers.csv <<'CSV'
C-0015,平常公司,,general,a@ping.example;b@ping.example,,2025-01-01,,
C-0016,No Mail Co,,general,,,2025-01-01,,
CSV
cat > registers/holidays.csv <<'CSV'
date,kind,name
2026-09-20,workday,国庆节、中秋节调休
2026-09-25,holiday,中秋节
2026-10-01,holiday,国庆节
2026-10-02,holiday,国庆节
2026-10-05,holiday,国庆节
2026-10-06,holiday,国庆节
2026-10-07,holiday,国庆节
2026-10-10,workday,国庆节、中秋节调休
CSV
git commit -qam "customers and holidays"

# open KIND CUSTOMER: a ticket taken to resolved.
open_resolved() {
	local kind=$1 cust=$2 extra=() id
	[ "$kind" = complaint ] && extra=(--severity general --category venue)
	id=$(ticket-open --kind "$kind" --channel phone --customer "$cust" \
		--title "$kind for $cust" "${extra[@]}") || return 1
	ticket-update "$id" ack >/dev/null &&
		ticket-update "$id" resolve --solution other >/dev/null &&
		echo "$id"
}

export PLAINDESK_NOW=2026-09-29T10:00
# Which closes need a call, and when: 3wd from Tuesday 09-29 jumps the
# National Day holidays to Friday 10-09; 1wd after an unhappy close.
t1=$(open_resolved inquiry C-0015)
expect 0 ticket-update "$t1" close --satisfaction 5 --accepted yes
check_eq "$(fdue "$t1")" none "general inquiry, happy: no call"
check_eq "$(jq -r '.state | has("followup_due")' "$(tfile "$t1")")" false "no followup_due key"
t2=$(open_resolved complaint C-0015)
expect 0 ticket-update "$t2" close --satisfaction 5 --accepted yes
check_eq "$(fdue "$t2")" 2026-10-09T10:00:00+08:00 "complaint: 3wd across the holidays"
check_eq "$(last "$t2" followup_due)" 2026-10-09T10:00:00+08:00 "close event records it"
t3=$(open_resolved inquiry C-0012)
expect 0 ticket-update "$t3" close --satisfaction 5 --accepted yes
check_eq "$(fdue "$t3")" 2026-10-09T10:00:00+08:00 "vip customer"
t4=$(open_resolved request C-0013)
expect 0 ticket-update "$t4" close --satisfaction 4 --accepted yes
check_eq "$(fdue "$t4")" 2026-10-09T10:00:00+08:00 "key customer"
t5=$(open_resolved inquiry C-0015)
expect 0 ticket-update "$t5" close --satisfaction 2 --accepted yes
check_eq "$(fdue "$t5")" 2026-09-30T10:00:00+08:00 "scored 2: 1wd"
t6=$(open_resolved suggestion C-0015)
expect 0 ticket-update "$t6" close --satisfaction 4 --accepted no
check_eq "$(fdue "$t6")" 2026-09-30T10:00:00+08:00 "not accepted: 1wd"
store_ok "closes"

# A make-up Saturday counts: 3wd from Thursday 10-08 is Monday 10-12.
export PLAINDESK_NOW=2026-10-08T10:00
t7=$(open_resolved complaint C-0015)
expect 0 ticket-update "$t7" close --satisfaction 4 --accepted yes
check_eq "$(fdue "$t7")" 2026-10-12T10:00:00+08:00 "3wd counting the make-up Saturday"

# care.followup.kinds names more kinds.
jq '.care.followup.kinds = ["complaint", "request"]' plaindesk.json > x && mv x plaindesk.json
git commit -qam "requests are called back too"
t8=$(open_resolved request C-0015)
expect 0 ticket-update "$t8" close --satisfaction 4 --accepted yes
check_eq "$(fdue "$t8")" 2026-10-12T10:00:00+08:00 "a kind in care.followup.kinds"

# Refusals change nothing.
refused 65 ticket-update "$t1" followup --channel phone --outcome satisfied
check_has "$ERR" "cannot followup a ticket with no follow-up call pending (allowed: note, reopen)" "no call pending"
t9=$(ticket-open --kind inquiry --channel phone --customer C-0015 --title open)
refused 65 ticket-update "$t9" followup --channel phone --outcome satisfied
refused 64 ticket-update "$t2" followup --channel phone
check_has "$ERR" "followup needs --channel and --outcome" "needs both"
refused 65 ticket-update "$t2" followup --channel pigeon --outcome satisfied
refused 65 ticket-update "$t2" followup --channel phone --outcome happy
check_has "$ERR" "unknown outcome 'happy' (expected satisfied, unsatisfied, unreachable)" "bad outcome"
refused 64 ticket-update "$t2" followup --channel phone --outcome satisfied --accepted yes

# Unreachable: tried again 1wd after each call, given up after three.
export PLAINDESK_NOW=2026-10-09T11:00
expect 0 ticket-update "$t2" followup --channel phone --outcome unreachable
check_eq "$(fdue "$t2")" 2026-10-10T11:00:00+08:00 "retry 1wd later (make-up Saturday)"
check_eq "$(last "$t2" type)|$(last "$t2" outcome)|$(last "$t2" satisfaction)|$(last "$t2" next_due)" \
	"followup|unreachable|null|2026-10-10T11:00:00+08:00" "followup event"
check_eq "$(git log -1 --format=%s)" "ticket-update: $t2 followup unreachable \"complaint for C-0015\"" "subject"
export PLAINDESK_NOW=2026-10-10T11:30
expect 0 ticket-update "$t2" followup --channel phone --outcome unreachable
check_eq "$(fdue "$t2")" 2026-10-12T11:30:00+08:00 "second retry"
check_eq "$ERR" "" "no warning yet"
export PLAINDESK_NOW=2026-10-12T12:00
expect 0 ticket-update "$t2" followup --channel email --outcome unreachable
check_eq "$(fdue "$t2")" null "given up after three calls"
check_has "$ERR" "warning: no answer after 3 calls: the follow-up is given up" "given-up warning"
refused 65 ticket-update "$t2" followup --channel phone --outcome satisfied
store_ok "unreachable"

# Unsatisfied: called again until satisfied, with a hint to reopen.
expect 0 ticket-update "$t3" followup --channel phone --outcome unsatisfied --satisfaction 2 --message "还是不满意"
check_eq "$(fdue "$t3")" 2026-10-13T12:00:00+08:00 "unsatisfied: again 1wd later"
check_has "$ERR" "ticket-update $t3 reopen --reason TEXT" "hint at reopen"
check_eq "$(last "$t3" satisfaction)|$(last "$t3" message)" "2|还是不满意" "satisfaction and message"
expect 0 ticket-update "$t3" followup --channel onsite --outcome satisfied --satisfaction 5
check_eq "$(fdue "$t3")" null "satisfied ends it"

# A reopen cancels the pending call; the next close schedules another.
expect 0 ticket-update "$t4" reopen --reason "Still broken"
check_eq "$(fdue "$t4")" null "reopen cancels"
refused 65 ticket-update "$t4" followup --channel phone --outcome satisfied
ticket-update "$t4" resolve --solution redo >/dev/null
expect 0 ticket-update "$t4" close --satisfaction 5 --accepted yes
check_eq "$(fdue "$t4")" 2026-10-15T12:00:00+08:00 "closed again: a new call"
store_ok "reopen"

# ticket-list --followup-due: the calls pending, the earliest (overdue)
# first, ties by id; --within keeps the overdue and those due soon.
ids() { printf '%s\n' "$@" | sort | paste -sd' '; }
export PLAINDESK_NOW=2026-10-12T12:00
expect 0 ticket-list --followup-due --format csv
check_eq "$(head -n 1 <<<"$OUT" | tr -d '\r')" "id,followup_due,kind,customer,customer_name,assignee,title" "default columns"
check_eq "$(sed 1d <<<"$OUT" | cut -d, -f1 | paste -sd' ')" \
	"$(ids "$t5" "$t6") $(ids "$t7" "$t8") $t4" "every pending call, overdue first"
check_has "$OUT" "$t5,2026-09-30T10:00:00+08:00,inquiry,C-0015,平常公司,," "a row"
expect 0 ticket-list --followup-due --within 2wd --fields followup_due --format json
check_eq "$(jq -r 'map(.id) | join(" ")' <<<"$OUT")" \
	"$(ids "$t5" "$t6") $(ids "$t7" "$t8")" "--within 2wd: not the one due in 3wd"
expect 0 ticket-list --followup-due --within 3wd --fields followup_due --format json
check_eq "$(jq -r '.[-1] | "\(.id) \(.followup_due)"' <<<"$OUT")" \
	"$t4 2026-10-15T12:00:00+08:00" "--within 3wd: due exactly then"
expect 0 ticket-list --followup-due --sort -followup_due --kind complaint --format csv
check_eq "$(sed 1d <<<"$OUT" | cut -d, -f1 | paste -sd' ')" "$t7" "filters and --sort still apply"
expect 0 ticket-list --fields followup_due --status closed --format json
check_eq "$(jq -r --arg a "$t1" --arg b "$t2" --arg c "$t4" \
	'[.[] | select(.id == $a or .id == $b or .id == $c) | .followup_due] | map(tostring) | join(" ")' <<<"$OUT" |
	tr ' ' '\n' | sort | paste -sd' ')" "2026-10-15T12:00:00+08:00 null null" "the field: null when none pending"
refused 64 ticket-list --within 3d
check_has "$ERR" "--within needs --followup-due" "--within alone"
refused 64 ticket-list --followup-due --within soon
check_has "$ERR" "invalid --within 'soon'" "bad duration"

# Telling the customer: a customer notice with the expected time, handed
# to the notifier once, to every address of the customer.
export PLAINDESK_NOW=2026-10-13T09:30
cat > "$TEST_TMP/notify" <<'SH'
#!/bin/sh
cat >> "$NOTIFY_LOG"
SH
chmod +x "$TEST_TMP/notify"
export NOTIFY_LOG=$TEST_TMP/notify.log PLAINDESK_NOTIFY=$TEST_TMP/notify
t10=$(ticket-open --kind inquiry --channel email --customer C-0015 --title "Parking for 30 cars?")
expect 0 ticket-update "$t10" ack --tell-customer --message "我们会在今天下班前答复您"
check_eq "$(jq -r '[.events[] | .type] | join(",")' "$(tfile "$t10")")" \
	"open,ack,notice,notified" "ack, notice, delivery"
n=$(jq -c '.events[2]' "$(tfile "$t10")")
check_eq "$(jq -r '[.kind, .message, .due] | join("|")' <<<"$n")" \
	"customer|我们会在今天下班前答复您|2026-10-14T09:30:00+08:00" "notice: the resolution deadline"
check_eq "$(wc -l < "$NOTIFY_LOG")" 1 "one delivery"
check_eq "$(jq -r '[.type, .ticket, .title, .due, .message, ([.recipients[].email] | join(";"))] | join("|")' "$NOTIFY_LOG")" \
	"customer|$t10|Parking for 30 cars?|2026-10-14T09:30:00+08:00|我们会在今天下班前答复您|a@ping.example;b@ping.example" "notifier JSON"
expect 0 ticket-update "$t10" note --message later
check_eq "$(wc -l < "$NOTIFY_LOG")" 1 "delivered once"
expect 0 ticket-update "$t10" plan --solution other --owner S-wang --due 2026-10-15T12:00 --tell-customer
check_eq "$(jq -r '.events[-2] | [.type, .due, .message] | join("|")' "$(tfile "$t10")")" \
	"notice|2026-10-15T12:00:00+08:00|" "plan: the plan's due"
expect 0 ticket-update "$t10" resolve --solution other --tell-customer --message "已安排30个车位"
check_eq "$(jq -r '.events[-2] | [.type, .due, .message] | join("|")' "$(tfile "$t10")")" \
	"notice||已安排30个车位" "resolve: no expected time"
check_eq "$(wc -l < "$NOTIFY_LOG")" 3 "three deliveries"
refused 64 ticket-update "$t10" note --message x --tell-customer
t11=$(ticket-open --kind inquiry --channel phone --customer C-0016 --title "No mail")
refused 65 ticket-update "$t11" ack --tell-customer
check_has "$ERR" "customer C-0016 has no e-mail address; --tell-customer needs one" "no address"
store_ok "tell"

# Without a notifier the notice waits for the escalation pass.
unset PLAINDESK_NOTIFY
expect 0 ticket-update "$t11" note --message x
t12=$(ticket-open --kind inquiry --channel phone --customer C-0012 --title "Later")
expect 0 ticket-update "$t12" ack --tell-customer
check_eq "$(jq -r '.events[-1].type' "$(tfile "$t12")")" notice "queued"
export PLAINDESK_NOTIFY=$TEST_TMP/notify
expect 0 ticket-escalate
check_eq "$(jq -r '.events[-1].type' "$(tfile "$t12")")" notified "delivered by the pass"
check_eq "$(tail -n 1 "$NOTIFY_LOG" | jq -r '.recipients[0].email')" ops@acme.example "to the customer"
store_ok "end"
finish
