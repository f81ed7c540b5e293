/*
 * The summary cache (DESIGN §4, include/plaindesk/sumcache.h).
 *
 * One file per kind of record, .git/plaindesk/tickets.sum:
 *
 *	header	64 bytes: magic, byte order, format, the key, the number
 *		of entries, the length of the data, a checksum of the rest
 *	entries	fixed size, sorted by blob id: the id, and where its data is
 *	data	per entry: the record's path, a NUL, the blob id, the length
 *		of the summary (32 bits, the file's byte order), the
 *		summary's bytes; in the order of the paths, so that a walk
 *		takes them in turn without searching the entries
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
 * The file is read mapped, its pages let go as the walk goes on, and
 * written out from the entries kept and the summaries made (which wait
 * in an unlinked file, not in memory): to a temporary file renamed over
 * it, under a lock taken without waiting (a reader that cannot have it
 * leaves the writing to another).  A walk of a changing command, under
 * the store's lock, writes it once the lock is released.
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
#define CACHE_FORMAT 2
#define BYTE_ORDER_MARK 0x01020304u
#define OID_LEN 20
#define DATUM_HEAD (OID_LEN + 4)	/* after the path and its NUL */

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

/* A summary made in this walk: its datum (as in the file) is in the
 * spill file at e.off. */
struct made {
	struct cache_entry e;
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
	uint32_t *used;		/* where the data used are */
	size_t nused, capused;
	uint64_t next;		/* the data a walk in order takes next */
	struct made *made;
	size_t nmade, capmade;
	/* The summaries made, written out as they are made (an unlinked
	 * temporary file): the walk holds none of them. */
	FILE *spill;
	uint64_t spilled;
	int spill_bad;
	size_t nsummaries, nread;	/* records given each way */
	size_t touched;		/* bytes of the maps read since trimmed */
};

/* The maps' pages read are let go every so many bytes: the walk reads the
 * cache and the index once, in order, so what it holds stays this small
 * however big the store (they are read again from the page cache if
 * needed; nothing is ever written through them). */
#define TRIM_BYTES (2u << 20)

static void
trim(struct sumwalk *sw)
{
	if (sw->map)
		madvise((void *)sw->map, sw->size, MADV_DONTNEED);
	if (sw->ix.map)
		madvise((void *)sw->ix.map, sw->ix.size, MADV_DONTNEED);
	sw->touched = 0;
}

/*
 * A 64-bit hash, fed in pieces: the whole 8-byte words of all it was
 * given, then the bytes left over, then its length (the checksum and the
 * key).
 */
struct hasher {
	uint64_t h, total;
	unsigned char carry[8];	/* the start of a word not yet whole */
	size_t ncarry;
};

static uint64_t
hash_word(uint64_t h, const unsigned char *p)
{
	uint64_t w;

	memcpy(&w, p, 8);
	h = (h ^ w) * 0x9e3779b97f4a7c15ULL;
	return h ^ (h >> 29);
}

static void
hasher_add(struct hasher *x, const void *data, size_t len)
{
	const unsigned char *p = data;
	size_t i = 0;

	x->total += len;
	for (; x->ncarry && i < len; i++) {
		x->carry[x->ncarry++] = p[i];
		if (x->ncarry == 8) {
			x->h = hash_word(x->h, x->carry);
			x->ncarry = 0;
		}
	}
	for (; i + 8 <= len; i += 8)
		x->h = hash_word(x->h, p + i);
	memcpy(x->carry + x->ncarry, p + i, len - i);
	x->ncarry += len - i;
}

static uint64_t
hasher_end(const struct hasher *x)
{
	uint64_t h = x->h;

	for (size_t i = 0; i < x->ncarry; i++)
		h = (h ^ x->carry[i]) * 0x100000001b3ULL;
	return h ^ x->total;
}

/* The hash of data, continuing h. */
static uint64_t
hash64(uint64_t h, const void *data, size_t len)
{
	struct hasher x = {h, 0, {0}, 0};

	hasher_add(&x, data, len);
	return hasher_end(&x);
}

/* hash64(0, ...) of the mapped bytes from off on, the pages read let go
 * as it goes: the check does not hold the whole file. */
static uint64_t
hash_mapped(const unsigned char *map, size_t off, size_t size)
{
	const size_t step = 1u << 20;	/* a multiple of a page */
	struct hasher x = {0, 0, {0}, 0};

	for (size_t done = off; done < size;) {
		size_t take = size - done < step ? size - done : step;

		hasher_add(&x, map + done, take);
		done += take;
		madvise((void *)map, done & ~(step - 1), MADV_DONTNEED);
	}
	return hasher_end(&x);
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
	    hash_mapped(map, sizeof(*h), (size_t)sb.st_size) !=
	    h->checksum) {
		munmap(map, (size_t)sb.st_size);
		return;
	}
	sw->map = map;
	sw->size = (size_t)sb.st_size;
	sw->old = (const struct cache_entry *)(sw->map + sizeof(*h));
	sw->nold = (size_t)h->nentries;
	sw->data = (const unsigned char *)(sw->old + sw->nold);
	sw->datalen = (size_t)h->datalen;
}

struct sumwalk *
sumwalk_open(struct store *st, char kind, const char *top,
	     const struct summary_ops *ops, void *ctx)
{
	const char *env = getenv("PLAINDESK_CACHE");
	struct sumwalk *sw;
	char *index;
	int rc;

	if (env && strcmp(env, "0") == 0)
		return NULL;
	sw = xcalloc(1, sizeof(*sw));
	index = xasprintf("%s/index", st->gitdir);
	rc = gitindex_view_open(&sw->ix, index);
	free(index);
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
	trim(sw);	/* both were read whole: their sum, the entries */
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

/* The summary of the datum at off if it is rel's with blob oid (its
 * length in *len); *end is where the datum ends, 0 when it is not rel's. */
static const unsigned char *
datum_at(const struct sumwalk *sw, uint64_t off, const unsigned char *oid,
	 const char *rel, size_t rlen, size_t *len, uint64_t *end)
{
	const unsigned char *d = sw->data + off;
	uint32_t n;

	*end = 0;
	if (off + rlen + 1 + DATUM_HEAD > sw->datalen ||
	    memcmp(d, rel, rlen + 1))
		return NULL;
	memcpy(&n, d + rlen + 1 + OID_LEN, 4);
	if (n > sw->datalen - off - rlen - 1 - DATUM_HEAD)
		return NULL;
	*end = off + rlen + 1 + DATUM_HEAD + n;
	if (memcmp(d + rlen + 1, oid, OID_LEN))
		return NULL;
	*len = n;
	return d + rlen + 1 + DATUM_HEAD;
}

/*
 * The summary of the cache read for the file rel with blob oid: its
 * bytes, or NULL when there is none made at rel.  A walk in path order
 * finds each where the one before ended; else the entries are searched.
 */
static const unsigned char *
cached_summary(struct sumwalk *sw, const unsigned char *oid, const char *rel,
	       size_t *len)
{
	size_t rlen = strlen(rel);
	uint64_t off = sw->next, end;
	const unsigned char *sum = NULL;
	long i;

	if (!sw->map)
		return NULL;
	if (!(sum = datum_at(sw, off, oid, rel, rlen, len, &end))) {
		if (end)	/* rel's, of another blob: on past it */
			sw->next = end;
		if ((i = cache_find(sw, oid)) < 0 ||
		    (uint64_t)sw->old[i].off + sw->old[i].len > sw->datalen)
			return NULL;
		off = sw->old[i].off;
		if (!(sum = datum_at(sw, off, oid, rel, rlen, len, &end)) ||
		    end != off + sw->old[i].len)
			return NULL;
	}
	sw->next = end;
	if (sw->nused == sw->capused) {
		sw->capused = sw->capused ? 2 * sw->capused : 1024;
		sw->used = xrealloc(sw->used, sw->capused * sizeof(*sw->used));
	}
	sw->used[sw->nused++] = (uint32_t)off;
	if ((sw->touched += end - off) >= TRIM_BYTES)
		trim(sw);
	return sum;
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

/* A file for the summaries made, beside the cache (none is left behind),
 * else where temporary files go. */
static FILE *
spill_open(struct sumwalk *sw)
{
	int fd;
	FILE *f;

	if (mkdir(sw->dir, 0777) < 0 && errno != EEXIST)
		return tmpfile();
	fd = open(sw->dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd < 0)
		return tmpfile();
	if (!(f = fdopen(fd, "w+")))
		close(fd);
	return f;
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
	uint32_t n;
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
	if (!here || sw->spill_bad ||
	    !(sum = sw->ops->make(sw->ctx, rel, rec, &len)))
		return;
	if (!sw->spill && !(sw->spill = spill_open(sw)))
		sw->spill_bad = 1;
	n = (uint32_t)len;
	if (sw->spill_bad ||
	    sw->spilled + rlen + 1 + DATUM_HEAD + len > UINT32_MAX ||
	    fwrite(rel, 1, rlen + 1, sw->spill) != rlen + 1 ||
	    fwrite(pd->oid, 1, OID_LEN, sw->spill) != OID_LEN ||
	    fwrite(&n, 1, 4, sw->spill) != 4 ||
	    fwrite(sum, 1, len, sw->spill) != len) {
		sw->spill_bad = 1;	/* no cache is written then */
		free(sum);
		return;
	}
	free(sum);
	if (sw->nmade == sw->capmade) {
		sw->capmade = sw->capmade ? 2 * sw->capmade : 256;
		sw->made = xrealloc(sw->made, sw->capmade * sizeof(*sw->made));
	}
	m = &sw->made[sw->nmade++];
	memcpy(m->e.oid, pd->oid, OID_LEN);
	m->e.off = (uint32_t)sw->spilled;
	m->e.len = (uint32_t)(rlen + 1 + DATUM_HEAD + len);
	sw->spilled += m->e.len;
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

	/* An entry of git's index read (about a hundred bytes). */
	if ((sw->touched += 100) >= TRIM_BYTES)
		trim(sw);
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

/*
 * What a cache file is written from: its entries, sorted by blob id, one
 * a blob (the same bytes at two paths: the first made), each with where
 * its data is now: off into the file read, or with MADE in len into the
 * summaries made; the maps those point into, held until written.
 */
struct sumcache_later {
	char *dir, *file;
	uint64_t key;
	struct cache_entry *e;
	size_t n;
	const unsigned char *map, *spill;	/* the file read, the made */
	const unsigned char *data;		/* in map */
	size_t size, spill_size;
};

#define MADE 0x80000000u	/* in an entry's len: off is in the spill */

/* Where the datum of entry e of w is now. */
static const unsigned char *
src_of(const struct sumcache_later *w, const struct cache_entry *e)
{
	return (e->len & MADE ? w->spill : w->data) + e->off;
}

/* Its length. */
static uint32_t
len_of(const struct cache_entry *e)
{
	return e->len & ~MADE;
}

/* By blob id; of the same blob, the file read's first, then the first
 * made. */
static int
cmp_new(const void *a, const void *b)
{
	const struct cache_entry *x = a, *y = b;
	int c = cmp_entry(a, b);

	if (c)
		return c;
	if ((x->len & MADE) != (y->len & MADE))
		return x->len & MADE ? 1 : -1;
	return (x->off > y->off) - (x->off < y->off);
}

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

/* Sort the offsets of the data used, once, and count each once. */
static void
used_sort(struct sumwalk *sw)
{
	size_t k = 0;

	if (!sw->nused)
		return;
	qsort(sw->used, sw->nused, sizeof(*sw->used), cmp_u32);
	for (size_t i = 0; i < sw->nused; i++)
		if (!k || sw->used[k - 1] != sw->used[i])
			sw->used[k++] = sw->used[i];
	sw->nused = k;
}

static int
was_used(const struct sumwalk *sw, uint32_t off)
{
	return sw->nused && bsearch(&off, sw->used, sw->nused,
				    sizeof(*sw->used), cmp_u32) != NULL;
}

/* A kept entry of the file read: its datum was taken, and its bounds are
 * checked here (a file changed by hand may say anything). */
static int
kept(const struct sumwalk *sw, const struct cache_entry *e)
{
	return was_used(sw, e->off) && !(e->len & MADE) &&
	       (uint64_t)e->off + e->len <= sw->datalen;
}

/* The entries to write: those made, then those kept of the file read,
 * in the walk's list of those made (no second copy of them). */
static void
new_entries(struct sumwalk *sw, struct sumcache_later *w)
{
	size_t k = sw->nmade, nkept = 0;

	_Static_assert(sizeof(struct made) == sizeof(struct cache_entry),
		       "a made summary is its entry");
	for (size_t i = 0; i < sw->nold; i++)
		nkept += kept(sw, &sw->old[i]);
	w->e = xrealloc(sw->made, (sw->nmade + nkept + 1) * sizeof(*w->e));
	sw->made = NULL;
	sw->nmade = sw->capmade = 0;
	for (size_t i = 0; i < k; i++)
		w->e[i].len |= MADE;
	for (size_t i = 0; i < sw->nold; i++)
		if (kept(sw, &sw->old[i]))
			w->e[k++] = sw->old[i];
	qsort(w->e, k, sizeof(*w->e), cmp_new);
	for (size_t i = 0; i < k; i++)
		if (!w->n || memcmp(w->e[w->n - 1].oid, w->e[i].oid, OID_LEN))
			w->e[w->n++] = w->e[i];
}

/* Entries by where their data are now. */
static int
cmp_src_at(const void *a, const void *b, void *arg)
{
	const struct sumcache_later *w = arg;
	const unsigned char *x = src_of(w, &w->e[*(const uint32_t *)a]),
			    *y = src_of(w, &w->e[*(const uint32_t *)b]);

	return (x > y) - (x < y);
}

static void
trim_later(const struct sumcache_later *w)
{
	if (w->map)
		madvise((void *)w->map, w->size, MADV_DONTNEED);
	madvise((void *)w->spill, w->spill_size, MADV_DONTNEED);
}

/*
 * The entries in the order their data are written: the order of their
 * paths, the order a walk reads them, so that a walk reads each page of
 * the cache once.  The entries kept are in that order in the file read,
 * the ones made in the order they were made: the two are merged, each
 * read in turn (an older file's data in another order still make a
 * valid file).
 */
static uint32_t *
data_order(const struct sumcache_later *w)
{
	uint32_t *kept = xcalloc(w->n + 1, sizeof(*kept)), *made =
		xcalloc(w->n + 1, sizeof(*made));
	uint32_t *out = xcalloc(w->n + 1, sizeof(*out));
	size_t nk = 0, nm = 0, i = 0, j = 0, k = 0;

	for (size_t e = 0; e < w->n; e++)
		if (w->e[e].len & MADE)
			made[nm++] = (uint32_t)e;
		else
			kept[nk++] = (uint32_t)e;
	qsort_r(kept, nk, sizeof(*kept), cmp_src_at, (void *)w);
	qsort_r(made, nm, sizeof(*made), cmp_src_at, (void *)w);
	while (i < nk || j < nm) {
		if (j == nm || (i < nk &&
				strcmp((const char *)src_of(w, &w->e[kept[i]]),
				       (const char *)src_of(w, &w->e[made[j]]))
				<= 0))
			out[k++] = kept[i++];
		else
			out[k++] = made[j++];
		if ((k & 4095) == 0)
			trim_later(w);
	}
	free(kept);
	free(made);
	return out;
}

/* A file written through a buffer, hashed as hash64(0, ...) would hash
 * what follows the header. */
struct out {
	int fd, bad;
	unsigned char buf[1 << 16];
	size_t n;
	struct hasher sum;
};

static void
out_flush(struct out *o)
{
	size_t done = 0;

	while (done < o->n && !o->bad) {
		ssize_t w = write(o->fd, o->buf + done, o->n - done);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			o->bad = 1;
		else
			done += (size_t)w;
	}
	o->n = 0;
}

static void
out_put(struct out *o, const void *data, size_t len)
{
	const unsigned char *p = data;

	hasher_add(&o->sum, data, len);
	for (size_t i = 0; i < len;) {
		size_t take = len - i < sizeof(o->buf) - o->n ?
			      len - i : sizeof(o->buf) - o->n;

		memcpy(o->buf + o->n, p + i, take);
		o->n += take;
		i += take;
		if (o->n == sizeof(o->buf))
			out_flush(o);
	}
}

/* The file of w into fd: header, entries, data (its pages let go as it
 * goes).  0, or -1 when it could not be written. */
static int
cache_stream(const struct sumcache_later *w, int fd)
{
	struct out *o = xcalloc(1, sizeof(*o));
	struct cache_header h;
	uint64_t off = 0, since = 0;
	uint32_t *by_path, *at;
	int rc;

	o->fd = fd;
	memset(&h, 0, sizeof(h));
	if (write(fd, &h, sizeof(h)) != (ssize_t)sizeof(h))
		o->bad = 1;
	/* The data in the order of their paths, the order a walk reads
	 * them: its pages of the cache are then read once each, in turn. */
	by_path = data_order(w);
	at = xcalloc(w->n + 1, sizeof(*at));
	for (size_t j = 0; j < w->n; j++) {
		at[by_path[j]] = (uint32_t)off;
		off += len_of(&w->e[by_path[j]]);
	}
	for (size_t i = 0; i < w->n; i++) {
		struct cache_entry e = w->e[i];

		e.off = at[i];
		e.len = len_of(&e);
		out_put(o, &e, sizeof(e));
	}
	for (size_t j = 0; j < w->n && !o->bad; j++) {
		const struct cache_entry *e = &w->e[by_path[j]];

		out_put(o, src_of(w, e), len_of(e));
		if ((since += len_of(e)) >= TRIM_BYTES) {
			trim_later(w);
			since = 0;
		}
	}
	out_flush(o);
	memcpy(h.magic, CACHE_MAGIC, 8);
	h.byte_order = BYTE_ORDER_MARK;
	h.format = CACHE_FORMAT;
	h.key = w->key;
	h.nentries = w->n;
	h.datalen = off;
	h.checksum = hasher_end(&o->sum);
	rc = o->bad || pwrite(fd, &h, sizeof(h), 0) != (ssize_t)sizeof(h) ?
	     -1 : 0;
	free(o);
	free(by_path);
	free(at);
	return rc;
}

/* Write w over its cache file through a temporary file. */
static void
cache_replace(const struct sumcache_later *w)
{
	char *tmp = xasprintf("%s.new", w->file);
	int fd;

	/* Under the lock: what is there is left by a writer that died. */
	unlink(tmp);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
		  O_CLOEXEC, 0666);
	if (fd < 0) {
		free(tmp);
		return;
	}
	if (cache_stream(w, fd) < 0 || close(fd) < 0 ||
	    rename(tmp, w->file) < 0)
		unlink(tmp);
	free(tmp);
}

/* Write w over its cache file, under the cache's lock. */
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
	cache_replace(w);
	close(lock);
}

static void
later_free(struct sumcache_later *w)
{
	if (!w)
		return;
	if (w->map)
		munmap((void *)w->map, w->size);
	if (w->spill)
		munmap((void *)w->spill, w->spill_size);
	free(w->dir);
	free(w->file);
	free(w->e);
	free(w);
}

/* The summaries made, mapped (a walk that made none maps an empty
 * page); 0, or -1 when they cannot be read back. */
static int
map_spill(struct sumwalk *sw, struct sumcache_later *w)
{
	void *m;

	w->spill_size = sw->spilled ? (size_t)sw->spilled : 1;
	if (sw->spill && fflush(sw->spill))
		return -1;
	m = sw->spilled ? mmap(NULL, w->spill_size, PROT_READ, MAP_PRIVATE,
			       fileno(sw->spill), 0)
			: mmap(NULL, 1, PROT_READ,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		return -1;
	w->spill = m;
	return 0;
}

/*
 * Write the cache, or, under the store's lock, leave it to
 * sumcache_flush(): no writer waits behind the cache.  The maps go with
 * what is written.
 */
static void
cache_write(struct sumwalk *sw)
{
	struct sumcache_later *w = xcalloc(1, sizeof(*w));

	if (map_spill(sw, w) < 0) {
		later_free(w);
		return;
	}
	new_entries(sw, w);
	w->dir = xstrdup(sw->dir);
	w->file = xstrdup(sw->file);
	w->key = sw->key;
	w->map = sw->map;
	w->data = sw->data;
	w->size = sw->size;
	sw->map = NULL;
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
	used_sort(sw);
	if (complete && !sw->spill_bad &&
	    (sw->nmade || sw->nused < sw->nold || !sw->map))
		cache_write(sw);
	if (sw->spill)
		fclose(sw->spill);
	free(sw->made);
	if (sw->map)
		munmap((void *)sw->map, sw->size);
	free(sw->used);
	gitindex_view_close(&sw->ix);
	free(sw->dir);
	free(sw->file);
	free(sw);
}
