# The hostile-input corpus: every file tests/bad/*.case is one case, run
# in a fresh store.  A case is a header of "# " lines, then "# ---" and
# the input bytes (written to $INPUT, or placed in the store):
#
#   # Free text saying what the case is about.
#   # requires: PROG          skip the case while PROG is not built
#   # input: NAME             the input's file name (default input.csv)
#   # input-cmd: SHELL        make the input with this (stdout) instead
#   # place: PATH             put the input at PATH in the store and
#                             commit it, as a hand edit would be
#   # setup: SHELL            run in the store before the commands
#   # run: CODE CMD ARGS      run a command; it must exit CODE (skipped
#                             while CMD is not built)
#   # stderr: TEXT            ... and say TEXT on stderr
#   # stdout: TEXT            ... and print TEXT (\e, \t, \xHH allowed)
#   # stdout-not: TEXT        ... and not print TEXT
#   # commits: N              ... and make N commits (default 0)
#
# Every run: the exit code; on failure exactly one "PROG: error:" line
# (and perhaps a hint, the usage, warnings of records skipped;
# plaindesk-check instead lists problems on stdout); nothing on stderr on
# success; no commit unless "commits" says so; no file left behind.
. "$(dirname "$0")/lib.sh"
shopt -s extglob

top=$(cd "$(dirname "$0")/../.." && pwd)
ncases=0 skipped=0 skipped_runs=0

# Expand \e, \t, \xHH in an expectation.
unescape() { printf '%b' "$1"; }

# The lines of $ERR: how many are PROG's error line, and how many before
# a usage text are none of its error, hint or warning lines (counted
# here, with no process started).
count_stderr() {	# count_stderr PROG: sets NERR and NOTHER
	local line usage=""
	NERR=0 NOTHER=0
	while IFS= read -r line; do
		[[ $line == "$1: error: "* ]] && NERR=$((NERR + 1))
		[[ $line == "usage: "* ]] && usage=1
		[ -z "$usage" ] && [[ $line != "$1: "@(error|hint|warning)": "* ]] &&
			NOTHER=$((NOTHER + 1))
	done <<<"$ERR"
}

# The command of a run line, with words split as the shell would.
run_case_cmd() {	# run_case_cmd CODE COMMIT_COUNT CMDLINE
	local code=$1 commits=$2 cmdline=$3 prog head before after left
	before=$(store_state)
	head=${before%%$'\n'*} head=${head#\# branch.oid }
	eval "set -- $cmdline"
	prog=$1
	[ "$prog" = env ] && { shift; while [[ $1 == *=* ]]; do shift; done; prog=$1; }
	run eval "$cmdline"
	if [ "$RC" != "$code" ]; then
		fail "$case: '$cmdline' exited $RC, expected $code: ${ERR:0:300}"
		return
	fi
	pass
	if [ "$code" = 0 ]; then
		check_eq "$ERR" "" "$case: '$cmdline' stderr"
	elif [ "$prog" = plaindesk-check ]; then
		[ -n "$OUT" ] && pass || fail "$case: plaindesk-check listed no problem"
	else
		count_stderr "$prog"
		check_eq "$NERR" 1 "$case: '$cmdline' one error line ($ERR)"
		# A usage error may add the usage text after its line, and a
		# listing warns of each record it skipped.
		check_eq "$NOTHER" 0 "$case: '$cmdline' nothing else on stderr ($ERR)"
	fi
	if [ "$commits" = 0 ]; then
		# HEAD where it was, and every file as it was.
		after=$(store_state)
		check_eq "${after%%$'\n'*}" "${before%%$'\n'*}" \
			"$case: '$cmdline' commits"
		check_eq "${after#*$'\n'}" "${before#*$'\n'}" \
			"$case: '$cmdline' left files"
	else
		check_eq "$(git rev-list --count "$head"..HEAD)" "$commits" \
			"$case: '$cmdline' commits"
		clean_status "$case: '$cmdline'"
	fi
	left=$(find . -name '.pd-tmp-*' -o -name pwned)
	[ -z "$left" ] && pass || fail "$case: '$cmdline' left $left"
}

# Run the pending command of a case and check what it said.
flush() {
	local e
	[ -n "$cmdline" ] || return 0
	# A run of a program not built yet is skipped (said at the end).
	prog=${cmdline%% *}
	if [ "$prog" != env ] && ! command -v "$prog" >/dev/null; then
		skipped_runs=$((skipped_runs + 1))
		cmdline="" commits=0 expects=()
		return 0
	fi
	run_case_cmd "$code" "$commits" "$cmdline"
	for e in "${expects[@]}"; do
		case $e in
		"stderr: "*) check_has "$ERR" "$(unescape "${e#stderr: }")" "$case: stderr" ;;
		"stdout: "*) check_has "$OUT" "$(unescape "${e#stdout: }")" "$case: stdout" ;;
		"stdout-not: "*) check_lacks "$OUT" "$(unescape "${e#stdout-not: }")" "$case: stdout" ;;
		esac
	done
	cmdline="" commits=0 expects=()
}

for file in "$top"/tests/bad/*.case; do
	case=${file##*/} case=${case%.case}
	# The header, read once with no process started.
	header=() req="" name="" gen="" place="" setup=""
	while IFS= read -r line && [ "$line" != "# ---" ]; do
		header+=("$line")
		case $line in
		"# requires: "*) req=${line#\# requires: } ;;
		"# input: "*) name=${line#\# input: } ;;
		"# input-cmd: "*) gen=${line#\# input-cmd: } ;;
		"# place: "*) place=${line#\# place: } ;;
		"# setup: "*) setup=${line#\# setup: } ;;
		esac
	done <"$file"
	if [ -n "$req" ] && ! command -v "$req" >/dev/null; then
		skipped=$((skipped + 1))
		continue
	fi
	ncases=$((ncases + 1))
	new_store >/dev/null || break
	export INPUT=$TEST_TMP/${name:-input.csv}
	if [ -n "$gen" ]; then
		eval "$gen" >"$INPUT"
	else
		sed '1,/^# ---$/d' "$file" >"$INPUT"
	fi
	if [ -n "$place" ]; then
		mkdir -p "$(dirname "$place")" && cp "$INPUT" "$place" &&
			git add "$place" && git commit -qm "hand edit: $place" ||
			fail "$case: cannot place $place"
	fi
	if [ -n "$setup" ]; then
		eval "$setup" >/dev/null 2>"$TEST_TMP/setup.err" </dev/null ||
			fail "$case: setup failed: $(cat "$TEST_TMP/setup.err")"
	fi
	code="" commits=0 cmdline="" expects=()
	for line in "${header[@]}"; do
		case $line in
		"# run: "*)
			flush
			line=${line#\# run: }
			code=${line%% *} cmdline=${line#* } ;;
		"# commits: "*) commits=${line#\# commits: } ;;
		"# stderr: "*|"# stdout: "*|"# stdout-not: "*)
			expects+=("${line#\# }") ;;
		esac
	done
	flush
done
echo "bad inputs: $ncases cases; skipped, for programs not built yet:" \
	"$skipped cases, $skipped_runs runs"
[ "$ncases" -gt 0 ] && pass || fail "no cases ran"
finish
