/*
 * Compression of careerpath serve's answers: libmicrohttpd sends bodies as
 * they are given, so the server gzips them itself (zlib) for a client that
 * takes gzip.
 */
#ifndef CP_SERVE_GZIP_H
#define CP_SERVE_GZIP_H

#include "careerpath.h"

/*
 * Whether a request's Accept-Encoding value (NULL: no header) takes gzip:
 * gzip, x-gzip or, failing those, * with a weight (q) above 0.
 */
int serve_accepts_gzip(const char *accept_encoding);

/*
 * Appends len bytes of data to out as one gzip member (RFC 1952). Returns
 * 0, or -1 when memory runs out (out is then as it was).
 */
int serve_gzip(cp_buf *out, const char *data, size_t len);

#endif
