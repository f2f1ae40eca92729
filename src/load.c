/*
 * Loading a graph folder: roles.csv, then transitions.csv, checked cell by
 * cell. A row with an error is left out whole, so what is loaded is always
 * consistent; without a diagnostics callback the first error ends loading.
 */
#include "internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* "did you mean" for the first unknown roles of a load, not for all */
#define HINTS_PER_LOAD 50
/* rows read before the arrays are sized for the whole file */
#define SAMPLE_ROWS 1024

/* The blank cells of a column whose kind is not yet known: all its rows. */
typedef struct blanks {
	size_t line, column, count;
} blanks;

typedef struct loader {
	cp_graph *g;
	cp_diag_fn on_diag;
	void *payload;
	cp_error *err;
	size_t n_errors;
	int io_failed;
	int stopped; /* a callback of ours ended the read */
	cp_table table;
	const char *path;
	cp_columns *cols;
	int header_seen;
	int bad_header;
	size_t header_line;
	size_t n_header;
	size_t *decided_line; /* line whose cell decided each column's kind */
	struct column_watch *watch; /* each column's cells, for warnings */
	blanks *early_blanks; /* rows stored while each column was undecided */
	size_t cap_roles, cap_transitions;
	/* the first rows of a file, to size its arrays once */
	unsigned long long file_size, sample_bytes;
	size_t sample_rows;
	int roles_ok;
	cp_name_index rejected; /* ids of role rows left out, by line */
	size_t *kind_column;	/* where each role's kind_of cell starts */
	size_t soc_code_col;	/* roles.csv's soc_code column, or SIZE_MAX */
	size_t soc_link_col;	/* roles.csv's soc_link column, or SIZE_MAX */
	unsigned char *named;	/* roles some transition row names */
	size_t hints_left;	/* suggestions cost O(roles): a few per load */
	/* the last from found, and its role (last_from_len 0: none) */
	char last_from[32];
	size_t last_from_len, last_from_role;
	int table_ok; /* the last file read had a usable header and no fault */
} loader;

static int report(loader *l, cp_diag_kind kind, size_t line, size_t column,
		  const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static int report(loader *l, cp_diag_kind kind, size_t line, size_t column,
		  const char *fmt, ...)
{
	cp_error diag;
	va_list ap;
	va_start(ap, fmt);
	cp_failv(&diag, CP_EDATA, l->path, line, column, fmt, ap);
	va_end(ap);
	if (kind == CP_DIAG_ERROR)
		l->n_errors++;
	if (l->on_diag) {
		l->on_diag(kind, &diag, l->payload);
		return 0;
	}
	if (kind == CP_DIAG_WARNING)
		return 0;
	if (l->err)
		*l->err = diag;
	l->stopped = 1;
	return CP_EDATA;
}

/*
 * A cell's first bytes, kept in case a message shows it: as many as
 * cp_quote_excerpt() reads of valid UTF-8 before it cuts the text short,
 * so that the message is the one the whole cell would give.
 */
typedef struct kept_text {
	char bytes[CP_SHOWN_MAX + 8];
	size_t len;
} kept_text;

static const char *show_kept(cp_shown *s, const kept_text *kept)
{
	cp_quote_excerpt(s->text, sizeof(s->text), kept->bytes, kept->len,
			 CP_SHOWN_MAX);
	return s->text;
}

/* What a column's cells were, for the warnings at the end of its file. */
typedef struct column_watch {
	int forced; /* text by its name: not watched */
	/* a text column: cells that read as numbers, the others, and the
	 * first other, which made the column text */
	size_t numbers, others;
	size_t other_line, other_column;
	cp_shown other;
	/* a number column: its largest value and where */
	double max;
	size_t max_line, max_column;
	kept_text max_text;
} column_watch;

static int oom(loader *l)
{
	l->stopped = 1;
	return cp_fail_oom(l->err);
}

static const char *show_field(cp_shown *s, const cp_csv_field *f)
{
	cp_quote_excerpt(s->text, sizeof(s->text), f->text, f->len,
			 CP_SHOWN_MAX);
	return s->text;
}

static int is_metric_name(const char *s)
{
	if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
	      *s == '_'))
		return 0;
	for (s++; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '_'))
			return 0;
	return 1;
}

static int forced_text(cp_table table, const char *name)
{
	static const char *const role_text[] = {
		"id",	   "title",    "aliases", "category",
		"kind_of", "soc_code", "soc_link"};
	static const char *const transition_text[] = {"from", "to"};
	const char *const *names =
		table == CP_ROLES ? role_text : transition_text;
	size_t i, n = table == CP_ROLES ? 7 : 2;
	for (i = 0; i < n; i++)
		if (!strcmp(names[i], name))
			return 1;
	return 0;
}

static int read_header(loader *l, const cp_csv_field *fields, size_t n)
{
	static const char *const role_required[] = {"id", "title"};
	static const char *const transition_required[] = {"from", "to"};
	const char *const *required =
		l->table == CP_ROLES ? role_required : transition_required;
	size_t i, j, col;
	int status;

	l->header_seen = 1;
	l->header_line = fields[0].line;
	l->n_header = n;
	for (i = 0; i < n; i++) {
		if (!fields[i].len) {
			l->bad_header = 1;
			if ((status = report(l, CP_DIAG_ERROR, fields[i].line,
					     fields[i].column,
					     "empty column name in the header "
					     "(expected a name for column %zu)",
					     i + 1)))
				return status;
			continue;
		}
		for (j = 0; j < i; j++) {
			if (!strcmp(fields[i].text, fields[j].text)) {
				cp_shown name;
				l->bad_header = 1;
				if ((status = report(
					     l, CP_DIAG_ERROR, fields[i].line,
					     fields[i].column,
					     "duplicate column '%s' "
					     "(also column %zu)",
					     show_field(&name, &fields[i]),
					     j + 1)))
					return status;
				break;
			}
		}
		if (l->table == CP_TRANSITIONS &&
		    !strcmp(fields[i].text, "steps")) {
			l->bad_header = 1;
			if ((status = report(
				     l, CP_DIAG_ERROR, fields[i].line,
				     fields[i].column,
				     "column name 'steps' is reserved "
				     "(it counts the transitions of a route)")))
				return status;
		}
	}
	for (j = 0; j < 2; j++) {
		for (i = 0; i < n; i++)
			if (!strcmp(fields[i].text, required[j]))
				break;
		if (i == n) {
			l->bad_header = 1;
			if ((status = report(
				     l, CP_DIAG_ERROR, fields[0].line, 1,
				     "missing required column '%s' "
				     "(the header must name '%s' and '%s')",
				     required[j], required[0], required[1])))
				return status;
		}
	}
	if (l->bad_header)
		return 0;
	l->decided_line = calloc(n, sizeof(size_t));
	l->early_blanks = calloc(n, sizeof(blanks));
	l->watch = calloc(n, sizeof(column_watch));
	if (!l->decided_line || !l->early_blanks || !l->watch)
		return oom(l);
	for (i = 0; i < n; i++) {
		if (cp_columns_add(l->cols, fields[i].text))
			return oom(l);
		col = l->cols->count - 1;
		l->watch[i].forced = forced_text(l->table, fields[i].text);
		if (l->watch[i].forced &&
		    cp_column_decide(&l->cols->items[col], CP_COLUMN_TEXT, 0))
			return oom(l);
		l->cols->items[col].endpoint =
			l->table == CP_TRANSITIONS &&
			(!strcmp(fields[i].text, "from") ||
			 !strcmp(fields[i].text, "to"));
	}
	return 0;
}

/*
 * A column that turns out to hold numbers had blank cells in every row
 * before: they are missing values like any other.
 */
static int count_early_blanks(loader *l, size_t col)
{
	cp_column *c = &l->cols->items[col];
	const blanks *b = &l->early_blanks[col];
	cp_shown name;
	c->n_missing += b->count;
	if (!b->count || l->table != CP_TRANSITIONS)
		return 0;
	cp_show(&name, c->name);
	if (b->count == 1)
		return report(
			l, CP_DIAG_WARNING, b->line, b->column,
			"missing value in column '%s' (not known: queries "
			"by '%s' count it as at least 0)",
			name.text, name.text);
	return report(l, CP_DIAG_WARNING, b->line, b->column,
		      "missing value in column '%s' here and in the next %zu "
		      "rows (not known: queries by '%s' count each as at least "
		      "0)",
		      name.text, b->count - 1, name.text);
}

/* Settles an undecided column's kind from its first non-blank cell. */
static int decide(loader *l, size_t col, const cp_csv_field *f,
		  cp_num_status num)
{
	cp_column *c = &l->cols->items[col];
	cp_column_kind kind = CP_COLUMN_TEXT;
	int status;
	if (c->decided || num == CP_NUM_BLANK)
		return 0;
	if (num != CP_NUM_NOT_NUMBER) {
		kind = CP_COLUMN_NUMBER;
		if (l->table == CP_TRANSITIONS && !is_metric_name(c->name)) {
			cp_shown name;
			kind = CP_COLUMN_TEXT;
			if ((status = report(
				     l, CP_DIAG_WARNING, f->line, f->column,
				     "column '%s' holds numbers but is kept "
				     "as text: a metric name has only "
				     "letters, digits and '_'",
				     cp_show(&name, c->name))))
				return status;
		}
	}
	l->decided_line[col] = f->line;
	if (cp_column_decide(c, kind, l->cols->rows))
		return oom(l);
	return kind == CP_COLUMN_NUMBER ? count_early_blanks(l, col) : 0;
}

/* Checks one number cell; returns 1 if it is an error (reported). */
static int check_number(loader *l, size_t col, const cp_csv_field *f,
			cp_num_status num, double value, int *status)
{
	const cp_column *c = &l->cols->items[col];
	const char *what = l->table == CP_TRANSITIONS ? "a finite number >= 0"
						      : "a finite number";
	cp_shown name, cell;
	/* most cells are good: their text is formatted only for an error */
	if (num != CP_NUM_NOT_NUMBER && num != CP_NUM_NONFINITE &&
	    !(num == CP_NUM_OK && value < 0))
		return 0;
	cp_show(&name, c->name);
	show_field(&cell, f);
	if (num == CP_NUM_NOT_NUMBER)
		*status = report(l, CP_DIAG_ERROR, f->line, f->column,
				 "expected a number in column '%s' (as on line "
				 "%zu), found '%s'",
				 name.text, l->decided_line[col], cell.text);
	else if (num == CP_NUM_NONFINITE)
		*status = report(l, CP_DIAG_ERROR, f->line, f->column,
				 "expected %s in column '%s', found '%s'", what,
				 name.text, cell.text);
	else if (num == CP_NUM_OK && value < 0 && l->table == CP_TRANSITIONS)
		*status =
			report(l, CP_DIAG_ERROR, f->line, f->column,
			       "negative value '%s' in column '%s' (expected a "
			       "number >= 0: a cost never decreases)",
			       cell.text, name.text);
	else if (num == CP_NUM_OK && value < 0 && l->table == CP_ROLES &&
		 !strcmp(c->name, "median_wage_usd"))
		*status = report(l, CP_DIAG_ERROR, f->line, f->column,
				 "negative wage '%s' in column '%s' (expected "
				 "a number >= 0)",
				 cell.text, name.text);
	else
		return 0;
	return 1;
}

static int lookup_id(const cp_graph *g, const char *id, size_t len,
		     size_t *role)
{
	int found = cp_id_index_find(&g->ids, cp_role_ids(g), id, len, role);
	return found ? 0 : -1;
}

static int check_role_row(loader *l, const cp_csv_field *fields, int *bad)
{
	const cp_graph *g = l->g;
	const cp_csv_field *id = &fields[g->role_id_col];
	const cp_csv_field *title = &fields[g->role_title_col];
	size_t prior;
	int status = 0;
	cp_shown id_shown;
	if (!id->len) {
		*bad = 1;
		return report(
			l, CP_DIAG_ERROR, id->line, id->column,
			"empty role id (expected a unique id in column 'id')");
	}
	if (!lookup_id(g, id->text, id->len, &prior)) {
		*bad = 1;
		if ((status = report(l, CP_DIAG_ERROR, id->line, id->column,
				     "duplicate role id '%s' (first defined on "
				     "line %zu)",
				     show_field(&id_shown, id),
				     (size_t)g->role_line[prior])))
			return status;
	}
	if (!title->len) {
		*bad = 1;
		status = report(l, CP_DIAG_ERROR, title->line, title->column,
				"empty title for role '%s' (expected a title)",
				show_field(&id_shown, id));
	}
	return status;
}

/*
 * soc_link says how a role's soc_code joins it to that occupation when
 * folders are combined: "kind" (the role meets the occupation's entry
 * requirements and takes its moves) or "classified" (filed under the code
 * only). It means nothing without a soc_code.
 */
static int check_soc_link(loader *l, const cp_csv_field *fields, int *bad)
{
	const cp_csv_field *link, *id = &fields[l->g->role_id_col];
	cp_shown shown, id_shown;
	if (l->soc_link_col == SIZE_MAX)
		return 0;
	link = &fields[l->soc_link_col];
	if (!link->len)
		return 0;
	if (strcmp(link->text, "kind") && strcmp(link->text, "classified")) {
		*bad = 1;
		return report(l, CP_DIAG_ERROR, link->line, link->column,
			      "unknown value '%s' in column 'soc_link' "
			      "(expected 'kind' or 'classified')",
			      show_field(&shown, link));
	}
	if (l->soc_code_col != SIZE_MAX && fields[l->soc_code_col].len)
		return 0;
	*bad = 1;
	return report(l, CP_DIAG_ERROR, link->line, link->column,
		      "soc_link '%s' without a soc_code for role '%s' "
		      "(expected an occupation's code in column 'soc_code', "
		      "or a blank soc_link)",
		      link->text, show_field(&id_shown, id));
}

static int check_endpoint(loader *l, const cp_csv_field *f, const char *column,
			  size_t *role, int *bad)
{
	cp_graph *g = l->g;
	size_t line;
	cp_shown id;
	if (!f->len) {
		*bad = 1;
		return report(
			l, CP_DIAG_ERROR, f->line, f->column,
			"empty role id in column '%s' (expected a role id "
			"from roles.csv)",
			column);
	}
	if (!l->roles_ok)
		return 0;
	if (!lookup_id(g, f->text, f->len, role)) {
		l->named[*role] = 1;
		return 0;
	}
	*bad = 1;
	if (cp_name_index_find(&l->rejected, f->text, &line, 1))
		return report(
			l, CP_DIAG_ERROR, f->line, f->column,
			"unknown role '%s' in column '%s' (its row on line "
			"%zu of roles.csv has errors)",
			show_field(&id, f), column, line);
	{
		cp_buf hint = CP_BUF_INIT;
		int status;
		if (l->hints_left) {
			l->hints_left--;
			if (cp_suggest_roles(&hint, g, f->text, 1)) {
				cp_buf_free(&hint);
				return oom(l);
			}
		}
		status = report(l, CP_DIAG_ERROR, f->line, f->column,
				"unknown role '%s' in column '%s'%s",
				show_field(&id, f), column,
				hint.size ? hint.ptr : "");
		cp_buf_free(&hint);
		return status;
	}
}

static int check_transition_row(loader *l, const cp_csv_field *fields,
				size_t *from, size_t *to, int *bad)
{
	const cp_csv_field *f = &fields[l->g->tr_from_col];
	int status;
	/* a file lists a role's moves together: the same from as the row
	 * before is the same role, found without hashing it again */
	if (l->last_from_len && f->len == l->last_from_len &&
	    !memcmp(f->text, l->last_from, f->len)) {
		*from = l->last_from_role;
	} else {
		if ((status = check_endpoint(l, f, "from", from, bad)))
			return status;
		l->last_from_len = 0;
		if (l->roles_ok && !*bad && f->len < sizeof(l->last_from)) {
			memcpy(l->last_from, f->text, f->len);
			l->last_from_len = f->len;
			l->last_from_role = *from;
		}
	}
	return check_endpoint(l, &fields[l->g->tr_to_col], "to", to, bad);
}

static int push_size(size_t **array, size_t *cap, size_t n, size_t value)
{
	if (n >= *cap && cp_grow((void **)array, cap, n + 1, sizeof(size_t)))
		return CP_ENOMEM;
	(*array)[n] = value;
	return 0;
}

static int push_line(cp_line **array, size_t *cap, size_t n, size_t value)
{
	if (n >= *cap && cp_grow((void **)array, cap, n + 1, sizeof(cp_line)))
		return CP_ENOMEM;
	(*array)[n] = (cp_line)value;
	return 0;
}

static int push_idx(cp_idx **array, size_t *cap, size_t n, size_t value)
{
	if (n >= *cap && cp_grow((void **)array, cap, n + 1, sizeof(cp_idx)))
		return CP_ENOMEM;
	(*array)[n] = (cp_idx)value;
	return 0;
}

/* The topology numbers roles and transitions in 32 bits. */
static int too_many(loader *l, const cp_csv_field *row, const char *what,
		    unsigned long long most)
{
	l->stopped = 1;
	return cp_fail(l->err, CP_EDATA, l->path, row->line, row->column,
		       "more than %llu %s (the most a graph holds)", most,
		       what);
}

static int store_row(loader *l, const cp_csv_field *fields, size_t n,
		     const double *values, size_t from, size_t to)
{
	cp_graph *g = l->g;
	cp_columns *cols = l->cols;
	size_t i, row = cols->rows;
	size_t cap_lines;
	if (l->table == CP_ROLES && row >= CP_ROLES_MAX)
		return too_many(l, &fields[0], "roles", CP_ROLES_MAX);
	if (l->table == CP_TRANSITIONS && row >= CP_IDX_MAX)
		return too_many(l, &fields[0], "transitions", CP_IDX_MAX);
	if (fields[0].line > CP_LINE_MAX)
		return too_many(l, &fields[0], "lines", CP_LINE_MAX);
	for (i = 0; i < n; i++) {
		cp_column *c = &cols->items[i];
		if (!c->decided) {
			blanks *b = &l->early_blanks[i];
			if (!b->count++) {
				b->line = fields[i].line;
				b->column = fields[i].column;
			}
			continue;
		}
		if (c->endpoint)
			continue;
		if (c->kind == CP_COLUMN_NUMBER
			    ? cp_column_push_number(c, values[i])
			    : cp_column_push_text(c, row, fields[i].text,
						  fields[i].len))
			return oom(l);
	}
	cols->rows++;
	if (l->table == CP_ROLES) {
		cap_lines = l->cap_roles;
		if (g->role_kind_col != CP_NO_COLUMN &&
		    push_size(&l->kind_column, &cap_lines, row,
			      fields[g->role_kind_col].column))
			return oom(l);
		cap_lines = l->cap_roles;
		if (push_line(&g->role_line, &cap_lines, row, fields[0].line) ||
		    cp_id_index_add(&g->ids, cp_role_ids(g), row))
			return oom(l);
		l->cap_roles = cap_lines;
		return 0;
	}
	cap_lines = l->cap_transitions;
	if (push_line(&g->tr_line, &cap_lines, row, fields[0].line))
		return oom(l);
	cap_lines = l->cap_transitions;
	if (push_idx(&g->tr_from, &cap_lines, row, from))
		return oom(l);
	cap_lines = l->cap_transitions;
	if (push_idx(&g->tr_to, &cap_lines, row, to))
		return oom(l);
	l->cap_transitions = cap_lines;
	return 0;
}

/*
 * Sizes every per-row array for the rows the file is likely to hold, from
 * its size and the bytes of its first rows, so that a large file's arrays
 * are not copied as they grow. A short guess only means growing as usual.
 */
static int reserve_rows(loader *l)
{
	cp_graph *g = l->g;
	unsigned long long per_row = l->sample_bytes / l->sample_rows;
	size_t rows, cap;
	if (!per_row || l->file_size / per_row > SIZE_MAX / 2)
		return 0;
	rows = (size_t)(l->file_size / per_row);
	rows += rows / 16;
	if (l->table == CP_ROLES) {
		cap = l->cap_roles;
		if (g->role_kind_col != CP_NO_COLUMN &&
		    cp_grow((void **)&l->kind_column, &cap, rows,
			    sizeof(size_t)))
			return CP_ENOMEM;
		cap = l->cap_roles;
		if (cp_grow((void **)&g->role_line, &cap, rows,
			    sizeof(cp_line)))
			return CP_ENOMEM;
		l->cap_roles = cap;
	} else {
		cap = l->cap_transitions;
		if (cp_grow((void **)&g->tr_line, &cap, rows, sizeof(cp_line)))
			return CP_ENOMEM;
		cap = l->cap_transitions;
		if (cp_grow((void **)&g->tr_from, &cap, rows, sizeof(cp_idx)))
			return CP_ENOMEM;
		cap = l->cap_transitions;
		if (cp_grow((void **)&g->tr_to, &cap, rows, sizeof(cp_idx)))
			return CP_ENOMEM;
		l->cap_transitions = cap;
		cp_advise_huge(g->tr_line, cap * sizeof(cp_line));
		cp_advise_huge(g->tr_from, cap * sizeof(cp_idx));
		cp_advise_huge(g->tr_to, cap * sizeof(cp_idx));
	}
	return cp_columns_reserve(l->cols, rows);
}

static int sample_row(loader *l, const cp_csv_field *fields, size_t n)
{
	size_t i;
	if (l->sample_rows >= SAMPLE_ROWS)
		return 0;
	for (i = 0; i < n; i++)
		l->sample_bytes += fields[i].len + 1;
	if (++l->sample_rows == SAMPLE_ROWS && reserve_rows(l))
		return oom(l);
	return 0;
}

/* A cell of a text column not forced to text by its name. */
static void watch_text(column_watch *w, const cp_csv_field *f,
		       cp_num_status num)
{
	if (num == CP_NUM_OK) {
		w->numbers++;
	} else if (num != CP_NUM_BLANK && !w->others++) {
		w->other_line = f->line;
		w->other_column = f->column;
		show_field(&w->other, f);
	}
}

static void watch_number(column_watch *w, const cp_csv_field *f, double value)
{
	if (isnan(value) || (w->max_line && value <= w->max))
		return;
	w->max = value;
	w->max_line = f->line;
	w->max_column = f->column;
	/* a column in rising order has a new largest value in every row */
	w->max_text.len = f->len < sizeof(w->max_text.bytes)
				  ? f->len
				  : sizeof(w->max_text.bytes);
	memcpy(w->max_text.bytes, f->text, w->max_text.len);
}

/*
 * The largest total a route may reach before it is in danger: DBL_MAX is
 * about 1.8e308, and eight orders of magnitude are left for the weights of
 * a cost (`--by '1000*months'`) and for routes through waypoints.
 */
#define TOTAL_SAFE 1e300

/*
 * Warnings about whole columns, once the file is read: a column that one
 * cell or a few made text where the rest are numbers (0x10, "1,5": the
 * column is then no metric at all); a metric whose largest value, over as
 * many steps as a route can take (one fewer than the roles), would pass
 * TOTAL_SAFE.
 */
static int warn_columns(loader *l)
{
	size_t i, roles = l->g->roles.rows, steps = roles > 1 ? roles - 1 : 1;
	int status;
	cp_shown name, max_text;
	for (i = 0; i < l->cols->count; i++) {
		const cp_column *c = &l->cols->items[i];
		const column_watch *w = &l->watch[i];
		if (c->kind == CP_COLUMN_TEXT && !w->forced && w->others &&
		    w->numbers > w->others &&
		    (status = report(
			     l, CP_DIAG_WARNING, w->other_line, w->other_column,
			     "column '%s' is read as text because of '%s'%s, "
			     "though %zu of its cells are numbers (expected "
			     "a number such as 16 or 1.5, or a blank for not "
			     "known)",
			     cp_show(&name, c->name), w->other.text,
			     w->others > 1 ? " and others not numbers" : "",
			     w->numbers)))
			return status;
		if (l->table == CP_TRANSITIONS && c->kind == CP_COLUMN_NUMBER &&
		    w->max_line && w->max > TOTAL_SAFE / (double)steps &&
		    (status = report(
			     l, CP_DIAG_WARNING, w->max_line, w->max_column,
			     "value '%s' in column '%s' could make a route's "
			     "total overflow: a route of up to %zu steps "
			     "could pass %g (expected values below %g on a "
			     "graph of %zu roles)",
			     show_kept(&max_text, &w->max_text),
			     cp_show(&name, c->name), steps, TOTAL_SAFE,
			     TOTAL_SAFE / (double)steps, roles)))
			return status;
	}
	return 0;
}

/* Warnings that need the row stored: blank metrics and self-loops. */
static int warn_row(loader *l, const cp_csv_field *fields, size_t n,
		    const double *values, size_t from, size_t to)
{
	size_t i;
	int status;
	cp_shown name;
	if (l->table != CP_TRANSITIONS)
		return 0;
	for (i = 0; i < n; i++) {
		const cp_column *c = &l->cols->items[i];
		if (c->decided && c->kind == CP_COLUMN_NUMBER &&
		    isnan(values[i]) &&
		    (status = report(l, CP_DIAG_WARNING, fields[i].line,
				     fields[i].column,
				     "missing value in column '%s' (not known: "
				     "queries by '%s' count it as at least 0)",
				     cp_show(&name, c->name), name.text)))
			return status;
	}
	if (from == to && l->roles_ok)
		return report(l, CP_DIAG_WARNING, fields[l->g->tr_to_col].line,
			      fields[l->g->tr_to_col].column,
			      "self-loop: '%s' leads to itself (expected a "
			      "transition to another role)",
			      cp_show(&name, cp_role_id(l->g, from)));
	return 0;
}

/* A role row left out: transitions naming its id are told why. */
static int remember_rejected(loader *l, const cp_csv_field *id)
{
	size_t prior;
	if (!id->len || !lookup_id(l->g, id->text, id->len, &prior))
		return 0;
	return cp_name_index_add(&l->rejected, id->text, id->line);
}

static int read_row(void *payload, const cp_csv_field *fields, size_t n)
{
	loader *l = payload;
	double values[CP_COLUMNS_MAX];
	size_t i, from = 0, to = 0;
	int bad = 0, status;

	if (!l->header_seen)
		return read_header(l, fields, n);
	if (l->bad_header)
		return 0;
	if (n != l->n_header) {
		const cp_csv_field *at =
			n > l->n_header ? &fields[l->n_header] : &fields[n - 1];
		if (l->table == CP_ROLES && n > l->g->role_id_col &&
		    remember_rejected(l, &fields[l->g->role_id_col]))
			return oom(l);
		return report(
			l, CP_DIAG_ERROR, at->line, at->column,
			"row has %zu field%s, expected %zu as in the header"
			"%s",
			n, n == 1 ? "" : "s", l->n_header,
			n > l->n_header ? " (an unquoted comma?)" : "");
	}
	status = l->table == CP_ROLES
			 ? check_role_row(l, fields, &bad)
			 : check_transition_row(l, fields, &from, &to, &bad);
	if (!status && l->table == CP_ROLES)
		status = check_soc_link(l, fields, &bad);
	if (status)
		return status;
	for (i = 0; i < n; i++) {
		const cp_column *c = &l->cols->items[i];
		cp_num_status num = CP_NUM_BLANK;
		values[i] = NAN;
		if (l->watch[i].forced)
			continue;
		num = cp_number_parse(&values[i], fields[i].text,
				      fields[i].len);
		if ((status = decide(l, i, &fields[i], num)))
			return status;
		if (c->kind == CP_COLUMN_TEXT) {
			watch_text(&l->watch[i], &fields[i], num);
			values[i] = NAN;
		} else if (check_number(l, i, &fields[i], num, values[i],
					&status)) {
			bad = 1;
			if (status)
				return status;
		} else {
			watch_number(&l->watch[i], &fields[i], values[i]);
		}
	}
	if (bad) {
		if (l->table == CP_ROLES &&
		    remember_rejected(l, &fields[l->g->role_id_col]))
			return oom(l);
		return 0;
	}
	if ((status = store_row(l, fields, n, values, from, to)) ||
	    (status = sample_row(l, fields, n)))
		return status;
	return warn_row(l, fields, n, values, from, to);
}

/* Finds the required columns as soon as the header is read. */
static int locate_columns(cp_graph *g, cp_table table)
{
	if (table == CP_ROLES) {
		if (cp_column_find(&g->role_aliases_col, g, CP_ROLES,
				   "aliases"))
			g->role_aliases_col = CP_NO_COLUMN;
		if (cp_column_find(&g->role_kind_col, g, CP_ROLES, "kind_of"))
			g->role_kind_col = CP_NO_COLUMN;
		return cp_column_find(&g->role_id_col, g, CP_ROLES, "id") ||
		       cp_column_find(&g->role_title_col, g, CP_ROLES, "title");
	}
	return cp_column_find(&g->tr_from_col, g, CP_TRANSITIONS, "from") ||
	       cp_column_find(&g->tr_to_col, g, CP_TRANSITIONS, "to");
}

static int read_row_located(void *payload, const cp_csv_field *fields, size_t n)
{
	loader *l = payload;
	int header = !l->header_seen, status = read_row(payload, fields, n);
	if (!status && header && !l->bad_header) {
		locate_columns(l->g, l->table);
		if (l->table == CP_ROLES) {
			if (cp_column_find(&l->soc_code_col, l->g, CP_ROLES,
					   "soc_code"))
				l->soc_code_col = SIZE_MAX;
			if (cp_column_find(&l->soc_link_col, l->g, CP_ROLES,
					   "soc_link"))
				l->soc_link_col = SIZE_MAX;
		}
	}
	return status;
}

static int read_table(loader *l, cp_table table, const char *name)
{
	cp_buf path = CP_BUF_INIT;
	cp_error file_err;
	int status;
	cp_columns *cols =
		table == CP_ROLES ? &l->g->roles : &l->g->transitions;

	if (cp_buf_printf(&path, "%s/%s", l->g->dir, name))
		return cp_fail_oom(l->err);
	l->table = table;
	l->path = path.ptr;
	l->file_size = l->sample_bytes = 0;
	l->sample_rows = 0;
	{
		struct stat st;
		if (!stat(path.ptr, &st))
			l->file_size = (unsigned long long)st.st_size;
	}
	l->cols = cols;
	l->header_seen = l->bad_header = 0;
	free(l->decided_line);
	free(l->early_blanks);
	l->decided_line = NULL;
	l->early_blanks = NULL;
	free(l->watch);
	l->watch = NULL;
	status = cp_csv_read(path.ptr, read_row_located, l, &file_err);
	l->table_ok = !status && l->header_seen && !l->bad_header;
	if (l->table_ok && !l->stopped)
		status = warn_columns(l);
	if (status && !l->stopped && status != CP_ENOMEM) {
		/* the file itself is at fault: report it like any problem */
		if (status == CP_EIO)
			l->io_failed = 1;
		l->n_errors++;
		if (l->on_diag) {
			l->on_diag(CP_DIAG_ERROR, &file_err, l->payload);
			status = 0;
		} else if (l->err) {
			*l->err = file_err;
		}
	} else if (status == CP_ENOMEM && !l->stopped) {
		cp_fail_oom(l->err);
	}
	if (!status && cp_columns_finish(cols))
		status = cp_fail_oom(l->err);
	l->path = NULL;
	cp_buf_free(&path);
	return status;
}

static int collect_metrics(cp_graph *g)
{
	size_t i;
	free(g->metric_cols);
	g->metric_cols = cp_alloc_array(g->transitions.count, sizeof(size_t));
	if (!g->metric_cols)
		return CP_ENOMEM;
	g->n_metrics = 0;
	for (i = 0; i < g->transitions.count; i++)
		if (g->transitions.items[i].kind == CP_COLUMN_NUMBER)
			g->metric_cols[g->n_metrics++] = i;
	if (cp_metric_find(&g->months_metric, g, "months"))
		g->months_metric = SIZE_MAX;
	if (cp_metric_find(&g->experience_metric, g, "experience_months"))
		g->experience_metric = SIZE_MAX;
	return 0;
}

/*
 * elapsed_months = months + experience_months: how long a step takes from
 * the day one starts in the role it leaves. Made when the graph has both
 * and no column of that name.
 */
static int add_elapsed(cp_graph *g)
{
	size_t col, t;
	cp_column *elapsed;
	const double *months, *experience;
	if (g->months_metric == SIZE_MAX || g->experience_metric == SIZE_MAX ||
	    !cp_column_find(&col, g, CP_TRANSITIONS, "elapsed_months"))
		return 0;
	if (cp_columns_add(&g->transitions, "elapsed_months") == CP_ENOMEM)
		return CP_ENOMEM;
	/* a table already at the most columns goes without */
	if (cp_column_find(&col, g, CP_TRANSITIONS, "elapsed_months"))
		return 0;
	elapsed = &g->transitions.items[col];
	if (cp_column_decide(elapsed, CP_COLUMN_NUMBER, g->transitions.rows))
		return CP_ENOMEM;
	months = cp_metric_values(g, g->months_metric);
	experience = cp_metric_values(g, g->experience_metric);
	for (t = 0; t < g->transitions.rows; t++) {
		double sum = months[t] + experience[t];
		VECTOR(elapsed->numbers)[t] = sum;
		if (isnan(sum))
			elapsed->n_missing++;
	}
	if (collect_metrics(g))
		return CP_ENOMEM;
	return cp_metric_find(&g->elapsed_metric, g, "elapsed_months");
}

/* median_wage_usd, when roles.csv has it as a number column. */
static void find_wages(cp_graph *g)
{
	size_t col;
	if (!cp_column_find(&col, g, CP_ROLES, "median_wage_usd") &&
	    g->roles.items[col].kind == CP_COLUMN_NUMBER)
		g->role_wage = VECTOR(g->roles.items[col].numbers);
}

/*
 * The values the searches count (cp_graph.metric_lower): a blank cell as
 * the least the value can be. Made only for metrics with a blank cell.
 */
static int add_lower_bounds(cp_graph *g)
{
	size_t m, t, rows = g->transitions.rows;
	cp_free_metric_lower(g);
	g->metric_lower =
		calloc(g->n_metrics ? g->n_metrics : 1, sizeof(double *));
	if (!g->metric_lower)
		return CP_ENOMEM;
	g->n_metric_lower = g->n_metrics;
	for (m = 0; m < g->n_metrics; m++) {
		const double *values = cp_metric_values(g, m);
		double *lower;
		if (!g->transitions.items[g->metric_cols[m]].n_missing)
			continue;
		lower = cp_alloc_array(rows ? rows : 1, sizeof(double));
		if (!lower)
			return CP_ENOMEM;
		g->metric_lower[m] = lower;
		for (t = 0; t < rows; t++)
			lower[t] = isnan(values[t]) ? 0 : values[t];
	}
	/* elapsed_months made here is at least the part of it known */
	if (g->elapsed_metric != SIZE_MAX &&
	    g->metric_lower[g->elapsed_metric]) {
		const double *months = cp_metric_lower(g, g->months_metric),
			     *experience =
				     cp_metric_lower(g, g->experience_metric);
		for (t = 0; t < rows; t++)
			g->metric_lower[g->elapsed_metric][t] =
				months[t] + experience[t];
	}
	return 0;
}

int cp_graph_derive(cp_graph *g)
{
	find_wages(g);
	return collect_metrics(g) || add_elapsed(g) || add_lower_bounds(g)
		       ? CP_ENOMEM
		       : 0;
}

/* Says where a chain of kind_of comes back to where it started. */
static int report_kind_cycle(loader *l, size_t role)
{
	cp_graph *g = l->g;
	cp_buf chain = CP_BUF_INIT;
	size_t r = role;
	int status;
	cp_shown id;
	do {
		if (cp_buf_printf(&chain, "'%s' -> ",
				  cp_show(&id, cp_role_id(g, r)))) {
			cp_buf_free(&chain);
			return oom(l);
		}
		r = g->role_parent[r];
	} while (r != role);
	status = report(l, CP_DIAG_ERROR, g->role_line[role],
			l->kind_column[role],
			"roles are kinds of each other in a cycle: %s'%s' "
			"(expected a chain that ends)",
			chain.ptr, cp_show(&id, cp_role_id(g, role)));
	cp_buf_free(&chain);
	return status;
}

/*
 * Resolves kind_of to roles. An unknown role or a cycle is an error at the
 * cell; a cycle is reported once, at the role where it closes, and broken
 * there so that everything else can be checked.
 */
static int resolve_kinds(loader *l, const char *path)
{
	cp_graph *g = l->g;
	size_t n = g->roles.rows, role, parent, *walked = NULL;
	int status = 0, any = 0;
	cp_shown kind_shown;
	if (g->role_kind_col == CP_NO_COLUMN)
		return 0;
	l->path = path;
	g->role_parent = cp_alloc_array(n, sizeof(size_t));
	walked = cp_alloc_array(n, sizeof(size_t));
	if (!g->role_parent || !walked) {
		status = oom(l);
		goto done;
	}
	for (role = 0; role < n; role++) {
		const char *kind =
			cp_cell_text(g, CP_ROLES, g->role_kind_col, role);
		g->role_parent[role] = CP_NO_ROLE;
		walked[role] = CP_NO_ROLE;
		if (!*kind)
			continue;
		if (lookup_id(g, kind, strlen(kind), &parent)) {
			cp_buf hint = CP_BUF_INIT;
			if (l->hints_left) {
				l->hints_left--;
				if (cp_suggest_roles(&hint, g, kind, 1)) {
					cp_buf_free(&hint);
					status = oom(l);
					goto done;
				}
			}
			status = report(
				l, CP_DIAG_ERROR, g->role_line[role],
				l->kind_column[role],
				"unknown role '%s' in column 'kind_of'%s",
				cp_show(&kind_shown, kind),
				hint.size ? hint.ptr : "");
			cp_buf_free(&hint);
		} else if (parent == role) {
			status = report(
				l, CP_DIAG_ERROR, g->role_line[role],
				l->kind_column[role],
				"role '%s' is a kind of itself (expected "
				"another role's id in column 'kind_of')",
				cp_show(&kind_shown, kind));
		} else {
			g->role_parent[role] = parent;
			any = 1;
		}
		if (status)
			goto done;
	}
	/* each walk up the chain stops at a role an earlier walk passed */
	for (role = 0; role < n && !status; role++) {
		size_t r = role;
		while (r != CP_NO_ROLE && walked[r] == CP_NO_ROLE) {
			walked[r] = role;
			r = g->role_parent[r];
		}
		if (r != CP_NO_ROLE && walked[r] == role) {
			status = report_kind_cycle(l, r);
			g->role_parent[r] = CP_NO_ROLE;
		}
	}
	if (!any) {
		free(g->role_parent);
		g->role_parent = NULL;
	}
done:
	free(walked);
	l->path = NULL;
	return status;
}

/*
 * Every role a stored transition names is in named, so a role not in it
 * has no transitions; a role named only by rows with errors is no news:
 * those are reported.
 */
static int warn_untouched_roles(loader *l)
{
	cp_graph *g = l->g;
	size_t role;
	int status = 0;
	cp_shown id;
	cp_buf path = CP_BUF_INIT;
	if (cp_buf_printf(&path, "%s/roles.csv", g->dir))
		return oom(l);
	l->path = path.ptr;
	for (role = 0; role < g->roles.rows && !status; role++)
		if (!l->named[role] && cp_role_parent(g, role) == CP_NO_ROLE)
			status = report(
				l, CP_DIAG_WARNING, g->role_line[role], 1,
				"role '%s' has no transitions (no row of "
				"transitions.csv names it)",
				cp_show(&id, cp_role_id(g, role)));
	l->path = NULL;
	cp_buf_free(&path);
	return status;
}

int cp_graph_load(cp_graph **out, const char *dir, const cp_load_options *opts,
		  cp_error *err)
{
	cp_graph *g = NULL;
	loader l;
	cp_igraph_guard guard;
	int status = 0;

	*out = NULL;
	cp_error_clear(err);
	memset(&l, 0, sizeof(l));
	cp_igraph_enter(&guard);
	g = cp_graph_alloc();
	if (!g || !(g->dir = strdup(dir))) {
		status = cp_fail_oom(err);
		goto cleanup;
	}
	g->role_aliases_col = CP_NO_COLUMN;
	g->role_kind_col = CP_NO_COLUMN;
	l.g = g;
	l.err = err;
	l.hints_left = HINTS_PER_LOAD;
	l.soc_code_col = l.soc_link_col = SIZE_MAX;
	l.on_diag = opts ? opts->on_diag : NULL;
	l.payload = opts ? opts->payload : NULL;

	if ((status = read_table(&l, CP_ROLES, "roles.csv")))
		goto cleanup;
	l.roles_ok = l.table_ok;
	if (l.roles_ok) {
		cp_buf path = CP_BUF_INIT;
		if (cp_buf_printf(&path, "%s/roles.csv", dir)) {
			status = cp_fail_oom(err);
			goto cleanup;
		}
		status = resolve_kinds(&l, path.ptr);
		cp_buf_free(&path);
		if (status)
			goto cleanup;
		find_wages(g);
	}
	if (!(l.named = calloc(g->roles.rows ? g->roles.rows : 1, 1))) {
		status = cp_fail_oom(err);
		goto cleanup;
	}
	if ((status = read_table(&l, CP_TRANSITIONS, "transitions.csv")))
		goto cleanup;
	/* with errors, check still looks at what loaded for more warnings */
	if (l.n_errors && !l.on_diag)
		goto failed;
	if (!l.roles_ok)
		goto failed;
	if (collect_metrics(g) || add_elapsed(g) || add_lower_bounds(g)) {
		status = cp_fail_oom(err);
		goto cleanup;
	}
	if ((status = cp_metrics_read(g, dir, l.on_diag, l.payload, &l.n_errors,
				      err)))
		goto cleanup;
	if ((status = cp_graph_build_topology(g, err)))
		goto cleanup;
	if (l.table_ok && (status = warn_untouched_roles(&l)))
		goto cleanup;
failed:
	if (l.n_errors) {
		status = l.io_failed ? CP_EIO : CP_EDATA;
		goto cleanup;
	}
	*out = g;
	g = NULL;
cleanup:
	cp_igraph_leave(&guard);
	cp_graph_free(g);
	free(l.decided_line);
	free(l.watch);
	free(l.early_blanks);
	cp_name_index_free(&l.rejected);
	free(l.named);
	free(l.kind_column);
	return status;
}
