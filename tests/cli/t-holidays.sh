# Deadlines that hold over the 2026 Chinese holidays (DESIGN §5): tickets
# of every default rule opened at awkward moments around every holiday
# and make-up working day of examples/registers/holidays.csv, their
# deadlines compared with an independent computation (Python, minute by
# minute, written from DESIGN §5 and not from lib/time/clock.c).
. "$(dirname "$0")/lib.sh"

top=$(cd "$(dirname "$0")/../.." && pwd)
new_store --locale zh-CN
cp "$top/examples/registers/holidays.csv" registers/holidays.csv
git commit -qam "2026 holidays"
# The register is the one of the announcement: nothing more, nothing less.
check_eq "$(tail -n +2 registers/holidays.csv | awk -F, '$2 == "holiday" {print $1}' | paste -sd' ')" \
	"2026-01-01 2026-01-02 2026-02-16 2026-02-17 2026-02-18 2026-02-19 2026-02-20 2026-02-23 2026-04-06 2026-05-01 2026-05-04 2026-05-05 2026-06-19 2026-09-25 2026-10-01 2026-10-02 2026-10-05 2026-10-06 2026-10-07" \
	"weekday holidays"
check_eq "$(tail -n +2 registers/holidays.csv | awk -F, '$2 == "workday" {print $1}' | paste -sd' ')" \
	"2026-01-04 2026-02-14 2026-02-28 2026-05-09 2026-09-20 2026-10-10" "make-up days"

# The tickets: each default rule, opened on each holiday and make-up day
# and the day before it, before opening, near and at closing time, and
# in the evening.
python3 - registers/holidays.csv > "$TEST_TMP/tickets.csv" <<'PY'
import csv, datetime as dt, sys
days = set()
for row in csv.DictReader(open(sys.argv[1], encoding="utf-8")):
    d = dt.date.fromisoformat(row["date"])
    for k in (-1, 0):
        days.add(d + dt.timedelta(days=k))
kinds = [("complaint", "general", "phone"), ("complaint", "important", "phone"),
         ("complaint", "major", "phone"), ("inquiry", "", "email"),
         ("inquiry", "", "online"), ("suggestion", "", "email"),
         ("request", "", "onsite")]
out = csv.writer(sys.stdout, lineterminator="\n")
out.writerow(["kind", "severity", "category", "channel", "customer", "title", "at"])
for d in sorted(days):
    for hm in ("08:30", "17:55", "18:00", "20:00"):
        for kind, sev, channel in kinds:
            at = f"{d.isoformat()}T{hm}"
            out.writerow([kind, sev, "venue" if sev else "", channel, "C-0014",
                          f"{kind}/{sev}@{channel} {at}", at])
PY
export PLAINDESK_NOW=2026-12-31T23:00
expect 0 ticket-open --from-csv "$TEST_TMP/tickets.csv"
n=$(wc -l <<<"$OUT" | tr -d ' ')
check_eq "$n" "$(($(wc -l < "$TEST_TMP/tickets.csv") - 1))" "all opened in one commit"

# What the store says, one line a ticket.
jq -r '[.title, .state.response_due, .state.resolution_due] | @tsv' tickets/*/*/*.json |
	sort > "$TEST_TMP/store.tsv"
# What DESIGN §5 says, computed here.
python3 - registers/holidays.csv "$TEST_TMP/tickets.csv" > "$TEST_TMP/want.tsv" <<'PY'
import csv, datetime as dt, sys
off, worked = set(), set()
for row in csv.DictReader(open(sys.argv[1], encoding="utf-8")):
    (off if row["kind"] == "holiday" else worked).add(dt.date.fromisoformat(row["date"]))
OPEN, CLOSE = 9 * 60, 18 * 60          # calendar.hours 09:00-18:00
def workday(d):
    return d in worked or (d not in off and d.weekday() < 5)
def mod(t):
    return t.hour * 60 + t.minute
def next_working(t):
    """t inside working time (the end of the day counts), else the next opening."""
    if workday(t.date()) and OPEN <= mod(t) <= CLOSE:
        return t
    d = t.date()
    if not (workday(d) and mod(t) < OPEN):
        d += dt.timedelta(days=1)
        while not workday(d):
            d += dt.timedelta(days=1)
    return dt.datetime.combine(d, dt.time(9, 0))
def next_open(t):
    """The first instant at or after t that starts a working minute."""
    d = t.date()
    if workday(d) and mod(t) < CLOSE:
        return max(t, dt.datetime.combine(d, dt.time(9, 0)))
    d += dt.timedelta(days=1)
    while not workday(d):
        d += dt.timedelta(days=1)
    return dt.datetime.combine(d, dt.time(9, 0))
def add_minutes(t, n):
    """n minutes of working time from t: the instant the n-th ends."""
    for _ in range(n):
        t = next_open(t) + dt.timedelta(minutes=1)
    return t
def add_days(t, n):
    return next_working(t + dt.timedelta(days=n))
def add_workdays(t, n):
    d = t.date()
    while n > 0:
        d += dt.timedelta(days=1)
        if workday(d):
            n -= 1
    return dt.datetime.combine(d, t.time())
def add(t, spec):
    num = int(spec.rstrip("mhwd"))
    if spec.endswith("wd"):
        return add_workdays(t, num)
    if spec.endswith("d"):
        return add_days(t, num)
    return add_minutes(t, num * (60 if spec.endswith("h") else 1))
rules = {
    ("complaint", "general", "phone"): ("10m", "2d"),
    ("complaint", "important", "phone"): ("1h", "3d"),
    ("complaint", "major", "phone"): ("1h", "2d"),
    ("inquiry", "", "email"): ("1h", "1wd"),
    ("inquiry", "", "online"): ("1m", "1wd"),
    ("suggestion", "", "email"): ("3wd", "5wd"),
    ("request", "", "onsite"): ("1h", "2d"),
}
fmt = lambda t: t.strftime("%Y-%m-%dT%H:%M:%S+08:00")
lines = []
for row in csv.DictReader(open(sys.argv[2], encoding="utf-8")):
    t = dt.datetime.fromisoformat(row["at"])
    resp, resol = rules[(row["kind"], row["severity"], row["channel"])]
    r = add(t, resp)
    s = max(add(t, resol), r)
    lines.append(f"{row['title']}\t{fmt(r)}\t{fmt(s)}")
print("\n".join(sorted(lines)))
PY
check_eq "$(wc -l < "$TEST_TMP/store.tsv" | tr -d ' ')" "$n" "every ticket read"
check_eq "$(diff "$TEST_TMP/want.tsv" "$TEST_TMP/store.tsv" | wc -l | tr -d ' ')" 0 \
	"deadlines as computed independently"
diff "$TEST_TMP/want.tsv" "$TEST_TMP/store.tsv" | head -n 10
# A few by hand, to be sure the two agree for the right reasons.
due() { grep -F "$1" "$TEST_TMP/store.tsv" | cut -f2-; }
check_eq "$(due 'complaint/general@phone 2026-09-24T17:55')" \
	"2026-09-28T09:05:00+08:00	2026-09-28T09:05:00+08:00" "Mid-Autumn: Monday, not the holiday Saturday"
check_eq "$(due 'complaint/major@phone 2026-09-30T17:55')" \
	"2026-10-08T09:55:00+08:00	2026-10-08T09:55:00+08:00" \
	"National Day: 5 minutes on the 30th, 55 on the 8th"
check_eq "$(due 'inquiry/@online 2026-10-09T17:55')" \
	"2026-10-09T17:56:00+08:00	2026-10-10T17:55:00+08:00" "the make-up Saturday counts"
check_eq "$(due 'request/@onsite 2026-02-13T17:55')" \
	"2026-02-14T09:55:00+08:00	2026-02-24T09:00:00+08:00" "Spring Festival: the 24th"
check_eq "$(due 'suggestion/@email 2026-09-30T20:00')" \
	"2026-10-10T20:00:00+08:00	2026-10-13T20:00:00+08:00" "working days at the same clock time"
expect 0 plaindesk-check --quiet
finish
