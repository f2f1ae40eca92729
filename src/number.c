/* Decimal numbers read the same in every locale. */
#define _GNU_SOURCE
#include "internal.h"

#include <locale.h>
#include <pthread.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int matches_nonfinite(const char *s, size_t len)
{
	static const char *const words[] = {"nan", "inf", "infinity"};
	size_t i;
	if (len && (*s == '+' || *s == '-')) {
		s++;
		len--;
	}
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strlen(words[i]) == len && !strncasecmp(s, words[i], len))
			return 1;
	return 0;
}

/* Checks [+-]digits[.digits][(e|E)[+-]digits] with at least one digit. */
static int is_decimal(const char *s, size_t len)
{
	size_t i = 0, digits = 0;
	if (i < len && (s[i] == '+' || s[i] == '-'))
		i++;
	while (i < len && is_digit(s[i])) {
		i++;
		digits++;
	}
	if (i < len && s[i] == '.') {
		i++;
		while (i < len && is_digit(s[i])) {
			i++;
			digits++;
		}
	}
	if (!digits)
		return 0;
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		size_t exp_digits = 0;
		i++;
		if (i < len && (s[i] == '+' || s[i] == '-'))
			i++;
		while (i < len && is_digit(s[i])) {
			i++;
			exp_digits++;
		}
		if (!exp_digits)
			return 0;
	}
	return i == len;
}

static locale_t c_locale;
static pthread_once_t c_locale_once = PTHREAD_ONCE_INIT;

static void make_c_locale(void)
{
	c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
}

/*
 * [+-]digits[.digits] with at most 19 digits in all and a value of at
 * most 2^53 without its point: the digits and the power of ten are then
 * both exact doubles, and one division rounds as strtod would (Clinger's
 * fast path). Returns 0 for anything else, which strtod reads.
 */
static int parse_exact(double *out, const char *s, size_t len)
{
	static const double powers[] = {
		1e0,  1e1,  1e2,  1e3,	1e4,  1e5,  1e6,  1e7,	1e8,  1e9,
		1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19};
	uint64_t digits = 0;
	size_t i = 0, n_digits = 0, n_fraction = 0;
	int negative = 0, point = 0;
	if (s[0] == '-' || s[0] == '+') {
		negative = s[0] == '-';
		i++;
	}
	for (; i < len; i++) {
		if (is_digit(s[i])) {
			digits = digits * 10 + (uint64_t)(s[i] - '0');
			n_digits++;
			n_fraction += (size_t)point;
		} else if (s[i] == '.' && !point) {
			point = 1;
		} else {
			return 0;
		}
	}
	if (!n_digits || n_digits > 19 || digits > ((uint64_t)1 << 53))
		return 0;
	*out = (double)digits / powers[n_fraction];
	if (negative)
		*out = -*out;
	return 1;
}

cp_num_status cp_number_parse(double *out, const char *s, size_t len)
{
	char small[64], *copy = small;
	cp_num_status status;
	double value;
	while (len && is_blank(*s)) {
		s++;
		len--;
	}
	while (len && is_blank(s[len - 1]))
		len--;
	*out = NAN;
	if (!len)
		return CP_NUM_BLANK;
	if (parse_exact(out, s, len))
		return CP_NUM_OK;
	if (matches_nonfinite(s, len))
		return CP_NUM_NONFINITE;
	if (!is_decimal(s, len))
		return CP_NUM_NOT_NUMBER;
	pthread_once(&c_locale_once, make_c_locale);
	if (len >= sizeof(small)) {
		copy = malloc(len + 1);
		if (!copy)
			return CP_NUM_NOT_NUMBER;
	}
	memcpy(copy, s, len);
	copy[len] = '\0';
	value = c_locale ? strtod_l(copy, NULL, c_locale) : strtod(copy, NULL);
	status = isfinite(value) ? CP_NUM_OK : CP_NUM_NONFINITE;
	if (status == CP_NUM_OK)
		*out = value;
	if (copy != small)
		free(copy);
	return status;
}
