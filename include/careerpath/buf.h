/*
 * careerpath/buf.h: the growable byte buffer that the writers of answers
 * (output.h, batch.h, stats.h, dot.h) append to.
 */
#ifndef CAREERPATH_BUF_H
#define CAREERPATH_BUF_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * A growable byte buffer. Invariant: after cp_buf_init(), ptr is never
 * NULL and ptr[size] == '\0'. Output is built in a cp_buf and written in one
 * piece, so no half-written result ever reaches a reader.
 */
typedef struct cp_buf {
	char *ptr;
	size_t size;
	size_t alloc;
} cp_buf;

#define CP_BUF_INIT                                                            \
	{                                                                      \
		NULL, 0, 0                                                     \
	}

int cp_buf_init(cp_buf *buf);
int cp_buf_put(cp_buf *buf, const char *data, size_t len);
int cp_buf_puts(cp_buf *buf, const char *str);
int cp_buf_printf(cp_buf *buf, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void cp_buf_clear(cp_buf *buf);
/* Frees the storage and leaves buf as CP_BUF_INIT; NULL-safe. */
void cp_buf_free(cp_buf *buf);

#ifdef __cplusplus
}
#endif

#endif
