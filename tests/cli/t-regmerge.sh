# Registers merged cell by cell through git (DESIGN §4), with the git CLI,
# two clones and a bare remote: different cells of one row merge, rows
# added and removed merge, one cell changed two ways is a conflict a
# person settles (markers around the row, plaindesk-check reports it,
# changing commands refuse until it is committed); a clone without the
# merge driver is warned about.
. "$(dirname "$0")/lib.sh"

new_store
git clone -q --bare "$STORE" "$TEST_TMP/central.git"
for side in A B; do
	git clone -q "$TEST_TMP/central.git" "$TEST_TMP/$side"
	plaindesk-init "$TEST_TMP/$side" >/dev/null
done

# edit SIDE SED MESSAGE: edit the customer register as a spreadsheet
# would, and commit it with git.
edit() {
	cd "$TEST_TMP/$1" || exit 1
	sed -i "$2" registers/customers.csv
	git commit -qam "$3"
}
push() { git -C "$TEST_TMP/$1" push -q origin main; }
# pull SIDE: git pull into SIDE; its status in $RC, what it said in $ERR.
pull() {
	cd "$TEST_TMP/$1" || exit 1
	run git pull --no-rebase origin main
}
row() { grep "^$2," "$TEST_TMP/$1/registers/customers.csv"; }

# --- Different cells of one row, and rows added and removed.
edit A 's/^C-0012,Acme Ltd,Acme,/C-0012,Acme Ltd,Acme Group,/' "org in A"
edit A '$a C-0100,New Co,,general,,,2026-11-01,,' "a customer added in A"
push A
edit B 's/,+86 10 1234,/,+86 10 5678,/' "phone in B"
edit B '/^C-0014,/d' "a customer removed in B"
pull B
check_eq "$RC" 0 "different cells merge"
check_lacks "$ERR" "conflict" "no conflict"
check_eq "$(row B C-0012)" \
	"C-0012,Acme Ltd,Acme Group,vip,ops@acme.example,+86 10 5678,2025-01-01,," \
	"both cells kept"
check_eq "$(row B C-0100)" "C-0100,New Co,,general,,,2026-11-01,," "the added row"
check_eq "$(row B C-0014)" "" "the removed row stays removed"
expect 0 plaindesk-check --quiet
clean_status "after the clean merge"
push B
pull A
check_eq "$(git -C "$TEST_TMP/A" rev-parse 'HEAD^{tree}')" \
	"$(git -C "$TEST_TMP/B" rev-parse 'HEAD^{tree}')" "both clones the same"

# --- One cell changed two ways: a conflict for a person.
edit A 's/^C-0013,北京会展公司,会展,/C-0013,北京会展公司,会展集团,/' "org in A"
push A
edit B 's/^C-0013,北京会展公司,会展,/C-0013,北京会展公司,北京会展,/' "org in B"
head=$(git -C "$TEST_TMP/B" rev-parse HEAD)
pull B
[ "$RC" != 0 ] && pass || fail "git pull of a same-cell conflict exited 0"
check_has "$ERR" "plaindesk-merge: registers/customers.csv: C-0013: 'org' changed on both sides ('北京会展' and '会展集团'); left between conflict markers" \
	"the driver names the cell"
check_has "$OUT" "CONFLICT (content): Merge conflict in registers/customers.csv" \
	"git marks the conflict"
check_eq "$(git status --porcelain registers/customers.csv)" \
	"UU registers/customers.csv" "the register is unmerged"
check_eq "$(sed -n '/^<<<<<<< /,/^>>>>>>> /p' registers/customers.csv)" \
	"<<<<<<< ours
C-0013,北京会展公司,北京会展,key,contact@bj.example,,2025-06-01,,
=======
C-0013,北京会展公司,会展集团,key,contact@bj.example,,2025-06-01,,
>>>>>>> theirs" "markers around the row, ours then theirs"
check_eq "$(grep -c '^C-0012,Acme Ltd,Acme Group,' registers/customers.csv)" 1 \
	"the other rows are merged"
check_eq "$(git rev-parse HEAD)" "$head" "no merge commit"

run plaindesk-check
check_eq "$RC" 65 "plaindesk-check fails"
check_has "$OUT" "registers/customers.csv: line 3: a merge conflict is not settled" \
	"plaindesk-check reports the conflict"
refused 65 ticket-open --kind inquiry --channel phone --customer C-0012 \
	--title "during the conflict"
check_has "$ERR" "ticket-open: error: registers/customers.csv: line 3: a merge conflict is not settled" \
	"the refusal names the conflict"
check_has "$ERR" "hint: keep one version of each row" "and what to do"

# Settled in the file but not committed: still refused.
sed -i -e '/^<<<<<<< /d' -e '/^=======$/,/^>>>>>>> /d' registers/customers.csv
git add registers/customers.csv
refused 65 ticket-open --kind inquiry --channel phone --customer C-0012 \
	--title "before the merge is committed"
check_has "$ERR" "a git merge is in progress" "until the merge is committed"
git commit -q --no-edit
expect 0 plaindesk-check --quiet
expect 0 ticket-open --kind inquiry --channel phone --customer C-0013 \
	--title "after the conflict"
check_eq "$(row B C-0013)" "C-0013,北京会展公司,北京会展,key,contact@bj.example,,2025-06-01,," \
	"the version the person kept"
clean_status "after settling"

# --- A clone where plaindesk-init was not run.
git clone -q "$TEST_TMP/central.git" "$TEST_TMP/C"
cd "$TEST_TMP/C" || exit 1
expect 0 ticket-open --kind inquiry --channel phone --customer C-0012 --title "in C"
check_eq "$(grep -c 'records will not merge in this clone' <<<"$ERR")" 1 \
	"warned once"
check_has "$ERR" "ticket-open: warning: records will not merge in this clone: no merge driver is installed" \
	"says why"
check_has "$ERR" "ticket-open: hint: run plaindesk-init in the store to install it" \
	"and what to do"
expect 0 plaindesk-check
check_has "$ERR" "plaindesk-check: warning: .git/config: records will not merge in this clone" \
	"plaindesk-check warns"
# A driver that was installed and then moved away is missing too.
git config merge.plaindesk.driver "'$TEST_TMP/gone/plaindesk-merge' %O %A %B %P"
expect 0 ticket-open --kind inquiry --channel phone --customer C-0012 --title "in C again"
check_has "$ERR" "the merge driver '$TEST_TMP/gone/plaindesk-merge' is missing" \
	"a driver that is gone"
plaindesk-init . >/dev/null
expect 0 ticket-open --kind inquiry --channel phone --customer C-0012 --title "in C at last"
check_eq "$ERR" "" "no warning once installed"

finish
