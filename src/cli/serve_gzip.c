/* gzip for careerpath serve's answers: see serve_gzip.h. */
#include "serve_gzip.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

/* zlib's window of 2^15 bytes, +16 for a gzip header and trailer. */
enum { GZIP_WINDOW_BITS = 15 + 16, GZIP_MEM_LEVEL = 8, GZIP_LEVEL = 6 };

static const char *skip_space(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/*
 * The weight of one coding of the list (the part up to a comma): 1000 for
 * q=1, 0 for q=0 or a malformed q, in thousandths as RFC 9110 writes them.
 */
static int weight_of(const char *params, size_t len)
{
	const char *end = params + len, *q = NULL, *s;
	int weight = 0, digits = 0;
	for (s = params; s < end; s++)
		if (*s == ';') {
			const char *p = skip_space(s + 1);
			if (p + 1 < end && (*p == 'q' || *p == 'Q') &&
			    p[1] == '=')
				q = p + 2;
		}
	if (!q)
		return 1000;
	if (q < end && *q == '1')
		return 1000;
	if (q >= end || *q != '0')
		return 0;
	if (++q < end && *q == '.')
		for (q++; q < end && digits < 3 && *q >= '0' && *q <= '9';
		     q++, digits++)
			weight += (*q - '0') * (digits == 0   ? 100
						: digits == 1 ? 10
							      : 1);
	return weight;
}

int serve_accepts_gzip(const char *accept_encoding)
{
	const char *s = accept_encoding;
	int gzip = -1, any = -1;
	if (!s)
		return 0;
	while (*s) {
		size_t len = strcspn(s, ","), name_len;
		const char *name = skip_space(s);
		name_len = strcspn(name, " \t;,");
		if ((name_len == 4 && !strncasecmp(name, "gzip", 4)) ||
		    (name_len == 6 && !strncasecmp(name, "x-gzip", 6)))
			gzip = weight_of(name + name_len,
					 len - (size_t)(name + name_len - s));
		else if (name_len == 1 && *name == '*')
			any = weight_of(name + 1, len - (size_t)(name + 1 - s));
		s += len + (s[len] == ',');
	}
	return gzip >= 0 ? gzip > 0 : any > 0;
}

int serve_gzip(cp_buf *out, const char *data, size_t len)
{
	z_stream z;
	unsigned char *packed = NULL;
	size_t bound;
	int status = -1;
	if (len > UINT_MAX)
		return -1;
	memset(&z, 0, sizeof(z));
	if (deflateInit2(&z, GZIP_LEVEL, Z_DEFLATED, GZIP_WINDOW_BITS,
			 GZIP_MEM_LEVEL, Z_DEFAULT_STRATEGY) != Z_OK)
		return -1;
	/* deflateBound counts zlib's own header; gzip's is 18 bytes more */
	bound = deflateBound(&z, (uLong)len) + 18;
	if (bound > UINT_MAX || !(packed = malloc(bound)))
		goto cleanup;
	z.next_in = (Bytef *)(uintptr_t)data;
	z.avail_in = (uInt)len;
	z.next_out = packed;
	z.avail_out = (uInt)bound;
	if (deflate(&z, Z_FINISH) == Z_STREAM_END &&
	    !cp_buf_put(out, (const char *)packed, z.total_out))
		status = 0;
cleanup:
	deflateEnd(&z);
	free(packed);
	return status;
}
