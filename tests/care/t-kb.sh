# kb: articles written by hand and from solved tickets (contact details
# masked), publishing by the publisher role only, review due dates,
# listing, searching, and every refusal changing nothing.
. "$(dirname "$0")/../cli/lib.sh"
# Its messages are asserted in English: a zh-CN store speaks Chinese
# unless the environment names a language (tests/lang checks that).
export LANGUAGE=en

store_ok() {
	clean_status "$1"
	run plaindesk-check --quiet
	[ "$RC" = 0 ] && pass || fail "$1: plaindesk-check: $OUT $ERR"
}
art() { echo "kb/20${1:2:2}/${1:4:2}/$1.json"; }
st() { jq -r ".state.$2" "$(art "$1")"; }
subject() { git log -1 --format=%s; }

new_store --locale zh-CN

# new by hand: a draft, one commit, the .gitattributes line added once.
head=$(git rev-parse HEAD)
expect 0 kb new --title "投影仪无法开机" --problem "会议室的投影仪无法开机，指示灯不亮" \
	--solution "检查电源线，更换后恢复" --tag 投影仪 --tag 电源 \
	--kind complaint --category equipment --cause equipment
k1=$OUT
check_eq "$(git rev-list --count "$head"..HEAD)" 1 "new: one commit"
check_eq "$(subject)" "kb: $k1 new \"投影仪无法开机\"" "new: subject"
check_has "$(git log -1 --format=%B)" "Plaindesk-Record: $k1" "new: trailer"
check_eq "$(st "$k1" status)|$(st "$k1" version)|$(st "$k1" review_due)" \
	"draft|1|null" "new: state"
check_eq "$(jq -c .state.tags "$(art "$k1")")" '["投影仪","电源"]' "new: tags"
check_eq "$(grep -c '^kb/\*\*/\*.json merge=plaindesk$' .gitattributes)" 1 "attributes line"
store_ok "new"
expect 0 kb new --title "Wi-Fi drops in room 2" --problem "The wireless network drops every few minutes" \
	--solution "Moved the access point and changed the channel" --kind inquiry
k2=$OUT
check_eq "$(grep -c 'merge=plaindesk$' .gitattributes)" 4 "attributes line added once"

# Refusals: nothing changes.
refused 64 kb new --title x --problem y
check_has "$ERR" "new needs --title, --problem and --solution, or --from-ticket" "new without text"
refused 65 kb new --title x --problem y --solution z --kind complain
check_has "$ERR" "unknown kind 'complain'" "bad kind"
refused 65 kb new --title "$(printf 'a\nb')" --problem y --solution z
refused 65 kb new --title x --problem y --solution z --tag a --tag a
refused 64 kb publish
refused 66 kb publish K-261120-AAAAAA
refused 64 kb retire "$k1"
check_has "$ERR" "retire needs --reason" "retire needs a reason"
refused 64 kb revise "$k1"
refused 65 kb revise "$k1" --title "投影仪无法开机"
check_has "$ERR" "revise changes nothing" "revise the same"
refused 65 kb review "$k1"
check_has "$ERR" "cannot review $k1: it is draft (allowed: revise publish retire)" "review a draft"

# Publishing needs kb.publisher_role (manager): 77 for an agent.
refused 77 kb --by S-wang publish "$k1"
check_has "$ERR" "S-wang is agent; publishing an article needs the role manager or higher" "agent cannot publish"
refused 77 kb --by "Test Runner" publish "$k1"
expect 0 kb --by S-chen publish "$k1" --dry-run
check_has "$OUT" "dry run" "dry run says so"
clean_status "dry run"
expect 0 kb --by S-chen publish "$k1"
check_eq "$(st "$k1" status)|$(st "$k1" published_at)|$(st "$k1" review_due)" \
	"published|2026-11-20T10:00:00+08:00|2027-02-18T10:00:00+08:00" "publish: review due after 90d"
check_eq "$(subject)" "kb: $k1 publish \"投影仪无法开机\"" "publish subject"
refused 65 kb --by S-chen publish "$k1"
expect 0 kb --by S-chen publish "${k2:9:4}"
store_ok "publish"

# A revise of a published article sets review_due again; version + 1.
export PLAINDESK_NOW=2026-12-01T09:00
expect 0 kb --by S-wang revise "$k1" --solution "检查电源线与插座，更换电源线后恢复"
check_eq "$(st "$k1" version)|$(st "$k1" review_due)" "2|2027-03-01T09:00:00+08:00" "revise of a published article"
check_eq "$(jq -r '.events[-1] | keys_unsorted | join(",")' "$(art "$k1")")" \
	"id,at,by,type,solution,review_due" "revise event names the changed field"

# Stale 90 days after the last review; review by the publisher renews.
export PLAINDESK_NOW=2027-03-02T09:00
expect 0 kb list --stale
check_has "$OUT" "$k1" "stale: k1"
check_has "$OUT" "$k2" "stale: k2"
refused 77 kb --by S-li review "$k1"
expect 0 kb --by S-zhao review "$k1" --message "仍然有效"
check_eq "$(st "$k1" reviewed_at)|$(st "$k1" review_due)" \
	"2027-03-02T09:00:00+08:00|2027-05-31T09:00:00+08:00" "review"
expect 0 kb list --stale --format csv
check_lacks "$OUT" "$k1" "reviewed: not stale"
check_has "$OUT" "$k2" "k2 still stale"
expect 0 kb list --format json
check_eq "$(jq length <<<"$OUT")" 2 "list: two"
check_eq "$(jq -r '.[0] | keys_unsorted | join(",")' <<<"$OUT")" \
	"id,status,version,review_due,title,tags" "list: json keys"

# Search: published only unless --all; Chinese bigrams; scores.
export PLAINDESK_NOW=2027-03-03T09:00
expect 0 kb new --title "投影仪画面偏色" --problem "投影画面发黄" --solution "更换灯泡" --kind complaint
k3=$OUT
expect 0 kb search 投影仪 开机 --format json
check_eq "$(jq -r '.[0].id' <<<"$OUT")" "$k1" "search: best hit"
check_eq "$(jq length <<<"$OUT")" 1 "search: drafts left out"
check_eq "$(jq -r '.[0] | keys_unsorted | join(",")' <<<"$OUT")" "id,score,status,title,snippet" "search keys"
expect 0 kb search 投影 --all --format json
check_eq "$(jq -r 'map(.id) | sort | join(" ")' <<<"$OUT")" "$(printf '%s\n' "$k1" "$k3" | sort | tr '\n' ' ' | sed 's/ $//')" "search --all"
expect 0 kb search WIRELESS
check_has "$OUT" "$k2" "search is case-blind"
expect 0 kb search nothinglikethis
check_eq "$(wc -l <<<"$OUT")" 1 "no hits: the header alone"
refused 64 kb search
refused 64 kb search x --ticket T-261120-AAAA
refused 64 kb search x --limit 0

# From a ticket: resolved or closed only; contact details masked; the
# customer never copied.
export PLAINDESK_NOW=2027-03-04T09:00
t=$(ticket-open --kind complaint --channel phone --customer C-0012 --severity general \
	--category equipment --title "Acme 投影仪不亮" \
	--description "王经理（13800138000，ops@acme.example）反映投影仪不亮，座机 010-12345678")
refused 65 kb new --from-ticket "$t"
check_has "$ERR" "ticket $t is open; an article is written from a resolved or closed ticket" "open ticket"
ticket-update "$t" ack >/dev/null
ticket-update "$t" cause --cause equipment >/dev/null
ticket-update "$t" resolve --solution redo --message "更换灯泡；如再发生请致电 138-0013-8000" >/dev/null
expect 0 kb new --from-ticket "$t" --tag 投影仪
k4=$OUT
f=$(art "$k4")
check_eq "$(st "$k4" title)" "[已隐去] 投影仪不亮" "title: customer name masked"
check_eq "$(st "$k4" problem)" "王经理（[已隐去]，[已隐去]）反映投影仪不亮，座机 [已隐去]" "problem masked"
check_eq "$(st "$k4" solution)" "更换灯泡；如再发生请致电 [已隐去]" "solution masked"
check_eq "$(jq -c '[.state.kinds, .state.categories, .state.causes, .state.source_tickets, .state.tags]' "$f")" \
	"[[\"complaint\"],[\"equipment\"],[\"equipment\"],[\"$t\"],[\"投影仪\"]]" "copied lists"
check_lacks "$(cat "$f")" "C-0012" "no customer"
check_lacks "$(cat "$f")" "13800138000" "no phone"
store_ok "from ticket"

# Search from a ticket: its kind, category or cause counts × 1.2.
expect 0 kb --by S-chen publish "$k3"
t2=$(ticket-open --kind complaint --channel phone --customer C-0013 --severity general \
	--category equipment --title "投影仪开机后画面偏色")
expect 0 kb search --ticket "$t2" --format json --limit 1
check_eq "$(jq -r '.[0].id' <<<"$OUT")" "$k3" "search --ticket"
check_eq "$(jq length <<<"$OUT")" 1 "--limit"

# resolve --kb records the article that solved a ticket.
ticket-update "$t2" ack >/dev/null
expect 0 ticket-update "$t2" resolve --solution redo --kb "${k3:9}"
check_eq "$(jq -r '.events[-1].kb' "tickets/2027/03/$t2.json")" "$k3" "resolve --kb"
refused 64 ticket-update "$t2" note --message x --kb "$k3"
t3=$(ticket-open --kind inquiry --channel phone --customer C-0013 --title x)
ticket-update "$t3" ack >/dev/null
refused 66 ticket-update "$t3" resolve --solution redo --kb K-270101-AAAAAA

# retire: the publisher role, a reason; show and history.
refused 77 kb --by S-wang retire "$k2" --reason old
expect 0 kb --by S-chen retire "$k2" --reason "Access points replaced"
check_eq "$(st "$k2" status)" retired "retired"
refused 65 kb --by S-chen retire "$k2" --reason again
expect 0 kb search wifi
check_lacks "$OUT" "$k2" "retired articles are not searched"
expect 0 kb show "$k2" --format json
check_eq "$(jq -r .state.status <<<"$OUT")" retired "show json is the record"
check_eq "$OUT" "$(cat "$(art "$k2")")" "show json: as stored"
expect 0 kb show "$k1"
check_has "$OUT" "review due:  2027-05-31 09:00" "show text"
expect 0 kb show "$k1" --history --format csv
check_eq "$(grep -c "kb: $k1" <<<"$OUT")" 4 "history: four commits"
refused 64 kb show
refused 64 kb list --stale --ticket x
store_ok "end"

# A hand edit that breaks the fold is reported by plaindesk-check.
jq '.state.version = 9' "$(art "$k1")" > x.json && mv x.json "$(art "$k1")"
run plaindesk-check
check_eq "$RC" 65 "check finds a stale state"
check_has "$OUT" "$(art "$k1"): state does not agree with the events" "check message"
git checkout -q -- .

finish
