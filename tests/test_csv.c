/* CSV reading: fields, their places, and every structural fault. */
#include "helpers.h"
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

/* ---- reading past records at fault (cp_csv_stream_recover) ---- */

#define MAX_FAULTS 16

/* The records read and the faults reported, in the order they came. */
typedef struct recovered {
	rows r;
	size_t n_faults;
	size_t fault_line[MAX_FAULTS];	   /* where the record starts */
	size_t fault_at[MAX_FAULTS][2];	   /* the fault's line and column */
	char fault_text[MAX_FAULTS][1024]; /* its message */
	size_t rows_before[MAX_FAULTS];	   /* records read before it */
	int stop_at_fault; /* fault number to stop at, 0 never */
} recovered;

static int collect_fault(void *payload, const cp_error *fault, size_t line)
{
	recovered *v = payload;
	size_t i = v->n_faults;
	assert_int_equal(fault->code, CP_EDATA);
	assert_string_equal(fault->file, "in.csv");
	if (i < MAX_FAULTS) {
		v->fault_line[i] = line;
		v->fault_at[i][0] = fault->line;
		v->fault_at[i][1] = fault->column;
		snprintf(v->fault_text[i], sizeof(v->fault_text[i]), "%s",
			 fault->message);
		v->rows_before[i] = v->r.n_rows;
	}
	v->n_faults++;
	return v->stop_at_fault && (int)v->n_faults == v->stop_at_fault
		       ? CP_EINVALID
		       : 0;
}

static int collect_rows(void *payload, const cp_csv_field *fields, size_t n)
{
	return collect(&((recovered *)payload)->r, fields, n);
}

static int read_recovering(recovered *v, const char *text, size_t len,
			   cp_error *err)
{
	FILE *in = fmemopen((void *)text, len, "rb");
	int status;
	assert_non_null(in);
	status = cp_csv_stream_recover(in, "in.csv", collect_rows,
				       collect_fault, v, err);
	fclose(in);
	return status;
}

static void assert_fault(const recovered *v, size_t i, size_t line,
			 size_t at_line, size_t at_column, const char *part,
			 size_t rows_before)
{
	assert_true(i < v->n_faults);
	assert_int_equal(v->fault_line[i], line);
	assert_int_equal(v->fault_at[i][0], at_line);
	assert_int_equal(v->fault_at[i][1], at_column);
	assert_non_null(strstr(v->fault_text[i], part));
	assert_int_equal(v->rows_before[i], rows_before);
}

/* Each kind of fault costs its own record and no other. */
static void test_recover_each_fault(void **state)
{
	static const char text[] = "h1,h2\n"
				   "a,x\0y\n"	/* 2: NUL */
				   "b,\xFF\n"	/* 3: invalid byte */
				   "c,\xC3(\n"	/* 4: bad continuation */
				   "d,e\"f\n"	/* 5: stray quote */
				   "\"g\"h,i\n" /* 6: text after a quote */
				   "j,\"k\n\xFF\",l\n" /* 7-8: over two lines */
				   "m, \"n,\"\"\0\"\n" /* 9: NUL in quotes */
				   "o,p\n";
	recovered v;
	cp_error err;
	(void)state;
	memset(&v, 0, sizeof(v));
	assert_int_equal(read_recovering(&v, text, sizeof(text) - 1, &err), 0);
	assert_int_equal(v.n_faults, 7);
	assert_fault(&v, 0, 2, 2, 4, "NUL byte", 1);
	assert_fault(&v, 1, 3, 3, 3, "invalid UTF-8 byte 0xFF", 1);
	assert_fault(&v, 2, 4, 4, 3, "invalid UTF-8 byte 0xC3", 1);
	assert_fault(&v, 3, 5, 5, 4, "unexpected '\"' inside", 1);
	assert_fault(&v, 4, 6, 6, 4, "unexpected 'h' after a closing quote", 1);
	assert_fault(&v, 5, 7, 8, 1, "invalid UTF-8 byte 0xFF", 1);
	assert_fault(&v, 6, 9, 9, 9, "NUL byte", 1);
	/* the header and the last row, whole, in their places */
	assert_int_equal(v.r.n_rows, 2);
	assert_cell(&v.r, 0, "h1", 1, 1);
	assert_cell(&v.r, 2, "o", 10, 1);
	assert_cell(&v.r, 3, "p", 10, 3);
}

/* A record of too many fields: libcsv reads past it on its own. */
static void test_recover_too_many_fields(void **state)
{
	size_t len = 0, i;
	char *text = malloc(3 * CP_COLUMNS_MAX + 32);
	recovered v;
	cp_error err;
	(void)state;
	len += (size_t)sprintf(text, "a,b\nx");
	for (i = 0; i < CP_COLUMNS_MAX; i++)
		len += (size_t)sprintf(text + len, ",y");
	len += (size_t)sprintf(text + len, "\nc,d\n");
	memset(&v, 0, sizeof(v));
	assert_int_equal(read_recovering(&v, text, len, &err), 0);
	assert_int_equal(v.n_faults, 1);
	assert_fault(&v, 0, 2, 2, 2 * CP_COLUMNS_MAX + 1, "more than 1024", 1);
	assert_int_equal(v.r.n_rows, 2);
	assert_cell(&v.r, 2, "c", 3, 1);
	free(text);
}

/*
 * A field over the limit, quoted and holding line ends: passed over to
 * its closing quote, and the row after it read; a bad UTF-8 sequence cut
 * by a block's end; a bad record whose quoted field spans two blocks.
 */
static void test_recover_across_blocks(void **state)
{
	size_t n = CP_FIELD_MAX + 300000, len = 0, n_g;
	char *text = malloc(n + 600000);
	recovered v;
	cp_error err;
	(void)state;
	len += (size_t)sprintf(text, "a,b\nc,\"");
	memset(text + len, '\n', n);
	len += n;
	len += (size_t)sprintf(text + len, "\"\ne,f\n");
	/* a record whose lead byte ends a block (256 KiB) */
	n_g = (1u << 18) - 1 - len % (1u << 18);
	memset(text + len, 'g', n_g);
	len += n_g;
	text[len++] = '\xC3';
	len += (size_t)sprintf(text + len, "\n\"h\xFF,");
	memset(text + len, 'i', 300000);
	len += 300000;
	len += (size_t)sprintf(text + len, "\nj\",k\nl,m\n");
	memset(&v, 0, sizeof(v));
	assert_int_equal(read_recovering(&v, text, len, &err), 0);
	assert_int_equal(v.n_faults, 3);
	assert_fault(&v, 0, 2, 2, 3, "field longer than", 1);
	assert_fault(&v, 1, n + 4, n + 4, n_g + 1, "invalid UTF-8 byte 0xC3",
		     2);
	assert_fault(&v, 2, n + 5, n + 5, 3, "invalid UTF-8 byte 0xFF", 2);
	assert_int_equal(v.r.n_rows, 3);
	assert_cell(&v.r, 2, "e", n + 3, 1);
	assert_cell(&v.r, 4, "l", n + 7, 1);
	free(text);
}

/* A quoted field left open stops the reading, after every row before. */
static void test_recover_stops_at_open_quote(void **state)
{
	static const char open_quote[] = "a,b\nc,d\ne,\"f\ng,h\n";
	static const char bad_then_open[] = "a,b\nc\0,\"d\ne,f\n";
	recovered v;
	cp_error err;
	int status;
	(void)state;
	memset(&v, 0, sizeof(v));
	status = read_recovering(&v, open_quote, sizeof(open_quote) - 1, &err);
	th_assert_error(&err, status, CP_EDATA, 3, 3,
			"unterminated quoted field");
	assert_int_equal(v.r.n_rows, 2);
	assert_int_equal(v.n_faults, 0);
	/* a record at fault whose rest never closes its quote */
	memset(&v, 0, sizeof(v));
	status = read_recovering(&v, bad_then_open, sizeof(bad_then_open) - 1,
				 &err);
	th_assert_error(&err, status, CP_EDATA, 2, 4,
			"unterminated quoted field");
	assert_int_equal(v.r.n_rows, 1);
	assert_int_equal(v.n_faults, 1);
	assert_fault(&v, 0, 2, 2, 2, "NUL byte", 1);
}

/* The callback for a fault can stop the reading with its own code. */
static void test_recover_callback_stops(void **state)
{
	static const char text[] = "a\n\xFF\nb\n\xFF\nc\n";
	recovered v;
	cp_error err;
	(void)state;
	memset(&v, 0, sizeof(v));
	v.stop_at_fault = 2;
	assert_int_equal(read_recovering(&v, text, sizeof(text) - 1, &err),
			 CP_EINVALID);
	assert_int_equal(v.r.n_rows, 2);
	assert_int_equal(v.n_faults, 2);
}

/* A FIFO is refused at once, not read (a loader would wait for ever). */
/*
 * Plain rows are read in one pass and any other line through libcsv; the
 * reading changes ways at line ends. Blanks around an unquoted field go
 * either way; a quoted field over two lines, a CR LF, a line of blanks
 * and a UTF-8 title in between leave the places of the plain rows after
 * them as they are.
 */
static void test_plain_and_quoted_lines_mixed(void **state)
{
	static const char text[] = " a , b\t,c\r\n"
				   "\"d\ne\",f,g\n"
				   "h,i,j\n"
				   "  \t \n"
				   "\xC3\xA9t\xC3\xA9,k, l\n"
				   ",,\n"
				   "m,\"n\",o\n"
				   "p,q,r";
	rows r = {0};
	cp_error err;
	(void)state;
	assert_int_equal(read_text(&r, text, sizeof(text) - 1, &err), 0);
	assert_int_equal(r.n_rows, 7);
	assert_cell(&r, 0, "a", 1, 1);
	assert_cell(&r, 1, "b", 1, 5);
	assert_cell(&r, 2, "c", 1, 9);
	assert_cell(&r, 3, "d\ne", 2, 1);
	assert_cell(&r, 4, "f", 3, 4);
	assert_cell(&r, 6, "h", 4, 1);
	assert_cell(&r, 8, "j", 4, 5);
	assert_cell(&r, 9, "\xC3\xA9t\xC3\xA9", 6, 1);
	assert_cell(&r, 10, "k", 6, 5);
	assert_cell(&r, 11, "l", 6, 7);
	assert_cell(&r, 12, "", 7, 1);
	assert_cell(&r, 14, "", 7, 3);
	assert_cell(&r, 16, "n", 8, 3);
	assert_cell(&r, 18, "p", 9, 1);
	assert_cell(&r, 20, "r", 9, 5);
}

static void test_fifo_refused(void **state)
{
	char path[64] = "/tmp/cp-fifo-XXXXXX";
	rows r = {0};
	cp_error err;
	int status;
	(void)state;
	assert_non_null(mkdtemp(path));
	strcat(path, "/roles.csv");
	assert_int_equal(mkfifo(path, 0600), 0);
	status = cp_csv_read(path, collect, &r, &err);
	unlink(path);
	*strrchr(path, '/') = '\0';
	rmdir(path);
	th_assert_error(&err, status, CP_EIO, 0, 0,
			"is a FIFO (expected a CSV file)");
	assert_non_null(strstr(err.file, "roles.csv"));
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
		cmocka_unit_test(test_recover_each_fault),
		cmocka_unit_test(test_recover_too_many_fields),
		cmocka_unit_test(test_recover_across_blocks),
		cmocka_unit_test(test_recover_stops_at_open_quote),
		cmocka_unit_test(test_recover_callback_stops),
		cmocka_unit_test(test_plain_and_quoted_lines_mixed),
		cmocka_unit_test(test_fifo_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
