/*
 * Several graph folders loaded as one graph (`--graph A --graph B`).
 *
 * The joining rule (README.md, "Graphs combined"): each folder is loaded
 * and checked on its own, then the folders are joined in the order given.
 * - Roles with the same id are one role. The first folder that defines it
 *   gives its cells; a blank cell takes a later folder's value; aliases are
 *   joined. A title or another value that differs is an error, reported
 *   at the later cell with a note at the first.
 * - A role whose `soc_code` names a role of the joined graph (on
 *   graphs/onet the id of an occupation is its O*NET-SOC code) is joined
 *   to it as its `soc_link` says. "kind": the role meets the occupation's
 *   entry requirements and is a kind of it, as with kind_of: a Certified
 *   Medical Assistant may take every move O*NET gives Medical Assistants,
 *   with no step between, and the answer says which role a step was
 *   taken as: that is where a route crosses from one folder to the other.
 *   "classified" (or blank, with a warning): the role is filed under the
 *   occupation and takes none of its moves. Nothing is inherited the other
 *   way: an O*NET occupation is not every role that names it (a Medical
 *   Assistant is not a Certified one), so a route crosses from the folder
 *   that names the occupation to the occupation, never back.
 * - A role keeps one parent. A kind role lower down a chain is
 *   re-parented through its occupation when the occupation's own chain
 *   leads to the role's parent (a school-leaver's job joined to an
 *   occupation entered by a school-leaver); it is classified only, with a
 *   warning, when the occupation is a kind of no role; it is an error when
 *   the occupation's chain leads elsewhere.
 * - The columns a role's own folder lacks (job_zone, education_level...)
 *   are read from the role it is classified under, else the role it is a
 *   kind of, so that the career rules and the answers see the
 *   occupation's job zone on the bundled ladder too.
 * - Transitions are kept folder after folder; a column one folder lacks
 *   is blank in its transitions (the rules on blank metrics apply). A
 *   column of the same name that holds numbers in one folder and text in
 *   another is an error. elapsed_months is made again for the whole graph.
 * - A soc_code naming no role is a warning when several folders are
 *   loaded; with one folder soc_code is a plain column, since the folder
 *   it would name is not loaded.
 */
#include "internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Places of cells are found by reading a file again: a few per join. */
#define PLACES_PER_JOIN 50
/* Where one cell of a file is: a file place and what it is. */
typedef struct place {
	const char *dir;
	const char *file; /* "roles.csv" or "transitions.csv" */
	size_t line;
	size_t field; /* 0-based; SIZE_MAX: the column's name in the header */
	const char *name;
} place;

typedef struct joiner {
	cp_graph *g;
	cp_graph **parts;
	size_t n_parts;
	const char *const *dirs;
	cp_diag_fn on_diag;
	void *payload;
	cp_error *err;
	size_t n_errors;
	size_t places_left;
	/* map[p][r]: the joined role of role r of part p */
	size_t **map;
	/* per joined role: the part and role that define it first */
	size_t *first_part, *first_role;
	/* per joined role: the role it is classified under, or CP_NO_ROLE */
	size_t *class_of;
	/* per joined role: the column of each table in each part, or
	 * SIZE_MAX; col_of[table][p][c] for joined column c */
	size_t **col_of[2];
} joiner;

/* Finds a place's column by reading its file again (up to its line). */
typedef struct finder {
	size_t line, field;
	const char *name;
	size_t column;
} finder;

static int find_cell(void *payload, const cp_csv_field *fields, size_t n)
{
	finder *f = payload;
	size_t i;
	if (f->field == SIZE_MAX) {
		for (i = 0; i < n; i++)
			if (!strcmp(fields[i].text, f->name))
				f->column = fields[i].column;
		f->line = fields[0].line;
		return CP_ERROR;
	}
	if (fields[0].line < f->line)
		return 0;
	if (fields[0].line == f->line && f->field < n)
		f->column = fields[f->field].column;
	return CP_ERROR;
}

/* The line and column of a place; the column is 1 when not looked up. */
static void locate(joiner *j, const place *at, cp_buf *path, size_t *line,
		   size_t *column)
{
	finder f = {at->line, at->field, at->name, 1};
	cp_buf_clear(path);
	if (cp_buf_printf(path, "%s/%s", at->dir, at->file))
		return;
	if (j->places_left) {
		j->places_left--;
		cp_csv_read(path->ptr, find_cell, &f, NULL);
	}
	*line = f.line;
	*column = f.column;
}

static int report(joiner *j, cp_diag_kind kind, const place *at,
		  const place *other, const char *other_what, const char *fmt,
		  ...) __attribute__((format(printf, 6, 7)));

/*
 * Reports a problem at one place, with a note at the other. Without
 * on_diag, an error ends the join and comes back in err (its message
 * names the other file, since there is no note).
 */
static int report(joiner *j, cp_diag_kind kind, const place *at,
		  const place *other, const char *other_what, const char *fmt,
		  ...)
{
	cp_error diag;
	cp_buf path = CP_BUF_INIT;
	size_t line = 0, column = 0;
	va_list ap;
	int status = 0;
	locate(j, at, &path, &line, &column);
	va_start(ap, fmt);
	cp_failv(&diag, CP_EDATA, path.ptr, line, column, fmt, ap);
	va_end(ap);
	if (kind == CP_DIAG_ERROR)
		j->n_errors++;
	if (j->on_diag) {
		j->on_diag(kind, &diag, j->payload);
		if (other) {
			locate(j, other, &path, &line, &column);
			cp_fail(&diag, CP_EDATA, path.ptr, line, column, "%s",
				other_what);
			j->on_diag(CP_DIAG_NOTE, &diag, j->payload);
		}
	} else if (kind == CP_DIAG_ERROR) {
		if (j->err)
			*j->err = diag;
		status = CP_EDATA;
	}
	cp_buf_free(&path);
	return status;
}

static const cp_columns *table_cols(const cp_graph *g, cp_table table)
{
	return table == CP_ROLES ? &g->roles : &g->transitions;
}

/* The derived elapsed_months of a part is made again for the whole. */
static int is_derived(const cp_graph *part, cp_table table, size_t col)
{
	return table == CP_TRANSITIONS && part->elapsed_metric != SIZE_MAX &&
	       col == part->metric_cols[part->elapsed_metric];
}

/* Whether any cell of a column holds something. */
static int has_data(const cp_graph *part, cp_table table, size_t col)
{
	const cp_columns *cols = table_cols(part, table);
	const cp_column *c = &cols->items[col];
	size_t row;
	if (c->kind == CP_COLUMN_NUMBER)
		return c->n_missing < cols->rows;
	for (row = 0; row < cols->rows; row++)
		if (*cp_cell_text(part, table, col, row))
			return 1;
	return 0;
}

/*
 * A metric's route total (metrics.csv) is that of every folder with the
 * metric: two rules for one metric are an error.
 */
static int join_combine(joiner *j, size_t k)
{
	cp_column *col = &j->g->transitions.items[k];
	size_t p, own, first = SIZE_MAX;
	for (p = 0; p < j->n_parts; p++) {
		cp_combine rule;
		own = j->col_of[CP_TRANSITIONS][p][k];
		if (own == SIZE_MAX ||
		    cp_column_kind_of(j->parts[p], CP_TRANSITIONS, own) !=
			    CP_COLUMN_NUMBER)
			continue;
		rule = j->parts[p]->transitions.items[own].combine;
		if (first == SIZE_MAX) {
			first = p;
			col->combine = rule;
		} else if (rule != col->combine) {
			place at = {j->dirs[p], "transitions.csv", 1, SIZE_MAX,
				    col->name};
			place other = {j->dirs[first], "transitions.csv", 1,
				       SIZE_MAX, col->name};
			cp_shown name;
			return report(j, CP_DIAG_ERROR, &at, &other,
				      "the metric is first totalled here",
				      "metric '%s' is totalled by %s here but "
				      "by %s in %s (metrics.csv; expected one "
				      "rule for one metric)",
				      cp_show(&name, col->name),
				      cp_combine_name(rule),
				      cp_combine_name(col->combine),
				      j->dirs[first]);
		}
	}
	return 0;
}

/*
 * The joined columns of a table: every part's, by name, in the order
 * first met. A column is a number column where any part has numbers in
 * it; a part with text there is an error.
 */
static int join_columns(joiner *j, cp_table table)
{
	cp_columns *cols =
		table == CP_ROLES ? &j->g->roles : &j->g->transitions;
	const char *file = table == CP_ROLES ? "roles.csv" : "transitions.csv";
	size_t p, c, k, **col_of;
	int status;
	for (p = 0; p < j->n_parts; p++) {
		const cp_columns *own = table_cols(j->parts[p], table);
		for (c = 0; c < own->count; c++) {
			if (is_derived(j->parts[p], table, c))
				continue;
			for (k = 0; k < cols->count; k++)
				if (!strcmp(cols->items[k].name,
					    own->items[c].name))
					break;
			if (k == cols->count &&
			    cp_columns_add(cols, own->items[c].name))
				return cp_fail_oom(j->err);
		}
	}
	col_of = calloc(j->n_parts, sizeof(*col_of));
	if (!col_of)
		return cp_fail_oom(j->err);
	j->col_of[table] = col_of;
	for (p = 0; p < j->n_parts; p++) {
		col_of[p] = cp_alloc_array(cols->count ? cols->count : 1,
					   sizeof(size_t));
		if (!col_of[p])
			return cp_fail_oom(j->err);
		for (k = 0; k < cols->count; k++) {
			col_of[p][k] = SIZE_MAX;
			if (!cp_column_find(&c, j->parts[p], table,
					    cols->items[k].name) &&
			    !is_derived(j->parts[p], table, c))
				col_of[p][k] = c;
		}
	}
	for (k = 0; k < cols->count; k++) {
		size_t number_part = SIZE_MAX, text_part = SIZE_MAX;
		cp_column *col = &cols->items[k];
		for (p = 0; p < j->n_parts; p++) {
			size_t own = col_of[p][k];
			if (own == SIZE_MAX ||
			    !has_data(j->parts[p], table, own))
				continue;
			if (cp_column_kind_of(j->parts[p], table, own) ==
			    CP_COLUMN_NUMBER) {
				if (number_part == SIZE_MAX)
					number_part = p;
			} else if (text_part == SIZE_MAX) {
				text_part = p;
			}
		}
		if (number_part != SIZE_MAX && text_part != SIZE_MAX) {
			size_t later = number_part > text_part ? number_part
							       : text_part;
			size_t first =
				later == number_part ? text_part : number_part;
			place at = {j->dirs[later], file, 1, SIZE_MAX,
				    col->name};
			place other = {j->dirs[first], file, 1, SIZE_MAX,
				       col->name};
			cp_shown name;
			if ((status = report(
				     j, CP_DIAG_ERROR, &at, &other,
				     "the column is first defined here",
				     "column '%s' holds %s here but %s in "
				     "%s/%s (expected one meaning for one "
				     "name: rename one of them)",
				     cp_show(&name, col->name),
				     later == number_part ? "numbers" : "text",
				     later == number_part ? "text" : "numbers",
				     j->dirs[first], file)))
				return status;
		}
		col->endpoint = table == CP_TRANSITIONS &&
				(!strcmp(col->name, "from") ||
				 !strcmp(col->name, "to"));
		if (cp_column_decide(col,
				     number_part != SIZE_MAX && !col->endpoint
					     ? CP_COLUMN_NUMBER
					     : CP_COLUMN_TEXT,
				     0))
			return cp_fail_oom(j->err);
		if (table == CP_TRANSITIONS && (status = join_combine(j, k)))
			return status;
	}
	return 0;
}

/* The joined role whose id is id in one of the first n_parts, or
 * CP_NO_ROLE. */
static size_t joined_role(const joiner *j, const char *id, size_t n_parts)
{
	size_t p, r;
	for (p = 0; p < n_parts; p++)
		if (cp_role_by_id(j->parts[p], id, &r))
			return j->map[p][r];
	return CP_NO_ROLE;
}

static const char *cell_text(const joiner *j, size_t p, cp_table table,
			     size_t k, size_t row)
{
	size_t own = j->col_of[table][p][k];
	return own == SIZE_MAX ? ""
			       : cp_cell_text(j->parts[p], table, own, row);
}

static double cell_number(const joiner *j, size_t p, cp_table table, size_t k,
			  size_t row)
{
	size_t own = j->col_of[table][p][k];
	return own == SIZE_MAX ? NAN
			       : cp_cell_number(j->parts[p], table, own, row);
}

static int is_own_column(const char *name)
{
	return !strcmp(name, "id") || !strcmp(name, "aliases");
}

/* A value for a message: a text as it is, a number as written. */
static const char *show_value(cp_shown *s, cp_buf *scratch, const joiner *j,
			      size_t p, size_t k, size_t row)
{
	if (cp_column_kind_of(j->parts[p], CP_ROLES,
			      j->col_of[CP_ROLES][p][k]) == CP_COLUMN_TEXT)
		return cp_show(s, cell_text(j, p, CP_ROLES, k, row));
	cp_buf_clear(scratch);
	if (cp_buf_put_num(scratch, cell_number(j, p, CP_ROLES, k, row),
			   CP_NUM_EXACT, CP_FORMAT_TEXT))
		return "";
	return cp_show(s, scratch->ptr);
}

/* Whether two parts give a role two different values in column k. */
static int values_differ(const joiner *j, size_t p1, size_t r1, size_t p2,
			 size_t r2, size_t k)
{
	size_t c1 = j->col_of[CP_ROLES][p1][k], c2 = j->col_of[CP_ROLES][p2][k];
	cp_column_kind k1, k2;
	if (c1 == SIZE_MAX || c2 == SIZE_MAX)
		return 0;
	k1 = cp_column_kind_of(j->parts[p1], CP_ROLES, c1);
	k2 = cp_column_kind_of(j->parts[p2], CP_ROLES, c2);
	if (k1 == CP_COLUMN_NUMBER && k2 == CP_COLUMN_NUMBER) {
		double a = cell_number(j, p1, CP_ROLES, k, r1);
		double b = cell_number(j, p2, CP_ROLES, k, r2);
		return !isnan(a) && !isnan(b) && a != b;
	}
	if (k1 != k2)
		return 0; /* reported as a column with two meanings */
	{
		const char *a = cell_text(j, p1, CP_ROLES, k, r1);
		const char *b = cell_text(j, p2, CP_ROLES, k, r2);
		return *a && *b && strcmp(a, b);
	}
}

/*
 * Role r of part p has the id of joined role m, defined first elsewhere:
 * every value both give must agree (aliases are joined instead).
 */
static int check_same_role(joiner *j, size_t p, size_t r, size_t m)
{
	const cp_columns *cols = &j->g->roles;
	size_t p1 = j->first_part[m], r1 = j->first_role[m], k;
	cp_buf scratch = CP_BUF_INIT;
	int status = 0;
	for (k = 0; k < cols->count && !status; k++) {
		cp_shown id, here, there, name;
		place at, other;
		if (is_own_column(cols->items[k].name) ||
		    !values_differ(j, p1, r1, p, r, k))
			continue;
		at = (place){j->dirs[p], "roles.csv", j->parts[p]->role_line[r],
			     j->col_of[CP_ROLES][p][k], NULL};
		other = (place){j->dirs[p1], "roles.csv",
				j->parts[p1]->role_line[r1],
				j->col_of[CP_ROLES][p1][k], NULL};
		cp_show(&id, cp_role_id(j->parts[p], r));
		show_value(&here, &scratch, j, p, k, r);
		show_value(&there, &scratch, j, p1, k, r1);
		status = report(j, CP_DIAG_ERROR, &at, &other,
				"the role is first defined here",
				"role '%s' has %s '%s' here but '%s' in "
				"%s/roles.csv (expected one role for one id)",
				id.text, cp_show(&name, cols->items[k].name),
				here.text, there.text, j->dirs[p1]);
	}
	cp_buf_free(&scratch);
	return status;
}

/*
 * Numbers the joined roles: each part's roles in order, a role whose id
 * an earlier part defines mapped to that one. A second definition must
 * agree with the first.
 */
static int map_roles(joiner *j)
{
	cp_graph *g = j->g;
	size_t p, r, total = 0, n = 0;
	int status;
	for (p = 0; p < j->n_parts; p++)
		total += cp_graph_role_count(j->parts[p]);
	j->first_part = cp_alloc_array(total ? total : 1, sizeof(size_t));
	j->first_role = cp_alloc_array(total ? total : 1, sizeof(size_t));
	g->folder_roles = cp_alloc_array(j->n_parts + 1, sizeof(size_t));
	if (!j->first_part || !j->first_role || !g->folder_roles)
		return cp_fail_oom(j->err);
	for (p = 0; p < j->n_parts; p++) {
		size_t n_roles = cp_graph_role_count(j->parts[p]);
		g->folder_roles[p] = n;
		for (r = 0; r < n_roles; r++) {
			const char *id = cp_role_id(j->parts[p], r);
			size_t m = joined_role(j, id, p);
			if (m == CP_NO_ROLE) {
				m = n++;
				j->first_part[m] = p;
				j->first_role[m] = r;
			} else if ((status = check_same_role(j, p, r, m))) {
				return status;
			}
			j->map[p][r] = m;
		}
	}
	g->folder_roles[j->n_parts] = n;
	g->roles.rows = n;
	return 0;
}

/* The id of joined role m, before the joined roles are stored. */
static const char *joined_id(const joiner *j, size_t m)
{
	return cp_role_id(j->parts[j->first_part[m]], j->first_role[m]);
}

/* Whether role b is a or on a's kind_of chain. */
static int on_chain(const size_t *parent, size_t a, size_t b)
{
	for (; a != CP_NO_ROLE; a = parent[a])
		if (a == b)
			return 1;
	return 0;
}

/* The soc_code of joined role m: the first definition's, else a later. */
static const char *soc_code_of(const joiner *j, size_t k, size_t m,
			       size_t *part, size_t *row)
{
	size_t p, r;
	const char *id =
		cp_role_id(j->parts[j->first_part[m]], j->first_role[m]);
	for (p = j->first_part[m]; p < j->n_parts; p++) {
		const char *code;
		if (!cp_role_by_id(j->parts[p], id, &r))
			continue;
		code = cell_text(j, p, CP_ROLES, k, r);
		if (*code) {
			*part = p;
			*row = r;
			return code;
		}
	}
	return "";
}

/* The place of joined role m's cell in roles column k of part p. */
static place role_place(const joiner *j, size_t p, size_t m, size_t k)
{
	size_t r = 0;
	cp_role_by_id(j->parts[p], joined_id(j, m), &r);
	return (place){j->dirs[p], "roles.csv", j->parts[p]->role_line[r],
		       j->col_of[CP_ROLES][p][k], NULL};
}

/*
 * Each folder's kind_of chains end, but two folders together may close
 * one (a kind of b in one, b kind of a in the other): reported where it
 * closes, and broken there.
 */
static int break_cycles(joiner *j, const size_t *parent_part)
{
	cp_graph *g = j->g;
	size_t n = g->roles.rows, m, r, a, k, *walked;
	int status = 0;
	if (cp_column_find(&k, g, CP_ROLES, "kind_of"))
		return 0;
	walked = cp_alloc_array(n ? n : 1, sizeof(size_t));
	if (!walked)
		return cp_fail_oom(j->err);
	for (m = 0; m < n; m++)
		walked[m] = CP_NO_ROLE;
	for (m = 0; m < n && !status; m++) {
		cp_buf chain = CP_BUF_INIT;
		cp_shown id;
		place at;
		for (r = m; r != CP_NO_ROLE && walked[r] == CP_NO_ROLE;
		     r = g->role_parent[r])
			walked[r] = m;
		if (r == CP_NO_ROLE || walked[r] != m)
			continue;
		at = role_place(j, parent_part[r], r, k);
		a = r;
		do {
			if (cp_buf_printf(&chain, "'%s' -> ",
					  cp_show(&id, joined_id(j, a)))) {
				cp_buf_free(&chain);
				free(walked);
				return cp_fail_oom(j->err);
			}
			a = g->role_parent[a];
		} while (a != r);
		status = report(j, CP_DIAG_ERROR, &at, NULL, NULL,
				"roles are kinds of each other in a cycle "
				"across folders: %s'%s' (expected a chain "
				"that ends)",
				chain.ptr, cp_show(&id, joined_id(j, r)));
		cp_buf_free(&chain);
		g->role_parent[r] = CP_NO_ROLE;
	}
	free(walked);
	return status;
}

/*
 * The joined roles, each after the roles of its kind_of chain: nearest
 * the top of its chain first, in role order at each depth (a counting
 * sort on the depth).
 */
static int roles_by_depth(joiner *j, size_t **out)
{
	const cp_graph *g = j->g;
	size_t n = g->roles.rows, m, a, *depth, *start, *order;
	depth = cp_alloc_array(n ? n : 1, sizeof(size_t));
	start = calloc(n + 1, sizeof(size_t));
	order = cp_alloc_array(n ? n : 1, sizeof(size_t));
	if (!depth || !start || !order) {
		free(depth);
		free(start);
		free(order);
		return cp_fail_oom(j->err);
	}
	for (m = 0; m < n; m++) {
		depth[m] = 0;
		for (a = g->role_parent[m]; a != CP_NO_ROLE;
		     a = g->role_parent[a])
			depth[m]++;
		start[depth[m] + 1]++;
	}
	for (m = 0; m < n; m++)
		start[m + 1] += start[m];
	for (m = 0; m < n; m++)
		order[start[depth[m]]++] = m;
	free(depth);
	free(start);
	*out = order;
	return 0;
}

/*
 * Joins role m by its soc_code, soc_link "kind": m becomes a kind of the
 * occupation named. Nothing to do when the occupation is on m's chain
 * already; a top of a chain takes it as its parent; a role lower down is
 * re-parented through the occupation when the occupation's own chain
 * leads to m's parent, so m keeps every role it was a kind of (a
 * school-leaver's job joined to an occupation that is itself entered by a
 * school-leaver). An occupation with no chain of its own cannot keep m's
 * parent: m is classified under it instead, with a warning. An occupation
 * whose chain leads elsewhere is an error.
 */
static int join_kind(joiner *j, size_t m, size_t named, const place *at,
		     const char *code)
{
	size_t *parent = j->g->role_parent;
	cp_shown code_shown, id, parent_shown;
	if (on_chain(parent, m, named))
		return 0;
	cp_show(&code_shown, code);
	cp_show(&id, joined_id(j, m));
	if (on_chain(parent, named, m))
		return report(j, CP_DIAG_ERROR, at, NULL, NULL,
			      "role '%s' names '%s' in column 'soc_code', "
			      "which is a kind of it (expected a chain that "
			      "ends)",
			      id.text, code_shown.text);
	if (parent[m] == CP_NO_ROLE || on_chain(parent, named, parent[m])) {
		parent[m] = named;
		return 0;
	}
	cp_show(&parent_shown, joined_id(j, parent[m]));
	if (parent[named] == CP_NO_ROLE) {
		j->class_of[m] = named;
		return report(j, CP_DIAG_WARNING, at, NULL, NULL,
			      "role '%s' is a kind of '%s', which '%s' (its "
			      "soc_code) does not lead to, being a kind of no "
			      "role: the role is classified under it and takes "
			      "none of its moves (expected an occupation that "
			      "is a kind of '%s' for soc_link 'kind')",
			      id.text, parent_shown.text, code_shown.text,
			      parent_shown.text);
	}
	return report(j, CP_DIAG_ERROR, at, NULL, NULL,
		      "role '%s' is a kind of '%s' and names '%s' in column "
		      "'soc_code' with soc_link 'kind', but '%s' does not lead "
		      "to '%s' (expected an occupation that is a kind of '%s', "
		      "or soc_link 'classified')",
		      id.text, parent_shown.text, code_shown.text,
		      code_shown.text, parent_shown.text, parent_shown.text);
}

/*
 * Each part's kind_of, then soc_code: soc_link "kind" makes a role a kind
 * of the occupation named (join_kind); "classified", or no soc_link, files
 * it under the occupation only, which lends it the columns its folder
 * lacks. Roles go nearest the top of their chains first, so that a chain
 * is complete when the roles below it are joined.
 */
static int join_kinds(joiner *j)
{
	cp_graph *g = j->g;
	size_t n = g->roles.rows, m, p, r, k, link_col, i, *order = NULL;
	size_t *parent_part = NULL;
	int status = 0;
	g->role_parent = cp_alloc_array(n ? n : 1, sizeof(size_t));
	j->class_of = cp_alloc_array(n ? n : 1, sizeof(size_t));
	parent_part = cp_alloc_array(n ? n : 1, sizeof(size_t));
	if (!g->role_parent || !j->class_of || !parent_part) {
		status = cp_fail_oom(j->err);
		goto done;
	}
	for (m = 0; m < n; m++)
		g->role_parent[m] = j->class_of[m] = CP_NO_ROLE;
	for (p = 0; p < j->n_parts; p++)
		for (r = 0; r < cp_graph_role_count(j->parts[p]); r++) {
			size_t parent = cp_role_parent(j->parts[p], r);
			m = j->map[p][r];
			if (parent != CP_NO_ROLE &&
			    g->role_parent[m] == CP_NO_ROLE) {
				g->role_parent[m] = j->map[p][parent];
				parent_part[m] = p;
			}
		}
	if ((status = break_cycles(j, parent_part)) ||
	    cp_column_find(&k, g, CP_ROLES, "soc_code"))
		goto done;
	if (cp_column_find(&link_col, g, CP_ROLES, "soc_link"))
		link_col = SIZE_MAX;
	if ((status = roles_by_depth(j, &order)))
		goto done;
	for (i = 0; i < n && !status; i++) {
		size_t at_part = 0, at_row = 0, named;
		const char *code, *link = "";
		place at;
		cp_shown code_shown, id;
		m = order[i];
		code = soc_code_of(j, k, m, &at_part, &at_row);
		if (!*code)
			continue;
		at = role_place(j, at_part, m, k);
		named = joined_role(j, code, j->n_parts);
		if (link_col != SIZE_MAX)
			link = cell_text(j, at_part, CP_ROLES, link_col,
					 at_row);
		cp_show(&code_shown, code);
		cp_show(&id, joined_id(j, m));
		if (named == CP_NO_ROLE)
			status = report(j, CP_DIAG_WARNING, &at, NULL, NULL,
					"soc_code '%s' of role '%s' names no "
					"role of the loaded folders (the role "
					"joins no occupation)",
					code_shown.text, id.text);
		else if (named == m)
			continue;
		else if (!strcmp(link, "kind"))
			status = join_kind(j, m, named, &at, code);
		else {
			j->class_of[m] = named;
			if (!*link)
				status = report(
					j, CP_DIAG_WARNING, &at, NULL, NULL,
					"role '%s' names '%s' in column "
					"'soc_code' but has no soc_link: it is "
					"classified under it and takes none of "
					"its moves (expected 'kind' or "
					"'classified' in column 'soc_link')",
					id.text, code_shown.text);
		}
	}
done:
	free(order);
	free(parent_part);
	if (!status && g->role_parent) {
		for (m = 0; m < n && g->role_parent[m] == CP_NO_ROLE; m++)
			;
		if (m == n) {
			free(g->role_parent);
			g->role_parent = NULL;
		}
	}
	return status;
}

/*
 * The value of joined role m in roles column k: its first definition's;
 * a blank one from a later folder; a column no folder of the role has
 * from the role it is classified under, else the role it is a kind of.
 */
static int role_cell(const joiner *j, size_t m, size_t k, size_t *part,
		     size_t *row)
{
	const cp_graph *g = j->g;
	const char *name = g->roles.items[k].name;
	int lends = !is_own_column(name) && strcmp(name, "kind_of") &&
		    strcmp(name, "soc_code") && strcmp(name, "soc_link");
	size_t hops;
	/* a role classified under a role classified under it: bounded */
	for (hops = 0; hops <= g->roles.rows; hops++) {
		size_t p, r, next;
		int has_column = 0;
		for (p = j->first_part[m]; p < j->n_parts; p++) {
			if (j->col_of[CP_ROLES][p][k] == SIZE_MAX ||
			    !cp_role_by_id(j->parts[p], joined_id(j, m), &r))
				continue;
			has_column = 1;
			if (g->roles.items[k].kind == CP_COLUMN_NUMBER
				    ? !isnan(cell_number(j, p, CP_ROLES, k, r))
				    : *cell_text(j, p, CP_ROLES, k, r) !=
					      '\0') {
				*part = p;
				*row = r;
				return 1;
			}
		}
		if (has_column || !lends)
			return 0;
		next = j->class_of && j->class_of[m] != CP_NO_ROLE
			       ? j->class_of[m]
		       : g->role_parent ? g->role_parent[m]
					: CP_NO_ROLE;
		if (next == CP_NO_ROLE)
			return 0;
		m = next;
	}
	return 0;
}

/* The aliases of every definition of joined role m, joined by ';'. */
static int join_aliases(const joiner *j, size_t m, size_t k, cp_buf *out)
{
	const char *id =
		cp_role_id(j->parts[j->first_part[m]], j->first_role[m]);
	size_t p, r;
	cp_buf_clear(out);
	for (p = j->first_part[m]; p < j->n_parts; p++) {
		const char *aliases;
		if (!cp_role_by_id(j->parts[p], id, &r))
			continue;
		aliases = cell_text(j, p, CP_ROLES, k, r);
		if (*aliases && ((out->size && cp_buf_puts(out, ";")) ||
				 cp_buf_puts(out, aliases)))
			return CP_ENOMEM;
	}
	return 0;
}

static int store_roles(joiner *j)
{
	cp_graph *g = j->g;
	cp_columns *cols = &g->roles;
	size_t n = cols->rows, m, k, p, r;
	cp_buf aliases = CP_BUF_INIT;
	int status = 0;
	g->role_line = cp_alloc_array(n ? n : 1, sizeof(cp_line));
	if (!g->role_line || cp_columns_reserve(cols, n))
		return cp_fail_oom(j->err);
	for (m = 0; m < n && !status; m++) {
		g->role_line[m] =
			j->parts[j->first_part[m]]->role_line[j->first_role[m]];
		for (k = 0; k < cols->count && !status; k++) {
			cp_column *col = &cols->items[k];
			int found;
			if (!strcmp(col->name, "aliases")) {
				status =
					join_aliases(j, m, k, &aliases) ||
					cp_column_push_text(col, m, aliases.ptr,
							    aliases.size);
				continue;
			}
			found = role_cell(j, m, k, &p, &r);
			if (col->kind == CP_COLUMN_NUMBER)
				status = cp_column_push_number(
					col, found ? cell_number(j, p, CP_ROLES,
								 k, r)
						   : NAN);
			else {
				const char *text =
					found ? cell_text(j, p, CP_ROLES, k, r)
					      : "";
				status = cp_column_push_text(col, m, text,
							     strlen(text));
			}
		}
	}
	cp_buf_free(&aliases);
	if (status)
		return cp_fail_oom(j->err);
	for (m = 0; m < n; m++)
		if (cp_id_index_add(&g->ids, cp_role_ids(g), m))
			return cp_fail_oom(j->err);
	return 0;
}

static int store_transitions(joiner *j)
{
	cp_graph *g = j->g;
	cp_columns *cols = &g->transitions;
	size_t total = 0, p, t, k, n = 0;
	for (p = 0; p < j->n_parts; p++)
		total += cp_graph_transition_count(j->parts[p]);
	g->tr_from = cp_alloc_array(total ? total : 1, sizeof(cp_idx));
	g->tr_to = cp_alloc_array(total ? total : 1, sizeof(cp_idx));
	g->tr_line = cp_alloc_array(total ? total : 1, sizeof(cp_line));
	g->folder_transitions = cp_alloc_array(j->n_parts + 1, sizeof(size_t));
	if (!g->tr_from || !g->tr_to || !g->tr_line || !g->folder_transitions ||
	    cp_columns_reserve(cols, total))
		return cp_fail_oom(j->err);
	for (p = 0; p < j->n_parts; p++) {
		const cp_graph *part = j->parts[p];
		g->folder_transitions[p] = n;
		for (t = 0; t < cp_graph_transition_count(part); t++, n++) {
			g->tr_from[n] = (cp_idx)j->map[p][part->tr_from[t]];
			g->tr_to[n] = (cp_idx)j->map[p][part->tr_to[t]];
			g->tr_line[n] = part->tr_line[t];
			for (k = 0; k < cols->count; k++) {
				cp_column *col = &cols->items[k];
				const char *text;
				if (col->endpoint)
					continue;
				if (col->kind == CP_COLUMN_NUMBER) {
					if (cp_column_push_number(
						    col,
						    cell_number(j, p,
								CP_TRANSITIONS,
								k, t)))
						return cp_fail_oom(j->err);
					continue;
				}
				text = cell_text(j, p, CP_TRANSITIONS, k, t);
				if (cp_column_push_text(col, n, text,
							strlen(text)))
					return cp_fail_oom(j->err);
			}
		}
	}
	g->folder_transitions[j->n_parts] = n;
	cols->rows = n;
	return 0;
}

static int locate_joined_columns(cp_graph *g)
{
	if (cp_column_find(&g->role_aliases_col, g, CP_ROLES, "aliases"))
		g->role_aliases_col = CP_NO_COLUMN;
	if (cp_column_find(&g->role_kind_col, g, CP_ROLES, "kind_of"))
		g->role_kind_col = CP_NO_COLUMN;
	return cp_column_find(&g->role_id_col, g, CP_ROLES, "id") ||
	       cp_column_find(&g->role_title_col, g, CP_ROLES, "title") ||
	       cp_column_find(&g->tr_from_col, g, CP_TRANSITIONS, "from") ||
	       cp_column_find(&g->tr_to_col, g, CP_TRANSITIONS, "to");
}

static int join(joiner *j)
{
	cp_graph *g = j->g;
	size_t p;
	int status;
	g->n_folders = j->n_parts;
	g->folders = calloc(j->n_parts, sizeof(char *));
	j->map = calloc(j->n_parts, sizeof(size_t *));
	if (!g->folders || !j->map)
		return cp_fail_oom(j->err);
	for (p = 0; p < j->n_parts; p++) {
		size_t n = cp_graph_role_count(j->parts[p]);
		g->folders[p] = strdup(j->dirs[p]);
		j->map[p] = cp_alloc_array(n ? n : 1, sizeof(size_t));
		if (!g->folders[p] || !j->map[p])
			return cp_fail_oom(j->err);
	}
	if ((status = join_columns(j, CP_ROLES)) ||
	    (status = join_columns(j, CP_TRANSITIONS)))
		return status;
	/* the required columns are every part's */
	locate_joined_columns(g);
	if ((status = map_roles(j)) || (status = join_kinds(j)) ||
	    (status = store_roles(j)) || (status = store_transitions(j)))
		return status;
	if (cp_columns_finish(&g->roles) ||
	    cp_columns_finish(&g->transitions) || cp_graph_derive(g))
		return cp_fail_oom(j->err);
	/* the name index is built when a name is first looked up
	 * (cp_graph_names), as for one folder */
	if ((status = cp_graph_build_topology(g, j->err)))
		return status;
	return j->n_errors ? CP_EDATA : 0;
}

int cp_graph_load_many(cp_graph **out, const char *const *dirs, size_t n_dirs,
		       const cp_load_options *opts, cp_error *err)
{
	joiner j;
	cp_igraph_guard guard;
	size_t p;
	int status = 0, failed = 0;

	*out = NULL;
	if (n_dirs == 1)
		return cp_graph_load(out, dirs[0], opts, err);
	cp_error_clear(err);
	if (!n_dirs)
		return cp_fail(err, CP_EINVALID, NULL, 0, 0,
			       "no graph folder given");
	memset(&j, 0, sizeof(j));
	j.n_parts = n_dirs;
	j.dirs = dirs;
	j.err = err;
	j.on_diag = opts ? opts->on_diag : NULL;
	j.payload = opts ? opts->payload : NULL;
	j.places_left = PLACES_PER_JOIN;
	j.parts = calloc(n_dirs, sizeof(cp_graph *));
	if (!j.parts)
		return cp_fail_oom(err);
	/* every folder is checked whole, as far as loading goes */
	for (p = 0; p < n_dirs; p++) {
		int one = cp_graph_load(&j.parts[p], dirs[p], opts, err);
		if (one && (!status || status == CP_EDATA))
			status = one;
		if (one && !j.on_diag)
			goto cleanup;
		failed |= one != 0;
	}
	if (failed)
		goto cleanup;
	cp_igraph_enter(&guard);
	j.g = cp_graph_alloc();
	if (!j.g || !(j.g->dir = strdup(dirs[0])))
		status = cp_fail_oom(err);
	else
		status = join(&j);
	cp_igraph_leave(&guard);
	if (!status) {
		*out = j.g;
		j.g = NULL;
	}
cleanup:
	cp_graph_free(j.g);
	for (p = 0; p < n_dirs; p++) {
		cp_graph_free(j.parts[p]);
		if (j.map)
			free(j.map[p]);
		if (j.col_of[0])
			free(j.col_of[0][p]);
		if (j.col_of[1])
			free(j.col_of[1][p]);
	}
	free(j.parts);
	free(j.map);
	free(j.col_of[0]);
	free(j.col_of[1]);
	free(j.first_part);
	free(j.first_role);
	free(j.class_of);
	return status;
}
