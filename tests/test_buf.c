/* The growable buffer, and error detail. */
#include "helpers.h"
#include "internal.h"

#include <string.h>

static void test_grows_and_terminates(void **state)
{
	cp_buf b = CP_BUF_INIT;
	size_t i;
	(void)state;
	assert_int_equal(cp_buf_init(&b), 0);
	assert_string_equal(b.ptr, "");
	for (i = 0; i < 1000; i++)
		assert_int_equal(cp_buf_printf(&b, "%zu,", i), 0);
	assert_int_equal(b.size, strlen(b.ptr));
	assert_int_equal(b.size, 10 * 2 + 90 * 3 + 900 * 4);
	assert_int_equal(strncmp(b.ptr, "0,1,2,", 6), 0);
	assert_string_equal(b.ptr + b.size - 4, "999,");
	cp_buf_clear(&b);
	assert_int_equal(b.size, 0);
	assert_string_equal(b.ptr, "");
	assert_int_equal(cp_buf_put(&b, "a\0b", 3), 0);
	assert_int_equal(b.size, 3);
	assert_int_equal(memcmp(b.ptr, "a\0b", 4), 0);
	cp_buf_free(&b);
	assert_null(b.ptr);
	cp_buf_free(&b);
	cp_buf_free(NULL);
}

static void test_uninitialised_buffer_works(void **state)
{
	cp_buf b = CP_BUF_INIT;
	(void)state;
	assert_int_equal(cp_buf_puts(&b, "hello"), 0);
	assert_string_equal(b.ptr, "hello");
	cp_buf_free(&b);
}

static void test_error_text_forms(void **state)
{
	cp_error err;
	(void)state;
	cp_error_clear(&err);
	assert_int_equal(err.code, CP_OK);
	assert_string_equal(err.text, "");
	assert_string_equal(cp_strerror(CP_ENOROUTE), "no route");
	assert_string_equal(cp_strerror(12345), "internal error");
	cp_error_clear(NULL);
}

/*
 * A message longer than the field is cut, and never inside a UTF-8
 * sequence: 1,021 ASCII bytes leave 2 bytes of the 1,023 that fit, so a
 * 3-byte character (U+2019) after them goes whole, and the field ends
 * after the ASCII; a 2-byte one (U+00E9) fits and stays.
 */
static void test_error_cut_keeps_utf8_whole(void **state)
{
	cp_error err;
	char ascii[1022];
	(void)state;
	memset(ascii, 'a', sizeof(ascii) - 1);
	ascii[sizeof(ascii) - 1] = '\0';
	cp_fail(&err, CP_EDATA, "f.csv", 1, 1, "%s\xE2\x80\x99tail", ascii);
	assert_int_equal(strlen(err.message), 1021);
	assert_string_equal(err.message, ascii);
	cp_fail(&err, CP_EDATA, "f.csv", 1, 1, "%s\xC3\xA9tail", ascii);
	assert_int_equal(strlen(err.message), 1023);
	assert_string_equal(err.message + 1021, "\xC3\xA9");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_grows_and_terminates),
		cmocka_unit_test(test_uninitialised_buffer_works),
		cmocka_unit_test(test_error_text_forms),
		cmocka_unit_test(test_error_cut_keeps_utf8_whole),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
