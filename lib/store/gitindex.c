/*
 * Patching git's index file in place of libgit2's read-modify-write: see
 * include/plaindesk/gitindex.h.  The format is git's index-format.txt,
 * versions 2 and 3.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>


#include "plaindesk/gitindex.h"
#include "plaindesk/lazy_crypto.h"
#include "plaindesk/util.h"

#define ENTRY_FIXED 62		/* bytes before the path */
#define FLAG_EXTENDED 0x4000
#define NAME_MASK 0x0fff

static uint32_t
get32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static void
put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

/* git orders entries by path bytes, a shorter prefix first. */
static int
path_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
	int c = memcmp(a, b, alen < blen ? alen : blen);

	return c ? c : (alen > blen) - (alen < blen);
}

static int
cmp_update(const void *x, const void *y)
{
	const struct index_update *a = x, *b = y;

	return strcmp(a->path, b->path);
}

/* The pieces of the new file, written with one writev(). */
struct pieces {
	struct iovec *iov;
	size_t n, cap;
};

static void
add_piece(struct pieces *p, const void *base, size_t len)
{
	if (!len)
		return;
	if (p->n && (const char *)p->iov[p->n - 1].iov_base +
			    p->iov[p->n - 1].iov_len == (const char *)base) {
		p->iov[p->n - 1].iov_len += len;
		return;
	}
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 16;
		p->iov = xrealloc(p->iov, p->cap * sizeof(*p->iov));
	}
	p->iov[p->n].iov_base = (void *)base;
	p->iov[p->n].iov_len = len;
	p->n++;
}

/* A new entry for up, from the file's stat data; caller frees. */
static unsigned char *
make_entry(const struct index_update *up, size_t *len)
{
	size_t namelen = strlen(up->path);
	size_t total = (ENTRY_FIXED + namelen + 8) & ~(size_t)7;
	const struct stat *sb = &up->st;
	unsigned char *e;

	if (!S_ISREG(sb->st_mode))
		return NULL;
	e = xcalloc(1, total);
	put32(e + 0, (uint32_t)sb->st_ctim.tv_sec);
	put32(e + 4, (uint32_t)sb->st_ctim.tv_nsec);
	put32(e + 8, (uint32_t)sb->st_mtim.tv_sec);
	put32(e + 12, (uint32_t)sb->st_mtim.tv_nsec);
	put32(e + 16, (uint32_t)sb->st_dev);
	put32(e + 20, (uint32_t)sb->st_ino);
	put32(e + 24, (sb->st_mode & 0111) ? 0100755 : 0100644);
	put32(e + 28, (uint32_t)sb->st_uid);
	put32(e + 32, (uint32_t)sb->st_gid);
	put32(e + 36, (uint32_t)sb->st_size);
	memcpy(e + 40, up->oid, 20);
	e[60] = (unsigned char)((namelen < NAME_MASK ? namelen : NAME_MASK) >> 8);
	e[61] = (unsigned char)(namelen < NAME_MASK ? namelen : NAME_MASK);
	memcpy(e + ENTRY_FIXED, up->path, namelen);
	*len = total;
	return e;
}

/* The index made of the pieces, with its checksum, through the lock. */
static int
write_index(struct gitlock *lk, struct pieces *p)
{
	unsigned char sha[EVP_MAX_MD_SIZE];
	unsigned int shalen = 0;
	EVP_MD_CTX *md;
	int rc;

	if ((rc = pd_crypto_load()))
		return rc;
	md = EVP_MD_CTX_new();
	EVP_DigestInit_ex(md, EVP_sha1(), NULL);
	for (size_t i = 0; i < p->n; i++)
		EVP_DigestUpdate(md, p->iov[i].iov_base, p->iov[i].iov_len);
	EVP_DigestFinal_ex(md, sha, &shalen);
	EVP_MD_CTX_free(md);
	add_piece(p, sha, shalen);
	return gitlock_commitv(lk, p->iov, p->n);
}

/* One entry of the index read: its name, flags and size in bytes. */
struct entry_view {
	const unsigned char *name;
	size_t namelen, elen;
	unsigned flags;
};

/* A patch under way: the updates still to merge and the new index. */
struct patch {
	struct index_update *up;
	size_t n, u;		/* the updates, and the next to merge */
	unsigned char **made;	/* the entries made for them */
	size_t nmade;
	struct pieces out;
	uint32_t newcount;
};

/* Reads the bounds of the index entry at p; -1 if it is broken. */
static int
read_entry(const unsigned char *p, const unsigned char *end, uint32_t version,
	   struct entry_view *e)
{
	size_t hdr = ENTRY_FIXED;

	if (p + ENTRY_FIXED > end)
		return -1;
	e->flags = (unsigned)p[60] << 8 | p[61];
	if (e->flags & FLAG_EXTENDED) {
		if (version < 3)
			return -1;
		hdr += 2;
	}
	e->name = p + hdr;
	e->namelen = e->flags & NAME_MASK;
	if (e->namelen == NAME_MASK) {
		const unsigned char *nul = memchr(e->name, 0,
						  (size_t)(end - e->name));

		if (!nul)
			return -1;
		e->namelen = (size_t)(nul - e->name);
	}
	e->elen = (hdr + e->namelen + 8) & ~(size_t)7;
	if (p + e->elen > end)
		return -1;
	return 0;
}

/* Adds the updates that sort before entry e, or all left when e is NULL. */
static int
merge_updates(struct patch *pt, const struct entry_view *e, int *keep)
{
	/* *keep is cleared when an update replaces e; -1 when the index
	 * cannot be patched. */
	while (pt->u < pt->n) {
		struct index_update *up = &pt->up[pt->u];
		int c = e ? path_cmp(up->path, strlen(up->path),
				     (const char *)e->name, e->namelen) : -1;
		size_t len;

		if (c > 0)
			break;
		if (c == 0 && ((e->flags >> 12) & 3) != 0)
			return -1;	/* unmerged: let libgit2 say */
		if (!up->deleted) {
			if (!(pt->made[pt->nmade] = make_entry(up, &len)))
				return pd_error(PD_EIO,
						"'%s' is not a regular file",
						up->path);
			add_piece(&pt->out, pt->made[pt->nmade++], len);
			pt->newcount++;
		}
		if (c == 0 && *keep) {	/* replaces this entry */
			pt->newcount--;
			*keep = 0;
		}
		pt->u++;
	}
	return 0;
}

/* Checks the extensions after the entries; -1 if one stops the patch. */
static int
skip_extensions(const unsigned char *p, const unsigned char *end)
{
	/* Optional caches go (they may be stale now); a required one we
	 * do not know means we cannot patch. */
	while (p + 8 <= end) {
		uint32_t len = get32(p + 4);

		if (p[0] < 'A' || p[0] > 'Z' || (size_t)(end - p) < 8 + (size_t)len)
			return -1;
		p += 8 + len;
	}
	return p == end ? 0 : -1;
}

int
gitindex_patch(struct gitlock *lk, struct index_update *up, size_t n)
{
	unsigned char header[12];
	const unsigned char *map = MAP_FAILED, *p, *end;
	struct patch pt = {.up = up, .n = n};
	uint32_t version, count;
	size_t size = 0;
	struct stat sb;
	int fd, rc = -1;

	qsort(up, n, sizeof(*up), cmp_update);
	fd = open(lk->target, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &sb) < 0 || sb.st_size < 32)
		goto out;
	size = (size_t)sb.st_size;
	map = mmap(NULL, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
	if (map == MAP_FAILED)
		goto out;
	version = get32(map + 4);
	if (memcmp(map, "DIRC", 4) || (version != 2 && version != 3))
		goto out;
	count = pt.newcount = get32(map + 8);
	memcpy(header, map, 12);
	add_piece(&pt.out, header, 12);
	pt.made = xcalloc(n + 1, sizeof(*pt.made));
	p = map + 12;
	end = map + size - 20;
	for (uint32_t i = 0; i <= count; i++) {
		struct entry_view e = {NULL, 0, 0, 0};
		int keep = 1, merged;

		if (i < count && read_entry(p, end, version, &e))
			goto out;
		if ((merged = merge_updates(&pt, i < count ? &e : NULL,
					    &keep))) {
			rc = merged;
			goto out;
		}
		if (i < count) {
			if (keep)
				add_piece(&pt.out, p, e.elen);
			p += e.elen;
		}
	}
	if (skip_extensions(p, end))
		goto out;
	put32(header + 8, pt.newcount);
	rc = write_index(lk, &pt.out);
out:
	if (map != MAP_FAILED)
		munmap((void *)map, size);
	if (fd >= 0)
		close(fd);
	for (size_t i = 0; i < pt.nmade; i++)
		free(pt.made[i]);
	free(pt.made);
	free(pt.out.iov);
	return rc;
}

/* Reading the index for gitindex_lookup(). */

/* A number of git's variable-length encoding (version 4's names). */
static int
read_varint(const unsigned char **pp, const unsigned char *end, size_t *v)
{
	const unsigned char *p = *pp;
	unsigned char c;
	size_t val;

	if (p >= end)
		return -1;
	c = *p++;
	val = c & 127;
	while (c & 128) {
		if (p >= end || val > (SIZE_MAX >> 8))
			return -1;
		c = *p++;
		val = ((val + 1) << 7) | (c & 127);
	}
	*pp = p;
	*v = val;
	return 0;
}

/*
 * The entry at *pp, which moves past it.  Version 4 names an entry by
 * what it keeps of the previous name and a suffix: name holds the whole,
 * and e->name points into it.
 */
static int
next_entry(const unsigned char **pp, const unsigned char *end,
	   uint32_t version, struct sbuf *name, struct entry_view *e)
{
	const unsigned char *p = *pp, *q, *nul;
	size_t strip;

	if (version != 4) {
		if (read_entry(p, end, version, e))
			return -1;
		*pp = p + e->elen;
		return 0;
	}
	if (p + ENTRY_FIXED > end)
		return -1;
	e->flags = (unsigned)p[60] << 8 | p[61];
	q = p + ENTRY_FIXED + ((e->flags & FLAG_EXTENDED) ? 2 : 0);
	if (read_varint(&q, end, &strip) || strip > name->len ||
	    !(nul = memchr(q, 0, (size_t)(end - q))))
		return -1;
	name->len -= strip;
	sbuf_add(name, q, (size_t)(nul - q));
	e->name = (const unsigned char *)(name->buf ? name->buf : "");
	e->namelen = name->len;
	*pp = nul + 1;
	return 0;
}

static void
fill_stat(struct index_stat *s, const unsigned char *p, unsigned flags)
{
	s->found = 1;
	s->stage = (flags >> 12) & 3;
	s->mtime_s = get32(p + 8);
	s->mtime_ns = get32(p + 12);
	s->ino = get32(p + 20);
	s->mode = get32(p + 24);
	s->size = get32(p + 36);
	memcpy(s->oid, p + 40, 20);
}

/* Fills out[] from the entries of the mapped index; -1 if broken. */
static int
lookup_entries(const unsigned char *map, size_t size,
	       const char *const *paths, struct index_stat *out)
{
	uint32_t version = get32(map + 4), count = get32(map + 8);
	const unsigned char *p = map + 12, *end = map + size - 20;
	const char *last = NULL;
	struct sbuf name;
	size_t left = 0;
	int rc = 0;

	for (size_t j = 0; paths[j]; j++, left++)
		if (!last || strcmp(paths[j], last) > 0)
			last = paths[j];
	sbuf_init(&name);
	for (uint32_t i = 0; i < count && left && !rc; i++) {
		const unsigned char *start = p;
		struct entry_view e = {NULL, 0, 0, 0};

		if ((rc = next_entry(&p, end, version, &name, &e)))
			break;
		if (path_cmp((const char *)e.name, e.namelen, last,
			     strlen(last)) > 0)
			break;	/* sorted: the rest come after */
		for (size_t j = 0; paths[j]; j++)
			if (!out[j].found && strlen(paths[j]) == e.namelen &&
			    !memcmp(paths[j], e.name, e.namelen)) {
				fill_stat(&out[j], start, e.flags);
				left--;
			}
	}
	sbuf_release(&name);
	return rc;
}

/*
 * Map the index file for reading: 0 with its bytes, size and time of
 * writing, or -1 when it is not there or not an index of version 2 to 4.
 */
static int
map_index(const char *file, const unsigned char **map,
	  size_t *size, struct timespec *mtime)
{
	struct stat sb;
	uint32_t version;
	int fd = open(file, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);

	if (fd < 0)
		return -1;
	if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode) || sb.st_size < 32) {
		close(fd);
		return -1;
	}
	*size = (size_t)sb.st_size;
	*mtime = sb.st_mtim;
	*map = mmap(NULL, *size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (*map == MAP_FAILED) {
		*map = NULL;
		return -1;
	}
	version = get32(*map + 4);
	if (memcmp(*map, "DIRC", 4) || version < 2 || version > 4) {
		munmap((void *)*map, *size);
		*map = NULL;
		return -1;
	}
	return 0;
}

int
gitindex_lookup(const char *index_path, const char *const *paths,
		struct index_stat *out, struct timespec *written)
{
	const unsigned char *map;
	size_t size;
	int rc;

	for (size_t j = 0; paths[j]; j++)
		memset(&out[j], 0, sizeof(out[j]));
	if (map_index(index_path, &map, &size, written))
		return -1;
	rc = lookup_entries(map, size, paths, out);
	munmap((void *)map, size);
	return rc;
}

/* Every entry of the mapped index readable, and no split index. */
static int
view_check(struct gitindex_view *v)
{
	const unsigned char *p = v->map + 12, *end = v->map + v->size - 20;

	for (uint32_t i = 0; i < v->count; i++) {
		struct entry_view e;

		if (read_entry(p, end, v->version, &e))
			return -1;
		p += e.elen;
		/* Pages read are let go as it goes (read again when used):
		 * a big index is not held whole. */
		if ((i & 4095) == 4095)
			madvise((void *)v->map,
				(size_t)(p - v->map) & ~(size_t)4095,
				MADV_DONTNEED);
	}
	/* A split index keeps entries elsewhere: what is here is not all. */
	for (; p + 8 <= end; p += 8 + get32(p + 4))
		if (!memcmp(p, "link", 4) ||
		    (size_t)(end - p) < 8 + (size_t)get32(p + 4))
			return -1;
	return p == end ? 0 : -1;
}

int
gitindex_view_open(struct gitindex_view *v, const char *file)
{
	memset(v, 0, sizeof(*v));
	if (map_index(file, &v->map, &v->size, &v->mtime))
		return -1;
	v->version = get32(v->map + 4);
	v->count = get32(v->map + 8);
	v->cur = v->map + 12;
	/* Version 4 names an entry by the one before: not viewed in place. */
	if (v->version == 4 || view_check(v)) {
		gitindex_view_close(v);
		return -1;
	}
	return 0;
}

const struct gitindex_entry *
gitindex_view_find(struct gitindex_view *v, const char *path)
{
	const unsigned char *end = v->map + v->size - 20;
	size_t len = strlen(path);
	struct entry_view e;

	if (!v->map)
		return NULL;
	/* Not after the last one found: from the first entry again. */
	if (v->prev && !read_entry(v->prev, end, v->version, &e) &&
	    path_cmp((const char *)e.name, e.namelen, path, len) >= 0) {
		v->cur = v->map + 12;
		v->prev = NULL;
		v->at = 0;
	}
	for (; v->at < v->count; v->at++) {
		int c;

		if (read_entry(v->cur, end, v->version, &e))
			return NULL;
		c = path_cmp((const char *)e.name, e.namelen, path, len);
		if (c > 0)
			return NULL;
		if (c == 0) {
			v->found.raw = v->cur;
			v->found.name = (const char *)e.name;
			v->found.namelen = e.namelen;
			return &v->found;
		}
		v->prev = v->cur;
		v->cur += e.elen;
	}
	return NULL;
}

int
gitindex_view_fresh(const struct gitindex_view *v,
		    const struct gitindex_entry *e, const struct stat *sb)
{
	const unsigned char *r = e->raw;
	unsigned flags = (unsigned)r[60] << 8 | r[61];
	uint32_t mode = get32(r + 24);

	/* Stage 0 and not assume-valid; no skip-worktree, intent-to-add. */
	if ((flags & 0xb000) ||
	    ((flags & FLAG_EXTENDED) && (r[62] & 0x60)))
		return 0;
	if (!S_ISREG(sb->st_mode) || (mode != 0100644 && mode != 0100755))
		return 0;
	if (get32(r + 0) != (uint32_t)sb->st_ctim.tv_sec ||
	    get32(r + 4) != (uint32_t)sb->st_ctim.tv_nsec ||
	    get32(r + 8) != (uint32_t)sb->st_mtim.tv_sec ||
	    get32(r + 12) != (uint32_t)sb->st_mtim.tv_nsec ||
	    get32(r + 20) != (uint32_t)sb->st_ino ||
	    get32(r + 36) != (uint32_t)sb->st_size)
		return 0;
	/* Racy: changed in the same tick the index was written, a change
	 * after it would not show in the stat data. */
	return sb->st_mtim.tv_sec < v->mtime.tv_sec ||
	       (sb->st_mtim.tv_sec == v->mtime.tv_sec &&
		sb->st_mtim.tv_nsec < v->mtime.tv_nsec);
}

const unsigned char *
gitindex_entry_oid(const struct gitindex_entry *e)
{
	return e->raw + 40;
}

void
gitindex_view_close(struct gitindex_view *v)
{
	if (v->map)
		munmap((void *)v->map, v->size);
	memset(v, 0, sizeof(*v));
}
