#!/bin/sh
# Weekly KPI report: save last week's report (HTML, with the week before
# for comparison) in the store as one commit, and mail it with sendmail.
#
# Run it from cron early on Monday, for example:
#
#   30 7 * * 1  PLAINDESK_DIR=/srv/desk KPI_MAIL_TO=managers@example.com \
#               /usr/local/share/plaindesk/examples/cron/kpi-weekly.sh
#
# Settings (environment):
#   PLAINDESK_DIR    the store (required)
#   KPI_MAIL_TO      recipients, comma-separated (required)
#   KPI_MAIL_FROM    sender (default: plaindesk@<host>)
#   PLAINDESK_ACTOR  who saves the report (default: git's user.name/email)
#   SENDMAIL         the sendmail program (default: /usr/sbin/sendmail)
#   KPI_REPORT       the kpi-report program (default: kpi-report in PATH)
#
# A missed target is said in the subject, not treated as a failure; any
# other error stops the job with kpi-report's exit status (cron mails the
# message) and nothing is sent.
set -eu

: "${PLAINDESK_DIR:?set PLAINDESK_DIR to the store}"
: "${KPI_MAIL_TO:?set KPI_MAIL_TO to the recipients}"
export PLAINDESK_DIR
from=${KPI_MAIL_FROM:-plaindesk@$(hostname 2>/dev/null || echo localhost)}
sendmail=${SENDMAIL:-/usr/sbin/sendmail}
kpi_report=${KPI_REPORT:-kpi-report}

# --check exits 1 after saving when a target is missed.
status=0
path=$("$kpi_report" --save --check --compare --format html) || status=$?
case $status in
0) note="no target missed" ;;
1) note="targets missed" ;;
*) exit "$status" ;;
esac
label=$(basename "$path" .html)

# HTML lines can be longer than mail allows: send the body in base64.
{
	printf 'From: %s\n' "$from"
	printf 'To: %s\n' "$KPI_MAIL_TO"
	printf 'Subject: KPI report %s (%s)\n' "$label" "$note"
	printf 'Date: %s\n' "$(LC_ALL=C date -R)"
	printf 'MIME-Version: 1.0\n'
	printf 'Content-Type: text/html; charset=UTF-8\n'
	printf 'Content-Transfer-Encoding: base64\n'
	printf '\n'
	base64 < "$PLAINDESK_DIR/$path"
} | "$sendmail" -t -oi
