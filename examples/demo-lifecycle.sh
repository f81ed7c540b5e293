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

# A major complaint starts at the top of the ladder: the general manager
# was told when it was opened; warned with the agent, never escalated.
pass 2026-11-19T12:10
pass 2026-11-19T12:30
at 2026-11-19T12:40 ticket-update --by S-zhao "$lights" ack \
	--message "GM called the customer"
at 2026-11-19T12:45 ticket-update --by S-zhao "$lights" assign --to S-wang
pass 2026-11-20T10:30
at 2026-11-20T10:40 ticket-update "$chairs" ack
pass 2026-11-20T16:00

# Meetings of the week: the Monday service review, planned on Friday and
# its agenda sent a working day ahead; an ad-hoc review of the stage
# lights, approved by the manager; minutes with decisions and actions.
review=$(at 2026-11-13T16:00 mtg-plan new --by S-chen --type routine \
	--title "周一服务例会" --start "2026-11-16 09:00" --duration 45m \
	--room R-1 --organizer S-chen --attendee S-wang --attendee S-li \
	--agenda "上周投诉回顾|20|S-wang|inform" \
	--agenda "本周会议保障安排|20|S-chen|decision")
at 2026-11-13T16:30 mtg-plan send "$review" --by S-chen
at 2026-11-16T09:50 mtg-minutes record "$review" --by S-chen \
	--started "2026-11-16 09:02" --ended "2026-11-16 09:48" \
	--present S-chen --present S-wang --late S-li \
	--outcome "1|achieved|两起投诉已处理" --outcome "2|achieved" \
	--decision "大会议室投影仪每周一上午例行检查" \
	--action "检查所有会议室投影仪|S-wang|2026-11-18|检查记录" \
	--action "更新茶歇供应商名单|S-li|2026-11-20|新名单"
at 2026-11-16T11:00 mtg-minutes publish "$review" --by S-chen
at 2026-11-18T17:00 mtg-minutes done "$review.1" --by S-wang --note "All lamps fine"
at 2026-11-16T12:00 mtg-minutes feedback "$review" --by S-wang --score 4

lights_review=$(at 2026-11-19T13:00 mtg-plan new --by S-zhao --ad-hoc \
	--reason "Major complaint: stage lights failed during a keynote" \
	--type decision --title "Stage lighting failure review" \
	--start "2026-11-19 16:00" --duration 1h --room R-2 --organizer S-zhao \
	--attendee S-chen --attendee S-wang \
	--agenda "What failed and why|20|S-wang|consensus" \
	--agenda "Compensation for the customer|30|S-zhao|decision")
at 2026-11-19T13:10 mtg-plan approve "$lights_review" --by S-chen
at 2026-11-19T13:15 mtg-plan send "$lights_review" --by S-zhao
at 2026-11-19T17:10 mtg-minutes record "$lights_review" --by S-zhao \
	--started "2026-11-19 16:10" --ended "2026-11-19 17:05" \
	--present S-zhao --present S-chen --present S-wang \
	--outcome "1|achieved|Dimmer pack overheated" \
	--outcome "2|partial|Offer pending the customer's reply" \
	--decision "Replace the dimmer packs in room 2" \
	--action "Order two dimmer packs|S-chen|2026-11-21|Order confirmed"
at 2026-11-20T10:00 mtg-minutes publish "$lights_review" --by S-zhao

# Cron reminds the owners of open action items a working day ahead.
PLAINDESK_ACTOR=escalation at 2026-11-19T09:00 mtg-minutes remind
