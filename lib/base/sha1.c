/*
 * SHA-1 (FIPS 180-4) in plain C: see include/plaindesk/sha1.h.
 */
#include <stdio.h>
#include <string.h>

#include "plaindesk/sha1.h"

static uint32_t
rol(uint32_t x, int n)
{
	return x << n | x >> (32 - n);
}

static void
sha1_block(struct sha1 *c, const unsigned char *p)
{
	uint32_t w[80], a, b, d, e, f, k, t, cc;

	for (int i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		       (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
	for (int i = 16; i < 80; i++)
		w[i] = rol(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
	a = c->h[0], b = c->h[1], cc = c->h[2], d = c->h[3], e = c->h[4];
	for (int i = 0; i < 80; i++) {
		if (i < 20)
			f = (b & cc) | (~b & d), k = 0x5a827999;
		else if (i < 40)
			f = b ^ cc ^ d, k = 0x6ed9eba1;
		else if (i < 60)
			f = (b & cc) | (b & d) | (cc & d), k = 0x8f1bbcdc;
		else
			f = b ^ cc ^ d, k = 0xca62c1d6;
		t = rol(a, 5) + f + e + k + w[i];
		e = d, d = cc, cc = rol(b, 30), b = a, a = t;
	}
	c->h[0] += a, c->h[1] += b, c->h[2] += cc, c->h[3] += d, c->h[4] += e;
}

void
sha1_init(struct sha1 *c)
{
	static const uint32_t h0[5] = {
		0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0
	};

	memcpy(c->h, h0, sizeof(h0));
	c->len = 0;
}

void
sha1_update(struct sha1 *c, const void *data, size_t len)
{
	const unsigned char *p = data;
	size_t used = (size_t)(c->len % 64);

	c->len += len;
	if (used) {
		size_t take = 64 - used < len ? 64 - used : len;

		memcpy(c->block + used, p, take);
		p += take, len -= take;
		if (used + take < 64)
			return;
		sha1_block(c, c->block);
	}
	for (; len >= 64; p += 64, len -= 64)
		sha1_block(c, p);
	memcpy(c->block, p, len);
}

void
sha1_final(struct sha1 *c, unsigned char out[20])
{
	unsigned char pad[128] = {0x80};
	uint64_t bits = c->len * 8;
	size_t used = (size_t)(c->len % 64);
	size_t n = used < 56 ? 56 - used : 120 - used;

	for (int i = 0; i < 8; i++)
		pad[n + i] = (unsigned char)(bits >> (56 - 8 * i));
	sha1_update(c, pad, n + 8);
	for (int i = 0; i < 20; i++)
		out[i] = (unsigned char)(c->h[i / 4] >> (24 - 8 * (i % 4)));
}

void
sha1_git_blob(const void *data, size_t len, unsigned char out[20])
{
	char head[32];
	int n = snprintf(head, sizeof(head), "blob %zu", len);
	struct sha1 c;

	sha1_init(&c);
	sha1_update(&c, head, (size_t)n + 1);	/* with its NUL */
	sha1_update(&c, data, len);
	sha1_final(&c, out);
}
