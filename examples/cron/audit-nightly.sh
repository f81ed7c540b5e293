#!/bin/sh
# audit-nightly.sh: prove each night that the history since the last
# audited head keeps every event, header and record (plaindesk-check
# --audit), mail the problems if any, and remember the new head outside
# the store.
#
#   15 2 * * *	/usr/local/bin/audit-nightly.sh /srv/desk audit@desk.example
#
# AUDIT_STATE  where the audited head is kept
#              (default: /var/lib/plaindesk/audited-head)
# SENDMAIL     the sendmail program (default: /usr/sbin/sendmail)
set -eu
store=$1 to=$2
state=${AUDIT_STATE:-/var/lib/plaindesk/audited-head}
head=$(git -C "$store" rev-parse HEAD)
set -- -C "$store" --audit
[ ! -s "$state" ] || set -- "$@" --since "$(cat "$state")"
if out=$(plaindesk-check "$@" 2>&1); then
	mkdir -p "$(dirname "$state")"
	printf '%s\n' "$head" >"$state.tmp" && mv "$state.tmp" "$state"
	exit 0
fi
{
	printf 'To: %s\n' "$to"
	printf 'Subject: [plaindesk] the history audit found problems\n'
	printf 'Content-Type: text/plain; charset=UTF-8\n'
	printf 'Content-Transfer-Encoding: 8bit\n\n'
	printf '%s\n' "$out"
} | "${SENDMAIL:-/usr/sbin/sendmail}" -t -i
exit 1
