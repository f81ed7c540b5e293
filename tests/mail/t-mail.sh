# ticket-mail: the corpus of messages in tests/mail/ (each NAME.eml fed in
# order to one store, NAME.expect saying what must come of it) and the
# acknowledgements it is owed, and the same corpus as an mbox through
# formail twice.
. "$(dirname "$0")/maillib.sh"

# FILE with each <@ACK:ID@> made the Message-ID of ID's acknowledgement.
with_acks() {
	local text="" id
	# The file whole, trailing newlines too, with no process started.
	IFS= read -r -d '' text <"$1"
	[[ $text == *@ACK:* ]] || { printf '%s' "$text"; return; }
	for id in $(grep -ao '@ACK:T-[0-9]*-[0-9A-Z]*@' "$1" | sort -u); do
		id=${id#@ACK:}
		id=${id%@}
		text=${text//@ACK:$id@/plaindesk.$id.$(jq -r '.events[0].id' \
			"tickets/20${id:2:2}/${id:4:2}/$id.json")@desk.example}
	done
	printf '%s' "$text"
}

# --- the corpus, in order, in one store ---
mail_store
mkdir "$TEST_TMP/results"
for eml in "$here"/*.eml; do
	name=${eml##*/} name=${name%.eml}
	exp=$here/$name.expect
	[ -f "$exp" ] || { fail "$name: no $name.expect"; continue; }
	# exit status, commits, options, set-up and clean-up, in one jq run
	IFS=$'\037' read -r want commits args before after < <(jq -r '[.exit,
		.commits // (if .exit == 0 and (.decision == "new" or
		 .decision == "reply" or .decision == "report") then 1 else 0 end),
		((.args // []) | @sh), .before // ":", .after // ":"] |
		map(tostring) | join("\u001f")' "$exp")
	eval "$before" </dev/null >/dev/null
	with_acks "$eml" >"$TEST_TMP/msg.eml"
	head=$(git rev-parse HEAD)
	eval "feed \"\$TEST_TMP/msg.eml\" $args"
	check_eq "$RC" "$want" "$name: exit status ($ERR)"
	check_eq "$(git rev-list --count "$head"..HEAD)" "$commits" "$name: commits"
	clean_status "$name"
	if [ "$RC" != 0 ]; then
		check_eq "$(grep -c ': error: ' <<<"$ERR")" 1 "$name: one error line"
		check_eq "$OUT" "" "$name: nothing printed"
	fi
	[ "$RC" != 0 ] || printf '%s' "$OUT" >"$TEST_TMP/results/$name.json"
	eval "$after" </dev/null >/dev/null
done
check_py cases "$here" "$TEST_TMP/results" "$STORE"
expect 0 plaindesk-check
# Every ticket that is owed an acknowledgement gets one, the others none.
make_sendmail ok
head=$(git rev-parse HEAD)
PLAINDESK_SENDMAIL=$SENDMAIL expect 0 ticket-mail --flush
owed=$(jq -r 'select(.mail.auto_reply) | .id' tickets/*/*/*.json | sort)
check_eq "$(sort <<<"$OUT")" "$owed" "flush: the tickets owed an acknowledgement"
check_eq "$(git rev-list --count "$head"..HEAD)" 1 "flush: one commit"
check_py acks "$STORE" "$TEST_TMP"/sent/*.eml
check_eq "$(sort -u "$TEST_TMP/sent/args")" "-i -t" "sendmail -i -t"
PLAINDESK_SENDMAIL=$SENDMAIL expect 0 ticket-mail --flush
check_eq "$OUT" "" "flush again: nothing to send"
check_eq "$(ls "$TEST_TMP/sent" | grep -c 'eml$')" "$(wc -l <<<"$owed")" \
	"flush again: nothing sent"
expect 0 plaindesk-check
corpus_store=$STORE


# --- the corpus as one mbox, through formail, twice ---
mail_store
mbox=$TEST_TMP/corpus.mbox
n_new=0
for eml in "$here"/*.eml; do
	exp=${eml%.eml}.expect
	# What needs a set-up, options or an acknowledgement sent stays out.
	jq -e '.exit == 0 and .decision == "new" and (has("args") | not) and
	       (has("before") | not)' "$exp" >/dev/null || continue
	grep -q '^From ' "$eml" && continue
	# Eight are enough to show splitting and redelivery.
	[ "$n_new" -lt 8 ] || break
	n_new=$((n_new + 1))
	printf 'From sender@example.com Fri Nov 20 10:00:00 2026\n' >>"$mbox"
	tr -d '\r' <"$eml" | sed 's/^From />From /' >>"$mbox"
	printf '\n' >>"$mbox"
done
formail -s ticket-mail <"$mbox" >"$TEST_TMP/ids" 2>"$TEST_TMP/err"
check_eq "$?" 0 "formail -s ticket-mail: $(head -c 300 "$TEST_TMP/err")"
check_eq "$(sort -u "$TEST_TMP/ids" | wc -l)" "$n_new" "formail: one ticket each"
check_eq "$(git rev-list --count HEAD)" "$((n_new + 3))" "formail: one commit each"
head=$(git rev-parse HEAD)
PLAINDESK_NOW=2026-11-21T09:00 formail -s ticket-mail <"$mbox" \
	>"$TEST_TMP/ids2" 2>"$TEST_TMP/err"
check_eq "$?" 0 "formail again"
check_eq "$(git rev-parse HEAD)" "$head" "formail again: nothing changes"
check_eq "$(sort "$TEST_TMP/ids2")" "$(sort "$TEST_TMP/ids")" \
	"formail again: the same ids"
expect 0 plaindesk-check
# The same messages give the same tickets in any store.
check_eq "$(sort "$TEST_TMP/ids" | while read -r id; do
	[ -f "$corpus_store/$(git ls-files "tickets/*/$id.json")" ] && echo "$id"
	done | wc -l)" "$n_new" "formail: the ids of the corpus run"

finish
