# Reading commands start without libgit2, libical, libxlsxwriter or
# libcrypto (and what those load): they are loaded only by the runs that
# commit, read history, write a calendar or a spreadsheet, or hash.
# The dynamic loader's own trace (LD_DEBUG=libs) says what was loaded.
. "$(dirname "$0")/lib.sh"

new_store
export PLAINDESK_NOW=2026-11-20T10:00+08:00
ticket_and_meeting
[ -n "$t" ] && [ -n "$m" ] && pass || fail "setup"

# loaded CMD...: run it under the loader's trace; $LOADED lists what it
# loaded, one library a line.
loaded() {
	rm -f "$TEST_TMP"/ld.*
	LD_DEBUG=libs LD_DEBUG_OUTPUT="$TEST_TMP/ld" "$@" \
		>"$TEST_TMP/out" 2>"$TEST_TMP/err" </dev/null
	RC=$?
	OUT=$(<"$TEST_TMP/out")
	LOADED=$(cat "$TEST_TMP"/ld.* 2>/dev/null | sed -n 's/.*calling init: //p')
}

# (not libstdc++: the sanitizers' runtime loads it itself)
heavy="libgit2 libical libxlsxwriter libcrypto libssh2 libkrb5 libicuuc"
readers=("ticket-show $t" "ticket-show $t --format json" "ticket-list"
	"ticket-list --overdue --format csv" "mtg-plan show $m" "mtg-plan list"
	"mtg-minutes actions" "kpi-report --week 2026-W47"
	"kpi-report --month 2026-11 --format json")
for cmd in "${readers[@]}"; do
	# shellcheck disable=SC2086
	loaded $cmd
	check_eq "$RC" 0 "$cmd runs"
	check_has "$LOADED" "libjansson" "$cmd: the trace lists what it loads"
	for lib in $heavy; do
		check_lacks "$LOADED" "$lib" "$cmd does not load $lib"
	done
done

# A register changed by hand and not committed: readers tell so from
# git's index, hashing the file themselves, with none of them loaded.
echo 'S-new,New,new@example.com,agent,desk,yes' >> registers/staff.csv
for cmd in "ticket-list" "mtg-plan show $m"; do
	# shellcheck disable=SC2086
	loaded $cmd
	check_eq "$RC" 0 "$cmd runs over a hand edit"
	check_has "$(<"$TEST_TMP/err")" "registers/staff.csv has changes not committed" \
		"$cmd warns of the hand edit"
	for lib in $heavy; do
		check_lacks "$LOADED" "$lib" "$cmd over a hand edit does not load $lib"
	done
done
git checkout -q registers/staff.csv

# What needs them loads them, and works.
loaded ticket-show "$t" --history
check_eq "$RC" 0 "ticket-show --history runs"
check_has "$LOADED" "libgit2.so" "--history loads libgit2"
check_has "$OUT" "ticket-open" "--history lists the commit that opened it"
loaded mtg-plan show "$m" --history
check_eq "$RC" 0 "mtg-plan show --history runs"
check_has "$LOADED" "libgit2.so" "mtg-plan show --history loads libgit2"
check_has "$OUT" "mtg-plan: $m new" "mtg-plan show --history lists the commit"
loaded kpi-report --week 2026-W47 --format xlsx -o "$TEST_TMP/k.xlsx"
check_eq "$RC" 0 "kpi-report to a spreadsheet runs"
check_has "$LOADED" "libxlsxwriter" "a spreadsheet loads libxlsxwriter"
[ -s "$TEST_TMP/k.xlsx" ] && pass || fail "the spreadsheet was written"
loaded mtg-plan send "$m" --ics "$TEST_TMP/m.ics" --by S-chen
check_eq "$RC" 0 "mtg-plan send runs: $(<"$TEST_TMP/err")"
check_has "$LOADED" "libical" "an invitation loads libical"
check_has "$LOADED" "libgit2.so" "a change loads libgit2"
check_has "$(<"$TEST_TMP/m.ics")" "BEGIN:VCALENDAR" "the invitation was written"
clean_status "every change committed"

# A change loads libgit2 but never reads the system's CA certificates
# (libgit2's TLS start-up would parse them all) nor OpenSSL's
# configuration (libssh2's start-up and the index's digest would load
# it): nothing here goes over a network.
# (LeakSanitizer cannot run under ptrace: no leak check for this run)
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
	strace -f -qq -e trace=openat,open -o "$TEST_TMP/st" \
	ticket-update "$t" note --message "certs" >/dev/null 2>&1 &&
	pass || fail "ticket-update under strace"
check_has "$(<"$TEST_TMP/st")" "libgit2.so" "the change loaded libgit2"
check_lacks "$(<"$TEST_TMP/st")" '"/etc/ssl/certs' "no certificate is read"
check_lacks "$(<"$TEST_TMP/st")" 'openssl.cnf"' "OpenSSL's configuration is not read"

# The mail fallback charsets are checked by what reads mail and by
# plaindesk-check, not by every program as it starts.
jq '.mail.fallback_charsets = ["UTF-8", "NO-SUCH-CHARSET"]' plaindesk.json \
	>"$TEST_TMP/cfg" && cp "$TEST_TMP/cfg" plaindesk.json &&
	git commit -qam "a charset iconv does not know" && pass || fail "config"
refused 78 plaindesk-check
check_has "$ERR" "unknown charset 'NO-SUCH-CHARSET'" "plaindesk-check names it"
printf 'From: a@example.com\nSubject: hi\n\nhello\n' >"$TEST_TMP/msg"
expect 75 sh -c 'ticket-mail < "$1"' sh "$TEST_TMP/msg"
check_has "$ERR" "unknown charset 'NO-SUCH-CHARSET'" "ticket-mail names it"
expect 0 ticket-list
check_has "$OUT" "$t" "a listing still runs"

finish
