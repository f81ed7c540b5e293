/*
 * Shared libraries loaded on first use (include/plaindesk/lazylib.h),
 * and the tables of the libraries more than one room uses.
 */
#include <dlfcn.h>
#include <string.h>

#include "plaindesk/lazy_crypto.h"
#include "plaindesk/util.h"

int
lazylib_sym(struct lazylib *lib, const char *name, void *slot)
{
	void *sym;

	if (!lib->handle &&
	    !(lib->handle = dlopen(lib->soname, RTLD_NOW | RTLD_LOCAL)))
		return pd_error(lib->code, "cannot load %s: %s", lib->soname,
				dlerror());
	if (!(sym = dlsym(lib->handle, name)))
		return pd_error(lib->code, "%s has no function %s",
				lib->soname, name);
	memcpy(slot, &sym, sizeof(sym));
	return 0;
}

/*
 * Only digests are used: OpenSSL starts without reading the system's
 * openssl.cnf, which would load its providers and engines on every
 * change that writes the index.
 */
LAZYLIB_DEFINE_INIT(crypto, PD_SONAME_CRYPTO, PD_ESOFTWARE, PD_CRYPTO_FUNCS,
		    OPENSSL_init_crypto(OPENSSL_INIT_NO_LOAD_CONFIG, NULL))
