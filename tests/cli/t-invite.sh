# Calendar messages that reach everyone they concern, read back by two
# independent iCalendar parsers (python3-icalendar and python3-vobject):
# a cancellation carries its reason, and an update that takes attendees
# off records them for the next send.
. "$(dirname "$0")/lib.sh"

python_with icalendar && pass || fail "no python3 with the icalendar module"

# parse FILE: method, uid, sequence, status, comment and attendees, as
# python3-icalendar reads them, then the same as vobject reads them (or
# the first again when vobject is not installed).
parse() {
	"$PY" - "$1" <<'EOF'
import sys, icalendar
data = open(sys.argv[1], 'rb').read()
def facts(method, uid, seq, status, comment, attendees):
    return '%s|%s|%s|%s|%s|%s' % (method, uid, seq, status, comment,
                                  ','.join(sorted(attendees)))
cal = icalendar.Calendar.from_ical(data)
ev = cal.walk('VEVENT')[0]
att = ev.get('ATTENDEE', [])
att = att if isinstance(att, list) else [att]
print(facts(cal['METHOD'], ev['UID'], ev['SEQUENCE'], ev.get('STATUS', ''),
            ev.get('COMMENT', ''), [str(a) for a in att]))
try:
    import vobject
except ImportError:
    print(facts(cal['METHOD'], ev['UID'], ev['SEQUENCE'], ev.get('STATUS', ''),
                ev.get('COMMENT', ''), [str(a) for a in att]))
    sys.exit(0)
v = vobject.readOne(data.decode('utf-8'))
e = v.vevent
print(facts(v.method.value, e.uid.value, e.sequence.value,
            e.status.value if hasattr(e, 'status') else '',
            e.comment.value if hasattr(e, 'comment') else '',
            [a.value for a in e.contents.get('attendee', [])]))
EOF
}

# same_parse FILE WANT WHAT: both parsers read WANT from FILE.
same_parse() {
	local got
	got=$(parse "$1")
	check_eq "$(sed -n 1p <<<"$got")" "$2" "$3 (icalendar)"
	check_eq "$(sed -n 2p <<<"$got")" "$2" "$3 (vobject)"
}

new_store
export PLAINDESK_NOW=2026-11-20T10:00+08:00
m=$(mtg-plan new --type routine --title "Weekly sync" --start "2026-11-24 10:00" \
	--duration 1h --room R-2 --organizer S-chen --attendee S-wang \
	--attendee S-li --optional S-zhao --agenda "Status|20|S-wang|inform" --by S-chen)
f=meetings/2026/11/$m.json
expect 0 mtg-plan send "$m" --ics "$TEST_TMP/invite.ics" --by S-chen
same_parse "$TEST_TMP/invite.ics" \
	"REQUEST|$m@plaindesk|0|CONFIRMED||mailto:li@example.com,mailto:wang@example.com,mailto:zhao@example.com" \
	"the first invitation"

# An update that takes S-li and S-zhao off records whom it took off.
expect 0 mtg-plan update "$m" --attendee S-wang --by S-chen
check_eq "$(jq -c '.events[-1].removed' "$f")" '["S-li","S-zhao"]' \
	"the update names those taken off"
expect 0 plaindesk-check --quiet
# An update that takes nobody off records nothing of the kind.
expect 0 mtg-plan update "$m" --title "Weekly sync (room 2)" --by S-chen
check_eq "$(jq -c '.events[-1].removed' "$f")" null "nobody taken off"

# The next send: the invitation to those still invited, and beside it
# (FILE-cancel.ics) a CANCEL to those taken off, only their ATTENDEE lines.
expect 0 mtg-plan send "$m" --ics "$TEST_TMP/update.ics" --by S-chen
same_parse "$TEST_TMP/update.ics" \
	"REQUEST|$m@plaindesk|2|CONFIRMED||mailto:wang@example.com" \
	"the invitation goes to those still invited"
same_parse "$TEST_TMP/update-cancel.ics" \
	"CANCEL|$m@plaindesk|2||You are no longer invited to this meeting.|mailto:li@example.com,mailto:zhao@example.com" \
	"the cancellation goes to those taken off"
clean_status "after the send"
# Nobody taken off since: no cancellation.
expect 0 mtg-plan send "$m" --ics "$TEST_TMP/again.ics" --by S-chen
[ -e "$TEST_TMP/again.ics" ] && [ ! -e "$TEST_TMP/again-cancel.ics" ] &&
	pass || fail "a send with nobody taken off writes no cancellation"

# A cancellation says why, to everyone still invited.
expect 0 mtg-plan cancel "$m" --reason "Room flooded" --ics "$TEST_TMP/cancel.ics" \
	--by S-chen
same_parse "$TEST_TMP/cancel.ics" \
	"CANCEL|$m@plaindesk|3|CANCELLED|Room flooded|mailto:wang@example.com" \
	"the cancellation carries its reason"

finish
