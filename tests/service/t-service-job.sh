# A 会务 job from plan to published summary, on a zh-CN store: the budget
# in exact minor units with revisions, approval and actuals over plan,
# sign-in with guests, an incident, the summary's figures, the documents
# (HTML with every value escaped, hostile item names inert), and the
# expected output of status, budget and summary (tests/service/cases).
. "$(dirname "$0")/../cli/lib.sh"
# Its messages are asserted in English: a zh-CN store speaks Chinese
# unless the environment names a language (tests/lang checks that).
export LANGUAGE=en

cases=$(cd "$(dirname "$0")/cases" && pwd)
file() { echo "meetings/2026/11/$1.json"; }
# golden NAME: $OUT (the random ids as M-ID and T-ID) against
# cases/NAME; with UPDATE_CASES=1 the case is written instead, to be read
# and committed.
t=T-NONE
ids() { sed -e "s/$m/M-ID/g" -e "s/$t/T-ID/g" <<<"$OUT"; }
golden() {
	local want=$cases/$1
	[ "${UPDATE_CASES:-}" = 1 ] && ids >"$want"
	if [ "$(ids)" = "$(cat "$want")" ]; then pass; else
		fail "$1 differs:"
		diff <(ids) "$want" | head -n 20
	fi
}

new_store --locale zh-CN
cat >> registers/staff.csv <<'CSV'
S-wu,Wu Lei,wu@example.com,agent,,yes
S-ma,Ma Qiang,ma@example.com,agent,,yes
CSV
git commit -qam "more staff"
export PLAINDESK_NOW=2026-11-16T10:00	# Monday

m=$(mtg-plan new --type decision --title "年度战略会" \
	--start "2026-11-25 09:00" --duration 2h --room R-2 --organizer S-zhao \
	--attendee S-wang --attendee S-li --attendee S-chen --optional S-wu \
	--agenda "战略|60|S-zhao|decision" --by S-zhao)
expect 0 mtg-service plan "$m" --lead S-zhao --group secretariat=S-li \
	--group logistics=S-wu --group transport=S-ma --host 市场部 \
	--headcount 40 --guests yes --lodging yes --by S-zhao
check_eq "$(jq -r '.service.tasks[]|select(.key=="av-test")|.text' "$(file "$m")")" \
	"对音响、视频、网络视频终端等会议相关设备进行试机" "task texts in the store's locale"
expect 0 mtg-service render "$m" --part sheet --group logistics --format md
check_has "$OUT" "# 任务单：后勤保障组" "the logistics sheet"
check_has "$OUT" "Wu Lei (S-wu)" "its lead"
check_lacks "$OUT" "对音响" "no other group's tasks"
refused 64 mtg-service render "$m" --part sheet --format md
refused 64 mtg-service render "$m" --part plan --group logistics
refused 64 mtg-service render "$m" --part summary --format pdf
expect 0 mtg-service render "$m" --part plan --format text
check_has "$OUT" "车辆运输组（负责人 Ma Qiang (S-ma)）" "the plan lists every group"

# --- budget: exact minor units ------------------------------------------
refused 65 mtg-service budget "$m" --line "venue|会场|-1"
check_has "$ERR" "negative" "negative amounts"
refused 65 mtg-service budget "$m" --line "venue|会场|1.234"
check_has "$ERR" "two decimal places" "three places"
refused 65 mtg-service budget "$m" --line "venue|会场|10000000000.01"
refused 65 mtg-service budget "$m" --line "venue|会场|1e3"
refused 65 mtg-service budget "$m" --line "food|饭|10"
check_has "$ERR" "unknown category 'food'" "an unknown category"
refused 64 mtg-service budget "$m" --line "venue|会场"
refused 65 mtg-service budget "$m" --revise "1|10"
refused 77 mtg-service budget "$m" --line "venue|会场|1" --approve --by S-li
refused 65 mtg-service budget "$m" --line "=HYPERLINK(\"http://x\")|1|1"
expect 0 mtg-service budget "$m" --line "venue|会场租金|12000" \
	--line "catering|茶歇 <b>&amp;</b>|0.1" --line "catering|水果|0.2" \
	--line "printing|=HYPERLINK(\"http://x\")|300.5|手册" --by S-li
check_eq "$(jq -c '[.service.budget[].planned]' "$(file "$m")")" "[1200000,10,20,30050]" "stored in 分"
expect 0 mtg-service budget "$m"
check_has "$OUT" "0.30 " "0.1 + 0.2 is 0.30"
expect 0 mtg-service budget "$m" --revise "1|12500.50" --by S-li
check_eq "$(jq -r '.service.budget[0]|"\(.original) \(.planned)"' "$(file "$m")")" \
	"1200000 1250050" "a revision keeps the original"
expect 0 mtg-service budget "$m" --approve --by S-chen
check_eq "$(jq -r '.service.approved|"\(.by) \(.total)"' "$(file "$m")")" \
	"S-chen 1280130" "the approved total"
check_eq "$(git log -1 --format=%s)" "mtg-service: $m budget approved 12801.30 CNY" "approve subject"
expect 0 mtg-service budget "$m" --check
refused 64 mtg-service budget "$m" --check --actual "1|1"
expect 0 mtg-service budget "$m" --actual "1|13000" --actual "2|0.1" \
	--actual "4|280" --revise "3|50" --by S-li
expect 1 mtg-service budget "$m" --check
golden budget.txt
expect 0 mtg-service budget "$m" --format json
check_eq "$(jq -c '[.total.planned, .total.actual, .total.variance, .approved.total, .over_plan, .over_approved]' <<<"$OUT")" \
	"[1285110,1328010,42900,1280130,true,true]" "budget json in 分"
check_eq "$(jq -c '[.categories[].category]' <<<"$OUT")" '["venue","catering","printing"]' "categories with lines"
expect 0 mtg-service budget "$m" --format csv
check_has "$OUT" $'category,,catering,,30,5010,10,-5000,-99.8003992,\r' "negative numbers unaltered in csv"
check_has "$OUT" "\"'=HYPERLINK(\"\"http://x\"\")\"" "a formula in an item is neutralised"
expect 0 mtg-service budget "$m" --format csv --raw
check_has "$OUT" '"=HYPERLINK(""http://x"")"' "--raw keeps it"

# --- the day: equipment, inspection, sign-in, an incident --------------
export PLAINDESK_NOW=2026-11-25T08:10
expect 0 mtg-service task "$m" av-test --done --by S-li
export PLAINDESK_NOW=2026-11-25T08:40
expect 0 mtg-service inspect "$m" --by S-chen
export PLAINDESK_NOW=2026-11-25T08:59
for who in S-wang S-li; do expect 0 mtg-service checkin "$m" "$who" --at "2026-11-25 08:5${#who}"; done
expect 0 mtg-service checkin "$m" --guest "张三|某公司"
expect 0 mtg-service checkin "$m" --guest "<script>alert(1)</script>|Evil & Co"
expect 0 mtg-service material "$m" --add "U盘|10|签到台" --add "<img src=x onerror=alert(1)>|5" \
	--prepared "1|10" --prepared "2|5"
export PLAINDESK_NOW=2026-11-25T09:20
expect 0 mtg-service checkin "$m" S-chen
check_eq "$(tail -n 1 <<<"$OUT")" "signed in 5 / invited 4 (+2 guests)" "the count with guests"
expect 0 mtg-service incident "$m" --text "无线话筒没电" --at "2026-11-25 09:15"
export PLAINDESK_NOW=2026-11-25T09:18
expect 0 mtg-service incident "$m" --resolve 1
export PLAINDESK_NOW=2026-11-25T12:30
expect 0 mtg-service material "$m" --returned "1|9" --returned "2|4"
for k in record power-off; do expect 0 mtg-service task "$m" $k --done; done
expect 0 mtg-service status "$m"
golden status.txt

# --- the summary -----------------------------------------------------------
export PLAINDESK_NOW=2026-11-25T10:30
refused 65 mtg-service summary "$m" --publish
check_has "$ERR" "not over" "no summary before the end"
export PLAINDESK_NOW=2026-11-26T16:00
expect 0 ticket-open --kind complaint --channel onsite --customer C-0012 \
	--title "话筒没电" --severity general --category equipment --meeting "$m"
t=$OUT
# Attendance from the sign-ins: S-wang and S-li by the start, S-chen at
# 09:20 after the grace; S-wu (optional) named absent by hand.
expect 0 mtg-minutes record "$m" --started "2026-11-25 09:05" \
	--ended "2026-11-25 11:00" --from-checkin --absent S-wu \
	--outcome "1|achieved" --by S-zhao
mrec=$(mtg-plan show "$m" --format json)
check_eq "$(jq -c '[.minutes.present, .minutes.late, .minutes.absent]' <<<"$mrec")" \
	'[["S-wang","S-li"],["S-chen"],["S-wu"]]' "attendance from the sign-ins"
expect 0 mtg-minutes feedback "$m" --score 4 --by S-wang
refused 65 mtg-service summary "$m" --lesson ""
expect 0 mtg-service summary "$m" --lesson "会前一晚给话筒充电" \
	--lesson "<b>not bold</b>" --publish --by S-li
check_eq "$(jq -r '.service.summary.published_at' "$(file "$m")")" 2026-11-26T16:00:00+08:00 "published"
check_eq "$(jq -r '.service.tasks[]|select(.key=="summary")|.status' "$(file "$m")")" done "the summary task is done"
refused 65 mtg-service summary "$m" --publish
expect 0 mtg-service summary "$m" --format json
check_eq "$(jq -c '.headcount' <<<"$OUT")" \
	'{"planned":40,"invited":4,"signed_in":5,"staff":3,"guests":2}' "headcount"
check_eq "$(jq -c '.equipment_test|[.lead_min, .state]' <<<"$OUT")" '[50,"late"]' "the equipment test's lead time"
check_eq "$(jq -c '[.materials.lost, .materials.lost_items[0].item]' <<<"$OUT")" '[2,"U盘"]' "materials lost"
check_eq "$(jq -c '.budget|[.planned, .actual, .approved]' <<<"$OUT")" '[1285110,1328010,1280130]' "the budget"
check_eq "$(jq -c '.incidents|[.total, .resolved]' <<<"$OUT")" '[1,1]' "incidents"
check_eq "$(jq -r '[.tickets[].id]|join(",")' <<<"$OUT")" "$t" "the tickets about the meeting"
check_eq "$(jq -c '.tasks|[.total, .late, .skipped]' <<<"$OUT")" '[23,4,0]' "tasks by state"
expect 0 mtg-service summary "$m" --format csv
check_has "$OUT" $'tasks.by_group.logistics.total,5\r' "csv figures by group"
expect 0 mtg-service summary "$m"
golden summary.txt

# HTML: one self-contained page, every value escaped.
expect 0 mtg-service render "$m" --part summary --format html
html=$OUT
check_has "$html" '<html lang="zh-CN">' "zh-CN page"
check_has "$html" "会务工作总结：年度战略会" "the title"
check_has "$html" "&lt;b&gt;not bold&lt;/b&gt;" "a lesson escaped"
check_has "$html" "&lt;img src=x onerror=alert(1)&gt;" "an item escaped"
check_lacks "$html" "<script" "no script"
check_lacks "$html" "<img" "no image"
check_lacks "$html" "<b>" "no markup from values"
check_lacks "$html" "src=\"http" "no external resources"
expect 0 mtg-service render "$m" --part plan --format html
check_lacks "$OUT" "<script" "the plan page has no script"

run plaindesk-check --quiet
check_eq "$RC" 0 "plaindesk-check: $OUT $ERR"
clean_status "at the end"
finish
