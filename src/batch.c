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

/* Result columns besides the metrics' totals, which a carried column must
 * not shadow. */
static const char *const result_names[] = {"line",
					   "from",
					   "to",
					   "from_title",
					   "to_title",
					   "from_name",
					   "to_name",
					   "route_titles",
					   "reason",
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
					   "payback",
					   "payback_months",
					   "unknown_steps",
					   "outlook_employment_2024",
					   "outlook_employment_change_pct",
					   "outlook_annual_openings"};

struct cp_batch_layout {
	size_t width;
	/* by word of the query vocabulary: its field, SIZE_MAX when absent */
	size_t *known;
	size_t n_known;
	size_t *carried; /* field indexes of the carried columns */
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
	free(layout->known);
	free(layout);
}

size_t cp_batch_layout_width(const cp_batch_layout *layout)
{
	return layout->width;
}

/* The word of the query vocabulary a column names, or -1. */
static int known_column(const char *name)
{
	const cp_query_word *w;
	int i;
	for (i = 0; (w = cp_query_word_at((size_t)i)); i++)
		if (w->column && !strcmp(name, w->column))
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
	static const char *const required[2] = {"from", "to"};
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
	while (cp_query_word_at(layout->n_known))
		layout->n_known++;
	if (!(layout->known =
		      cp_alloc_array(layout->n_known, sizeof(size_t)))) {
		status = cp_fail_oom(err);
		goto cleanup;
	}
	layout->width = n_fields;
	layout->wages = graph->role_wage != NULL;
	for (i = 0; i < layout->n_known; i++)
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
	for (i = 0; i < 2; i++)
		if (layout->known[known_column(required[i])] == SIZE_MAX) {
			status = cp_fail(
				err, CP_EINVALID, NULL, header[0].line, 1,
				"no column '%s' in the header (expected at "
				"least the columns from,to)",
				required[i]);
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
	cp_query_parts_free(&row->parts);
	free(row->from_text);
	free(row->to_text);
	free(row->by_text);
	free(row);
}

/* Reads the row's query, word by word in the vocabulary's order; stops at
 * the first fault, which the row keeps. Returns 0 or CP_ENOMEM. */
static int read_query(cp_batch_row *row, const cp_graph *graph,
		      const cp_batch_layout *layout, const cp_csv_field *fields)
{
	const cp_query_word *word;
	size_t i;
	int status = 0;
	for (i = 0; !status && (word = cp_query_word_at(i)); i++) {
		size_t at = layout->known[i];
		cp_word_place place = {CP_PLACE_CELL, word->column, 0, 0};
		const char *text = word->fallback;
		if (at != SIZE_MAX) {
			text = fields[at].text;
			place.line = fields[at].line;
			place.column = fields[at].column;
		}
		if (text)
			status = cp_query_read(&row->query, &row->parts, graph,
					       word, text, &place, &row->error);
	}
	if (status && status != CP_ENOMEM)
		row->status = status;
	return status == CP_ENOMEM ? status : 0;
}

static char *field_copy(const cp_batch_layout *layout,
			const cp_csv_field *fields, size_t n_fields,
			const char *column, const char *blank)
{
	size_t at = layout->known[known_column(column)];
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
	size_t i, bad_at;
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
		      field_copy(layout, fields, n_fields, "from", NULL)) ||
	    !(row->to_text =
		      field_copy(layout, fields, n_fields, "to", NULL)) ||
	    !(row->by_text = layout->known[known_column("by")] == SIZE_MAX
				     ? strdup("steps")
				     : field_copy(layout, fields, n_fields,
						  "by", "steps")))
		goto oom;
	if (n_fields != layout->width) {
		bad_at = n_fields > layout->width ? layout->width : 0;
		row->status = cp_fail(
			&row->error, CP_EINVALID, NULL, fields[bad_at].line,
			fields[bad_at].column,
			"row has %zu field%s, the header %zu (is a ',' "
			"missing, or a field with a ',' not in quotes?)",
			n_fields, n_fields == 1 ? "" : "s", layout->width);
	} else if (read_query(row, graph, layout, fields)) {
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

int cp_batch_row_unreadable(cp_batch_row **out, const cp_batch_layout *layout,
			    size_t line, const cp_error *fault, cp_error *err)
{
	cp_batch_row *row = calloc(1, sizeof(*row));
	cp_query init = CP_QUERY_INIT;
	size_t i;

	*out = NULL;
	if (!row || !(row->carried = calloc(layout->n_carried + 1,
					    sizeof(*row->carried))))
		goto oom;
	row->query = init;
	row->line = line;
	for (i = 0; i < layout->n_carried; i++, row->n_carried++)
		if (!(row->carried[i] = strdup("")))
			goto oom;
	if (!(row->from_text = strdup("")) || !(row->to_text = strdup("")) ||
	    !(row->by_text = strdup("")))
		goto oom;
	row->status = CP_EDATA;
	row->error = *fault;
	*out = row;
	return 0;
oom:
	cp_batch_row_free(row);
	return cp_fail_oom(err);
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

static void put_num(writer *w, const char *key, double value,
		    cp_num_style style)
{
	put_key(w, key);
	w->failed |= cp_buf_put_num(w->out, value, style, w->format);
}

static void put_number(writer *w, const char *key, double value)
{
	put_num(w, key, value, CP_NUM_VALUE);
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
	put_text(&w, NULL, "from_title");
	put_text(&w, NULL, "to_title");
	put_text(&w, NULL, "from_name");
	put_text(&w, NULL, "to_name");
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
		put_text(&w, NULL, "payback");
		put_text(&w, NULL, "payback_months");
	}
	put_text(&w, NULL, "route");
	put_text(&w, NULL, "route_titles");
	put_text(&w, NULL, "error");
	put_text(&w, NULL, "reason");
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

/* A role's title, or NULL (a blank) for a name that found no role. */
static const char *role_title(const cp_graph *graph, size_t role)
{
	return role == CP_NO_ROLE ? NULL : cp_role_title(graph, role);
}

/* A role's name beside its title (cp_put_role_name()); a blank for a name
 * that found no role. */
static void put_name(writer *w, const cp_graph *graph, const char *key,
		     size_t role)
{
	cp_buf name = CP_BUF_INIT;
	if (role != CP_NO_ROLE && cp_put_role_name(&name, graph, role))
		w->failed = 1;
	put_text(w, key, role == CP_NO_ROLE ? NULL : name.ptr);
	cp_buf_free(&name);
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

/* payback and payback_months (cp_route_payback), null without a route. */
static void put_payback(writer *w, const cp_graph *graph, const cp_route *route,
			size_t today)
{
	double months = NAN;
	cp_payback_kind kind =
		route ? cp_route_payback(&months, graph, route, today)
		      : CP_PAYBACK_UNKNOWN;
	put_text(w, "payback", route ? cp_payback_name(kind) : NULL);
	put_number(w, "payback_months", months);
}

/*
 * One result line; route NULL for a line that only says why (error, and
 * reason: cp_no_route_reason()). cost, totals and steps of a route whose
 * figures rest on steps with no value are the least they can be, and
 * unknown_steps says on how many.
 */
static void put_line(writer *w, const cp_graph *graph,
		     const cp_batch_layout *layout, const cp_batch_row *row,
		     size_t rank, const cp_route *route, const char *error,
		     const char *reason)
{
	size_t i, n_metrics = cp_graph_metric_count(graph), cols[CP_N_OUTLOOK];
	cp_buf ids = CP_BUF_INIT, titles = CP_BUF_INIT;
	put_number(w, "line", (double)row->line);
	for (i = 0; i < layout->n_carried; i++)
		put_text(w, layout->carried_names[i], row->carried[i]);
	put_text(w, "from", role_text(graph, row->query.from, row->from_text));
	put_text(w, "to", role_text(graph, row->query.to, row->to_text));
	put_text(w, "from_title", role_title(graph, row->query.from));
	put_text(w, "to_title", role_title(graph, row->query.to));
	put_name(w, graph, "from_name", row->query.from);
	put_name(w, graph, "to_name", row->query.to);
	put_text(w, "by", row->by_text);
	put_number(w, "rank", route ? (double)rank : NAN);
	put_number(w, "cost", route ? route->cost : NAN);
	for (i = 0; i < n_metrics; i++)
		put_number(w, cp_metric_name(graph, i),
			   route ? route->totals[i] : NAN);
	put_number(w, "steps", route ? (double)route->n_steps : NAN);
	if (layout->wages) {
		/* today's pay: the start's, whichever role held a route
		 * starts at */
		double start =
			route ? cp_role_wage(graph, row->query.from) : NAN;
		double end = route ? cp_role_wage(graph,
						  route->roles[route->n_steps])
				   : NAN;
		put_num(w, "wage_start", start, CP_NUM_MONEY);
		put_num(w, "wage_end", end, CP_NUM_MONEY);
		put_num(w, "gain_usd", cp_gain_usd(start, end), CP_NUM_MONEY);
		put_num(w, "gain_pct", cp_gain_pct(start, end), CP_NUM_PERCENT);
		put_payback(w, graph, route, row->query.from);
	}
	for (i = 0; route && i <= route->n_steps; i++)
		w->failed |=
			(i && cp_buf_puts(&ids, ">")) ||
			cp_buf_puts(&ids, cp_role_id(graph, route->roles[i])) ||
			(i && cp_buf_puts(&titles, " > ")) ||
			cp_buf_puts(&titles,
				    cp_role_title(graph, route->roles[i]));
	put_text(w, "route", route ? ids.ptr : NULL);
	put_text(w, "route_titles", route ? titles.ptr : NULL);
	put_text(w, "error", error);
	put_text(w, "reason", reason);
	put_unknown(w, graph, row->query.cost, route);
	if (cp_outlook_columns(graph, cols))
		for (i = 0; i < CP_N_OUTLOOK; i++)
			put_num(w, outlook_names[i],
				route ? cp_outlook_value(
						graph, cols, i,
						route->roles[route->n_steps])
				      : NAN,
				cp_outlook_style(i));
	put_end(w);
	cp_buf_free(&ids);
	cp_buf_free(&titles);
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
		put_line(&w, graph, layout, row, 0, NULL, row->error.message,
			 "bad row");
	else if (status == CP_ENOROUTE || (!status && !routes->count))
		put_line(&w, graph, layout, row, 0, NULL, "no route",
			 cp_no_route_reason(graph, &row->query, status));
	else if (status)
		put_line(&w, graph, layout, row, 0, NULL,
			 err && err->message[0] ? err->message
						: cp_strerror(status),
			 cp_no_route_reason(graph, &row->query, status));
	else
		for (i = 0; i < routes->count; i++)
			put_line(&w, graph, layout, row, i + 1,
				 &routes->items[i], NULL, NULL);
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
