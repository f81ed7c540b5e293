# A store's templates may change how documents look, not make an HTML
# document run a script or fetch anything: such a template is passed
# over for the installed one, with a warning naming it.
. "$(dirname "$0")/../cli/lib.sh"
. "$(dirname "$0")/canary.sh"

top=$(cd "$(dirname "$0")/../.." && pwd)

new_store
make_canary
plan_meeting "2026-11-18 10:00"
mkdir -p templates/en

# A harmless override is used.
sed 's|</body>|<p>OUR-FOOTER</p></body>|' "$top/templates/en/report.html" \
	> templates/en/report.html
commit_all "a footer"
expect 0 kpi-report --week 2026-W47 --format html
check_has "$OUT" "OUR-FOOTER" "a safe override is used"
check_eq "$ERR" "" "and said nothing"

for bad in '<script>alert(1)</script>' '<SCRIPT SRC=//evil.example/x.js></SCRIPT>' \
	'<img src="http://evil.example/p.png">' '<a href="http://evil.example/">x</a>' \
	'<link rel=stylesheet href=//evil.example/s.css>' \
	'<style>@import "http://evil.example/s.css";</style>' \
	'<div style="background:url(http://evil.example/t.png)">' \
	'<iframe srcdoc="x"></iframe>' '<object data=x></object>' \
	'<embed type=x>' '<svg><use xlink:href="//evil.example/s.svg#a"/></svg>' \
	'<meta http-equiv="refresh" content="0;url=http://evil.example/">' \
	'<body onload="alert(1)">' '<p ONMOUSEOVER = "x">' \
	'<a href="javascript:alert(1)">x</a>' '<form action=//evil.example/>' \
	'<base href=//evil.example/>' '<video poster=x>'; do
	for t in report.html; do
		sed "s|</body>|$(sed 's/[&|\\]/\\&/g' <<<"$bad")</body>|" \
			"$top/templates/en/$t" > "templates/en/$t"
	done
	commit_all "a template with $bad"
	run kpi-report --week 2026-W47 --format html
	check_eq "$RC" 0 "$bad: the report is made"
	check_lacks "$OUT" "$bad" "$bad: not in the report"
	check_lacks "$OUT" "evil.example" "$bad: nothing fetched from outside"
	check_has "$ERR" "warning: templates/en/report.html" "$bad: warned"
	check_has "$ERR" "installed template" "$bad: says what is used"
done

# The meeting documents, and a template at the top of templates/.
rm templates/en/report.html
printf '<html><body><script>alert(1)</script>{{title}}</body></html>\n' \
	> templates/minutes.html
printf '<html><body><img src=x onerror=alert(1)>{{title}}</body></html>\n' \
	> templates/en/agenda.html
commit_all "meeting templates with scripts"
run mtg-minutes render "$mid" --format html
check_eq "$RC" 0 "minutes: rendered"
check_lacks "$OUT" "<script" "minutes: no script"
check_has "$ERR" "templates/minutes.html" "minutes: warned"
expect 0 mtg-plan send "$mid" --agenda "$TEST_TMP/agenda.html"
check_lacks "$(cat "$TEST_TMP/agenda.html")" "onerror" "agenda: no handler"
check_has "$ERR" "templates/en/agenda.html" "agenda: warned"
# Markdown and text templates are not HTML: used as they are.
printf 'MD-OVERRIDE {{title}}\n' > templates/en/minutes.md
commit_all "a Markdown template"
run mtg-minutes render "$mid" --format md
check_has "$OUT" "MD-OVERRIDE" "a Markdown override is used"
canary_same "templates"

finish
