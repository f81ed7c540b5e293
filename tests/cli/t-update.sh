# ticket-update: every action, the events and state it records, one commit
# each, and every refusal changing nothing.
. "$(dirname "$0")/lib.sh"

# The store is clean and, when plaindesk-check is built, consistent.
store_ok() {
	clean_status "$1"
	if [ -x "$PLAINDESK_BIN/plaindesk-check" ]; then
		run plaindesk-check --quiet
		[ "$RC" = 0 ] && pass || fail "$1: plaindesk-check: $OUT $ERR"
	fi
}
file() { echo "tickets/2026/11/$1.json"; }
state() { jq -r ".state.$2" "$(file "$1")"; }
last() { jq -r ".events[-1].$2" "$(file "$1")"; }
nevents() { jq '.events | length' "$(file "$1")"; }
subject() { git log -1 --format=%s; }

new_store
echo 'S-gone,Gone Away,gone@example.com,agent,desk,no' >> registers/staff.csv
git commit -qam "an inactive agent"

export PLAINDESK_NOW=2026-11-16T09:14
id=$(ticket-open --kind complaint --channel phone --customer C-0012 \
	--title 'Projector "3" failed' --severity important --category equipment)
short=${id:9:4}

# ack: by a staff member's name, recorded by id; one file, one commit.
export PLAINDESK_NOW=2026-11-16T09:40
head=$(git rev-parse HEAD)
expect 0 ticket-update --by 王伟 "$id" ack --message "Technician on the way"
check_eq "$OUT" "$id" "ack prints the id"
check_eq "$(git rev-list --count "$head"..HEAD)" 1 "one commit"
check_eq "$(subject)" "ticket-update: $id ack \"Projector \"3\" failed\"" "ack subject"
check_eq "$(git log -1 --format=%an)" "王伟" "the actor is the author"
check_has "$(git log -1 --format=%B)" "Plaindesk-Command: ticket-update" "command trailer"
check_has "$(git log -1 --format=%B)" "Plaindesk-Record: $id" "record trailer"
check_eq "$(git diff --name-only "$head" HEAD)" "$(file "$id")" "only the ticket's file"
check_eq "$(state "$id" status)" acknowledged "ack status"
check_eq "$(state "$id" responded_at)" 2026-11-16T09:40:00+08:00 "responded_at"
check_eq "$(last "$id" type)|$(last "$id" by)|$(last "$id" at)|$(last "$id" message)" \
	"ack|S-wang|2026-11-16T09:40:00+08:00|Technician on the way" "ack event"
store_ok "ack"

# assign: a short id in lower case, the assignee by name.
expect 0 ticket-update "${short,,}" assign --to "Li Na"
check_eq "$OUT" "$id" "assign by short id"
check_eq "$(state "$id" assignee)" S-li "assignee"
check_eq "$(last "$id" to)" S-li "assign event records the id"
check_eq "$(subject)" "ticket-update: $id assign \"Projector \"3\" failed\"" "assign subject"
refused 65 ticket-update "$id" assign --to S-li
check_has "$ERR" "ticket-update: error: $id is already assigned to S-li" "assign twice"
refused 65 ticket-update "$id" assign --to nobody
check_has "$ERR" "--to: unknown staff member 'nobody'" "assign unknown"
refused 65 ticket-update "$id" assign --to S-gone
check_has "$ERR" "--to: staff member 'S-gone' is not active" "assign inactive"
store_ok "assign"

# note: text from standard input, a final newline dropped; status kept.
printf 'Parts ordered\nfrom the supplier\n' |
	ticket-update "$id" note --message - >"$TEST_TMP/o" 2>"$TEST_TMP/e"
check_eq "$?" 0 "note from stdin"
check_eq "$(cat "$TEST_TMP/o")" "$id" "note prints the id"
check_eq "$(last "$id" message)" $'Parts ordered\nfrom the supplier' "note text"
check_eq "$(state "$id" status)" acknowledged "note keeps the status"
refused 64 ticket-update "$id" note
check_has "$ERR" "note needs --message" "note without text"
refused 65 ticket-update "$id" note --message $'bell\a'
check_has "$ERR" "message: " "control character"
refused 65 ticket-update "$id" note --message ""
check_has "$ERR" "message: must not be empty" "empty note"

# cause and plan move it to investigating.
refused 65 ticket-update "$id" cause --cause gremlins
check_has "$ERR" "unknown cause 'gremlins' (expected operator-error, equipment, process-gap, training-gap, other)" "bad cause"
expect 0 ticket-update "$id" cause --cause equipment --message "Lamp burnt out"
check_eq "$(state "$id" status)" investigating "cause status"
check_eq "$(last "$id" cause)|$(last "$id" message)" "equipment|Lamp burnt out" "cause event"
refused 64 ticket-update "$id" plan --solution redo
check_has "$ERR" "plan needs --solution, --owner and --due" "plan needs all three"
refused 65 ticket-update "$id" plan --solution magic --owner S-wang --due 2026-11-18T12:00
check_has "$ERR" "unknown solution 'magic'" "bad solution"
refused 65 ticket-update "$id" plan --solution redo --owner nobody --due 2026-11-18T12:00
check_has "$ERR" "--owner: unknown staff member 'nobody'" "bad owner"
refused 65 ticket-update "$id" plan --solution redo --owner S-wang --due tomorrow
check_has "$ERR" "invalid time 'tomorrow'" "bad due"
refused 65 ticket-update "$id" plan --solution redo --owner S-wang --due 2026-11-15
check_has "$ERR" "--due '2026-11-15' is in the past" "past due"
expect 0 ticket-update "$id" plan --solution redo --owner 王伟 --due "2026-11-18 12:00"
check_eq "$(last "$id" solution)|$(last "$id" owner)|$(last "$id" due)" \
	"redo|S-wang|2026-11-18T12:00:00+08:00" "plan event"
check_eq "$(state "$id" status)" investigating "plan status"
store_ok "cause and plan"

# pause, resume, and what a paused ticket refuses.
expect 0 ticket-update "$id" pause --reason "Waiting for the customer"
check_eq "$(state "$id" paused)" true "paused"
check_eq "$(state "$id" status)" investigating "pause keeps the status"
refused 65 ticket-update "$id" resolve --solution redo
check_has "$ERR" "cannot resolve a ticket that is investigating and paused (allowed: assign, note, cause, plan, resume, escalate, extend)" "resolve while paused"
refused 65 ticket-update "$id" pause --reason again
check_has "$ERR" "cannot pause a ticket that is investigating and paused" "pause twice"
expect 0 ticket-update "$id" resume
check_eq "$(state "$id" paused)" false "resumed"
refused 65 ticket-update "$id" resume
check_has "$ERR" "cannot resume a ticket that is investigating" "resume when running"
store_ok "pause and resume"

# resolve, a dissatisfied close, reopen, and the second time round.
export PLAINDESK_NOW=2026-11-18T11:30
refused 65 ticket-update "$id" close --satisfaction 4 --accepted yes
check_has "$ERR" "cannot close a ticket that is investigating (allowed: assign, note, cause, plan, resolve, pause, escalate, extend)" "close before resolve"
expect 0 ticket-update "$id" resolve --solution redo --message "Lamp replaced"
check_eq "$(state "$id" status)|$(state "$id" resolved_at)" \
	"resolved|2026-11-18T11:30:00+08:00" "resolved"
check_eq "$(subject)" "ticket-update: $id resolve \"Projector \"3\" failed\"" "resolve subject"
refused 65 ticket-update "$id" assign --to S-wang
check_has "$ERR" "cannot assign a ticket that is resolved (allowed: note, close)" "assign when resolved"
refused 65 ticket-update "$id" close --satisfaction 6 --accepted yes
check_has "$ERR" "invalid satisfaction '6' (expected 1 to 5)" "satisfaction 6"
refused 65 ticket-update "$id" close --satisfaction x --accepted yes
check_has "$ERR" "invalid satisfaction 'x'" "satisfaction x"
refused 65 ticket-update "$id" close --satisfaction 3 --accepted maybe
check_has "$ERR" "invalid accepted 'maybe' (expected yes, no)" "accepted maybe"
refused 64 ticket-update "$id" close --satisfaction 3
check_has "$ERR" "close needs --satisfaction and --accepted" "close needs both"
export PLAINDESK_NOW=2026-11-18T15:00
expect 0 ticket-update "$id" close --satisfaction 2 --accepted no \
	--comment "Still flickers"
check_eq "$(jq -c '.events[-1] | [.satisfaction, .accepted, .comment]' "$(file "$id")")" \
	'[2,false,"Still flickers"]' "close event types"
check_eq "$(state "$id" status)|$(state "$id" closed_at)" \
	"closed|2026-11-18T15:00:00+08:00" "closed"
refused 65 ticket-update "$id" ack
check_has "$ERR" "cannot ack a ticket that is closed (allowed: note, reopen, followup)" "ack when closed"
refused 65 ticket-update "$id" reopen --reason ""
check_has "$ERR" "reason: must not be empty" "empty reason"
refused 64 ticket-update "$id" reopen
check_has "$ERR" "reopen needs --reason" "reopen needs a reason"
expect 0 ticket-update "$id" note --message "Customer called back"
expect 0 ticket-update "$id" reopen --reason "Customer still not satisfied"
check_eq "$(state "$id" status)|$(state "$id" resolved_at)|$(state "$id" closed_at)" \
	"investigating|null|null" "reopened"
check_eq "$(state "$id" responded_at)" 2026-11-16T09:40:00+08:00 "first response kept"
expect 0 ticket-update "$id" resolve --solution compensation
expect 0 ticket-update "$id" close --satisfaction 5 --accepted yes
check_eq "$(state "$id" status)" closed "closed again"
check_eq "$(jq -r '[.events[].type] | join(",")' "$(file "$id")")" \
	"open,escalate,ack,assign,note,cause,plan,pause,resume,resolve,close,note,reopen,resolve,close" \
	"the events in order"
store_ok "lifecycle"

# Pausing across a weekend moves the resolution deadline by working time.
export PLAINDESK_NOW=2026-11-20T10:00
inq=$(ticket-open --kind inquiry --channel email --customer C-0013 --title "Room?")
check_eq "$(state "$inq" resolution_due)" 2026-11-23T10:00:00+08:00 "1wd deadline"
export PLAINDESK_NOW=2026-11-20T17:00
expect 0 ticket-update "$inq" pause --reason "Waiting for the date"
check_eq "$(state "$inq" resolution_due)" 2026-11-23T10:00:00+08:00 "deadline while paused"
export PLAINDESK_NOW=2026-11-23T10:00
expect 0 ticket-update "$inq" resume
check_eq "$(state "$inq" resolution_due)" 2026-11-23T12:00:00+08:00 "moved by two working hours"
# An open ticket may be paused, but not resolved before it is acknowledged.
refused 65 ticket-update "$inq" resolve --solution other
check_has "$ERR" "cannot resolve a ticket that is open (allowed: ack, assign, note, pause, escalate, extend)" "resolve when open"
store_ok "pause across a weekend"

# Dry run: what would be written, nothing written.
head=$(git rev-parse HEAD)
expect 0 ticket-update --dry-run "$inq" ack --message "Looking"
check_has "$OUT" "dry run: ticket-update would write 1 file (nothing written)" "dry-run header"
check_has "$OUT" '"type": "ack", "message": "Looking"' "dry-run shows the event"
check_eq "$(git rev-parse HEAD)" "$head" "dry run commits nothing"
check_eq "$(state "$inq" status)" open "dry run changes nothing"
refused 65 ticket-update --dry-run "$inq" close --satisfaction 1 --accepted no
store_ok "dry run"

# Usage and lookup errors.
refused 64 ticket-update
check_has "$ERR" "give a ticket id and an action" "no arguments"
refused 64 ticket-update "$inq"
refused 64 ticket-update "$inq" explode
check_has "$ERR" "unknown action 'explode' (expected ack, assign, note, cause, plan, approve-plan, resolve, close, reopen, pause, resume, followup)" "unknown action"
refused 64 ticket-update "$inq" ack extra
check_has "$ERR" "unexpected argument 'extra'" "extra argument"
refused 64 ticket-update "$inq" ack --cause equipment
check_has "$ERR" "option '--cause' does not apply to 'ack'" "misplaced option"
refused 64 ticket-update "$inq" assign --frobnicate
check_has "$ERR" "unknown option '--frobnicate'" "unknown option"
check_has "$ERR" "usage: ticket-update [-C DIR] ID assign --to WHO" \
	"an unknown option's usage is the action's"
check_lacks "$ERR" "   or: " "... and only the action's"
refused 64 ticket-update "$inq" resolve
check_has "$ERR" "resolve needs --solution" "resolve needs a solution"
refused 64 ticket-update "../../etc" ack
check_has "$ERR" "invalid ticket id '../../etc'" "not an id"
refused 66 ticket-update T-261120-ZZZZZZ ack
check_has "$ERR" "no such ticket 'T-261120-ZZZZZZ'" "unknown ticket"
refused 66 ticket-update ZZZZ ack
refused 66 ticket-update -C "$TEST_TMP/nowhere" "$inq" ack
# An actor outside the staff register is recorded by name.
expect 0 ticket-update --by "Night Porter <porter@example.com>" "$inq" ack
check_eq "$(last "$inq" by)" "Night Porter" "outside actor"
check_eq "$(git log -1 --format='%an <%ae>')" "Night Porter <porter@example.com>" "outside author"
store_ok "errors"

# A full stdout is an I/O error.
run sh -c "ticket-update '$inq' note --message x > /dev/full"
check_eq "$RC" 74 "stdout full"
finish
