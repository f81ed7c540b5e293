#!/bin/sh
# care-due.sh: mail the care team its list for the day (cust-care due:
# follow-up calls, visits, occasions and holiday greetings) on each
# working morning, by the store's holidays and make-up days.
#
#   30 8 * * *	/usr/local/bin/care-due.sh /srv/desk care@desk.example
#
# SENDMAIL  the sendmail program (default: /usr/sbin/sendmail)
set -eu
store=$1 to=$2
today=$(date +%F)
holidays=$store/registers/holidays.csv
# A public holiday is off; a weekend day is off unless it is worked.
if grep -q "^$today,holiday," "$holidays" 2>/dev/null; then
	exit 0
fi
case $(date +%u) in
6|7) grep -q "^$today,workday," "$holidays" 2>/dev/null || exit 0 ;;
esac
list=$(cust-care -C "$store" due --within 1d)
# The header line alone: nothing due.
[ "$(printf '%s\n' "$list" | wc -l)" -gt 1 ] || exit 0
subject=$(printf '[plaindesk] care due %s' "$today" | base64 | tr -d '\n')
{
	printf 'To: %s\n' "$to"
	printf 'Subject: =?UTF-8?B?%s?=\n' "$subject"
	printf 'Content-Type: text/plain; charset=UTF-8\n'
	printf 'Content-Transfer-Encoding: 8bit\n\n'
	printf '%s\n' "$list"
} | "${SENDMAIL:-/usr/sbin/sendmail}" -t -i
