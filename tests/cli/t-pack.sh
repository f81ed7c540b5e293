# Nobody waits behind housekeeping (DESIGN §4): packing runs after the
# change's commit under a pack lock of its own, never the store's lock.
# Shown without clocks: the test holds the pack lock itself (flock(1)),
# so a packer is stuck exactly where packing happens, and a change must
# get the store's lock at once (PLAINDESK_LOCK_TIMEOUT=0).
. "$(dirname "$0")/lib.sh"

command -v flock >/dev/null && pass || fail "no flock(1)"
new_store
id=$(ticket-open --kind inquiry --channel phone --customer C-0012 --title first)

# loose: loose objects git has not seen, past the threshold (6,700) as
# git estimates it, from objects/17 alone: 30 objects there are 7,680.
# Made there only, so that the test writes and packs 30 files, not 7,000.
loose() {
	python3 - .git/objects <<'PY'
import hashlib, os, sys, zlib
i = made = 0
while made < 30:
    i += 1
    body = b"junk %d\n" % i
    raw = b"blob %d\0" % len(body) + body
    h = hashlib.sha1(raw).hexdigest()
    if not h.startswith("17"):
        continue
    os.makedirs(os.path.join(sys.argv[1], h[:2]), exist_ok=True)
    path = os.path.join(sys.argv[1], h[:2], h[2:])
    if not os.path.exists(path):
        with open(path, "wb") as f:
            f.write(zlib.compress(raw))
    made += 1
PY
}
nloose() { find .git/objects -type f -path '*/objects/??/*' | wc -l | tr -d ' '; }
loose

# A change past the threshold while another packer is at work: it does
# not wait for it and leaves the packing to it.
exec 8>.git/plaindesk-pack.lock
flock 8
n0=$(nloose)
expect 0 env PLAINDESK_LOCK_TIMEOUT=0 ticket-update "$id" ack
[ "$(nloose)" -gt "$n0" ] && pass || fail "the change packed while the pack lock was held"

# plaindesk-check --pack stuck behind the pack lock holds no store lock:
# a change goes through meanwhile, at once.
PLAINDESK_LOCK_TIMEOUT=600 plaindesk-check --pack -q >"$TEST_TMP/pack.out" 2>&1 8>&- &
packer=$!
# Until the packer is waiting on the pack lock (it opens it, then waits).
for _ in $(seq 500); do
	[ -n "$(find /proc/$packer/fd -lname "$STORE/.git/plaindesk-pack.lock" 2>/dev/null)" ] && break
	sleep 0.01
done
[ -n "$(find /proc/$packer/fd -lname "$STORE/.git/plaindesk-pack.lock" 2>/dev/null)" ] &&
	pass || fail "the packer never reached the pack lock"
expect 0 env PLAINDESK_LOCK_TIMEOUT=0 ticket-update "$id" note --message "during the pack"
kill -0 "$packer" 2>/dev/null && pass || fail "the packer did not wait for the pack lock"
exec 8>&-
wait "$packer"
check_eq "$?" 0 "the packer finished once the lock was free"
check_eq "$(nloose)" 0 "everything packed"
git fsck --no-progress >/dev/null 2>&1 && pass || fail "git fsck after the pack"
junk=$(python3 -c 'import hashlib
i = 0
while True:
    i += 1
    b = b"junk %d\n" % i
    if hashlib.sha1(b"blob %d\0" % len(b) + b).hexdigest().startswith("17"):
        print(i); break')
check_eq "$(git cat-file -p "$(printf 'junk %s\n' "$junk" | git hash-object --stdin)")" \
	"junk $junk" "objects kept"
clean_status "after the pack"

# The change that passes the threshold packs after its commit, the store
# lock released: the pack is there once it has exited.
loose
expect 0 ticket-update "$id" note --message "packs"
check_eq "$(nloose)" 0 "the change packed after its commit"
check_eq "$(git log -1 --format=%s)" "ticket-update: $id note \"first\"" "the change committed"
clean_status "after the packing change"
expect 0 plaindesk-check -q

finish
