# Team use through git (DESIGN §4): two clones of one store each make
# random changes (new tickets, some for new customers, which edits the
# customer register; updates of shared tickets) and push and pull both
# ways with the git CLI.  The plaindesk merge driver leaves no conflict,
# no event is lost, plaindesk-check passes on both, and both end with the
# same tree.  24 changes a clone here, 1,000 under PLAINDESK_SOAK.
. "$(dirname "$0")/lib.sh"

CHANGES=$([ -n "${PLAINDESK_SOAK:-}" ] && echo 1000 || echo 24)
ROUNDS=$([ -n "${PLAINDESK_SOAK:-}" ] && echo 20 || echo 4)
have_update=$(command -v ticket-update >/dev/null && echo 1)
[ -n "$have_update" ] || echo "note: no ticket-update yet; shared tickets are not updated"

new_store
shared=()
for s in $(seq 6); do
	shared+=("$(ticket-open --kind complaint --channel phone --customer C-0012 \
		--severity general --category venue --title "shared $s")")
done
# A meeting held and published, with eight action items to mark done and
# feedback to give from both sides.
have_minutes=$(command -v mtg-minutes >/dev/null && echo 1)
if [ -n "$have_minutes" ]; then
	mid=$(mtg-plan new --type routine --title "Weekly" \
		--start 2026-11-20T14:00 --duration 1h --room R-2 \
		--organizer S-chen --attendee S-wang --attendee S-li \
		--agenda "Status|30|S-wang|inform")
	actions=()
	for a in $(seq 8); do actions+=(--action "Action $a|S-wang|2026-11-30|done"); done
	PLAINDESK_NOW=2026-11-20T15:30 mtg-minutes record "$mid" \
		--started 2026-11-20T14:00 --ended 2026-11-20T15:00 \
		--present S-wang --present S-li --outcome "1|achieved" \
		"${actions[@]}" >/dev/null &&
	PLAINDESK_NOW=2026-11-20T15:40 mtg-minutes publish "$mid" >/dev/null ||
		fail "the shared meeting"
fi
git clone -q --bare "$STORE" "$TEST_TMP/central.git"
for side in A B; do
	git clone -q "$TEST_TMP/central.git" "$TEST_TMP/$side"
	run plaindesk-init "$TEST_TMP/$side"
	check_has "$OUT" "git settings installed" "$side: driver installed"
done
check_eq "$(git -C "$TEST_TMP/A" config merge.plaindesk.driver)" \
	"'$PLAINDESK_BIN/plaindesk-merge' %O %A %B %P" "driver beside the programs"

# The clock moves on a minute a change, the same on both sides, so the
# two sides' events interleave.
minute=0
tick() {
	minute=$((minute + 1))
	# 08:00 UTC plus the minutes, on the 20th (up to 16 hours) or after.
	printf -v PLAINDESK_NOW '2026-11-%02dT%02d:%02d:00Z' \
		$((20 + (480 + minute) / 1440)) $(((480 + minute) % 1440 / 60)) \
		$((minute % 60))
	export PLAINDESK_NOW
}

# change SIDE N: one random change in clone SIDE, labelled SIDE-N; logs
# "open LABEL" or "event LABEL" for what was made.
change() {
	local side=$1 label=$1-$2 id action=() rc
	cd "$TEST_TMP/$side" || return
	case $((RANDOM % 12)) in
	0|1|2) ;;			# a new ticket
	10|11)	[ -n "$have_minutes" ] || return
		if [ $((RANDOM % 2)) = 0 ]; then
			run mtg-minutes done "$mid.$((RANDOM % 8 + 1))" --note "$label"
			what=done
		else
			run mtg-minutes feedback "$mid" --score $((RANDOM % 5 + 1)) \
				--by "$(printf '%s\n' S-wang S-li S-chen S-zhao S-admin |
					shuf -n 1)" --comment "$label"
			what=feedback
		fi
		case $RC in
		0) echo "$what $label" >>"$TEST_TMP/made" ;;
		65) ;;	# done already, or feedback given already: refused
		*) fail "$label: mtg-minutes $what: exit $RC: $ERR" ;;
		esac
		return ;;
	3)	run ticket-open --kind inquiry --channel email \
			--customer "Customer $label" --new-customer \
			--title "$label"
		[ "$RC" = 0 ] && printf 'open %s\ncustomer %s\n' "$label" \
			"$label" >>"$TEST_TMP/made" ||
			fail "$label: ticket-open --new-customer: $ERR"
		return ;;
	*)	[ -n "$have_update" ] && id=${shared[$((RANDOM % 6))]} ;;
	esac
	if [ -z "${id:-}" ]; then
		run ticket-open --kind request --channel online --customer C-0013 \
			--title "$label"
		[ "$RC" = 0 ] && echo "open $label" >>"$TEST_TMP/made" ||
			fail "$label: ticket-open: $ERR"
		return
	fi
	case $((RANDOM % 14)) in
	0) action=(ack) ;;
	1) action=(assign --to "$([ $((RANDOM % 2)) = 0 ] && echo S-wang || echo S-li)") ;;
	2) action=(cause --cause equipment) ;;
	3) action=(plan --solution redo --owner S-wang --due 2026-12-01) ;;
	4) action=(resolve --solution redo) ;;
	5) action=(close --satisfaction $((RANDOM % 5 + 1)) --accepted yes) ;;
	6) action=(reopen --reason "not fixed") ;;
	7) action=(pause --reason "waiting for parts") ;;
	8) action=(resume) ;;
	*) action=(note) ;;
	esac
	run ticket-update "$id" "${action[@]}" --message "$label"
	case $RC in
	0) echo "event $label" >>"$TEST_TMP/made" ;;
	65) ;;		# not allowed in the ticket's state: refused, fine
	*) fail "$label: ticket-update ${action[*]}: exit $RC: $ERR" ;;
	esac
}

# sync SIDE: pull (merging) and push with the git CLI; no conflict.
sync() {
	cd "$TEST_TMP/$1" || return
	git pull -q --no-rebase origin main >"$TEST_TMP/pull" 2>&1
	local rc=$?
	if [ "$rc" != 0 ] || [ -n "$(git diff --name-only --diff-filter=U)" ]; then
		fail "$1: pull: exit $rc: $(head -5 "$TEST_TMP/pull")"
		return 1
	fi
	grep -h 'plaindesk-merge: ' "$TEST_TMP/pull" >>"$TEST_TMP/reports"
	git push -q origin main 2>"$TEST_TMP/push" ||
		{ fail "$1: push: $(cat "$TEST_TMP/push")"; return 1; }
	pass
}

: >"$TEST_TMP/made"
: >"$TEST_TMP/reports"
per_round=$((CHANGES / ROUNDS))
n=0
for round in $(seq "$ROUNDS"); do
	for i in $(seq "$per_round"); do
		n=$((n + 1))
		tick
		change A "$n"
		change B "$n"
	done
	# Alternate who merges first.
	if [ $((round % 2)) = 1 ]; then sync A && sync B; else sync B && sync A; fi
	[ "$T_FAIL" -gt 0 ] && break
done
cd "$TEST_TMP/A" && git pull -q --no-rebase origin main >/dev/null 2>&1
cd "$TEST_TMP/B" && git pull -q --no-rebase origin main >/dev/null 2>&1

check_eq "$(git -C "$TEST_TMP/A" rev-parse 'HEAD^{tree}')" \
	"$(git -C "$TEST_TMP/B" rev-parse 'HEAD^{tree}')" "both end with the same tree"
for side in A B; do
	cd "$TEST_TMP/$side" || break
	clean_status "$side"
	run plaindesk-check
	check_eq "$RC" 0 "$side: plaindesk-check: $OUT"
done
cd "$TEST_TMP/A" || exit 1

# Nothing lost: every ticket opened on either side, once; every event
# recorded on either side, once.
records=$(find tickets -name '*.json')
titles=$(cat $records | jq -r '.title' | grep -v '^shared ' | sort)
check_eq "$titles" "$(sed -n 's/^open //p' "$TEST_TMP/made" | sort)" \
	"every ticket opened, once"
messages=$(cat $records | jq -r '.events[].message // empty' | sort)
if [ -n "$have_minutes" ]; then
	mrec=$(find meetings -name "$mid.json")
	check_eq "$(jq -r '.events[] | select(.type == "done") | .note' "$mrec" | sort)" \
		"$(sed -n 's/^done //p' "$TEST_TMP/made" | sort)" "every action done, once"
	check_eq "$(jq -r '.events[] | select(.type == "feedback") | .comment' "$mrec" | sort)" \
		"$(sed -n 's/^feedback //p' "$TEST_TMP/made" | sort)" "every feedback, once"
	check_eq "$(jq -r '.feedback[].comment' "$mrec" | sort)" \
		"$(sed -n 's/^feedback //p' "$TEST_TMP/made" | sort)" "feedback list from the events"
fi
check_eq "$messages" "$(sed -n 's/^event //p' "$TEST_TMP/made" | sort)" \
	"every event made, once"
customers=$(tail -n +2 registers/customers.csv | cut -d, -f2 | sort)
check_eq "$customers" "$( (printf '%s\n' 'Acme Ltd' 'Lost Co' '北京会展公司'
	sed -n 's/^customer /Customer /p' "$TEST_TMP/made") | sort)" \
	"every new customer, once"
# In the random part a merge can only have settled, by its rule, what
# both sides did that only one could: two closes of one ticket, an action
# done twice, feedback from one person twice.  Events never change,
# headers are not edited, and new customers only add rows.
grep -v 'closed on both sides .* the later close decides$' "$TEST_TMP/reports" |
	grep -v ' done on both sides .* the later decides$' |
	grep -v 'feedback from .* given on both sides .* both kept$' |
	grep . && fail "unexpected merge report" || pass

# Merges that settled something said so on stderr, never silently (two
# closes of one ticket); one customer's phone and org edited on the two
# sides merge cell by cell.
if [ -n "$have_update" ]; then
	cd "$TEST_TMP/A" || exit 1
	tick
	id=$(ticket-open --kind inquiry --channel phone --customer C-0012 \
		--title "closed twice")
	expect 0 ticket-update "$id" ack
	expect 0 ticket-update "$id" resolve --solution apology
	sync A && sync B
	cd "$TEST_TMP/A" || exit 1
	tick
	expect 0 ticket-update "$id" close --satisfaction 5 --accepted yes
	sed -i 's/^C-0012,Acme Ltd,Acme,vip,ops@acme.example,[^,]*,/C-0012,Acme Ltd,Acme,vip,ops@acme.example,+86 10 1111,/' \
		registers/customers.csv
	git commit -qam "phone from the spreadsheet"
	cd "$TEST_TMP/B" || exit 1
	tick
	expect 0 ticket-update "$id" close --satisfaction 2 --accepted no
	sed -i 's/^C-0012,Acme Ltd,Acme,/C-0012,Acme Ltd,Acme Group,/' \
		registers/customers.csv
	git commit -qam "org from the other spreadsheet"
	sync A && sync B
	check_has "$(cat "$TEST_TMP/pull")" \
		"plaindesk-merge: tickets/2026/11/$id.json: closed on both sides" \
		"two closes reported"
	check_lacks "$(cat "$TEST_TMP/pull")" "plaindesk-merge: registers/customers.csv" \
		"different cells of one row merge without a word"
	check_eq "$(jq -r '[.events[] | select(.type == "close")] | length' \
		"tickets/2026/11/$id.json")" 2 "both closes kept"
	check_eq "$(jq -r '.state.closed_at' "tickets/2026/11/$id.json")" \
		"$(jq -r '[.events[] | select(.type == "close")][1].at' \
			"tickets/2026/11/$id.json")" "the later close decides"
	check_has "$(grep '^C-0012,' registers/customers.csv)" \
		"C-0012,Acme Ltd,Acme Group,vip,ops@acme.example,+86 10 1111," \
		"both edits kept (B merged)"
	expect 0 plaindesk-check -q
	cd "$TEST_TMP/A" && git pull -q --no-rebase origin main >/dev/null 2>&1
	check_eq "$(git -C "$TEST_TMP/A" rev-parse 'HEAD^{tree}')" \
		"$(git -C "$TEST_TMP/B" rev-parse 'HEAD^{tree}')" "same tree again"
fi

# What cannot be merged: the driver says why, leaves conflict markers and
# exits non-zero, so git marks a conflict; it never writes to stdout.
cd "$TEST_TMP/A" || exit 1
f=$(git ls-files tickets | head -1)
git show "HEAD:$f" >"$TEST_TMP/base.json"
sed 's/"title": .*/"title": "Ours",/' "$TEST_TMP/base.json" >"$TEST_TMP/ours.json"
sed 's/"title": /"title": 42, "x": /' "$TEST_TMP/base.json" | head -c 300 >"$TEST_TMP/theirs.json"
run plaindesk-merge "$TEST_TMP/base.json" "$TEST_TMP/ours.json" \
	"$TEST_TMP/theirs.json" "$f"
check_eq "$RC" 65 "unparsable side: exit 65"
check_eq "$OUT" "" "nothing on stdout"
check_has "$ERR" "plaindesk-merge: error: $f (theirs): line" "says which side"
check_has "$ERR" "plaindesk-merge: hint: $f is left merged line by line, with conflict markers" "says what is left"
check_has "$(cat "$TEST_TMP/ours.json")" "<<<<<<< ours" "conflict markers left"
printf 'id,name\nC-1,a\n' >"$TEST_TMP/base.csv"
printf 'id,name\nC-1,a\nC-2,b\n' >"$TEST_TMP/ours.csv"
printf 'id,name\nC-1,a\nC-3,c\nC-3,d\n' >"$TEST_TMP/theirs.csv"
run plaindesk-merge "$TEST_TMP/base.csv" "$TEST_TMP/ours.csv" \
	"$TEST_TMP/theirs.csv" registers/customers.csv
check_eq "$RC" 65 "duplicate register id: exit 65"
check_has "$ERR" "id 'C-3' appears twice" "names the duplicate"
# Through git: a hand edit that breaks a record in one clone, a change to
# it in the other: the pull stops with a conflict on that file only.
cd "$TEST_TMP/B" && git pull -q --no-rebase origin main >/dev/null 2>&1
cd "$TEST_TMP/A" || exit 1
printf '{ "broken": \n' >"$f" && git commit -qam "a bad hand edit" && git push -q origin main
cd "$TEST_TMP/B" || exit 1
id=$(basename "$f" .json)
tick
expect 0 ticket-update "$id" note --message "after the hand edit"
run git pull --no-rebase origin main
check_eq "$RC" 1 "git pull reports the conflict"
check_has "$OUT$ERR" "CONFLICT (content): Merge conflict in $f" "conflict on that file"
check_eq "$(git diff --name-only --diff-filter=U)" "$f" "only that file is unmerged"
git merge --abort
finish
