# ticket-mail: acknowledgements sent by intake itself, a sendmail that
# fails and one that hangs, the limit of acknowledgements to one sender,
# the exit codes a mail server sees, --dry-run, and how ticket-show shows
# what came by mail.
. "$(dirname "$0")/maillib.sh"

# message N FROM [HEADER...]: a plain message, $TEST_TMP/mN.eml.
message() {
	local n=$1 from=$2
	shift 2
	{
		printf 'From: %s\nTo: service@desk.example\n' "$from"
		printf 'Subject: Question %s\nDate: Fri, 20 Nov 2026 09:%02d:00 +0800\n' "$n" "$n"
		printf 'Message-ID: <m%s@acme.example>\n' "$n"
		for h in "$@"; do printf '%s\n' "$h"; done
		printf '\nBody %s\n' "$n"
	} >"$TEST_TMP/m$n.eml"
}

# --- intake acknowledges at once, through its own --flush ---
mail_store
make_sendmail ok
message 1 "Ops <ops@acme.example>"
head=$(git rev-parse HEAD)
PLAINDESK_SENDMAIL=$SENDMAIL feed "$TEST_TMP/m1.eml"
check_eq "$RC" 0 "intake with a sendmail: $ERR"
id=$(jq -r .id <<<"$OUT")
check_eq "$(git log --format=%s "$head"..HEAD | tr '\n' '|')" \
	"ticket-mail: $id acknowledged|ticket-mail: $id inquiry \"Question 1\"|" \
	"the ticket, then the acknowledgement"
check_py acks "$STORE" "$TEST_TMP/sent/1.eml"
PLAINDESK_SENDMAIL=$SENDMAIL expect 0 ticket-mail --flush --only "$id"
check_eq "$OUT" "" "acknowledged already"
check_eq "$(ls "$TEST_TMP/sent" | grep -c 'eml$')" 1 "sent once"

# --- a sendmail that fails, then works: sent exactly once ---
mail_store
make_sendmail fail-first
message 2 "ops@acme.example"
head=$(git rev-parse HEAD)
PLAINDESK_SENDMAIL=$SENDMAIL feed "$TEST_TMP/m2.eml"
check_eq "$RC" 0 "a failing sendmail does not fail intake"
check_has "$ERR" "connection refused" "the failure is told"
check_eq "$(git rev-list --count "$head"..HEAD)" 1 "no acknowledgement recorded"
id=$(jq -r .id <<<"$OUT")
PLAINDESK_SENDMAIL=$SENDMAIL expect 0 ticket-mail --flush
check_eq "$OUT" "$id" "the next flush sends it"
PLAINDESK_SENDMAIL=$SENDMAIL expect 0 ticket-mail --flush
check_eq "$OUT" "" "and the one after sends nothing"
check_eq "$(ls "$TEST_TMP/sent" | grep -c 'eml$')" 2 "one failed try, one sent"
check_eq "$(grep -h '^Message-Id:' "$TEST_TMP"/sent/*.eml | sort -u | wc -l)" 1 \
	"the same Message-ID on every try"
check_py acks "$STORE" "$TEST_TMP/sent/2.eml"

# --- a sendmail that hangs is stopped; the acknowledgement waits ---
cat >"$TEST_TMP/hang" <<SH
#!/bin/sh
echo \$\$ >"$TEST_TMP/hang.pid"
cat >/dev/null
exec sleep 60
SH
chmod +x "$TEST_TMP/hang"
message 3 "ops@acme.example"
PLAINDESK_SENDMAIL= feed "$TEST_TMP/m3.eml"
id=$(jq -r .id <<<"$OUT")
head=$(git rev-parse HEAD)
PLAINDESK_SENDMAIL=$TEST_TMP/hang PLAINDESK_SENDMAIL_TIMEOUT=1 \
	expect 75 ticket-mail --flush --only "$id"
check_has "$ERR" "timed out after 1 s" "the hang is told"
check_eq "$(git rev-parse HEAD)" "$head" "nothing recorded"
# Gone, or a zombie its parent left to init.
state=$(awk '{print $3}' "/proc/$(cat "$TEST_TMP/hang.pid")/stat" 2>/dev/null)
[ -z "$state" ] || [ "$state" = Z ] && pass || fail "the sendmail still runs ($state)"
PLAINDESK_SENDMAIL=$SENDMAIL expect 0 ticket-mail --flush --only "${id#T-*-}"
check_eq "$OUT" "$id" "sent when sendmail works again"
PLAINDESK_SENDMAIL_TIMEOUT=0 expect 64 ticket-mail --flush
check_has "$ERR" "PLAINDESK_SENDMAIL_TIMEOUT" "a bad time limit is named"

# --- no more than mail.max_acks_per_hour to one sender ---
mail_store '.mail.max_acks_per_hour = 2'
for n in 4 5 6; do
	message $n "ops@acme.example"
	feed "$TEST_TMP/m$n.eml"
	printf '%s ' "$(jq -r .auto_reply <<<"$OUT")"
done >"$TEST_TMP/acks"
check_eq "$(cat "$TEST_TMP/acks")" "true true false " "two acknowledgements an hour"
message 7 "contact@bj.example"
feed "$TEST_TMP/m7.eml"
check_eq "$(jq -r .auto_reply <<<"$OUT")" true "another sender is acknowledged"
message 8 "ops@acme.example"
PLAINDESK_NOW=2026-11-20T11:01 feed "$TEST_TMP/m8.eml"
check_eq "$(jq -r .auto_reply <<<"$OUT")" true "an hour later, again"
message 9 "ops@acme.example" "Auto-Submitted: auto-generated"
feed "$TEST_TMP/m9.eml" --no-ack
check_eq "$(jq -r .auto_reply <<<"$OUT")" false "--no-ack"
jq '.mail.ack = false' plaindesk.json >x && mv x plaindesk.json &&
	git commit -qam "no acknowledgements"
message 10 "zhang@newco.example"
feed "$TEST_TMP/m10.eml"
check_eq "$(jq -r .auto_reply <<<"$OUT")" false "mail.ack false"

# --- exit codes a mail server sees: 0, 65 or 75 ---
mail_store
message 11 "ops@acme.example"
exec 9>.git/plaindesk.lock
flock 9
PLAINDESK_LOCK_TIMEOUT=0.3 feed_refused 75 "$TEST_TMP/m11.eml"
exec 9>&-
check_has "$ERR" "busy" "a held lock is named"
cp plaindesk.json "$TEST_TMP/config"
printf '{"schema": 1,' >plaindesk.json
feed_refused 75 "$TEST_TMP/m11.eml"
check_has "$ERR" "plaindesk.json" "a broken plaindesk.json is named"
jq '.mail.kind = "question"' "$TEST_TMP/config" >plaindesk.json &&
	git commit -qam "a bad mail block"
feed_refused 75 "$TEST_TMP/m11.eml"
check_has "$ERR" "mail.kind" "the key is named"
expect 78 plaindesk-check
cp "$TEST_TMP/config" plaindesk.json && git commit -qam "mail block mended"
refused 75 ticket-mail --no-such-option
refused 75 ticket-mail --only T-261120-AAAAAA
refused 75 ticket-mail --kind inquiry --severity major
message 12 "spam@junk.example"
feed_refused 75 "$TEST_TMP/m12.eml" --unknown C-9999
feed_refused 75 "$TEST_TMP/m11.eml" --assignee S-nobody
(cd "$TEST_TMP" && ticket-mail <"$TEST_TMP/m11.eml" >/dev/null 2>&1)
check_eq "$?" 75 "no store: 75"
refused 64 ticket-mail --flush --kind inquiry
refused 66 ticket-mail --flush --only T-261120-AAAAAA
jq '.mail.unknown_sender = "reject"' plaindesk.json >x && mv x plaindesk.json &&
	git commit -qam "strangers refused"
feed_refused 65 "$TEST_TMP/m12.eml"
check_has "$ERR" "mail.unknown_sender is reject" "the rule is named"
feed "$TEST_TMP/m12.eml" --unknown C-0013
check_eq "$RC" 0 "--unknown CUSTOMER"
check_eq "$(jq -r .customer <<<"$OUT")" C-0013 "filed under the customer named"

# --- --dry-run changes and sends nothing ---
make_sendmail dry
message 13 "ops@acme.example"
head=$(git rev-parse HEAD)
PLAINDESK_SENDMAIL=$SENDMAIL ticket-mail --dry-run <"$TEST_TMP/m13.eml" >"$TEST_TMP/out"
check_eq "$?" 0 "--dry-run"
check_has "$(cat "$TEST_TMP/out")" '"key": "m13@acme.example"' "--dry-run shows the record"
check_eq "$(git rev-parse HEAD)" "$head" "--dry-run: no commit"
clean_status "--dry-run"
check_eq "$(ls "$TEST_TMP/sent" 2>/dev/null | grep -c 'eml$')" 0 "--dry-run: nothing sent"

# --- ticket-show: the mail block, notes by mail, contact data hidden ---
feed "$TEST_TMP/m13.eml"
id=$(jq -r .id <<<"$OUT")
{
	printf 'From: ops@acme.example\nTo: service@desk.example\n'
	printf 'Subject: Re: Question 13 [%s]\nMessage-ID: <r13@acme.example>\n\n' "$id"
	printf 'More.\n\nOn Fri, 20 Nov 2026, service@desk.example wrote:\n> Hello\n'
} >"$TEST_TMP/r13.eml"
feed "$TEST_TMP/r13.eml"
check_eq "$(jq -r .decision <<<"$OUT")" reply "a reply"
expect 0 ticket-show "$id"
check_has "$OUT" "Subject:     Question 13" "the subject shown"
check_has "$OUT" "note (by mail)  message=More." "a note that came by mail"
check_lacks "$OUT" "ops@acme.example" "the address hidden"
PLAINDESK_ACTOR=S-chen expect 0 ticket-show --show-contact "$id"
check_has "$OUT" "Mail from:   ops@acme.example" "the sender with --show-contact"
check_has "$OUT" "from=ops@acme.example" "the note's sender with --show-contact"
expect 0 plaindesk-check
# A hand-made id is not one the rule gives.
f=$(ls tickets/*/*/"$id".json)
jq '.mail.key = "other@acme.example"' "$f" >x && mv x "$f"
expect 65 plaindesk-check
check_has "$OUT$ERR" "mail id rule" "plaindesk-check checks the id rule"
git checkout -q -- "$f"

finish
