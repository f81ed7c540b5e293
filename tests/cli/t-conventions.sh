# Every program: --help, --version, a man page that renders cleanly, usage
# errors exit 64 with one error line.
. "$(dirname "$0")/lib.sh"

top=$(cd "$(dirname "$0")/../.." && pwd)

# The usage lines of --help and the SYNOPSIS of a rendered page, as words.
synopsis_of_help() { sed '/^$/,$d; s/^\(usage:\|   or:\) //' | tr -s ' \n' ' '; }
synopsis_of_page() {
	sed -n '/^SYNOPSIS/,/^[A-Z]/p' | sed '1d;$d' |
		tr -s ' \n' ' ' | sed 's/^ //'
}
# The long options a text names (--help and --version are everyone's).
long_opts() {
	grep -o -- '--[a-z][a-z-]*[a-z]' | grep -vx -- '--help\|--version' |
		sort -u | tr '\n' ' '
}
for prog in "$PLAINDESK_BIN"/*; do
	p=$(basename "$prog")
	expect 0 "$prog" --help
	check_has "$OUT" "usage: $p" "$p --help"
	help=$OUT
	expect 0 "$prog" --version
	check_has "$OUT" "$p (plaindesk)" "$p --version"
	# A mail delivery agent reading a message exits 75 for what may be
	# put right (a mail server retries it), usage errors included.
	usage_rc=64
	[ "$p" = ticket-mail ] && usage_rc=75
	expect $usage_rc "$prog" --no-such-option
	check_eq "$(printf '%s\n' "$ERR" | grep -c "^$p: error: ")" 1 "$p one error line"
	man=$top/man/man1/$p.1
	if [ -f "$man" ]; then
		pass
		# One rendering: the page on stdout, groff's warnings on
		# stderr.  Words hyphenated at the end of a line are joined
		# again.
		page=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$man" \
			2>"$TEST_TMP/warn" |
			sed -e ':a' -e '/‐$/{N;s/‐\n *//;ba' -e '}')
		check_eq "$(<"$TEST_TMP/warn")" "" "$p man page renders without warnings"
		# The SYNOPSIS says what the usage of --help says
		# (tools/man-synopsis writes it).
		check_eq "$(synopsis_of_page <<<"$page")" \
			"$(synopsis_of_help <<<"$help")" \
			"$p: man SYNOPSIS = --help usage"
		# Every option --help lists is in the man page (which may
		# name git's options too).
		check_eq "$(comm -23 <(long_opts <<<"$help" | tr ' ' '\n') \
				<(long_opts <<<"$page" | tr ' ' '\n'))" "" \
			"$p: the options of --help missing from the man page"
	else
		fail "no man page for $p"
	fi
done
[ -f "$top/man/man5/plaindesk.5" ] && pass || fail "no man/man5/plaindesk.5"

# No function of the programs or the library is longer than 80 lines.
long=$("$top/tools/long-functions" "$top"/cmd/*.c "$top"/lib/*/*.c)
check_eq "$long" "" "functions over 80 lines"
finish
