# Sourced by the mail tests: tests/cli/lib.sh, and a store whose desk has
# an address, feeding it a message, checks written in Python.
. "$(dirname "$0")/../cli/lib.sh"
here=$(cd "$(dirname "$0")" && pwd)
export PLAINDESK_SENDMAIL=	# none, unless a test names one
unset PLAINDESK_SENDMAIL_TIMEOUT

# check_py ARGS...: run mailcheck.py; each "ok" line passes, others fail.
check_py() {
	local line
	while IFS= read -r line; do
		case $line in ok\ *) pass ;; *) fail "$line" ;; esac
	done < <(python3 "$here/mailcheck.py" "$@" 2>&1)
}

# mail_store [JQ]: a fresh store whose desk has an address and a name,
# its plaindesk.json changed by JQ too.
mail_store() {
	new_store || return 1
	jq ".mail.from = \"service@desk.example\" |
	    .mail.name = \"Service Desk 客服中心\" |
	    .mail.max_acks_per_hour = 100 | ${1:-.}" plaindesk.json >x &&
		mv x plaindesk.json && git commit -qam "mail settings"
}

# feed FILE [ARGS...]: ticket-mail reads FILE; $OUT, $ERR and $RC.
feed() {
	local file=$1
	shift
	ticket-mail --format json "$@" <"$file" >"$TEST_TMP/out" 2>"$TEST_TMP/err"
	RC=$?
	OUT=$(<"$TEST_TMP/out")
	ERR=$(<"$TEST_TMP/err")
}

# A sendmail that keeps each message in $TEST_TMP/sent/N.eml and its
# arguments in $TEST_TMP/sent/args; $SENDMAIL names it.  "fail-first"
# makes its first run keep the message and fail.
make_sendmail() {
	SENDMAIL=$TEST_TMP/sendmail-$1
	rm -rf "$TEST_TMP/sent"
	mkdir "$TEST_TMP/sent"
	cat >"$SENDMAIL" <<SH
#!/bin/sh
n=\$(ls "$TEST_TMP/sent" | grep -c '\.eml\$')
cat >"$TEST_TMP/sent/\$((n + 1)).eml"
echo "\$*" >>"$TEST_TMP/sent/args"
if [ "$1" = fail-first ] && [ ! -e "$TEST_TMP/sent/failed" ]; then
	touch "$TEST_TMP/sent/failed"
	echo "sendmail: connection refused" >&2
	exit 75
fi
SH
	chmod +x "$SENDMAIL"
}

# feed_refused CODE FILE [ARGS...]: ticket-mail reads FILE and exits
# CODE with one error line, HEAD and the work tree as they were.
feed_refused() {
	local want=$1 file=$2 head status what
	shift 2
	what="ticket-mail $* <$(basename "$file")"
	head=$(git rev-parse HEAD)
	status=$(git status --porcelain --untracked-files=all)
	feed "$file" "$@"
	check_eq "$RC" "$want" "$what: exit status ($ERR)"
	check_eq "$(git rev-parse HEAD)" "$head" "$what: HEAD"
	check_eq "$(git status --porcelain --untracked-files=all)" "$status" \
		"$what: work tree"
	check_eq "$(grep -c ': error: ' <<<"$ERR")" 1 "$what: one error line"
}
