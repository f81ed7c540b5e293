#!/bin/sh
# notify-mail.sh: a plaindesk notifier that mails a notice to every one of
# its recipients: a ticket's warning, escalation or breach, a meeting's
# minutes, an action item's reminder, and a customer notice
# (--tell-customer), which goes to the customer from the desk's address
# (mail.from of plaindesk.json).  plaindesk runs it once per notice
# with one JSON object on standard input (ticket-escalate(1), NOTIFIER);
# a non-zero exit makes it try the notice again on the next run.
# Install it for one clone:
#
#   git -C /srv/desk config plaindesk.notify /usr/local/bin/notify-mail.sh
#
# NOTIFY_MAIL_FROM      the sender (default: plaindesk@HOSTNAME)
# NOTIFY_MAIL_FALLBACK  the address for notices with no recipient e-mail
# SENDMAIL              the sendmail program (default: /usr/sbin/sendmail)
set -eu

json=$(cat)
get() {	# get JQ-EXPR: one value as a single line of text
	printf '%s\n' "$json" |
		jq -r "($1) // \"\" | tostring | gsub(\"[\\\\r\\\\n]\"; \" \")"
}

event=$(get .event)
type=$(get .type)
# Every recipient with an address, else the target, else the fallback.
addresses=$(printf '%s\n' "$json" |
	jq -r '[.recipients[]?.email // empty | select(. != "")] |
		if length > 0 then .[] else empty end')
[ -n "$addresses" ] || addresses=$(get .target.email)
[ -n "$addresses" ] || addresses=${NOTIFY_MAIL_FALLBACK:-}
if [ -z "$addresses" ]; then
	echo "notify-mail: no address for $event of $(get '.ticket // .meeting')" >&2
	exit 1
fi
to=""
for a in $addresses; do
	# An address from a register is not trusted to be one header line.
	case $a in
	*[!A-Za-z0-9._%+@-]*|"")
		echo "notify-mail: refusing address '$a'" >&2
		exit 1 ;;
	esac
	to=${to:+$to, }$a
done
from=${NOTIFY_MAIL_FROM:-plaindesk@$(hostname)}
# The customer hears from the desk's own address.
if [ "$type" = customer ] && [ -n "$(get .from)" ]; then
	from=$(get .from)
	case $from in
	*[!A-Za-z0-9._%+@-]*)
		echo "notify-mail: refusing sender '$from'" >&2
		exit 1 ;;
	esac
fi

case $type in
warn)
	if [ "$(get .breach)" = true ]; then
		subject="[plaindesk] $(get .ticket): $(get .deadline) deadline $(get .due) missed"
	else
		subject="[plaindesk] $(get .ticket): $(get .deadline) deadline $(get .due) is near"
	fi ;;
escalate)
	subject="[plaindesk] $(get .ticket) escalated to $(get .role) ($(get .reason))" ;;
minutes)
	subject="[plaindesk] minutes of $(get .meeting): $(get .title)" ;;
action-due)
	subject="[plaindesk] action $(get .action) due $(get .due): $(get .text)" ;;
action-overdue)
	subject="[plaindesk] action $(get .action) overdue since $(get .due): $(get .text)" ;;
customer)
	subject="[$(get .ticket)] $(get .title)" ;;
*)
	subject="[plaindesk] $type $event" ;;
esac
# RFC 2047: titles are often Chinese.
subject_b64=$(printf '%s' "$subject" | base64 | tr -d '\n')

{
	printf 'To: %s\n' "$to"
	printf 'From: %s\n' "$from"
	printf 'Subject: =?UTF-8?B?%s?=\n' "$subject_b64"
	printf 'Content-Type: text/plain; charset=UTF-8\n'
	printf 'Content-Transfer-Encoding: 8bit\n'
	printf 'X-Plaindesk-Event: %s\n' "$event"
	printf '\n'
	case $type in
	minutes|action-due|action-overdue)
		printf 'Meeting:   %s\n' "$(get .meeting)"
		printf 'Title:     %s\n' "$(get .title)"
		if [ "$type" != minutes ]; then
			printf 'Action:    %s\n' "$(get .action)"
			printf 'Due:       %s\n' "$(get .due)"
			printf 'What:      %s\n' "$(get .text)"
		fi
		printf '\n'
		printf '%s\n' "$json" | jq -r '.document // ""' ;;
	customer)
		printf '%s\n' "$json" | jq -r '.message // ""'
		if [ -n "$(get .due)" ]; then
			printf '\nExpected by / 预计答复时间: %s\n' "$(get .due)"
		fi
		printf '\nReference / 编号: %s\n' "$(get .ticket)" ;;
	*)
		printf 'Ticket:    %s\n' "$(get .ticket)"
		printf 'Title:     %s\n' "$(get .title)"
		printf 'Kind:      %s %s\n' "$(get .kind)" "$(get .severity)"
		printf 'Customer:  %s\n' "$(get .customer)"
		printf 'Assignee:  %s\n' "$(get .assignee)"
		printf 'Level:     %s\n' "$(get .role)"
		printf 'Deadline:  %s %s\n' "$(get .deadline)" "$(get .due)"
		printf 'Reason:    %s\n' "$(get .reason)"
		printf '\nticket-show %s\n' "$(get .ticket)" ;;
	esac
} | "${SENDMAIL:-/usr/sbin/sendmail}" -t -i
