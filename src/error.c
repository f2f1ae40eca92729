/* Error detail, igraph's failures mapped to ours, and checked sizes. */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cp_error_clear(cp_error *err)
{
	if (!err)
		return;
	err->code = CP_OK;
	err->file[0] = '\0';
	err->line = 0;
	err->column = 0;
	err->message[0] = '\0';
	err->text[0] = '\0';
}

const char *cp_strerror(int code)
{
	switch (code) {
	case CP_OK: return "success";
	case CP_ENOTFOUND: return "not found";
	case CP_EAMBIGUOUS: return "ambiguous name";
	case CP_ENOROUTE: return "no route";
	case CP_EINVALID: return "invalid argument";
	case CP_EDATA: return "bad data";
	case CP_EIO: return "input/output error";
	case CP_ENOMEM: return "out of memory";
	case CP_ELIMIT: return "search limit reached";
	case CP_ETIMEOUT: return "search deadline reached";
	case CP_ECANCELED: return "search canceled";
	case CP_EOVERFLOW: return "total overflows";
	default: return "internal error";
	}
}

/*
 * A text cut to fit a field may end inside a UTF-8 sequence: drop the
 * incomplete sequence, so that what is shown is still valid UTF-8.
 */
static void trim_partial_utf8(char *s)
{
	size_t len = strlen(s), start = len, need;
	unsigned char lead;
	while (start > 0 && len - start < 4 &&
	       ((unsigned char)s[start - 1] & 0xC0) == 0x80)
		start--;
	if (!start)
		return;
	lead = (unsigned char)s[start - 1];
	if (lead < 0xC0)
		return;
	need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
	if (len - (start - 1) < need)
		s[start - 1] = '\0';
}

int cp_failv(cp_error *err, int code, const char *file, size_t line,
	     size_t column, const char *fmt, va_list ap)
{
	if (!err)
		return code;
	cp_error_clear(err);
	err->code = code;
	if (snprintf(err->file, sizeof(err->file), "%s", file ? file : "") >=
	    (int)sizeof(err->file))
		trim_partial_utf8(err->file);
	err->line = line;
	err->column = column;
	if (vsnprintf(err->message, sizeof(err->message), fmt, ap) >=
	    (int)sizeof(err->message))
		trim_partial_utf8(err->message);
	if (err->file[0] && line)
		snprintf(err->text, sizeof(err->text), "%s:%zu:%zu: %s",
			 err->file, line, column, err->message);
	else if (err->file[0])
		snprintf(err->text, sizeof(err->text), "%s: %s", err->file,
			 err->message);
	else
		snprintf(err->text, sizeof(err->text), "%s", err->message);
	return code;
}

int cp_fail(cp_error *err, int code, const char *file, size_t line,
	    size_t column, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	cp_failv(err, code, file, line, column, fmt, ap);
	va_end(ap);
	return code;
}

int cp_fail_oom(cp_error *err)
{
	return cp_fail(err, CP_ENOMEM, NULL, 0, 0, "out of memory");
}

/*
 * igraph is not thread-safe in Debian's build, so one static slot for its
 * last reason is as safe as igraph itself.
 */
static char igraph_reason[512];

static void on_igraph_error(const char *reason, const char *file, int line,
			    igraph_error_t code)
{
	(void)file;
	(void)line;
	snprintf(igraph_reason, sizeof(igraph_reason), "%s (%s)",
		 reason ? reason : "", igraph_strerror(code));
	IGRAPH_FINALLY_FREE();
}

static void on_igraph_warning(const char *reason, const char *file, int line)
{
	(void)reason;
	(void)file;
	(void)line;
}

void cp_igraph_enter(cp_igraph_guard *guard)
{
	igraph_reason[0] = '\0';
	guard->error_handler = igraph_set_error_handler(on_igraph_error);
	guard->warning_handler = igraph_set_warning_handler(on_igraph_warning);
}

void cp_igraph_leave(const cp_igraph_guard *guard)
{
	igraph_set_error_handler(guard->error_handler);
	igraph_set_warning_handler(guard->warning_handler);
}

int cp_fail_igraph(cp_error *err, igraph_error_t code, const char *what)
{
	int ours = code == IGRAPH_ENOMEM ? CP_ENOMEM : CP_ERROR;
	return cp_fail(err, ours, NULL, 0, 0, "%s: %s", what,
		       igraph_reason[0] ? igraph_reason
					: igraph_strerror(code));
}

int cp_size_mul(size_t *out, size_t a, size_t b)
{
	if (b && a > SIZE_MAX / b)
		return -1;
	*out = a * b;
	return 0;
}

void *cp_alloc_array(size_t n, size_t size)
{
	size_t bytes;
	if (cp_size_mul(&bytes, n, size))
		return NULL;
	return malloc(bytes ? bytes : 1);
}

void *cp_realloc_array(void *ptr, size_t n, size_t size)
{
	size_t bytes;
	if (cp_size_mul(&bytes, n, size))
		return NULL;
	return realloc(ptr, bytes ? bytes : 1);
}

int cp_grow(void **ptr, size_t *cap, size_t need, size_t size)
{
	size_t new_cap = *cap ? *cap : 16;
	void *grown;
	if (need <= *cap)
		return 0;
	while (new_cap < need) {
		if (new_cap > SIZE_MAX / 2)
			return CP_ENOMEM;
		new_cap *= 2;
	}
	grown = cp_realloc_array(*ptr, new_cap, size);
	if (!grown)
		return CP_ENOMEM;
	*ptr = grown;
	*cap = new_cap;
	return 0;
}

void cp_quote_excerpt(char *dst, size_t dst_size, const char *s, size_t len,
		      size_t max)
{
	size_t i = 0, out = 0;
	if (!dst_size)
		return;
	while (i < len && out + 8 < dst_size) {
		unsigned char c = (unsigned char)s[i];
		if (i >= max && (c & 0xC0) != 0x80) {
			memcpy(dst + out, "...", 3);
			out += 3;
			break;
		}
		if (c < 0x20 || c == 0x7F) {
			/* a message stays on one line whatever the cell holds
			 */
			out += (size_t)snprintf(dst + out, dst_size - out,
						c == '\n' ? "\\n" : "\\x%02X",
						c);
		} else {
			dst[out++] = (char)c;
		}
		i++;
	}
	dst[out] = '\0';
}

const char *cp_show(cp_shown *s, const char *text)
{
	cp_quote_excerpt(s->text, sizeof(s->text), text, strlen(text),
			 CP_SHOWN_MAX);
	return s->text;
}
