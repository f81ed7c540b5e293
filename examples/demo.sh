#!/usr/bin/env bash
# make demo: build an example store with a few customers, staff, rooms and
# tickets, then show what the desk looks like.
set -eu
bin=$(cd "${1:-bin}" && pwd)
top=$(cd "$(dirname "$0")/.." && pwd)
store=$top/examples/store
export PATH="$bin:$PATH"
export PLAINDESK_ACTOR="S-li"
rm -rf "$store"
# The example runs on a fixed week so that it always tells the same story.
export PLAINDESK_NOW=2026-11-16T09:00:00+08:00
plaindesk-init "$store" >/dev/null
cd "$store"
git config user.name "Demo Admin"
git config user.email "admin@example.com"
cp "$top/examples/registers/"*.csv registers/
git add registers && git commit -qm "Example registers"

open() { ticket-open "$@"; }
PLAINDESK_NOW=2026-11-16T09:14:00+08:00 open --kind complaint --channel phone \
	--customer C-0012 --title "Projector failed in room 3" \
	--severity important --category equipment --assignee S-wang >/dev/null
PLAINDESK_NOW=2026-11-16T10:02:00+08:00 open --kind inquiry --channel email \
	--customer C-0013 --title "大会议室下周三是否可预订？" --assignee S-li >/dev/null
PLAINDESK_NOW=2026-11-17T14:30:00+08:00 open --kind complaint --channel onsite \
	--customer C-0013 --title "茶歇供应不足" --severity general \
	--category catering --assignee S-wang >/dev/null
PLAINDESK_NOW=2026-11-18T16:45:00+08:00 open --kind suggestion --channel online \
	--customer C-0014 --title "Add a live caption screen" >/dev/null
PLAINDESK_NOW=2026-11-19T11:20:00+08:00 open --kind complaint --channel social \
	--customer "Harbour Events" --new-customer --tier key \
	--title "Stage lights failed during keynote" --severity major \
	--category equipment >/dev/null
PLAINDESK_NOW=2026-11-20T09:05:00+08:00 open --kind request --channel onsite \
	--customer C-0012 --title "Extra chairs for room 2" --assignee S-li >/dev/null

# The week's work: acknowledgements, investigations, resolutions, and the
# escalation pass that cron runs every five minutes.
"$top/examples/demo-lifecycle.sh" "$bin" >/dev/null

export PLAINDESK_NOW=2026-11-23T09:00:00+08:00
show() { echo "\$ $*"; "$@"; echo; }
echo "Example store: $store"
echo
show ticket-list
show ticket-escalate
show ticket-list --overdue --fields status,level,response_due,title
show mtg-plan list --from 2026-11-16 --to 2026-11-23
show mtg-minutes actions --open
show kpi-report --week 2026-W47
kpi-report --week 2026-W47 --format html > "$store/../kpi-2026-W47.html"
echo "HTML report: examples/kpi-2026-W47.html"
show plaindesk-check
