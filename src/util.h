/*
 * Private to the library: helpers that know nothing of a graph's shape
 * (errors, sizes, buffers, numbers), for the files that need no more, such
 * as the writers of answers.
 */
#ifndef CP_UTIL_H
#define CP_UTIL_H

#include "careerpath.h"

#include <stdarg.h>

/* ---- errors (error.c) ---- */

/* Fills err (NULL-safe) and returns code, so `return cp_fail(...)` reads. */
int cp_fail(cp_error *err, int code, const char *file, size_t line,
	    size_t column, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
int cp_failv(cp_error *err, int code, const char *file, size_t line,
	     size_t column, const char *fmt, va_list ap);
int cp_fail_oom(cp_error *err);

/* Overflow-checked a*b for sizes that come from input. */
int cp_size_mul(size_t *out, size_t a, size_t b);
void *cp_alloc_array(size_t n, size_t size);
void *cp_realloc_array(void *ptr, size_t n, size_t size);
/* Grows *ptr (of *cap elements) to hold at least need elements. */
int cp_grow(void **ptr, size_t *cap, size_t need, size_t size);

/*
 * Copies s for a message: control bytes escaped, cut after about max bytes
 * with "...". dst_size must allow for 4*max+8.
 */
void cp_quote_excerpt(char *dst, size_t dst_size, const char *s, size_t len,
		      size_t max);

/*
 * Text for a message, quoted by the caller: control bytes escaped (a
 * message stays on one line whatever a file holds) and cut short. Each
 * text shown in one message needs its own cp_shown.
 */
#define CP_SHOWN_MAX 60
typedef struct cp_shown {
	char text[4 * CP_SHOWN_MAX + 8];
} cp_shown;

const char *cp_show(cp_shown *s, const char *text);

int cp_buf_vprintf(cp_buf *buf, const char *fmt, va_list ap);

/* A column index that names no column: one absent from a table. */
#define CP_NO_COLUMN ((size_t)-1)

/* ---- numbers (number.c) ---- */

typedef enum {
	CP_NUM_BLANK,	  /* empty or white space */
	CP_NUM_OK,	  /* a finite decimal number */
	CP_NUM_NONFINITE, /* nan, inf, or a value too large for a double */
	CP_NUM_NOT_NUMBER
} cp_num_status;

/* Reads a decimal number the same way whatever the locale. */
cp_num_status cp_number_parse(double *out, const char *s, size_t len);

#endif
