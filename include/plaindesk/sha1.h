/*
 * SHA-1 in plain C, for the ids git gives its objects: a reading
 * command tells a file from the one git's index holds without loading
 * libcrypto or libgit2.  Not for anything that needs a secure hash.
 */
#ifndef PLAINDESK_SHA1_H
#define PLAINDESK_SHA1_H

#include <stddef.h>
#include <stdint.h>

struct sha1 {
	uint32_t h[5];
	uint64_t len;		/* bytes hashed so far */
	unsigned char block[64];
};

void sha1_init(struct sha1 *c);
void sha1_update(struct sha1 *c, const void *data, size_t len);
void sha1_final(struct sha1 *c, unsigned char out[20]);

/* git's id of a blob holding data: SHA-1 of "blob LEN\0" and data. */
void sha1_git_blob(const void *data, size_t len, unsigned char out[20]);

#endif
