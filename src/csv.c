/*
 * CSV files streamed in strict mode, with the line and column of every
 * field, in one pass over the bytes for the rows most files are made of.
 *
 * A row that starts at the beginning of a line and holds, up to its line
 * end (LF or CR LF), no quote, no NUL, no CR and no byte above 0x7F is read
 * here as it is scanned (fast_rows()): cut at its commas, each field
 * trimmed of blanks as libcsv trims an unquoted field, and each ended in
 * place by a NUL. Its columns are its byte offsets, since every byte is
 * one character.
 *
 * Any other line goes through libcsv: libcsv reports fields but not where
 * they are, so a scan of the line ahead of it notes where every field
 * starts (after a ',' outside quotes, and where a row begins) and
 * libcsv's callbacks take those places in order. The same scan checks
 * UTF-8 and NUL bytes. Lines go this way until a row ends at a line end,
 * where the fast reading takes over again.
 *
 * A record at fault (a NUL byte, invalid UTF-8, a stray quote, a field too
 * long, too many fields) either stops the reading or, for a reader that
 * recovers (cp_csv_stream_recover), is reported and passed over: libcsv is
 * fed up to the fault, then started afresh, and the rest of the record is
 * read by a lenient rule of its own (skip_byte()) up to where it ends.
 */
#include "internal.h"

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define BLOCK_SIZE ((size_t)1 << 18)

typedef struct pos {
	size_t line, column;
	unsigned long long offset;
} pos;

typedef struct row_field {
	size_t offset, len, line, column;
} row_field;

/* Where the scan is: columns count code points since the line began. */
typedef struct place {
	unsigned long long offset;   /* of the next byte */
	unsigned long long line_off; /* where the line began */
	unsigned long long cont;     /* UTF-8 continuation bytes since */
	size_t line;
	int after_cr; /* the last byte was a CR */
} place;

/*
 * Where the rest of a record at fault is, as RFC 4180 reads it leniently: a
 * quote opens a quoted field only as a field's first character (after
 * blanks), two quotes in one are a quote, one alone closes it, and a quote
 * elsewhere is text. The record ends at a line end outside quotes.
 */
enum { SKIP_FIELD_START, SKIP_UNQUOTED, SKIP_QUOTED, SKIP_QUOTED_QUOTE };

/* libcsv's parser states (libcsv.c), read to carry on from where it was. */
enum { LIBCSV_ROW_NOT_BEGUN, LIBCSV_FIELD_NOT_BEGUN, LIBCSV_FIELD_BEGUN };

typedef struct reader {
	const char *path;
	cp_csv_row_fn on_row;
	cp_csv_fault_fn on_fault; /* NULL: a fault stops the reading */
	void *payload;
	cp_error *err;
	int status;
	cp_error fault; /* the fault of the record being read */
	int record_bad; /* the record has too many fields: libcsv reads on */
	/* passing over the rest of a record at fault */
	int skipping, skip_state;
	pos skip_quote; /* where the quoted field being passed over opened */
	struct csv_parser parser;
	/* the record being assembled */
	cp_buf text;
	row_field *fields;
	size_t n_fields, cap_fields;
	cp_csv_field *out;
	size_t cap_out;
	size_t records;
	/* the scan */
	place at;
	int in_quotes, row_begun;
	pos field_start; /* of the field being scanned, when row_begun */
	/* starts of the fields scanned but not yet reported by libcsv */
	pos *starts;
	size_t head, n_starts, cap_starts;
	/* where a fault of the scan starts, when not at the byte scanned */
	unsigned long long fault_offset;
	cp_error pending; /* the fault the scan or libcsv found */
	/* an open UTF-8 sequence */
	int need;
	unsigned char lo, hi, lead_byte;
	pos lead;
} reader;

/* Bytes the scan looks at; every other byte just moves along the line. */
enum { PLAIN, SPECIAL };
static unsigned char byte_class[256];

static void init_classes(void)
{
	int c;
	for (c = 0x80; c < 0x100; c++)
		byte_class[c] = SPECIAL;
	byte_class[0] = byte_class['"'] = byte_class[','] = SPECIAL;
	byte_class['\r'] = byte_class['\n'] = SPECIAL;
}

static pos here(const place *at)
{
	pos p;
	p.line = at->line;
	p.column = (size_t)(at->offset - at->line_off - at->cont) + 1;
	p.offset = at->offset;
	return p;
}

/* Moves at over one byte: lines end at LF, at CR LF and at a lone CR. */
static void step(place *at, unsigned char c)
{
	if (c == '\r' || c == '\n') {
		if (c == '\r' || !at->after_cr)
			at->line++;
		at->line_off = at->offset + 1;
		at->cont = 0;
	} else if ((c & 0xC0) == 0x80) {
		at->cont++;
	}
	at->after_cr = c == '\r';
	at->offset++;
}

static void on_field(void *data, size_t len, void *payload)
{
	reader *r = payload;
	row_field *f;
	pos start;
	if (r->status)
		return;
	start = r->head < r->n_starts ? r->starts[r->head++] : r->field_start;
	if (r->record_bad)
		return;
	if (r->n_fields >= CP_COLUMNS_MAX) {
		/* the record is at fault, but libcsv can read past it */
		cp_fail(&r->fault, CP_EDATA, r->path, start.line, start.column,
			"row has more than %d fields", CP_COLUMNS_MAX);
		r->record_bad = 1;
		return;
	}
	if (r->n_fields == r->cap_fields &&
	    cp_grow((void **)&r->fields, &r->cap_fields, r->n_fields + 1,
		    sizeof(*r->fields))) {
		r->status = cp_fail_oom(r->err);
		return;
	}
	f = &r->fields[r->n_fields++];
	f->offset = r->text.size;
	f->len = data ? len : 0;
	f->line = start.line;
	f->column = start.column;
	/* CSV_APPEND_NULL: libcsv ends the field with a NUL, copied with it */
	if (cp_buf_put(&r->text, data ? data : "", f->len + 1))
		r->status = cp_fail_oom(r->err);
}

static int report_fault(reader *r, size_t line);

static void on_record(int terminator, void *payload)
{
	reader *r = payload;
	size_t i;
	(void)terminator;
	if (r->status)
		return;
	if (r->record_bad) {
		r->status = report_fault(r, r->fields[0].line);
		r->n_fields = 0;
		cp_buf_clear(&r->text);
		return;
	}
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

/* libcsv stopped at byte bad of the block, which begins at block_start: a
 * quote strict mode forbids, or a byte after a closing quote. */
static void fail_strict(reader *r, const unsigned char *block, size_t bad,
			size_t avail, place block_start)
{
	char found[16];
	size_t i;
	pos where;
	for (i = 0; i < bad; i++)
		step(&block_start, block[i]);
	where = here(&block_start);
	if (block[bad] == '"') {
		cp_fail(&r->pending, CP_EDATA, r->path, where.line,
			where.column,
			"unexpected '\"' inside an unquoted field "
			"(expected the whole field in double quotes, "
			"with \"\" for each quote inside it)");
		return;
	}
	/* the whole character, and a control byte escaped */
	cp_quote_excerpt(found, sizeof(found), (const char *)block + bad,
			 utf8_char_len(block + bad, avail - bad), 1);
	cp_fail(&r->pending, CP_EDATA, r->path, where.line, where.column,
		"unexpected '%s' after a closing quote "
		"(expected ',' or the end of the line)",
		found);
}

/*
 * Hands len bytes to libcsv; the fields they end come back. Returns 0, a
 * negative code that stops the reading, or 1 when libcsv refused byte
 * *done (strict mode).
 */
static int feed(reader *r, const unsigned char *block, size_t len, size_t *done)
{
	*done = len;
	if (!len)
		return 0;
	*done = csv_parse(&r->parser, block, len, on_field, on_record, r);
	if (r->status)
		return r->status;
	if (*done < len) {
		if (csv_error(&r->parser) == CSV_ENOMEM)
			return cp_fail_oom(r->err);
		return 1;
	}
	/* the starts not yet taken belong to the field still open */
	if (r->n_starts > r->head)
		memmove(r->starts, r->starts + r->head,
			(r->n_starts - r->head) * sizeof(*r->starts));
	r->n_starts -= r->head;
	r->head = 0;
	return 0;
}

static int push_start(reader *r, pos start)
{
	if (cp_grow((void **)&r->starts, &r->cap_starts, r->n_starts + 1,
		    sizeof(*r->starts)))
		return cp_fail_oom(r->err);
	r->starts[r->n_starts++] = start;
	r->field_start = start;
	return 0;
}

static int check_field_length(reader *r)
{
	if (r->row_begun && r->at.offset - r->field_start.offset > CP_FIELD_MAX)
		return cp_fail(&r->pending, CP_EDATA, r->path,
			       r->field_start.line, r->field_start.column,
			       "field longer than %zu bytes "
			       "(is a closing quote missing?)",
			       CP_FIELD_MAX);
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
	r->lead = here(&r->at);
	r->lead_byte = c;
	return 0;
}

static int fail_utf8(reader *r, pos where, unsigned char c)
{
	return cp_fail(&r->pending, CP_EDATA, r->path, where.line, where.column,
		       "invalid UTF-8 byte 0x%02X (expected UTF-8 text)", c);
}

/* One byte the scan must look at; 0, or a fault at that byte. */
static int scan_byte(reader *r, unsigned char c)
{
	int status = 0;
	if (r->need) {
		if (c < r->lo || c > r->hi) {
			r->fault_offset = r->lead.offset;
			return fail_utf8(r, r->lead, r->lead_byte);
		}
		r->need--;
		r->lo = 0x80;
		r->hi = 0xBF;
		step(&r->at, c);
		return 0;
	}
	if (c == 0)
		return cp_fail(&r->pending, CP_EDATA, r->path, r->at.line,
			       here(&r->at).column,
			       "NUL byte (expected UTF-8 text; "
			       "is this a binary file?)");
	if (c >= 0x80 && utf8_lead(r, c))
		return fail_utf8(r, here(&r->at), c);
	/* libcsv skips blanks before a row and reports no empty row */
	if (!r->row_begun && c != ' ' && c != '\t' && c != '\r' && c != '\n') {
		pos line_start;
		line_start.line = r->at.line;
		line_start.column = 1;
		line_start.offset = r->at.line_off;
		r->row_begun = 1;
		if ((status = push_start(r, line_start)))
			return status;
	}
	if (c == '"') {
		r->in_quotes = !r->in_quotes;
	} else if (!r->in_quotes && r->row_begun &&
		   (c == ',' || c == '\r' || c == '\n')) {
		if ((status = check_field_length(r)))
			return status;
		if (c != ',')
			r->row_begun = 0;
	}
	step(&r->at, c);
	if (c == ',' && !r->in_quotes && r->row_begun)
		return push_start(r, here(&r->at));
	return 0;
}

/* Scans block[*i..n) up to a fault, with *i left at the byte where the
 * scan found it; 0 when the whole is scanned. */
static int scan_bytes(reader *r, const unsigned char *block, size_t *i,
		      size_t n)
{
	int status;
	while (*i < n) {
		if (r->row_begun && !r->need) {
			size_t from = *i;
			while (*i < n && byte_class[block[*i]] == PLAIN)
				(*i)++;
			r->at.offset += *i - from;
			r->at.after_cr = r->at.after_cr && *i == from;
			if (*i == n)
				break;
		}
		if ((status = scan_byte(r, block[*i])))
			return status;
		(*i)++;
	}
	return check_field_length(r);
}

/* The line a record at fault starts on: its first field's, read or not. */
static size_t fault_record_line(const reader *r)
{
	if (r->n_fields)
		return r->fields[0].line;
	if (r->head < r->n_starts)
		return r->starts[r->head].line;
	return r->fault.line;
}

/* Where the lenient reading of a record carries on from libcsv's state. */
static int skip_state_of(const struct csv_parser *p)
{
	if (p->pstate == LIBCSV_ROW_NOT_BEGUN ||
	    p->pstate == LIBCSV_FIELD_NOT_BEGUN)
		return SKIP_FIELD_START;
	if (p->pstate == LIBCSV_FIELD_BEGUN)
		return p->quoted ? SKIP_QUOTED : SKIP_UNQUOTED;
	/* a quote in a quoted field; blanks after it ended the quoting */
	return p->spaces ? SKIP_UNQUOTED : SKIP_QUOTED_QUOTE;
}

/* Reports the record's fault: the caller's, or one that stops the read. */
static int report_fault(reader *r, size_t line)
{
	r->record_bad = 0;
	r->records++;
	if (!r->on_fault) {
		if (r->err)
			*r->err = r->fault;
		return CP_EDATA;
	}
	return r->on_fault(r->payload, &r->fault, line);
}

/*
 * The record read up to here is at fault (r->pending, unless too many
 * fields came first): reports it, drops what libcsv and the scan hold of
 * it, and passes over its rest from skip_state on. Returns 0 or the code
 * that stops the reading.
 */
static int recover(reader *r, int skip_state)
{
	int status;
	if (!r->record_bad)
		r->fault = r->pending;
	r->skip_quote =
		r->head < r->n_starts ? r->starts[r->head] : r->field_start;
	if ((status = report_fault(r, fault_record_line(r))))
		return status;
	csv_free(&r->parser);
	csv_init(&r->parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL);
	csv_set_blk_size(&r->parser, 65536);
	r->n_fields = r->head = r->n_starts = 0;
	cp_buf_clear(&r->text);
	r->in_quotes = r->row_begun = r->need = 0;
	r->skipping = 1;
	r->skip_state = skip_state;
	return 0;
}

/* One byte of a record passed over; 1 when it ends the record. */
static int skip_byte(reader *r, unsigned char c)
{
	int eol = c == '\r' || c == '\n';
	switch (r->skip_state) {
	case SKIP_FIELD_START:
		if (c == '"') {
			r->skip_quote = here(&r->at);
			r->skip_state = SKIP_QUOTED;
		} else if (c != ' ' && c != '\t' && c != ',' && !eol) {
			r->skip_state = SKIP_UNQUOTED;
		}
		break;
	case SKIP_UNQUOTED:
		if (c == ',')
			r->skip_state = SKIP_FIELD_START;
		break;
	case SKIP_QUOTED:
		if (c == '"')
			r->skip_state = SKIP_QUOTED_QUOTE;
		return 0;
	default:
		r->skip_state = c == '"'   ? SKIP_QUOTED
				: c == ',' ? SKIP_FIELD_START
					   : SKIP_UNQUOTED;
		break;
	}
	return eol && r->skip_state != SKIP_QUOTED;
}

static int scan_slow(reader *r, const unsigned char *block, size_t n)
{
	place base_place = r->at; /* of block[base] */
	size_t i = 0, base = 0, end, done, k;
	int status, fed;

	while (i < n) {
		if (r->skipping) {
			while (i < n && r->skipping) {
				r->skipping = !skip_byte(r, block[i]);
				step(&r->at, block[i++]);
			}
			base = i;
			base_place = r->at;
			continue;
		}
		r->fault_offset = ULLONG_MAX;
		status = scan_bytes(r, block, &i, n);
		if (status && status != CP_EDATA)
			return status;
		/*
		 * What comes before a fault is read first: its rows, or its
		 * error. A bad UTF-8 sequence is at fault from its first byte.
		 */
		end = n;
		if (status) {
			unsigned long long at = r->fault_offset < r->at.offset
							? r->fault_offset
							: r->at.offset;
			end = at > base_place.offset
				      ? base + (size_t)(at - base_place.offset)
				      : base;
		}
		if ((fed = feed(r, block + base, end - base, &done)) < 0)
			return fed;
		if (!fed && !status)
			return 0;
		/* the place of the fault's first byte, or of libcsv's */
		r->at = base_place;
		for (k = base; k < base + done; k++)
			step(&r->at, block[k]);
		if (fed) {
			if (!r->record_bad)
				fail_strict(r, block + base, done, end - base,
					    base_place);
			/* the byte refused is text to a lenient reading */
			step(&r->at, block[base + done]);
			status = recover(r, SKIP_UNQUOTED);
			i = base + done + 1;
		} else {
			status = recover(r, skip_state_of(&r->parser));
			i = end;
		}
		if (status)
			return status;
	}
	return 0;
}

/*
 * Whether the reading stands where a row may begin on a fresh line, with
 * nothing of libcsv, the scan or a record at fault left open.
 */
static int at_line_start(const reader *r)
{
	return !r->skipping && !r->row_begun && !r->in_quotes && !r->need &&
	       !r->record_bad && !r->n_fields && r->head == r->n_starts &&
	       r->parser.pstate == LIBCSV_ROW_NOT_BEGUN && !r->at.after_cr &&
	       r->at.offset == r->at.line_off;
}

/* What a byte is to the fast reading; every other byte is text. */
enum { FAST_TEXT, FAST_COMMA, FAST_LF, FAST_OTHER };
static unsigned char fast_class[256];

static void init_fast_classes(void)
{
	int c;
	for (c = 0x80; c < 0x100; c++)
		fast_class[c] = FAST_OTHER;
	fast_class[0] = fast_class['"'] = fast_class['\r'] = FAST_OTHER;
	fast_class[','] = FAST_COMMA;
	fast_class['\n'] = FAST_LF;
}

static int is_blank(unsigned char c)
{
	return c == ' ' || c == '\t';
}

/*
 * Reads the rows of block[*i..n) that the fast reading can, line by line
 * (see the top of this file), and leaves *i at the first line it cannot:
 * one with another byte, too many fields, or no line end in the block.
 * Returns 0 or the code a row's callback stopped the reading with.
 */
static int fast_rows(reader *r, unsigned char *block, size_t *i, size_t n)
{
	while (*i < n) {
		unsigned char *line = block + *i, cls = FAST_TEXT;
		size_t avail = n - *i, k, nf = 0, start = 0, end, len;
		int blank = 1;
		for (k = 0; k < avail; k++) {
			cls = fast_class[line[k]];
			if (cls == FAST_TEXT) {
				blank &= is_blank(line[k]);
				continue;
			}
			if (cls != FAST_COMMA)
				break;
			blank = 0;
			if (nf + 1 >= CP_COLUMNS_MAX)
				return 0;
			if (nf == r->cap_out &&
			    cp_grow((void **)&r->out, &r->cap_out, nf + 1,
				    sizeof(*r->out)))
				return cp_fail_oom(r->err);
			r->out[nf].text = (const char *)line + start;
			r->out[nf++].len = k - start;
			start = k + 1;
		}
		if (k == avail)
			return 0;
		len = k + 1;
		end = k;
		if (cls != FAST_LF) {
			/* a CR ends the line only before its LF */
			if (line[k] != '\r' || k + 1 == avail ||
			    line[k + 1] != '\n')
				return 0;
			len++;
		}
		if (!blank) {
			size_t f;
			if (nf == r->cap_out &&
			    cp_grow((void **)&r->out, &r->cap_out, nf + 1,
				    sizeof(*r->out)))
				return cp_fail_oom(r->err);
			r->out[nf].text = (const char *)line + start;
			r->out[nf++].len = end - start;
			for (f = 0; f < nf; f++) {
				cp_csv_field *field = &r->out[f];
				unsigned char *s = (unsigned char *)field->text,
					      *e = s + field->len;
				field->line = r->at.line;
				field->column = f ? (size_t)(s - line) + 1 : 1;
				while (s < e && is_blank(*s))
					s++;
				while (e > s && is_blank(e[-1]))
					e--;
				*e = '\0';
				field->text = (const char *)s;
				field->len = (size_t)(e - s);
			}
		}
		*i += len;
		r->at.offset += len;
		r->at.line_off = r->at.offset;
		r->at.line++;
		if (!blank) {
			int status;
			r->records++;
			if ((status = r->on_row(r->payload, r->out, nf)))
				return status;
		}
	}
	return 0;
}

/*
 * Reads a block: the fast way where it can, else a line at a time through
 * libcsv, until a row ends at a line end and the fast way can go on.
 */
static int scan_block(reader *r, unsigned char *block, size_t n)
{
	size_t i = 0;
	int status;
	while (i < n) {
		const unsigned char *lf;
		size_t end;
		if (at_line_start(r)) {
			if ((status = fast_rows(r, block, &i, n)))
				return status;
			if (i == n)
				break;
		}
		lf = memchr(block + i, '\n', n - i);
		end = lf ? (size_t)(lf - block) + 1 : n;
		if ((status = scan_slow(r, block + i, end - i)))
			return status;
		i = end;
	}
	return 0;
}

/* What a file that is not a regular file is, for a message. */
static const char *file_kind(mode_t mode)
{
	return S_ISDIR(mode)	? "a directory"
	       : S_ISFIFO(mode) ? "a FIFO"
	       : S_ISSOCK(mode) ? "a socket"
	       : S_ISCHR(mode)	? "a character device"
	       : S_ISBLK(mode)	? "a block device"
				: "not a regular file";
}

/*
 * Opens a graph's CSV file: a regular file only, since a FIFO or a device
 * may never end. O_NONBLOCK keeps open() itself from waiting for a FIFO's
 * writer; it means nothing to a regular file.
 */
static int open_csv(int *out, const char *path, cp_error *err)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return cp_fail(err, CP_EIO, path, 0, 0, "cannot open: %s",
			       strerror(errno));
	if (fstat(fd, &st)) {
		int status = cp_fail(err, CP_EIO, path, 0, 0, "cannot open: %s",
				     strerror(errno));
		close(fd);
		return status;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return cp_fail(err, CP_EIO, path, 0, 0,
			       "is %s (expected a CSV file)",
			       file_kind(st.st_mode));
	}
	*out = fd;
	return 0;
}

/* Fills block from fd, short only at the end of the file. */
static ssize_t read_block(int fd, unsigned char *block, size_t size)
{
	size_t got = 0;
	while (got < size) {
		ssize_t n = read(fd, block + got, size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (!n)
			break;
		got += (size_t)n;
	}
	return (ssize_t)got;
}

/* Where the bytes come from: a file descriptor, or a stdio stream. */
typedef struct source {
	int fd;
	FILE *file;
} source;

static ssize_t fill(source *src, unsigned char *block, size_t size)
{
	size_t n;
	if (!src->file)
		return read_block(src->fd, block, size);
	n = fread(block, 1, size, src->file);
	return ferror(src->file) ? -1 : (ssize_t)n;
}

static int read_source(source *src, const char *path, cp_csv_row_fn on_row,
		       cp_csv_fault_fn on_fault, void *payload, cp_error *err)
{
	static pthread_once_t classes_once = PTHREAD_ONCE_INIT;
	static pthread_once_t fast_once = PTHREAD_ONCE_INIT;
	reader r;
	unsigned char *block = NULL;
	ssize_t n;
	int status = 0, first = 1, parser_ready = 0;

	pthread_once(&classes_once, init_classes);
	pthread_once(&fast_once, init_fast_classes);
	memset(&r, 0, sizeof(r));
	r.path = path;
	r.on_row = on_row;
	r.on_fault = on_fault;
	r.payload = payload;
	r.err = err;
	r.at.line = 1;
	cp_buf_init(&r.text);

	block = malloc(BLOCK_SIZE);
	if (!block || csv_init(&r.parser, CSV_STRICT | CSV_STRICT_FINI |
						  CSV_APPEND_NULL)) {
		status = cp_fail_oom(err);
		goto cleanup;
	}
	parser_ready = 1;
	/* libcsv grows a field 128 bytes at a time unless told otherwise */
	csv_set_blk_size(&r.parser, 65536);
	while ((n = fill(src, block, BLOCK_SIZE)) > 0) {
		size_t skip = 0;
		if (first && n >= 3 && !memcmp(block, "\xEF\xBB\xBF", 3)) {
			skip = 3;
			r.at.offset = r.at.line_off = 3;
		}
		first = 0;
		if ((status = scan_block(&r, block + skip, (size_t)n - skip)))
			goto cleanup;
	}
	if (n < 0) {
		status = cp_fail(err, CP_EIO, path, 0, 0, "cannot read: %s",
				 strerror(errno));
		goto cleanup;
	}
	if (r.need) {
		if (!r.record_bad)
			cp_fail(&r.pending, CP_EDATA, path, r.lead.line,
				r.lead.column,
				"incomplete UTF-8 sequence at the end of the "
				"file (expected UTF-8 text)");
		if ((status = recover(&r, skip_state_of(&r.parser))))
			goto cleanup;
	}
	if (r.skipping ? r.skip_state == SKIP_QUOTED
		       : csv_fini(&r.parser, on_field, on_record, &r) &&
				 !r.status) {
		pos quote = r.skipping ? r.skip_quote : r.field_start;
		/* a record with too many fields says so first */
		if (r.record_bad &&
		    (status = report_fault(&r, r.fields[0].line)))
			goto cleanup;
		status = cp_fail(
			err, CP_EDATA, path, quote.line, quote.column,
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
	free(block);
	free(r.fields);
	free(r.out);
	free(r.starts);
	cp_buf_free(&r.text);
	return status;
}

int cp_csv_read(const char *path, cp_csv_row_fn on_row, void *payload,
		cp_error *err)
{
	source src = {-1, NULL};
	int status = open_csv(&src.fd, path, err);
	if (status)
		return status;
	status = read_source(&src, path, on_row, NULL, payload, err);
	close(src.fd);
	return status;
}

int cp_csv_stream(FILE *in, const char *name, cp_csv_row_fn on_row,
		  void *payload, cp_error *err)
{
	source src = {-1, in};
	return read_source(&src, name, on_row, NULL, payload, err);
}

int cp_csv_stream_recover(FILE *in, const char *name, cp_csv_row_fn on_row,
			  cp_csv_fault_fn on_fault, void *payload,
			  cp_error *err)
{
	source src = {-1, in};
	return read_source(&src, name, on_row, on_fault, payload, err);
}
