# Control characters from a shared store: none in any register cell
# (plaindesk-check lists each one, every reader refuses the register),
# and no name or e-mail that would break or forge a commit's author line
# reaches git: control characters refused before anything is written,
# angle brackets dropped as git drops them, every commit fsck-clean.
. "$(dirname "$0")/../cli/lib.sh"
. "$(dirname "$0")/canary.sh"

# Every C0 control but NUL (refused as a NUL byte already), DEL and two
# C1 controls (NEL, CSI), as the bytes they are in UTF-8.
CONTROLS=()
for c in $(seq 1 31) 127; do
	printf -v ch '\\x%02x' "$c"
	printf -v ch "$ch"
	CONTROLS+=("$ch")
done
CONTROLS+=($'\xc2\x85' $'\xc2\x9b')

# A CSV cell holding s, quoted as RFC 4180 wants.
cell() { local s=${1//\"/\"\"}; printf '"x%sy"' "$s"; }

# register_with FILE HEADER COLUMN: the register with one row per
# control character, each in COLUMN, the other cells valid.
register_with() {
	local file=$1 header=$2 col=$3 i=0 c row
	printf '%s\n' "$header" > "$file"
	for c in "${CONTROLS[@]}"; do
		i=$((i + 1))
		case $file in
		*customers.csv) row=(C-$i name org general a@b.example "" 2025-01-01 "" "") ;;
		*staff.csv) row=(S-$i name s$i@example.com agent desk yes) ;;
		*rooms.csv) row=(R-$i name 4 projector floor) ;;
		*holidays.csv) row=("2026-$(printf %02d $(( (i - 1) / 28 + 1)))-$(printf %02d $(( (i - 1) % 28 + 1)))" holiday name) ;;
		esac
		row[$col]=$(cell "$c")
		(IFS=,; printf '%s\n' "${row[*]}") >> "$file"
	done
}

new_store
make_canary
open_ticket
declare -A HEADERS=(
	[customers]="id,name,org,tier,email,phone,since,lost_on,notes"
	[staff]="id,name,email,role,team,active"
	[rooms]="id,name,capacity,equipment,location"
	[holidays]="date,kind,name")
for reg in customers staff rooms holidays; do
	IFS=, read -ra cols <<<"${HEADERS[$reg]}"
	for col in "${!cols[@]}"; do
		register_with "registers/$reg.csv" "${HEADERS[$reg]}" "$col"
		run plaindesk-check
		check_eq "$RC" 65 "$reg.${cols[$col]}: plaindesk-check exit"
		check_eq "$(grep -c "^registers/$reg.csv: line [0-9]*: ${cols[$col]}: control character" <<<"$OUT")" \
			"${#CONTROLS[@]}" "$reg.${cols[$col]}: every control character listed"
		check_lacks "$OUT" $'\e' "$reg.${cols[$col]}: no escape printed"
		git checkout -q -- "registers/$reg.csv"
	done
done

# Readers and writers refuse a register with one, naming it.
printf '%s\n' "${HEADERS[holidays]}" "2026-12-25,holiday,$(cell $'\e]0;pwned\a')" \
	> registers/holidays.csv
commit_all "a holiday with an escape"
hostile 65 "registers/holidays.csv: line 2: name: control character" ticket-list
check_lacks "$ERR" $'\e' "the error shows no escape"
git revert --no-edit HEAD >/dev/null
printf '%s\n' "${HEADERS[customers]}" \
	"C-0012,$(cell $'Acme\n'),Acme,vip,ops@acme.example,,2025-01-01,," \
	> registers/customers.csv
commit_all "a customer with a newline"
hostile 65 "registers/customers.csv: line 2: name: control character" \
	ticket-open --kind inquiry --channel phone --customer C-0012 --title x
hostile 65 "registers/customers.csv" ticket-open --kind inquiry \
	--channel phone --customer "Other" --new-customer --title x
git revert --no-edit HEAD >/dev/null

# A new customer is checked as the register would be.
hostile 65 "control character" ticket-open --kind inquiry --channel phone \
	--customer $'New\tCo' --new-customer --title x
hostile 65 "tier" ticket-open --kind inquiry --channel phone \
	--customer "New Co" --new-customer --title x --description y \
	--tier $'vip\x1b'

# The e-mail that split the author line: refused before anything is
# written.  Angle brackets that would end a name or an address early are
# dropped, as git drops them: one author, one address, fsck-clean.
staff_row() {	# staff_row NAME EMAIL: S-evil with them, committed
	git checkout -q HEAD -- registers/staff.csv
	printf 'S-evil,%s,%s,agent,desk,yes\n' "$(cell "$1")" "$(cell "$2")" \
		>> registers/staff.csv
	sed -i 's/"x\(.*\)y"/"\1"/' registers/staff.csv
	commit_all "S-evil: $1 $2"
}
# one_author WHAT: HEAD's author line names one person and one address.
one_author() {
	local line
	line=$(git cat-file commit HEAD | grep '^author ')
	[[ $line =~ ^author\ [^\<\>]+\ \<[^\<\>]*\>\ [0-9]+\ [+-][0-9]{4}$ ]] &&
		pass || fail "$1: author line '$line'"
}
staff_row "Eve" $'eve@evil.example>\nauthor Forged <f@x> 0 +0000'
hostile 65 "registers/staff.csv" ticket-update "$TID" note --by S-evil \
	--message "forged"
git reset -q --hard HEAD~1
for ident in $'Eve\r|e@x' $'Eve|e@x\t'; do
	staff_row "${ident%%|*}" "${ident#*|}"
	hostile 65 "registers/staff.csv" ticket-update "$TID" note --by S-evil \
		--message "forged"
	git reset -q --hard HEAD~1
done
for ident in "Eve <eve@evil.example>|e@x" "Eve|e@x> 0 +0000" "Ev>e|e@x"; do
	staff_row "${ident%%|*}" "${ident#*|}"
	expect 0 ticket-update "$TID" note --by S-evil --message "safe"
	one_author "staff '$ident'"
	git reset -q --hard HEAD~2
done
refused 65 env PLAINDESK_ACTOR=$'Eve\x1b[2J' ticket-update "$TID" \
	note --message "forged"
check_lacks "$ERR" $'\e' "an actor's escape: not in the error"
for actor in "Eve>" "Eve <e@x> <f@y>" "Eve <e@x>x>" "Eve <e@x> 0 +0000"; do
	expect 0 env PLAINDESK_ACTOR="$actor" ticket-update "$TID" \
		note --message "safe"
	one_author "actor '$actor'"
done
git config user.email 'runner@example.com> 0 +0000'
refused 64 ticket-update "$TID" note --message "forged"
git config --unset user.email
expect 0 ticket-update "$TID" note --message "a real change"
git fsck --no-progress --no-dangling >"$TEST_TMP/fsck" 2>&1
check_eq "$?:$(cat "$TEST_TMP/fsck")" "0:" "git fsck"
check_eq "$(git log --format='%an <%ae>' | sort -u | grep -c '[<>].*[<>].*[<>]')" 0 \
	"no author line with more than one address"

finish
