/*
 * Fuzz harness for batch files (src/batch.c): the input is a batch CSV, a
 * header and rows, streamed by cp_csv_stream_recover() against the fixed
 * graph of fuzz_graph(), as `careerpath batch` reads it. Each row is parsed
 * into a query, answered with cp_search() and written as CSV and as JSON
 * Lines; a record the reader cannot read becomes a row of its own
 * (cp_batch_row_unreadable()) and the reading goes on.
 *
 * What must hold: a header or row that cannot be used says why, in one
 * line, at a place inside the input; a record at fault starts on a line no
 * later than its fault, after the last record read; every JSON line parses;
 * the CSV results read back as a table as wide as their header, a record
 * per result; all is UTF-8. Only an open quote stops the reading after the
 * header.
 */
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LIMIT 20000
/* Yen's k routes stay cheap on five roles, but a row may ask for 1000. */
#define K_MAX 8

typedef struct batch {
	const cp_graph *graph;
	cp_batch_layout *layout;
	size_t lines; /* in the input: no place may lie past them */
	size_t rows, bad_rows;
	size_t results;	  /* lines written: a route each, or one for a row */
	size_t last_line; /* where the last record, read or not, started */
	int header_fault; /* the header could not be read: the batch stops */
	cp_buf csv, json;
} batch;

/* A place in the input, as an error gives it. */
static void check_place(const batch *b, const cp_error *err)
{
	FUZZ_CHECK(err->line >= 1 && err->line <= b->lines);
	FUZZ_CHECK(err->column >= 1);
	FUZZ_CHECK(err->message[0] && fuzz_one_line(err->message));
	FUZZ_CHECK(fuzz_utf8_valid(err->message, strlen(err->message)));
}

static int on_header(batch *b, const cp_csv_field *fields, size_t n_fields)
{
	cp_error err;
	int status;
	cp_error_clear(&err);
	status = cp_batch_layout_new(&b->layout, b->graph, fields, n_fields,
				     &err);
	if (status) {
		FUZZ_CHECK(status == CP_EINVALID && err.code == status);
		FUZZ_CHECK(!b->layout);
		check_place(b, &err);
		return status;
	}
	FUZZ_CHECK(cp_batch_layout_width(b->layout) == n_fields);
	FUZZ_CHECK(cp_batch_header(&b->csv, b->graph, b->layout,
				   CP_FORMAT_CSV) == 0);
	FUZZ_CHECK(cp_batch_header(&b->json, b->graph, b->layout,
				   CP_FORMAT_JSON) == 0);
	FUZZ_CHECK(b->json.size == 0);
	return 0;
}

static void check_row(const batch *b, const cp_batch_row *row,
		      const cp_csv_field *fields)
{
	FUZZ_CHECK(row->line == fields[0].line);
	FUZZ_CHECK(row->from_text && row->to_text && row->by_text);
	FUZZ_CHECK(row->n_carried <= cp_batch_layout_width(b->layout));
	if (!row->status)
		return;
	FUZZ_CHECK(row->status == CP_ENOTFOUND ||
		   row->status == CP_EAMBIGUOUS || row->status == CP_EINVALID);
	FUZZ_CHECK(row->error.code == row->status);
	check_place(b, &row->error);
	FUZZ_CHECK(row->error.line >= row->line);
}

static int on_row(void *payload, const cp_csv_field *fields, size_t n_fields)
{
	batch *b = payload;
	cp_batch_row *row = NULL;
	cp_routes *routes = NULL;
	cp_error err;
	size_t csv_before = b->csv.size, json_before = b->json.size;
	int status;

	FUZZ_CHECK(fields[0].line > b->last_line);
	b->last_line = fields[0].line;
	if (!b->layout)
		return on_header(b, fields, n_fields);
	cp_error_clear(&err);
	FUZZ_CHECK(cp_batch_row_parse(&row, b->graph, b->layout, fields,
				      n_fields, &err) == 0);
	FUZZ_CHECK(row);
	check_row(b, row, fields);
	b->rows++;
	status = row->status;
	if (status) {
		b->bad_rows++;
	} else {
		row->query.limit = LIMIT;
		if (row->query.k > K_MAX)
			row->query.k = K_MAX;
		status = cp_search(&routes, b->graph, &row->query, &err);
		FUZZ_CHECK(status == 0 || status == CP_ENOROUTE ||
			   status == CP_ELIMIT || status == CP_EINVALID);
		/* no route: an empty answer; other failures: none */
		FUZZ_CHECK(status == CP_ENOROUTE ? routes && !routes->count
			   : status		 ? !routes
						 : routes && routes->count);
		if (status)
			FUZZ_CHECK(err.code == status && err.message[0]);
	}
	FUZZ_CHECK(cp_batch_write(&b->csv, b->graph, b->layout, row, routes,
				  status, &err, CP_FORMAT_CSV) == 0);
	FUZZ_CHECK(cp_batch_write(&b->json, b->graph, b->layout, row, routes,
				  status, &err, CP_FORMAT_JSON) == 0);
	FUZZ_CHECK(b->csv.size > csv_before && b->json.size > json_before);
	FUZZ_CHECK(b->csv.ptr[b->csv.size - 1] == '\n');
	b->results += routes && routes->count ? routes->count : 1;
	cp_routes_free(routes);
	cp_batch_row_free(row);
	return 0;
}

/* A record the reader could not read: a row that says why. */
static int on_fault(void *payload, const cp_error *fault, size_t line)
{
	batch *b = payload;
	cp_batch_row *row = NULL;
	cp_error err;
	FUZZ_CHECK(fault->code == CP_EDATA &&
		   !strcmp(fault->file, "batch.csv"));
	check_place(b, fault);
	FUZZ_CHECK(line > b->last_line && line <= fault->line);
	b->last_line = line;
	if (!b->layout) {
		b->header_fault = 1;
		return CP_EDATA;
	}
	FUZZ_CHECK(cp_batch_row_unreadable(&row, b->layout, line, fault,
					   &err) == 0);
	FUZZ_CHECK(row->status == CP_EDATA && row->line == line);
	FUZZ_CHECK(row->from_text && row->to_text && row->by_text);
	FUZZ_CHECK(cp_batch_write(&b->csv, b->graph, b->layout, row, NULL,
				  row->status, &row->error,
				  CP_FORMAT_CSV) == 0);
	FUZZ_CHECK(cp_batch_write(&b->json, b->graph, b->layout, row, NULL,
				  row->status, &row->error,
				  CP_FORMAT_JSON) == 0);
	b->rows++;
	b->bad_rows++;
	b->results++;
	cp_batch_row_free(row);
	return 0;
}

typedef struct table {
	size_t records, width;
} table;

static int on_result(void *payload, const cp_csv_field *fields, size_t n_fields)
{
	table *t = payload;
	(void)fields;
	if (!t->records++)
		t->width = n_fields;
	FUZZ_CHECK(n_fields == t->width);
	return 0;
}

/* The CSV results read back: a header, then a record per result. */
static void check_csv(const batch *b)
{
	table t = {0, 0};
	cp_error err;
	FILE *in = fmemopen(b->csv.ptr, b->csv.size, "rb");
	FUZZ_CHECK(in);
	FUZZ_CHECK(cp_csv_stream(in, "results.csv", on_result, &t, &err) == 0);
	fclose(in);
	FUZZ_CHECK(t.records == 1 + b->results);
}

/* Every line of JSON Lines is one JSON object, a line per result. */
static void check_json_lines(const batch *b)
{
	const char *line = b->json.ptr, *end = b->json.ptr + b->json.size;
	size_t lines = 0;
	while (line < end) {
		const char *nl = memchr(line, '\n', (size_t)(end - line));
		FUZZ_CHECK(nl);
		FUZZ_CHECK(*line == '{');
		FUZZ_CHECK(fuzz_json_valid(line, (size_t)(nl - line)));
		line = nl + 1;
		lines++;
	}
	FUZZ_CHECK(lines == b->results);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	batch b;
	cp_error err;
	FILE *in;
	size_t i;
	int status;

	memset(&b, 0, sizeof(b));
	b.graph = fuzz_graph();
	cp_buf_init(&b.csv);
	cp_buf_init(&b.json);
	b.lines = 1;
	for (i = 0; i < size; i++)
		b.lines += data[i] == '\n' ||
			   (data[i] == '\r' &&
			    (i + 1 == size || data[i + 1] != '\n'));
	in = size ? fmemopen((void *)data, size, "rb")
		  : fopen("/dev/null", "rb");
	FUZZ_CHECK(in);
	cp_error_clear(&err);
	status = cp_csv_stream_recover(in, "batch.csv", on_row, on_fault, &b,
				       &err);
	fclose(in);
	if (b.header_fault) {
		FUZZ_CHECK(status == CP_EDATA && !b.layout);
	} else if (status && status != CP_EINVALID) {
		/* past the header only a quoted field left open stops it */
		if (b.layout)
			FUZZ_CHECK(strstr(err.message, "unterminated quoted"));
		FUZZ_CHECK(status == CP_EDATA && err.code == status);
		FUZZ_CHECK(fuzz_one_line(err.text));
	}
	FUZZ_CHECK(b.bad_rows <= b.rows);
	FUZZ_CHECK(fuzz_utf8_valid(b.csv.ptr, b.csv.size));
	FUZZ_CHECK(fuzz_utf8_valid(b.json.ptr, b.json.size));
	if (b.layout)
		check_csv(&b);
	check_json_lines(&b);

	cp_batch_layout_free(b.layout);
	cp_buf_free(&b.csv);
	cp_buf_free(&b.json);
	return 0;
}
