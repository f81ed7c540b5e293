# Sourced by every CLI test: a fresh store per case, a fixed clock and
# identity, and assertions that count.  PLAINDESK_BIN is the programs.
set -u
# Debian's tools before any the user's PATH puts first: the tests run
# what the packages of `make deps` installed (a pyenv shim in front of
# python3 costs a tenth of a second a call and lacks their modules).
export PATH="$PLAINDESK_BIN:/usr/bin:/bin:$PATH"
export TZ=UTC LC_ALL=C.UTF-8
export PLAINDESK_NOW=2026-11-20T10:00
unset PLAINDESK_DIR PLAINDESK_ACTOR PLAINDESK_NOTIFY PLAINDESK_FAULT
TEST_TMP=$(mktemp -d)
trap 'rm -rf "$TEST_TMP"' EXIT
export HOME=$TEST_TMP/home
mkdir -p "$HOME"
export GIT_CONFIG_GLOBAL=$HOME/.gitconfig
git config --global user.name "Test Runner"
git config --global user.email "runner@example.com"
git config --global init.defaultBranch main
T_PASS=0 T_FAIL=0 T_SKIP=0 T_NAME=$(basename "$0" .sh)
STORE_N=0

pass() { T_PASS=$((T_PASS + 1)); }
fail() { T_FAIL=$((T_FAIL + 1)); echo "FAIL: $*"; }
skip() { T_SKIP=$((T_SKIP + 1)); echo "skipped: $*"; }

# put FILE: standard input into FILE, with no process started.
put() { local text; IFS= read -r -d '' text; printf '%s' "$text" >"$1"; }

# A fresh store with staff, customers and rooms; cd into it.  The first
# store made with the same arguments is kept as a template, and the next
# ones are copies of it: one process instead of three.
new_store() {
	local tpl=$TEST_TMP/.template${*//[^A-Za-z0-9_-]/_}
	STORE_N=$((STORE_N + 1))
	STORE=$TEST_TMP/store$STORE_N
	[ -d "$tpl" ] || make_store "$tpl" "$@"
	# Without its store a script would run its commands (git ones too)
	# wherever it was started: stop it instead.
	cp -a "$tpl" "$STORE" && cd "$STORE" || { fail "new_store"; exit 1; }
}

# make_store DIR [ARGS...]: what new_store copies, made by plaindesk-init
# ARGS and committed.
make_store() {
	plaindesk-init "$@" >/dev/null || { fail "plaindesk-init"; exit 1; }
	cd "$1" || exit 1
	put registers/staff.csv <<'CSV'
id,name,email,role,team,active
S-wang,王伟,wang@example.com,agent,desk,yes
S-li,Li Na,li@example.com,agent,desk,yes
S-chen,Chen Jie,chen@example.com,manager,desk,yes
S-zhao,Zhao Gang,zhao@example.com,gm,,yes
S-admin,Admin,admin@example.com,admin,,yes
CSV
	put registers/customers.csv <<'CSV'
id,name,org,tier,email,phone,since,lost_on,notes
C-0012,Acme Ltd,Acme,vip,ops@acme.example,+86 10 1234,2025-01-01,,
C-0013,北京会展公司,会展,key,contact@bj.example,,2025-06-01,,
C-0014,Lost Co,,general,,,2024-01-01,2026-11-18,
CSV
	put registers/rooms.csv <<'CSV'
id,name,capacity,equipment,location
R-1,Room 1,4,projector;whiteboard,Floor 1
R-2,大会议室,20,projector;video,Floor 2
CSV
	git add -A && git commit -qm "test registers" || exit 1
}

# ticket_and_meeting: a ticket assigned to S-wang in $t and a meeting
# of S-chen's that S-wang attends in $m.
ticket_and_meeting() {
	t=$(ticket-open --kind complaint --channel phone --customer C-0012 \
		--title "Projector failed" --severity important --category equipment \
		--assignee S-wang)
	m=$(mtg-plan new --type routine --title "Weekly" --start "2026-11-23 10:00" \
		--duration 60m --room R-2 --organizer S-chen --attendee S-wang \
		--agenda "Progress|30|S-wang|inform" --by S-chen)
}

# run CMD...: run it, keep stdout in $OUT, stderr in $ERR, status in $RC.
run() {
	"$@" >"$TEST_TMP/out" 2>"$TEST_TMP/err" </dev/null
	RC=$?
	OUT=$(<"$TEST_TMP/out")
	ERR=$(<"$TEST_TMP/err")
}

# expect CODE CMD...: run it and check its exit status.
expect() {
	local want=$1
	shift
	run "$@"
	if [ "$RC" = "$want" ]; then pass; else
		fail "$* exited $RC, expected $want: $ERR"; fi
}

# The commit HEAD names (first line), then the state of every file: one
# git run where two would do.
store_state() { git status --porcelain=v2 --branch --untracked-files=all; }

# refused CODE CMD...: exit CODE, one error line, HEAD and status unchanged.
refused() {
	local want=$1 before after
	shift
	before=$(store_state)
	expect "$want" "$@"
	after=$(store_state)
	[ "${after%%$'\n'*}" = "${before%%$'\n'*}" ] && pass || fail "$*: HEAD moved"
	[ "${after#*$'\n'}" = "${before#*$'\n'}" ] && pass ||
		fail "$*: work tree changed: $(git status --porcelain)"
	if [[ $ERR == *": error: "* || $ERR == *": 错误: "* ]]; then pass; else
		fail "$*: no 'error:' line: $ERR"; fi
}

check_eq() {	# check_eq ACTUAL EXPECTED WHAT
	if [ "$1" = "$2" ]; then pass; else
		fail "$3: got '$1', expected '$2'"; fi
}

check_has() {	# check_has HAYSTACK NEEDLE WHAT
	if [[ $1 == *"$2"* ]]; then pass; else
		fail "$3: '$2' not in: ${1:0:400}"; fi
}

check_lacks() {	# check_lacks HAYSTACK NEEDLE WHAT
	if [[ $1 != *"$2"* ]]; then pass; else
		fail "$3: '$2' should not be in: ${1:0:400}"; fi
}

clean_status() {	# the work tree and index match HEAD
	local s
	s=$(git status --porcelain --untracked-files=all)
	if [ -z "$s" ]; then pass; else fail "$1: git status not clean: $s"; fi
}

# python_with MODULE: the python3 that can import MODULE (pyenv shims may
# hide Debian's) into $PY; false, and PY empty, when none can.
python_with() {
	local p
	PY=
	for p in /usr/bin/python3 python3; do
		if "$p" -c "import $1" 2>/dev/null; then PY=$p; return 0; fi
	done
	return 1
}

# jget FILE EXPR: a value from a JSON file with jq.
jget() { jq -r "$2" "$1"; }

finish() {
	local skipped=""
	[ "$T_SKIP" -eq 0 ] || skipped=", $T_SKIP skipped"
	echo "cli $T_NAME: $T_PASS passed, $T_FAIL failed$skipped"
	[ "$T_FAIL" -eq 0 ]
}
