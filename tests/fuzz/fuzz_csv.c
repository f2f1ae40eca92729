/*
 * Fuzz harness for the CSV reader (cp_csv_read, src/csv.c): the input is
 * the file. The records read are compared, field by field and place by
 * place, with a plain reading of the same bytes (plain_read() below, which
 * needs no chunks, pieces or libcsv), and each field also goes through the
 * number reader and name folding.
 *
 * A record whose first field is "stop" makes the callback stop the read,
 * which must then end with the callback's code.
 *
 * The same bytes are read again by the reader that recovers
 * (cp_csv_stream_recover): where the strict reading succeeds it gives the
 * same records and no fault; where a record is at fault its first fault is
 * the strict reading's error, at the same place; where the strict reading
 * meets a quoted field left open, it stops there as well, with no fault.
 */
#include "fuzz.h"
#include "internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STOP_CODE CP_ENOTFOUND

typedef struct plain_field {
	size_t offset; /* into text */
	size_t len;
	size_t line, column;
} plain_field;

/*
 * The input read as RFC 4180 with libcsv's handling of white space: spaces
 * and tabs around a field are not part of it, lines of nothing else hold
 * no record, and LF, CR LF and a lone CR end a line. A field's place is where
 * it starts: after the comma or line end before it, white space included.
 */
typedef struct plain {
	const unsigned char *s;
	size_t len, at;
	size_t line, column, counted; /* the place of byte `counted` */
	cp_buf text;		      /* each field followed by a NUL */
	plain_field *fields;
	size_t n_fields, cap_fields;
	size_t *counts; /* fields per record */
	size_t n_records, cap_records;
	size_t widest;
} plain;

static int is_blank(unsigned char c)
{
	return c == ' ' || c == '\t';
}

static int is_eol(unsigned char c)
{
	return c == '\n' || c == '\r';
}

/* Moves the line and column count up to byte `to`. */
static void count_to(plain *p, size_t to)
{
	for (; p->counted < to; p->counted++) {
		unsigned char c = p->s[p->counted];
		if (c == '\r' ||
		    (c == '\n' &&
		     !(p->counted > 0 && p->s[p->counted - 1] == '\r'))) {
			p->line++;
			p->column = 1;
		} else if (c != '\n' && (c & 0xC0) != 0x80) {
			p->column++;
		}
	}
}

static void put(plain *p, const void *data, size_t len)
{
	FUZZ_CHECK(cp_buf_put(&p->text, data, len) == 0);
}

/* One field from p->at; -1 where a strict reader must stop. */
static int read_field(plain *p)
{
	plain_field *f;
	size_t start, end;
	FUZZ_CHECK(cp_grow((void **)&p->fields, &p->cap_fields, p->n_fields + 1,
			   sizeof(*p->fields)) == 0);
	f = &p->fields[p->n_fields++];
	count_to(p, p->at);
	f->line = p->line;
	f->column = p->column;
	f->offset = p->text.size;
	while (p->at < p->len && is_blank(p->s[p->at]))
		p->at++;
	if (p->at < p->len && p->s[p->at] == '"') {
		for (p->at++;; p->at++) {
			if (p->at >= p->len)
				return -1;
			if (p->s[p->at] != '"')
				put(p, p->s + p->at, 1);
			else if (p->at + 1 < p->len && p->s[p->at + 1] == '"')
				put(p, p->s + p->at++, 1);
			else
				break;
		}
		p->at++;
		while (p->at < p->len && is_blank(p->s[p->at]))
			p->at++;
		if (p->at < p->len && p->s[p->at] != ',' &&
		    !is_eol(p->s[p->at]))
			return -1;
	} else {
		start = p->at;
		while (p->at < p->len && p->s[p->at] != ',' &&
		       !is_eol(p->s[p->at]))
			if (p->s[p->at++] == '"')
				return -1;
		for (end = p->at; end > start && is_blank(p->s[end - 1]);)
			end--;
		put(p, p->s + start, end - start);
	}
	f->len = p->text.size - f->offset;
	put(p, "", 1);
	return 0;
}

static int plain_read(plain *p)
{
	if (p->len >= 3 && !memcmp(p->s, "\xEF\xBB\xBF", 3))
		p->at = p->counted = 3;
	while (p->at < p->len) {
		size_t n = 0, end = p->at;
		while (end < p->len && is_blank(p->s[end]))
			end++;
		if (end == p->len || is_eol(p->s[end])) {
			p->at = end + 1;
			continue;
		}
		do {
			if (read_field(p))
				return -1;
			n++;
		} while (p->at < p->len && p->s[p->at++] == ',');
		FUZZ_CHECK(cp_grow((void **)&p->counts, &p->cap_records,
				   p->n_records + 1, sizeof(size_t)) == 0);
		p->counts[p->n_records++] = n;
		if (n > p->widest)
			p->widest = n;
	}
	return 0;
}

/*
 * What the callback sees, checked as it comes against the records the plain
 * reading completed (all of them, or those before the fault it found).
 */
typedef struct seen {
	const plain *expect;
	size_t records, fields;
	size_t last_line, last_column;
	cp_buf folded;
} seen;

static void check_field(seen *v, const cp_csv_field *f)
{
	const plain_field *want;
	double value;
	cp_num_status status;
	FUZZ_CHECK(f->text[f->len] == '\0' && strlen(f->text) == f->len);
	FUZZ_CHECK(fuzz_utf8_valid(f->text, f->len));
	FUZZ_CHECK(f->line >= 1 && f->column >= 1);
	FUZZ_CHECK(f->line > v->last_line ||
		   (f->line == v->last_line && f->column > v->last_column));
	v->last_line = f->line;
	v->last_column = f->column;

	status = cp_number_parse(&value, f->text, f->len);
	FUZZ_CHECK(status == CP_NUM_OK ? isfinite(value) : isnan(value));
	FUZZ_CHECK(cp_name_normalize(&v->folded, f->text) == 0);
	FUZZ_CHECK(v->folded.size <= f->len);
	FUZZ_CHECK(!strstr(v->folded.ptr, "  "));

	want = &v->expect->fields[v->fields++];
	FUZZ_CHECK(f->len == want->len);
	FUZZ_CHECK(
		!memcmp(f->text, v->expect->text.ptr + want->offset, f->len));
	FUZZ_CHECK(f->line == want->line);
	FUZZ_CHECK(f->column == want->column);
}

static int on_row(void *payload, const cp_csv_field *fields, size_t n_fields)
{
	seen *v = payload;
	size_t i;
	FUZZ_CHECK(n_fields >= 1 && n_fields <= CP_COLUMNS_MAX);
	FUZZ_CHECK(v->records < v->expect->n_records);
	FUZZ_CHECK(n_fields == v->expect->counts[v->records]);
	for (i = 0; i < n_fields; i++)
		check_field(v, &fields[i]);
	v->records++;
	return strcmp(fields[0].text, "stop") ? 0 : STOP_CODE;
}

/* What the reader that recovers gives: records, faults, the first fault. */
typedef struct recovered {
	size_t records, faults;
	size_t last_line;
	cp_error first;
} recovered;

static int on_recovered_row(void *payload, const cp_csv_field *fields,
			    size_t n_fields)
{
	recovered *r = payload;
	FUZZ_CHECK(n_fields >= 1 && n_fields <= CP_COLUMNS_MAX);
	FUZZ_CHECK(fields[0].line > r->last_line || !r->last_line);
	r->last_line = fields[0].line;
	r->records++;
	return 0;
}

static int on_recovered_fault(void *payload, const cp_error *fault, size_t line)
{
	recovered *r = payload;
	FUZZ_CHECK(fault->code == CP_EDATA && fault->message[0]);
	FUZZ_CHECK(fuzz_one_line(fault->text));
	FUZZ_CHECK(line >= 1 && line <= fault->line);
	FUZZ_CHECK(line > r->last_line || !r->last_line);
	r->last_line = line;
	if (!r->faults++)
		r->first = *fault;
	return 0;
}

static void check_recovering(const uint8_t *data, size_t size, int status,
			     const cp_error *err, size_t records_before)
{
	recovered r;
	cp_error rerr;
	FILE *in = size ? fmemopen((void *)data, size, "rb")
			: fopen("/dev/null", "rb");
	int rstatus;
	FUZZ_CHECK(in);
	memset(&r, 0, sizeof(r));
	cp_error_clear(&rerr);
	rstatus = cp_csv_stream_recover(in, "input.csv", on_recovered_row,
					on_recovered_fault, &r, &rerr);
	fclose(in);
	FUZZ_CHECK(rstatus == 0 || rstatus == CP_EDATA);
	if (rstatus)
		FUZZ_CHECK(strstr(rerr.message, "unterminated quoted") ||
			   strstr(rerr.message, "empty file"));
	if (status == STOP_CODE)
		return;
	if (!status) {
		FUZZ_CHECK(!rstatus && !r.faults &&
			   r.records == records_before);
		return;
	}
	/* the records before the strict reading's fault come first */
	FUZZ_CHECK(r.records >= records_before);
	if (strstr(err->message, "unterminated quoted") ||
	    strstr(err->message, "empty file")) {
		FUZZ_CHECK(rstatus == CP_EDATA && !r.faults &&
			   r.records == records_before);
		FUZZ_CHECK(!strcmp(rerr.message, err->message) &&
			   rerr.line == err->line &&
			   rerr.column == err->column);
		return;
	}
	FUZZ_CHECK(r.faults >= 1);
	FUZZ_CHECK(!strcmp(r.first.message, err->message));
	FUZZ_CHECK(r.first.line == err->line && r.first.column == err->column);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	plain p;
	seen v;
	cp_error err;
	char path[4200];
	int status, plain_status, text_ok;

	memset(&p, 0, sizeof(p));
	p.s = data;
	p.len = size;
	p.line = p.column = 1;
	cp_buf_init(&p.text);
	plain_status = plain_read(&p);
	memset(&v, 0, sizeof(v));
	v.expect = &p;
	cp_buf_init(&v.folded);

	fuzz_write("input.csv", data, size);
	snprintf(path, sizeof(path), "%s/input.csv", fuzz_dir());
	status = cp_csv_read(path, on_row, &v, &err);

	text_ok = !memchr(data, 0, size) &&
		  fuzz_utf8_valid((const char *)data, size);
	if (!status) {
		/* all was read, and the plain reading agrees on everything */
		FUZZ_CHECK(text_ok && !plain_status);
		FUZZ_CHECK(v.records && v.records == p.n_records);
	} else if (status != STOP_CODE) {
		FUZZ_CHECK(status == CP_EDATA);
		FUZZ_CHECK(err.code == status && err.message[0]);
		FUZZ_CHECK(fuzz_one_line(err.text));
		/* the reader found a fault, so there is one */
		FUZZ_CHECK(!text_ok || plain_status || !p.n_records ||
			   p.widest > CP_COLUMNS_MAX || size > CP_FIELD_MAX);
	}

	check_recovering(data, size, status, &err, v.records);

	cp_buf_free(&v.folded);
	cp_buf_free(&p.text);
	free(p.fields);
	free(p.counts);
	return 0;
}
