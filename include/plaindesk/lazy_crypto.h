/*
 * openssl/evp.h loaded on first use (see plaindesk/lazylib.h): call
 * pd_crypto_load() before any of these functions.
 */
#ifndef PLAINDESK_LAZY_CRYPTO_H
#define PLAINDESK_LAZY_CRYPTO_H

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "plaindesk/lazylib.h"

#ifndef PD_SONAME_CRYPTO
#define PD_SONAME_CRYPTO "libcrypto.so.3"
#endif

#define PD_CRYPTO_FUNCS(X) \
	X(EVP_DigestFinal_ex) \
	X(EVP_DigestInit_ex) \
	X(EVP_DigestUpdate) \
	X(EVP_MD_CTX_free) \
	X(EVP_MD_CTX_new) \
	X(EVP_sha1) \
	X(EVP_sha256) \
	X(OPENSSL_init_crypto)

struct pd_crypto {
	PD_CRYPTO_FUNCS(LAZYLIB_PTR)
};

extern struct pd_crypto pd_crypto;
int pd_crypto_load(void);

#define EVP_DigestFinal_ex(...) (pd_crypto.m_EVP_DigestFinal_ex)(__VA_ARGS__)
#define EVP_DigestInit_ex(...) (pd_crypto.m_EVP_DigestInit_ex)(__VA_ARGS__)
#define EVP_DigestUpdate(...) (pd_crypto.m_EVP_DigestUpdate)(__VA_ARGS__)
#define EVP_MD_CTX_free(...) (pd_crypto.m_EVP_MD_CTX_free)(__VA_ARGS__)
#define EVP_MD_CTX_new(...) (pd_crypto.m_EVP_MD_CTX_new)(__VA_ARGS__)
#define EVP_sha1(...) (pd_crypto.m_EVP_sha1)(__VA_ARGS__)
#define EVP_sha256(...) (pd_crypto.m_EVP_sha256)(__VA_ARGS__)
#define OPENSSL_init_crypto(...) (pd_crypto.m_OPENSSL_init_crypto)(__VA_ARGS__)

#endif
