/* CSV reading: fields, their places, and every structural fault. */
#include "helpers.h"
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_CELLS 64

typedef struct cell {
	char text[128];
	size_t len, row, line, column;
} cell;

typedef struct rows {
	cell cells[MAX_CELLS];
	size_t n_cells, n_rows;
	size_t widths[16];
	int stop_at; /* row number to stop at with CP_EINVALID, 0 never */
	size_t long_len;
} rows;

static int collect(void *payload, const cp_csv_field *fields, size_t n)
{
	rows *r = payload;
	size_t i;
	if (r->stop_at && (int)r->n_rows + 1 == r->stop_at)
		return CP_EINVALID;
	if (r->n_rows < 16)
		r->widths[r->n_rows] = n;
	for (i = 0; i < n; i++) {
		cell *c;
		if (fields[i].len > r->long_len)
			r->long_len = fields[i].len;
		if (r->n_cells >= MAX_CELLS)
			continue;
		c = &r->cells[r->n_cells++];
		snprintf(c->text, sizeof(c->text), "%s", fields[i].text);
		c->len = fields[i].len;
		c->row = r->n_rows;
		c->line = fields[i].line;
		c->column = fields[i].column;
	}
	r->n_rows++;
	return 0;
}

static int read_text(rows *r, const char *content, size_t len, cp_error *err)
{
	char *path = th_file(content, len);
	int status = cp_csv_read(path, collect, r, err);
	th_remove(path);
	return status;
}

static void assert_cell(const rows *r, size_t i, const char *text, size_t line,
			size_t column)
{
	assert_true(i < r->n_cells);
	assert_string_equal(r->cells[i].text, text);
	assert_int_equal(r->cells[i].line, line);
	assert_int_equal(r->cells[i].column, column);
}

static void test_plain_fields_and_places(void **state)
{
	rows r = {0};
	cp_error err;
	(void)state;
	assert_int_equal(read_text(&r, "ab,c\nd,efg\n", 11, &err), 0);
	assert_int_equal(r.n_rows, 2);
	assert_cell(&r, 0, "ab", 1, 1);
	assert_cell(&r, 1, "c", 1, 4);
	assert_cell(&r, 2, "d", 2, 1);
	assert_cell(&r, 3, "efg", 2, 3);
}

static void test_quoted_fields(void **state)
{
	static const char text[] =
		"x,\"a,b\"\n\"q\"\"r\",y\n\"multi\nline\",z\n";
	rows r = {0};
	cp_error err;
	(void)state;
	assert_int_equal(read_text(&r, text, strlen(text), &err), 0);
	assert_int_equal(r.n_rows, 3);
	assert_cell(&r, 1, "a,b", 1, 3);
	assert_cell(&r, 2, "q\"r", 2, 1);
	assert_cell(&r, 3, "y", 2, 8);
	assert_cell(&r, 4, "multi\nline", 3, 1);
	assert_cell(&r, 5, "z", 4, 7);
}

static void test_bom_crlf_and_blank_lines(void **state)
{
	static const char text[] = "\xEF\xBB\xBF"
				   "a,b\r\n\r\nc,d\r\n";
	rows r = {0};
	cp_error err;
	(void)state;
	assert_int_equal(read_text(&r, text, strlen(text), &err), 0);
	assert_int_equal(r.n_rows, 2);
	assert_cell(&r, 0, "a", 1, 1);
	assert_cell(&r, 1, "b", 1, 3);
	assert_cell(&r, 2, "c", 3, 1);
	assert_cell(&r, 3, "d", 3, 3);
}

static void test_bare_cr_ends_lines(void **state)
{
	rows r = {0};
	cp_error err;
	int status;
	(void)state;
	assert_int_equal(read_text(&r, "a,b\rc,d\r\ne\r", 11, &err), 0);
	assert_int_equal(r.n_rows, 3);
	assert_cell(&r, 2, "c", 2, 1);
	assert_cell(&r, 4, "e", 3, 1);
	status = read_text(&r, "a\rb\rc\"d\r", 8, &err);
	th_assert_error(&err, status, CP_EDATA, 3, 2, "unexpected '\"'");
}

static void test_empty_fields_and_no_final_newline(void **state)
{
	rows r = {0};
	cp_error err;
	(void)state;
	assert_int_equal(read_text(&r, "a,,\nb", 5, &err), 0);
	assert_int_equal(r.n_rows, 2);
	assert_int_equal(r.widths[0], 3);
	assert_cell(&r, 1, "", 1, 3);
	assert_cell(&r, 2, "", 1, 4);
	assert_cell(&r, 3, "b", 2, 1);
}

static void test_columns_count_characters(void **state)
{
	static const char text[] = "\xC3\xA9t\xC3\xA9,x\n";
	rows r = {0};
	cp_error err;
	(void)state;
	assert_int_equal(read_text(&r, text, strlen(text), &err), 0);
	assert_cell(&r, 1, "x", 1, 5);
}

static void test_field_across_chunks(void **state)
{
	size_t n = 70000, i;
	char *text = malloc(n + 16);
	rows r = {0};
	cp_error err;
	(void)state;
	text[0] = '"';
	for (i = 1; i <= n; i++)
		text[i] = (char)('a' + i % 26);
	memcpy(text + n + 1, "\",tail\n", 7);
	assert_int_equal(read_text(&r, text, n + 8, &err), 0);
	assert_int_equal(r.long_len, n);
	assert_cell(&r, 1, "tail", 1, n + 4);
	free(text);
}

static void test_unterminated_quote(void **state)
{
	rows r = {0};
	cp_error err;
	int status;
	(void)state;
	status = read_text(&r, "a,b\nc,\"de\nf\n", 12, &err);
	th_assert_error(&err, status, CP_EDATA, 2, 3,
			"unterminated quoted field");
}

static void test_quote_inside_unquoted_field(void **state)
{
	rows r = {0};
	cp_error err;
	int status;
	(void)state;
	status = read_text(&r, "id\nab\"c\n", 8, &err);
	th_assert_error(&err, status, CP_EDATA, 2, 3,
			"unexpected '\"' inside an unquoted field");
}

static void test_text_after_closing_quote(void **state)
{
	rows r = {0};
	cp_error err;
	int status;
	(void)state;
	status = read_text(&r, "x,\"ab\"c\n", 8, &err);
	th_assert_error(&err, status, CP_EDATA, 1, 7,
			"unexpected 'c' after a closing quote");
}

static void test_nul_byte(void **state)
{
	rows r = {0};
	cp_error err;
	int status;
	(void)state;
	status = read_text(&r, "a,b\nc,d\0e\n", 10, &err);
	th_assert_error(&err, status, CP_EDATA, 2, 4, "NUL byte");
}

static void test_invalid_utf8(void **state)
{
	static const struct {
		const char *text;
		size_t line, column;
	} cases[] = {
		{"a\n\xFF\n", 2, 1},	  /* never valid */
		{"ab,\xC0\xAF\n", 1, 4},  /* overlong */
		{"\xED\xA0\x80\n", 1, 1}, /* surrogate */
		{"x\xE2\x82"
		 "y\n",
		 1, 2},				/* cut short */
		{"x,\xF4\x90\x80\x80\n", 1, 3}, /* past U+10FFFF */
	};
	size_t i;
	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		rows r = {0};
		cp_error err;
		int status = read_text(&r, cases[i].text, strlen(cases[i].text),
				       &err);
		th_assert_error(&err, status, CP_EDATA, cases[i].line,
				cases[i].column, "invalid UTF-8");
	}
}

static void test_incomplete_utf8_at_end(void **state)
{
	rows r = {0};
	cp_error err;
	int status;
	(void)state;
	status = read_text(&r, "a,\xE2\x82", 4, &err);
	th_assert_error(&err, status, CP_EDATA, 1, 3, "incomplete UTF-8");
}

static void test_empty_file(void **state)
{
	rows r = {0};
	cp_error err;
	int status;
	(void)state;
	status = read_text(&r, "", 0, &err);
	th_assert_error(&err, status, CP_EDATA, 0, 0, "empty file");
	status = read_text(&r, "\n\n", 2, &err);
	th_assert_error(&err, status, CP_EDATA, 0, 0, "empty file");
}

static void test_missing_file_and_directory(void **state)
{
	rows r = {0};
	cp_error err;
	int status;
	(void)state;
	status = cp_csv_read("/nonexistent/x.csv", collect, &r, &err);
	th_assert_error(&err, status, CP_EIO, 0, 0, "cannot open");
	assert_string_equal(err.file, "/nonexistent/x.csv");
	status = cp_csv_read("/tmp", collect, &r, &err);
	th_assert_error(&err, status, CP_EIO, 0, 0, "is a directory");
}

static void test_overlong_field(void **state)
{
	size_t n = CP_FIELD_MAX + 100, i;
	char *text = malloc(n + 2);
	rows r = {0};
	cp_error err;
	int status;
	(void)state;
	text[0] = 'x';
	text[1] = ',';
	text[2] = '"';
	for (i = 3; i < n; i++)
		text[i] = 'y';
	status = read_text(&r, text, n, &err);
	th_assert_error(&err, status, CP_EDATA, 1, 3, "field longer than");
	free(text);
}

static void test_callback_stops_reading(void **state)
{
	rows r = {0};
	cp_error err;
	(void)state;
	r.stop_at = 2;
	assert_int_equal(read_text(&r, "a\nb\nc\n", 6, &err), CP_EINVALID);
	assert_int_equal(r.n_rows, 1);
}

/* Every row of a file of many blocks: places counted in characters. */
typedef struct placed {
	size_t rows, wrong;
} placed;

static int check_place(void *payload, const cp_csv_field *fields, size_t n)
{
	placed *p = payload;
	size_t line = p->rows + 1;
	p->rows++;
	if (n != 2 || fields[0].line != line || fields[0].column != 1 ||
	    fields[1].line != line || fields[1].column != 8 ||
	    strlen(fields[1].text) != 1 + line % 7)
		p->wrong++;
	return 0;
}

static void test_places_across_blocks(void **state)
{
	/* rows of "\xC3\xA9NNNNN,x..." (6 characters, 7 bytes, then the
	 * comma), LF and CR LF in turn: about 900 KiB, several blocks */
	size_t n_rows = 60000, i, len = 0;
	char *text = malloc(n_rows * 24);
	placed p = {0, 0};
	cp_error err;
	(void)state;
	for (i = 1; i <= n_rows; i++) {
		len += (size_t)sprintf(text + len, "\xC3\xA9%05zu,",
				       i % 100000);
		memset(text + len, 'x', 1 + i % 7);
		len += 1 + i % 7;
		len += (size_t)sprintf(text + len, i % 2 ? "\n" : "\r\n");
	}
	{
		char *path = th_file(text, len);
		assert_int_equal(cp_csv_read(path, check_place, &p, &err), 0);
		th_remove(path);
	}
	assert_int_equal(p.rows, n_rows);
	assert_int_equal(p.wrong, 0);
	free(text);
}

static void test_blank_lines_and_leading_blanks(void **state)
{
	rows r = {0};
	cp_error err;
	(void)state;
	assert_int_equal(read_text(&r, "  \n a,b\n\t\r\n,\n", 13, &err), 0);
	assert_int_equal(r.n_rows, 2);
	assert_cell(&r, 0, "a", 2, 1);
	assert_cell(&r, 1, "b", 2, 4);
	assert_cell(&r, 2, "", 4, 1);
	assert_cell(&r, 3, "", 4, 2);
}

/* Of two faults in one field, the one earlier in the file is reported. */
static void test_earliest_fault(void **state)
{
	rows r = {0};
	cp_error err;
	int status;
	(void)state;
	status = read_text(&r, "x,\"ab\"c\0\n", 9, &err);
	th_assert_error(&err, status, CP_EDATA, 1, 7,
			"unexpected 'c' after a closing quote");
	status = read_text(&r, "x,\"ab\"\xE9\n", 8, &err);
	th_assert_error(&err, status, CP_EDATA, 1, 7, "invalid UTF-8");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_fields_and_places),
		cmocka_unit_test(test_quoted_fields),
		cmocka_unit_test(test_bom_crlf_and_blank_lines),
		cmocka_unit_test(test_bare_cr_ends_lines),
		cmocka_unit_test(test_empty_fields_and_no_final_newline),
		cmocka_unit_test(test_columns_count_characters),
		cmocka_unit_test(test_field_across_chunks),
		cmocka_unit_test(test_unterminated_quote),
		cmocka_unit_test(test_quote_inside_unquoted_field),
		cmocka_unit_test(test_text_after_closing_quote),
		cmocka_unit_test(test_nul_byte),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_incomplete_utf8_at_end),
		cmocka_unit_test(test_empty_file),
		cmocka_unit_test(test_missing_file_and_directory),
		cmocka_unit_test(test_overlong_field),
		cmocka_unit_test(test_callback_stops_reading),
		cmocka_unit_test(test_places_across_blocks),
		cmocka_unit_test(test_blank_lines_and_leading_blanks),
		cmocka_unit_test(test_earliest_fault),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
