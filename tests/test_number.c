/* Numbers read the same way in every locale, and only plain decimals. */
#include "helpers.h"
#include "internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static void expect(const char *text, cp_num_status status, double value)
{
	double got;
	cp_num_status s = cp_number_parse(&got, text, strlen(text));
	if (s != status)
		fail_msg("'%s': status %d, expected %d", text, s, status);
	if (status == CP_NUM_OK && got != value)
		fail_msg("'%s': %.17g, expected %.17g", text, got, value);
	if (status != CP_NUM_OK && !isnan(got))
		fail_msg("'%s': expected NaN", text);
}

static void test_decimals(void **state)
{
	(void)state;
	expect("12", CP_NUM_OK, 12);
	expect(" 1.5\t", CP_NUM_OK, 1.5);
	expect("-3", CP_NUM_OK, -3);
	expect("+4", CP_NUM_OK, 4);
	expect("1e3", CP_NUM_OK, 1000);
	expect("2.5E-1", CP_NUM_OK, 0.25);
	expect(".5", CP_NUM_OK, 0.5);
	expect("5.", CP_NUM_OK, 5);
	expect("0.1", CP_NUM_OK, 0.1);
}

static void test_blank(void **state)
{
	(void)state;
	expect("", CP_NUM_BLANK, 0);
	expect("  \t", CP_NUM_BLANK, 0);
}

static void test_not_finite(void **state)
{
	(void)state;
	expect("nan", CP_NUM_NONFINITE, 0);
	expect("NaN", CP_NUM_NONFINITE, 0);
	expect("-Inf", CP_NUM_NONFINITE, 0);
	expect("infinity", CP_NUM_NONFINITE, 0);
	expect("1e999", CP_NUM_NONFINITE, 0);
}

static void test_not_numbers(void **state)
{
	(void)state;
	expect("12 months", CP_NUM_NOT_NUMBER, 0);
	expect("1,500", CP_NUM_NOT_NUMBER, 0);
	expect("$5", CP_NUM_NOT_NUMBER, 0);
	expect("0x10", CP_NUM_NOT_NUMBER, 0);
	expect("e5", CP_NUM_NOT_NUMBER, 0);
	expect("1e", CP_NUM_NOT_NUMBER, 0);
	expect(".", CP_NUM_NOT_NUMBER, 0);
	expect("-", CP_NUM_NOT_NUMBER, 0);
	expect("31-9092", CP_NUM_NOT_NUMBER, 0);
	expect("nano", CP_NUM_NOT_NUMBER, 0);
}

static void test_long_number(void **state)
{
	char text[200];
	(void)state;
	memset(text, '0', sizeof(text) - 3);
	memcpy(text + sizeof(text) - 3, "7", 2);
	expect(text, CP_NUM_OK, 7);
}

/*
 * Short decimals take a path of their own; every one must read exactly as
 * strtod in the C locale reads it, including at the edges of that path
 * (2^53, 19 digits, 19 places) and just past them.
 */
static void test_same_as_strtod(void **state)
{
	static const char *const edges[] = {"9007199254740992",
					    "9007199254740993",
					    "900719925474099.3",
					    "0.9007199254740993",
					    "1234567890123456789",
					    "12345678901234567890",
					    "0.0000000000000000001",
					    "-0.000000000000000000123",
					    "-0",
					    "0.1",
					    "0.3",
					    "123456.789",
					    "79999.99",
					    "4.35"};
	unsigned long long rng = 2463534242ULL;
	char text[40];
	size_t i, j;
	(void)state;
	for (i = 0; i < sizeof(edges) / sizeof(edges[0]); i++)
		expect(edges[i], CP_NUM_OK, strtod(edges[i], NULL));
	for (i = 0; i < 200000; i++) {
		size_t n_digits, point, at = 0;
		double got;
		rng ^= rng << 13;
		rng ^= rng >> 7;
		rng ^= rng << 17;
		n_digits = 1 + rng % 20;
		point = (rng >> 8) % (n_digits + 2);
		if ((rng >> 16) & 1)
			text[at++] = '-';
		for (j = 0; j < n_digits; j++) {
			if (j == point)
				text[at++] = '.';
			text[at++] = (char)('0' + (rng >> (20 + 2 * j)) % 10);
		}
		text[at] = '\0';
		assert_int_equal(cp_number_parse(&got, text, at), CP_NUM_OK);
		if (memcmp(&got, &(double){strtod(text, NULL)}, sizeof(got)))
			fail_msg("'%s': %.17g, strtod reads %.17g", text, got,
				 strtod(text, NULL));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decimals),
		cmocka_unit_test(test_blank),
		cmocka_unit_test(test_not_finite),
		cmocka_unit_test(test_not_numbers),
		cmocka_unit_test(test_long_number),
		cmocka_unit_test(test_same_as_strtod),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
