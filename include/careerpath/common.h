/*
 * careerpath/common.h: what every module shares: the version, the status
 * codes calls return, and the cp_error that carries a failure's detail.
 *
 * Conventions, in every module:
 * - A function that can fail returns 0 or a negative CP_E* code; results
 *   come back through the first parameters, named out.
 * - What comes back through `**out` belongs to the caller and has a
 *   NULL-safe _free. A `const char *` returned by a getter is borrowed from
 *   the graph and lives as long as it.
 * - Detail of a failure goes into the cp_error the caller passes in (which
 *   may be NULL when the detail is not wanted). There is no global error
 *   state.
 * - A loaded cp_graph is never modified: any number of threads may query
 *   one graph at once through cp_search(). Loading calls igraph, which is
 *   not thread-safe in Debian's build: load graphs from one thread at a time.
 */
#ifndef CAREERPATH_COMMON_H
#define CAREERPATH_COMMON_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define CP_VERSION "0.1.0"

/* Status codes. Callers branch on these; the detail is in cp_error. */
enum {
	CP_OK = 0,
	CP_ENOTFOUND = -1,  /* no role, metric or file by that name */
	CP_EAMBIGUOUS = -2, /* a name matches several roles */
	CP_ENOROUTE = -3,   /* the query is valid but no route exists */
	CP_EINVALID = -4,   /* an argument or query is malformed */
	CP_EDATA = -5,	    /* the graph's files hold bad data */
	CP_EIO = -6,	    /* reading or writing a file failed */
	CP_ENOMEM = -7,	    /* out of memory */
	CP_ERROR = -8,	    /* anything else, igraph's own failures included */
	CP_ELIMIT =
		-9, /* a search reached its bound on work (cp_query.limit) */
	CP_ETIMEOUT =
		-10, /* a search reached its deadline (cp_query.timeout) */
	CP_ECANCELED =
		-11, /* the caller called a search off (cp_query.cancelled) */
	CP_EOVERFLOW = -12 /* a route's total passes the largest double */
};

/*
 * Where and why something failed. `text` is the whole message, formatted
 * `file:line:col: message` when a place in a file is known, `file: message`
 * when only the file is, and `message` otherwise. line and column count
 * from 1; 0 means unknown. column counts characters (UTF-8 code points).
 */
typedef struct cp_error {
	int code;
	char file[1024];
	size_t line;
	size_t column;
	char message[1024];
	char text[2200];
} cp_error;

/* Sets every field of err to empty; NULL-safe. */
void cp_error_clear(cp_error *err);

/* A short English description of a status code ("no route", ...). */
const char *cp_strerror(int code);

#ifdef __cplusplus
}
#endif

#endif
