# ticket-show and ticket-list: text, JSON, CSV, filters, sorting, CJK.
. "$(dirname "$0")/lib.sh"

new_store
export PLAINDESK_NOW=2026-11-20T10:00+08:00
a=$(ticket-open --kind complaint --channel phone --customer C-0012 --title "Projector failed" \
	--severity important --category equipment --assignee S-wang)
export PLAINDESK_NOW=2026-11-20T10:01+08:00
b=$(ticket-open --kind inquiry --channel email --customer C-0013 --title "会议室价格" --assignee S-li)
export PLAINDESK_NOW=2026-11-20T10:02+08:00
c=$(ticket-open --kind complaint --channel onsite --customer C-0012 --title "=HYPERLINK(\"x\")" \
	--severity general --category attitude)

# show: text with deadlines and time left, JSON exactly as stored.
export PLAINDESK_NOW=2026-11-20T10:30+08:00
expect 0 ticket-show "$a"
check_has "$OUT" "$a  complaint/important  open" "header line"
check_has "$OUT" "Response:    due 2026-11-20T11:00:00+08:00, 30m left" "time left"
check_has "$OUT" "Customer:    C-0012 (Acme Ltd)" "customer name"
check_lacks "$OUT" "ops@acme.example" "no contact details by default"
PLAINDESK_ACTOR=S-chen expect 0 ticket-show --show-contact "$a"
check_has "$OUT" "ops@acme.example" "contact with --show-contact"
export PLAINDESK_NOW=2026-11-20T11:45+08:00
expect 0 ticket-show "$a"
check_has "$OUT" "overdue by 45m" "overdue"
expect 0 ticket-show --format json "$a"
check_eq "$OUT" "$(cat tickets/2026/11/$a.json)" "json is the record as stored"
short=${a:9:4}
expect 0 ticket-show "$short"
check_has "$OUT" "$a" "short id"
expect 0 ticket-show --history "$a"
check_has "$OUT" "ticket-open: $a" "history lists the commit"
expect 0 ticket-show --history --format json "$a"
check_eq "$(echo "$OUT" | jq -r '.history[0].subject')" \
	"ticket-open: $a complaint/important \"Projector failed\"" "json history"
expect 66 ticket-show T-261120-ZZZZZZ
expect 64 ticket-show "../../../etc/passwd"
expect 64 ticket-show 'T-261120-K7QF2A;rm'
expect 64 ticket-show ab
expect 66 ticket-show ZZZZ
expect 64 ticket-show
expect 64 ticket-show --format csv "$a"
check_has "$ERR" "unknown format 'csv' (expected text, json)" "show has no csv"

# Ambiguous prefixes name both candidates.
mkdir -p tickets/2026/11
sed "s/$a/T-261120-QQQQQ1/" tickets/2026/11/$a.json > tickets/2026/11/T-261120-QQQQQ1.json
sed "s/$a/T-261120-QQQQQ2/" tickets/2026/11/$a.json > tickets/2026/11/T-261120-QQQQQ2.json
expect 65 ticket-show QQQQ
check_has "$ERR" "T-261120-QQQQQ1" "names first"
check_has "$ERR" "T-261120-QQQQQ2" "names second"
rm tickets/2026/11/T-261120-QQQQQ*

# list: default fields, filters, formats.
expect 0 ticket-list
check_eq "$(echo "$OUT" | head -n 1)" \
	"ID               STATUS  KIND       SEVERITY   ASSIGNEE  RESOLUTION_DUE  TITLE" "header"
check_eq "$(echo "$OUT" | wc -l | tr -d ' ')" 4 "three tickets"
# CJK text aligns by display width: the title column starts at the same column.
line=$(echo "$OUT" | grep 会议室)
check_has "$line" "S-li      11-23 10:01     会议室价格" "CJK row (a short time)"
expect 0 ticket-list --kind complaint --format json
check_eq "$(echo "$OUT" | jq length)" 2 "kind filter"
check_eq "$(echo "$OUT" | jq -r '.[0].id')" "$a" "sorted by opening"
expect 0 ticket-list --severity important --fields title,level,paused --format json
check_eq "$(echo "$OUT" | jq -c '.[0]')" "{\"id\":\"$a\",\"title\":\"Projector failed\",\"level\":1,\"paused\":false}" "typed json"
expect 0 ticket-list --assignee "Li Na" --format csv
check_eq "$(echo "$OUT" | tr -d '\r')" "id,status,kind,severity,assignee,resolution_due,title
$b,open,inquiry,,S-li,2026-11-23T10:01:00+08:00,会议室价格" "csv and assignee by name"
expect 0 ticket-list --customer C-0012 --format csv --fields title
check_has "$OUT" "'=HYPERLINK" "formula neutralised"
expect 0 ticket-list --customer C-0012 --format csv --fields title --raw
check_has "$OUT" '"=HYPERLINK(""x"")"' "raw csv"
expect 0 ticket-list --overdue --format json
check_eq "$(echo "$OUT" | jq -r 'map(.id)|join(",")')" "$a,$b,$c" "overdue"
export PLAINDESK_NOW=2026-11-20T10:45+08:00
expect 0 ticket-list --overdue --format json
check_eq "$(echo "$OUT" | jq -r 'map(.id)|join(",")')" "$c" "only the 10-minute one is overdue"
export PLAINDESK_NOW=2026-11-20T11:45+08:00
expect 0 ticket-list --status open,closed --sort -level --format csv --fields level
check_eq "$(echo "$OUT" | sed -n 2p | tr -d '\r')" "$a,1" "sort descending by level"
expect 0 ticket-list --opened-from 2026-11-21
check_eq "$(echo "$OUT" | wc -l | tr -d ' ')" 1 "only the header"
expect 0 ticket-list --format json --opened-to 2026-11-20
check_eq "$OUT" "[]" "empty json"
expect 0 ticket-list --fields customer_name --format json --kind inquiry
check_eq "$(echo "$OUT" | jq -r '.[0].customer_name')" "北京会展公司" "customer name field"
expect 64 ticket-list --fields customer_email
PLAINDESK_ACTOR=S-chen expect 0 ticket-list --fields customer_email --show-contact --format csv --kind inquiry
check_has "$OUT" "$b,contact@bj.example" "contact field with --show-contact"
# Sorting by a field not shown fetches it without showing it; contact
# data cannot order a listing without --show-contact.
expect 0 ticket-list --sort level --fields title --format csv
check_eq "$(echo "$OUT" | tr -d '\r' | sed -n '1p;$p')" "id,title
$a,Projector failed" "sort by a hidden field"
expect 64 ticket-list --sort customer_email
check_has "$ERR" "field 'customer_email' is contact data" "no sorting by contact data"
PLAINDESK_ACTOR=S-chen expect 0 ticket-list --sort customer_email --show-contact
expect 64 ticket-list --fields nope
expect 65 ticket-list --status lost
expect 64 ticket-list --opened-from yesterday
expect 64 ticket-list --format xml
run sh -c 'ticket-list > /dev/full'
check_eq "$RC" 74 "list to /dev/full"
run sh -c "ticket-show $a > /dev/full"
check_eq "$RC" 74 "show to /dev/full"

# Control characters that reached a record another way are stripped.
jq '.title = "bad\u001b[31mred"' tickets/2026/11/$b.json > x && mv x tickets/2026/11/$b.json
expect 0 ticket-list --kind inquiry
check_lacks "$OUT" $'\e' "no escape in text"
check_has "$OUT" "bad[31mred" "rest of the title kept"
# The customer register is read only for a column that comes from it.
cp registers/customers.csv "$TEST_TMP/customers.csv"
printf 'bad,"unterminated\n' > registers/customers.csv
expect 0 ticket-list
check_lacks "$ERR" "customer names not shown" "no customer column: the register is not read"
expect 65 ticket-list --fields customer_name
check_has "$ERR" "(customer names not shown)" "a customer column reads the register"
cp "$TEST_TMP/customers.csv" registers/customers.csv

finish
