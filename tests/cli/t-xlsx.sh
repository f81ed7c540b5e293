# Listings and KPI reports for spreadsheets: --format xlsx only to a file
# (-o FILE), --bom for CSV, -o FILE written whole; read back by openpyxl.
. "$(dirname "$0")/lib.sh"
# Its messages are asserted in English: a zh-CN store speaks Chinese
# unless the environment names a language (tests/lang checks that).
export LANGUAGE=en

new_store --locale zh-CN
export PLAINDESK_NOW=2026-11-20T10:00+08:00
a=$(ticket-open --kind complaint --channel phone --customer C-0013 \
	--title "投影仪故障" --severity important --category equipment \
	--assignee S-wang)
b=$(ticket-open --kind inquiry --channel email --customer C-0012 \
	--title '=HYPERLINK("x")' --assignee S-li)
mtg=$(mtg-plan new --type routine --title "周例会" \
	--start "2026-11-23 10:00" --duration 90m --room R-2 \
	--organizer S-chen --attendee S-wang --agenda "进度|30|S-wang|inform" \
	--by S-chen)
[ -n "$a" ] && [ -n "$b" ] && [ -n "$mtg" ] && pass || fail "setup"

# Never a spreadsheet to a terminal or a pipe.
refused 64 ticket-list --format xlsx
check_has "$ERR" "--format xlsx needs -o FILE" "ticket-list says why"
refused 64 mtg-plan list --format xlsx
refused 64 mtg-minutes actions --format xlsx
refused 64 kpi-report --format xlsx
refused 64 kpi-report --format xlsx --save -o "$TEST_TMP/k.xlsx"
check_has "$ERR" "-o goes without --save" "kpi-report: -o is for printing"
[ ! -e "$TEST_TMP/k.xlsx" ] && pass || fail "nothing written when refused"
refused 64 ticket-list -o
refused 64 mtg-plan show "$mtg" -o "$TEST_TMP/x"

# CSV: to standard output or, the same bytes, to a file; --bom first.
expect 0 ticket-list --format csv --fields title
csv=$OUT
expect 0 ticket-list --format csv --fields title -o "$TEST_TMP/l.csv"
check_eq "$OUT" "" "nothing on standard output with -o"
check_eq "$(<"$TEST_TMP/l.csv")" "$csv" "-o FILE has what standard output had"
expect 0 ticket-list --format csv --fields title --bom -o"$TEST_TMP/b.csv"
check_eq "$(head -c 3 "$TEST_TMP/b.csv" | od -An -tx1 | tr -d ' ')" "efbbbf" \
	"--bom: the UTF-8 byte-order mark first"
check_eq "$(tail -c +4 "$TEST_TMP/b.csv")" "$csv" "then the same CSV"
check_eq "$(head -c 3 "$TEST_TMP/l.csv" | od -An -tx1 | tr -d ' ')" "69642c" \
	"no mark without --bom"
expect 0 mtg-plan list --format csv --bom -o "$TEST_TMP/m.csv"
check_eq "$(head -c 3 "$TEST_TMP/m.csv" | od -An -tx1 | tr -d ' ')" "efbbbf" \
	"mtg-plan list --bom"
expect 0 kpi-report --week 2026-W47 --format csv --bom -o "$TEST_TMP/k.csv"
check_eq "$(head -c 3 "$TEST_TMP/k.csv" | od -An -tx1 | tr -d ' ')" "efbbbf" \
	"kpi-report --bom"
check_has "$(<"$TEST_TMP/k.csv")" $'section,key,group,value\r\n' \
	"kpi-report CSV with CRLF"

# xlsx: written to the file, read back.
expect 0 ticket-list --format xlsx --fields kind,title -o "$TEST_TMP/t.xlsx"
expect 0 mtg-plan list --format xlsx -o "$TEST_TMP/m.xlsx"
expect 0 mtg-minutes actions --format xlsx -o "$TEST_TMP/a.xlsx"
expect 0 kpi-report --week 2026-W47 --format xlsx -o "$TEST_TMP/k.xlsx"
clean_status "listings change nothing"
if python_with openpyxl; then
	put "$TEST_TMP/read.py" <<'PY'
import sys, openpyxl
d, a, b, m = sys.argv[1:5]
def rows(name):
    wb = openpyxl.load_workbook(d + "/" + name)
    return wb, [[c.value for c in r] for r in wb.worksheets[0].iter_rows()]
wb, t = rows("t.xlsx")
print("tickets", t[0], sorted(map(tuple, t[1:])) == sorted([
    (a, "complaint", "投影仪故障"), (b, "inquiry", '=HYPERLINK("x")')]))
c = wb.worksheets[0]["C3"] if t[2][0] == b else wb.worksheets[0]["C2"]
print("formula", c.data_type)
wb, mr = rows("m.xlsx")
print("meetings", mr[0][0], mr[1][0] == m, mr[1][2], type(mr[1][2]).__name__)
wb, ar = rows("a.xlsx")
print("actions", ar[0][:3], len(ar))
wb = openpyxl.load_workbook(d + "/k.xlsx")
print("sheets", len(wb.sheetnames) > 1, all(wb.sheetnames))
nums = [c.value for ws in wb.worksheets for r in ws.iter_rows()
        for c in r if isinstance(c.value, (int, float))]
print("numbers", len(nums) > 0)
print("notices", [r[1] for ws in wb.worksheets for r in ws.iter_rows(values_only=True)
                  if "客户告知通知数" in r])
PY
	run "$PY" "$TEST_TMP/read.py" "$TEST_TMP" "$a" "$b" "$mtg"
	check_eq "$RC" 0 "openpyxl reads them: $ERR"
	check_has "$OUT" "tickets ['id', 'kind', 'title'] True" "ticket-list xlsx cells"
	check_has "$OUT" "formula s" "user text stays text, never a formula"
	check_has "$OUT" "meetings id True 90 int" "mtg-plan list: minutes as a number"
	check_has "$OUT" "actions ['id', 'owner', 'due'] 1" "mtg-minutes actions: header"
	check_has "$OUT" "sheets True True" "kpi-report: one sheet per section"
	check_has "$OUT" "numbers True" "kpi-report: numbers as numbers"
	check_has "$OUT" "notices [0]" "kpi-report: the customer notices row"
else
	skip "python3-openpyxl is not installed"
fi

finish
