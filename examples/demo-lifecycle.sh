#!/usr/bin/env bash
# Part of `make demo`: run in the example store after examples/demo.sh has
# opened its tickets; moves them through the week of 16 November 2026 with
# ticket-update, and runs the escalation pass (ticket-escalate) at a few
# moments, as cron would.
set -eu
bin=$(cd "${1:-bin}" && pwd)
export PATH="$bin:$PATH"
export PLAINDESK_ACTOR=S-li

id_of() {	# id_of TITLE: the ticket with that title
	jq -r --arg t "$1" 'select(.title == $t) | .id' tickets/*/*/*.json
}
at() { PLAINDESK_NOW="$1+08:00" "${@:2}"; }
pass() { PLAINDESK_ACTOR=escalation at "$1" ticket-escalate; }

projector=$(id_of "Projector failed in room 3")
room=$(id_of "大会议室下周三是否可预订？")
tea=$(id_of "茶歇供应不足")
lights=$(id_of "Stage lights failed during keynote")
chairs=$(id_of "Extra chairs for room 2")

at 2026-11-16T09:40 ticket-update --by S-wang "$projector" ack \
	--message "Technician on the way"
at 2026-11-16T10:30 ticket-update "$room" ack --message "Checking the calendar"
at 2026-11-16T11:00 ticket-update --by S-wang "$projector" cause --cause equipment
at 2026-11-16T11:05 ticket-update --by S-wang "$projector" plan --solution redo \
	--owner S-wang --due 2026-11-18T12:00 --message "Replace the lamp unit"
pass 2026-11-16T12:00
at 2026-11-16T16:00 ticket-update "$room" resolve --solution other \
	--message "Booked for Wednesday 14:00-17:00"
at 2026-11-17T09:30 ticket-update "$room" close --satisfaction 5 --accepted yes

# The catering complaint waits past its 10-minute response deadline.
pass 2026-11-17T14:38
pass 2026-11-17T14:45
at 2026-11-17T15:00 ticket-update --by S-wang "$tea" ack --message "Sorry; more on the way"
at 2026-11-17T16:00 ticket-update --by S-wang "$tea" pause \
	--reason "Waiting for the customer's headcount"
at 2026-11-18T11:30 ticket-update --by S-wang "$projector" resolve --solution redo \
	--message "Lamp unit replaced and tested"
at 2026-11-18T15:00 ticket-update "$projector" close --satisfaction 4 --accepted yes
at 2026-11-19T10:00 ticket-update --by S-wang "$tea" resume
at 2026-11-19T10:05 ticket-escalate "$tea" --extend 1wd --approved-by S-chen \
	--reason "Supplier delivers on Friday"

# A major complaint starts at the top of the ladder: warned, not escalated.
pass 2026-11-19T12:10
pass 2026-11-19T12:30
at 2026-11-19T12:40 ticket-update --by S-zhao "$lights" ack \
	--message "GM called the customer"
at 2026-11-19T12:45 ticket-update --by S-zhao "$lights" assign --to S-wang
pass 2026-11-20T10:30
at 2026-11-20T10:40 ticket-update "$chairs" ack
pass 2026-11-20T16:00
