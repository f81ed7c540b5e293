# plaindesk-check --audit (DESIGN §4 "History"): a history made through
# the CLI, with merges and a rebase, audits clean; each offence planted
# with the git CLI is reported with its kind, exit 65 and the first
# offending commit; --since, --anchor and the three formats.
. "$(dirname "$0")/../cli/lib.sh"

# ---- a clean history made through the CLI ----
new_store
t1=$(ticket-open --kind complaint --channel phone --customer C-0012 \
	--severity important --category equipment --title "Projector" --by S-wang)
t2=$(ticket-open --kind inquiry --channel email --customer C-0013 --title "Invoice" --by S-li)
{ ticket-update "$t1" ack --by S-wang &&
	ticket-update "$t1" cause --cause equipment --message "lamp" --by S-wang &&
	ticket-update "$t1" resolve --solution redo --by S-wang &&
	ticket-update "$t1" close --satisfaction 5 --accepted yes --by S-chen &&
	PLAINDESK_NOW=2026-11-25T10:00 ticket-escalate; } >/dev/null 2>"$TEST_TMP/e" ||
	fail "lifecycle: $(cat "$TEST_TMP/e")"
check_has "$(git log -1 --format=%s)" "ticket-escalate" "an escalation pass made a commit"
mid=$(mtg-plan new --type routine --title "Weekly" --start 2026-11-20T14:00 \
	--duration 1h --room R-2 --organizer S-chen --attendee S-wang \
	--agenda "Status|30|S-wang|inform" --by S-chen)
mtg-plan update "$mid" --title "Weekly status" --by S-chen >/dev/null
PLAINDESK_NOW=2026-11-20T15:30 mtg-minutes record "$mid" --started 2026-11-20T14:00 \
	--ended 2026-11-20T15:00 --present S-wang --present S-li \
	--outcome "1|achieved" --by S-chen >/dev/null
PLAINDESK_NOW=2026-11-20T15:40 mtg-minutes publish "$mid" --by S-chen >/dev/null
printf 'R-3,Small,2,,Floor 3\n' >>registers/rooms.csv
git commit -qam "room added by hand"
# Two clones: one merges, one rebases.
git clone -q --bare "$STORE" "$TEST_TMP/central.git"
for side in A B; do
	git clone -q "$TEST_TMP/central.git" "$TEST_TMP/$side"
	plaindesk-init "$TEST_TMP/$side" >/dev/null 2>&1
done
(cd "$TEST_TMP/A" && ticket-update "$t2" ack --by S-li >/dev/null &&
	ticket-open --kind complaint --channel phone --customer C-0012 \
		--severity general --category venue --title "A side" >/dev/null &&
	git push -q origin main) || fail "side A"
(cd "$TEST_TMP/B" && ticket-update "$t2" note --message "from B" --by S-wang >/dev/null &&
	git pull -q --no-rebase --no-edit origin main >/dev/null 2>&1 &&
	ticket-update "$t2" assign --to S-chen --by S-wang >/dev/null &&
	git push -q origin main) || fail "side B merge"
(cd "$TEST_TMP/A" && ticket-update "$t2" note --message "from A" --by S-li >/dev/null &&
	git pull -q --rebase origin main >/dev/null 2>&1 &&
	git push -q origin main) || fail "side A rebase"
cd "$TEST_TMP/A" || exit 1
check_eq "$(git rev-list --merges HEAD | wc -l)" 1 "one merge in the history"
expect 0 plaindesk-check --audit
check_has "$OUT" "audit ok: $(git rev-list HEAD | wc -l) commits (1 merge), 4 records" "summary"
check_has "$OUT" "head $(git rev-parse HEAD)" "head named"
check_has "$OUT" "registers/rooms.csv: unattributed: " "hand commit listed"
check_lacks "$OUT" "tickets/" "no record problem"
CLEAN=$TEST_TMP/clean
cp -a "$TEST_TMP/A" "$CLEAN"

# fresh: a copy of the clean clone to plant one offence in.
fresh() {
	rm -rf "$TEST_TMP/w"
	cp -a "$CLEAN" "$TEST_TMP/w"
	cd "$TEST_TMP/w" || exit 1
}
rel1=$(cd "$CLEAN" && ls tickets/*/*/"$t1".json)
rel2=$(cd "$CLEAN" && ls tickets/*/*/"$t2".json)
relm=$(cd "$CLEAN" && ls meetings/*/*/"$mid".json)

# jqedit FILE FILTER: rewrite a record with jq.
jqedit() { jq "$2" "$1" >"$1.new" && mv "$1.new" "$1"; }
# forged SUBJECT RECORD...: a commit with plaindesk's trailers.
forged() {
	local s=$1 msg
	shift
	msg="ticket-update: $s"$'\n\n'"Plaindesk-Command: ticket-update"
	for r in "$@"; do msg+=$'\n'"Plaindesk-Record: $r"; done
	git commit -qam "$msg"
}
# offence KIND PATH [AUDIT ARGS]: the audit finds KIND at PATH in HEAD's
# commit, exits 65 and names HEAD as the first offending commit.
offence() {
	local kind=$1 path=$2 head
	shift 2
	head=$(git rev-parse HEAD)
	expect 65 plaindesk-check --audit "$@"
	check_has "$OUT" "${head:0:12} $path: $kind: " "$kind reported"
	check_has "${ERR##*$'\n'}" "first offending commit $head" "$kind: first commit"
}
event_line() { jq -c "$2" "$1"; }

fresh	# an event edited
jqedit "$rel1" '.events[1].message = "rewritten"'
forged "edit" "$t1"
offence event-changed "$rel1"
check_has "$OUT" "field message changed" "names the field"
check_has "$OUT" "$(jq -r '.events[1].id' "$rel1")" "names the event"

fresh	# an event removed
jqedit "$rel1" 'del(.events[-1])'
forged "drop" "$t1"
offence event-removed "$rel1"

fresh	# an event id used twice
jqedit "$rel2" '.events += [.events[0] | .type = "note" | .message = "x" | .by = "Test Runner"]'
forged "dup" "$t2"
offence event-duplicate "$rel2"

fresh	# a ticket's header changed, with an event to hide it
jqedit "$rel2" '.title = "Other" | .events += [{"id":"E-261120-ZZZZ","at":"2026-11-20T10:00:00+00:00","by":"Test Runner","type":"note","message":"x"}]'
forged "title" "$t2"
offence header-changed "$rel2"
check_has "$OUT" "header field title changed" "names the field"

fresh	# a meeting's header changed without an update event
jqedit "$relm" '.room = "R-1"'
forged "room" "$mid"
offence header-changed "$relm"

fresh	# a change with no event
jqedit "$rel2" '.state.assignee = "S-zhao"'
forged "state" "$t2"
offence no-event "$rel2"

fresh	# a record file deleted
git rm -q "$rel2"
git commit -qm "gone"
offence record-removed "$rel2"

fresh	# a record file moved
mkdir -p tickets/2026/10
git mv "$rel2" "tickets/2026/10/$t2.json"
git commit -qm "moved"
offence record-removed "$rel2"
check_has "$OUT" "tickets/2026/10/$t2.json: id-path: " "the new path is wrong"

fresh	# a record that is not JSON
printf '{"id": "%s",\n' "$t2" >"$rel2"
forged "broken" "$t2"
offence invalid-record "$rel2"

fresh	# a record changed by a commit without trailers
jqedit "$rel2" '.events += [{"id":"E-261120-ZZZZ","at":"2026-11-20T10:00:00+00:00","by":"Test Runner","type":"note","message":"x"}]'
git commit -qam "hand note"
offence no-trailers "$rel2"

fresh	# trailers that name another record, not the one changed
jqedit "$rel2" '.events += [{"id":"E-261120-ZZZZ","at":"2026-11-20T10:00:00+00:00","by":"Test Runner","type":"note","message":"x"}]'
forged "wrong name" "$t1"
offence unnamed-record "$rel2"
check_has "$OUT" "$rel1: named-untouched: " "the named record was not changed"

fresh	# an event by someone else than the author
jqedit "$rel2" '.events += [{"id":"E-261120-ZZZZ","at":"2026-11-20T10:00:00+00:00","by":"S-zhao","type":"note","message":"x"}]'
forged "not me" "$t2"
offence actor "$rel2"
# The same event by the author's staff id is the author's.
fresh
jqedit "$rel2" '.events += [{"id":"E-261120-ZZZZ","at":"2026-11-20T10:00:00+00:00","by":"S-zhao","type":"note","message":"x"}]'
GIT_AUTHOR_NAME="Zhao Gang" GIT_AUTHOR_EMAIL=zhao@example.com forged "zhao" "$t2"
expect 0 plaindesk-check --audit

fresh	# a merge that brings an event no parent has
git checkout -q -b side HEAD~1
git commit -q --allow-empty -m "side"
git checkout -q main
git merge -q --no-commit side >/dev/null 2>&1
jqedit "$rel2" '.events += [{"id":"E-261120-ZZZZ","at":"2026-11-20T10:00:00+00:00","by":"Test Runner","type":"note","message":"x"}]'
git add "$rel2"
git commit -qm "merge side"
offence merge-added "$rel2"

fresh	# an object that does not match its id
jqedit "$rel2" '.events += [{"id":"E-261120-ZZZZ","at":"2026-11-20T10:00:00+00:00","by":"Test Runner","type":"note","message":"x"}]'
forged "note" "$t2"
blob=$(git rev-parse "HEAD:$rel2")
obj=.git/objects/${blob:0:2}/${blob:2}
chmod u+w "$obj"
printf 'blob 3\0abc' | python3 -c 'import sys, zlib; sys.stdout.buffer.write(zlib.compress(sys.stdin.buffer.read()))' >"$obj"
offence object-mismatch "$rel2"

# ---- --since, --anchor, a rewritten history ----
fresh
before=$(git rev-parse HEAD)
jqedit "$rel1" 'del(.events[-1])'
forged "drop" "$t1"
bad=$(git rev-parse HEAD)
ticket-update "$t2" note --message "later" --by S-li >/dev/null
expect 65 plaindesk-check --audit --since "$before"
check_has "$OUT" "${bad:0:12} $rel1: event-removed" "--since before the offence finds it"
check_eq "$(grep -c ': event-removed: ' <<<"$OUT")" 1 "one problem"
expect 0 plaindesk-check --audit --since "$bad"
check_has "$OUT" "audit ok: 1 commit (0 merges)" "--since after it audits one commit"
expect 0 plaindesk-check --audit --since "$bad" --anchor "$before"
# A force push's view: the old head is no longer in the history.
fresh
old=$(git rev-parse HEAD)
git reset -q --hard HEAD~1
ticket-update "$t2" note --message "instead" --by S-li >/dev/null
expect 65 plaindesk-check --audit --since "$old"
check_has "$OUT" "${old:0:12} -: rewritten: " "rewritten reported"
check_has "${ERR##*$'\n'}" "first offending commit $old" "the lost commit is the first"
expect 65 plaindesk-check --audit --anchor "$old"
check_has "$OUT" "rewritten" "--anchor too"
expect 65 plaindesk-check --audit --since 0123456789012345678901234567890123456789
check_has "$OUT" "rewritten" "a commit the repository no longer has"
expect 64 plaindesk-check --audit --since no-such-branch
expect 64 plaindesk-check --since HEAD

# ---- formats ----
fresh
jqedit "$rel1" '.events[1].message = "a, \"quoted\" text"'
forged "edit" "$t1"
expect 65 plaindesk-check --audit --format csv
printf '%s\n' "$OUT" >"$TEST_TMP/a.csv"
check_eq "$(python3 -c 'import csv,sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
p = [r for r in rows if r["kind"] != "unattributed"]
print(list(rows[0].keys()), len(p), p[0]["kind"], p[0]["path"], len(p[0]["commit"]))' "$TEST_TMP/a.csv")" \
	"['commit', 'path', 'kind', 'message'] 2 event-changed $rel1 12" "csv read back"
expect 65 plaindesk-check --audit --format json
printf '%s\n' "$OUT" >"$TEST_TMP/a.json"
check_eq "$(jget "$TEST_TMP/a.json" '[.problems[].kind] | sort | join(",")')" \
	"event-changed,no-event" "json problems"
check_eq "$(jget "$TEST_TMP/a.json" '.first_offending.commit')" "$(git rev-parse HEAD)" "json first"
check_eq "$(jget "$TEST_TMP/a.json" '.head')" "$(git rev-parse HEAD)" "json head"
cd "$CLEAN" || exit 1
expect 0 plaindesk-check --audit --format json
printf '%s\n' "$OUT" >"$TEST_TMP/b.json"
check_eq "$(jget "$TEST_TMP/b.json" '.problems | length')" 0 "clean json"
check_eq "$(jget "$TEST_TMP/b.json" '.merges')" 1 "json merges"

# ---- --rev: the store as committed, from a bare repository ----
git clone -q --bare "$CLEAN" "$TEST_TMP/bare.git"
expect 0 plaindesk-check -C "$TEST_TMP/bare.git" --rev HEAD
expect 0 plaindesk-check -C "$TEST_TMP/bare.git" --rev HEAD --audit
check_has "$OUT" "audit ok:" "audit in a bare repository"
fresh
jqedit "$rel2" '.state.status = "closed"'
git commit -qam "bad state"
expect 65 plaindesk-check --rev HEAD
check_has "$OUT" "$rel2: state does not agree with the events" "--rev lists the problem"
expect 0 plaindesk-check --rev HEAD~1
expect 66 plaindesk-check --rev no-such-rev

# ---- --history: the commits that changed the record, problems marked ----
fresh
jqedit "$rel1" '.events[1].message = "rewritten"'
forged "edit" "$t1"
expect 0 ticket-show "$t1" --history --format json
printf '%s\n' "$OUT" >"$TEST_TMP/h.json"
check_eq "$(jget "$TEST_TMP/h.json" '[.history[].commit] | join(" ")')" \
	"$(git log --format=%H --topo-order -- "$rel1" | tr '\n' ' ' | sed 's/ $//')" \
	"--history lists the commits git log lists"
check_eq "$(jget "$TEST_TMP/h.json" '.history[0].problems[0]')" \
	"event-changed: event $(jq -r '.events[1].id' "$rel1") ($(jq -r '.events[1].type' "$rel1")): field message changed" \
	"the audit's problem on the tampered commit"
check_eq "$(jget "$TEST_TMP/h.json" '.history[-1].added[0].type')" open "the first commit adds open"
expect 0 ticket-show "$t1" --history
check_has "$OUT" "    ! event-changed: " "text marks the problem"
check_has "$OUT" "state.status: open → acknowledged" "a field change shown"

# hline COMMIT WHO COMMAND: the first line of COMMIT's entry in a history.
hline() {
	printf '  %s  %s  %s  %s  %s' "$(git rev-parse --short=12 "$1")" \
		"$(git log -1 --format=%aI "$1")" "$2" "$3" \
		"$(git log -1 --format=%s "$1")"
}
# eline FILE SELECT: the line of the event of the record FILE that the jq
# condition SELECT picks.
eline() {
	jq -r ".events[] | select($2) |
		\"      + \\(.id) \\(.type) by \\(.by) at \\(.at)\"" "$1"
}
# A merge, and a commit rebased by someone else (its committer).
cd "$CLEAN" || exit 1
mrg=$(git rev-list --merges -1 HEAD)
expect 0 ticket-show "$t2" --history
check_has "$OUT" "$(hline "$mrg" "Test Runner <runner@example.com>" "(merge)")
      state.status: open → acknowledged
" "ticket-show: a merge that changed the record"
check_has "$OUT" "History:
$(hline HEAD "Li Na <li@example.com> (committed by Test Runner <runner@example.com>)" ticket-update)
$(eline "$rel2" '.message == "from A"')
" "ticket-show: a rebased commit names its committer"

# ---- mtg-plan show --history ----
upd=$(git log -1 --format=%H --grep="^mtg-plan: $mid update")
expect 0 mtg-plan show "$mid" --history
check_has "$OUT" "$(hline "$upd" "Chen Jie <chen@example.com>" mtg-plan)
$(eline "$relm" '.type == "update"')
      title: Weekly → Weekly status
      sequence: 0 → 1
" "mtg-plan: an update's event and fields"
check_has "$OUT" "sequence   1" "mtg-plan: the meeting is shown before its history"
expect 0 mtg-plan show "$mid" --history --format json
printf '%s\n' "$OUT" >"$TEST_TMP/m.json"
check_eq "$(jget "$TEST_TMP/m.json" '.record.id')" "$mid" "mtg-plan json: the record"
check_eq "$(jget "$TEST_TMP/m.json" '[.history[].commit] | join(" ")')" \
	"$(git log --format=%H -- "$relm" | tr '\n' ' ' | sed 's/ $//')" \
	"mtg-plan json: the commits git log lists"
check_eq "$(jget "$TEST_TMP/m.json" '[.history[].command] | join(" ")')" \
	"mtg-minutes mtg-minutes mtg-plan mtg-plan" "mtg-plan json: commands"
check_eq "$(jget "$TEST_TMP/m.json" '.history[-1].added[0].type')" create \
	"mtg-plan json: the first commit adds create"
expect 0 mtg-plan show "$mid" --format json
check_eq "$OUT" "$(cat "$relm")" "mtg-plan json without --history: as stored"
# A hand edit, committed by someone else than its author.
fresh
jqedit "$relm" '.room = "R-1"'
GIT_COMMITTER_NAME="Chen Jie" GIT_COMMITTER_EMAIL=chen@example.com \
	git commit -qam "room by hand"
expect 0 mtg-plan show "$mid" --history
check_has "$OUT" "History:
$(hline HEAD "Test Runner <runner@example.com> (committed by Chen Jie <chen@example.com>)" "(hand edit)")
      room: R-2 → R-1
    ! header-changed: header field room changed without an update event
    ! no-trailers: changed by a commit without a Plaindesk-Command trailer
    ! no-event: changed without adding an event
" "mtg-plan: a hand edit and its problems"
LANGUAGE=zh_CN expect 0 mtg-plan show "$mid" --history
check_has "$OUT" "历史：
  $(git rev-parse --short=12 HEAD)  $(git log -1 --format=%aI)  Test Runner <runner@example.com>（由 Chen Jie <chen@example.com> 提交）  （手工修改）  room by hand" \
	"mtg-plan: the history's words in Chinese"
check_has "$OUT" "$(eline "$relm" '.type == "update"' | sed 's/ update by \(.*\) at / 更新，由 \1 于 /')" \
	"mtg-plan: an event added, in Chinese"
# A merge of two changes to one meeting.
fresh
m2=$(mtg-plan new --type routine --title "Review" --start 2026-11-27T14:00 \
	--duration 1h --room R-2 --organizer S-chen --attendee S-wang \
	--agenda "Plan|30|S-wang|inform" --by S-chen)
git checkout -q -b side
mtg-plan update "$m2" --title "Review 2" --by S-chen >/dev/null
git checkout -q main
PLAINDESK_NOW=2026-11-20T11:00 mtg-plan send "$m2" --by S-chen >/dev/null
git merge -q --no-edit side >/dev/null 2>&1 || fail "merge side"
expect 0 mtg-plan show "$m2" --history
check_has "$OUT" "History:
$(hline HEAD "Test Runner <runner@example.com>" "(merge)")
      title: Review → Review 2
      sequence: 0 → 1
$(hline HEAD^2 "Chen Jie <chen@example.com>" mtg-plan)
" "mtg-plan: a merge lists what it took from the other side"
check_eq "$(grep -c '^  [0-9a-f]\{12\}  ' <<<"$OUT")" 4 \
	"mtg-plan: new, send, update, merge"


# ---- --history reads the record's life, not the whole history ----
fresh
t3=$(ticket-open --kind inquiry --channel email --customer C-0013 --title "Late" --by S-li)
ticket-update "$t3" note --message "later" --by S-li >/dev/null
rel3=$(git show --name-only --format= HEAD)
life="$(git log --format=%H --topo-order -- "$rel3" | tr '\n' ' ' | sed 's/ $//')"
# What lies before the commit before the record was made is never read:
# its objects may go (git cannot walk that history any more).
gone=$(git rev-parse HEAD~3^{tree})
mv ".git/objects/${gone:0:2}/${gone:2}" "$TEST_TMP/gone-tree"
gone=$(git rev-parse HEAD~4)
mv ".git/objects/${gone:0:2}/${gone:2}" "$TEST_TMP/gone-commit"
git rev-list HEAD >/dev/null 2>&1 && fail "the history is still whole"
expect 0 ticket-show "$t3" --history --format json
printf '%s\n' "$OUT" >"$TEST_TMP/h3.json"
check_eq "$(jget "$TEST_TMP/h3.json" '[.history[].commit] | join(" ")')" "$life" \
	"--history of a young record: its commits, from where it was made"
check_eq "$(jget "$TEST_TMP/h3.json" '.history[-1].added[0].type')" open \
	"--history of a young record: the first commit adds open"
# A record removed and made again shows its newest life; the audit
# names the removal.
fresh
git rm -q "$rel1" && git commit -qm "removed by hand"
ticket-open --kind inquiry --channel email --customer C-0013 --title "Between" --by S-li >/dev/null
git checkout -q HEAD~2 -- "$rel1" && git commit -qm "made again by hand"
expect 0 ticket-show "$t1" --history --format json
printf '%s\n' "$OUT" >"$TEST_TMP/h4.json"
check_eq "$(jget "$TEST_TMP/h4.json" '[.history[].commit] | join(" ")')" \
	"$(git rev-parse HEAD)" "--history after a removal: the newest life"
check_eq "$(jget "$TEST_TMP/h4.json" '.history[0].command')" "(hand edit)" \
	"--history after a removal: made again by hand"
check_eq "$(jget "$TEST_TMP/h4.json" '.history[0].added | length')" \
	"$(jq '.events | length' "$rel1")" "--history after a removal: every event added again"
expect 65 plaindesk-check --audit
check_has "$OUT" "$(git rev-parse --short=12 HEAD~2) $rel1: record-removed: " \
	"the audit names the removal"

# Audited by several processes, the findings are the same, in the same
# order, to the last line.
for f in text json csv; do
	PLAINDESK_JOBS=1 expect 65 plaindesk-check --audit --format "$f"
	one="$OUT
$ERR"
	PLAINDESK_JOBS=4 expect 65 plaindesk-check --audit --format "$f"
	check_eq "$OUT
$ERR" "$one" "--audit --format $f: four processes find what one does"
done
PLAINDESK_TRACE=1 PLAINDESK_JOBS=4 expect 65 plaindesk-check --audit
check_has "$ERR" "trace: audit in 4 processes" "PLAINDESK_JOBS=4: four processes ran"
PLAINDESK_TRACE=1 PLAINDESK_JOBS=1 expect 65 plaindesk-check --audit
check_lacks "$ERR" "trace: audit in" "PLAINDESK_JOBS=1: this process alone"
PLAINDESK_JOBS=0 expect 64 plaindesk-check --audit
check_has "$ERR" "PLAINDESK_JOBS: expected a number from 1 to 64, not '0'" \
	"PLAINDESK_JOBS checked"

finish
