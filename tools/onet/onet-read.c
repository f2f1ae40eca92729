/*
 * The O*NET importer's tables (see onet-read.h): every rule it applies is
 * written in graphs/onet/README.md; the comments here say why the code is
 * shaped as it is.
 */
#define _POSIX_C_SOURCE 200809L
#include "onet-read.h"

#include <csv.h>

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define E_DATA ONET_E_DATA
#define E_IO ONET_E_IO
#define E_NOMEM ONET_E_NOMEM

#define SKILLS_MAX 128
/* Occupation Data's rows in a release: fewer is an extract (the tests'),
 * whose tables are not held to a release's length. */
#define RELEASE_OCCUPATIONS 1016
#define RL_MAX 12 /* Required Level of Education categories 1..12 */
#define RW_MAX 11 /* Related Work Experience categories 1..11 */
#define TOP_SKILLS 3
#define NOT_RATED (-2)
#define UNUSABLE (-1)
#define WAGE_SOURCE "BLS OEWS May 2024 national"
#define OUTLOOK_SOURCE "BLS Employment Projections 2024-34, Table 1.2"
#define EN_DASH "\xe2\x80\x93"

/* The least related work experience each RW category allows, in months. */
static const int experience_months[RW_MAX + 1] = {0,  0,  0,  1,  3,  6,
						  12, 24, 48, 72, 96, 120};
static const char *program = "onet-import";

/* ---- small helpers ---- */

int sbuf_put(sbuf *b, const char *s, size_t n)
{
	if (n >= SIZE_MAX / 2 - b->len)
		return E_NOMEM;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		char *p;
		while (cap < b->len + n + 1)
			cap *= 2;
		if (!(p = realloc(b->ptr, cap)))
			return E_NOMEM;
		b->ptr = p;
		b->cap = cap;
	}
	memcpy(b->ptr + b->len, s, n);
	b->len += n;
	b->ptr[b->len] = '\0';
	return 0;
}

int sbuf_puts(sbuf *b, const char *s)
{
	return sbuf_put(b, s, strlen(s));
}

static int sbuf_vprintf(sbuf *b, const char *fmt, va_list ap)
{
	va_list again;
	int n;
	va_copy(again, ap);
	n = vsnprintf(NULL, 0, fmt, again);
	va_end(again);
	if (n < 0 || sbuf_put(b, "", 0) || (size_t)n >= SIZE_MAX / 2 - b->len)
		return E_NOMEM;
	if (b->len + (size_t)n + 1 > b->cap) {
		char *p = realloc(b->ptr, b->len + (size_t)n + 1);
		if (!p)
			return E_NOMEM;
		b->ptr = p;
		b->cap = b->len + (size_t)n + 1;
	}
	vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return 0;
}

int sbuf_printf(sbuf *b, const char *fmt, ...)
{
	va_list ap;
	int status;
	va_start(ap, fmt);
	status = sbuf_vprintf(b, fmt, ap);
	va_end(ap);
	return status;
}

void sbuf_free(sbuf *b)
{
	free(b->ptr);
	memset(b, 0, sizeof(*b));
}

static int grow(void **ptr, size_t *cap, size_t need, size_t size)
{
	size_t n = *cap ? *cap : 16;
	void *p;
	if (need <= *cap)
		return 0;
	while (n < need) {
		if (n > SIZE_MAX / 2 / size)
			return E_NOMEM;
		n *= 2;
	}
	if (!(p = realloc(*ptr, n * size)))
		return E_NOMEM;
	*ptr = p;
	*cap = n;
	return 0;
}

static void report(const onet_reporter *reporter, const char *message)
{
	if (reporter && reporter->report)
		reporter->report(message, reporter->payload);
	else
		fprintf(stderr, "%s: %s\n", program, message);
}

/* The file being read, as messages name it, and where its failures go. */
typedef struct reading {
	const char *path;
	const onet_reporter *reporter;
} reading;

static int fail_at(const reading *in, size_t line, size_t col, const char *fmt,
		   ...) __attribute__((format(printf, 4, 5)));

static int fail_at(const reading *in, size_t line, size_t col, const char *fmt,
		   ...)
{
	sbuf message = {0};
	va_list ap;
	int status;
	va_start(ap, fmt);
	status = sbuf_printf(&message, "%s:%zu:%zu: ", in->path, line, col) ||
		 sbuf_vprintf(&message, fmt, ap);
	va_end(ap);
	report(in->reporter, status ? "out of memory" : message.ptr);
	sbuf_free(&message);
	return status ? E_NOMEM : E_DATA;
}

int onet_fail_io(const onet_reporter *reporter, const char *what,
		 const char *path)
{
	const char *reason = strerror(errno);
	sbuf message = {0};
	report(reporter,
	       sbuf_printf(&message, "cannot %s '%s': %s", what, path, reason)
		       ? "out of memory"
		       : message.ptr);
	sbuf_free(&message);
	return E_IO;
}

int onet_fail_nomem(const onet_reporter *reporter)
{
	report(reporter, "out of memory");
	return E_NOMEM;
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t';
}

/*
 * The key careerpath looks a name up by: ASCII case folded, white space
 * trimmed and runs of it made one space. Aliases are compared by it so
 * that none is kept that the loader would treat as the same name.
 */
static int name_key(sbuf *out, const char *s)
{
	int pending = 0;
	out->len = 0;
	if (sbuf_put(out, "", 0))
		return E_NOMEM;
	while (is_space(*s))
		s++;
	for (; *s; s++) {
		char c = lower(*s);
		if (is_space(*s)) {
			pending = 1;
			continue;
		}
		if ((pending && sbuf_put(out, " ", 1)) || sbuf_put(out, &c, 1))
			return E_NOMEM;
		pending = 0;
	}
	return 0;
}

/* ---- tab-separated input through libcsv ---- */

typedef struct field {
	const char *text; /* NUL-terminated, as written in the file */
	size_t len, line, col;
} field;

typedef int (*row_fn)(void *ctx, const reading *in, const field *cols);

typedef struct tsv {
	const reading *in;
	const char *const *want; /* the columns asked for, by header name */
	size_t n_want;
	size_t map[16]; /* position in the file of each column asked for */
	row_fn on_row;
	void *ctx;
	int status;
	int have_header;
	size_t n_header;
	size_t rows; /* past the header */
	/* the record being assembled */
	const char *line_start;
	size_t line, line_offset;
	sbuf text;
	size_t *offsets, *lens, *cols;
	size_t n_fields, cap_offsets, cap_lens, cap_cols;
	field *out;
	size_t cap_out;
} tsv;

static size_t char_col(const char *start, size_t bytes)
{
	size_t i, col = 1;
	for (i = 0; i < bytes; i++)
		col += ((unsigned char)start[i] & 0xC0) != 0x80;
	return col;
}

/*
 * Fields are never quoted and never trimmed in these files, so a field
 * reported by libcsv took exactly its length plus one tab from the line:
 * that gives its column without asking the parser.
 */
static void on_field(void *data, size_t len, void *payload)
{
	tsv *r = payload;
	size_t i = r->n_fields;
	if (r->status)
		return;
	if (len > ONET_FIELD_MAX) {
		r->status = fail_at(r->in, r->line,
				    char_col(r->line_start, r->line_offset),
				    "field of %zu bytes, longer than %d "
				    "(expected a code, a title or a number)",
				    len, ONET_FIELD_MAX);
		return;
	}
	if (grow((void **)&r->offsets, &r->cap_offsets, i + 1,
		 sizeof(size_t)) ||
	    grow((void **)&r->lens, &r->cap_lens, i + 1, sizeof(size_t)) ||
	    grow((void **)&r->cols, &r->cap_cols, i + 1, sizeof(size_t))) {
		r->status = onet_fail_nomem(r->in->reporter);
		return;
	}
	r->offsets[i] = r->text.len;
	r->lens[i] = len;
	r->cols[i] = char_col(r->line_start, r->line_offset);
	r->line_offset += len + 1;
	if (sbuf_put(&r->text, data ? data : "", data ? len : 0) ||
	    sbuf_put(&r->text, "", 1)) {
		r->status = onet_fail_nomem(r->in->reporter);
		return;
	}
	r->n_fields++;
}

static int same_header(const char *have, const char *want)
{
	while (is_space(*have))
		have++;
	for (; *want; have++, want++)
		if (lower(*have) != lower(*want))
			return 0;
	while (is_space(*have))
		have++;
	return !*have;
}

static int take_header(tsv *r)
{
	size_t i, j;
	r->n_header = r->n_fields;
	for (i = 0; i < r->n_want; i++) {
		size_t found = SIZE_MAX;
		for (j = 0; j < r->n_fields; j++) {
			if (!same_header(r->text.ptr + r->offsets[j],
					 r->want[i]))
				continue;
			if (found != SIZE_MAX)
				return fail_at(r->in, r->line, r->cols[j],
					       "column '%s' appears twice "
					       "(columns %zu and %zu)",
					       r->want[i], found + 1, j + 1);
			found = j;
		}
		if (found == SIZE_MAX)
			return fail_at(r->in, r->line, 1, "missing column '%s'",
				       r->want[i]);
		r->map[i] = found;
	}
	r->have_header = 1;
	return 0;
}

static void on_record(int terminator, void *payload)
{
	tsv *r = payload;
	size_t i;
	(void)terminator;
	if (r->status)
		return;
	if (!r->have_header) {
		r->status = take_header(r);
	} else if (r->n_fields != r->n_header) {
		r->status = fail_at(r->in, r->line, 1,
				    "row has %zu fields, the header has %zu",
				    r->n_fields, r->n_header);
	} else if (grow((void **)&r->out, &r->cap_out, r->n_want,
			sizeof(field))) {
		r->status = onet_fail_nomem(r->in->reporter);
	} else {
		for (i = 0; i < r->n_want; i++) {
			size_t at = r->map[i];
			r->out[i].text = r->text.ptr + r->offsets[at];
			r->out[i].len = r->lens[at];
			r->out[i].line = r->line;
			r->out[i].col = r->cols[at];
		}
		r->rows++;
		r->status = r->on_row(r->ctx, r->in, r->out);
	}
	r->n_fields = 0;
	r->text.len = 0;
}

/*
 * Text only: UTF-8 as RFC 3629 has it (no overlong forms, no surrogates,
 * nothing past U+10FFFF), no control characters but the tab, so that
 * every cell can be quoted in a message and written to the graph as is.
 */
static int check_line(const tsv *r, const char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		unsigned char lo = 0x80, hi = 0xBF;
		size_t need = 0, k;
		if (c < 0x80) {
			if ((c < 0x20 && c != '\t') || c == 0x7F)
				return fail_at(r->in, r->line, char_col(s, i),
					       "control character 0x%02x", c);
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF)
			need = 1;
		else if (c >= 0xE0 && c <= 0xEF)
			need = 2;
		else if (c >= 0xF0 && c <= 0xF4)
			need = 3;
		/* the second byte's range narrows after these leads */
		if (c == 0xE0)
			lo = 0xA0;
		else if (c == 0xED)
			hi = 0x9F;
		else if (c == 0xF0)
			lo = 0x90;
		else if (c == 0xF4)
			hi = 0x8F;
		for (k = 1; need && k <= need; k++) {
			if (i + k >= len || (unsigned char)s[i + k] < lo ||
			    (unsigned char)s[i + k] > hi)
				need = 0;
			lo = 0x80;
			hi = 0xBF;
		}
		if (!need)
			return fail_at(r->in, r->line, char_col(s, i),
				       "byte 0x%02x is not UTF-8 text", c);
		i += need + 1;
	}
	return 0;
}

static int no_space(unsigned char c)
{
	(void)c;
	return 0;
}

static int is_newline(unsigned char c)
{
	return c == '\n';
}

static int read_file(const onet_reporter *reporter, const char *path, sbuf *out)
{
	char chunk[65536];
	size_t n;
	FILE *f = fopen(path, "rb");
	if (!f)
		return onet_fail_io(reporter, "open", path);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if (sbuf_put(out, chunk, n)) {
			fclose(f);
			return onet_fail_nomem(reporter);
		}
	if (ferror(f)) {
		fclose(f);
		return onet_fail_io(reporter, "read", path);
	}
	fclose(f);
	return sbuf_put(out, "", 0) ? onet_fail_nomem(reporter) : 0;
}

/*
 * Reads a tab-separated file with a header row, calling on_row with the
 * columns named in want, in that order. The first title_lines lines are a
 * title above the header (BLS tables have one) and are skipped. Lines end
 * at LF (a CR before it is dropped); blank lines are skipped; a UTF-8
 * byte-order mark is skipped.
 * libcsv splits each line at tabs: its quote character is set to 0xFF,
 * a byte that UTF-8 text never holds, because O*NET does not quote fields
 * and a '"' in a title is a character like any other.
 */
static int read_tsv(const reading *in, const char *text, size_t text_len,
		    size_t title_lines, const char *const *want, size_t n_want,
		    row_fn on_row, void *ctx, size_t *rows, size_t *lines)
{
	struct csv_parser parser;
	tsv r;
	const char *s, *end;
	int status;

	memset(&r, 0, sizeof(r));
	r.in = in;
	r.want = want;
	r.n_want = n_want;
	r.on_row = on_row;
	r.ctx = ctx;
	if (csv_init(&parser, 0)) {
		status = onet_fail_nomem(in->reporter);
		goto cleanup;
	}
	csv_set_delim(&parser, '\t');
	csv_set_quote(&parser, 0xFF);
	csv_set_space_func(&parser, no_space);
	csv_set_term_func(&parser, is_newline);
	s = text;
	end = text + text_len;
	if (text_len >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3))
		s += 3;
	while (s < end && !r.status) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		const char *stop = nl ? nl : end;
		size_t len;
		r.line++;
		len = (size_t)(stop - s);
		if (len && s[len - 1] == '\r')
			len--;
		if ((r.status = check_line(&r, s, len)))
			break;
		if (len && r.line > title_lines) {
			r.line_start = s;
			r.line_offset = 0;
			if (csv_parse(&parser, s, len, on_field, on_record,
				      &r) != len ||
			    csv_parse(&parser, "\n", 1, on_field, on_record,
				      &r) != 1) {
				if (!r.status)
					r.status =
						fail_at(in, r.line, 1, "%s",
							csv_strerror(csv_error(
								&parser)));
				break;
			}
		}
		s = nl ? nl + 1 : end;
	}
	if (!r.status && !r.have_header)
		r.status = fail_at(in, 1, 1,
				   "empty file (expected a header "
				   "row)");
	status = r.status;
	*rows = r.rows;
	*lines = r.line;
	csv_free(&parser);
cleanup:
	sbuf_free(&r.text);
	free(r.offsets);
	free(r.lens);
	free(r.cols);
	free(r.out);
	return status;
}

/* O*NET writes "n/a" where a value does not apply; Excel leaves it empty. */
static int is_blank(const field *f)
{
	return f->len == 0 || !strcmp(f->text, "n/a");
}

/* 1: blank or n/a, 0: a finite number in *out, E_DATA: anything else. */
static int parse_number(const field *f, double *out, const reading *in,
			const char *column)
{
	char *end;
	if (is_blank(f))
		return 1;
	errno = 0;
	*out = strtod(f->text, &end);
	if (end == f->text || *end || errno || !isfinite(*out) ||
	    is_space(f->text[0]))
		return fail_at(in, f->line, f->col,
			       "'%s' in column '%s' is not a number", f->text,
			       column);
	return 0;
}

static int parse_int(const field *f, int lo, int hi, int *out,
		     const reading *in, const char *column)
{
	double v;
	int status = parse_number(f, &v, in, column);
	if (status)
		return status;
	if (v != floor(v) || v < lo || v > hi)
		return fail_at(in, f->line, f->col,
			       "'%s' in column '%s' is not a whole number "
			       "from %d to %d",
			       f->text, column, lo, hi);
	*out = (int)v;
	return 0;
}

/* Y, N, blank or n/a: yes only for Y. */
static int parse_flag(const field *f, int *out, const reading *in,
		      const char *column)
{
	if (is_blank(f) || !strcmp(f->text, "N")) {
		*out = 0;
		return 0;
	}
	if (!strcmp(f->text, "Y")) {
		*out = 1;
		return 0;
	}
	return fail_at(in, f->line, f->col,
		       "'%s' in column '%s' is not Y, N or blank", f->text,
		       column);
}

/* ---- the model ---- */

typedef struct occ {
	char code[11]; /* NN-NNNN.NN */
	char *title;
	char *title_key;
	char *singular; /* the title in the singular (singular_of), or NULL */
	char *singular_key;
	size_t line; /* in Occupation Data */
	int zone;    /* 1..5, 0 unknown */
	size_t zone_line;
	double rl[RL_MAX + 1]; /* % per category, -1 not rated */
	double rw[RW_MAX + 1];
	char rl_suppress[RL_MAX + 1]; /* the share is flagged imprecise */
	int education;		      /* modal RL category, 0 unknown */
	int experience;		      /* modal RW category, 0 unknown */
	int experience_median;	      /* the median respondent's, 0 unknown */
	int has_skills;
	/* ratings in hundredths, as O*NET publishes them to two decimals */
	long im[SKILLS_MAX], lv[SKILLS_MAX];
	char **aliases;
	unsigned char *alias_sources; /* NAME_* of each alias */
	size_t n_aliases, cap_aliases, cap_alias_sources;
	/* derived in onet_build, by the entry rules of graphs/onet/README.md */
	const struct ep_row *ep; /* the BLS EP row used, or NULL */
	int ep_via;		 /* EP_OWN, EP_BROAD or EP_COMBINED */
	int route;   /* RL level of the shortest recognised entry route */
	int lowered; /* route is one degree below BLS's typical level */
	int cum;     /* months of programmes after high school it stands for */
	int prog;    /* the last programme's months (a graduate one alone) */
	const char *prog_reason; /* why prog is not the level's default */
	int ojt;		 /* months of residency or apprenticeship */
	const char *ojt_reason;
	int ojt_specialty; /* the residency of a specialty (training_rule) */
	int exp;	   /* months of related work BLS asks; -1 unknown */
	int exp_from_rw;   /* exp comes from O*NET's RW mode */
	const char *exp_reason; /* why exp is not the RW rule's
				   (experience_rules) */
	int licensed;
	size_t cip_first, n_cips; /* its rows in the sorted crosswalk */
} occ;

enum { EP_OWN, EP_BROAD, EP_COMBINED };

/*
 * A line item of BLS EP Table 1.2. Employment and openings are in
 * thousands, as published; NAN where BLS writes its not-available mark.
 * The categories index the ep_* tables below, 0 when not given.
 */
typedef struct ep_row {
	char code[8];
	char *title;
	double employment_2024, employment_2034, change_pct, openings;
	int education, experience, training;
} ep_row;

/* A pair of the NCES crosswalk; cip is NN.NNNN. */
typedef struct cip_pair {
	char soc[8], cip[8];
	char *title;
} cip_pair;

typedef struct wage_row {
	char code[8];
	int detailed;
	char *title, *annual, *hourly;
} wage_row;

typedef struct transition {
	size_t from, to;
	int tier, index;
} transition;

typedef struct skill {
	char *id, *name;
} skill;

typedef struct onet_model {
	occ *occs;
	size_t n_occs, cap_occs;
	wage_row *wages;
	size_t n_wages, cap_wages;
	transition *moves;
	size_t n_moves, cap_moves;
	skill skills[SKILLS_MAX];
	size_t n_skills;
	char *rl_label[RL_MAX + 1];
	ep_row *eps;
	size_t n_eps, cap_eps;
	cip_pair *cips;
	size_t n_cips, cap_cips;
	sbuf key; /* scratch */
	onet_reporter reporter;
	/* each table read: its data rows and where it came from */
	size_t rows[ONET_TABLES], lines[ONET_TABLES];
	char *paths[ONET_TABLES];
} model;

static int valid_code(const char *s)
{
	static const char shape[] = "dd-dddd.dd";
	size_t i;
	for (i = 0; shape[i]; i++)
		if (shape[i] == 'd' ? s[i] < '0' || s[i] > '9'
				    : s[i] != shape[i])
			return 0;
	return s[i] == '\0';
}

static int by_code(const void *a, const void *b)
{
	return strcmp(((const occ *)a)->code, ((const occ *)b)->code);
}

/* The occupation a code cell names: it must be in Occupation Data. */
static int find_occ(model *m, const field *f, const reading *in, occ **out)
{
	occ key;
	if (!valid_code(f->text))
		return fail_at(in, f->line, f->col,
			       "'%s' is not an O*NET-SOC code (expected "
			       "NN-NNNN.NN)",
			       f->text);
	memcpy(key.code, f->text, sizeof(key.code));
	*out = !m->n_occs ? NULL
			  : bsearch(&key, m->occs, m->n_occs, sizeof(occ),
				    by_code);
	if (!*out)
		return fail_at(in, f->line, f->col,
			       "occupation '%s' is not in Occupation Data",
			       f->text);
	return 0;
}

static int is_plural_word(const char *word, size_t len)
{
	return len > 2 && word[len - 1] == 's' && !strchr("siu", word[len - 2]);
}

/*
 * The singular of an occupation's title into *out, NULL when it has
 * none; 0 or E_NOMEM. O*NET titles are plural
 * ("Medical Assistants") and people type one. Only a title that is one
 * noun phrase changes, so the rule stays safe without a dictionary: none
 * with ',' or '(' (a qualifier such as ", All Other" names a group that no
 * singular names), and none whose 'and' or 'or' follows a plural word
 * ("Secretaries and Administrative Assistants" joins two nouns). The head
 * noun is the last word, or the word before the first " of "
 * ("First-Line Supervisors of Retail Sales Workers": one supervisor of
 * many workers), and only the head phrase is read for 'and' and 'or'. The
 * head loses its plural ending: -ies becomes -y, -sses -ches -shes -xes
 * lose -es, any other -s after a letter but s, i or u loses the s; a word
 * of another shape (-ss, -us, -is, no s) leaves the title as it is.
 */
static int singular_of(char **out, const char *title)
{
	const char *of = strstr(title, " of ");
	size_t len = strlen(title), head = of ? (size_t)(of - title) : len;
	size_t word, cut;
	const char *at, *end = title + head, *ending = "";
	*out = NULL;
	if (strpbrk(title, ",("))
		return 0;
	for (at = title; (at = strchr(at, ' ')) && at < end; at++) {
		const char *next = at + 1, *prev = at;
		if (strncmp(next, "and ", 4) && strncmp(next, "or ", 3))
			continue;
		while (prev > title && prev[-1] != ' ')
			prev--;
		if (is_plural_word(prev, (size_t)(at - prev)))
			return 0;
	}
	for (word = head; word > 0 && title[word - 1] != ' '; word--)
		;
	if (!is_plural_word(title + word, head - word))
		return 0;
	if (head - word > 4 && !strncmp(end - 3, "ies", 3)) {
		cut = 3;
		ending = "y";
	} else if (head - word > 4 && (!strncmp(end - 4, "sses", 4) ||
				       !strncmp(end - 4, "ches", 4) ||
				       !strncmp(end - 4, "shes", 4) ||
				       !strncmp(end - 3, "xes", 3))) {
		cut = 2;
	} else {
		cut = 1;
	}
	if (!(*out = malloc(len - cut + strlen(ending) + 1)))
		return E_NOMEM;
	memcpy(*out, title, head - cut);
	strcpy(*out + head - cut, ending);
	strcat(*out, title + head);
	return 0;
}

static int add_supervisor_name(occ *o, const reading *in);
static int add_coordinated_names(occ *o, const reading *in);

static int on_occupation(void *ctx, const reading *in, const field *c)
{
	model *m = ctx;
	occ *o;
	size_t k;
	int status;
	if (!valid_code(c[0].text))
		return fail_at(in, c[0].line, c[0].col,
			       "'%s' is not an O*NET-SOC code (expected "
			       "NN-NNNN.NN)",
			       c[0].text);
	if (!c[1].len)
		return fail_at(in, c[1].line, c[1].col, "empty title");
	if (grow((void **)&m->occs, &m->cap_occs, m->n_occs + 1, sizeof(occ)))
		return onet_fail_nomem(in->reporter);
	o = &m->occs[m->n_occs];
	memset(o, 0, sizeof(*o));
	memcpy(o->code, c[0].text, sizeof(o->code));
	o->line = c[0].line;
	for (k = 0; k <= RL_MAX; k++)
		o->rl[k] = -1;
	for (k = 0; k <= RW_MAX; k++)
		o->rw[k] = -1;
	for (k = 0; k < SKILLS_MAX; k++)
		o->im[k] = o->lv[k] = NOT_RATED;
	m->n_occs++;
	if (!(o->title = strdup(c[1].text)) || name_key(&m->key, o->title) ||
	    !(o->title_key = strdup(m->key.ptr)))
		return onet_fail_nomem(in->reporter);
	if (singular_of(&o->singular, o->title))
		return onet_fail_nomem(in->reporter);
	if ((status = add_supervisor_name(o, in)) ||
	    (status = add_coordinated_names(o, in)))
		return status;
	if (!o->singular)
		return 0;
	if (name_key(&m->key, o->singular) ||
	    !(o->singular_key = strdup(m->key.ptr)))
		return onet_fail_nomem(in->reporter);
	return 0;
}

static int check_unique_codes(model *m, const reading *in)
{
	size_t i;
	if (m->n_occs)
		qsort(m->occs, m->n_occs, sizeof(occ), by_code);
	for (i = 1; i < m->n_occs; i++)
		if (!strcmp(m->occs[i - 1].code, m->occs[i].code)) {
			const occ *a = &m->occs[i - 1], *b = &m->occs[i];
			return fail_at(
				in, a->line > b->line ? a->line : b->line, 1,
				"occupation '%s' listed twice (also "
				"line %zu)",
				a->code, a->line > b->line ? b->line : a->line);
		}
	return 0;
}

static int on_job_zone(void *ctx, const reading *in, const field *c)
{
	occ *o;
	int zone = 0, status;
	if ((status = find_occ(ctx, &c[0], in, &o)))
		return status;
	if (o->zone_line)
		return fail_at(in, c[0].line, c[0].col,
			       "occupation '%s' has a job zone already (line "
			       "%zu)",
			       o->code, o->zone_line);
	o->zone_line = c[0].line;
	status = parse_int(&c[1], 1, 5, &zone, in, "Job Zone");
	if (status < 0)
		return status;
	o->zone = status ? 0 : zone;
	return 0;
}

/* The label of an RL category: its description up to the first " - ". */
static int on_category(void *ctx, const reading *in, const field *c)
{
	model *m = ctx;
	const char *cut;
	int category = 0, status;
	if (strcmp(c[0].text, "2.D.1") || strcmp(c[1].text, "RL"))
		return 0;
	if ((status = parse_int(&c[2], 1, RL_MAX, &category, in, "Category")))
		return status < 0 ? status
				  : fail_at(in, c[2].line, c[2].col,
					    "blank category");
	if (m->rl_label[category])
		return fail_at(in, c[2].line, c[2].col,
			       "education category %d is described twice",
			       category);
	cut = strstr(c[3].text, " - ");
	if (!(m->rl_label[category] = strndup(
		      c[3].text, cut ? (size_t)(cut - c[3].text) : c[3].len)))
		return onet_fail_nomem(in->reporter);
	return 0;
}

static int on_education(void *ctx, const reading *in, const field *c)
{
	model *m = ctx;
	occ *o;
	double *shares, share;
	int category = 0, suppress = 0, status, max;
	int is_rl = !strcmp(c[1].text, "2.D.1") && !strcmp(c[2].text, "RL");
	int is_rw = !strcmp(c[1].text, "3.A.1") && !strcmp(c[2].text, "RW");
	if (!is_rl && !is_rw)
		return 0;
	if ((status = find_occ(m, &c[0], in, &o)))
		return status;
	shares = is_rl ? o->rl : o->rw;
	max = is_rl ? RL_MAX : RW_MAX;
	if ((status = parse_int(&c[3], 1, max, &category, in, "Category")))
		return status < 0 ? status
				  : fail_at(in, c[3].line, c[3].col,
					    "blank category");
	if ((status = parse_flag(&c[5], &suppress, in, "Recommend Suppress")))
		return status;
	status = parse_number(&c[4], &share, in, "Data Value");
	if (status < 0)
		return status;
	if (status == 0 && (share < 0 || share > 100))
		return fail_at(in, c[4].line, c[4].col,
			       "share '%s' is not a percentage", c[4].text);
	if (is_rl && !m->rl_label[category])
		return fail_at(in, c[3].line, c[3].col,
			       "education category %d is not in the "
			       "Categories file",
			       category);
	/*
	 * A flagged share is kept: O*NET flags the large, uncertain shares,
	 * and dropping one would crown the next category instead (Registered
	 * Nurses: bachelor's 55.92% is flagged, post-secondary certificate
	 * 22.5% is not). The role says so in education_note.
	 */
	if (status == 0) {
		shares[category] = share;
		if (is_rl)
			o->rl_suppress[category] = (char)suppress;
	}
	return 0;
}

static size_t skill_index(model *m, const field *id, const field *name,
			  const reading *in, int *status)
{
	size_t i;
	*status = 0;
	for (i = 0; i < m->n_skills; i++)
		if (!strcmp(m->skills[i].id, id->text))
			return i;
	if (m->n_skills == SKILLS_MAX) {
		*status = fail_at(in, id->line, id->col, "more than %d skills",
				  SKILLS_MAX);
		return 0;
	}
	if (!(m->skills[i].id = strdup(id->text)) ||
	    !(m->skills[i].name = strdup(name->text))) {
		*status = onet_fail_nomem(in->reporter);
		return 0;
	}
	m->n_skills++;
	return i;
}

static int on_skill(void *ctx, const reading *in, const field *c)
{
	model *m = ctx;
	occ *o;
	size_t s;
	double value;
	long *slot;
	int status, suppress = 0, not_relevant = 0, is_im;
	if ((status = find_occ(m, &c[0], in, &o)))
		return status;
	is_im = !strcmp(c[3].text, "IM");
	if (!is_im && strcmp(c[3].text, "LV"))
		return fail_at(in, c[3].line, c[3].col,
			       "scale '%s' is not IM or LV", c[3].text);
	s = skill_index(m, &c[1], &c[2], in, &status);
	if (status)
		return status;
	if ((status = parse_flag(&c[5], &suppress, in, "Recommend Suppress")) ||
	    (status = parse_flag(&c[6], &not_relevant, in, "Not Relevant")))
		return status;
	status = parse_number(&c[4], &value, in, "Data Value");
	if (status < 0)
		return status;
	if (status == 0 && (value < 0 || value > (is_im ? 5 : 7)))
		return fail_at(in, c[4].line, c[4].col,
			       "%s rating '%s' is outside 0 to %d", c[3].text,
			       c[4].text, is_im ? 5 : 7);
	slot = is_im ? &o->im[s] : &o->lv[s];
	if (*slot != NOT_RATED)
		return fail_at(in, c[0].line, c[0].col,
			       "occupation '%s' has a second %s rating of "
			       "skill '%s'",
			       o->code, c[3].text, c[1].text);
	o->has_skills = 1;
	if (!is_im && not_relevant)
		*slot = 0;
	else if (status == 0 && !suppress)
		*slot = lround(value * 100);
	else
		*slot = UNUSABLE;
	return 0;
}

/*
 * Where a name comes from, strongest first (graphs/onet/README.md,
 * "Aliases"): a name several occupations give names those with the
 * strongest source, and among them the named occupations before an "All
 * Other" one. A short title abbreviates its row's alternate title
 * ("MIG Welder" for "MIG Welder (Metal Inert Gas Welder)"), so the two
 * weigh the same.
 */
enum {
	NAME_SINGULAR,
	NAME_ALTERNATE,
	NAME_REPORTED,
	NAME_SUPERVISOR,
	NAME_COORDINATED,
	NAME_LONG,
	/* "Tech" for "Technician", ranked by its name's source, plus this */
	NAME_TECH
};

/* Appends alias, which o then owns (freed on failure); 0 or E_NOMEM. */
static int push_alias(occ *o, char *alias, int source)
{
	if (grow((void **)&o->aliases, &o->cap_aliases, o->n_aliases + 1,
		 sizeof(char *)) ||
	    grow((void **)&o->alias_sources, &o->cap_alias_sources,
		 o->n_aliases + 1, 1)) {
		free(alias);
		return E_NOMEM;
	}
	o->alias_sources[o->n_aliases] = (unsigned char)source;
	o->aliases[o->n_aliases++] = alias;
	return 0;
}

/*
 * One alias as careerpath will split it: ';' separates aliases there, so
 * one inside a title becomes ','. White space is trimmed and each run of it
 * made one space, as the loader compares names.
 */
static int add_alias(occ *o, const field *f, int source, const reading *in)
{
	char *alias, *to;
	const char *from;
	int pending = 0;
	if (is_blank(f))
		return 0;
	if (!(alias = malloc(f->len + 1)))
		return onet_fail_nomem(in->reporter);
	to = alias;
	for (from = f->text; is_space(*from); from++)
		;
	for (; *from; from++) {
		if (is_space(*from)) {
			pending = 1;
			continue;
		}
		if (pending)
			*to++ = ' ';
		pending = 0;
		*to++ = *from == ';' ? ',' : *from;
	}
	*to = '\0';
	if (!*alias) {
		free(alias);
		return 0;
	}
	if (push_alias(o, alias, source))
		return onet_fail_nomem(in->reporter);
	return 0;
}

/*
 * The name people give a first-line supervisor: "Retail Sales Supervisor"
 * for "First-Line Supervisors of Retail Sales Workers", the workers' field
 * and "Supervisor", as job boards and people write it (O*NET lists it for
 * none). Only titles "First-Line Supervisors of X Workers" with no ','
 * (", All Other" and lists name no one field). It is the weakest source
 * (NAME_SUPERVISOR): a name any other occupation gives, from any source,
 * stays that occupation's, so the rule makes no name ambiguous.
 */
static int add_supervisor_name(occ *o, const reading *in)
{
	static const char head[] = "First-Line Supervisors of ",
			  tail[] = " Workers", noun[] = " Supervisor";
	size_t len = strlen(o->title), field_len;
	char *name;
	field f = {NULL, 0, 0, 0};
	int status;
	if (strncmp(o->title, head, sizeof(head) - 1) ||
	    strchr(o->title, ',') ||
	    len <= sizeof(head) - 1 + sizeof(tail) - 1 ||
	    strcmp(o->title + len - (sizeof(tail) - 1), tail))
		return 0;
	field_len = len - (sizeof(head) - 1) - (sizeof(tail) - 1);
	if (!(name = malloc(field_len + sizeof(noun))))
		return onet_fail_nomem(in->reporter);
	memcpy(name, o->title + sizeof(head) - 1, field_len);
	memcpy(name + field_len, noun, sizeof(noun));
	f.text = name;
	f.len = strlen(name);
	status = add_alias(o, &f, NAME_SUPERVISOR, in);
	free(name);
	return status;
}

/* The number of words of text[0, len). */
static size_t count_words(const char *text, size_t len)
{
	size_t n = 1, i;
	for (i = 0; i < len; i++)
		n += text[i] == ' ';
	return n;
}

/* The alias "<part> <noun>", where part is len bytes. */
static int add_joined_name(occ *o, const char *part, size_t len,
			   const char *noun, const reading *in)
{
	size_t noun_len = strlen(noun);
	char *name = malloc(len + 1 + noun_len + 1);
	field f = {NULL, 0, 0, 0};
	int status;
	if (!name)
		return onet_fail_nomem(in->reporter);
	memcpy(name, part, len);
	name[len] = ' ';
	memcpy(name + len + 1, noun, noun_len + 1);
	f.text = name;
	f.len = len + 1 + noun_len;
	status = add_alias(o, &f, NAME_COORDINATED, in);
	free(name);
	return status;
}

/*
 * The names of each occupation a coordinated title joins: "Licensed
 * Practical and Licensed Vocational Nurses" is one occupation people call
 * "Licensed Practical Nurse" or "Licensed Vocational Nurse", and its
 * singular title names it in no words anyone types. Read from the singular
 * title (so one noun phrase: no ',', '(' or 'and' after a plural word),
 * "A and B N" with one 'and', no 'or' or " of ", and N the head noun, one
 * word: A and B must have as many words, so that the words after "and"
 * up to the noun are B's alone, and when they have more than one, the same
 * first word, which marks where B starts ("Licensed"; "Biofuels/Biodiesel
 * Technology and Product Development Managers" has none, and its "Product
 * Development Manager" would name any such manager). "Drywall and Ceiling
 * Tile Installers" gets none: its noun is two words, and "Drywall Tile
 * Installer" is false. The names are the weakest source
 * (NAME_COORDINATED): a name any other occupation gives stays that
 * occupation's, so the rule makes no name ambiguous.
 */
static int add_coordinated_names(occ *o, const reading *in)
{
	const char *s = o->singular, *and, *noun;
	size_t a_len, b_len, a_words, first;
	int status;
	if (!s || strstr(s, " of ") || strstr(s, " or ") ||
	    !(and = strstr(s, " and ")) || strstr(and+5, " and "))
		return 0;
	noun = strrchr(s, ' ') + 1;
	a_len = (size_t)(and-s);
	if (noun <= and+5)
		return 0;
	b_len = (size_t)(noun - 1 - (and+5));
	a_words = count_words(s, a_len);
	if (a_words != count_words(and+5, b_len))
		return 0;
	first = strcspn(s, " ");
	/* "Licensed " begins both A and B */
	if (a_words > 1 && strncmp(s, and+5, first + 1))
		return 0;
	if ((status = add_joined_name(o, s, a_len, noun, in)))
		return status;
	return add_joined_name(o, and+5, b_len, noun, in);
}

/*
 * An alternate title that holds its row's short title and, in
 * parentheses, the name written out, "Certified Nursing Assistant (CNA)"
 * or "MIG Welder (Metal Inert Gas Welder)", is also named by the name
 * written out alone: people type it, not both forms. It is a weak source
 * (NAME_LONG, after every name a source gives as it is and the names made
 * from titles), so a name another occupation gives stays that
 * occupation's.
 */
static int add_long_name(occ *o, const field *alternate, const field *shrt,
			 const reading *in)
{
	const char *text = alternate->text, *end = text + alternate->len;
	size_t n = shrt->len;
	field f = *alternate;
	char *name;
	int status;
	if (is_blank(shrt) || alternate->len < n + 4 || end[-1] != ')')
		return 0;
	if (!strncmp(end - n - 3, " (", 2) &&
	    !strncmp(end - n - 1, shrt->text, n))
		f.len = alternate->len - n - 3; /* "Long (Short)" */
	else if (!strncmp(text, shrt->text, n) && !strncmp(text + n, " (", 2)) {
		f.text = text + n + 2; /* "Short (Long)" */
		f.len = alternate->len - n - 3;
	} else
		return 0;
	if (!(name = strndup(f.text, f.len)))
		return onet_fail_nomem(in->reporter);
	f.text = name;
	status = add_alias(o, &f, NAME_LONG, in);
	free(name);
	return status;
}

static int on_alternate(void *ctx, const reading *in, const field *c)
{
	occ *o;
	int status;
	if ((status = find_occ(ctx, &c[0], in, &o)) ||
	    (status = add_alias(o, &c[1], NAME_ALTERNATE, in)) ||
	    (status = add_alias(o, &c[2], NAME_ALTERNATE, in)))
		return status;
	return add_long_name(o, &c[1], &c[2], in);
}

static int on_reported(void *ctx, const reading *in, const field *c)
{
	occ *o;
	int status;
	if ((status = find_occ(ctx, &c[0], in, &o)))
		return status;
	return add_alias(o, &c[1], NAME_REPORTED, in);
}

static int on_related(void *ctx, const reading *in, const field *c)
{
	static const char *const tiers[] = {"Primary-Short", "Primary-Long",
					    "Supplemental"};
	model *m = ctx;
	occ *from, *to;
	transition *t;
	int status, tier = 0, index = 0, k;
	if ((status = find_occ(m, &c[0], in, &from)) ||
	    (status = find_occ(m, &c[1], in, &to)))
		return status;
	if (from == to)
		return fail_at(in, c[1].line, c[1].col,
			       "occupation '%s' is related to itself (expected "
			       "the code of another occupation)",
			       c[1].text);
	for (k = 0; k < 3; k++)
		if (!strcmp(c[2].text, tiers[k]))
			tier = k + 1;
	if (!tier)
		return fail_at(in, c[2].line, c[2].col,
			       "relatedness tier '%s' is not Primary-Short, "
			       "Primary-Long or Supplemental",
			       c[2].text);
	if ((status = parse_int(&c[3], 1, 1000, &index, in, "Index")))
		return status < 0 ? status
				  : fail_at(in, c[3].line, c[3].col,
					    "blank index");
	if (grow((void **)&m->moves, &m->cap_moves, m->n_moves + 1,
		 sizeof(transition)))
		return onet_fail_nomem(in->reporter);
	t = &m->moves[m->n_moves++];
	t->from = (size_t)(from - m->occs);
	t->to = (size_t)(to - m->occs);
	t->tier = tier;
	t->index = index;
	return 0;
}

/*
 * A wage cell: a number >= 0, '#' (top-coded), '*' (not available) or
 * blank.
 */
static int check_wage(const field *f, const reading *in, const char *column)
{
	double v;
	int status;
	if (!strcmp(f->text, "#") || !strcmp(f->text, "*"))
		return 0;
	status = parse_number(f, &v, in, column);
	if (status == 0 && v < 0)
		return fail_at(in, f->line, f->col,
			       "'%s' in column '%s' is a negative wage "
			       "(expected a number >= 0)",
			       f->text, column);
	return status < 0 ? E_DATA : 0;
}

static int on_oews(void *ctx, const reading *in, const field *c)
{
	model *m = ctx;
	wage_row *w;
	int status;
	static const char shape[] = "dd-dddd";
	size_t i;
	for (i = 0; shape[i]; i++)
		if (shape[i] == 'd' ? c[0].text[i] < '0' || c[0].text[i] > '9'
				    : c[0].text[i] != shape[i])
			break;
	if (shape[i] || c[0].text[i])
		return fail_at(in, c[0].line, c[0].col,
			       "'%s' is not an SOC code (expected NN-NNNN)",
			       c[0].text);
	if ((status = check_wage(&c[3], in, "A_MEDIAN")) ||
	    (status = check_wage(&c[4], in, "H_MEDIAN")))
		return status;
	if (grow((void **)&m->wages, &m->cap_wages, m->n_wages + 1,
		 sizeof(wage_row)))
		return onet_fail_nomem(in->reporter);
	w = &m->wages[m->n_wages++];
	memset(w, 0, sizeof(*w));
	memcpy(w->code, c[0].text, sizeof(w->code));
	w->detailed = !strcmp(c[2].text, "detailed");
	/* n/a is kept as blank: wage_fields tells the two apart no more */
	if (!(w->title = strdup(c[1].text)) ||
	    !(w->annual = strdup(is_blank(&c[3]) ? "" : c[3].text)) ||
	    !(w->hourly = strdup(is_blank(&c[4]) ? "" : c[4].text)))
		return onet_fail_nomem(in->reporter);
	return 0;
}

/* BLS EP's entry categories, as Table 1.2 writes them. */
static const char *const ep_education[] = {NULL,
					   "No formal educational credential",
					   "High school diploma or equivalent",
					   "Postsecondary nondegree award",
					   "Some college, no degree",
					   "Associate's degree",
					   "Bachelor's degree",
					   "Master's degree",
					   "Doctoral or professional degree"};
/* Each education category's level on O*NET's RL scale (1..12). */
static const int ep_education_rl[] = {0, 1, 2, 3, 4, 5, 6, 8, 10};
static const char *const ep_experience[] = {NULL, "None", "Less than 5 years",
					    "5 years or more"};
static const char *const ep_training[] = {NULL,
					  "None",
					  "Short-term on-the-job training",
					  "Moderate-term on-the-job training",
					  "Long-term on-the-job training",
					  "Internship/residency",
					  "Apprenticeship"};
enum { EXP_NONE = 1, EXP_UNDER_5, EXP_5_OR_MORE };
enum { OJT_INTERNSHIP = 5, OJT_APPRENTICESHIP };

#define NOT_AVAILABLE "\xe2\x80\x94" /* BLS's em dash */

static int is_code_shape(const char *s, const char *shape)
{
	size_t i;
	for (i = 0; shape[i]; i++)
		if (shape[i] == 'd' ? s[i] < '0' || s[i] > '9'
				    : s[i] != shape[i])
			return 0;
	return s[i] == '\0';
}

/* The category f names in list (1..n-1); 0 for BLS's not-available mark. */
static int parse_category(const field *f, const char *const *list, size_t n,
			  int *out, const reading *in, const char *what)
{
	size_t k;
	*out = 0;
	if (!strcmp(f->text, NOT_AVAILABLE))
		return 0;
	for (k = 1; k < n; k++)
		if (!strcmp(f->text, list[k])) {
			*out = (int)k;
			return 0;
		}
	return fail_at(in, f->line, f->col, "'%s' is not a BLS %s category",
		       f->text, what);
}

/* A count or percentage: a number, or NAN for BLS's not-available mark. */
static int parse_amount(const field *f, double *out, const reading *in,
			const char *column)
{
	int status;
	if (!strcmp(f->text, NOT_AVAILABLE)) {
		*out = NAN;
		return 0;
	}
	status = parse_number(f, out, in, column);
	if (status > 0)
		return fail_at(in, f->line, f->col,
			       "blank '%s' (expected a number or '%s')", column,
			       NOT_AVAILABLE);
	return status;
}

/*
 * A row of Table 1.2. Summary rows (sums over groups) are checked and
 * left out; rows without a code or a type are the sheet's footnotes.
 */
static int on_projection(void *ctx, const reading *in, const field *c)
{
	static const char *const amounts[4] = {
		"Employment, 2024", "Employment, 2034",
		"Employment change, percent, 2024" EN_DASH "34",
		"Occupational openings, 2024" EN_DASH "34 annual average"};
	model *m = ctx;
	ep_row row, *r;
	double *values[4];
	size_t i, k;
	int status, line_item;
	if (!c[1].len && !c[2].len)
		return 0;
	if (!is_code_shape(c[1].text, "dd-dddd"))
		return fail_at(in, c[1].line, c[1].col,
			       "'%s' is not an SOC code (expected NN-NNNN)",
			       c[1].text);
	line_item = !strcmp(c[2].text, "Line item");
	if (!line_item && strcmp(c[2].text, "Summary"))
		return fail_at(in, c[2].line, c[2].col,
			       "occupation type '%s' is not 'Line item' or "
			       "'Summary'",
			       c[2].text);
	memset(&row, 0, sizeof(row));
	values[0] = &row.employment_2024;
	values[1] = &row.employment_2034;
	values[2] = &row.change_pct;
	values[3] = &row.openings;
	for (k = 0; k < 4; k++)
		if ((status = parse_amount(&c[3 + k], values[k], in,
					   amounts[k])))
			return status;
	if ((status = parse_category(&c[7], ep_education, 9, &row.education, in,
				     "education")) ||
	    (status = parse_category(&c[8], ep_experience, 4, &row.experience,
				     in, "work experience")) ||
	    (status = parse_category(&c[9], ep_training, 7, &row.training, in,
				     "on-the-job training")))
		return status;
	if (!line_item)
		return 0;
	for (i = 0; i < m->n_eps; i++)
		if (!strcmp(m->eps[i].code, c[1].text))
			return fail_at(in, c[1].line, c[1].col,
				       "line item '%s' listed twice",
				       c[1].text);
	if (grow((void **)&m->eps, &m->cap_eps, m->n_eps + 1, sizeof(ep_row)))
		return onet_fail_nomem(in->reporter);
	r = &m->eps[m->n_eps++];
	*r = row;
	memcpy(r->code, c[1].text, sizeof(r->code));
	/* BLS indents titles by their level in the hierarchy */
	for (k = 0; is_space(c[0].text[k]); k++)
		;
	if (!(r->title = strdup(c[0].text + k)))
		return onet_fail_nomem(in->reporter);
	return 0;
}

/* A pair of the crosswalk; NCES's no-match rows (99.9999, 99-9999) are left
 * out. */
static int on_crosswalk(void *ctx, const reading *in, const field *c)
{
	model *m = ctx;
	cip_pair *p;
	if (!is_code_shape(c[0].text, "dd.dddd"))
		return fail_at(in, c[0].line, c[0].col,
			       "'%s' is not a CIP code (expected NN.NNNN)",
			       c[0].text);
	if (!is_code_shape(c[2].text, "dd-dddd"))
		return fail_at(in, c[2].line, c[2].col,
			       "'%s' is not an SOC code (expected NN-NNNN)",
			       c[2].text);
	if (!strcmp(c[0].text, "99.9999") || !strcmp(c[2].text, "99-9999"))
		return 0;
	if (grow((void **)&m->cips, &m->cap_cips, m->n_cips + 1,
		 sizeof(cip_pair)))
		return onet_fail_nomem(in->reporter);
	p = &m->cips[m->n_cips];
	memcpy(p->soc, c[2].text, sizeof(p->soc));
	memcpy(p->cip, c[0].text, sizeof(p->cip));
	/* NCES ends each title with a full stop */
	if (!(p->title = strndup(c[1].text,
				 c[1].len && c[1].text[c[1].len - 1] == '.'
					 ? c[1].len - 1
					 : c[1].len)))
		return onet_fail_nomem(in->reporter);
	m->n_cips++;
	return 0;
}

/* ---- derived values ---- */

/*
 * The category of the median respondent: the lowest whose cumulative share
 * reaches half the total; 0 when no share is known. Shares are read in
 * hundredths, as O*NET publishes them, so the sums are exact.
 */
static int median_category(const double *shares, int max)
{
	long long total = 0, below = 0;
	int k;
	for (k = 1; k <= max; k++)
		if (shares[k] >= 0)
			total += llround(shares[k] * 100);
	for (k = 1; total && k <= max; k++)
		if (shares[k] >= 0 &&
		    2 * (below += llround(shares[k] * 100)) >= total)
			return k;
	return 0;
}

/* The category with the largest share; a tie goes to the lower one. */
static int modal_category(const double *shares, int max)
{
	int k, best = 0;
	for (k = 1; k <= max; k++)
		if (shares[k] >= 0 && (!best || shares[k] > shares[best]))
			best = k;
	return best;
}

/* OEWS lists some codes twice (broad and detailed): the detailed row wins. */
static const wage_row *find_wage(const model *m, const char *code)
{
	const wage_row *found = NULL;
	size_t i;
	for (i = 0; i < m->n_wages; i++)
		if (!strcmp(m->wages[i].code, code) &&
		    (!found || m->wages[i].detailed))
			found = &m->wages[i];
	return found;
}

static int wage_fields(const model *m, const occ *o, sbuf *wage, sbuf *note,
		       sbuf *source)
{
	char code[8], broad[8];
	const wage_row *w;
	int status = 0;
	memcpy(code, o->code, 7);
	code[7] = '\0';
	memcpy(broad, code, 8);
	broad[6] = '0';
	if (!(w = find_wage(m, code)) && strcmp(broad, code))
		w = find_wage(m, broad);
	if (!w)
		return strcmp(broad, code)
			       ? sbuf_printf(note,
					     "no OEWS row for %s or its broad "
					     "group %s",
					     code, broad)
			       : sbuf_printf(note, "no OEWS row for %s", code);
	if (sbuf_printf(source, "%s, %s %s", WAGE_SOURCE, w->code, w->title))
		return E_NOMEM;
	if (strcmp(w->code, code))
		status = sbuf_printf(note, "OEWS reports %s only within %s; ",
				     code, w->code);
	if (status)
		return status;
	if (!strcmp(w->annual, "#"))
		status = sbuf_puts(note, "annual median top-coded by BLS (#): "
					 "at or above the top code");
	else if (!strcmp(w->annual, "*") && strcmp(w->hourly, "*") &&
		 strcmp(w->hourly, "#") && *w->hourly)
		status = sbuf_printf(note,
				     "no annual median from BLS (*), which "
				     "gives only an hourly median of %s USD",
				     w->hourly);
	else if (!strcmp(w->annual, "*"))
		status = sbuf_puts(note, "no annual median from BLS (*)");
	else if (!*w->annual)
		status = sbuf_puts(note, "the OEWS row has no annual median");
	else
		status = sbuf_printf(wage, "%.0f", strtod(w->annual, NULL));
	/* the separator stays only between two sentences */
	if (!status && note->len >= 2 &&
	    !strcmp(note->ptr + note->len - 2, "; "))
		note->ptr[note->len -= 2] = '\0';
	return status;
}

/* ---- entry rules: graphs/onet/README.md says each and why ---- */

/*
 * The share (%) of O*NET's respondents with an associate's degree that
 * makes it a recognised route into a bachelor's-degree occupation.
 */
#define ROUTE_SHARE 15.0
#define BACHELORS_MONTHS 48
#define GED_MONTHS 3

/* EP reports these detailed codes only within a combined code of its own. */
static const char *const ep_combined[][2] = {
	{"21-1011", "21-1018"}, {"21-1014", "21-1018"}, {"25-2055", "25-2052"},
	{"25-2056", "25-2052"}, {"25-9042", "25-9045"}, {"25-9043", "25-9045"},
	{"25-9049", "25-9045"}, {"51-2022", "51-2028"}, {"51-2023", "51-2028"},
	{"53-1042", "53-1047"}, {"53-1043", "53-1047"}, {"53-1044", "53-1047"},
	{"53-1049", "53-1047"},
};

/*
 * Bachelor's-degree occupations whose associate's-degree respondents are no
 * route in for a newcomer: engineers (an associate's leads to the
 * technicians, 17-3020) and medical laboratory technologists (29-2012 is
 * the associate's route) hold another occupation's credential; health
 * education specialists' credential (CHES) asks a bachelor's, and wind
 * energy development managers are hired with one.
 */
static const char *const no_shorter_route[] = {"17-2", "29-2011", "21-1091",
					       "11-9199.10"};

/*
 * Licensed and regulated practitioners: entered only through their own
 * programme, whatever the origin's degree.
 */
static const char *const licensed[] = {
	"29-1",	   "29-2021", "29-2034", "29-2042", "29-2043",
	"29-2061", "31-1131", "23-1011", "17-1011", "19-3033",
};

/*
 * Licences that ask another occupation's licence first: advanced practice
 * registered nurses (nurse anesthetists, nurse midwives, nurse
 * practitioners) must be registered nurses (BLS OOH). An origin holds the
 * prerequisite when its code begins with the prerequisite's SOC code or it
 * is itself one of the occupations that ask it.
 */
static const char *const prerequisites[][2] = {
	{"29-1151", "29-1141.00"},
	{"29-1161", "29-1141.00"},
	{"29-1171", "29-1141.00"},
};

/* Programmes where the level's default length is false. */
typedef struct programme_rule {
	const char *prefix; /* of the SOC code */
	int level;	    /* RL level the rule applies to */
	int months;
	const char *reason;
} programme_rule;

static const programme_rule programme_rules[] = {
	{"31-1131", 3, 2,
	 "a state-approved nursing assistant programme of at least 75 hours "
	 "(42 CFR 483.152), most 4 to 12 weeks"},
	{"31-9097", 3, 4,
	 "estimate: phlebotomy programmes take less than a year, most one "
	 "term (BLS OOH)"},
	{"53-2012", 3, 12,
	 "estimate: the commercial pilot certificate asks 250 hours of "
	 "flight time (14 CFR 61.129; 190 in an approved school, 14 CFR 141), "
	 "private pilot and instrument rating first; full-time flight "
	 "schools take 9 to 12 months from no licence"},
	{"29-2042", 3, 4,
	 "estimate: an EMT course is a non-degree course of about one term "
	 "(BLS OOH)"},
	{"23-1011", 10, 36,
	 "law school: 3 years of full-time study after a bachelor's degree "
	 "(BLS OOH)"},
	{"29-1123", 10, 36,
	 "a DPT programme: 3 years after a bachelor's degree (BLS OOH)"},
	{"29-1151", 8, 36,
	 "nurse anesthesia programmes are doctoral and take about 3 years "
	 "after a BSN (BLS OOH)"},
	{"19-", 10, 60,
	 "estimate: a research doctorate takes 5 to 6 years after a "
	 "bachelor's degree (NSF Survey of Earned Doctorates)"},
	{"25-", 10, 60,
	 "estimate: a research doctorate takes 5 to 6 years after a "
	 "bachelor's degree (NSF Survey of Earned Doctorates)"},
};

/* Residencies and internships BLS names a condition of the work. */
typedef struct training_rule {
	const char *prefix; /* "" matches every code: the last rule */
	int months;
	const char *reason;
	int specialty; /* a specialty's own: charged from every other occupation
			*/
} training_rule;

static const training_rule internship_rules[] = {
	{"29-1022", 48,
	 "an oral and maxillofacial surgery residency of 4 to 6 years (BLS "
	 "OOH)",
	 1},
	{"29-102", 24, "a dental specialty residency of 2 to 4 years (BLS OOH)",
	 1},
	{"29-12", 36,
	 "a residency of 3 to 7 years after medical school, 3 counted (BLS "
	 "OOH)",
	 1},
	{"29-1081", 36, "a podiatric residency of 3 years (BLS OOH)", 0},
	{"29-1127", 9, "a clinical fellowship of 36 weeks (ASHA)", 0},
	{"17-1011", 36,
	 "the Architectural Experience Program, about 3 years (BLS OOH)", 0},
	{"19-30", 12, "a psychology internship of 1 year (BLS OOH)", 0},
	{"21-10", 24,
	 "about 2 years of supervised clinical work after the master's "
	 "degree, for a licence (BLS OOH)",
	 0},
	{"", 12,
	 "estimate: at least 1 year of supervised practice (BLS: "
	 "internship/residency)",
	 0},
};

static const training_rule apprenticeship_rule = {
	"", 48,
	"a paid apprenticeship of 3 to 5 years, 4 counted: apprentices earn a "
	"wage while they learn (BLS OOH)",
	0};

static int has_prefix(const char *code, const char *prefix)
{
	return !strncmp(code, prefix, strlen(prefix));
}

static int in_list(const char *code, const char *const *list, size_t n)
{
	size_t k;
	for (k = 0; k < n; k++)
		if (has_prefix(code, list[k]))
			return 1;
	return 0;
}

static const ep_row *find_ep(const model *m, const char *code)
{
	size_t i;
	for (i = 0; i < m->n_eps; i++)
		if (!strcmp(m->eps[i].code, code))
			return &m->eps[i];
	return NULL;
}

/* The EP row of o: its own code, its broad group, or EP's combined code. */
static void find_ep_row(const model *m, occ *o)
{
	char code[8], broad[8];
	size_t k;
	memcpy(code, o->code, 7);
	code[7] = '\0';
	memcpy(broad, code, 8);
	broad[6] = '0';
	o->ep_via = EP_OWN;
	if ((o->ep = find_ep(m, code)))
		return;
	o->ep_via = EP_BROAD;
	if (strcmp(broad, code) && (o->ep = find_ep(m, broad)))
		return;
	o->ep_via = EP_COMBINED;
	for (k = 0; k < sizeof(ep_combined) / sizeof(ep_combined[0]); k++)
		if (!strcmp(ep_combined[k][0], code) &&
		    (o->ep = find_ep(m, ep_combined[k][1])))
			return;
}

/* Default months of the programme of each RL level (graduate: alone). */
static int level_months(int level)
{
	switch (level) {
	case 3:
	case 4: return 12;
	case 5: return 24;
	case 6: return BACHELORS_MONTHS;
	case 8: return 24;
	case 10: return 48;
	default: return 0;
	}
}

static const char *level_name(int level)
{
	size_t k;
	for (k = 1; k < sizeof(ep_education_rl) / sizeof(int); k++)
		if (ep_education_rl[k] == level)
			return ep_education[k];
	return "";
}

/* Months of an undergraduate degree held at level: the bachelor's part. */
static int degree_months(int level)
{
	return level >= 6 ? BACHELORS_MONTHS : level == 5 ? 24 : 0;
}

static void derive_programme(occ *o)
{
	size_t k;
	o->prog = level_months(o->route);
	for (k = 0; k < sizeof(programme_rules) / sizeof(programme_rules[0]);
	     k++)
		if (programme_rules[k].level == o->route &&
		    has_prefix(o->code, programme_rules[k].prefix)) {
			o->prog = programme_rules[k].months;
			o->prog_reason = programme_rules[k].reason;
			break;
		}
	o->cum = o->route >= 8 ? BACHELORS_MONTHS + o->prog : o->prog;
}

static void derive_training(occ *o)
{
	size_t k;
	if (o->ep->training == OJT_APPRENTICESHIP) {
		o->ojt = apprenticeship_rule.months;
		o->ojt_reason = apprenticeship_rule.reason;
	}
	if (o->ep->training != OJT_INTERNSHIP)
		return;
	for (k = 0; k < sizeof(internship_rules) / sizeof(internship_rules[0]);
	     k++)
		if (has_prefix(o->code, internship_rules[k].prefix)) {
			o->ojt = internship_rules[k].months;
			o->ojt_reason = internship_rules[k].reason;
			o->ojt_specialty = internship_rules[k].specialty;
			return;
		}
}

/*
 * BLS's work experience in months, an estimate within BLS's range: none 0;
 * less than 5 years the least months of the median respondent's O*NET RW
 * category when it asks some experience, at most 48 months (the categories
 * below 5 years), else 12; 5 years or more the same when it is 60 or more,
 * else 60. The median, not the mode: the mode is often the one category
 * above 4 years while half of incumbents had less (First-Line Supervisors
 * of Retail Sales Workers: 36% over 4 years, the median over 2 years). A
 * median of no experience contradicts BLS's category, so 12 stands in.
 */
/*
 * Occupations whose incumbents' O*NET RW answer misleads the rule, with
 * the months a person in the job would name. 72% of police supervisors
 * report no related experience (promoted inside their department, they
 * did not count their patrol years), which the rule reads as missing and
 * would put at 12 months.
 */
static const struct {
	const char *prefix;
	int months;
	const char *reason;
} experience_rules[] = {
	{"33-1012", 36,
	 "estimate: officers become eligible for promotion to sergeant by "
	 "examination after some years of patrol (BLS OOH), most departments "
	 "asking 2 to 5; 72% of O*NET's incumbents report none, counting "
	 "their years in the department as no related experience"},
};

static void derive_experience(occ *o)
{
	size_t k;
	int rw = o->experience_median ? experience_months[o->experience_median]
				      : -1;
	o->exp_from_rw = rw >= 0;
	switch (o->ep->experience) {
	case EXP_NONE:
		o->exp = 0;
		o->exp_from_rw = 0;
		break;
	case EXP_UNDER_5:
		o->exp_from_rw = rw > 0;
		o->exp = rw <= 0 ? 12 : rw > 48 ? 48 : rw;
		break;
	case EXP_5_OR_MORE:
		o->exp_from_rw = rw >= 60;
		o->exp = rw < 60 ? 60 : rw;
		break;
	default: o->exp = -1; o->exp_from_rw = 0;
	}
	for (k = 0; k < sizeof(experience_rules) / sizeof(*experience_rules);
	     k++)
		if (o->exp > 0 &&
		    has_prefix(o->code, experience_rules[k].prefix)) {
			o->exp = experience_rules[k].months;
			o->exp_from_rw = 0;
			o->exp_reason = experience_rules[k].reason;
		}
}

static int by_soc_cip(const void *pa, const void *pb)
{
	const cip_pair *a = pa, *b = pb;
	int c = strcmp(a->soc, b->soc);
	return c ? c : strcmp(a->cip, b->cip);
}

/* The crosswalk rows of o: by the first 7 characters of its code. */
static void find_cips(const model *m, occ *o)
{
	size_t lo = 0, hi = m->n_cips;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strncmp(m->cips[mid].soc, o->code, 7) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	o->cip_first = lo;
	while (hi < m->n_cips && !strncmp(m->cips[hi].soc, o->code, 7))
		hi++;
	o->n_cips = hi - lo;
}

static void derive_entry(model *m, occ *o)
{
	int level;
	find_cips(m, o);
	o->licensed = in_list(o->code, licensed,
			      sizeof(licensed) / sizeof(*licensed));
	o->exp = -1;
	o->cum = -1;
	find_ep_row(m, o);
	if (!o->ep)
		return;
	derive_experience(o);
	derive_training(o);
	if (!o->ep->education)
		return;
	level = ep_education_rl[o->ep->education];
	o->route = level;
	if (level == 6 && o->rl[5] >= ROUTE_SHARE &&
	    !in_list(o->code, no_shorter_route,
		     sizeof(no_shorter_route) / sizeof(*no_shorter_route))) {
		o->route = 5;
		o->lowered = 1;
	}
	derive_programme(o);
}

/*
 * Whether a and b share a CIP code's first len characters (7: the code
 * 51.3801, 5: the series 51.38, 2: the family 51); the first shared into
 * out (len + 1 bytes).
 */
static int share_cip(const model *m, const occ *a, const occ *b, size_t len,
		     char *out)
{
	size_t i = a->cip_first, j = b->cip_first;
	size_t i_end = i + a->n_cips, j_end = j + b->n_cips;
	while (i < i_end && j < j_end) {
		int c = strncmp(m->cips[i].cip, m->cips[j].cip, len);
		if (!c) {
			memcpy(out, m->cips[i].cip, len);
			out[len] = '\0';
			return 1;
		}
		if (c < 0)
			i++;
		else
			j++;
	}
	return 0;
}

static int is_manager(const occ *o)
{
	return has_prefix(o->code, "11-");
}

/*
 * SOC names its first-line supervisors so in every major group; an O*NET
 * occupation within a supervisor's SOC code supervises too (47-1011.03
 * Solar Energy Installation Managers, on BLS's row for 47-1011).
 */
static int is_supervisor(const occ *o)
{
	return has_prefix(o->title, "First-Line Supervisors") ||
	       (o->ep && has_prefix(o->ep->title, "First-line supervisors"));
}

/*
 * The workers a first-line supervisor supervises, where they are fewer than
 * the supervisor's SOC major group: a sergeant comes up from police patrol
 * or detective work, not from a bailiff's or a firefighter's, though all are
 * protective service (33) and share the CIP family 43. The prefixes are SOC
 * minor or broad groups, a supervisor's own title naming them; any other
 * supervisor's workers are its major group.
 */
static const struct {
	const char *supervisor, *workers[3];
} supervised[] = {
	{"33-1011", {"33-301"}},	   /* correctional officers, jailers */
	{"33-1012", {"33-302", "33-305"}}, /* detectives, police officers */
	{"33-1021", {"33-2"}},		   /* firefighting and prevention */
	{"33-1091", {"33-903"}},	   /* security guards */
	{"33-1099", {"33-9"}},		   /* other protective service */
	{"37-1011", {"37-2"}},		   /* building cleaning workers */
	{"37-1012", {"37-3"}},		   /* grounds maintenance workers */
	{"39-1013", {"39-301"}},	   /* gambling services workers */
	{"41-1011", {"41-2"}},		   /* retail sales workers */
	{"41-1012", {"41-3", "41-4", "41-9"}}, /* other sales workers */
	{"53-1042", {"53-706"}},	/* laborers and material movers, hand */
	{"53-1043", {"53-3", "53-70"}}, /* vehicle and machine operators */
	{"53-1044", {"53-2031", "53-6061"}}, /* flight and other attendants */
};

/*
 * Whether a does the work b supervises: its SOC prefix is one of b's
 * workers' (supervised), or b's major group; the prefix matched into why.
 */
static int supervises(const occ *a, const occ *b, const char **group)
{
	size_t i, k;
	for (i = 0; i < sizeof(supervised) / sizeof(*supervised); i++) {
		if (!has_prefix(b->code, supervised[i].supervisor))
			continue;
		for (k = 0; k < 3 && supervised[i].workers[k]; k++)
			if (has_prefix(a->code, supervised[i].workers[k])) {
				*group = supervised[i].workers[k];
				return 1;
			}
		return 0;
	}
	*group = NULL;
	return !strncmp(a->code, b->code, 2);
}

/*
 * Occupations entered from narrower work than their SOC minor group or CIP
 * series: police detectives are promoted from police work after some years
 * of patrol (BLS OOH, "How to Become a Police Officer or Detective"), so a
 * bailiff's or a correctional officer's work (the same minor group 33-3000)
 * and a private investigator's (the CIP series 43.01) count only after the
 * academy and patrol. The work that counts: SOC prefixes (33-302 detective
 * work, 33-305 police patrol, 33-1012 police sergeants, who come up from
 * patrol).
 */
static const struct {
	const char *occupation, *work[3], *name;
} entered_from[] = {
	{"33-3021.00", {"33-302", "33-305", "33-1012"}, "police or detective"},
};

/*
 * Whether b is entered from narrower work (entered_from): -1 when it is
 * not, else 1 when a does that work (the prefix and its name into *prefix
 * and *name), 0 when it does not.
 */
static int entered_from_work(const occ *a, const occ *b, const char **prefix,
			     const char **name)
{
	size_t i, k;
	for (i = 0; i < sizeof(entered_from) / sizeof(*entered_from); i++) {
		if (strcmp(b->code, entered_from[i].occupation))
			continue;
		*name = entered_from[i].name;
		for (k = 0; k < 3 && entered_from[i].work[k]; k++)
			if (has_prefix(a->code, entered_from[i].work[k])) {
				*prefix = entered_from[i].work[k];
				return 1;
			}
		return 0;
	}
	return -1;
}

/*
 * Whether work in a counts as the related work b asks for: 1, with the
 * reason put in why, 0, or E_NOMEM. For a manager, a shared CIP family or
 * the same SOC broad occupation; for a first-line supervisor, the work of
 * the workers supervised alone (a shared field of study does not make a
 * bailiff a police officer); for an occupation of entered_from, the work
 * it names alone; else the same SOC minor group or a shared CIP series.
 */
static int related(const model *m, const occ *a, const occ *b, sbuf *why)
{
	char shared[6];
	const char *group, *work_name;
	int entered;
	if (is_manager(b) && !strncmp(a->code, b->code, 6))
		return sbuf_printf(why, "the same SOC broad occupation %.6s0",
				   b->code)
			       ? E_NOMEM
			       : 1;
	if (is_manager(b) && share_cip(m, a, b, 2, shared))
		return sbuf_printf(why, "a shared CIP family %s", shared)
			       ? E_NOMEM
			       : 1;
	if (is_manager(b))
		return 0;
	if (is_supervisor(b) && supervises(a, b, &group)) {
		if (!group)
			return sbuf_printf(why,
					   "the SOC major group %.2s-0000 of "
					   "the workers supervised",
					   b->code)
				       ? E_NOMEM
				       : 1;
		return sbuf_printf(why,
				   "the SOC group %s of the workers "
				   "supervised",
				   group)
			       ? E_NOMEM
			       : 1;
	}
	if (is_supervisor(b))
		return 0;
	entered = entered_from_work(a, b, &group, &work_name);
	if (entered >= 0)
		return entered && sbuf_printf(why, "%s work (SOC %s)",
					      work_name, group)
			       ? E_NOMEM
			       : entered;
	if (!strncmp(a->code, b->code, 4))
		return sbuf_printf(why, "the same SOC minor group %.4s000",
				   b->code)
			       ? E_NOMEM
			       : 1;
	if (share_cip(m, a, b, 5, shared))
		return sbuf_printf(why, "a shared CIP series %s", shared)
			       ? E_NOMEM
			       : 1;
	return 0;
}

/* A level's name as it reads inside a sentence ("associate's degree"). */
static int put_level_lower(sbuf *out, int level)
{
	const char *name = level_name(level);
	return name[0] ? sbuf_printf(out, "%c%s", lower(name[0]), name + 1) : 0;
}

/* "associate's degree in CIP 51.38 (51.3801 Registered Nursing/...)" */
static int put_programme(sbuf *out, const model *m, const occ *b)
{
	size_t i, n_series = 0, shown = 0;
	int status = put_level_lower(out, b->route);
	if (status || !b->n_cips)
		return status ? status
			      : sbuf_puts(out, " (no CIP programme in the "
					       "crosswalk)");
	for (i = b->cip_first; i < b->cip_first + b->n_cips; i++)
		n_series += i == b->cip_first ||
			    strncmp(m->cips[i].cip, m->cips[i - 1].cip, 5);
	status = sbuf_puts(out, n_series > 1 ? " in one of CIP " : " in CIP ");
	for (i = b->cip_first; i < b->cip_first + b->n_cips && !status; i++) {
		if (i != b->cip_first &&
		    !strncmp(m->cips[i].cip, m->cips[i - 1].cip, 5))
			continue;
		if (shown == 3) {
			status = sbuf_printf(out, " and %zu more",
					     n_series - shown);
			break;
		}
		status = sbuf_printf(out, "%s%.5s", shown ? ", " : "",
				     m->cips[i].cip);
		shown++;
	}
	if (!status)
		status = sbuf_printf(out, " (%s %s)", m->cips[b->cip_first].cip,
				     m->cips[b->cip_first].title);
	return status;
}

/*
 * b's programme taken in full, after missing months to complete a
 * bachelor's degree: "associate's degree in CIP 51.06 (...), 24 months"
 * and the reason its length is not the level's.
 */
static int put_programme_in_full(sbuf *text, const model *m, const occ *b,
				 int missing)
{
	int status;
	if ((status = put_programme(text, m, b)) ||
	    (status = sbuf_printf(text, ", %d months", b->prog)))
		return status;
	if (missing)
		status = sbuf_printf(text,
				     ", after %d months to complete a "
				     "bachelor's degree",
				     missing);
	if (!status && b->prog_reason)
		status = sbuf_printf(text, " (%s)", b->prog_reason);
	return status;
}

/*
 * What a move into b asks after its programme, the same whatever the
 * programme: BLS's typical entry when the route is shorter, and the
 * training BLS names a condition of the work. A residency or an
 * apprenticeship adds its months unless a (NULL: a start role) has the same
 * training in the same SOC broad occupation, which holds it; a specialty's
 * residency is its own, which another specialty does not give. Training on
 * the job is learned while paid in the job and adds none, so the move says
 * so rather than seem to ask nothing.
 */
static int put_training(sbuf *text, const occ *a, const occ *b, int *months)
{
	int status = 0, training = b->ep->training;
	if (b->lowered)
		status = sbuf_printf(text, "; typical entry: %c%s (BLS)",
				     lower(ep_education[b->ep->education][0]),
				     ep_education[b->ep->education] + 1);
	if (!status && b->ojt &&
	    !(a && a->ep && a->ep->training == training &&
	      !strncmp(a->code, b->code, 6) && !b->ojt_specialty)) {
		*months += b->ojt;
		status = sbuf_printf(text, "; then %d months of %s", b->ojt,
				     b->ojt_reason);
	}
	if (!status && training >= 2 && training <= 4)
		status = sbuf_printf(text,
				     "; the training is on the job, paid (BLS: "
				     "%c%s), not counted",
				     lower(ep_training[training][0]),
				     ep_training[training] + 1);
	return status;
}

/* The start roles: a school-leaver with a diploma, and one without. */
#define ENTRY_ID "entry"
#define ENTRY_TITLE "Entry Point (High School Diploma or GED)"
#define NO_DIPLOMA_ID "no-diploma"
#define NO_DIPLOMA_TITLE "No High School Diploma"

/* The origin of the no-diploma start role's moves (write_starts). */
static int is_no_diploma_start(const occ *a)
{
	return a && !strcmp(a->code, NO_DIPLOMA_ID);
}

/*
 * The months of preparation for a move from a (NULL: the entry start role,
 * which holds no programme; is_no_diploma_start: the no-diploma one, which
 * holds no programme nor a diploma) into b, and what they are in words; -1
 * when b has no BLS entry education. See graphs/onet/README.md, "months".
 */
static int prep_direct(const model *m, const occ *a, const occ *b, int *months,
		       sbuf *text)
{
	char series[6], programme[8];
	int shared_series = a && share_cip(m, a, b, 5, series);
	/* the origin's training is the destination's: a shared CIP code */
	int shared = a && share_cip(m, a, b, 7, programme);
	/* a licence is met only by another licensed practitioner's */
	int credit = shared && (!b->licensed || a->licensed);
	int have = a && a->cum > 0 ? a->cum : 0;
	int status = 0;
	*months = -1;
	if (b->cum < 0)
		return sbuf_printf(text,
				   "not known: no BLS entry education "
				   "for %.7s",
				   b->code);
	if (b->route <= 2) {
		*months = 0;
		if (!(status = sbuf_puts(text,
					 "no programme: BLS typical entry: ")))
			status = put_level_lower(text, b->route);
	} else if (credit) {
		*months = b->cum > have ? b->cum - have : 0;
		if (!(status = sbuf_puts(text, "the rest of ")) &&
		    !(status = put_level_lower(text, b->route)))
			status = sbuf_printf(
				text,
				" in the shared CIP programme %s: %d months "
				"of programmes after high school less %d "
				"already held",
				programme, b->cum, have);
	} else {
		int missing = b->route >= 8
				      ? BACHELORS_MONTHS -
						degree_months(a ? a->route : 0)
				      : 0;
		*months = b->prog + missing;
		if ((status = put_programme_in_full(text, m, b, missing)))
			return status;
		if (shared)
			status =
				sbuf_printf(text,
					    "; no credit for the shared CIP "
					    "programme %s: licensed "
					    "practitioners enter through their "
					    "own programme",
					    programme);
		else if (!status && shared_series)
			status = sbuf_printf(text,
					     "; no credit for the shared CIP "
					     "series %s: another programme "
					     "(no shared CIP code)",
					     series);
	}
	if (!status && a && a->route == 1 && b->route >= 2) {
		*months += GED_MONTHS;
		if (is_no_diploma_start(a))
			status = sbuf_printf(text,
					     "; a GED first (estimate %d "
					     "months): no diploma is held",
					     GED_MONTHS);
		else
			status = sbuf_printf(text,
					     "; a GED first (estimate %d "
					     "months): %s asks no diploma",
					     GED_MONTHS, a->title);
	}
	return status ? status : put_training(text, a, b, months);
}

/* The occupation whose licence b asks first, or NULL. */
static const occ *prerequisite_of(const model *m, const occ *b)
{
	size_t k, i;
	for (k = 0; k < sizeof(prerequisites) / sizeof(prerequisites[0]); k++)
		if (has_prefix(b->code, prerequisites[k][0]))
			for (i = 0; i < m->n_occs; i++)
				if (!strcmp(m->occs[i].code,
					    prerequisites[k][1]))
					return &m->occs[i];
	return NULL;
}

/* Whether a holds the licence p that b asks first. */
static int holds_licence(const model *m, const occ *a, const occ *p)
{
	return a &&
	       (!strncmp(a->code, p->code, 7) || prerequisite_of(m, a) == p);
}

/*
 * A move into b whose licence asks p's first, from an origin without it:
 * the move into p (its programme, as prep_direct prices it), then b's own
 * programme in full, a graduate one after the part of a bachelor's that
 * neither the origin nor p's programme gives. A chain a -> p -> b costs
 * the same, so the direct move is never the cheaper.
 */
static int prep_move(const model *m, const occ *a, const occ *b, int *months,
		     sbuf *text)
{
	const occ *p = prerequisite_of(m, b);
	int first, held, missing, status;
	if (!p || p->cum < 0 || b->cum < 0 || b->route <= 2 ||
	    holds_licence(m, a, p))
		return prep_direct(m, a, b, months, text);
	if ((status = sbuf_printf(text,
				  "first the licence of %s (BLS: %s "
				  "must be one): ",
				  p->title, b->title)) ||
	    (status = prep_direct(m, a, p, &first, text)))
		return status;
	held = degree_months(p->route);
	if (a && degree_months(a->route) > held)
		held = degree_months(a->route);
	missing = b->route >= 8 ? BACHELORS_MONTHS - held : 0;
	*months = first + b->prog + missing;
	if ((status = sbuf_puts(text, "; then ")) ||
	    (status = put_programme_in_full(text, m, b, missing)))
		return status;
	return put_training(text, a, b, months);
}

/* What experience_months stands for, in words (empty when none is asked). */
static int experience_text(const occ *a, const occ *b, const char *why,
			   sbuf *text)
{
	int status;
	if (b->exp <= 0)
		return 0;
	status = sbuf_printf(text,
			     "BLS: %c%s of work in a related occupation; %d "
			     "months %s",
			     lower(ep_experience[b->ep->experience][0]),
			     ep_experience[b->ep->experience] + 1, b->exp,
			     b->exp_reason ? ""
			     : b->exp_from_rw
				     ? "(estimate: the least of the median "
				       "incumbent's O*NET related work "
				       "experience, within BLS's range)"
				     : "(estimate: O*NET's related work "
				       "experience of the median incumbent is "
				       "missing or outside BLS's range)");
	if (!status && b->exp_reason)
		status = sbuf_printf(text, "(%s)", b->exp_reason);
	if (!status && a)
		status = sbuf_printf(text, "; %s is related by %s", a->title,
				     why);
	return status;
}

typedef struct gap {
	size_t skill;
	long level_gap, weighted; /* hundredths, ten-thousandths */
} gap;

static int by_weighted_gap(const void *pa, const void *pb)
{
	const gap *a = pa, *b = pb;
	if (a->weighted != b->weighted)
		return a->weighted > b->weighted ? -1 : 1;
	return a->skill < b->skill ? -1 : a->skill > b->skill;
}

/*
 * skill_gap = sum(IM_to * max(0, LV_to - LV_from)) / sum(IM_to) over the
 * skills whose three ratings are usable, to three decimals, half up; the
 * text names the TOP_SKILLS largest terms of the sum. Integer hundredths
 * keep the sums exact, so a hand-worked value rounds the same way.
 */
static int skill_fields(const model *m, const occ *a, const occ *b, sbuf *value,
			sbuf *text)
{
	gap gaps[SKILLS_MAX];
	size_t s, n = 0, i;
	long long num = 0, den = 0, thousandths;
	if (!a->has_skills || !b->has_skills)
		return 0;
	for (s = 0; s < m->n_skills; s++) {
		long d;
		if (a->lv[s] < 0 || b->lv[s] < 0 || b->im[s] < 0)
			continue;
		d = b->lv[s] - a->lv[s];
		d = d > 0 ? d : 0;
		num += (long long)b->im[s] * d;
		den += b->im[s];
		if (d > 0) {
			gaps[n].skill = s;
			gaps[n].level_gap = d;
			gaps[n].weighted = b->im[s] * d;
			n++;
		}
	}
	if (den <= 0)
		return 0;
	/* num / den is in hundredths of a level */
	thousandths = (num * 20 + den) / (2 * den);
	if (sbuf_printf(value, "%lld.%03lld", thousandths / 1000,
			thousandths % 1000))
		return E_NOMEM;
	qsort(gaps, n, sizeof(gap), by_weighted_gap);
	for (i = 0; i < n && i < TOP_SKILLS; i++)
		if (sbuf_printf(text, "%s%s +%ld.%02ld", i ? "; " : "",
				m->skills[gaps[i].skill].name,
				gaps[i].level_gap / 100,
				gaps[i].level_gap % 100))
			return E_NOMEM;
	return 0;
}

/*
 * "Tech" is how people write "Technician" ("Pharmacy Tech"), and O*NET
 * spells a name one way or the other: each name of o that ends in one
 * word also answers to the other ("HVAC Tech" -> "HVAC Technician"). A
 * variant ranks below every name a source gives as it is (NAME_TECH), and
 * among variants by its name's source, so it names whom its name names
 * and a name any occupation gives as it is stays that occupation's.
 */
static int add_tech_names(occ *o)
{
	static const char tech[] = " Tech", technician[] = " Technician";
	size_t i, n = o->n_aliases, len, stem;
	for (i = 0; i <= n; i++) {
		const char *name = i < n ? o->aliases[i] : o->singular;
		const char *to;
		int source = i < n ? o->alias_sources[i] : NAME_SINGULAR;
		char *variant;
		if (!name)
			continue;
		len = strlen(name);
		if (len > sizeof(technician) - 1 &&
		    !strcmp(name + len - (sizeof(technician) - 1),
			    technician)) {
			stem = len - (sizeof(technician) - 1);
			to = tech;
		} else if (len > sizeof(tech) - 1 &&
			   !strcmp(name + len - (sizeof(tech) - 1), tech)) {
			stem = len - (sizeof(tech) - 1);
			to = technician;
		} else {
			continue;
		}
		if (!(variant = malloc(stem + strlen(to) + 1)))
			return E_NOMEM;
		memcpy(variant, name, stem);
		strcpy(variant + stem, to);
		if (push_alias(o, variant, NAME_TECH + source))
			return E_NOMEM;
	}
	return 0;
}

/* ---- output ---- */

/* RFC 4180: quoted when the loader would otherwise read it differently. */
static int put_csv(sbuf *out, const char *s, int last)
{
	int quote = *s && (is_space(s[0]) || is_space(s[strlen(s) - 1]) ||
			   strpbrk(s, ",\"\r\n"));
	int status = 0;
	if (!quote)
		status = sbuf_puts(out, s);
	else {
		status = sbuf_put(out, "\"", 1);
		for (; *s && !status; s++)
			status = *s == '"' ? sbuf_put(out, "\"\"", 2)
					   : sbuf_put(out, s, 1);
		if (!status)
			status = sbuf_put(out, "\"", 1);
	}
	return status ? status : sbuf_put(out, last ? "\n" : ",", 1);
}

typedef struct keyed {
	char *key;
	const char *alias;
	int rank; /* name_rank() */
} keyed;

static int by_key(const void *pa, const void *pb)
{
	const keyed *a = pa, *b = pb;
	int c = strcmp(a->key, b->key);
	return c ? c : strcmp(a->alias, b->alias);
}

static int by_title_key(const void *pa, const void *pb)
{
	return strcmp(*(char *const *)pa, *(char *const *)pb);
}

/* Whether key is among the n sorted keys. */
static int has_key(char **keys, size_t n, const char *key)
{
	return n && bsearch(&key, keys, n, sizeof(char *), by_title_key);
}

/* An "All Other" occupation gathers those no other code names. */
static int is_catch_all(const occ *o)
{
	return strstr(o->title, "All Other") != NULL;
}

/* How strongly a name from source names o: lower is stronger. */
static int name_rank(const occ *o, int source)
{
	return 2 * source + is_catch_all(o);
}

/*
 * The name o gives at i: an alias, or at n_aliases the singular of its
 * title (NULL when it has none).
 */
static const char *name_at(const occ *o, size_t i, int *rank)
{
	if (i < o->n_aliases) {
		*rank = name_rank(o, o->alias_sources[i]);
		return o->aliases[i];
	}
	*rank = name_rank(o, NAME_SINGULAR);
	return o->singular;
}

/* Every name's key with the strongest rank any occupation gives it. */
typedef struct best_ranks {
	keyed *names; /* sorted by key, one per key; alias unused */
	size_t n;
} best_ranks;

static int by_key_rank(const void *pa, const void *pb)
{
	const keyed *a = pa, *b = pb;
	int c = strcmp(a->key, b->key);
	return c ? c : (a->rank > b->rank) - (a->rank < b->rank);
}

static void best_ranks_free(best_ranks *b)
{
	size_t i;
	for (i = 0; i < b->n; i++)
		free(b->names[i].key);
	free(b->names);
	b->names = NULL;
	b->n = 0;
}

static int best_ranks_build(model *m, best_ranks *out)
{
	size_t i, k, n = 0, total = 0, kept = 0;
	keyed *names;
	int status = 0;
	for (i = 0; i < m->n_occs; i++)
		total += m->occs[i].n_aliases + 1;
	if (!(names = calloc(total ? total : 1, sizeof(keyed))))
		return E_NOMEM;
	for (i = 0; i < m->n_occs && !status; i++) {
		const occ *o = &m->occs[i];
		for (k = 0; k <= o->n_aliases && !status; k++) {
			int rank;
			const char *name = name_at(o, k, &rank);
			if (!name)
				continue;
			if ((status = name_key(&m->key, name)))
				break;
			if (!(names[n].key = strdup(m->key.ptr))) {
				status = E_NOMEM;
				break;
			}
			names[n++].rank = rank;
		}
	}
	out->names = names;
	out->n = n;
	if (status) {
		best_ranks_free(out);
		return status;
	}
	qsort(names, n, sizeof(keyed), by_key_rank);
	for (i = 0; i < n; i++) {
		if (kept && !strcmp(names[i].key, names[kept - 1].key)) {
			free(names[i].key);
			continue;
		}
		names[kept++] = names[i];
	}
	out->n = kept;
	return 0;
}

static int by_key_only(const void *pa, const void *pb)
{
	return strcmp(((const keyed *)pa)->key, ((const keyed *)pb)->key);
}

static int best_rank(const best_ranks *b, const char *key)
{
	keyed probe = {(char *)key, NULL, 0};
	const keyed *found =
		bsearch(&probe, b->names, b->n, sizeof(keyed), by_key_only);
	return found ? found->rank : 0;
}

/*
 * The aliases of o and the singular of its title, sorted by lookup key and
 * deduplicated by it, the first spelling in byte order kept. A name equal
 * to any occupation's title is left out, so that a title always names its
 * own occupation alone; so is a name another occupation gives from a
 * stronger source (best), so that it names the occupations people mean.
 */
static int alias_field(model *m, const occ *o, char **titles, size_t n_titles,
		       const best_ranks *best, sbuf *out)
{
	keyed *list = NULL;
	size_t i, j, n = 0;
	int status = 0;
	out->len = 0;
	if ((status = sbuf_put(out, "", 0)))
		return status;
	if (!(list = calloc(o->n_aliases + 1, sizeof(keyed))))
		return E_NOMEM;
	for (i = 0; i <= o->n_aliases && !status; i++) {
		int rank;
		const char *alias = name_at(o, i, &rank);
		char *key;
		if (!alias)
			continue;
		if ((status = name_key(&m->key, alias)))
			break;
		key = m->key.ptr;
		if (!*key || has_key(titles, n_titles, key))
			continue;
		if (!(list[n].key = strdup(key))) {
			status = E_NOMEM;
			break;
		}
		list[n].rank = rank;
		list[n++].alias = alias;
	}
	if (!status && n)
		qsort(list, n, sizeof(keyed), by_key);
	for (i = 0; i < n && !status; i = j) {
		int rank = list[i].rank;
		/* o's spellings of one name: o gives it at their best rank */
		for (j = i + 1; j < n && !strcmp(list[j].key, list[i].key); j++)
			if (list[j].rank < rank)
				rank = list[j].rank;
		if (rank > best_rank(best, list[i].key))
			continue;
		if (out->len)
			status = sbuf_put(out, ";", 1);
		if (!status)
			status = sbuf_puts(out, list[i].alias);
	}
	for (i = 0; i < n; i++)
		free(list[i].key);
	free(list);
	return status;
}

static const char *major_group(const model *m, const occ *o, char *code)
{
	const wage_row *w;
	memcpy(code, o->code, 3);
	memcpy(code + 3, "0000", 5);
	w = find_wage(m, code);
	return w ? w->title : code;
}

/* education, education_level and education_note of o */
static int education_fields(const model *m, const occ *o, sbuf *out)
{
	char note[256] = "";
	int status;
	if (o->route) {
		if (o->lowered)
			snprintf(note, sizeof(note),
				 "shortest recognised route: O*NET gives an "
				 "associate's degree to %.2f%% of respondents "
				 "(%.0f%% or more); BLS typical entry: %s",
				 o->rl[5], ROUTE_SHARE,
				 ep_education[o->ep->education]);
		if ((status = put_csv(out, level_name(o->route), 0)) ||
		    (status = sbuf_printf(out, "%d,", o->route)))
			return status;
		return put_csv(out, note, 0);
	}
	if (o->education && o->rl_suppress[o->education])
		snprintf(note, sizeof(note),
			 "no BLS entry education: O*NET's modal category; "
			 "its share (%.2f%%) has O*NET's Recommend Suppress "
			 "flag: low precision",
			 o->rl[o->education]);
	else if (o->education)
		snprintf(note, sizeof(note),
			 "no BLS entry education: O*NET's modal category");
	else
		snprintf(note, sizeof(note),
			 "no BLS entry education and no education ratings in "
			 "O*NET");
	if ((status = put_csv(
		     out, o->education ? m->rl_label[o->education] : "", 0)))
		return status;
	if (o->education && (status = sbuf_printf(out, "%d", o->education)))
		return status;
	return (status = sbuf_put(out, ",", 1)) ? status
						: put_csv(out, note, 0);
}

/* "CIP 51.38, 51.39": the series the crosswalk links o to */
static int series_field(const model *m, const occ *o, sbuf *out)
{
	size_t i;
	int status = sbuf_put(out, "", 0);
	for (i = o->cip_first; i < o->cip_first + o->n_cips && !status; i++)
		if (i == o->cip_first ||
		    strncmp(m->cips[i].cip, m->cips[i - 1].cip, 5))
			status = sbuf_printf(out, "%s%.5s",
					     i == o->cip_first ? "CIP " : ", ",
					     m->cips[i].cip);
	return status;
}

static int put_amount(sbuf *out, double thousands)
{
	if (isnan(thousands))
		return sbuf_put(out, ",", 1);
	return sbuf_printf(out, "%.0f,", round(thousands * 1000));
}

/* no-diploma, entry, or "" (no BLS entry education) */
static const char *kind_of(const occ *o)
{
	if (!o->ep || !o->ep->education)
		return "";
	return o->ep->education == 1 ? NO_DIPLOMA_ID : ENTRY_ID;
}

static const char *category(const char *const *list, int k)
{
	return k ? list[k] : "";
}

/*
 * entry_education, entry_experience, entry_training, cip_series,
 * employment_2024, employment_change_pct, annual_openings, outlook_source
 * and outlook_note of o, each followed by a comma.
 */
static int outlook_fields(const model *m, const occ *o, sbuf *scratch,
			  sbuf *out)
{
	const ep_row *ep = o->ep;
	char code[8];
	int status;
	memcpy(code, o->code, 7);
	code[7] = '\0';
	scratch->len = 0;
	if ((status = series_field(m, o, scratch)))
		return status;
	if (!ep) {
		if ((status = sbuf_puts(out, ",,,")) ||
		    (status = put_csv(out, scratch->ptr, 0)) ||
		    (status = sbuf_puts(out, ",,,,")))
			return status;
		scratch->len = 0;
		code[6] = '0';
		if ((status = sbuf_printf(scratch,
					  "no BLS EP row for %.7s or its broad "
					  "group %s: entry requirements and "
					  "outlook not known",
					  o->code, code)))
			return status;
		return put_csv(out, scratch->ptr, 0);
	}
	if ((status = put_csv(out, category(ep_education, ep->education), 0)) ||
	    (status = put_csv(out, category(ep_experience, ep->experience),
			      0)) ||
	    (status = put_csv(out, category(ep_training, ep->training), 0)) ||
	    (status = put_csv(out, scratch->ptr, 0)) ||
	    (status = put_amount(out, ep->employment_2024)))
		return status;
	if (isnan(ep->change_pct))
		status = sbuf_put(out, ",", 1);
	else
		status = sbuf_printf(out, "%.1f,", ep->change_pct);
	if (status || (status = put_amount(out, ep->openings)))
		return status;
	scratch->len = 0;
	if ((status = sbuf_printf(scratch, "%s, %s %s", OUTLOOK_SOURCE,
				  ep->code, ep->title)) ||
	    (status = put_csv(out, scratch->ptr, 0)))
		return status;
	scratch->len = 0;
	if (o->ep_via == EP_BROAD)
		status = sbuf_printf(scratch, "EP reports %s only within %s",
				     code, ep->code);
	else if (o->ep_via == EP_COMBINED)
		status = sbuf_printf(scratch,
				     "EP reports %s only within its combined "
				     "code %s",
				     code, ep->code);
	else
		status = sbuf_put(scratch, "", 0);
	return status ? status : put_csv(out, scratch->ptr, 0);
}

static int write_start_roles(sbuf *out)
{
	return sbuf_printf(
		out,
		"%s,%s,,,entry,,,%s,2,the start of routes for a school-leaver "
		"with a high school diploma or GED,,,,,,,,,,,,\n"
		"%s,%s,,,entry,,,%s,1,the start of routes for someone without "
		"a "
		"high school diploma,,,,,,,,,,,,\n",
		ENTRY_ID, ENTRY_TITLE, ep_education[2], NO_DIPLOMA_ID,
		NO_DIPLOMA_TITLE, ep_education[1]);
}

static int write_roles(model *m, sbuf *out, size_t *n_aliases)
{
	char **titles = NULL;
	sbuf aliases = {0}, wage = {0}, note = {0}, source = {0};
	sbuf scratch = {0};
	best_ranks best = {NULL, 0};
	size_t i;
	int status;

	*n_aliases = 0;
	if (!(titles = calloc(m->n_occs + 2, sizeof(char *))))
		return E_NOMEM;
	if ((status = best_ranks_build(m, &best))) {
		free(titles);
		return status;
	}
	for (i = 0; i < m->n_occs; i++)
		titles[i] = m->occs[i].title_key;
	/* the start roles' titles, as name_key folds them */
	titles[m->n_occs] = "entry point (high school diploma or ged)";
	titles[m->n_occs + 1] = "no high school diploma";
	qsort(titles, m->n_occs + 2, sizeof(char *), by_title_key);
	status = sbuf_puts(out, "id,title,aliases,kind_of,category,major_group,"
				"job_zone,"
				"education,education_level,education_note,"
				"entry_education,entry_experience,"
				"entry_training,cip_series,employment_2024,"
				"employment_change_pct,annual_openings,"
				"outlook_source,outlook_note,median_wage_usd,"
				"wage_note,wage_source\n");
	for (i = 0; i < m->n_occs && !status; i++) {
		occ *o = &m->occs[i];
		char group[8], zone[4] = "";
		wage.len = note.len = source.len = 0;
		if ((status = sbuf_put(&wage, "", 0)) ||
		    (status = sbuf_put(&note, "", 0)) ||
		    (status = sbuf_put(&source, "", 0)) ||
		    (status = alias_field(m, o, titles, m->n_occs + 2, &best,
					  &aliases)) ||
		    (status = wage_fields(m, o, &wage, &note, &source)))
			break;
		if (aliases.len) {
			const char *p;
			for (++*n_aliases, p = aliases.ptr; *p; p++)
				*n_aliases += *p == ';';
		}
		if (o->zone)
			snprintf(zone, sizeof(zone), "%d", o->zone);
		if ((status = put_csv(out, o->code, 0)) ||
		    (status = put_csv(out, o->title, 0)) ||
		    (status = put_csv(out, aliases.ptr, 0)) ||
		    (status = put_csv(out, kind_of(o), 0)) ||
		    (status = put_csv(out, "", 0)) ||
		    (status = put_csv(out, major_group(m, o, group), 0)) ||
		    (status = put_csv(out, zone, 0)) ||
		    (status = education_fields(m, o, out)) ||
		    (status = outlook_fields(m, o, &scratch, out)) ||
		    (status = put_csv(out, wage.ptr, 0)) ||
		    (status = put_csv(out, note.ptr, 0)) ||
		    (status = put_csv(out, source.ptr, 1)))
			break;
	}
	if (!status)
		status = write_start_roles(out);
	free(titles);
	best_ranks_free(&best);
	sbuf_free(&scratch);
	sbuf_free(&aliases);
	sbuf_free(&wage);
	sbuf_free(&note);
	sbuf_free(&source);
	return status;
}

/* Occupations are sorted by code, so their positions order codes too. */
static int by_move(const void *pa, const void *pb)
{
	const transition *a = pa, *b = pb;
	if (a->from != b->from)
		return a->from < b->from ? -1 : 1;
	if (a->index != b->index)
		return a->index < b->index ? -1 : 1;
	return a->to < b->to ? -1 : a->to > b->to;
}

/*
 * What a move's months are made of, in words, where the number alone would
 * mislead: 0 months into training on the job (BLS's short-, moderate- or
 * long-term on-the-job training) is learned while paid, not "no time"; a
 * GED counted first is 3 of the months, which a reader with a diploma
 * would not need. prep (the preparation text) names the GED exactly when
 * prep_direct added its months.
 */
static const char *time_note(const occ *b, int months, const char *prep)
{
	_Static_assert(GED_MONTHS == 3, "the notes below say 3 months");
	int training = b->ep ? b->ep->training : 0,
	    on_the_job = training >= 2 && training <= 4,
	    ged = strstr(prep, "a GED first") != NULL;
	if (ged && months == GED_MONTHS && on_the_job)
		return "a GED (3 months), then trained on the job (paid)";
	if (ged && months > GED_MONTHS)
		return "a GED first (3 months), then the programme";
	if (ged && months == GED_MONTHS)
		return "a GED (3 months)";
	return months == 0 && on_the_job ? "trained on the job (paid)" : "";
}

/*
 * One row of transitions.csv: from and to, O*NET's tier and index (t, or
 * blank for a start role's move), then the metrics and the texts.
 */
static int write_move(model *m, sbuf *out, const char *from, const occ *a,
		      const occ *b, const transition *t, const char *why,
		      sbuf *scratch)
{
	sbuf *prep = &scratch[0], *exp = &scratch[1], *gap_value = &scratch[2],
	     *skills = &scratch[3];
	int months, k, status = 0;
	for (k = 0; k < 4 && !status; k++) {
		scratch[k].len = 0;
		status = sbuf_put(&scratch[k], "", 0);
	}
	if (status || (status = prep_move(m, a, b, &months, prep)) ||
	    (status = experience_text(a, b, why, exp)) ||
	    (a && (status = skill_fields(m, a, b, gap_value, skills))) ||
	    (status = sbuf_printf(out, "%s,%s,", from, b->code)))
		return status;
	if (t)
		status = sbuf_printf(out, "%d,%d,", t->tier, t->index);
	else
		status = sbuf_puts(out, ",,");
	if (!status && months >= 0)
		status = sbuf_printf(out, "%d", months);
	if (!status && b->exp >= 0)
		status = sbuf_printf(out, ",%d,", b->exp);
	else if (!status)
		status = sbuf_puts(out, ",,");
	if (!status && b->experience)
		status = sbuf_printf(out, "%d",
				     experience_months[b->experience]);
	if (status || (status = sbuf_put(out, ",", 1)) ||
	    (status = put_csv(out, gap_value->ptr, 0)) ||
	    (status = put_csv(out, skills->ptr, 0)) ||
	    (status = put_csv(out, prep->ptr, 0)) ||
	    (status = put_csv(out, exp->ptr, 0)))
		return status;
	return put_csv(out, time_note(b, months, prep->ptr), 1);
}

/*
 * The moves out of the start roles: a GED from no-diploma to entry, then
 * into every occupation that asks no work experience, from entry, and from
 * no-diploma too, with the GED first where BLS asks a diploma or more. The
 * GED and the programme are one move, as a counsellor tells them: a worker
 * in a no-credential occupation (a kind of no-diploma) would otherwise tie
 * a sidestep into another no-credential occupation and its O*NET pair
 * (Retail Salespersons -> Shampooers -> Dental Hygienists) with no-diploma
 * -> entry -> the destination, and the tie goes to the rows that come
 * first, O*NET's; one move wins the tie by its fewer steps.
 */
static int write_starts(model *m, sbuf *out, sbuf *scratch, size_t *n)
{
	occ no_diploma = {0};
	size_t i;
	int status;
	/* holds nothing, as entry, and no diploma either: route 1, as a
	 * no-credential occupation, with no CIP code, skills nor BLS row */
	memcpy(no_diploma.code, NO_DIPLOMA_ID, sizeof(NO_DIPLOMA_ID));
	no_diploma.route = 1;
	status = sbuf_printf(out,
			     "%s,%s,,,%d,0,,,,\"a GED: estimate %d months "
			     "of preparation for its four tests (the GED "
			     "asks no course)\",,\n",
			     NO_DIPLOMA_ID, ENTRY_ID, GED_MONTHS, GED_MONTHS);
	*n = 1;
	for (i = 0; i < m->n_occs && !status; i++) {
		const occ *b = &m->occs[i];
		if (b->exp != 0 || b->cum < 0)
			continue;
		status = write_move(m, out, ENTRY_ID, NULL, b, NULL, "",
				    scratch);
		++*n;
	}
	for (i = 0; i < m->n_occs && !status; i++) {
		const occ *b = &m->occs[i];
		if (b->exp != 0 || b->cum < 0)
			continue;
		status = write_move(m, out, NO_DIPLOMA_ID, &no_diploma, b, NULL,
				    "", scratch);
		++*n;
	}
	return status;
}

/*
 * O*NET's related pairs, less those into an occupation that asks for work
 * experience the origin does not give, then the start roles' moves.
 */
static int write_transitions(model *m, sbuf *out, onet_counts *counts)
{
	sbuf scratch[4] = {{0}}, why = {0};
	size_t i;
	int status, k;
	if (m->n_moves)
		qsort(m->moves, m->n_moves, sizeof(transition), by_move);
	status = sbuf_puts(out, "from,to,relatedness_tier,relatedness_index,"
				"months,experience_months,"
				"onet_experience_months,skill_gap,"
				"skills_to_build,preparation,"
				"experience_note,time_note\n");
	for (i = 0; i < m->n_moves && !status; i++) {
		const transition *t = &m->moves[i];
		const occ *a = &m->occs[t->from], *b = &m->occs[t->to];
		why.len = 0;
		if ((status = sbuf_put(&why, "", 0)))
			break;
		if (b->exp > 0) {
			int is_related = related(m, a, b, &why);
			if (is_related < 0) {
				status = is_related;
				break;
			}
			if (!is_related) {
				counts->left_out++;
				continue;
			}
		}
		status = write_move(m, out, a->code, a, b, t, why.ptr, scratch);
		counts->transitions++;
	}
	if (!status)
		status = write_starts(m, out, scratch, &counts->starts);
	counts->transitions += counts->starts;
	for (k = 0; k < 4; k++)
		sbuf_free(&scratch[k]);
	sbuf_free(&why);
	return status;
}

typedef struct input {
	const char *name;
	int has_xlsx_dump;
	size_t title_lines;
	const char *columns[10];
	size_t n_columns;
	row_fn on_row;
} input;

static const input inputs[] = {
	{"Occupation Data",
	 0,
	 0,
	 {"O*NET-SOC Code", "Title"},
	 2,
	 on_occupation},
	{"Job Zones", 0, 0, {"O*NET-SOC Code", "Job Zone"}, 2, on_job_zone},
	{"Education, Training, and Experience Categories",
	 0,
	 0,
	 {"Element ID", "Scale ID", "Category", "Category Description"},
	 4,
	 on_category},
	{"Education, Training, and Experience",
	 1,
	 0,
	 {"O*NET-SOC Code", "Element ID", "Scale ID", "Category", "Data Value",
	  "Recommend Suppress"},
	 6,
	 on_education},
	{"Skills",
	 1,
	 0,
	 {"O*NET-SOC Code", "Element ID", "Element Name", "Scale ID",
	  "Data Value", "Recommend Suppress", "Not Relevant"},
	 7,
	 on_skill},
	{"Alternate Titles",
	 1,
	 0,
	 {"O*NET-SOC Code", "Alternate Title", "Short Title"},
	 3,
	 on_alternate},
	{"Sample of Reported Titles",
	 0,
	 0,
	 {"O*NET-SOC Code", "Reported Job Title"},
	 2,
	 on_reported},
	{"Related Occupations",
	 0,
	 0,
	 {"O*NET-SOC Code", "Related O*NET-SOC Code", "Relatedness Tier",
	  "Index"},
	 4,
	 on_related},
	{NULL,
	 0,
	 0,
	 {"OCC_CODE", "OCC_TITLE", "O_GROUP", "A_MEDIAN", "H_MEDIAN"},
	 5,
	 on_oews},
	/* the sheet's first line is the table's title */
	{NULL,
	 0,
	 1,
	 {"2024 National Employment Matrix title",
	  "2024 National Employment Matrix code", "Occupation type",
	  "Employment, 2024", "Employment, 2034",
	  "Employment change, percent, 2024" EN_DASH "34",
	  "Occupational openings, 2024" EN_DASH "34 annual average",
	  "Typical education needed for entry",
	  "Work experience in a related occupation",
	  "Typical on-the-job training needed to attain competency in the "
	  "occupation"},
	 10,
	 on_projection},
	{NULL,
	 0,
	 0,
	 {"CIP2020Code", "CIP2020Title", "SOC2018Code"},
	 3,
	 on_crosswalk},
};

const char *onet_table_name(onet_table table)
{
	return inputs[table].name;
}

int onet_table_has_xlsx_dump(onet_table table)
{
	return inputs[table].has_xlsx_dump;
}

int onet_model_new(onet_model **out, const onet_reporter *reporter)
{
	if (!(*out = calloc(1, sizeof(**out))))
		return onet_fail_nomem(reporter);
	if (reporter)
		(*out)->reporter = *reporter;
	return 0;
}

void onet_model_free(onet_model *m)
{
	size_t i, k;
	if (!m)
		return;
	for (i = 0; i < m->n_occs; i++) {
		occ *o = &m->occs[i];
		free(o->title);
		free(o->title_key);
		free(o->singular);
		free(o->singular_key);
		for (k = 0; k < o->n_aliases; k++)
			free(o->aliases[k]);
		free(o->aliases);
		free(o->alias_sources);
	}
	free(m->occs);
	for (i = 0; i < m->n_wages; i++) {
		free(m->wages[i].title);
		free(m->wages[i].annual);
		free(m->wages[i].hourly);
	}
	free(m->wages);
	free(m->moves);
	for (i = 0; i < m->n_skills; i++) {
		free(m->skills[i].id);
		free(m->skills[i].name);
	}
	for (i = 0; i <= RL_MAX; i++)
		free(m->rl_label[i]);
	for (i = 0; i < m->n_eps; i++)
		free(m->eps[i].title);
	free(m->eps);
	for (i = 0; i < m->n_cips; i++)
		free(m->cips[i].title);
	free(m->cips);
	sbuf_free(&m->key);
	for (i = 0; i < ONET_TABLES; i++)
		free(m->paths[i]);
	free(m);
}

int onet_read_text(onet_model *m, onet_table table, const char *path,
		   const char *text, size_t len)
{
	const input *reader = &inputs[table];
	const reading in = {path, &m->reporter};
	int status =
		read_tsv(&in, len ? text : "", len, reader->title_lines,
			 reader->columns, reader->n_columns, reader->on_row, m,
			 &m->rows[table], &m->lines[table]);
	if (!status && table == ONET_OCCUPATIONS)
		status = check_unique_codes(m, &in);
	free(m->paths[table]);
	if (!(m->paths[table] = strdup(path)))
		return onet_fail_nomem(&m->reporter);
	return status;
}

/*
 * The data rows of each table in the release graphs/onet is made from
 * (O*NET 30.0; OEWS May 2024; EP 2024-34 Table 1.2, its Summary and
 * footnote lines counted; the NCES CIP 2020 - SOC 2018 crosswalk), counted
 * as onet_read_text() counts them; 0 where a table's length says nothing
 * (the categories, a reference list).
 */
static const size_t release_rows[ONET_TABLES] = {RELEASE_OCCUPATIONS,
						 923,
						 0,
						 36209,
						 61530,
						 56560,
						 7796,
						 18460,
						 1403,
						 1117,
						 6097};

int onet_check_complete(onet_model *m)
{
	int table;
	for (table = 0; table < ONET_TABLES; table++) {
		size_t want = release_rows[table] * 4 / 5;
		if (!m->paths[table])
			continue;
		if (!m->rows[table])
			return fail_at(
				&(reading){m->paths[table], &m->reporter},
				m->lines[table], 1,
				"no rows past the header (expected "
				"the table's rows: is the file cut "
				"short?)");
		if (m->rows[ONET_OCCUPATIONS] < RELEASE_OCCUPATIONS * 4 / 5 ||
		    m->rows[table] >= want)
			continue;
		return fail_at(&(reading){m->paths[table], &m->reporter},
			       m->lines[table], 1,
			       "%zu rows past the header, where the release "
			       "has %zu (expected at least %zu: is the file "
			       "cut short?)",
			       m->rows[table], release_rows[table], want);
	}
	return 0;
}

int onet_read_file(onet_model *m, onet_table table, const char *path)
{
	sbuf file = {0};
	int status = read_file(&m->reporter, path, &file);
	if (!status)
		status = onet_read_text(m, table, path, file.ptr, file.len);
	sbuf_free(&file);
	return status;
}

int onet_build(onet_model *m, sbuf *roles, sbuf *transitions,
	       onet_counts *counts)
{
	size_t i;
	int status;
	memset(counts, 0, sizeof(*counts));
	if (m->n_cips)
		qsort(m->cips, m->n_cips, sizeof(cip_pair), by_soc_cip);
	for (i = 0; i < m->n_occs; i++) {
		m->occs[i].education = modal_category(m->occs[i].rl, RL_MAX);
		m->occs[i].experience = modal_category(m->occs[i].rw, RW_MAX);
		m->occs[i].experience_median =
			median_category(m->occs[i].rw, RW_MAX);
		derive_entry(m, &m->occs[i]);
		if ((status = add_tech_names(&m->occs[i])))
			return status;
	}
	if ((status = write_roles(m, roles, &counts->aliases)) ||
	    (status = write_transitions(m, transitions, counts)))
		return status;
	counts->roles = m->n_occs + 2;
	return 0;
}
