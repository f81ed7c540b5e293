# mtg-service through a 会务 job: the plan and its checklist by type and
# flags, planning again, tasks and the equipment-test rule, inspection by
# the right role, materials, sign-in, incidents, status and the due list,
# due times that follow a moved meeting, and every refusal changing
# nothing.
. "$(dirname "$0")/../cli/lib.sh"

file() { echo "meetings/2026/11/$1.json"; }
svc() { jq -r ".service$1" "$(file "$m")"; }
task() { jq -r ".service.tasks[] | select(.key == \"$1\") | .$2" "$(file "$m")"; }
store_ok() {
	clean_status "$1"
	run plaindesk-check --quiet
	[ "$RC" = 0 ] && pass || fail "$1: plaindesk-check: $OUT $ERR"
}

new_store
cat >> registers/staff.csv <<'CSV'
S-wu,Wu Lei,wu@example.com,agent,,yes
S-ma,Ma Qiang,ma@example.com,agent,,yes
S-gone,Gone Away,gone@example.com,agent,,no
CSV
git commit -qam "more staff"
export PLAINDESK_NOW=2026-11-20T10:00	# Friday

m=$(mtg-plan new --type decision --title "Strategy 2027" \
	--start "2026-11-25 09:00" --duration 2h --room R-2 --organizer S-zhao \
	--attendee S-wang --attendee S-li --optional S-chen \
	--agenda "Plan|60|S-zhao|decision" --by S-zhao)

# --- plan ----------------------------------------------------------------
refused 64 mtg-service plan "$m" --by S-zhao
check_has "$ERR" "plan needs --lead" "--lead is needed"
refused 65 mtg-service plan "$m" --lead S-nobody
refused 65 mtg-service plan "$m" --lead S-gone
check_has "$ERR" "not active" "an inactive lead"
refused 65 mtg-service plan "$m" --lead S-zhao --group kitchen=S-wu
refused 65 mtg-service plan "$m" --lead S-zhao --group logistics=S-wu --group logistics=S-ma
refused 64 mtg-service plan "$m" --lead S-zhao --guests maybe
refused 65 mtg-service plan "$m" --lead S-zhao --headcount 0
refused 65 mtg-service task "$m" av-test --done
check_has "$ERR" "has no service plan" "no plan yet"
refused 66 mtg-service plan M-261120-ZZZZZZ --lead S-zhao

head=$(git rev-parse HEAD)
expect 0 mtg-service plan "${m:9:4}" --lead S-zhao --group secretariat=S-li \
	--group "logistics=Wu Lei" --host 市场部 --headcount 120 --guests yes \
	--lodging yes --by S-zhao
check_eq "$OUT" "$m" "plan prints the id"
check_eq "$(git rev-list --count "$head"..HEAD)" 1 "one commit"
check_eq "$(git diff --name-only "$head" HEAD)" "$(file "$m")" "only the meeting's file"
check_eq "$(git log -1 --format=%s)" "mtg-service: $m plan lead S-zhao (23 tasks)" "plan subject"
check_has "$(git log -1 --format=%B)" "Plaindesk-Record: $m" "record trailer"
check_eq "$(jq -r 'keys_unsorted|join(",")' "$(file "$m")")" \
	"id,type,title,organizer,start,duration_min,room,attendees,agenda,materials,ad_hoc,reason,sequence,state,minutes,actions,feedback,service,events" \
	"the service block after feedback"
check_eq "$(svc '.groups|map("\(.group)=\(.lead)")|join(",")')" \
	"secretariat=S-li,logistics=S-wu,transport=S-zhao" "groups; one left out is led by the lead"
check_eq "$(svc '.tasks|length')" 23 "decision with guests and lodging: 23 tasks"
check_eq "$(svc '.tasks|map(.key|select(.=="cups-paper" or .=="lodging" or .=="pickup" or .=="av-test-eve"))|join(",")')" \
	"lodging,av-test-eve,pickup" "the rows for the type and flags"
check_eq "$(task pickup owner)/$(task layout owner)/$(task av-test owner)" \
	"S-zhao/S-wu/S-li" "owners: the lead of the task's group"
check_eq "$(jq -r '.events[-1].type' "$(file "$m")")" service-plan "a service-plan event"
store_ok "after plan"

# Planning again: flags change, tasks that no longer apply are dropped
# while open without a note, a new lead takes over the open tasks.
expect 0 mtg-service task "$m" pickup --note "bus booked"
expect 0 mtg-service task "$m" cups-porcelain --done
expect 0 mtg-service plan "$m" --lead S-zhao --group secretariat=S-li \
	--group logistics=S-ma --guests no --lodging no
check_eq "$(git log -1 --format=%s)" "mtg-service: $m plan lead S-zhao (+1 tasks, -1)" "replan subject"
check_eq "$(task lodging key)" "" "lodging (open, no note) dropped"
check_eq "$(task pickup note)" "bus booked" "a task with a note is kept"
check_eq "$(task cups-porcelain status)" "done" "a done task is kept"
check_eq "$(task cups-paper status)" "open" "the no-guests row added"
check_eq "$(task layout owner)/$(task cups-porcelain owner)" "S-ma/S-wu" \
	"open tasks go to the new group lead, done ones stay"
check_eq "$(svc .host)/$(svc .headcount)" "市场部/120" "flags not given stay"
head=$(git rev-parse HEAD)
expect 0 mtg-service plan "$m" --lead S-zhao --group secretariat=S-li \
	--group logistics=S-ma --guests no --lodging no
check_has "$OUT" "nothing to change" "the same plan again"
check_eq "$(git rev-parse HEAD)" "$head" "no commit for the same plan"
expect 0 mtg-service plan "$m" --lead S-zhao --group secretariat=S-li \
	--group logistics=S-wu --guests yes --lodging yes
check_eq "$(svc '.tasks|map(.key)|(index("lodging") != null) and (index("cups-paper") == null)')" \
	true "back to guests and lodging: lodging again, cups-paper dropped"
store_ok "after replanning"

# --- tasks -----------------------------------------------------------------
export PLAINDESK_NOW=2026-11-23T10:00	# Monday
refused 64 mtg-service task "$m" schedule
refused 64 mtg-service task "$m" schedule --done --skip --reason x
refused 64 mtg-service task "$m" schedule --failed
refused 64 mtg-service task "$m" schedule --skip
refused 64 mtg-service task "$m" schedule --note x --at "2026-11-23 09:00"
refused 66 mtg-service task "$m" no-such-task --done
refused 65 mtg-service task "$m" schedule --done --at "2026-11-24 09:00"
check_has "$ERR" "in the future" "--at in the future"
refused 65 mtg-service task "$m" schedule --owner S-nobody
refused 77 mtg-service task "$m" schedule --skip --reason "not needed" --by S-li
expect 0 mtg-service task "$m" schedule --done --at "2026-11-23 08:30" --by S-li
check_eq "$(task schedule status)/$(task schedule done_at)/$(task schedule done_by)" \
	"done/2026-11-23T08:30:00+08:00/S-li" "done with --at"
check_eq "$(git log -1 --format=%s)" "mtg-service: $m task schedule done" "task subject"
refused 65 mtg-service task "$m" schedule --done
check_has "$ERR" "done already" "done twice"
expect 0 mtg-service task "$m" brief --failed --note "S-wu away" --by S-li
expect 0 mtg-service task "$m" budget --done --by S-li
expect 0 mtg-service task "$m" seating --skip --reason "round table" --by S-chen
check_eq "$(task seating status)/$(task seating note)" "skipped/round table" "skipped by the inspector role"
expect 0 mtg-service task "$m" archive --owner "Ma Qiang"
check_eq "$(task archive owner)" S-ma "owner by name"
expect 0 mtg-service add-task "$m" --group transport --text "Car for the speaker" \
	--offset -2h --required
check_eq "$OUT" "$m"$'\n'"extra-1" "add-task prints the id and the key"
check_eq "$(task extra-1 offset)/$(task extra-1 from)/$(task extra-1 owner)" \
	"-2h/start/S-zhao" "add-task: offset from the start, the group's lead"
expect 0 mtg-service add-task "$m" --group logistics --text "Flowers" \
	--due "2026-11-24 15:00" --owner S-ma
check_eq "$(task extra-2 due)/$(task extra-2 required)" "2026-11-24T15:00:00+08:00/false" "add-task --due"
refused 64 mtg-service add-task "$m" --group logistics --text x
refused 64 mtg-service add-task "$m" --group logistics --text x --due "2026-11-24 15:00" --offset -1h
refused 65 mtg-service add-task "$m" --group kitchen --text x --offset -1h
refused 65 mtg-service add-task "$m" --group logistics --text x --offset soon
store_ok "after tasks"

# The equipment test at 08:10 for a 09:00 start is late (due 08:00).
export PLAINDESK_NOW=2026-11-25T08:10
expect 0 mtg-service task "$m" av-test --done --by S-li
run mtg-service status "$m" --format json
check_eq "$(jq -r '.tasks[]|select(.key=="av-test")|.state' <<<"$OUT")" late "av-test at 08:10 is late"
check_eq "$(jq -r '.tasks[]|select(.key=="schedule")|.state' <<<"$OUT")" done "done before its due"
check_eq "$(jq -r '.tasks[]|select(.key=="budget")|.state' <<<"$OUT")" late "done after its due"
check_eq "$(jq -r '.tasks[]|select(.key=="facilities")|.state' <<<"$OUT")" overdue "open past its due"
check_eq "$(jq -r '.tasks[]|select(.key=="record")|.state' <<<"$OUT")" open "not due yet"

# --- inspection --------------------------------------------------------------
export PLAINDESK_NOW=2026-11-25T08:30
refused 77 mtg-service inspect "$m" --by S-li
check_has "$ERR" "manager" "the inspector role"
expect 0 mtg-service inspect "$m" --by S-chen
check_eq "$(head -n 1 <<<"$OUT")" "$m" "inspect prints the id first"
check_has "$OUT" "facilities" "an open required task is listed"
check_has "$OUT" "brief " "a failed one too"
check_lacks "$OUT" "schedule" "a done one is not"
check_lacks "$OUT" "seating" "a skipped one is not"
check_eq "$(task inspect status)/$(task inspect done_by)" "done/S-chen" "inspect marks its task done"
check_eq "$(jq -r '.events[-1].open|length' "$(file "$m")")" \
	"$(($(grep -c . <<<"$OUT") - 1))" "the event names what was open"

# --- materials -------------------------------------------------------------
expect 0 mtg-service material "$m" --add "U盘|10|签到台" --add "笔|50" --prepared "1|10"
check_eq "$(svc '.materials|map("\(.n):\(.item):\(.qty):\(.place):\(.prepared)")|join(",")')" \
	"1:U盘:10:签到台:10,2:笔:50::null" "materials added and counted out"
refused 64 mtg-service material "$m"
refused 65 mtg-service material "$m" --returned "2|1"
check_has "$ERR" "prepared" "returned before prepared"
refused 65 mtg-service material "$m" --returned "1|11"
refused 65 mtg-service material "$m" --prepared "3|1"
refused 65 mtg-service material "$m" --add "x|0"
refused 65 mtg-service material "$m" --add "|3"
refused 64 mtg-service material "$m" --prepared "one|1"
expect 0 mtg-service material "$m" --prepared "2|50" --returned "2|47" --returned "1|10"
run mtg-service status "$m" --format json
check_eq "$(jq -c '[.materials[].lost]' <<<"$OUT")" "[0,3]" "lost = prepared - returned"

# --- sign-in ---------------------------------------------------------------
expect 0 mtg-service checkin "$m" S-wang
check_eq "$OUT" "$m"$'\n'"signed in 1 / invited 3 (+0 guests)" "checkin prints the count"
expect 0 mtg-service checkin "$m" "Li Na" --at "2026-11-25 08:20"
check_eq "$(svc '.checkins[1].who')/$(svc '.checkins[1].at')" "S-li/2026-11-25T08:20:00+08:00" "by name, at a time"
expect 0 mtg-service checkin "$m" --guest "张三|某公司"
check_eq "$(tail -n 1 <<<"$OUT")" "signed in 3 / invited 3 (+1 guests)" "a guest counts"
check_eq "$(svc '.checkins[2].guest')" "张三|某公司" "the guest as NAME|ORG"
refused 65 mtg-service checkin "$m" S-wang
check_has "$ERR" "signed in already" "a second check-in"
refused 65 mtg-service checkin "$m" --guest "张三|某公司"
refused 64 mtg-service checkin "$m"
refused 64 mtg-service checkin "$m" S-zhao --guest "x|y"
refused 65 mtg-service checkin "$m" --guest "|Org"
refused 65 mtg-service checkin "$m" S-nobody
store_ok "after sign-in"

# --- incidents -------------------------------------------------------------
export PLAINDESK_NOW=2026-11-25T09:45
expect 0 mtg-service incident "$m" --text "无线话筒没电" --at "2026-11-25 09:40"
expect 0 mtg-service incident "$m" --text "Projector flickers" --resolved
check_eq "$(svc '.incidents|map("\(.n)|\(.at)|\(.resolved_at)")|join(",")')" \
	"1|2026-11-25T09:40:00+08:00|null,2|2026-11-25T09:45:00+08:00|2026-11-25T09:45:00+08:00" \
	"incidents"
expect 0 mtg-service incident "$m" --resolve 1
check_eq "$(svc '.incidents[0].resolved_at')" "2026-11-25T09:45:00+08:00" "resolved"
refused 65 mtg-service incident "$m" --resolve 1
refused 65 mtg-service incident "$m" --resolve 3
refused 64 mtg-service incident "$m"
refused 64 mtg-service incident "$m" --text x --resolve 2
refused 64 mtg-service incident "$m" --resolve 2 --resolved

# --- status and due ----------------------------------------------------------
expect 1 mtg-service status "$m" --check
expect 0 mtg-service status "$m" --group transport --format csv
check_eq "$(head -n 1 <<<"$OUT")" $'key,group,owner,required,due,state,status,done_at,done_by,text,note\r' "status csv header"
check_eq "$(tail -n +2 <<<"$OUT" | cut -d, -f1 | tr -d '\r' | tr '\n' ' ')" "pickup extra-1 " "one group's tasks"
refused 64 mtg-service status "$m" --group kitchen
refused 64 mtg-service status "$m" --format xml

# A second meeting, a routine one planned and then moved: its due times move.
export PLAINDESK_NOW=2026-11-20T11:00
r=$(mtg-plan new --type routine --title "Weekly sync" --start "2026-11-24 10:00" \
	--duration 1h --room R-1 --organizer S-chen --attendee S-wang \
	--agenda "Status|20|S-wang|inform" --by S-chen)
expect 0 mtg-service plan "$r" --lead S-chen
check_eq "$(jq '.service.tasks|length' "$(file "$r")")" 19 "routine, no guests or lodging: 19 tasks"
run mtg-service status "$r" --format json
check_eq "$(jq -r '.tasks[]|select(.key=="layout")|.due' <<<"$OUT")" \
	2026-11-23T10:00:00+08:00 "layout: the working day before"
expect 0 mtg-plan update "$r" --start "2026-11-30 14:00" --by S-chen
run mtg-service status "$r" --format json
check_eq "$(jq -r '.tasks[]|select(.key=="layout")|.due' <<<"$OUT")" \
	2026-11-27T14:00:00+08:00 "moved to Monday: due the Friday before"
check_eq "$(jq -r '.tasks[]|select(.key=="av-test")|.due' <<<"$OUT")" \
	2026-11-30T13:00:00+08:00 "av-test: an hour before the new start"
check_eq "$(jq -r '.tasks[]|select(.key=="summary")|.due' <<<"$OUT")" \
	2026-12-02T15:00:00+08:00 "summary: two working days after the end"

export PLAINDESK_NOW=2026-11-24T09:30
expect 0 mtg-service due --format json
check_eq "$(jq -r '[.[]|.id]|unique|join(",")' <<<"$OUT")" "$m" "due: within 24h, the moved meeting not yet"
check_eq "$(jq -r '.[0].key' <<<"$OUT")" "lodging" "sorted by due time"
check_eq "$(jq -r '[.[]|select(.key=="schedule")]|length' <<<"$OUT")" 0 "done tasks are not due"
check_eq "$(jq -r '[.[]|select(.key=="brief")]|length' <<<"$OUT")" 1 "failed ones are"
expect 1 mtg-service due --check
expect 0 mtg-service due --within 4wd --owner S-chen --format json
check_eq "$(jq -r '[.[]|.id]|unique|join(",")' <<<"$OUT")" "$r" "due: --within and --owner"
expect 0 mtg-service due --group transport --format csv
check_eq "$(tail -n +2 <<<"$OUT" | cut -d, -f3 | tr -d '\r' | tr '\n' ' ')" "pickup extra-1 " "due: --group"
refused 64 mtg-service due --within soon
refused 65 mtg-service due --owner S-nobody

# A cancelled meeting: the plan and tasks are refused, the budget is not.
expect 0 mtg-plan cancel "$r" --reason "moved online" --by S-chen
refused 65 mtg-service plan "$r" --lead S-chen
refused 65 mtg-service task "$r" layout --done
expect 0 mtg-service budget "$r" --line "venue|Deposit|200"
expect 0 mtg-service due --within 30d --format json
check_eq "$(jq -r '[.[]|.id]|unique|join(",")' <<<"$OUT")" "$m" "cancelled meetings are not due"

# Dry run: the record as it would be, nothing written.
head=$(git rev-parse HEAD)
expect 0 mtg-service task "$m" record --done --dry-run
check_has "$OUT" "dry run" "dry run says so"
check_eq "$(git rev-parse HEAD)" "$head" "dry run: no commit"
store_ok "at the end"

# A hand edit of the block disagrees with the events.
jq '.service.lead = "S-wang"' "$(file "$m")" > x.json && mv x.json "$(file "$m")"
expect 65 plaindesk-check
check_has "$OUT$ERR" "service.lead does not match the events" "plaindesk-check sees the edit"
git checkout -q -- .
# A terminal escape a hand edit put in an event stays off the terminal.
jq '(.events[]|select(.type=="service-incident" and .text)|.text) |= "\u001b[2J" + .' \
	"$(file "$m")" > x.json && mv x.json "$(file "$m")"
expect 0 mtg-service summary "$m"
check_has "$OUT" "[2J无线话筒没电" "the incident is shown"
check_lacks "$OUT" $'\e' "without the escape"
expect 0 mtg-service status "$m"
check_lacks "$OUT" $'\e' "status without it too"
git checkout -q -- .

# A store's own checklist replaces the installed one; plaindesk-check
# reads it, and a broken one refuses the plan.
cat > registers/service-tasks.csv <<'CSV'
types,if,key,group,task,from,offset,required
*,,setup,logistics,Set up the room,start,-2h,yes
routine,,minutes-draft,secretariat,Draft the minutes,end,+1wd,no
CSV
git add registers/service-tasks.csv && git commit -qm "our checklist"
export PLAINDESK_NOW=2026-11-24T09:00
o=$(mtg-plan new --type routine --title "Ops" --start "2026-11-26 10:00" \
	--duration 1h --room R-1 --organizer S-chen --agenda "Ops|20|S-chen|inform" --by S-chen)
expect 0 mtg-service plan "$o" --lead S-chen
check_eq "$(jq -r '[.service.tasks[]|"\(.key):\(.required)"]|join(",")' "$(file "$o")")" \
	"setup:true,minutes-draft:false" "the store's checklist"
echo '*,,setup,kitchen,x,start,-2h,yes' >> registers/service-tasks.csv
git commit -qam "a broken row"
expect 65 plaindesk-check
check_has "$OUT$ERR" "registers/service-tasks.csv: line 4: group must be" "plaindesk-check reads the checklist"
refused 65 mtg-service plan "$o" --lead S-wang
git revert -q --no-edit HEAD
finish
