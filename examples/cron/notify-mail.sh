#!/bin/sh
# notify-mail.sh: a plaindesk notifier that mails the target of a warning
# or an escalation.  ticket-escalate runs it once per event with one JSON
# object on standard input (ticket-escalate(1), NOTIFIER); a non-zero exit
# makes it try the event again on the next run.  Install it for one clone:
#
#   git -C /srv/desk config plaindesk.notify /usr/local/bin/notify-mail.sh
#
# NOTIFY_MAIL_FROM      the sender (default: plaindesk@HOSTNAME)
# NOTIFY_MAIL_FALLBACK  the address for events with no target e-mail
# SENDMAIL              the sendmail program (default: /usr/sbin/sendmail)
set -eu

json=$(cat)
get() {	# get JQ-EXPR: one value as a single line of text
	printf '%s\n' "$json" |
		jq -r "($1) // \"\" | tostring | gsub(\"[\\\\r\\\\n]\"; \" \")"
}

event=$(get .event)
to=$(get .target.email)
[ -n "$to" ] || to=${NOTIFY_MAIL_FALLBACK:-}
if [ -z "$to" ]; then
	echo "notify-mail: no address for $event of $(get .ticket)" >&2
	exit 1
fi
# An address from a register is not trusted to be one header line.
case $to in
*[!A-Za-z0-9._%+@-]*)
	echo "notify-mail: refusing address '$to'" >&2
	exit 1 ;;
esac
from=${NOTIFY_MAIL_FROM:-plaindesk@$(hostname)}

if [ "$(get .type)" = warn ]; then
	subject="[plaindesk] $(get .ticket): $(get .deadline) deadline $(get .due) is near"
else
	subject="[plaindesk] $(get .ticket) escalated to $(get .role) ($(get .reason))"
fi
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
	printf 'Ticket:    %s\n' "$(get .ticket)"
	printf 'Title:     %s\n' "$(get .title)"
	printf 'Kind:      %s %s\n' "$(get .kind)" "$(get .severity)"
	printf 'Customer:  %s\n' "$(get .customer)"
	printf 'Assignee:  %s\n' "$(get .assignee)"
	printf 'Level:     %s\n' "$(get .role)"
	printf 'Deadline:  %s %s\n' "$(get .deadline)" "$(get .due)"
	printf 'Reason:    %s\n' "$(get .reason)"
	printf '\nticket-show %s\n' "$(get .ticket)"
} | "${SENDMAIL:-/usr/sbin/sendmail}" -t
