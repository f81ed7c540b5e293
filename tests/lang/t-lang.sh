# The store's language: messages, usage, labels and listings in Chinese in
# a zh-CN store and unchanged in an en one; the catalogue complete and
# checked; text listings measured; --show-contact by role.
. "$(dirname "$0")/../cli/lib.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)

# The catalogue: msgfmt's format checks, and every string of the
# template (made by xgettext from the sources) translated.
if command -v xgettext >/dev/null && command -v msgcmp >/dev/null; then
	"$top/tools/pot" "$TEST_TMP/plaindesk.pot" && pass || fail "tools/pot"
	msgfmt --check -o /dev/null "$top/po/zh_CN.po" && pass ||
		fail "msgfmt --check po/zh_CN.po"
	if msgcmp "$top/po/zh_CN.po" "$TEST_TMP/plaindesk.pot" \
		2>"$TEST_TMP/msgcmp"; then pass; else
		fail "untranslated: $(head -c 600 "$TEST_TMP/msgcmp")"; fi
else
	skip "gettext tools not installed"
fi

# chinese WHAT TEXT: holds Chinese and no English sentence (three
# English words in a row, outside quotes and option names).
chinese() {
	local plain
	plain=$(sed -e "s/'[^']*'//g" -e 's/--[a-z-]*//g' -e 's/（应为.*）//g' \
		-e '/^标题：/d' <<<"$2")
	if grep -qP '[\x{4e00}-\x{9fff}]' <<<"$2"; then pass; else
		fail "$1: no Chinese: $2"; fi
	if grep -qE '[a-z]{2,} [a-z]{2,} [a-z]{2,}' <<<"$plain"; then
		fail "$1: English in: $2"; else pass; fi
}

# sentence WHAT TEXT: chinese(), and no English word of four letters or
# more once the program's name, quoted text, option names, ids, paths and
# the lists of expected or allowed values are taken out: no English piece
# pasted into a Chinese sentence.
sentence() {
	local plain
	chinese "$1" "$2"
	plain=$(sed -E -e 's/^[a-z-]+: ((错误|警告|提示): )?//' \
		-e "s/'[^']*'//g" -e 's/--[a-z_-]*//g' \
		-e 's/（(应为|允许：).*）//g' -e 's/\b[A-Z]-[0-9A-Za-z-]+//g' \
		-e 's#[A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+##g' <<<"$2")
	if grep -qE '[A-Za-z]{4,}' <<<"$plain"; then
		fail "$1: English word in: $2"; else pass; fi
}

# fits WHAT TEXT: no line wider than 100 columns, CJK counted double.
fits() {	# fits WHAT TEXT
	local w
	w=$(python3 -c '
import sys, unicodedata
w = lambda s: sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
print(max([w(l) for l in sys.stdin.read().splitlines()] or [0]))' <<<"$2")
	[ "$w" -le 100 ] && pass || fail "$1 is $w columns wide"
}

new_store --locale zh-CN
check_eq "$(jq -r .locale plaindesk.json)" "zh-CN" "the store's locale"

# Refusals of every program, each in Chinese, nothing changed.
while IFS='|' read -r code cmd; do
	[ -n "$code" ] || continue
	read -ra argv <<<"$cmd"
	refused "$code" "${argv[@]}"
	chinese "${argv[*]}" "$ERR"
done <<'CASES'
64|ticket-open --bogus
64|ticket-open --kind complaint
65|ticket-open --kind complaint --channel phone --customer C-0012 --title x
65|ticket-open --kind inquiry --channel phone --customer C-9999 --title x
64|ticket-show T-XX
66|ticket-show T-261120-AAAAAA
64|ticket-update T-261120-AAAAAA frob
64|ticket-list --format yaml
64|ticket-escalate --bogus
64|mtg-plan
64|mtg-plan frob
64|mtg-minutes record
64|mtg-service frob
64|cust-care frob
64|kb frob
64|kpi-report --week 2026-W99
64|plaindesk-reg frob
65|plaindesk-reg staff add --id S-wang --name 王 --role agent --email w@example.com
64|plaindesk-check --bogus
75|ticket-mail --bogus
64|plaindesk-init --locale fr
CASES

# Usage lines and --help.
run ticket-show --bogus
check_has "$ERR" "用法: ticket-show" "usage line"
check_has "$ERR" "列出全部选项" "usage hint"
run ticket-show --help
chinese "ticket-show --help" "$(sed -n 3,20p <<<"$OUT")"

# The environment's language wins over the store's.
LANGUAGE=en run ticket-show T-XX
check_has "$ERR" "ticket-show: error: invalid ticket id 'T-XX'" "LANGUAGE=en"
LC_ALL=C run ticket-show T-XX
chinese "LC_ALL=C: the store's" "$ERR"

# ticket-show, ticket-list, mtg-plan show and list in Chinese.
long="投影仪坏了，会议无法进行 the projector in the large meeting room failed during the session"
expect 0 ticket-open --kind complaint --severity major --category attitude \
	--channel phone --customer C-0012 --title "$long" --assignee S-li --by S-wang
T=$OUT
expect 0 ticket-open --kind inquiry --channel email --customer C-0013 \
	--title "停车 parking" --by S-li
expect 0 ticket-show "$T"
check_has "$OUT" "投诉/重大  待处理" "ticket-show head"
check_has "$OUT" "类别：       服务态度" "category display name"
chinese "ticket-show" "$(sed -n 2,20p <<<"$OUT")"
expect 0 ticket-list --fields status,kind,category,channel,opened_at,resolution_due,title
check_has "$OUT" "11-20 10:00" "short time"
check_lacks "$OUT" "+08:00" "no RFC 3339 in text"
check_has "$OUT" "服务态度" "enum display name in the table"
fits "ticket-list" "$OUT"
expect 0 ticket-list --format csv --fields opened_at
check_has "$OUT" "2026-11-20T10:00:00+08:00" "CSV keeps RFC 3339"
expect 0 mtg-plan new --type routine --title 周会 --start "2026-11-23 10:00" \
	--duration 1h --room R-1 --by S-chen --attendee S-wang \
	--agenda "进度|30|S-chen|inform"
M=$OUT
expect 0 mtg-plan show "$M"
chinese "mtg-plan show" "$OUT"
expect 0 mtg-plan list
chinese "mtg-plan list" "$OUT"

# --show-contact by role: contact_roles (manager, gm, admin) and the
# ticket's own assignee; refusals change nothing.
for who in S-chen S-zhao S-admin S-li; do
	PLAINDESK_ACTOR=$who expect 0 ticket-show "$T" --show-contact
	check_has "$OUT" "ops@acme.example" "$who sees the e-mail"
done
PLAINDESK_ACTOR=S-wang refused 77 ticket-show "$T" --show-contact
chinese "show-contact refused" "$ERR"
PLAINDESK_ACTOR=S-wang refused 77 ticket-list --show-contact --fields customer_email
PLAINDESK_ACTOR=S-chen expect 0 ticket-list --show-contact --fields customer_email
check_has "$OUT" "ops@acme.example" "a manager lists e-mails"
PLAINDESK_ACTOR=S-li expect 0 ticket-list --show-contact --assignee S-li \
	--fields customer_email
PLAINDESK_ACTOR=S-li refused 77 ticket-list --show-contact --fields customer_email
jq '.contact_roles = ["gm"]' plaindesk.json >"$TEST_TMP/cfg" &&
	cp "$TEST_TMP/cfg" plaindesk.json && git commit -qam "gm only"
PLAINDESK_ACTOR=S-chen refused 77 ticket-show "$T" --show-contact
PLAINDESK_ACTOR=S-zhao expect 0 ticket-show "$T" --show-contact

# Sentences that name an action, a field, a register's row or a kind of
# file: each a whole sentence of the catalogue, no English piece in it.
new_store --locale zh-CN
export PLAINDESK_NOW=2026-11-20T10:00
expect 0 ticket-open --kind complaint --severity major --category equipment \
	--channel phone --customer C-0012 --title 投影仪 --assignee S-wang --by S-wang
T=$OUT
expect 0 ticket-update "$T" ack --by S-wang
while IFS='|' read -r code cmd; do
	[ -n "$code" ] || continue
	eval "argv=($cmd)"
	refused "$code" "${argv[@]}"
	sentence "${argv[*]}" "${ERR%%$'\n'*}"
done <<'CASES'
65|ticket-update "$T" resolve --solution redo --by S-wang
65|ticket-update "$T" approve-plan --by S-chen
65|ticket-open --kind complaint --severity major --category lights --channel phone --customer C-0012 --title x
65|ticket-open --kind inquiry --channel phone --customer C-9999 --title x
64|ticket-list --format yaml
64|ticket-update "$T"
65|ticket-list --status lost
CASES
check_has "$ERR" "未知的状态 'lost'" "a field's noun in Chinese"
expect 0 ticket-update "$T" pause --reason 等配件 --by S-wang
refused 65 ticket-update "$T" pause --reason again --by S-wang
sentence "pause twice" "$ERR"
check_has "$ERR" "已暂停" "paused in Chinese"
expect 0 ticket-update "$T" resume --by S-wang
expect 0 ticket-update "$T" plan --solution redo --owner S-wang \
	--due "2026-11-21 10:00" --by S-wang
refused 77 ticket-update "$T" approve-plan --by S-wang
sentence "approve-plan by an agent" "$ERR"
check_has "$ERR" "S-wang 的角色是客服专员；批准规则" "the role refusal reads"
expect 0 kb new --title 投影仪 --problem 不亮 --solution 换灯泡 --kind inquiry
K=$OUT
refused 77 kb --by S-wang publish "$K"
sentence "kb publish by an agent" "$ERR"
check_has "$ERR" "发布文章需要" "publishing an article"
refused 77 kb --by S-wang retire "$K" --reason 过时
sentence "kb retire by an agent" "$ERR"
expect 0 mtg-plan new --type decision --title 临时会议 --ad-hoc --reason 客户 \
	--start "2026-11-25 16:00" --duration 30m --room R-2 --organizer S-wang \
	--attendee S-li --agenda "议题|30|S-wang|decision" --by S-wang
M=$OUT
refused 77 mtg-plan approve "$M" --by S-li
sentence "mtg-plan approve by an agent" "$ERR"
refused 77 mtg-plan reject "$M" --by S-li --reason 不行
sentence "mtg-plan reject by an agent" "$ERR"
expect 0 mtg-plan approve "$M" --by S-chen
expect 0 mtg-service plan "$M" --lead S-zhao
refused 77 mtg-service inspect "$M" --by S-li
sentence "mtg-service inspect by an agent" "$ERR"
refused 77 mtg-service budget "$M" --line "venue|会场|1" --approve --by S-li
sentence "mtg-service budget --approve by an agent" "$ERR"
refused 77 mtg-service task "$M" schedule --skip --reason 不需要 --by S-li
sentence "mtg-service task --skip by an agent" "$ERR"
# plaindesk-check: a link in the store, and its summary.
ln -s /etc/passwd tickets/link.json
expect 65 plaindesk-check
sentence "plaindesk-check on a link" "$OUT"$'\n'"$ERR"
check_has "$OUT$ERR" "符号链接" "a symbolic link in Chinese"
rm tickets/link.json
# ticket-show's mail lines.
ticket-mail <"$top/tests/mail/09-alt-text-first.eml" >"$TEST_TMP/id" 2>/dev/null
expect 0 ticket-show "$(tail -n 1 "$TEST_TMP/id")"
mail=$(grep -E '^(发件人|邮件主题|发送时间|邮件编号|自动回复)：' <<<"$OUT")
check_eq "$(wc -l <<<"$mail")" 5 "ticket-show's mail labels"
check_has "$mail" "发件人：     （已隐藏；--show-contact）" "the sender hidden"
sentence "ticket-show's mail lines" "$(grep -vE '^(邮件主题|邮件编号)' <<<"$mail")"
# The CANCEL of an update's uninvited, in the store's language.
expect 0 mtg-plan update "$M" --attendee S-chen --by S-wang
expect 0 mtg-plan send "$M" --ics "$TEST_TMP/m.ics" --by S-wang
check_has "$(tr -d '\r' <"$TEST_TMP/m-cancel.ics")" \
	"COMMENT:您已不在本次会议的参会人员名单中。" "the CANCEL's comment"
unset PLAINDESK_NOW

# Values and labels inside Chinese output: a conflict, a care plan, the
# 会务 status, an action's status, the SLA rule and the KPI status, each
# by its display name; CSV keeps the English values.
new_store --locale zh-CN
export PLAINDESK_NOW=2026-11-20T10:00
expect 0 mtg-plan new --type routine --title 周会 --start "2026-11-23 10:00" \
	--duration 1h --room R-1 --by S-chen --attendee S-wang \
	--agenda "进度|30|S-chen|inform"
M=$OUT
while IFS='|' read -r room by; do
	refused 65 mtg-plan new --type routine --title 周会二 --room "$room" \
		--start "2026-11-23 10:30" --duration 1h --by "$by" \
		--attendee S-wang --agenda "进度|30|$by|inform"
	sentence "conflict in $room by $by" "${ERR%%$'\n'*}"
	check_has "$ERR" "已被 $M “周会”占用" "the conflict's sentence"
done <<'CASES'
R-1|S-li
R-2|S-li
R-2|S-chen
CASES
check_has "$ERR" "冲突：S-chen, S-wang 已被" "two people booked"
expect 0 cust-care plan C-0012 --owner S-wang --every 30d --holidays no \
	--occasion "12-01|周年" --goal 稳定 --by S-chen
expect 0 cust-care show C-0012
sentence "cust-care show" "$(sed -n 2,7p <<<"$OUT")"
check_has "$OUT" "节假日拜访： 否" "holidays: no"
check_has "$OUT" "制定计划" "the event's type"
# The details of an event by field name, values by display name.
ev=$(grep '制定计划' <<<"$OUT")
check_has "$ev" "负责人：S-wang；周期：30d；纪念日：12-01 周年" "plan details"
sentence "cust-care show: event details" "$(sed 's/^.*制定计划//' <<<"$ev")"
expect 0 kb new --title 投影仪 --problem 不亮 --solution 换灯泡 --kind inquiry
expect 0 kb show "$OUT"
sentence "kb show" "$(sed -n '1,/^解决方法：/p' <<<"$OUT" | sed '1s/^K-[^ ]*//')"
check_has "$OUT" "工单类型     咨询" "an article's kinds by name"
check_has "$OUT" "标题：投影仪；问题：不亮；解决方法：换灯泡；工单类型：咨询" \
	"an article's first event by field names"
# Allowed values keep their spelling, with their display names.
refused 65 ticket-open --kind bogus --channel phone --customer C-0012 --title x
check_has "$ERR" "（应为 inquiry（咨询）、complaint（投诉）、suggestion（建议）、request（服务请求））" \
	"allowed kinds with their names"
LANGUAGE=en refused 65 ticket-open --kind bogus --channel phone \
	--customer C-0012 --title x
check_has "$ERR" "(expected inquiry, complaint, suggestion, request)" \
	"allowed kinds in English"
PLAINDESK_NOW=2026-12-25T10:00 expect 0 cust-care due --within 30d
sentence "cust-care due" "$(grep 2026-12-21 <<<"$OUT" | sed 's/Acme Ltd//')"
check_has "$OUT" "拜访（每 30d）" "a visit due"
expect 0 cust-care visit C-0012 --channel phone --outcome unreachable --by S-wang
expect 0 cust-care show C-0012
check_has "$(grep '拜访 ' <<<"$OUT")" "渠道：电话；结果：未联系上" "visit details"
LANGUAGE=en expect 0 cust-care show C-0012
check_has "$OUT" "channel: phone; outcome: unreachable" "English details"
refused 65 mtg-minutes done "$M.1" --by S-chen
sentence "done on a planned meeting" "$ERR"
check_has "$ERR" "状态为 已计划 的会议执行 完成" "status and action by name"
expect 0 mtg-service plan "$M" --lead S-zhao --guests yes --lodging no \
	--headcount 10 --host 主持 --by S-chen
expect 0 mtg-service status "$M"
sentence "mtg-service status head" "$(sed -n 2,3p <<<"$OUT")"
sentence "mtg-service status tail" "$(tail -n 4 <<<"$OUT")"
check_has "$OUT" "有来宾：是；需住宿：否" "guests and lodging"
check_has "$OUT" "总负责人：S-zhao；主持人：主持；人数：10；有来宾：是" \
	"the team line in one punctuation"
check_has "$OUT" "已逾期" "a task's state"
check_lacks "$OUT" "overdue" "no English state"
PLAINDESK_NOW=2026-11-24T10:00 expect 0 mtg-minutes record "$M" \
	--started "2026-11-23 10:00" --ended "2026-11-23 11:00" \
	--present S-wang --outcome "1|achieved" --by S-chen \
	--action "做事|S-wang|2026-11-18|报告" --action "另一件|S-wang|2026-11-30|报告"
PLAINDESK_NOW=2026-11-24T10:00 expect 0 mtg-minutes actions
sentence "mtg-minutes actions" "$(sed -E 's/^[^ ]+//' <<<"$OUT")"
check_has "$OUT" "已逾期" "an overdue action"
PLAINDESK_NOW=2026-11-24T10:00 expect 0 mtg-minutes actions --format csv
check_has "$OUT" ",overdue," "CSV keeps the English status"
expect 0 ticket-open --kind complaint --severity major --category equipment \
	--channel phone --customer C-0012 --title 投影仪 --by S-wang
expect 0 ticket-show "$OUT"
rule=$(grep '^规则：' <<<"$OUT")
sentence "ticket-show's rule" "$rule"
check_has "$rule" "投诉/重大" "the rule by its display names"
PLAINDESK_NOW=2026-12-01T10:00 expect 0 kpi-report --week 2026-W47
sentence "kpi-report targets" "$(grep -E '未达标|无数据' <<<"$OUT")"
PLAINDESK_NOW=2026-12-01T10:00 expect 0 kpi-report --week 2026-W47 --format md
sentence "kpi-report md targets" "$(grep -E '^\| .*(未达标|无数据)' <<<"$OUT" |
	sed 's/[|*]//g')"
PLAINDESK_NOW=2026-12-01T10:00 expect 0 kpi-report --week 2026-W47 --format json
check_eq "$(jq -r '[.targets[].met] | map(tostring) | unique | join(",")' \
	<<<"$OUT")" "false,null" "JSON keeps met as data"
unset PLAINDESK_NOW

# Messages of the C library and of every option's help in Chinese.
new_store --locale zh-CN
refused 66 plaindesk-reg holidays import "$TEST_TMP/none.ics"
sentence "a file not found" "$ERR"
check_has "$ERR" "没有那个文件或目录" "strerror in Chinese"
run ticket-open --help
check_has "$OUT" "complaint（投诉）" "--help's values by name, not cut"
check_has "$OUT" "（可选值：inquiry（咨询）、" "--help's allowed values"
for p in "$PLAINDESK_BIN"/*; do
	run "$p" --help
	chinese "${p##*/} --help: options" "$(sed -n '/^选项/,$p' <<<"$OUT" |
		cut -c25- | sed -E 's/\[[a-z /-]+\]?$//; s/^[a-z /-]+\]$//')"
done

# A dry run's header and the audit's summary.
expect 0 plaindesk-reg rooms add --id R-7 --name 小会议室 --capacity 3 \
	--dry-run --by S-admin
sentence "plaindesk-reg --dry-run" "$(grep -v '^---' <<<"$OUT" |
	sed 's/plaindesk-reg //')"
check_has "$OUT" "试运行：plaindesk-reg 将写入 1 个文件" "the dry run's header"
expect 0 plaindesk-check --audit
sentence "plaindesk-check --audit" "$(grep 审计通过 <<<"$OUT" |
	sed 's/HEAD 为 [0-9a-f]*//')"
check_has "$OUT" "审计通过：" "a clean audit"
sentence "plaindesk-check --audit's problems" "$(grep -v 审计通过 <<<"$OUT" |
	sed -E 's/^[0-9a-f]+ //')"
check_has "$OUT" "registers/customers.csv: 无归属: 无尾注的改动" \
	"a problem's kind and message"
LANGUAGE=en expect 0 plaindesk-check --audit
check_has "$OUT" "registers/customers.csv: unattributed: changed without trailers" \
	"in English as before"

# A register's column, an agenda item and a meeting's actions by name.
refused 66 plaindesk-reg holidays remove 2026-12-25 --by S-admin
sentence "no such holiday" "$ERR"
check_has "$ERR" "没有日期为 '2026-12-25' 的行" "the key column by name"
refused 65 plaindesk-reg customers lost C-0012 --on bad --by S-admin
sentence "a bad date in a register" "$ERR"
check_has "$ERR" "流失日期：无效的日期 'bad'" "the date column by name"
refused 65 mtg-plan new --type routine --title 周会 --start "2026-11-23 10:00" \
	--duration 1h --room R-1 --by S-chen --attendee S-wang \
	--agenda "进度|30|S-chen|bogus"
sentence "a bad agenda goal" "$ERR"
check_has "$ERR" "议程项 进度：未知的议程目标" "an agenda item in Chinese"
expect 0 mtg-plan new --type routine --title 周会 --start "2026-11-23 10:00" \
	--duration 1h --room R-1 --by S-chen --attendee S-wang \
	--agenda "进度|30|S-chen|inform"
M=$OUT
refused 65 mtg-plan approve "$M" --by S-chen
check_has "$ERR" "（允许：update（更新）、send（发送）、cancel（取消）、record（记录纪要））" \
	"a meeting's allowed actions with their names"
expect 0 mtg-plan cancel "$M" --reason 改期 --by S-chen
refused 65 mtg-minutes record "$M" --started "2026-11-23 10:00" \
	--ended "2026-11-23 11:00" --present S-wang --by S-chen
check_has "$ERR" "执行 记录纪要（允许：无）" "record by its name"
expect 0 ticket-list --followup-due
check_eq "${OUT%%$'\n'*}" "编号  回访期限  类型  客户  客户名称  处理人  标题" \
	"ticket-list --followup-due's header"

# A ticket's events by field name and value display name.
export PLAINDESK_NOW=2026-11-20T10:00
expect 0 ticket-open --kind complaint --severity major --category equipment \
	--channel phone --customer C-0012 --title 投影仪 --assignee S-wang --by S-wang
T=$OUT
expect 0 ticket-update "$T" ack --by S-wang
expect 0 ticket-update "$T" plan --solution redo --owner S-wang \
	--due "2026-11-21 10:00" --by S-wang
expect 0 ticket-show "$T"
ev=$(grep -E '^  2026-' <<<"$OUT" | sed -E 's/^ +[^ ]+ +[^ ]+//')
sentence "ticket-show's events" "$ev"
check_has "$ev" "升级  从：客服专员；至：总经理；原因：受理即升级" "an escalation"
check_has "$ev" "方案  解决方法：重做；负责人：S-wang" "a solution by its name"
LANGUAGE=en expect 0 ticket-show "$T"
check_has "$OUT" "escalate  from=agent  to=gm  reason=start" "English events"
unset PLAINDESK_NOW

# A care plan's occasions and an article's ticket, in whole sentences.
export PLAINDESK_NOW=2026-11-20T10:00
expect 0 cust-care plan C-0012 --owner S-wang --every 30d --holidays yes \
	--occasion "12-01|周年" --by S-chen
refused 65 cust-care touch C-0012 --occasion 不存在 --what gift --by S-wang
sentence "an occasion not in the plan" "$ERR"
check_has "$ERR" "或 registers/holidays.csv 中的一个节假日" "the hint in one sentence"
refused 65 kb new --from-ticket "$T" --by S-wang
sentence "kb new from an open ticket" "$ERR"
check_has "$ERR" "的状态是 处理中；" "a ticket's status by name"
unset PLAINDESK_NOW

# mtg-service's budget, amounts and sign-in in Chinese; CSV unchanged.
export PLAINDESK_NOW=2026-11-20T10:00
expect 0 mtg-plan new --type routine --title 周会 --start "2026-11-25 10:00" \
	--duration 1h --room R-2 --by S-chen --attendee S-wang \
	--agenda "进度|30|S-chen|inform"
M=$OUT
expect 0 mtg-service plan "$M" --lead S-zhao --by S-chen
refused 65 mtg-service budget "$M" --line "venue|会场|abc" --by S-zhao
sentence "a bad amount" "$ERR"
expect 0 mtg-service budget "$M" --line "venue|会场|1200.50" --actual "1|1300" \
	--by S-zhao
expect 0 mtg-service checkin "$M" --guest "李四|某公司" --by S-zhao
sentence "a guest signed in" "$(tail -n 1 <<<"$OUT")"
expect 0 mtg-service budget "$M"
sentence "mtg-service budget" "$(sed 1d <<<"$OUT" | sed 's/VAR%//')"
check_has "$OUT" "总计                  （合计）" "the total's row"
check_has "$OUT" "金额单位：CNY；未批准" "the currency line"
check_has "$OUT" "超出计划：1 行及总额" "over plan"
expect 0 mtg-service budget "$M" --format csv
check_has "$OUT" "total,,,,120050" "CSV keeps its rows"
unset PLAINDESK_NOW

# Text listings of every program within 100 columns.
export PLAINDESK_NOW=2026-11-26T10:00
PLAINDESK_NOW=2026-11-20T10:00 expect 0 mtg-plan new --type decision \
	--title 决策会 --start "2026-11-25 14:00" --duration 2h --room R-2 \
	--by S-chen --attendee S-wang --agenda "预算|60|S-chen|decision"
M=$OUT
PLAINDESK_NOW=2026-11-20T10:00 expect 0 mtg-service plan "$M" --lead S-zhao \
	--by S-chen
expect 0 mtg-service due
fits "mtg-service due" "$OUT"
check_has "$OUT" "编制会务服务预…" "a task's text cut to fit"
expect 0 kpi-report --month 2026-11
fits "kpi-report" "$OUT"
for cmd in "ticket-list" "mtg-plan list" "mtg-minutes actions" \
	"plaindesk-reg staff list" "plaindesk-reg customers list" "cust-care list" \
	"kb list" "mtg-service status $M"; do
	read -ra argv <<<"$cmd"
	expect 0 "${argv[@]}"
	fits "$cmd" "$OUT"
done
unset PLAINDESK_NOW

# Allowed actions and roles listed with their display names.
expect 0 ticket-open --kind inquiry --channel phone --customer C-0012 \
	--title 停车 --by S-wang
T=$OUT
expect 0 ticket-update "$T" ack --by S-wang
refused 65 ticket-update "$T" ack --by S-wang
check_has "$ERR" "（允许：assign（指派）、note（备注）、" "a ticket's actions by name"
PLAINDESK_ACTOR=S-li refused 77 ticket-show "$T" --show-contact
check_has "$ERR" "（contact_roles：manager（项目经理）、gm（总经理）、admin（管理员））" \
	"contact_roles by name"
expect 0 kb new --title 投影仪 --problem 不亮 --solution 换灯泡 --kind inquiry
K=$OUT
refused 65 kb review "$K" --by S-chen
sentence "kb review of a draft" "$ERR"
check_has "$ERR" "执行 复审：它的状态是 草稿（允许：revise（修订）、" \
	"an article's action and status by name"
LANGUAGE=en refused 65 kb review "$K" --by S-chen
check_has "$ERR" "cannot review $K: it is draft (allowed: revise publish retire)" \
	"in English as before"

# A follow-up's warning and a notice's kind.
export PLAINDESK_NOW=2026-11-20T10:00
expect 0 ticket-open --kind complaint --severity general --category venue \
	--channel phone --customer C-0012 --title 太吵 --assignee S-wang --by S-wang
T=$OUT
expect 0 ticket-update "$T" ack --tell-customer --by S-wang
expect 0 ticket-update "$T" resolve --solution apology --by S-wang
expect 0 ticket-update "$T" close --satisfaction 2 --accepted no --by S-wang
expect 0 ticket-update "$T" followup --channel phone --outcome unsatisfied \
	--by S-wang
sentence "an unsatisfied follow-up" "$(sed 's/ticket-update T-.*//' <<<"$ERR")"
check_has "$ERR" "客户不满意：需要再次回访" "the follow-up's warning"
expect 0 ticket-show "$T"
check_has "$OUT" "通知  类型：告知客户" "a customer notice's kind"
unset PLAINDESK_NOW

# A register that is a link, and a clone without the merge driver.
mv registers/rooms.csv "$TEST_TMP/rooms.csv"
ln -s "$TEST_TMP/rooms.csv" registers/rooms.csv
run plaindesk-reg rooms list
sentence "a register that is a link" "$(grep 错误 <<<"$ERR")"
check_has "$ERR" "不是普通文件（存储库中的链接和特殊文件不会被跟随）" "the link refused"
rm registers/rooms.csv
git checkout -q registers/rooms.csv
git config --local --remove-section merge.plaindesk
expect 0 plaindesk-reg rooms add --id R-9 --name 九号 --capacity 3 --by S-admin
check_has "$ERR" "plaindesk-reg: 提示: 请在存储库中运行 plaindesk-init 以安装它" \
	"the merge driver's hint"
sentence "the merge driver's hint" "$(tail -n 1 <<<"$ERR" | sed 's/ plaindesk-init / /')"

# A git operation left in progress refuses changes, in Chinese.
plaindesk-init . >/dev/null
touch .git/MERGE_HEAD
refused 65 plaindesk-reg rooms add --id R-8 --name 八号 --capacity 3 --by S-admin
sentence "a merge in progress" "$(sed -E 's/git [a-z]+//g' <<<"$ERR")"
check_has "$ERR" "git 合并正在进行中" "a merge in progress"
rm .git/MERGE_HEAD

# A visit's outcome and a touch's what refused with their names.
refused 65 cust-care visit C-0012 --channel phone --outcome bogus --by S-wang
check_has "$ERR" "（应为 done（已完成）、unreachable（未联系上））" "visit outcomes by name"
refused 65 cust-care touch C-0012 --occasion 周年 --what bogus --by S-wang
check_has "$ERR" "（应为 greeting（问候）、gift（礼品）、other（其他））" "touches by name"

# Options a command needs, listed with spaces around "和".
refused 64 plaindesk-reg staff add --name 王 --by S-admin
check_has "$ERR" "staff add 需要 --id、--name 和 --role" "the options needed"

# A record's history: events, fields and values by their names.
export PLAINDESK_NOW=2026-11-20T10:00
expect 0 ticket-open --kind inquiry --channel phone --customer C-0012 \
	--title 停车 --by S-wang
T=$OUT
expect 0 ticket-update "$T" ack --by S-wang
expect 0 ticket-show "$T" --history
check_has "$OUT" "状态：待处理 → 已确认" "a status changed, by name"
check_has "$OUT" "响应时间：- → " "a time set"
expect 0 cust-care show C-0012 --history
check_has "$OUT" "制定计划，由 S-chen" "a care plan's event by name"
LANGUAGE=en expect 0 ticket-show "$T" --history
check_has "$OUT" "state.status: open → acknowledged" "English history"
unset PLAINDESK_NOW

# An en store keeps its English, byte for byte.
new_store
run ticket-show T-XX
check_eq "$ERR" "ticket-show: error: invalid ticket id 'T-XX' (expected T-YYMMDD-XXXXXX or at least 4 characters of its last part)" "English error"
run ticket-show --bogus
check_has "$ERR" "usage: ticket-show" "English usage"
LC_ALL=zh_CN.UTF-8 run ticket-show T-XX
chinese "LC_ALL=zh_CN.UTF-8 in an en store" "${ERR%%$'\n'*}"

# --locale zh_CN is zh-CN.
expect 0 plaindesk-init "$TEST_TMP/zh" --locale zh_CN
check_eq "$(jq -r .locale "$TEST_TMP/zh/plaindesk.json")" "zh-CN" "zh_CN is zh-CN"
check_has "$OUT" "创建存储库" "plaindesk-init speaks the new store's language"

finish
