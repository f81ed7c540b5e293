/*
 * The summary cache (DESIGN §4, include/plaindesk/sumcache.h).
 *
 * One file per kind of record, .git/plaindesk/tickets.sum:
 *
 *	header	64 bytes: magic, byte order, format, the key, the number
 *		of entries, the length of the data, a checksum of the rest
 *	entries	fixed size, sorted by blob id: the id, and where its data is
 *	data	per entry: the record's path, a NUL, its summary's bytes
 *
 * The key is a hash of what a summary depends on besides the record: the
 * caller's summary format, plaindesk.json, the holiday register and the
 * time zone's file.  A file whose header, length, key or checksum does
 * not fit is not read; the walk then reads every record and writes a new
 * file.  A summary is used only for the blob git's index gives a file
 * whose stat data it matches, and only at the path it was made for, so
 * a stale one is never used: it stays unused, and the next write leaves
 * it out.
 *
 * The file is read mapped and written whole: to a temporary file and
 * renamed over it, under a lock taken without waiting (a reader that
 * cannot have it leaves the writing to another).  A walk of a changing
 * command, under the store's lock, writes it once the lock is released.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "plaindesk/clock.h"
#include "plaindesk/gitindex.h"
#include "plaindesk/record.h"
#include "plaindesk/scan.h"
#include "plaindesk/storefs.h"
#include "plaindesk/sumcache.h"

#define CACHE_DIR "plaindesk"
#define CACHE_MAGIC "PDSUMC\r\n"
#define CACHE_FORMAT 1
#define BYTE_ORDER_MARK 0x01020304u
#define OID_LEN 20

struct cache_header {
	char magic[8];
	uint32_t byte_order;
	uint32_t format;
	uint64_t key;
	uint64_t nentries;
	uint64_t datalen;
	uint64_t checksum;
	unsigned char unused[16];
};

struct cache_entry {
	unsigned char oid[OID_LEN];
	uint32_t off, len;
};

/* A summary made in this walk. */
struct made {
	struct cache_entry e;
	char *bytes;		/* path, NUL, summary */
};

/* A record of the month to read: is its file the blob the index names? */
struct pending {
	int trusted;		/* the index vouches for it, no summary yet */
	struct stat sb;
	const unsigned char *oid;
};

struct sumwalk {
	struct store *st;
	char kind;
	const struct summary_ops *ops;
	void *ctx;
	char *dir, *file;	/* .git/plaindesk and the cache in it */
	uint64_t key;
	struct gitindex_view ix;
	/* The cache read (none when map is NULL). */
	const unsigned char *map;
	size_t size;
	const struct cache_entry *old;
	size_t nold;
	const unsigned char *data;
	size_t datalen;
	unsigned char *used;	/* by old entry */
	size_t nused;
	struct made *made;
	size_t nmade, capmade;
	size_t nsummaries, nread;	/* records given each way */
};

/* A 64-bit hash of data, continuing h (the checksum and the key). */
static uint64_t
hash64(uint64_t h, const void *data, size_t len)
{
	const unsigned char *p = data;
	size_t i = 0;

	for (; i + 8 <= len; i += 8) {
		uint64_t w;

		memcpy(&w, p + i, 8);
		h = (h ^ w) * 0x9e3779b97f4a7c15ULL;
		h ^= h >> 29;
	}
	for (; i < len; i++)
		h = (h ^ p[i]) * 0x100000001b3ULL;
	return h ^ len;
}

/* What the summaries depend on besides the records. */
static uint64_t
cache_key(struct store *st, const char *top, unsigned version)
{
	const char *files[] = {"plaindesk.json", register_paths[REG_HOLIDAYS]};
	uint64_t h = 0xcbf29ce484222325ULL, parts[3];
	char *zone;
	struct stat sb;

	h = hash64(h, top, strlen(top) + 1);
	parts[0] = version;
	h = hash64(h, parts, sizeof(parts[0]));
	for (size_t i = 0; i < 2; i++) {
		char *data = NULL;
		size_t len = 0;

		if (storefs_read(st->root, files[i], &data, &len))
			pd_clear_error();
		h = hash64(h, data ? data : "", len);
		free(data);
	}
	/* The zone's rules come from the system's file for it. */
	zone = clock_zone_file(st->cfg.timezone);
	memset(&sb, 0, sizeof(sb));
	stat(zone, &sb);
	free(zone);
	parts[0] = (uint64_t)sb.st_size;
	parts[1] = (uint64_t)sb.st_mtim.tv_sec;
	parts[2] = (uint64_t)sb.st_ino;
	return hash64(h, parts, sizeof(parts));
}

/* Map the cache file, or leave sw without one. */
static void
cache_load(struct sumwalk *sw)
{
	const struct cache_header *h;
	struct stat sb;
	void *map;
	int fd = open(sw->file, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);

	if (fd < 0)
		return;
	if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode) ||
	    (size_t)sb.st_size < sizeof(*h)) {
		close(fd);
		return;
	}
	map = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED)
		return;
	h = map;
	if (memcmp(h->magic, CACHE_MAGIC, 8) ||
	    h->byte_order != BYTE_ORDER_MARK || h->format != CACHE_FORMAT ||
	    h->key != sw->key ||
	    h->nentries > (uint64_t)sb.st_size / sizeof(struct cache_entry) ||
	    sizeof(*h) + h->nentries * sizeof(struct cache_entry) +
	    h->datalen != (uint64_t)sb.st_size ||
	    hash64(0, (const unsigned char *)map + sizeof(*h),
		   (size_t)sb.st_size - sizeof(*h)) != h->checksum) {
		munmap(map, (size_t)sb.st_size);
		return;
	}
	sw->map = map;
	sw->size = (size_t)sb.st_size;
	sw->old = (const struct cache_entry *)(sw->map + sizeof(*h));
	sw->nold = (size_t)h->nentries;
	sw->data = (const unsigned char *)(sw->old + sw->nold);
	sw->datalen = (size_t)h->datalen;
	sw->used = xcalloc(sw->nold ? sw->nold : 1, 1);
}

struct sumwalk *
sumwalk_open(struct store *st, char kind, const char *top,
	     const struct summary_ops *ops, void *ctx)
{
	const char *env = getenv("PLAINDESK_CACHE");
	struct sumwalk *sw;
	char *index, *prefix;
	int rc;

	if (env && strcmp(env, "0") == 0)
		return NULL;
	sw = xcalloc(1, sizeof(*sw));
	index = xasprintf("%s/index", st->gitdir);
	prefix = xasprintf("%s/", top);
	rc = gitindex_view_open(&sw->ix, index, prefix);
	free(index);
	free(prefix);
	if (rc) {
		free(sw);
		return NULL;
	}
	sw->st = st;
	sw->kind = kind;
	sw->ops = ops;
	sw->ctx = ctx;
	sw->dir = xasprintf("%s/%s", st->gitdir, CACHE_DIR);
	sw->file = xasprintf("%s/%s.sum", sw->dir, top);
	sw->key = cache_key(st, top, ops->version);
	cache_load(sw);
	return sw;
}

static int
cmp_entry(const void *a, const void *b)
{
	return memcmp(((const struct cache_entry *)a)->oid,
		      ((const struct cache_entry *)b)->oid, OID_LEN);
}

/* The entry of the cache read for blob oid, or -1. */
static long
cache_find(const struct sumwalk *sw, const unsigned char *oid)
{
	struct cache_entry key;
	const struct cache_entry *e;

	if (!sw->nold)
		return -1;
	memcpy(key.oid, oid, OID_LEN);
	e = bsearch(&key, sw->old, sw->nold, sizeof(*e), cmp_entry);
	return e ? (long)(e - sw->old) : -1;
}

/*
 * The summary of the cache read for the file rel with blob oid: its
 * bytes, or NULL when there is none made at rel.
 */
static const unsigned char *
cached_summary(struct sumwalk *sw, const unsigned char *oid, const char *rel,
	       size_t *len)
{
	long i = cache_find(sw, oid);
	const struct cache_entry *e;
	size_t rlen = strlen(rel);

	if (i < 0)
		return NULL;
	e = &sw->old[i];
	if ((uint64_t)e->off + e->len > sw->datalen || e->len <= rlen ||
	    memcmp(sw->data + e->off, rel, rlen + 1))
		return NULL;
	if (!sw->used[i]) {
		sw->used[i] = 1;
		sw->nused++;
	}
	*len = e->len - rlen - 1;
	return sw->data + e->off + rlen + 1;
}

/* The stat data that tell a file changed are all the same. */
static int
same_file(const struct stat *a, const struct stat *b)
{
	return a->st_ino == b->st_ino && a->st_size == b->st_size &&
	       a->st_mtim.tv_sec == b->st_mtim.tv_sec &&
	       a->st_mtim.tv_nsec == b->st_mtim.tv_nsec &&
	       a->st_ctim.tv_sec == b->st_ctim.tv_sec &&
	       a->st_ctim.tv_nsec == b->st_ctim.tv_nsec;
}

/* Keep the summary of rec, read from the file pd vouches for. */
static void
remember(struct sumwalk *sw, int dirfd, const struct pending *pd,
	 const char *rel, json_t *rec)
{
	const char *slash = strrchr(rel, '/'), *id = jstr(rec, "id");
	struct stat after;
	struct made *m;
	char *sum, *want;
	size_t len, rlen = strlen(rel);
	int here;

	/* Changed while it was read: the bytes are not the blob's. */
	if (fstatat(dirfd, slash ? slash + 1 : rel, &after,
		    AT_SYMLINK_NOFOLLOW) < 0 || !same_file(&pd->sb, &after))
		return;
	/* Only where its id says it belongs (a copy elsewhere is bad). */
	want = id && id_valid(sw->kind, id) ?
	       id_relpath(id) : NULL;
	here = want && strcmp(want, rel) == 0;
	free(want);
	if (!here || !(sum = sw->ops->make(sw->ctx, rel, rec, &len)))
		return;
	if (sw->nmade == sw->capmade) {
		sw->capmade = sw->capmade ? 2 * sw->capmade : 256;
		sw->made = xrealloc(sw->made, sw->capmade * sizeof(*sw->made));
	}
	m = &sw->made[sw->nmade++];
	memcpy(m->e.oid, pd->oid, OID_LEN);
	m->e.len = (uint32_t)(rlen + 1 + len);
	m->bytes = xcalloc(1, rlen + 1 + len);
	memcpy(m->bytes, rel, rlen + 1);
	memcpy(m->bytes + rlen + 1, sum, len);
	free(sum);
}

/* What the month's records read go through on their way to deliver. */
struct month {
	struct sumwalk *sw;
	int dirfd;
	struct pending *pending;
	size_t next;
	record_fn deliver;
	void *dctx;
};

static int
month_record(void *vm, const char *rel, json_t *rec)
{
	struct month *m = vm;
	const struct pending *pd = &m->pending[m->next++];

	m->sw->nread++;
	if (rec && pd->trusted)
		remember(m->sw, m->dirfd, pd, rel, rec);
	return m->deliver(m->dctx, rel, rec);
}

/*
 * Sort out record rel of the month: 0 when its summary was taken, 1 when
 * it is to be read (*pd says what the index says of it), or the value
 * ops->summary() stopped with.
 */
static int
classify(struct sumwalk *sw, int dirfd, const char *rel, struct pending *pd)
{
	const struct gitindex_entry *e = gitindex_view_find(&sw->ix, rel);
	const char *slash = strrchr(rel, '/');
	const unsigned char *sum;
	size_t len;
	int rc;

	memset(pd, 0, sizeof(*pd));
	if (!e || fstatat(dirfd, slash ? slash + 1 : rel, &pd->sb,
			  AT_SYMLINK_NOFOLLOW) < 0 ||
	    !gitindex_view_fresh(&sw->ix, e, &pd->sb))
		return 1;
	pd->oid = gitindex_entry_oid(e);
	if (!(sum = cached_summary(sw, pd->oid, rel, &len))) {
		pd->trusted = 1;
		return 1;
	}
	rc = sw->ops->summary(sw->ctx, rel, sum, len);
	if (rc == 0)
		sw->nsummaries++;
	return rc == SUMMARY_NEED_RECORD ? 1 : rc;
}

int
sumwalk_month(struct sumwalk *sw, int dirfd, char *const *rels, size_t n,
	      record_fn deliver, void *dctx)
{
	struct month m = {sw, dirfd, NULL, 0, deliver, dctx};
	char **todo = xcalloc(n ? n : 1, sizeof(*todo));
	size_t ntodo = 0;
	int rc = 0;

	m.pending = xcalloc(n ? n : 1, sizeof(*m.pending));
	for (size_t i = 0; i < n && !rc; i++) {
		rc = classify(sw, dirfd, rels[i], &m.pending[ntodo]);
		if (rc == 1) {
			todo[ntodo++] = rels[i];
			rc = 0;
		}
	}
	if (!rc)
		rc = scan_records(dirfd, todo, ntodo, month_record, &m);
	free(todo);
	free(m.pending);
	return rc;
}

/* The entries to write: those used of the file read, and those made. */
static struct cache_entry *
new_entries(struct sumwalk *sw, const unsigned char ***src, size_t *n)
{
	struct cache_entry *e = xcalloc(sw->nused + sw->nmade + 1, sizeof(*e));
	size_t k = 0;

	*src = xcalloc(sw->nused + sw->nmade + 1, sizeof(**src));
	for (size_t i = 0; i < sw->nold; i++)
		if (sw->used[i]) {
			e[k] = sw->old[i];
			(*src)[k++] = sw->data + sw->old[i].off;
		}
	for (size_t i = 0; i < sw->nmade; i++) {
		e[k] = sw->made[i].e;
		(*src)[k++] = (const unsigned char *)sw->made[i].bytes;
	}
	*n = k;
	return e;
}

/* The file's bytes for entries e (their data at src[i]). */
static void
cache_bytes(struct sumwalk *sw, struct cache_entry *e,
	    const unsigned char **src, size_t n, struct sbuf *out)
{
	struct cache_header h;
	size_t k = 0;
	uint64_t off = 0;

	/* Sorted by blob id, the data in the same order; one entry a blob
	 * (the same bytes at two paths: the first made). */
	for (size_t i = 0; i < n; i++)
		e[i].off = (uint32_t)i;
	qsort(e, n, sizeof(*e), cmp_entry);
	for (size_t i = 0; i < n; i++)
		if (!k || memcmp(e[k - 1].oid, e[i].oid, OID_LEN))
			e[k++] = e[i];
	memset(&h, 0, sizeof(h));
	sbuf_add(out, &h, sizeof(h));
	for (size_t i = 0; i < k; i++) {
		struct cache_entry w = e[i];

		w.off = (uint32_t)off;
		off += w.len;
		sbuf_add(out, &w, sizeof(w));
	}
	for (size_t i = 0; i < k; i++)
		sbuf_add(out, src[e[i].off], e[i].len);
	memcpy(h.magic, CACHE_MAGIC, 8);
	h.byte_order = BYTE_ORDER_MARK;
	h.format = CACHE_FORMAT;
	h.key = sw->key;
	h.nentries = k;
	h.datalen = off;
	h.checksum = hash64(0, out->buf + sizeof(h), out->len - sizeof(h));
	memcpy(out->buf, &h, sizeof(h));
}

/* The bytes of a cache file to write once the store's lock is released. */
struct sumcache_later {
	char *dir, *file;
	char *data;
	size_t len;
};

/* Write data over the cache file through a temporary file. */
static void
cache_replace(const char *file, const char *data, size_t len)
{
	char *tmp = xasprintf("%s.new", file);
	int fd;
	size_t done = 0;

	/* Under the lock: what is there is left by a writer that died. */
	unlink(tmp);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
		  O_CLOEXEC, 0666);
	if (fd < 0) {
		free(tmp);
		return;
	}
	while (done < len) {
		ssize_t w = write(fd, data + done, len - done);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		done += (size_t)w;
	}
	if (close(fd) < 0 || done < len || rename(tmp, file) < 0)
		unlink(tmp);
	free(tmp);
}

/* Write the bytes of w over its cache file, under the cache's lock. */
static void
cache_store(struct store *st, const struct sumcache_later *w)
{
	char *lockname = xasprintf("%s/%s.lock", CACHE_DIR,
				   strrchr(w->file, '/') + 1);
	int lock;

	if (mkdir(w->dir, 0777) < 0 && errno != EEXIST) {
		free(lockname);
		return;
	}
	lock = store_side_lock(st, lockname, 0);
	free(lockname);
	if (lock < 0)
		return;
	cache_replace(w->file, w->data, w->len);
	close(lock);
}

static void
later_free(struct sumcache_later *w)
{
	if (!w)
		return;
	free(w->dir);
	free(w->file);
	free(w->data);
	free(w);
}

/*
 * Write the cache, or, under the store's lock, leave it to
 * sumcache_flush(): no writer waits behind the cache.
 */
static void
cache_write(struct sumwalk *sw)
{
	struct sumcache_later *w = xcalloc(1, sizeof(*w));
	const unsigned char **src;
	struct cache_entry *e;
	struct sbuf out;
	size_t n;

	e = new_entries(sw, &src, &n);
	sbuf_init(&out);
	cache_bytes(sw, e, src, n, &out);
	free(e);
	free(src);
	w->dir = xstrdup(sw->dir);
	w->file = xstrdup(sw->file);
	w->data = sbuf_detach(&out, &w->len);
	if (sw->st->lockfd >= 0) {
		later_free(sw->st->cache_later);
		sw->st->cache_later = w;
		return;
	}
	cache_store(sw->st, w);
	later_free(w);
}

void
sumcache_flush(struct store *st)
{
	struct sumcache_later *w = st->cache_later;

	st->cache_later = NULL;
	if (w && st->lockfd < 0)
		cache_store(st, w);
	later_free(w);
}

void
sumwalk_close(struct sumwalk *sw, int complete)
{
	char *phase;

	if (!sw)
		return;
	/* PLAINDESK_TRACE: how many records the cache spared. */
	phase = xasprintf("summaries %zu, records read %zu", sw->nsummaries,
			  sw->nread);
	pd_trace(phase);
	free(phase);
	if (complete && (sw->nmade || sw->nused < sw->nold || !sw->map))
		cache_write(sw);
	for (size_t i = 0; i < sw->nmade; i++)
		free(sw->made[i].bytes);
	free(sw->made);
	if (sw->map)
		munmap((void *)sw->map, sw->size);
	free(sw->used);
	gitindex_view_close(&sw->ix);
	free(sw->dir);
	free(sw->file);
	free(sw);
}
