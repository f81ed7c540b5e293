# plaindesk-init and store discovery.
. "$(dirname "$0")/lib.sh"

cd "$TEST_TMP"
expect 0 plaindesk-init s1
check_has "$OUT" "new store" "init says what it did"
cd s1
check_eq "$(git log --oneline | wc -l | tr -d ' ')" 1 "one first commit"
check_eq "$(git log -1 --format=%s)" "plaindesk-init: new store" "subject"
check_has "$(git log -1 --format=%B)" "Plaindesk-Command: plaindesk-init" "trailer"
clean_status "after init"
for f in plaindesk.json .gitattributes registers/customers.csv \
	registers/staff.csv registers/rooms.csv registers/holidays.csv; do
	[ -f "$f" ] && pass || fail "init made no $f"
done
check_eq "$(head -n 1 registers/customers.csv)" \
	"id,name,org,tier,email,phone,since,lost_on,notes" "customers header"
check_eq "$(jq -r .sla.\"complaint/major\".start_level plaindesk.json)" 2 "default sla"
check_eq "$(jq -r .timezone plaindesk.json)" "Asia/Shanghai" "default zone"
check_has "$(cat .gitattributes)" "merge=plaindesk" "merge attributes"
check_has "$(git config --local merge.plaindesk.driver)" "plaindesk-merge" "driver set"

# Re-running on an existing store (a fresh clone) only installs settings.
cd "$TEST_TMP"
git clone -q s1 clone
expect 0 plaindesk-init clone
check_has "$OUT" "existing store" "existing store"
check_has "$(git -C clone config --local merge.plaindesk.driver)" "plaindesk-merge" "clone driver"
check_eq "$(git -C clone log --oneline | wc -l | tr -d ' ')" 1 "no commit on re-init"

# Options.
expect 0 plaindesk-init zh --locale zh-CN --timezone Europe/Berlin
check_eq "$(jq -r .locale zh/plaindesk.json)" zh-CN "locale"
check_eq "$(jq -r .timezone zh/plaindesk.json)" Europe/Berlin "timezone"
expect 64 plaindesk-init bad --locale fr
[ ! -e bad ] && pass || fail "bad locale left a directory"
expect 64 plaindesk-init bad --timezone Mars/Base
expect 64 plaindesk-init --nope
check_has "$ERR" "unknown option '--nope'" "unknown option message"
expect 0 plaindesk-init --help
check_has "$OUT" "usage: plaindesk-init" "help"
expect 0 plaindesk-init --version
check_has "$OUT" "plaindesk" "version"

# Discovery: -C, PLAINDESK_DIR, nearest ancestor; none is 66.
mkdir -p s1/registers/deeper
(cd s1/registers/deeper && ticket-list >/dev/null) && pass || fail "ancestor discovery"
expect 0 ticket-list -C s1
PLAINDESK_DIR=$TEST_TMP/s1 expect 0 ticket-list
mkdir -p nostore
(cd nostore && ticket-list >/dev/null 2>&1); check_eq $? 66 "no store is 66"
expect 66 ticket-list -C "$TEST_TMP/nowhere"

# A broken configuration is 78 with the key named.
new_store
jq '.sla.inquiry.response = "soon"' plaindesk.json > x && mv x plaindesk.json
expect 78 ticket-list
check_has "$ERR" "sla.inquiry.response" "names the key"
jq '.timezone = "Nowhere/Land"' plaindesk.json > x && mv x plaindesk.json
expect 78 ticket-list
check_has "$ERR" "timezone" "names timezone"
printf '{"schema": 1,' > plaindesk.json
expect 78 ticket-list
finish
