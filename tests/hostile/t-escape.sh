# Text from a hostile store, escaped for whoever reads it: no control
# character reaches a terminal (show, listings, reports in every format,
# errors and warnings), no CR or LF ends a line of an invitation (no
# ATTENDEE added), and nothing in an agenda or minutes becomes a link, an
# image, HTML or a heading in Markdown.
. "$(dirname "$0")/../cli/lib.sh"
. "$(dirname "$0")/canary.sh"

ESC=$'\e' BEL=$'\a' CSI=$'\xc2\x9b'

# no_controls WHAT TEXT: nothing a terminal would obey.  JSON is data: it
# keeps the C1 characters a record holds (as stored), escapes C0 and DEL.
no_controls() {
	local c1=$'\\|\xc2[\x80-\x9f]'
	[[ $1 == *json* ]] && c1=""
	if LC_ALL=C grep -q $'[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]'"$c1" <<<"$2"; then
		fail "$1: control characters: $(printf %q "${2:0:300}")"
	else
		pass
	fi
}

new_store
make_canary
open_ticket
# A hand edit: escapes in an event's key and value, in the assignee the
# reports group by, and in a customer id that errors quote.
jq --arg e "$ESC]0;pwned$BEL$ESC[2J" --arg c "$CSI" '
	.events += [{"id": "E-261120-K3Y0", "at": .opened_at, "by": "S-li",
		     "type": "note", "message": ("m" + $e), ($e + "key"): ($e + "v")},
		    {"id": "E-261120-A551", "at": .opened_at, "by": "S-li",
		     "type": "assign", "to": ("S-" + $e + "x" + $c)}]' \
	"$TREL" > "$TEST_TMP/t.json" && mv "$TEST_TMP/t.json" "$TREL"
commit_all "escapes in a record"
for cmd in "ticket-show $TID" "ticket-show $TID --format json" \
	"ticket-list" "ticket-list --format csv" "ticket-list --format json" \
	"ticket-list --fields id,assignee,title" \
	"kpi-report --week 2026-W47" "kpi-report --week 2026-W47 --format md" \
	"kpi-report --week 2026-W47 --format html" \
	"kpi-report --week 2026-W47 --format csv" \
	"kpi-report --week 2026-W47 --format json" "plaindesk-check"; do
	run $cmd
	check_lacks "$OUT$ERR" "$ESC" "$cmd: no ESC"
	no_controls "$cmd" "$OUT$ERR"
done
run ticket-show "$TID"
check_has "$OUT" "]0;pwned[2Jkey=" "ticket-show: the key, stripped"

# Errors and warnings that quote a record or an argument.
jq --arg e "$ESC[2J" '.kind = ("x" + $e)' "$TREL" > "$TEST_TMP/t.json" &&
	mv "$TEST_TMP/t.json" "$TREL"
commit_all "an escape in an enum"
for cmd in "ticket-list" "ticket-show $TID" "ticket-update $TID note --message x" \
	"kpi-report --week 2026-W47 --format md" "plaindesk-check" \
	"env PLAINDESK_NOW=2026-11-27T10:00 ticket-escalate"; do
	run $cmd
	check_lacks "$ERR$OUT" "$ESC" "$cmd: no ESC in what it says"
	no_controls "$cmd" "$ERR$OUT"
done
run ticket-show "T-261120-$ESC"
no_controls "an id argument with an escape" "$ERR"
run ticket-list --status "$ESC[2J"
check_has "$ERR" "error:" "an unknown status"
no_controls "a value argument with an escape" "$ERR"

# Invitations: a newline in a material (a text field may hold one) never
# ends a content line; the attendees are exactly those invited.
new_store
plan_meeting "2026-11-25 10:00" --material "https://example.com/a.pdf"
jq --arg x $'\nATTENDEE;CN=Evil:mailto:evil@attacker.example\nX' '
	.materials = ["https://example.com/a.pdf" + $x]' "$mrel" \
	> "$TEST_TMP/m.json" && mv "$TEST_TMP/m.json" "$mrel"
commit_all "a newline in a material"
expect 0 mtg-plan send "$mid" --ics "$TEST_TMP/invite.ics"
ics=$(cat "$TEST_TMP/invite.ics" 2>/dev/null)
check_lacks "$(tr -d '\r' <<<"$ics" | sed -n '/^ATTENDEE/p' | tr -d '\n')" \
	"attacker" "no attendee from the record"
check_eq "$(tr -d '\r' <<<"$ics" | grep -c '^ATTENDEE')" 1 "one attendee"
check_lacks "$(tr -d '\r' <<<"$ics" | grep -v '^ ' | cut -d: -f1 | sort -u | tr '\n' ' ')" \
	"X " "no property made of the rest"
if python3 -c 'import icalendar' 2>/dev/null; then
	python3 - "$TEST_TMP/invite.ics" <<'PY' && pass || fail "the invitation does not parse as one event with one attendee"
import sys, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
ev = [c for c in cal.walk("VEVENT")]
assert len(ev) == 1
att = ev[0].get("ATTENDEE")
att = att if isinstance(att, list) else [att]
assert len(att) == 1 and "wang@example.com" in str(att[0]), att
attach = str(ev[0].get("ATTACH"))
assert "\n" not in attach and "%0A" in attach, attach
PY
fi

# Markdown: names, topics, notes, decisions and actions render as text.
new_store
mid=$(mtg-plan new --type routine --title '[x](javascript:alert(1)) <script>' \
	--start "2026-11-25 10:00" --duration 30 --room R-1 --organizer S-chen \
	--attendee S-wang --agenda '![i](http://e.example/i.png)|20|S-chen|inform' \
	--material '<img src=x onerror=alert(1)>' 2>/dev/null) ||
	fail "mtg-plan new (markdown)"
expect 0 mtg-plan send "$mid" --agenda "$TEST_TMP/agenda.md"
expect 0 env PLAINDESK_NOW=2026-11-26T10:00 mtg-minutes record "$mid" \
	--started "2026-11-25 10:00" --ended "2026-11-25 10:30" --present S-wang \
	--outcome '1|achieved|see [here](javascript:x) and <img src=x onerror=y>' \
	--decision '# Fake section' \
	--action '[a](http://evil.example)|S-wang|2026-11-30|<b>done</b>'
run mtg-minutes render "$mid" --format md
for doc in agenda minutes; do
	[ $doc = agenda ] && text=$(cat "$TEST_TMP/agenda.md") || text=$OUT
	check_has "$text" "javascript" "$doc: the title is there"
	# What is left once every escaped character is taken out.
	bare=$(sed 's/\\.//g' <<<"$text")
	check_lacks "$bare" "](" "$doc: no link or image"
	check_lacks "$(grep -v '^<!--' <<<"$bare")" "<" "$doc: no HTML"
	check_lacks "$(grep '^#' <<<"$text")" "Fake" "$doc: no heading made"
done
# ... and the minutes read back from that Markdown are what was recorded.
run mtg-minutes render "$mid" --format md
printf '%s\n' "$OUT" > "$TEST_TMP/minutes.md"
before=$(jq -S '.minutes, .actions' "meetings/2026/11/$mid.json")
expect 0 env PLAINDESK_NOW=2026-11-26T11:00 mtg-minutes record "$mid" \
	--from-file "$TEST_TMP/minutes.md"
check_eq "$(jq -S '.minutes, .actions' "meetings/2026/11/$mid.json")" \
	"$before" "the Markdown minutes read back the same"
canary_same "escapes"

finish
