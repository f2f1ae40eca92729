/*
 * Every number an answer writes, for people and for programs, comes from
 * cp_buf_put_num(): one rounding rule per meaning, never a locale's form
 * (a handout and a data file read the same wherever they are made).
 *
 * Why ten significant digits: a graph's values are known to a few digits,
 * and the sums and differences of decimals carry binary noise in the last
 * of a double's 17 (0.453 + 0.525 is 0.9780000000000001). Rounding to ten
 * keeps every digit a value of a graph can mean and drops the noise; and a
 * value read back from its text is within 5e-10 of the value, inside the
 * slack (1e-9 relative) with which searches compare a total to a cap, so a
 * total written in an answer is a cap that admits the route again.
 */
#include "internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define VALUE_DIGITS 10

/* A decimal: digits[0 .. n_digits-1] (no trailing zero) times
 * 10^(exponent - n_digits + 1); 0.0125 is "125" and -2. */
typedef struct decimal {
	char digits[24];
	size_t n_digits;
	int exponent;
} decimal;

/*
 * |value| rounded to sig significant digits (1 to 17), a half away from
 * zero as people round (212.5% is 213%, where printf's even rule gives
 * 212%): from 25 more digits than kept, which printf writes exactly
 * enough, in digits only as the locale may write the point another way.
 */
static void round_digits(decimal *d, double value, int sig)
{
	char sci[80];
	const char *p;
	size_t n = 0, i;
	char all[64];
	snprintf(sci, sizeof(sci), "%.*e", sig - 1 + 25, fabs(value));
	for (p = sci; *p && *p != 'e'; p++)
		if (*p >= '0' && *p <= '9' && n < sizeof(all))
			all[n++] = *p;
	d->exponent = atoi(p + 1);
	memcpy(d->digits, all, (size_t)sig);
	d->n_digits = (size_t)sig;
	if (all[sig] >= '5') {
		for (i = (size_t)sig; i > 0 && d->digits[i - 1] == '9'; i--)
			d->digits[i - 1] = '0';
		if (i > 0) {
			d->digits[i - 1]++;
		} else {
			d->digits[0] = '1';
			d->exponent++;
		}
	}
	while (d->n_digits > 1 && d->digits[d->n_digits - 1] == '0')
		d->n_digits--;
}

/* The fewest significant digits that read back as the same double. */
static void shortest_digits(decimal *d, double value)
{
	int sig;
	for (sig = 1; sig <= 17; sig++) {
		char check[48];
		double back;
		round_digits(d, value, sig);
		snprintf(check, sizeof(check), "%c.%.*se%d", d->digits[0],
			 (int)(d->n_digits - 1), d->digits + 1, d->exponent);
		if (cp_number_parse(&back, check, strlen(check)) == CP_NUM_OK &&
		    back == fabs(value))
			return;
	}
}

/* Ten significant digits, and every digit of the whole part. */
static void value_digits(decimal *d, double value)
{
	round_digits(d, value, 17);
	if (d->exponent >= 16)
		shortest_digits(d, value);
	else
		round_digits(d, value,
			     d->exponent >= VALUE_DIGITS ? d->exponent + 1
							 : VALUE_DIGITS);
}

/* places digits after the point at most (0 to 6): 26.5 for 26.49895. */
static void fixed_digits(decimal *d, double value, int places)
{
	round_digits(d, value, 17);
	if (d->exponent >= 16)
		return;
	if (d->exponent + 1 + places < 1) {
		d->digits[0] = '0';
		d->n_digits = 1;
		d->exponent = 0;
		/* 0.06 to one place is 0.1: one digit at the place itself */
		if (fabs(value) * pow(10, places) >= 0.5) {
			d->digits[0] = '1';
			d->exponent = -places;
		}
		return;
	}
	round_digits(d, value, d->exponent + 1 + places);
}

static int is_zero(const decimal *d)
{
	return d->n_digits == 1 && d->digits[0] == '0';
}

/*
 * The decimal as plain text, "0.0125", "1200000"; with an exponent,
 * "4.940656458e-324", where plain text would run past 21 digits.
 */
static int put_decimal_text(cp_buf *out, const decimal *d, int negative)
{
	size_t i, int_len;
	int status = negative && !is_zero(d) && cp_buf_puts(out, "-");
	if (d->exponent >= 21 || d->exponent < -9) {
		status = status || cp_buf_put(out, d->digits, 1);
		if (d->n_digits > 1)
			status =
				status || cp_buf_puts(out, ".") ||
				cp_buf_put(out, d->digits + 1, d->n_digits - 1);
		status = status ||
			 cp_buf_printf(out, "e%s%d", d->exponent > 0 ? "+" : "",
				       d->exponent);
		return status ? CP_ENOMEM : 0;
	}
	if (d->exponent < 0) {
		status = status || cp_buf_puts(out, "0.");
		for (i = 1; i < (size_t)-d->exponent && !status; i++)
			status = cp_buf_puts(out, "0");
		status = status || cp_buf_put(out, d->digits, d->n_digits);
		return status ? CP_ENOMEM : 0;
	}
	int_len = (size_t)d->exponent + 1;
	for (i = 0; i < int_len && !status; i++)
		status = cp_buf_put(out, i < d->n_digits ? d->digits + i : "0",
				    1);
	if (d->n_digits > int_len)
		status = status || cp_buf_puts(out, ".") ||
			 cp_buf_put(out, d->digits + int_len,
				    d->n_digits - int_len);
	return status ? CP_ENOMEM : 0;
}

/* The whole part of the decimal in groups of three: "1,234,567"; with an
 * exponent, "1e+21", as put_decimal_text() writes it. */
static int put_grouped_whole(cp_buf *out, const decimal *d)
{
	cp_buf whole = CP_BUF_INIT;
	decimal w = *d;
	size_t i;
	int status;
	if (w.exponent >= 21)
		return put_decimal_text(out, d, 0);
	if (w.exponent < 0) {
		w.digits[0] = '0';
		w.n_digits = 1;
		w.exponent = 0;
	} else if (w.n_digits > (size_t)w.exponent + 1) {
		w.n_digits = (size_t)w.exponent + 1;
	}
	status = put_decimal_text(&whole, &w, 0);
	for (i = 0; i < whole.size && !status; i++) {
		if (i && (whole.size - i) % 3 == 0)
			status = cp_buf_puts(out, ",");
		status = status || cp_buf_put(out, whole.ptr + i, 1);
	}
	cp_buf_free(&whole);
	return status ? CP_ENOMEM : 0;
}

/* "$44,200", "$21.50", "-$1,200": cents only where there are some. */
static int put_money(cp_buf *out, double value)
{
	decimal d;
	size_t int_len;
	int status;
	fixed_digits(&d, value, 2);
	status = cp_buf_puts(out, value < 0 && !is_zero(&d) ? "-$" : "$") ||
		 put_grouped_whole(out, &d);
	int_len = d.exponent >= 0 ? (size_t)d.exponent + 1 : 0;
	if (!status && d.n_digits > int_len) {
		char cents[3] = "00";
		size_t i;
		for (i = int_len; i < d.n_digits; i++)
			cents[i - int_len + (d.exponent < -1)] = d.digits[i];
		status = cp_buf_printf(out, ".%s", cents);
	}
	return status ? CP_ENOMEM : 0;
}

static int put_count(cp_buf *out, double n, const char *one, const char *many)
{
	decimal d;
	value_digits(&d, n);
	if (put_decimal_text(out, &d, n < 0) || cp_buf_puts(out, " ") ||
	    cp_buf_puts(out, n == 1 ? one : many))
		return CP_ENOMEM;
	return 0;
}

/* "1 month", "9 months", "3 years", "1 year and 6 months". */
static int put_duration(cp_buf *out, double months)
{
	double years;
	if (months < 12)
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

/* Whole percents from 10% up, a tenth below, where it still tells. */
static int put_percent_words(cp_buf *out, double percent, int with_sign)
{
	decimal d;
	fixed_digits(&d, percent, fabs(percent) >= 9.95 ? 0 : 1);
	if (with_sign && percent > 0 && !is_zero(&d) && cp_buf_puts(out, "+"))
		return CP_ENOMEM;
	if (put_decimal_text(out, &d, percent < 0) || cp_buf_puts(out, "%"))
		return CP_ENOMEM;
	return 0;
}

/* A number for people. */
static int put_text(cp_buf *out, double value, cp_num_style style)
{
	decimal d;
	switch (style) {
	case CP_NUM_MONEY: return put_money(out, value);
	case CP_NUM_MONTHS: return put_duration(out, value);
	case CP_NUM_PERCENT: return put_percent_words(out, value, 0);
	case CP_NUM_CHANGE_PCT: return put_percent_words(out, value, 1);
	case CP_NUM_COUNT:
		fixed_digits(&d, value, 0);
		return (value < 0 && !is_zero(&d) && cp_buf_puts(out, "-")) ||
				       put_grouped_whole(out, &d)
			       ? CP_ENOMEM
			       : 0;
	case CP_NUM_SHARE:
		fixed_digits(&d, value, 1);
		return put_decimal_text(out, &d, value < 0) ||
				       cp_buf_puts(out, "%")
			       ? CP_ENOMEM
			       : 0;
	case CP_NUM_SCORE: fixed_digits(&d, value, 1); break;
	case CP_NUM_EXACT: shortest_digits(&d, value); break;
	case CP_NUM_VALUE: value_digits(&d, value); break;
	}
	return put_decimal_text(out, &d, value < 0);
}

/*
 * A number for programs: digits alone, rounded for the meaning. A rise in
 * pay keeps ten digits in JSON, which the page rounds again for people
 * (201.49 must not reach it as 201.5, then 202); a CSV file is opened by
 * people and loaded as it is, so it gets the tenth it means.
 */
static int put_plain(cp_buf *out, double value, cp_num_style style,
		     cp_format format)
{
	decimal d;
	switch (style) {
	case CP_NUM_CHANGE_PCT:
	case CP_NUM_SHARE: fixed_digits(&d, value, 1); break;
	case CP_NUM_MONEY:
	case CP_NUM_SCORE: fixed_digits(&d, value, 2); break;
	case CP_NUM_COUNT: fixed_digits(&d, value, 0); break;
	case CP_NUM_EXACT: shortest_digits(&d, value); break;
	case CP_NUM_PERCENT:
		if (format == CP_FORMAT_CSV) {
			fixed_digits(&d, value, 1);
			break;
		}
		value_digits(&d, value);
		break;
	case CP_NUM_MONTHS:
	case CP_NUM_VALUE: value_digits(&d, value); break;
	}
	return put_decimal_text(out, &d, value < 0);
}

int cp_buf_put_num(cp_buf *out, double value, cp_num_style style,
		   cp_format format)
{
	if (!isfinite(value) && format == CP_FORMAT_JSON)
		return cp_buf_puts(out, "null");
	if (!isfinite(value) && format == CP_FORMAT_CSV)
		return cp_buf_puts(out, "");
	if (!isfinite(value))
		return cp_buf_puts(out, isnan(value) ? "unknown"
					: value > 0  ? "infinite"
						     : "-infinite");
	if (value == 0)
		value = 0; /* no "-0" */
	return format == CP_FORMAT_TEXT ? put_text(out, value, style)
					: put_plain(out, value, style, format);
}

int cp_buf_put_number(cp_buf *out, double value, cp_format format)
{
	return cp_buf_put_num(out, value, CP_NUM_VALUE, format);
}
