# cust-care: care plans (visits, occasions, holiday greetings), the care
# team's to-do list on each day of a month with the real 2026 holidays,
# vip and key customers without a plan, and every refusal changing
# nothing.
. "$(dirname "$0")/../cli/lib.sh"

store_ok() {
	clean_status "$1"
	run plaindesk-check --quiet
	[ "$RC" = 0 ] && pass || fail "$1: plaindesk-check: $OUT $ERR"
}
st() { jq -r ".state.$2" "care/$1.json"; }
last() { jq -r ".events[-1].$2" "care/$1.json"; }
# due_on DATE [ARGS]: "kind customer what" lines of cust-care due that day.
due_on() {
	local day=$1
	shift
	PLAINDESK_NOW=${day}T09:00 cust-care due --format json "$@" |
		jq -r '.[] | "\(.due[0:10]) \(.kind) \(.customer) \(.what)"'
}

top=$(cd "$(dirname "$0")/../.." && pwd)
new_store
cp "$top/examples/registers/holidays.csv" registers/holidays.csv
cat >> registers/customers.csv <<'CSV'
C-0015,闰年公司,,vip,leap@example.com,13800138000,2025-01-01,,
C-0016,Plain Co,,general,,,2025-01-01,,
CSV
git commit -qam "holidays and customers"

export PLAINDESK_NOW=2026-09-21T10:00
# plan: a vip's visits every 30d by default; the first one 30d later.
head=$(git rev-parse HEAD)
expect 0 cust-care plan "Acme Ltd" --owner 王伟 --occasion "09-25|生日" \
	--holidays yes --goal "年度续约" --goal "季度回访"
check_eq "$OUT" C-0012 "plan prints the customer"
check_eq "$(git rev-list --count "$head"..HEAD)" 1 "one commit"
check_eq "$(git log -1 --format=%s)" 'cust-care: C-0012 plan "Acme Ltd"' "subject"
check_has "$(git log -1 --format=%B)" "Plaindesk-Record: C-0012" "trailer"
check_eq "$(st C-0012 status)|$(st C-0012 owner)|$(st C-0012 every)|$(st C-0012 holidays)|$(st C-0012 next_visit_due)" \
	"active|S-wang|30d|true|2026-10-21T10:00:00+08:00" "plan state"
check_eq "$(jq -c .state.occasions care/C-0012.json)" '[{"date":"09-25","label":"生日"}]' "occasions"
check_eq "$(jq -c .state.goals care/C-0012.json)" '["年度续约","季度回访"]' "goals"
check_eq "$(grep -c '^care/\*.json merge=plaindesk$' .gitattributes)" 1 "attributes line"
store_ok "plan"
# A key customer: 90d; a leap-day birthday; no holiday greetings.
expect 0 cust-care plan C-0013 --owner S-li --occasion "10-09|成立纪念日"
check_eq "$(st C-0013 every)|$(st C-0013 holidays)" "90d|false" "key: 90d"
expect 0 cust-care plan C-0015 --owner S-li --every 2wd --occasion "02-29|生日"
check_eq "$(st C-0015 next_visit_due)" 2026-09-23T10:00:00+08:00 "2wd"
check_eq "$(grep -c '^care/\*.json merge=plaindesk$' .gitattributes)" 1 "attributes line once"

# Refusals change nothing.
refused 64 cust-care plan C-0016 --owner S-wang
check_has "$ERR" "plan needs --every: care.visit_every has none for a general customer" "no default every"
refused 65 cust-care plan nobody --owner S-wang --every 30d
check_has "$ERR" "unknown customer 'nobody'" "unknown customer"
refused 64 cust-care plan C-0016 --every 30d
check_has "$ERR" "plan needs --owner" "owner needed"
refused 65 cust-care plan C-0016 --owner nobody --every 30d
refused 65 cust-care plan C-0016 --owner S-wang --every 30x
refused 65 cust-care plan C-0016 --owner S-wang --every 30d --occasion "13-01|x"
refused 65 cust-care plan C-0016 --owner S-wang --every 30d --occasion "0501生日"
refused 64 cust-care plan C-0016 --owner S-wang --every 30d --holidays maybe
refused 65 cust-care plan C-0012 --owner S-wang
check_has "$ERR" "plan changes nothing for C-0012" "nothing changed"
refused 66 cust-care visit C-0016 --channel phone --outcome done
check_has "$ERR" "no care plan for C-0016" "no plan"
refused 64 cust-care visit C-0012 --channel phone
refused 65 cust-care visit C-0012 --channel phone --outcome maybe
refused 65 cust-care visit C-0012 --channel phone --outcome done --satisfaction 6
refused 65 cust-care touch C-0012 --occasion 圣诞节 --what greeting
check_has "$ERR" "the care plan of C-0012 has no occasion '圣诞节'" "unknown occasion"
refused 65 cust-care touch C-0013 --occasion 国庆节 --what greeting
check_has "$ERR" "the care plan of C-0013 has no occasion '国庆节'" "holidays not on"
refused 64 cust-care touch C-0012 --occasion 生日
refused 65 cust-care touch C-0012 --occasion 生日 --what flowers
refused 64 cust-care end C-0012
expect 0 cust-care plan C-0016 --owner S-wang --every 30d --dry-run
check_has "$OUT" "care/C-0016.json" "dry run shows the file"
clean_status "dry run"
store_ok "refusals"

# The to-do list, day by day (2026: 中秋节 Fri 09-25, 国庆节 10-01..10-07,
# make-up Saturday 10-10).
check_eq "$(due_on 2026-09-21)" "" "nothing due today"
check_eq "$(due_on 2026-09-21 --within 3d)" \
	"2026-09-23 visit C-0015 visit (every 2wd)
2026-09-24 holiday C-0012 greeting before 中秋节 (2026-09-25)" "within 3d"
check_eq "$(due_on 2026-09-24)" \
	"2026-09-23 visit C-0015 visit (every 2wd)
2026-09-24 holiday C-0012 greeting before 中秋节 (2026-09-25)" "overdue visit first, then today's greeting"
check_eq "$(due_on 2026-09-25 | grep -c 中秋节)" 0 "the greeting drops off the day after"
check_eq "$(due_on 2026-09-25 | grep occasion)" "2026-09-25 occasion C-0012 生日 (09-25)" "birthday on the day"
check_eq "$(due_on 2026-09-26 | grep -c 生日)" 0 "birthday drops off the day after"
check_eq "$(due_on 2026-09-30 | grep holiday)" "2026-09-30 holiday C-0012 greeting before 国庆节 (2026-10-01)" "National Day greeting"
check_eq "$(due_on 2026-10-09 | grep occasion)" "2026-10-09 occasion C-0013 成立纪念日 (10-09)" "key customer's occasion"
check_eq "$(due_on 2026-12-31 --within 60d | grep 元旦)" "" "no 2027 holidays in the register"
check_eq "$(due_on 2027-02-27 --within 2d | grep 生日)" "2027-02-28 occasion C-0015 生日 (02-29)" "02-29 on 02-28 in 2027"
check_eq "$(due_on 2028-02-28 --within 2d | grep 生日)" "2028-02-29 occasion C-0015 生日 (02-29)" "02-29 in a leap year"
check_eq "$(due_on 2026-09-24 --owner S-wang | wc -l)" 1 "--owner"
run cust-care due --check
check_eq "$RC" 0 "--check: nothing overdue"
export PLAINDESK_NOW=2026-09-24T09:00
run cust-care due --check
check_eq "$RC" 1 "--check: a visit overdue"

# touch: the greeting sent, the item gone; visits reschedule.
expect 0 cust-care touch C-0012 --occasion 中秋节 --what gift --message "月饼"
check_eq "$(last C-0012 occasion)|$(last C-0012 what)|$(last C-0012 message)" "中秋节|gift|月饼" "touch event"
check_eq "$(due_on 2026-09-24 | grep -c 中秋节)" 0 "touched: off the list"
export PLAINDESK_NOW=2026-09-24T15:00
expect 0 cust-care visit C-0015 --channel phone --outcome unreachable
check_eq "$(st C-0015 next_visit_due)|$(st C-0015 last_visit_at)" \
	"2026-09-28T15:00:00+08:00|null" "unreachable: retry 1wd after the call (09-25 a holiday)"
export PLAINDESK_NOW=2026-09-25T11:00
expect 0 cust-care visit 闰年公司 --channel onsite --outcome done --satisfaction 4 --needs "需要新的报价"
check_eq "$(st C-0015 next_visit_due)|$(st C-0015 last_visit_at)" \
	"2026-09-29T11:00:00+08:00|2026-09-25T11:00:00+08:00" "done: every after the visit"
check_eq "$(last C-0015 satisfaction)|$(last C-0015 needs)" "4|需要新的报价" "visit event"
store_ok "visits"

# A change of every counts from the last visit done.
expect 0 cust-care plan C-0015 --owner S-li --every 10d
# 10d lands on 10-05, a holiday: the next working instant.
check_eq "$(st C-0015 next_visit_due)" 2026-10-08T09:00:00+08:00 "every changed"
check_eq "$(jq -c .state.occasions care/C-0015.json)" '[{"date":"02-29","label":"生日"}]' "occasions kept"

# Follow-up calls of closed tickets are on the same list.
t=$(ticket-open --kind complaint --channel phone --customer C-0016 --title "Noise" \
	--severity general --category venue --assignee S-wang)
ticket-update "$t" ack >/dev/null
ticket-update "$t" resolve --solution apology >/dev/null
ticket-update "$t" close --satisfaction 4 --accepted yes >/dev/null
check_eq "$(due_on 2026-09-29 --owner S-wang | grep followup)" "" "not due yet"
check_eq "$(due_on 2026-09-30 --owner S-wang | grep followup)" \
	"2026-09-30 followup C-0016 Noise" "follow-up on its working day"
expect 0 cust-care due --format json
check_eq "$(jq -r '.[0] | keys_unsorted | join(",")' <<<"$(PLAINDESK_NOW=2026-10-09T12:00 cust-care due --format json)")" \
	"due,overdue,kind,customer,name,owner,ticket,what" "due: json keys"

# --show-contact: contact_roles only.
refused 77 cust-care due --show-contact --within 30d
export PLAINDESK_ACTOR=S-chen
expect 0 cust-care due --show-contact --within 30d --format csv
check_has "$OUT" "leap@example.com" "contact shown"
unset PLAINDESK_ACTOR

# missing: vip and key customers without an active plan.
expect 0 cust-care missing
check_eq "$(wc -l <<<"$OUT")" 1 "none missing"
run cust-care missing --check
check_eq "$RC" 0 "--check: none missing"
expect 0 cust-care end C-0013 --reason "合同结束"
check_eq "$(st C-0013 status)|$(st C-0013 next_visit_due)" "ended|null" "ended"
refused 65 cust-care visit C-0013 --channel phone --outcome done
check_has "$ERR" "the care plan of C-0013 has ended" "ended plan"
run cust-care missing --check --format csv
check_eq "$RC" 1 "--check: one missing"
check_has "$OUT" "C-0013,北京会展公司,key" "the key customer"
expect 0 cust-care plan C-0013 --owner S-li
check_eq "$(st C-0013 status)" active "planned again"

# list, show, history.
expect 0 cust-care list --format json
check_eq "$(jq length <<<"$OUT")" 3 "three plans"
expect 0 cust-care list --owner S-li --format csv
check_eq "$(wc -l <<<"$OUT")" 3 "S-li's two plans"
expect 0 cust-care show Acme\ Ltd
check_has "$OUT" "occasion:    09-25 生日" "show text"
expect 0 cust-care show C-0012 --format json
check_eq "$OUT" "$(cat care/C-0012.json)" "show json: as stored"
expect 0 cust-care show C-0012 --history --format json
check_eq "$(jq '.history | length' <<<"$OUT")" 2 "two commits"
check_eq "$(jq -r '.record.customer' <<<"$OUT")" C-0012 "history json: the record"
check_eq "$(jq -r '[.history[].commit] | join(" ")' <<<"$OUT")" \
	"$(git log --format=%H -- care/C-0012.json | tr '\n' ' ' | sed 's/ $//')" \
	"history json: the commits git log lists"
expect 0 cust-care show C-0012 --history --format csv
check_eq "${OUT%%$'\r\n'*}" "commit,date,author,committer,command,subject" \
	"history csv: the columns"
last=$(git log -1 --format=%H -- care/C-0012.json)
check_has "$OUT" "$last,$(git log -1 --format=%aI "$last"),Test Runner <runner@example.com>,,cust-care,\"$(git log -1 --format=%s "$last" | sed 's/"/""/g')\"" \
	"history csv: the last commit"
refused 66 cust-care show C-0016
store_ok "end"

# Two clones change one plan and one article: the merge driver unions
# their events and folds the state again.
kid=$(kb new --title "Wi-Fi" --problem "drops" --solution "restart")
git clone -q --bare "$STORE" "$TEST_TMP/central.git"
for side in A B; do
	git clone -q "$TEST_TMP/central.git" "$TEST_TMP/$side"
	plaindesk-init "$TEST_TMP/$side" >/dev/null
done
(cd "$TEST_TMP/A" && PLAINDESK_NOW=2026-10-12T10:00 cust-care visit C-0012 --channel onsite --outcome done >/dev/null &&
	PLAINDESK_NOW=2026-10-12T10:00 kb revise "$kid" --tag a >/dev/null &&
	git push -q origin main)
(cd "$TEST_TMP/B" && PLAINDESK_NOW=2026-10-12T11:00 cust-care touch C-0012 --occasion 国庆节 --what greeting >/dev/null &&
	PLAINDESK_NOW=2026-10-12T11:00 kb revise "$kid" --title "Wi-Fi drops" >/dev/null &&
	git pull -q --no-rebase --no-edit origin main 2>"$TEST_TMP/merge.err")
check_eq "$?" 0 "merge: $(cat "$TEST_TMP/merge.err")"
cd "$TEST_TMP/B"
check_eq "$(jq -r '[.events[].type] | join(",")' care/C-0012.json)" "plan,touch,visit,touch" "care events unioned in time order"
check_eq "$(st C-0012 last_visit_at)" 2026-10-12T10:00:00+08:00 "care state refolded"
check_eq "$(jq -r '[.state.title, (.state.tags | join(";")), .state.version] | join("|")' "kb/2026/09/$kid.json")" \
	"Wi-Fi drops|a|3" "article: both revisions"
run plaindesk-check --quiet
check_eq "$RC" 0 "merged store is consistent: $OUT"
# hline COMMIT WHO COMMAND: the first line of COMMIT's entry in a history.
hline() {
	printf '  %s  %s  %s  %s  %s' "$(git rev-parse --short=12 "$1")" \
		"$(git log -1 --format=%aI "$1")" "$2" "$3" \
		"$(git log -1 --format=%s "$1")"
}
# eline FILE TYPE: the line of the event of TYPE the record FILE has last.
eline() {
	jq -r --arg t "$2" '[.events[] | select(.type == $t)][-1] |
		"      + \(.id) \(.type) by \(.by) at \(.at)"' "$1"
}
touch=$(git log -1 --format=%H --grep="C-0012 touch" HEAD^1)
visit=$(git log -1 --format=%H --grep="C-0012 visit" HEAD^2)
expect 0 cust-care show C-0012 --history
check_has "$OUT" "last visit:  2026-10-12 10:00" "history: the plan first"
check_has "$OUT" "History:
$(hline HEAD "Test Runner <runner@example.com>" "(merge)")
      state.last_visit_at: null → 2026-10-12T10:00:00+08:00
" "cust-care history: the merge, and what it took from the other side"
check_has "$OUT" "$(hline "$touch" "Test Runner <runner@example.com>" cust-care)
$(eline care/C-0012.json touch)
" "cust-care history: this side's touch"
check_has "$OUT" "$(hline "$visit" "Test Runner <runner@example.com>" cust-care)
$(eline care/C-0012.json visit)
      state.last_visit_at: null → 2026-10-12T10:00:00+08:00
" "cust-care history: the other side's visit"
art=kb/2026/09/$kid.json
expect 0 kb show "$kid" --history
check_has "$OUT" "$(hline HEAD "Test Runner <runner@example.com>" "(merge)")
      state.tags: [] → [\"a\"]
      state.version: 2 → 3
" "kb history: the merge took the other side's tag"
check_has "$OUT" "$(hline "$(git log -1 --format=%H --grep="$kid revise" HEAD^1)" \
	"Test Runner <runner@example.com>" kb)
      + $(jq -r '[.events[] | select(.type == "revise")][-1].id' "$art") revise by Test Runner at 2026-10-12T11:00:00+08:00
      state.title: Wi-Fi → Wi-Fi drops
      state.version: 1 → 2
" "kb history: a revision"
# A hand edit: its fields, and the audit's problems marked.
owner=$(st C-0012 owner)
jq '.state.owner = "S-zhao"' care/C-0012.json >x && mv x care/C-0012.json
git commit -qam "owner by hand"
expect 0 cust-care show C-0012 --history
check_has "$OUT" "History:
$(hline HEAD "Test Runner <runner@example.com>" "(hand edit)")
      state.owner: $owner → S-zhao
    ! no-trailers: changed by a commit without a Plaindesk-Command trailer
    ! no-event: changed without adding an event
$(hline HEAD~1 "Test Runner <runner@example.com>" "(merge)")
" "cust-care history: a hand edit"
expect 0 kb show "$kid" --history --format json
check_eq "$(jq -r '[.history[].command] | join(" ")' <<<"$OUT")" \
	"(merge) kb kb kb" "kb history json: the commands"
check_eq "$(jq -r '.record.id' <<<"$OUT")" "$kid" "kb history json: the record"
cd "$STORE"

# A hand edit is reported.
jq '.state.owner = "S-li"' care/C-0012.json > x && mv x care/C-0012.json
run plaindesk-check
check_eq "$RC" 65 "check finds it"
check_has "$OUT" "care/C-0012.json: state does not agree with the events" "message"
git checkout -q -- .
finish
