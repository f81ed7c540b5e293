/*
 * Shared libraries loaded when first needed instead of when the program
 * starts.  Loading libgit2, libical (with ICU and the C++ runtime),
 * libxlsxwriter or libcrypto costs a reading command more than the rest
 * of its work, and most runs never call them: a listing never commits,
 * never writes a calendar invitation or a spreadsheet.
 *
 * A library used this way has a header of its own (lazy_NAME.h) with
 * the list of the functions plaindesk calls, PD_NAME_FUNCS(X).  The
 * header declares a table, struct pd_NAME, of one typed pointer per
 * function and redefines each function name as a call through it, so
 * the code that calls them reads as before; it must call pd_NAME_load()
 * first (0, or an error recorded with pd_error()).  One .c file defines
 * the table and its loader with LAZYLIB_DEFINE().  Adding a function
 * means adding it to the list and a #define below it.
 */
#ifndef PLAINDESK_LAZYLIB_H
#define PLAINDESK_LAZYLIB_H

struct lazylib {
	const char *soname;
	int code;		/* the exit code of a failure to load */
	void *handle;
	int ready;
};

/*
 * Find name in lib, loading the library on its first use, and store its
 * address in the function pointer at slot.  0, or lib->code with a
 * message naming the library.
 */
int lazylib_sym(struct lazylib *lib, const char *name, void *slot);

#define LAZYLIB_PTR(f) __typeof__(f) *m_##f;
#define LAZYLIB_FIND(f)							\
	if ((rc = lazylib_sym(&lazylib_lib, #f, &lazylib_tab->m_##f)))	\
		return rc;

#define LAZYLIB_DEFINE(name, soname, code, FUNCS)			\
	LAZYLIB_DEFINE_INIT(name, soname, code, FUNCS, (void)0)

/* The same, with a statement run once when the library is loaded. */
#define LAZYLIB_DEFINE_INIT(name, soname, code, FUNCS, init)		\
	struct pd_##name pd_##name;					\
	int								\
	pd_##name##_load(void)						\
	{								\
		static struct lazylib lazylib_lib = {soname, code, 0, 0}; \
		struct pd_##name *lazylib_tab = &pd_##name;		\
		int rc;							\
									\
		if (lazylib_lib.ready)					\
			return 0;					\
		FUNCS(LAZYLIB_FIND)					\
		init;							\
		lazylib_lib.ready = 1;					\
		return 0;						\
	}

#endif
