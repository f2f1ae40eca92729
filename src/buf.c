/* The growable buffer that output and messages are built in. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

static char empty_buf[1];

int cp_buf_init(cp_buf *buf)
{
	buf->ptr = empty_buf;
	buf->size = 0;
	buf->alloc = 0;
	return 0;
}

static int buf_reserve(cp_buf *buf, size_t extra)
{
	size_t need, cap;
	char *grown;
	if (!buf->ptr)
		cp_buf_init(buf);
	if (extra > SIZE_MAX - buf->size - 1)
		return CP_ENOMEM;
	need = buf->size + extra + 1;
	if (need <= buf->alloc)
		return 0;
	cap = buf->alloc ? buf->alloc : 64;
	while (cap < need) {
		if (cap > SIZE_MAX / 2) {
			cap = need;
			break;
		}
		cap *= 2;
	}
	grown = realloc(buf->alloc ? buf->ptr : NULL, cap);
	if (!grown)
		return CP_ENOMEM;
	if (!buf->alloc)
		grown[0] = '\0';
	buf->ptr = grown;
	buf->alloc = cap;
	return 0;
}

int cp_buf_put(cp_buf *buf, const char *data, size_t len)
{
	if (buf_reserve(buf, len))
		return CP_ENOMEM;
	if (len)
		memcpy(buf->ptr + buf->size, data, len);
	buf->size += len;
	buf->ptr[buf->size] = '\0';
	return 0;
}

int cp_buf_puts(cp_buf *buf, const char *str)
{
	return cp_buf_put(buf, str, strlen(str));
}

int cp_buf_vprintf(cp_buf *buf, const char *fmt, va_list ap)
{
	va_list again;
	int len;
	va_copy(again, ap);
	len = vsnprintf(NULL, 0, fmt, ap);
	if (len < 0 || buf_reserve(buf, (size_t)len)) {
		va_end(again);
		return CP_ENOMEM;
	}
	vsnprintf(buf->ptr + buf->size, (size_t)len + 1, fmt, again);
	va_end(again);
	buf->size += (size_t)len;
	return 0;
}

int cp_buf_printf(cp_buf *buf, const char *fmt, ...)
{
	va_list ap;
	int status;
	va_start(ap, fmt);
	status = cp_buf_vprintf(buf, fmt, ap);
	va_end(ap);
	return status;
}

void cp_buf_clear(cp_buf *buf)
{
	if (!buf->ptr)
		cp_buf_init(buf);
	buf->size = 0;
	if (buf->alloc)
		buf->ptr[0] = '\0';
}

void cp_buf_free(cp_buf *buf)
{
	if (!buf)
		return;
	if (buf->alloc)
		free(buf->ptr);
	buf->ptr = NULL;
	buf->size = 0;
	buf->alloc = 0;
}
