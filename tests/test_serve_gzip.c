/* careerpath serve's compression: which clients take gzip, and what gzip
 * makes of an answer, read back by zlib. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <string.h>
#include <zlib.h>

#include "serve_gzip.h"

static void test_accept_encoding(void **state)
{
	(void)state;
	assert_false(serve_accepts_gzip(NULL));
	assert_false(serve_accepts_gzip(""));
	assert_true(serve_accepts_gzip("gzip"));
	assert_true(serve_accepts_gzip("gzip, deflate, br, zstd"));
	assert_true(serve_accepts_gzip("br,GZIP"));
	assert_true(serve_accepts_gzip("deflate, x-gzip"));
	assert_true(serve_accepts_gzip("gzip;q=0.5"));
	assert_true(serve_accepts_gzip("gzip ; q=0.001"));
	assert_true(serve_accepts_gzip("*"));
	assert_true(serve_accepts_gzip("br;q=1.0, *;q=0.1"));
	assert_false(serve_accepts_gzip("identity"));
	assert_false(serve_accepts_gzip("deflate, br"));
	assert_false(serve_accepts_gzip("gzip;q=0"));
	assert_false(serve_accepts_gzip("gzip;q=0.000, *"));
	assert_false(serve_accepts_gzip("*;q=0"));
	assert_false(serve_accepts_gzip("gzipped"));
	assert_false(serve_accepts_gzip("gzip;q=nonsense"));
}

/* Inflates a gzip member into out (size bytes); returns the length. */
static size_t gunzip(char *out, size_t size, const char *data, size_t len)
{
	z_stream z;
	memset(&z, 0, sizeof(z));
	assert_int_equal(inflateInit2(&z, 15 + 16), Z_OK);
	z.next_in = (Bytef *)(uintptr_t)data;
	z.avail_in = (uInt)len;
	z.next_out = (Bytef *)out;
	z.avail_out = (uInt)size;
	assert_int_equal(inflate(&z, Z_FINISH), Z_STREAM_END);
	assert_int_equal(z.avail_in, 0);
	inflateEnd(&z);
	return z.total_out;
}

static void test_round_trip(void **state)
{
	static char text[64 * 1024], back[sizeof(text)];
	cp_buf packed = CP_BUF_INIT;
	size_t i;
	(void)state;
	for (i = 0; i < sizeof(text); i++)
		text[i] = "{\"id\":\"medical-assistant\"},"[i % 27];
	assert_int_equal(cp_buf_init(&packed), 0);
	assert_int_equal(cp_buf_puts(&packed, "kept"), 0);
	assert_int_equal(serve_gzip(&packed, text, sizeof(text)), 0);
	assert_memory_equal(packed.ptr, "kept\x1f\x8b", 6);
	assert_true(packed.size < sizeof(text) / 20);
	assert_int_equal(
		gunzip(back, sizeof(back), packed.ptr + 4, packed.size - 4),
		sizeof(text));
	assert_memory_equal(back, text, sizeof(text));
	/* nothing at all is still a whole member */
	cp_buf_clear(&packed);
	assert_int_equal(serve_gzip(&packed, "", 0), 0);
	assert_int_equal(gunzip(back, sizeof(back), packed.ptr, packed.size),
			 0);
	cp_buf_free(&packed);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_accept_encoding),
		cmocka_unit_test(test_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
