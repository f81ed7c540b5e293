# Every program: --help, --version, a man page that renders cleanly, usage
# errors exit 64 with one error line.
. "$(dirname "$0")/lib.sh"

top=$(cd "$(dirname "$0")/../.." && pwd)

# The long options named in a text, but --help and --version.
option_names() {
	grep -oE -- '--[a-z][a-z-]*' | grep -vxE -- '--(help|version)' | sort -u
}
for prog in "$PLAINDESK_BIN"/*; do
	p=$(basename "$prog")
	expect 0 "$prog" --help
	check_has "$OUT" "usage: $p" "$p --help"
	expect 0 "$prog" --version
	check_has "$OUT" "$p (plaindesk)" "$p --version"
	expect 64 "$prog" --no-such-option
	check_eq "$(printf '%s\n' "$ERR" | grep -c "^$p: error: ")" 1 "$p one error line"
	man=$top/man/man1/$p.1
	if [ -f "$man" ]; then
		pass
		warn=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$man" 2>&1 >/dev/null)
		check_eq "$warn" "" "$p man page renders without warnings"
		# The SYNOPSIS names the program.
		check_has "$(LC_ALL=C.UTF-8 MANWIDTH=80 man -l "$man" 2>/dev/null)" "SYNOPSIS" "$p synopsis"
		# Every option --help lists is in the SYNOPSIS, and no other.
		expect 0 "$prog" --help
		synopsis=$(LC_ALL=C.UTF-8 MANWIDTH=250 man -l "$man" 2>/dev/null |
			sed -n '/^SYNOPSIS/,/^DESCRIPTION/p')
		check_eq "$(option_names <<<"$synopsis")" "$(option_names <<<"$OUT")" \
			"$p: the SYNOPSIS and --help name the same options"
	else
		fail "no man page for $p"
	fi
done
[ -f "$top/man/man5/plaindesk.5" ] && pass || fail "no man/man5/plaindesk.5"
finish
