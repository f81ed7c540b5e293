# The example pre-receive hook on a bare server: two clones push to it;
# clean pushes, a merge among them, are accepted; a push that edits an
# event, erases a record or rewrites history is refused with the reason,
# and the server's branch does not move.
. "$(dirname "$0")/../cli/lib.sh"
hook=$(cd "$(dirname "$0")/../../examples/server" && pwd)/pre-receive

new_store
t1=$(ticket-open --kind complaint --channel phone --customer C-0012 \
	--severity important --category equipment --title "Projector" --by S-wang)
server=$TEST_TMP/server.git
git clone -q --bare "$STORE" "$server"
cp "$hook" "$server/hooks/pre-receive" || fail "the example hook"
chmod +x "$server/hooks/pre-receive"
for side in A B; do
	git clone -q "$server" "$TEST_TMP/$side"
	plaindesk-init "$TEST_TMP/$side" >/dev/null 2>&1
done
rel=$(cd "$TEST_TMP/A" && ls tickets/*/*/"$t1".json)
server_head() { git -C "$server" rev-parse main; }

# pushed WHAT: the push from the current clone was accepted.
pushed() {
	run git push origin main
	if [ "$RC" = 0 ] && [ "$(server_head)" = "$(git rev-parse HEAD)" ]; then
		pass; else fail "$1: push refused ($RC): $ERR"; fi
}
# refused_push WHAT KIND: the push was refused naming KIND; the server's
# branch stayed where it was.
refused_push() {
	local before what=$1 kind=$2
	shift 2
	before=$(server_head)
	run git push "$@" origin main
	if [ "$RC" != 0 ]; then pass; else fail "$what: push accepted"; fi
	check_eq "$(server_head)" "$before" "$what: server branch unchanged"
	check_has "$ERR" "push refused" "$what: says why"
	check_has "$ERR" "$kind" "$what: names the problem"
}

cd "$TEST_TMP/A" || exit 1
ticket-update "$t1" ack --by S-wang >/dev/null
pushed "a clean change"
cd "$TEST_TMP/B" || exit 1
ticket-update "$t1" note --message "from B" --by S-li >/dev/null
git pull -q --no-rebase --no-edit origin main >/dev/null 2>&1
pushed "a merge"

cd "$TEST_TMP/A" || exit 1
git pull -q origin main >/dev/null 2>&1
jq '.events[1].message = "edited"' "$rel" >"$rel.new" && mv "$rel.new" "$rel"
git commit -qam "$(printf 'ticket-update: edit\n\nPlaindesk-Command: ticket-update\nPlaindesk-Record: %s' "$t1")"
refused_push "an edited event" "event-changed"
check_has "$ERR" "$(git rev-parse --short=12 HEAD) $rel" "the commit and record named"
git reset -q --hard origin/main

# Audited by three processes, each with the pushed objects git keeps in
# its quarantine: the offence in the middle run is found all the same.
for i in 1 2 3; do
	ticket-update "$t1" note --message "before $i" --by S-wang >/dev/null
done
jq '.events[1].message = "edited again"' "$rel" >"$rel.new" && mv "$rel.new" "$rel"
git commit -qam "$(printf 'ticket-update: edit\n\nPlaindesk-Command: ticket-update\nPlaindesk-Record: %s' "$t1")"
bad=$(git rev-parse --short=12 HEAD)
for i in 1 2; do
	ticket-update "$t1" note --message "after $i" --by S-wang >/dev/null
done
PLAINDESK_JOBS=3 refused_push "an edited event, three processes" "event-changed"
check_has "$ERR" "$bad $rel" "three processes: the commit and record named"
git reset -q --hard origin/main

git rm -q "$rel"
git commit -qm "erase"
refused_push "an erased record" "record-removed"
git reset -q --hard origin/main

git reset -q --hard HEAD~1
ticket-update "$t1" note --message "rewritten past" --by S-li >/dev/null
refused_push "a history rewritten by a force push" "rewritten" --force
git reset -q --hard origin/main

printf 'not json\n' >plaindesk.json
git commit -qam "config broken"
refused_push "a store that is not valid" "plaindesk.json"
git reset -q --hard origin/main

run git push origin :main
if [ "$RC" != 0 ] && git -C "$server" rev-parse -q --verify main >/dev/null; then
	pass; else fail "deleting the branch was accepted"; fi

ticket-update "$t1" note --message "after the refusals" --by S-li >/dev/null
pushed "a clean change after the refusals"
expect 0 plaindesk-check -C "$server" --audit
check_has "$OUT" "audit ok:" "the server's history audits clean"

finish
