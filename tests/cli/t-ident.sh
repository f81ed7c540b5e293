# Authors made safe for git as git makes them: a staff member whose name
# has angle brackets can work, the commit carries the name git itself
# would write, the register keeps the row, plaindesk-check warns.
. "$(dirname "$0")/lib.sh"

new_store
printf '%s\n' 'S-it,Wang <IT>,wang.it@example.com,agent,desk,yes' \
	'S-dot,".Li, Na.",<li.na@example.com>,agent,desk,yes' >> registers/staff.csv
git commit -qam "staff whose names git changes"
row=$(grep '^S-it,' registers/staff.csv)

# What git itself writes for these names, for comparison.
git -c user.name='Wang <IT>' -c user.email='wang.it@example.com' \
	commit -q --allow-empty -m "git's own"
git_name=$(git log -1 --format=%an)
check_eq "$git_name" "Wang IT" "git drops the angle brackets"
git -c user.name='.Li, Na.' -c user.email='<li.na@example.com>' \
	commit -q --allow-empty -m "git's own"
git_dot=$(git log -1 --format='%an|%ae')

id=$(ticket-open --by S-it --kind inquiry --channel phone --customer C-0012 \
	--title "Printer")
[ -n "$id" ] && pass || fail "ticket-open by 'Wang <IT>' failed"
check_eq "$(git log -1 --format='%an|%ae')" "$git_name|wang.it@example.com" \
	"the author is what git would write"
expect 0 ticket-update --by S-dot "$id" ack
check_eq "$(git log -1 --format='%an|%ae')" "$git_dot" \
	"punctuation at the ends goes, as git does"
check_eq "$(jq -r '.events[-1].by' "tickets/2026/11/$id.json")" S-dot \
	"the event records the staff id"
check_eq "$(grep '^S-it,' registers/staff.csv)" "$row" "the register row is unchanged"
clean_status "after the changes"

# Someone not in the register: recorded as the commit names them.
expect 0 env PLAINDESK_ACTOR='Zhou.' ticket-update "$id" note --message hi
check_eq "$(git log -1 --format=%an)" "Zhou" "a plain actor made safe"
check_eq "$(jq -r '.events[-1].by' "tickets/2026/11/$id.json")" Zhou \
	"and recorded as signed"

# plaindesk-check: still consistent, with a warning for each such cell.
expect 0 plaindesk-check
check_has "$ERR" "plaindesk-check: warning: registers/staff.csv: line 7: name 'Wang <IT>' is signed in commits as 'Wang IT'" \
	"check warns about the name"
check_has "$ERR" "line 8: email '<li.na@example.com>' is signed in commits as 'li.na@example.com'" \
	"check warns about the e-mail"
check_lacks "$OUT" "staff.csv" "a warning is not a problem"

finish
