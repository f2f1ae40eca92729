/*
 * CSV files streamed through libcsv in strict mode, with the line and
 * column of every field. libcsv reports fields but not where they are, so
 * the file is handed to it in pieces that end at the bytes that can end a
 * field (',', CR, LF): a field reported during a piece ends at its last byte.
 */
#include "internal.h"

#include <csv.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define CHUNK_SIZE 65536

typedef struct pos {
	size_t line, column;
	unsigned long long offset;
} pos;

typedef struct row_field {
	size_t offset, len, line, column;
} row_field;

typedef struct reader {
	const char *path;
	cp_csv_row_fn on_row;
	void *payload;
	cp_error *err;
	int status;
	struct csv_parser parser;
	/* the record being assembled */
	cp_buf text;
	row_field *fields;
	size_t n_fields, cap_fields;
	cp_csv_field *out;
	size_t cap_out;
	size_t records;
	size_t fields_seen;
	int after_cr; /* the last byte was a CR */
	/* where the next field starts, and quotes seen since */
	pos next_start;
	int in_quotes;
	/* the scan position: the byte about to be read */
	pos at;
	/* an open UTF-8 sequence */
	int need;
	unsigned char lo, hi, lead_byte;
	pos lead;
} reader;

static void on_field(void *data, size_t len, void *payload)
{
	reader *r = payload;
	row_field *f;
	if (r->status)
		return;
	if (r->n_fields >= CP_COLUMNS_MAX) {
		r->status =
			cp_fail(r->err, CP_EDATA, r->path, r->next_start.line,
				r->next_start.column,
				"row has more than %d fields", CP_COLUMNS_MAX);
		return;
	}
	if (cp_grow((void **)&r->fields, &r->cap_fields, r->n_fields + 1,
		    sizeof(*r->fields))) {
		r->status = cp_fail_oom(r->err);
		return;
	}
	f = &r->fields[r->n_fields++];
	f->offset = r->text.size;
	f->len = data ? len : 0;
	f->line = r->next_start.line;
	f->column = r->next_start.column;
	if (cp_buf_put(&r->text, data ? data : "", f->len) ||
	    cp_buf_put(&r->text, "", 1))
		r->status = cp_fail_oom(r->err);
	r->fields_seen++;
}

static void on_record(int terminator, void *payload)
{
	reader *r = payload;
	size_t i;
	(void)terminator;
	if (r->status)
		return;
	if (cp_grow((void **)&r->out, &r->cap_out, r->n_fields,
		    sizeof(*r->out))) {
		r->status = cp_fail_oom(r->err);
		return;
	}
	for (i = 0; i < r->n_fields; i++) {
		r->out[i].text = r->text.ptr + r->fields[i].offset;
		r->out[i].len = r->fields[i].len;
		r->out[i].line = r->fields[i].line;
		r->out[i].column = r->fields[i].column;
	}
	r->records++;
	r->status = r->on_row(r->payload, r->out, r->n_fields);
	r->n_fields = 0;
	cp_buf_clear(&r->text);
}

static size_t utf8_char_len(const unsigned char *s, size_t avail)
{
	size_t n = 1;
	while (n < avail && n < 4 && (s[n] & 0xC0) == 0x80)
		n++;
	return n;
}

/* libcsv stopped at bad: a quote where strict mode allows none. */
static int fail_strict(reader *r, const unsigned char *piece, size_t bad,
		       size_t avail, pos piece_start)
{
	size_t i, column = piece_start.column;
	char found[16];
	for (i = 0; i < bad; i++)
		if ((piece[i] & 0xC0) != 0x80)
			column++;
	if (piece[bad] == '"')
		return cp_fail(r->err, CP_EDATA, r->path, piece_start.line,
			       column,
			       "unexpected '\"' inside an unquoted field "
			       "(expected the whole field in double quotes, "
			       "with \"\" for each quote inside it)");
	/* the whole character, and a control byte escaped */
	cp_quote_excerpt(found, sizeof(found), (const char *)piece + bad,
			 utf8_char_len(piece + bad, avail - bad), 1);
	return cp_fail(r->err, CP_EDATA, r->path, piece_start.line, column,
		       "unexpected '%s' after a closing quote "
		       "(expected ',' or the end of the line)",
		       found);
}

static int feed(reader *r, const unsigned char *piece, size_t len,
		pos piece_start)
{
	size_t seen = r->fields_seen, done;
	unsigned char last = piece[len - 1];
	if (r->at.offset - r->next_start.offset > CP_FIELD_MAX)
		return cp_fail(r->err, CP_EDATA, r->path, r->next_start.line,
			       r->next_start.column,
			       "field longer than %zu bytes "
			       "(is a closing quote missing?)",
			       CP_FIELD_MAX);
	done = csv_parse(&r->parser, piece, len, on_field, on_record, r);
	if (r->status)
		return r->status;
	if (done < len) {
		if (csv_error(&r->parser) == CSV_ENOMEM)
			return cp_fail_oom(r->err);
		return fail_strict(r, piece, done, len, piece_start);
	}
	if (last != ',' && last != '\n' && last != '\r')
		return 0;
	/*
	 * A field ended at this byte, or a line ended between records (a
	 * blank line, or the LF of a CRLF): the next field starts after it.
	 */
	if (r->fields_seen != seen ||
	    (last != ',' && r->n_fields == 0 && !r->in_quotes)) {
		r->next_start = r->at;
		r->in_quotes = 0;
	}
	return 0;
}

static int utf8_lead(reader *r, unsigned char c)
{
	r->lo = 0x80;
	r->hi = 0xBF;
	if (c >= 0xC2 && c <= 0xDF)
		r->need = 1;
	else if (c >= 0xE0 && c <= 0xEF)
		r->need = 2;
	else if (c >= 0xF0 && c <= 0xF4)
		r->need = 3;
	else
		return -1;
	if (c == 0xE0)
		r->lo = 0xA0;
	else if (c == 0xED)
		r->hi = 0x9F;
	else if (c == 0xF0)
		r->lo = 0x90;
	else if (c == 0xF4)
		r->hi = 0x8F;
	r->lead = r->at;
	r->lead_byte = c;
	return 0;
}

static int fail_utf8(reader *r, pos where, unsigned char c)
{
	return cp_fail(r->err, CP_EDATA, r->path, where.line, where.column,
		       "invalid UTF-8 byte 0x%02X (expected UTF-8 text)", c);
}

static int scan_chunk(reader *r, const unsigned char *buf, size_t n)
{
	size_t i, piece = 0;
	pos piece_start = r->at;
	int status;
	for (i = 0; i < n; i++) {
		unsigned char c = buf[i];
		if (c == 0)
			return cp_fail(r->err, CP_EDATA, r->path, r->at.line,
				       r->at.column,
				       "NUL byte (expected UTF-8 text; "
				       "is this a binary file?)");
		if (r->need) {
			if (c < r->lo || c > r->hi)
				return fail_utf8(r, r->lead, r->lead_byte);
			r->need--;
			r->lo = 0x80;
			r->hi = 0xBF;
			r->at.offset++;
			continue;
		}
		if (c >= 0x80 && utf8_lead(r, c))
			return fail_utf8(r, r->at, c);
		if (c == '"')
			r->in_quotes = !r->in_quotes;
		r->at.offset++;
		/* a line ends at LF, at CR LF, and at a CR on its own */
		if (c == '\r' || (c == '\n' && !r->after_cr)) {
			r->at.line++;
			r->at.column = 1;
		} else if (c != '\n') {
			r->at.column++;
		}
		r->after_cr = c == '\r';
		if (c == ',' || c == '\n' || c == '\r') {
			status = feed(r, buf + piece, i + 1 - piece,
				      piece_start);
			if (status)
				return status;
			piece = i + 1;
			piece_start = r->at;
		}
	}
	if (piece < n)
		return feed(r, buf + piece, n - piece, piece_start);
	return 0;
}

static int open_csv(FILE **out, const char *path, cp_error *err)
{
	struct stat st;
	FILE *f = fopen(path, "rb");
	if (!f)
		return cp_fail(err, CP_EIO, path, 0, 0, "cannot open: %s",
			       strerror(errno));
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(f);
		return cp_fail(err, CP_EIO, path, 0, 0,
			       "is a directory (expected a CSV file)");
	}
	*out = f;
	return 0;
}

int cp_csv_read(const char *path, cp_csv_row_fn on_row, void *payload,
		cp_error *err)
{
	reader r;
	FILE *f = NULL;
	unsigned char *chunk = NULL;
	size_t n;
	int status, first = 1, parser_ready = 0;

	memset(&r, 0, sizeof(r));
	r.path = path;
	r.on_row = on_row;
	r.payload = payload;
	r.err = err;
	r.at.line = r.at.column = 1;
	r.next_start = r.at;
	cp_buf_init(&r.text);

	if ((status = open_csv(&f, path, err)))
		goto cleanup;
	chunk = malloc(CHUNK_SIZE);
	if (!chunk || csv_init(&r.parser, CSV_STRICT | CSV_STRICT_FINI)) {
		status = cp_fail_oom(err);
		goto cleanup;
	}
	parser_ready = 1;
	/* libcsv grows a field 128 bytes at a time unless told otherwise */
	csv_set_blk_size(&r.parser, CHUNK_SIZE);
	while ((n = fread(chunk, 1, CHUNK_SIZE, f)) > 0) {
		size_t skip = 0;
		if (first && n >= 3 && !memcmp(chunk, "\xEF\xBB\xBF", 3)) {
			skip = 3;
			r.at.offset = r.next_start.offset = 3;
		}
		first = 0;
		if ((status = scan_chunk(&r, chunk + skip, n - skip)))
			goto cleanup;
	}
	if (ferror(f)) {
		status = cp_fail(err, CP_EIO, path, 0, 0, "cannot read: %s",
				 strerror(errno));
		goto cleanup;
	}
	if (r.need) {
		status = cp_fail(
			err, CP_EDATA, path, r.lead.line, r.lead.column,
			"incomplete UTF-8 sequence at the end of the file "
			"(expected UTF-8 text)");
		goto cleanup;
	}
	if (csv_fini(&r.parser, on_field, on_record, &r) && !r.status) {
		status = cp_fail(
			err, CP_EDATA, path, r.next_start.line,
			r.next_start.column,
			"unterminated quoted field "
			"(expected a closing '\"' before the end of the file)");
		goto cleanup;
	}
	if ((status = r.status))
		goto cleanup;
	if (!r.records)
		status = cp_fail(err, CP_EDATA, path, 0, 0,
				 "empty file (expected a header row)");
cleanup:
	if (parser_ready)
		csv_free(&r.parser);
	if (f)
		fclose(f);
	free(chunk);
	free(r.fields);
	free(r.out);
	cp_buf_free(&r.text);
	return status;
}
