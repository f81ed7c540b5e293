# ticket-open: options, SLA deadlines, new customers, CSV imports, refusals.
. "$(dirname "$0")/lib.sh"

new_store
export PLAINDESK_NOW=2026-11-20T17:55+08:00
expect 0 ticket-open --kind complaint --channel phone --customer C-0012 \
	--title "Projector failed in room 3" --severity general \
	--category equipment --by S-li --assignee S-wang
id=$OUT
[[ $id =~ ^T-261120-[0-9A-HJKMNP-TV-Z]{6}$ ]] && pass || fail "id form: $id"
f=tickets/2026/11/$id.json
[ -f "$f" ] && pass || fail "record at $f"
clean_status "after open"
check_eq "$(git log -1 --format=%s)" \
	"ticket-open: $id complaint/general \"Projector failed in room 3\"" "subject"
check_has "$(git log -1 --format=%B)" "Plaindesk-Record: $id" "record trailer"
check_eq "$(git log -1 --format='%an <%ae>')" "Li Na <li@example.com>" "author is the actor"
# 10 minutes from Friday 17:55 on the business clock is Monday 09:05.
check_eq "$(jget "$f" .state.response_due)" "2026-11-23T09:05:00+08:00" "response due"
# 2d is Sunday 17:55, outside working time: the next working instant,
# and never before the response deadline.
check_eq "$(jget "$f" .state.resolution_due)" "2026-11-23T09:05:00+08:00" "2d moved to working time"
check_eq "$(jget "$f" .state.level)" 0 "general starts at agent"
# The customer's tier when it came in, and the rule that applied.
check_eq "$(jget "$f" .tier)" vip "tier recorded"
check_eq "$(jget "$f" .rule)" complaint/general "rule recorded"
check_eq "$(jget "$f" .state.assignee)" S-wang "assignee"
check_eq "$(jget "$f" '.events[0].by')" S-li "event by"
check_eq "$(jget "$f" '[.events[].type]|join(",")')" "open,assign" "events"
check_eq "$(jq -r 'keys_unsorted|join(",")' "$f")" \
	"id,kind,channel,customer,tier,meeting,category,severity,rule,title,description,opened_at,state,events" \
	"key order"
check_eq "$(tail -c 2 "$f" | od -An -c | tr -d ' ')" '}\n' "one trailing newline"

# A make-up working Sunday counts: 10m from Friday 17:55 lands on it.
printf 'date,kind,name\n2026-11-22,workday,make-up day\n' > registers/holidays.csv
git commit -qam "make-up day"
expect 0 ticket-open --kind complaint --channel phone --customer C-0012 \
	--title "Sunday" --severity general --category venue
check_eq "$(jget tickets/2026/11/$OUT.json .state.response_due)" \
	"2026-11-22T09:05:00+08:00" "make-up Sunday"

# Major complaints start at the top of the ladder.
expect 0 ticket-open --kind complaint --channel onsite --customer "Acme Ltd" \
	--title "Major" --severity major --category attitude
check_eq "$(jget tickets/2026/11/$OUT.json .state.level)" 2 "major at gm"
check_eq "$(jget tickets/2026/11/$OUT.json .customer)" C-0012 "customer by name"

# --at back-fills; --description - reads stdin; Chinese text is kept.
export PLAINDESK_NOW=2026-11-24T10:00+08:00
id=$(printf '投影仪坏了\n第二行\n' | ticket-open --kind inquiry --channel email \
	--customer C-0013 --title "会议室投影仪" --description - --at "2026-11-23 09:30")
f=tickets/2026/11/$id.json
[[ $id == T-261123-* ]] && pass || fail "id dated by --at: $id"
check_eq "$(jget "$f" .opened_at)" "2026-11-23T09:30:00+08:00" "--at"
check_eq "$(jget "$f" .description)" $'投影仪坏了\n第二行' "description from stdin"
check_eq "$(jget "$f" .state.resolution_due)" "2026-11-24T09:30:00+08:00" "1wd"

# Text from other systems: CRLF becomes LF; RFC 3339 fractions are read;
# dates an id cannot hold are refused.
id=$(printf 'line one\r\nline two\r\n' | ticket-open --kind inquiry --channel email \
	--customer C-0013 --title crlf --description - --at 2026-11-23T09:30:00.250+08:00)
check_eq "$(jget tickets/2026/11/$id.json .description)" $'line one\nline two' "CRLF description"
check_eq "$(jget tickets/2026/11/$id.json .opened_at)" "2026-11-23T09:30:00+08:00" "fraction dropped"
refused 65 ticket-open --kind inquiry --channel phone --customer C-0012 --title old --at 1999-12-31
check_has "$ERR" "years 2000 to 2099" "year range"

# New customers are added in the same commit.
expect 0 ticket-open --kind request --channel online --customer "New Corp" \
	--new-customer --tier potential --title "Need a room"
check_eq "$(git show --stat --format= HEAD | grep -c '|')" 2 "record and register in one commit"
check_has "$(cat registers/customers.csv)" ",New Corp,,potential," "customer row"
clean_status "after new customer"

# Refusals change nothing.
refused 65 ticket-open --kind complaint --channel phone --customer C-0012 --title x --severity hgh --category venue
check_has "$ERR" "unknown severity 'hgh' (expected major, important, general)" "enum message"
refused 65 ticket-open --kind gripe --channel phone --customer C-0012 --title x
refused 65 ticket-open --kind inquiry --channel phone --customer Nobody --title x
check_has "$ERR" "unknown customer 'Nobody'" "unknown customer"
refused 65 ticket-open --kind complaint --channel phone --customer C-0012 --title x
refused 65 ticket-open --kind inquiry --channel phone --customer C-0012 --title x --severity major
refused 65 ticket-open --kind inquiry --channel phone --customer C-0012 --title x --at 2026-02-30
refused 65 ticket-open --kind inquiry --channel phone --customer C-0012 --title x --at "2026-11-20 24:01"
refused 65 ticket-open --kind inquiry --channel phone --customer C-0012 --title x --at 2027-01-01
refused 65 ticket-open --kind inquiry --channel phone --customer C-0012 --title "$(printf 'a\001b')"
refused 65 ticket-open --kind inquiry --channel phone --customer C-0012 --title "$(printf 'bad \xff utf8')"
refused 65 ticket-open --kind inquiry --channel phone --customer C-0012 --title "$(printf '%0201d' 0)"
refused 65 ticket-open --kind inquiry --channel phone --customer C-0012 --title x --assignee S-nobody
refused 66 ticket-open --kind inquiry --channel phone --customer C-0012 --title x --meeting M-261120-AAAAAA
refused 64 ticket-open --kind inquiry --channel phone --customer C-0012 --title x --meeting ../../etc
refused 64 ticket-open --kind inquiry --channel phone --customer C-0012
refused 64 ticket-open --bogus
check_eq "$(printf '%0200d' 0 | wc -c)" 200 "200 chars"
expect 0 ticket-open --kind inquiry --channel phone --customer C-0012 --title "$(printf '%0200d' 0)"

# A name two rows share is refused, naming both; an empty --by too.
echo 'S-li2,Li Na,li2@example.com,manager,desk,yes' >> registers/staff.csv
echo 'C-0099,Acme Ltd,Acme Two,general,,,2025-01-01,,' >> registers/customers.csv
git commit -qam "namesakes"
refused 65 ticket-open --kind inquiry --channel phone --customer C-0012 --title x --assignee "Li Na"
check_has "$ERR" "'Li Na' names more than one staff member (S-li, S-li2)" "ambiguous staff"
refused 65 ticket-open --kind inquiry --channel phone --customer "Acme Ltd" --title x
check_has "$ERR" "(C-0012, C-0099)" "ambiguous customer"
refused 65 ticket-open --kind inquiry --channel phone --customer C-0012 --title x --by "Li Na"
refused 64 ticket-open --kind inquiry --channel phone --customer C-0012 --title x --by ""
git reset -q --hard HEAD~1

# --dry-run writes nothing and shows the record.
refused_dry() {
	local head; head=$(git rev-parse HEAD)
	expect 0 "$@"
	check_eq "$(git rev-parse HEAD)" "$head" "dry run made no commit"
	clean_status "dry run"
}
refused_dry ticket-open --dry-run --kind inquiry --channel phone --customer C-0012 --title "Dry"
check_has "$OUT" '"title": "Dry"' "dry run shows the record"

# Bulk import: all or none, one commit; BOM and CRLF accepted.
printf '\xef\xbb\xbfkind,channel,customer,title,severity,category,description\r\ncomplaint,phone,C-0012,"Noisy, hot room",general,venue,"two\r\nlines"\r\ninquiry,email,C-0013,"问 ""价格""",,,\r\n' > "$TEST_TMP/in.csv"
head=$(git rev-parse HEAD)
expect 0 ticket-open --from-csv "$TEST_TMP/in.csv"
check_eq "$(echo "$OUT" | wc -l | tr -d ' ')" 2 "two ids printed"
check_eq "$(git rev-list --count $head..HEAD)" 1 "one commit for the import"
check_eq "$(git show --stat --format= HEAD | grep -c 'tickets/')" 2 "two records"
check_has "$(git log -1 --format=%B)" "Plaindesk-Record: $(echo "$OUT" | head -n 1)" "trailers"
check_eq "$(ticket-show --format json "$(echo "$OUT" | tail -n 1)" | jq -r .title)" '问 "价格"' "quoted field"
check_eq "$(ticket-show --format json "$(echo "$OUT" | head -n 1)" | jq -r .description)" $'two\nlines' "CRLF inside a cell"
printf 'kind,channel,customer,title\ninquiry,email,C-0012,ok\ninquiry,email,Nobody,bad\n' > "$TEST_TMP/bad.csv"
refused 65 ticket-open --from-csv "$TEST_TMP/bad.csv"
check_has "$ERR" "line 3" "names the line"
printf 'kind,channel,customer,title\ninquiry,email,C-0012,"unbalanced\n' > "$TEST_TMP/bad.csv"
refused 65 ticket-open --from-csv "$TEST_TMP/bad.csv"
printf 'kind,channel,client,title\ninquiry,email,C-0012,x\n' > "$TEST_TMP/bad.csv"
refused 65 ticket-open --from-csv "$TEST_TMP/bad.csv"
check_has "$ERR" "unknown column 'client'" "wrong header"
refused 66 ticket-open --from-csv "$TEST_TMP/missing.csv"

# Output errors are caught.
expect 0 ticket-open --kind inquiry --channel phone --customer C-0012 --title full >/dev/null
run sh -c 'ticket-list > /dev/full'
check_eq "$RC" 74 "ticket-list > /dev/full"
finish
