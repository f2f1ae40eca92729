/*
 * Batch files: a header row naming what each column means, then one query
 * per row. Each row becomes a cp_query value that owns what it points to,
 * so rows can be answered in any order, on any thread, and its results are
 * written as CSV or JSON Lines records that carry the row's line number.
 */
#include "format_internal.h"
#include "internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The most routes one row may ask for, as `path -k` allows. */
#define BATCH_K_MAX 10000

enum {
	COL_FROM,
	COL_TO,
	COL_BY,
	COL_K,
	COL_MAX,
	COL_AVOID,
	COL_VIA,
	COL_EXPERIENCE,
	COL_MIN_GAIN,
	COL_MAX_ZONE_JUMP,
	COL_MAX_EDUCATION,
	COL_STEP_MAX,
	N_KNOWN
};

static const char *const known_names[N_KNOWN] = {
	"from",		 "to",	    "by",	  "k",	      "max",
	"avoid",	 "via",	    "experience", "min_gain", "max_zone_jump",
	"max_education", "step_max"};

/* Result columns besides the metrics' totals, which a carried column must
 * not shadow. */
static const char *const result_names[] = {"line",
					   "from",
					   "to",
					   "by",
					   "rank",
					   "cost",
					   "steps",
					   "route",
					   "error",
					   "wage_start",
					   "wage_end",
					   "gain_usd",
					   "gain_pct",
					   "unknown_steps",
					   "outlook_employment_2024",
					   "outlook_employment_change_pct",
					   "outlook_annual_openings"};

struct cp_batch_layout {
	size_t width;
	size_t known[N_KNOWN]; /* field index, SIZE_MAX when absent */
	size_t *carried;       /* field indexes of the carried columns */
	char **carried_names;
	size_t n_carried;
	int wages;
};

void cp_batch_layout_free(cp_batch_layout *layout)
{
	size_t i;
	if (!layout)
		return;
	for (i = 0; i < layout->n_carried; i++)
		free(layout->carried_names[i]);
	free(layout->carried_names);
	free(layout->carried);
	free(layout);
}

size_t cp_batch_layout_width(const cp_batch_layout *layout)
{
	return layout->width;
}

static int known_column(const char *name)
{
	int i;
	for (i = 0; i < N_KNOWN; i++)
		if (!strcmp(name, known_names[i]))
			return i;
	return -1;
}

static int result_column(const cp_graph *graph, const char *name)
{
	size_t i, metric;
	for (i = 0; i < sizeof(result_names) / sizeof(result_names[0]); i++)
		if (!strcmp(name, result_names[i]))
			return 1;
	return cp_metric_find(&metric, graph, name) == 0;
}

static int header_error(cp_error *err, const cp_csv_field *f, const char *fmt,
			const char *name)
{
	char shown[300];
	cp_quote_excerpt(shown, sizeof(shown), name, strlen(name), 60);
	return cp_fail(err, CP_EINVALID, NULL, f->line, f->column, fmt, shown);
}

int cp_batch_layout_new(cp_batch_layout **out, const cp_graph *graph,
			const cp_csv_field *header, size_t n_fields,
			cp_error *err)
{
	cp_batch_layout *layout = calloc(1, sizeof(*layout));
	size_t i, j;
	int status = 0, col;

	*out = NULL;
	if (!layout ||
	    !(layout->carried = cp_alloc_array(n_fields, sizeof(size_t))) ||
	    !(layout->carried_names =
		      cp_alloc_array(n_fields, sizeof(char *)))) {
		status = cp_fail_oom(err);
		goto cleanup;
	}
	layout->width = n_fields;
	layout->wages = graph->role_wage != NULL;
	for (i = 0; i < N_KNOWN; i++)
		layout->known[i] = SIZE_MAX;
	for (i = 0; i < n_fields; i++) {
		const char *name = header[i].text;
		for (j = 0; j < i; j++)
			if (!strcmp(header[j].text, name))
				break;
		if (!*name) {
			status = cp_fail(err, CP_EINVALID, NULL, header[i].line,
					 header[i].column,
					 "blank column name in the header "
					 "(expected a name for every column)");
		} else if (j < i) {
			status = header_error(err, &header[i],
					      "column '%s' given twice", name);
		} else if ((col = known_column(name)) >= 0) {
			layout->known[col] = i;
			continue;
		} else if (result_column(graph, name)) {
			status = header_error(
				err, &header[i],
				"column '%s' would take the name of a result "
				"column (rename it in the input)",
				name);
		} else if (!(layout->carried_names[layout->n_carried] =
				     strdup(name))) {
			status = cp_fail_oom(err);
		} else {
			layout->carried[layout->n_carried++] = i;
			continue;
		}
		goto cleanup;
	}
	for (col = COL_FROM; col <= COL_TO; col++)
		if (layout->known[col] == SIZE_MAX) {
			status = cp_fail(
				err, CP_EINVALID, NULL, header[0].line, 1,
				"no column '%s' in the header (expected at "
				"least the columns from,to)",
				known_names[col]);
			goto cleanup;
		}
	*out = layout;
	layout = NULL;
cleanup:
	cp_batch_layout_free(layout);
	return status;
}

void cp_batch_row_free(cp_batch_row *row)
{
	size_t i;
	if (!row)
		return;
	for (i = 0; i < row->n_carried; i++)
		free(row->carried[i]);
	free(row->carried);
	for (i = 0; i < row->query.n_caps; i++)
		cp_cost_free(row->cap_costs[i]);
	free(row->cap_costs);
	free(row->caps);
	free(row->avoid);
	free(row->via);
	free(row->rules);
	cp_cost_free(row->cost);
	free(row->from_text);
	free(row->to_text);
	free(row->by_text);
	free(row);
}

/* The row's place and one complaint about a field of a column. */
typedef struct row_reader {
	cp_batch_row *row;
	const cp_graph *graph;
	const cp_csv_field *field;
	const char *column;
} row_reader;

static int row_fail(row_reader *r, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int row_fail(row_reader *r, int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	cp_failv(&r->row->error, code, NULL, r->field->line, r->field->column,
		 fmt, ap);
	va_end(ap);
	r->row->status = code;
	return code;
}

/* A callee's complaint, placed at the field and tied to its column. */
static int row_fail_from(row_reader *r, int code, const cp_error *why)
{
	return row_fail(r, code, "column '%s': %s", r->column, why->message);
}

static int read_role(row_reader *r, size_t *out, const char *name)
{
	cp_buf hint = CP_BUF_INIT;
	cp_error why;
	char shown[300];
	int status = cp_role_find(out, r->graph, name, &why);
	if (status != CP_ENOTFOUND)
		return status ? row_fail_from(r, status, &why) : 0;
	cp_quote_excerpt(shown, sizeof(shown), name, strlen(name), 60);
	if (cp_suggest_roles(&hint, r->graph, name, 0))
		status = CP_ENOMEM;
	else
		status = row_fail(r, CP_ENOTFOUND,
				  "unknown role '%s' in column '%s'%s", shown,
				  r->column, hint.size ? hint.ptr : "");
	cp_buf_free(&hint);
	return status;
}

/* A number >= 0, written whole; -1 otherwise. */
static int read_amount(double *out, const char *text, size_t len)
{
	return cp_number_parse(out, text, len) == CP_NUM_OK && *out >= 0 ? 0
									 : -1;
}

static void quote_field(char *shown, size_t size, const char *text, size_t len)
{
	cp_quote_excerpt(shown, size, text, len, 60);
}

/* Splits text at ';' into items, trimming spaces; an item is never blank. */
static int next_item(const char **text, const char **item, size_t *len)
{
	const char *s = *text, *end;
	if (!*s)
		return 0;
	end = s + strcspn(s, ";");
	*text = *end ? end + 1 : end;
	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	*item = s;
	*len = (size_t)(end - s);
	return 1;
}

static size_t count_items(const char *text)
{
	size_t n = *text ? 1 : 0;
	for (; *text; text++)
		n += *text == ';';
	return n;
}

static int read_roles(row_reader *r, size_t **out, size_t *n_out)
{
	const char *text = r->field->text, *item;
	size_t n = count_items(text), len;
	char *name;
	int status = 0;
	if (!n)
		return 0;
	if (!(*out = cp_alloc_array(n, sizeof(size_t))))
		return CP_ENOMEM;
	while (next_item(&text, &item, &len)) {
		if (!len)
			return row_fail(
				r, CP_EINVALID,
				"blank role name in column '%s' (expected "
				"role names separated by ';')",
				r->column);
		if (!(name = strndup(item, len)))
			return CP_ENOMEM;
		status = read_role(r, &(*out)[*n_out], name);
		free(name);
		if (status)
			return status;
		(*n_out)++;
	}
	return 0;
}

static int read_caps(row_reader *r)
{
	cp_batch_row *row = r->row;
	const char *text = r->field->text, *item, *eq;
	size_t n = count_items(text), len;
	char shown[300], *expr;
	cp_error why;
	int status;
	if (!n)
		return 0;
	if (!(row->caps = cp_alloc_array(n, sizeof(*row->caps))) ||
	    !(row->cap_costs = cp_alloc_array(n, sizeof(*row->cap_costs))))
		return CP_ENOMEM;
	row->query.caps = row->caps;
	while (next_item(&text, &item, &len)) {
		cp_cap *cap = &row->caps[row->query.n_caps];
		quote_field(shown, sizeof(shown), item, len);
		for (eq = item + len; eq > item && eq[-1] != '='; eq--)
			;
		if (eq <= item + 1)
			return row_fail(r, CP_EINVALID,
					"malformed cap '%s' in column '%s' "
					"(expected COST=VALUE, such as "
					"cost_usd=20000; several separated by "
					"';')",
					shown, r->column);
		if (read_amount(&cap->max, eq, (size_t)(item + len - eq)))
			return row_fail(r, CP_EINVALID,
					"malformed cap '%s' in column '%s' "
					"(expected a number >= 0 after '=')",
					shown, r->column);
		if (!(expr = strndup(item, (size_t)(eq - 1 - item))))
			return CP_ENOMEM;
		status = cp_cost_parse(&row->cap_costs[row->query.n_caps],
				       r->graph, expr, &why);
		free(expr);
		if (status)
			return status == CP_ENOMEM
				       ? status
				       : row_fail_from(r, status, &why);
		cap->cost = row->cap_costs[row->query.n_caps++];
	}
	return 0;
}

static int read_k(row_reader *r)
{
	const char *text = r->field->text;
	size_t k = 0, i;
	char shown[300];
	for (i = 0; text[i] >= '0' && text[i] <= '9' && k <= BATCH_K_MAX; i++)
		k = k * 10 + (size_t)(text[i] - '0');
	if (i && !text[i] && k >= 1 && k <= BATCH_K_MAX) {
		r->row->query.k = k;
		return 0;
	}
	quote_field(shown, sizeof(shown), text, r->field->len);
	return row_fail(r, CP_EINVALID,
			"bad count '%s' in column 'k' (expected a whole number "
			"from 1 to %d)",
			shown, BATCH_K_MAX);
}

static int read_experience(row_reader *r)
{
	char shown[300];
	if (!read_amount(&r->row->query.experience, r->field->text,
			 r->field->len))
		return 0;
	quote_field(shown, sizeof(shown), r->field->text, r->field->len);
	return row_fail(r, CP_EINVALID,
			"bad number '%s' in column 'experience' (expected the "
			"months already worked in the starting role, >= 0)",
			shown);
}

static int read_min_gain(row_reader *r)
{
	size_t len = r->field->len;
	char shown[300];
	if (len && r->field->text[len - 1] == '%')
		len--;
	if (!read_amount(&r->row->query.min_gain, r->field->text, len)) {
		r->row->query.has_min_gain = 1;
		return 0;
	}
	quote_field(shown, sizeof(shown), r->field->text, r->field->len);
	return row_fail(r, CP_EINVALID,
			"bad percentage '%s' in column 'min_gain' (expected a "
			"number >= 0, such as 10 or 10%%)",
			shown);
}

/* A new rule at the end of the row's, which the query then points to. */
static cp_rule *add_rule(cp_batch_row *row)
{
	cp_rule *rules = cp_realloc_array(row->rules, row->query.n_rules + 1,
					  sizeof(cp_rule));
	if (!rules)
		return NULL;
	row->rules = rules;
	row->query.rules = rules;
	return &rules[row->query.n_rules++];
}

/* max_zone_jump and max_education: a rule on a number column of roles. */
static int read_role_rule(row_reader *r, cp_rule_kind kind, const char *name)
{
	cp_rule *rule;
	size_t col;
	char shown[300];
	double max;
	if (cp_column_find(&col, r->graph, CP_ROLES, name) ||
	    cp_column_kind_of(r->graph, CP_ROLES, col) != CP_COLUMN_NUMBER)
		return row_fail(r, CP_EINVALID,
				"column '%s' needs a number column '%s' in "
				"roles.csv, which the graph does not have",
				r->column, name);
	if (read_amount(&max, r->field->text, r->field->len)) {
		quote_field(shown, sizeof(shown), r->field->text,
			    r->field->len);
		return row_fail(r, CP_EINVALID,
				"bad number '%s' in column '%s' (expected a "
				"number >= 0)",
				shown, r->column);
	}
	if (!(rule = add_rule(r->row)))
		return CP_ENOMEM;
	rule->kind = kind;
	rule->index = col;
	rule->max = max;
	return 0;
}

/* step_max: METRIC=VALUE, several separated by ';'. */
static int read_step_max(row_reader *r)
{
	const char *text = r->field->text, *item, *eq;
	char shown[300], *name;
	size_t len, metric;
	double max;
	cp_rule *rule;
	while (next_item(&text, &item, &len)) {
		quote_field(shown, sizeof(shown), item, len);
		for (eq = item + len; eq > item && eq[-1] != '='; eq--)
			;
		if (eq <= item + 1 ||
		    read_amount(&max, eq, (size_t)(item + len - eq)))
			return row_fail(r, CP_EINVALID,
					"malformed rule '%s' in column '%s' "
					"(expected METRIC=VALUE, such as "
					"relatedness_tier=2; several separated "
					"by ';')",
					shown, r->column);
		if (!(name = strndup(item, (size_t)(eq - 1 - item))))
			return CP_ENOMEM;
		if (cp_metric_find(&metric, r->graph, name)) {
			quote_field(shown, sizeof(shown), name, strlen(name));
			free(name);
			return row_fail(r, CP_ENOTFOUND,
					"unknown metric '%s' in column '%s'",
					shown, r->column);
		}
		free(name);
		if (!(rule = add_rule(r->row)))
			return CP_ENOMEM;
		rule->kind = CP_RULE_STEP_MAX;
		rule->index = metric;
		rule->max = max;
	}
	return 0;
}

static int read_cost(row_reader *r)
{
	cp_error why;
	int status =
		cp_cost_parse(&r->row->cost, r->graph, r->row->by_text, &why);
	if (status)
		return status == CP_ENOMEM ? status
					   : row_fail_from(r, status, &why);
	r->row->query.cost = r->row->cost;
	return 0;
}

/* Reads the known columns in header order of meaning; stops at the first
 * fault, which the row keeps. */
static int read_known(row_reader *r, const cp_batch_layout *layout,
		      const cp_csv_field *fields)
{
	cp_batch_row *row = r->row;
	cp_query *q = &row->query;
	int col, status = 0;
	for (col = 0; col < N_KNOWN && !status; col++) {
		size_t at = layout->known[col];
		int blank;
		if (at == SIZE_MAX)
			continue;
		r->field = &fields[at];
		r->column = known_names[col];
		blank = strspn(r->field->text, " \t") == r->field->len;
		switch (col) {
		case COL_FROM:
			status = read_role(r, &q->from, row->from_text);
			break;
		case COL_TO: status = read_role(r, &q->to, row->to_text); break;
		case COL_BY: status = read_cost(r); break;
		case COL_K: status = blank ? 0 : read_k(r); break;
		case COL_MAX: status = read_caps(r); break;
		case COL_AVOID:
			status = read_roles(r, &row->avoid, &q->n_avoid);
			q->avoid = row->avoid;
			break;
		case COL_VIA:
			status = read_roles(r, &row->via, &q->n_via);
			q->via = row->via;
			break;
		case COL_EXPERIENCE:
			status = blank ? 0 : read_experience(r);
			break;
		case COL_MIN_GAIN: status = blank ? 0 : read_min_gain(r); break;
		case COL_MAX_ZONE_JUMP:
			status = blank ? 0
				       : read_role_rule(r, CP_RULE_RISE_MAX,
							"job_zone");
			break;
		case COL_MAX_EDUCATION:
			status = blank ? 0
				       : read_role_rule(r, CP_RULE_ROLE_MAX,
							"education_level");
			break;
		case COL_STEP_MAX: status = read_step_max(r); break;
		}
	}
	if (!row->cost && !status)
		status = read_cost(r);
	return status == CP_ENOMEM ? status : 0;
}

static char *field_copy(const cp_batch_layout *layout,
			const cp_csv_field *fields, size_t n_fields, int col,
			const char *blank)
{
	size_t at = layout->known[col];
	const char *text = at < n_fields ? fields[at].text : "";
	return strdup(*text || !blank ? text : blank);
}

int cp_batch_row_parse(cp_batch_row **out, const cp_graph *graph,
		       const cp_batch_layout *layout,
		       const cp_csv_field *fields, size_t n_fields,
		       cp_error *err)
{
	cp_batch_row *row = calloc(1, sizeof(*row));
	cp_query init = CP_QUERY_INIT;
	row_reader r = {row, graph, fields, ""};
	size_t i;
	int status = 0;

	*out = NULL;
	if (!row || !(row->carried = calloc(layout->n_carried + 1,
					    sizeof(*row->carried)))) {
		status = cp_fail_oom(err);
		goto cleanup;
	}
	row->query = init;
	row->line = n_fields ? fields[0].line : 0;
	for (i = 0; i < layout->n_carried; i++) {
		size_t at = layout->carried[i];
		if (!(row->carried[i] =
			      strdup(at < n_fields ? fields[at].text : "")))
			goto oom;
		row->n_carried++;
	}
	if (!(row->from_text =
		      field_copy(layout, fields, n_fields, COL_FROM, NULL)) ||
	    !(row->to_text =
		      field_copy(layout, fields, n_fields, COL_TO, NULL)) ||
	    !(row->by_text = layout->known[COL_BY] == SIZE_MAX
				     ? strdup("steps")
				     : field_copy(layout, fields, n_fields,
						  COL_BY, "steps")))
		goto oom;
	if (n_fields != layout->width) {
		r.field = &fields[n_fields > layout->width ? layout->width : 0];
		row_fail(&r, CP_EINVALID,
			 "row has %zu field%s, the header %zu (is a ',' "
			 "missing, or a field with a ',' not in quotes?)",
			 n_fields, n_fields == 1 ? "" : "s", layout->width);
	} else if (read_known(&r, layout, fields)) {
		goto oom;
	}
	*out = row;
	row = NULL;
	goto cleanup;
oom:
	status = cp_fail_oom(err);
cleanup:
	cp_batch_row_free(row);
	return status;
}

/* ---- results ---- */

typedef struct writer {
	cp_buf *out;
	cp_format format;
	int first;
	int failed;
} writer;

static void put_key(writer *w, const char *key)
{
	if (w->format == CP_FORMAT_JSON)
		w->failed |= (w->first ? cp_buf_puts(w->out, "{")
				       : cp_buf_puts(w->out, ",")) ||
			     cp_buf_put_json_string(w->out, key) ||
			     cp_buf_puts(w->out, ":");
	else if (!w->first)
		w->failed |= cp_buf_puts(w->out, ",");
	w->first = 0;
}

static void put_text(writer *w, const char *key, const char *value)
{
	put_key(w, key);
	if (w->format == CP_FORMAT_JSON)
		w->failed |= value ? cp_buf_put_json_string(w->out, value)
				   : cp_buf_puts(w->out, "null");
	else
		w->failed |= cp_buf_put_csv_field(w->out, value ? value : "");
}

static void put_number(writer *w, const char *key, double value)
{
	put_key(w, key);
	w->failed |= cp_buf_put_number(w->out, value, w->format);
}

static void put_end(writer *w)
{
	w->failed |=
		cp_buf_puts(w->out, w->format == CP_FORMAT_JSON ? "}\n" : "\n");
	w->first = 1;
}

/* The outlook of the route's last role, as result columns. */
static const char *const outlook_names[CP_N_OUTLOOK] = {
	"outlook_employment_2024", "outlook_employment_change_pct",
	"outlook_annual_openings"};

int cp_batch_header(cp_buf *out, const cp_graph *graph,
		    const cp_batch_layout *layout, cp_format format)
{
	writer w = {out, CP_FORMAT_CSV, 1, 0};
	size_t i, cols[CP_N_OUTLOOK];
	if (format == CP_FORMAT_TEXT)
		return CP_EINVALID;
	if (format == CP_FORMAT_JSON)
		return 0;
	put_text(&w, NULL, "line");
	for (i = 0; i < layout->n_carried; i++)
		put_text(&w, NULL, layout->carried_names[i]);
	put_text(&w, NULL, "from");
	put_text(&w, NULL, "to");
	put_text(&w, NULL, "by");
	put_text(&w, NULL, "rank");
	put_text(&w, NULL, "cost");
	for (i = 0; i < cp_graph_metric_count(graph); i++)
		put_text(&w, NULL, cp_metric_name(graph, i));
	put_text(&w, NULL, "steps");
	if (layout->wages) {
		put_text(&w, NULL, "wage_start");
		put_text(&w, NULL, "wage_end");
		put_text(&w, NULL, "gain_usd");
		put_text(&w, NULL, "gain_pct");
	}
	put_text(&w, NULL, "route");
	put_text(&w, NULL, "error");
	put_text(&w, NULL, "unknown_steps");
	if (cp_outlook_columns(graph, cols))
		for (i = 0; i < CP_N_OUTLOOK; i++)
			put_text(&w, NULL, outlook_names[i]);
	put_end(&w);
	return w.failed ? CP_ENOMEM : 0;
}

static const char *role_text(const cp_graph *graph, size_t role,
			     const char *given)
{
	return role == CP_NO_ROLE ? given : cp_role_id(graph, role);
}

/*
 * The figures of a route that rest on steps whose value is not known:
 * cp_put_unknown_steps(), or null (empty) for a line without a route.
 */
static void put_unknown(writer *w, const cp_graph *graph, const cp_cost *cost,
			const cp_route *route)
{
	put_key(w, "unknown_steps");
	if (!route)
		w->failed |= w->format == CP_FORMAT_JSON &&
			     cp_buf_puts(w->out, "null");
	else
		w->failed |= cp_put_unknown_steps(w->out, graph, cost, route,
						  w->format) != 0;
}

/*
 * One result line; route NULL for a line that only says why. cost,
 * totals and steps of a route whose figures rest on steps with no value
 * are the least they can be, and unknown_steps says on how many.
 */
static void put_line(writer *w, const cp_graph *graph,
		     const cp_batch_layout *layout, const cp_batch_row *row,
		     size_t rank, const cp_route *route, const char *error)
{
	size_t i, n_metrics = cp_graph_metric_count(graph), cols[CP_N_OUTLOOK];
	cp_buf ids = CP_BUF_INIT;
	put_number(w, "line", (double)row->line);
	for (i = 0; i < layout->n_carried; i++)
		put_text(w, layout->carried_names[i], row->carried[i]);
	put_text(w, "from", role_text(graph, row->query.from, row->from_text));
	put_text(w, "to", role_text(graph, row->query.to, row->to_text));
	put_text(w, "by", row->by_text);
	put_number(w, "rank", route ? (double)rank : NAN);
	put_number(w, "cost", route ? route->cost : NAN);
	for (i = 0; i < n_metrics; i++)
		put_number(w, cp_metric_name(graph, i),
			   route ? route->totals[i] : NAN);
	put_number(w, "steps", route ? (double)route->n_steps : NAN);
	if (layout->wages) {
		double start =
			route ? cp_role_wage(graph, route->roles[0]) : NAN;
		double end = route ? cp_role_wage(graph,
						  route->roles[route->n_steps])
				   : NAN;
		put_number(w, "wage_start", start);
		put_number(w, "wage_end", end);
		put_number(w, "gain_usd", end - start);
		put_number(w, "gain_pct",
			   start > 0 ? 100 * (end - start) / start : NAN);
	}
	for (i = 0; route && i <= route->n_steps; i++)
		w->failed |=
			(i && cp_buf_puts(&ids, ">")) ||
			cp_buf_puts(&ids, cp_role_id(graph, route->roles[i]));
	put_text(w, "route", route ? ids.ptr : NULL);
	put_text(w, "error", error);
	put_unknown(w, graph, row->query.cost, route);
	if (cp_outlook_columns(graph, cols))
		for (i = 0; i < CP_N_OUTLOOK; i++)
			put_number(w, outlook_names[i],
				   route ? cp_outlook_value(
						   graph, cols, i,
						   route->roles[route->n_steps])
					 : NAN);
	put_end(w);
	cp_buf_free(&ids);
}

int cp_batch_write(cp_buf *out, const cp_graph *graph,
		   const cp_batch_layout *layout, const cp_batch_row *row,
		   const cp_routes *routes, int status, const cp_error *err,
		   cp_format format)
{
	writer w = {out, format, 1, 0};
	size_t i;
	if (format == CP_FORMAT_TEXT)
		return CP_EINVALID;
	if (row->status)
		put_line(&w, graph, layout, row, 0, NULL, row->error.message);
	else if (status == CP_ENOROUTE || (!status && !routes->count))
		put_line(&w, graph, layout, row, 0, NULL, "no route");
	else if (status)
		put_line(&w, graph, layout, row, 0, NULL,
			 err && err->message[0] ? err->message
						: cp_strerror(status));
	else
		for (i = 0; i < routes->count; i++)
			put_line(&w, graph, layout, row, i + 1,
				 &routes->items[i], NULL);
	return w.failed ? CP_ENOMEM : 0;
}

/* ---- matrices ---- */

int cp_matrix_header(cp_buf *out, const cp_graph *graph, const size_t *to,
		     size_t n_to)
{
	writer w = {out, CP_FORMAT_CSV, 1, 0};
	size_t i;
	put_text(&w, NULL, "from");
	for (i = 0; i < n_to; i++)
		put_text(&w, NULL, cp_role_id(graph, to[i]));
	put_end(&w);
	return w.failed ? CP_ENOMEM : 0;
}

int cp_matrix_write(cp_buf *out, const cp_graph *graph, const cp_routes *row)
{
	writer w = {out, CP_FORMAT_CSV, 1, 0};
	size_t i;
	if (row->kind != CP_QUERY_ROW)
		return CP_EINVALID;
	put_text(&w, NULL, cp_role_id(graph, row->from));
	/* no route is a blank cell: the cost is INFINITY, which CSV leaves
	 * blank as it does NaN; a cost that rests on steps whose value is not
	 * known is the least it can be, written >=COST */
	for (i = 0; i < row->count; i++) {
		const cp_route *r = &row->items[i];
		if (r->n_steps &&
		    cp_route_blank_cost_steps(graph, row->cost, r)) {
			put_key(&w, NULL);
			w.failed |=
				cp_buf_puts(out, ">=") ||
				cp_buf_put_number(out, r->cost, CP_FORMAT_CSV);
		} else {
			put_number(&w, NULL, r->cost);
		}
	}
	put_end(&w);
	return w.failed ? CP_ENOMEM : 0;
}
