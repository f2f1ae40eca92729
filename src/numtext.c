/*
 * Numbers as people read them: plain decimals, money, months and years,
 * percentages. One printer for the text answers and the diagrams, and
 * never in a locale's form: a handout reads the same wherever it is made.
 */
#include "internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * The fewest significant digits of value that read back as the same
 * double, and its decimal exponent: 0.0125 is "125" and -2.
 */
static size_t shortest_digits(char digits[18], int *exponent, double value)
{
	char sci[48], check[48];
	size_t n_digits = 0;
	int precision;
	for (precision = 1; precision <= 17; precision++) {
		const char *p;
		double back;
		snprintf(sci, sizeof(sci), "%.*e", precision - 1, fabs(value));
		/* digits only: the locale may write the point another way */
		n_digits = 0;
		for (p = sci; *p && *p != 'e'; p++)
			if (*p >= '0' && *p <= '9')
				digits[n_digits++] = *p;
		*exponent = atoi(p + 1);
		while (n_digits > 1 && digits[n_digits - 1] == '0')
			n_digits--;
		snprintf(check, sizeof(check), "%c.%.*se%d", digits[0],
			 (int)(n_digits - 1), digits + 1, *exponent);
		if (cp_number_parse(&back, check, strlen(check)) == CP_NUM_OK &&
		    back == fabs(value))
			break;
	}
	return n_digits;
}

int cp_buf_put_decimal(cp_buf *out, double value)
{
	char digits[18];
	size_t n_digits, i, int_len;
	int exponent, status = 0;
	if (!isfinite(value))
		return cp_buf_puts(out, isnan(value) ? "unknown"
					: value > 0  ? "infinite"
						     : "-infinite");
	if (value == 0)
		return cp_buf_puts(out, "0");
	n_digits = shortest_digits(digits, &exponent, value);
	if (value < 0)
		status = cp_buf_puts(out, "-");
	if (exponent < 0) {
		status = status || cp_buf_puts(out, "0.");
		for (i = 1; i < (size_t)-exponent && !status; i++)
			status = cp_buf_puts(out, "0");
		status = status || cp_buf_put(out, digits, n_digits);
		return status ? CP_ENOMEM : 0;
	}
	int_len = (size_t)exponent + 1;
	for (i = 0; i < int_len && !status; i++)
		status = cp_buf_put(out, i < n_digits ? digits + i : "0", 1);
	if (n_digits > int_len)
		status = status || cp_buf_puts(out, ".") ||
			 cp_buf_put(out, digits + int_len, n_digits - int_len);
	return status ? CP_ENOMEM : 0;
}

/*
 * Whole amounts keep every digit; others are rounded to cents, which fit a
 * long long because a double with a fraction is below 2^53.
 */
int cp_buf_put_money(cp_buf *out, double value)
{
	cp_buf whole = CP_BUF_INIT;
	int is_whole = value == floor(value), status;
	long long cents = is_whole ? 0 : llround(fabs(value) * 100);
	size_t i;
	if (!isfinite(value))
		return cp_buf_put_decimal(out, value);
	status = is_whole ? cp_buf_put_decimal(&whole, fabs(value))
			  : cp_buf_printf(&whole, "%lld", cents / 100);
	status = status || cp_buf_puts(out, value < 0 ? "-$" : "$");
	for (i = 0; i < whole.size && !status; i++) {
		if (i && (whole.size - i) % 3 == 0)
			status = cp_buf_puts(out, ",");
		status = status || cp_buf_put(out, whole.ptr + i, 1);
	}
	if (!is_whole && !status)
		status = cp_buf_printf(out, ".%02lld", cents % 100);
	cp_buf_free(&whole);
	return status ? CP_ENOMEM : 0;
}

int cp_buf_put_grouped(cp_buf *out, double value)
{
	cp_buf whole = CP_BUF_INIT;
	double rounded = round(fabs(value));
	size_t i;
	int status;
	if (!isfinite(value))
		return cp_buf_put_decimal(out, value);
	status = cp_buf_put_decimal(&whole, rounded) ||
		 (value < 0 && rounded > 0 && cp_buf_puts(out, "-"));
	for (i = 0; i < whole.size && !status; i++) {
		if (i && (whole.size - i) % 3 == 0)
			status = cp_buf_puts(out, ",");
		status = status || cp_buf_put(out, whole.ptr + i, 1);
	}
	cp_buf_free(&whole);
	return status ? CP_ENOMEM : 0;
}

static int put_count(cp_buf *out, double n, const char *one, const char *many)
{
	if (cp_buf_put_decimal(out, n) || cp_buf_puts(out, " ") ||
	    cp_buf_puts(out, n == 1 ? one : many))
		return CP_ENOMEM;
	return 0;
}

int cp_buf_put_duration(cp_buf *out, double months)
{
	double years;
	if (!isfinite(months) || months < 12)
		return put_count(out, months, "month", "months");
	years = floor(months / 12);
	if (put_count(out, years, "year", "years"))
		return CP_ENOMEM;
	if (months - years * 12 > 0 &&
	    (cp_buf_puts(out, " and ") ||
	     put_count(out, months - years * 12, "month", "months")))
		return CP_ENOMEM;
	return 0;
}

int cp_buf_put_percent(cp_buf *out, double percent, int with_sign)
{
	/* whole percents, but a tenth below 10% where it still tells */
	double shown =
		fabs(percent) >= 10 ? round(percent) : round(percent * 10) / 10;
	if (shown == 0)
		shown = 0; /* no "-0%" */
	if (with_sign && shown > 0 && cp_buf_puts(out, "+"))
		return CP_ENOMEM;
	if (cp_buf_put_decimal(out, shown) || cp_buf_puts(out, "%"))
		return CP_ENOMEM;
	return 0;
}
