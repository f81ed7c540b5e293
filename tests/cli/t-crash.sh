# Crash safety (DESIGN §4): kill -9 a changing command at random points,
# by the fault switch (every step, every file of a change) and by the
# clock (a random sleep), sometimes killing the recovery too; the next
# command must find the store before or after the change, never between.
#   CRASH_TRIALS (default 16; 1000 under PLAINDESK_SOAK) sets the count.
# The first trials are killed at each fault step in turn, so that a short
# run reaches every one of them; the others are random.
. "$(dirname "$0")/lib.sh"

TRIALS=${CRASH_TRIALS:-16}
[ -n "${PLAINDESK_SOAK:-}" ] && TRIALS=${CRASH_TRIALS:-1000}
export PLAINDESK_LOCK_TIMEOUT=5
STEPS=(temp-written journal-written lock-made lock-linked renamed before-commit
	before-ref ref-written index-written after-ref before-journal-removal)

# The changes under test: NFILES files staged, NREC tickets opened;
# CLOCK_ONLY when the number of files is not known in advance (killed by
# the clock only, since a fault step may not be reached).
pick_change() {	# pick_change TRIAL
	local t=$1 id
	CSV=$TEST_TMP/import.csv
	CLOCK_ONLY="" r=$((RANDOM % 6))
	# Until every fault step was reached, a change that can reach them.
	[ "$faults" -lt ${#STEPS[@]} ] && [ "$r" = 5 ] && r=$((RANDOM % 5))
	case $r in
	4)	id=$(git ls-files tickets | shuf -n 1)
		id=${id##*/}
		if [ -n "$id" ]; then
			CMD=(ticket-update "${id%.json}" note --message "crash $t")
			NFILES=1 NREC=0 SUBJECT="ticket-update: ${id%.json} note"
			return
		fi ;;
	5)	# An escalation pass days later: every open ticket it touches.
		CMD=(env PLAINDESK_NOW="2026-11-$((21 + t % 9))T10:00"
			ticket-escalate)
		NFILES=0 NREC=0 SUBJECT="ticket-escalate: " CLOCK_ONLY=1
		return ;;
	esac
	case $((RANDOM % 4)) in
	0|1)	CMD=(ticket-open --kind complaint --channel phone
			--customer C-0012 --severity general --category venue
			--title "crash $t")
		NFILES=1 NREC=1 SUBJECT="\"crash $t\"" ;;
	2)	CMD=(ticket-open --kind inquiry --channel email
			--customer "Crash Customer $t" --new-customer
			--title "crash $t")
		NFILES=2 NREC=1 SUBJECT="\"crash $t\"" ;;
	3)	printf '%s\n' 'kind,channel,customer,title,new-customer' \
			"inquiry,phone,C-0013,crash $t a," \
			"request,online,Import Customer $t,crash $t b,yes" \
			"suggestion,other,C-0012,crash $t c," > "$CSV"
		CMD=(ticket-open --from-csv "$CSV")
		NFILES=4 NREC=3 SUBJECT="3 tickets from" ;;
	esac
}

# A fault step, reaching every file of the change for the per-file ones.
# The steps are taken in turn, so that a short run reaches each of them.
faults=0
pick_fault() {
	local step=${STEPS[$((faults % ${#STEPS[@]}))]}
	faults=$((faults + 1))
	case $step in
	temp-written) FAULT="$step:$((RANDOM % (NFILES + 1) + 1))" ;;
	renamed) FAULT="$step:$((RANDOM % NFILES + 1))" ;;
	# The index's lock, or the branch's.
	lock-*) FAULT="$step:$((RANDOM % 2 + 1))" ;;
	*) FAULT=$step ;;
	esac
}

ticket_count() { git ls-tree -r --name-only HEAD tickets | grep -c '\.json$'; }

# Kill "$@" after a random 0-39 ms (it may finish first).
kill_later() {
	"$@" >/dev/null 2>&1 </dev/null &
	local pid=$!
	sleep "0.0$(printf '%02d' $((RANDOM % 40)))"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	KRC=$?
}

# whole_change: commit $c names records $recs and changes tickets
# $changed (space-separated, any order): the same, and not none.
whole_change() {
	local r n=0 m=0
	local -A named=()
	for r in $recs; do named[$r]=1; n=$((n + 1)); done
	for r in $changed; do
		[ -n "${named[$r]:-}" ] && m=$((m + 1)) || m=-1000
	done
	[ "$n" -gt 0 ] && [ "$n" = "$m" ] && [ "$n" = "${#named[@]}" ] && pass ||
		fail "$what: commit $c names '$recs', changes '$changed'"
}

next=0 packs=0
for trial in $(seq "$TRIALS"); do
	# A fresh store every 100 trials keeps each trial's checks cheap.
	[ $((trial % 100)) = 1 ] && { new_store || break; }
	h0=$(git rev-parse HEAD)
	n0=$(ticket_count)
	pick_change "$trial"
	if [ -z "$CLOCK_ONLY" ] && { [ "$faults" -lt ${#STEPS[@]} ] ||
		[ $((RANDOM % 10)) -lt 7 ]; }; then
		pick_fault
		PLAINDESK_FAULT=$FAULT "${CMD[@]}" >/dev/null 2>&1 </dev/null
		KRC=$?
		what="trial $trial (${CMD[*]:0:2} fault $FAULT)"
		[ "$KRC" = 137 ] || fail "$what: not killed (exit $KRC)"
	else
		kill_later "${CMD[@]}"
		what="trial $trial (${CMD[*]:0:2} killed by the clock)"
		case $KRC in 0|137) ;; *) fail "$what: exit $KRC" ;; esac
	fi
	# Right after the crash HEAD is the old commit or the whole change.
	h1=$(git rev-parse HEAD)
	if [ "$h1" != "$h0" ]; then
		check_eq "$(git rev-parse HEAD~1)" "$h0" "$what: one commit"
		check_has "$(git log -1 --format=%s)" "$SUBJECT" "$what: its commit"
		check_eq "$(ticket_count)" "$((n0 + NREC))" "$what: whole change"
	fi
	# Every eighth trial packing is killed, each of three ways in turn
	# (plaindesk-check --pack is the same code a change runs when it
	# finds too many loose objects).
	case $((trial % 8 == 0 ? trial / 8 % 3 : 3)) in
	0)	kill_later plaindesk-check --pack -q ;;
	1)	PLAINDESK_FAULT=pack-written plaindesk-check --pack -q \
			>/dev/null 2>&1 </dev/null
		check_eq $? 137 "$what: killed after packing" ;;
	2)	# Killed after removing one of the loose objects there are.
		loose=$(find .git/objects -path '*/objects/??/*' -type f | wc -l)
		if [ "$loose" -gt 0 ]; then
			PLAINDESK_FAULT=loose-removed:$((RANDOM % loose + 1)) \
				plaindesk-check --pack -q >/dev/null 2>&1 </dev/null
			check_eq $? 137 "$what: killed removing loose objects"
		fi ;;
	*)	packs=$((packs - 1)) ;;
	esac
	packs=$((packs + 1))
	# Sometimes the recovery itself is killed too.
	if [ $((RANDOM % 5)) = 0 ]; then
		kill_later ticket-open --kind inquiry --channel phone \
			--customer C-0012 --title "second $trial"
	fi
	next=$((next + 1))
	run ticket-open --kind inquiry --channel phone --customer C-0012 \
		--title "next $trial"
	if [ "$RC" != 0 ]; then
		fail "$what: next command exited $RC: $ERR"
		break
	fi
	pass
	check_eq "$(git log -1 --format=%s)" \
		"ticket-open: $OUT inquiry \"next $trial\"" "$what: next commit"
	# Every commit since is one whole change: it changes exactly the
	# records it names (one git log for all of them).
	git log --no-renames --format='%x01 %H%n%B%n%x02' --name-only "$h0"..HEAD \
		>"$TEST_TMP/commits"
	c="" part=""
	while IFS= read -r line; do
		case $line in
		$'\x01 '*) [ -n "$c" ] && whole_change
			c=${line#* } part=body recs="" changed="" ;;
		$'\x02') part=files ;;
		"Plaindesk-Record: "*)
			[ "$part" = body ] && recs+=" ${line#*: }" ;;
		tickets/*.json)
			[ "$part" = files ] && line=${line##*/} &&
				changed+=" ${line%.json}" ;;
		esac
	done <"$TEST_TMP/commits"
	[ -n "$c" ] && whole_change
	s=$(git status --porcelain --untracked-files=all)
	[ -z "$s" ] && pass || fail "$what: status not clean: $s"
	[ ! -e .git/plaindesk-journal ] && pass || fail "$what: journal left"
	# (the flock files are kept: a lock is the flock, not the file)
	left=$(find .git -name '*.lock' ! -name plaindesk.lock \
		! -name plaindesk-pack.lock ! -name tickets.sum.lock -o \
		-name 'tmp_object_git2_*' -o -name 'pack_git2_*' -o -name '.pd-tmp-*')
	[ -z "$left" ] && pass || fail "$what: left behind: $left"
	run plaindesk-check -q
	[ "$RC" = 0 ] && pass || fail "$what: plaindesk-check: $OUT $ERR"
	if ! git fsck --no-progress --no-dangling >"$TEST_TMP/fsck" 2>&1 ||
	   grep -q . "$TEST_TMP/fsck"; then
		fail "$what: git fsck: $(head -3 "$TEST_TMP/fsck")"
	fi
	[ "$T_FAIL" -gt 0 ] && break
done
check_eq "$next" "$TRIALS" "trials run"
# The first trials were killed at each fault step in turn.
if [ "$TRIALS" -ge ${#STEPS[@]} ]; then
	[ "$faults" -ge ${#STEPS[@]} ] && pass ||
		fail "only $faults of the ${#STEPS[@]} fault steps were reached"
fi
[ "$packs" -gt 0 ] && pass || fail "no packing was killed"

# plaindesk-init killed at each step: a changing command refuses the
# unfinished store (it would make a first commit without the store's
# files) until plaindesk-init, run again, finishes it.
cd "$TEST_TMP" || exit 1
for f in temp-written:1 temp-written:2 temp-written:4 journal-written \
	renamed:1 renamed:6 lock-made:1 lock-linked:2 before-commit before-ref \
	ref-written after-ref \
	before-journal-removal; do
	rm -rf init
	PLAINDESK_FAULT=$f plaindesk-init init >/dev/null 2>&1
	check_eq $? 137 "init $f: killed"
	if [ -e init/plaindesk.json ]; then
		cd init || break
		run ticket-open --kind inquiry --channel phone --customer X \
			--new-customer --title "too early"
		case $f in
		after-ref|before-journal-removal)
			check_eq "$RC" 0 "init $f: made, so a change works" ;;
		*)	check_eq "$RC" 66 "init $f: a change is refused"
			check_has "$ERR" "plaindesk-init was interrupted" \
				"init $f: says why"
			check_eq "$(git log --oneline 2>/dev/null)" "" \
				"init $f: no commit" ;;
		esac
		cd "$TEST_TMP" || break
	fi
	expect 0 plaindesk-init init
	cd init || break
	expect 0 ticket-open --kind inquiry --channel phone --customer X \
		--new-customer --title "after init $f"
	clean_status "init $f"
	expect 0 plaindesk-check -q
	check_eq "$(git log --reverse --format=%s | head -1)" \
		"plaindesk-init: new store" "init $f: the first commit is the store"
	check_eq "$(git ls-files | grep -c '^registers/.*\.csv$')" 4 \
		"init $f: all registers"
	cd "$TEST_TMP" || break
done

# A stale index.lock (a git command killed in this clone) is git's, not
# ours: the change waits for it, then fails with nothing committed and
# the lock left where it is; once it is gone, changes work again.
new_store
touch .git/index.lock
h0=$(git rev-parse HEAD)
expect 75 env PLAINDESK_LOCK_TIMEOUT=0.2 ticket-open --kind inquiry \
	--channel phone --customer C-0012 --title "index locked"
check_eq "$(git rev-parse HEAD)" "$h0" "index locked: nothing committed"
check_has "$ERR" "index.lock" "index locked: says which lock"
[ -e .git/index.lock ] && pass || fail "git's index.lock was removed"
[ ! -e .git/plaindesk-journal ] && pass || fail "index locked: journal left"
rm .git/index.lock
clean_status "index locked"
expect 0 ticket-open --kind inquiry --channel phone --customer C-0012 \
	--title "after index lock"
clean_status "after the index lock"
expect 0 plaindesk-check -q

# Packing killed while it writes the pack (a store past the threshold of
# loose objects packs for about half a second here): the next change
# packs again, loses no object and leaves no garbage.
BIG=$([ -n "${PLAINDESK_SOAK:-}" ] && echo 10 || echo 1)
new_store
python3 - .git/objects <<'PY'
import hashlib, os, sys, zlib
for i in range(1, 9001):
    body = b"junk %d\n" % i
    raw = b"blob %d\0" % len(body) + body
    h = hashlib.sha1(raw).hexdigest()
    os.makedirs(os.path.join(sys.argv[1], h[:2]), exist_ok=True)
    with open(os.path.join(sys.argv[1], h[:2], h[2:]), "wb") as f:
        f.write(zlib.compress(raw))
PY
[ "$BIG" -gt 1 ] && cp -a "$STORE" "$TEST_TMP/big"
for b in $(seq "$BIG"); do
	if [ "$b" -gt 1 ]; then
		cd "$TEST_TMP" && rm -rf "$STORE" &&
			cp -a "$TEST_TMP/big" "$STORE" && cd "$STORE" || break
	fi
	ticket-open --kind inquiry --channel phone --customer C-0012 \
		--title "big $b" >/dev/null 2>&1 </dev/null &
	pid=$!
	sleep "0.$((RANDOM % 500 + 100))"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	[ -n "${CRASH_VERBOSE:-}" ] && echo "big $b: $(ls .git/objects/pack | tr '\n' ' ')"
	expect 0 ticket-open --kind inquiry --channel phone --customer C-0012 \
		--title "after big $b"
	clean_status "big $b"
	expect 0 plaindesk-check -q
	git fsck --no-progress --no-dangling >"$TEST_TMP/fsck" 2>&1
	check_eq "$?:$(cat "$TEST_TMP/fsck")" "0:" "big $b: git fsck"
	check_has "$(git count-objects -v)" "garbage: 0" "big $b: no garbage"
	check_eq "$(git cat-file -p "$(printf 'junk 77\n' | git hash-object --stdin)")" \
		"junk 77" "big $b: objects kept"
done
finish
