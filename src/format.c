/*
 * Answers for programs: routes and reached roles as JSON and CSV, with
 * every column of each step and the wages and gains; and cp_routes_write(),
 * which hands the text for people to format_text.c.
 */
#include "format_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int write_routes(cp_buf *out, const cp_graph *graph,
			const cp_routes *routes, const cp_format_options *opts);

int cp_format_parse(cp_format *out, const char *name, cp_error *err)
{
	if (!strcmp(name, "text"))
		*out = CP_FORMAT_TEXT;
	else if (!strcmp(name, "json"))
		*out = CP_FORMAT_JSON;
	else if (!strcmp(name, "csv"))
		*out = CP_FORMAT_CSV;
	else
		return cp_fail(
			err, CP_EINVALID, NULL, 0, 0,
			"unknown format '%s' (expected text, json or csv)",
			name);
	return 0;
}

int cp_order_parse(cp_order *out, const char *name, cp_error *err)
{
	if (!strcmp(name, "cost"))
		*out = CP_ORDER_COST;
	else if (!strcmp(name, "gain"))
		*out = CP_ORDER_GAIN;
	else if (!strcmp(name, "payback"))
		*out = CP_ORDER_PAYBACK;
	else if (!strcmp(name, "openings"))
		*out = CP_ORDER_OPENINGS;
	else
		return cp_fail(err, CP_EINVALID, NULL, 0, 0,
			       "unknown order '%s' (expected cost, gain, "
			       "payback or openings)",
			       name);
	return 0;
}

int cp_buf_put_json_string(cp_buf *out, const char *s)
{
	const char *run = s;
	if (cp_buf_put(out, "\"", 1))
		return CP_ENOMEM;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		char esc[8];
		if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7F)
			continue;
		if (cp_buf_put(out, run, (size_t)(s - run)))
			return CP_ENOMEM;
		run = s + 1;
		switch (c) {
		case '"': strcpy(esc, "\\\""); break;
		case '\\': strcpy(esc, "\\\\"); break;
		case '\n': strcpy(esc, "\\n"); break;
		case '\r': strcpy(esc, "\\r"); break;
		case '\t': strcpy(esc, "\\t"); break;
		default: snprintf(esc, sizeof(esc), "\\u%04x", c); break;
		}
		if (cp_buf_puts(out, esc))
			return CP_ENOMEM;
	}
	if (cp_buf_put(out, run, (size_t)(s - run)) || cp_buf_put(out, "\"", 1))
		return CP_ENOMEM;
	return 0;
}

int cp_buf_put_csv_field(cp_buf *out, const char *s)
{
	const char *p;
	if (!strpbrk(s, ",\"\r\n") && *s != ' ' && *s != '\t' &&
	    !(*s && (s[strlen(s) - 1] == ' ' || s[strlen(s) - 1] == '\t')))
		return cp_buf_puts(out, s);
	if (cp_buf_put(out, "\"", 1))
		return CP_ENOMEM;
	for (p = s; *p; p++)
		if (cp_buf_put(out, p, 1) ||
		    (*p == '"' && cp_buf_put(out, "\"", 1)))
			return CP_ENOMEM;
	return cp_buf_put(out, "\"", 1);
}

/* cp_put_unknown_steps() from the counts: [0] the cost, [1 + m] metric m. */
static int put_unknown_counts(cp_buf *out, const cp_graph *g,
			      const size_t *counts, cp_format format)
{
	cp_buf list = CP_BUF_INIT;
	size_t m, shown = 0;
	int json = format == CP_FORMAT_JSON,
	    failed = cp_buf_init(&list) || (json && cp_buf_puts(&list, "{"));
	for (m = 0; m <= cp_graph_metric_count(g) && !failed; m++) {
		const char *name = m ? cp_metric_name(g, m - 1) : "cost";
		if (!counts[m])
			continue;
		if (shown++)
			failed |= cp_buf_puts(&list, json ? "," : ";");
		if (json)
			failed |= cp_buf_put_json_string(&list, name) ||
				  cp_buf_printf(&list, ":%zu", counts[m]);
		else
			failed |=
				cp_buf_printf(&list, "%s=%zu", name, counts[m]);
	}
	if (json)
		failed |= cp_buf_puts(&list, "}") ||
			  cp_buf_put(out, list.ptr, list.size);
	else
		failed |= cp_buf_put_csv_field(out, list.ptr);
	cp_buf_free(&list);
	return failed ? CP_ENOMEM : 0;
}

int cp_put_unknown_steps(cp_buf *out, const cp_graph *g, const cp_cost *cost,
			 const cp_route *r, cp_format format)
{
	size_t m, n_metrics = cp_graph_metric_count(g);
	size_t *counts = cp_alloc_array(n_metrics + 1, sizeof(size_t));
	int status;
	if (!counts)
		return CP_ENOMEM;
	counts[0] = cp_route_blank_cost_steps(g, cost, r);
	for (m = 0; m < n_metrics; m++)
		counts[1 + m] = cp_route_blank_steps(g, r, m);
	status = put_unknown_counts(out, g, counts, format);
	free(counts);
	return status;
}

typedef struct writer {
	cp_buf *out;
	const cp_graph *g;
	const cp_routes *routes;
	size_t n_metrics;
	size_t from_col, to_col; /* of transitions */
	int failed;
	const cp_format_options *opts;
	cp_route scratch; /* a route of a tree answer, rebuilt in turn */
	int flush_failed;
} writer;

static void put(writer *w, const char *s)
{
	if (!w->failed && cp_buf_puts(w->out, s))
		w->failed = 1;
}

static void putf(writer *w, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void putf(writer *w, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (!w->failed && cp_buf_vprintf(w->out, fmt, ap))
		w->failed = 1;
	va_end(ap);
}

static void put_num(writer *w, double value, cp_num_style style,
		    cp_format format)
{
	if (!w->failed && cp_buf_put_num(w->out, value, style, format))
		w->failed = 1;
}

static void put_number(writer *w, double value, cp_format format)
{
	put_num(w, value, CP_NUM_VALUE, format);
}

static void put_json(writer *w, const char *s)
{
	if (!w->failed && cp_buf_put_json_string(w->out, s))
		w->failed = 1;
}

static void put_csv(writer *w, const char *s)
{
	if (!w->failed && cp_buf_put_csv_field(w->out, s))
		w->failed = 1;
}

/*
 * The name text calls a role by (cp_put_role_name(): graphs/onet's
 * singular), beside its title, as a JSON string or a CSV field.
 */
static void put_role_name(writer *w, size_t role, cp_format format)
{
	cp_buf name = CP_BUF_INIT;
	if (w->failed)
		return;
	if (cp_put_role_name(&name, w->g, role))
		w->failed = 1;
	else if (format == CP_FORMAT_JSON)
		put_json(w, name.ptr);
	else
		put_csv(w, name.ptr);
	cp_buf_free(&name);
}

/* ,"outlook":{...} of role, when the graph has an outlook column */
static void json_outlook(writer *w, size_t role)
{
	size_t cols[CP_N_OUTLOOK], i;
	if (!cp_outlook_columns(w->g, cols))
		return;
	put(w, ",\"outlook\":{");
	for (i = 0; i < CP_N_OUTLOOK; i++) {
		putf(w, "%s\"%s\":", i ? "," : "", CP_OUTLOOK_NAMES[i]);
		put_num(w, cp_outlook_value(w->g, cols, i, role),
			cp_outlook_style(i), CP_FORMAT_JSON);
	}
	put(w, "}");
}

/* ,outlook_employment_2024,... in a CSV header, when the graph has them */
static void csv_outlook_header(writer *w)
{
	size_t cols[CP_N_OUTLOOK], i;
	if (!cp_outlook_columns(w->g, cols))
		return;
	for (i = 0; i < CP_N_OUTLOOK; i++)
		putf(w, ",outlook_%s", CP_OUTLOOK_NAMES[i]);
}

static void csv_outlook(writer *w, size_t role)
{
	size_t cols[CP_N_OUTLOOK], i;
	if (!cp_outlook_columns(w->g, cols))
		return;
	for (i = 0; i < CP_N_OUTLOOK; i++) {
		put(w, ",");
		put_num(w, cp_outlook_value(w->g, cols, i, role),
			cp_outlook_style(i), CP_FORMAT_CSV);
	}
}

/* ,"payback":"months","payback_months":N (null unless months) */
static void json_payback(writer *w, const cp_route *r)
{
	double months = NAN;
	cp_payback_kind kind = cp_route_payback_at(&months, w->g, r,
						   cp_route_today(w->routes, r),
						   w->routes->discount);
	put(w, ",\"payback\":");
	put_json(w, cp_payback_name(kind));
	put(w, ",\"payback_months\":");
	put_number(w, months, CP_FORMAT_JSON);
}

/* ,months,N (blank unless months) */
static void csv_payback(writer *w, const cp_route *r)
{
	double months = NAN;
	cp_payback_kind kind = cp_route_payback_at(&months, w->g, r,
						   cp_route_today(w->routes, r),
						   w->routes->discount);
	put(w, ",");
	put(w, cp_payback_name(kind));
	put(w, ",");
	put_number(w, months, CP_FORMAT_CSV);
}

static int is_endpoint_column(const writer *w, size_t col)
{
	return col == w->from_col || col == w->to_col;
}

/* Names a step object has of its own, which a column cannot take. */
static int is_step_field(const char *name)
{
	static const char *const fields[] = {"from",
					     "to",
					     "from_title",
					     "to_title",
					     "from_name",
					     "to_name",
					     "as",
					     "line",
					     "cost",
					     "wage_before",
					     "wage_after",
					     "gain_usd",
					     "gain_pct",
					     "job_zone_before",
					     "job_zone_after"};
	size_t i;
	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (!strcmp(name, fields[i]))
			return 1;
	return 0;
}

/* The metric a number column holds. */
static size_t metric_of_column(const writer *w, size_t col)
{
	size_t m;
	for (m = 0; m < w->n_metrics; m++)
		if (cp_metric_column(w->g, m) == col)
			return m;
	return CP_NO_ROLE;
}

/*
 * A cell of a route's step: what the query counted for a metric (the
 * experience already worked taken off), the row's text otherwise.
 */
static void put_step_cell(writer *w, const cp_route *r, size_t step, size_t col,
			  cp_format format)
{
	const cp_graph *g = w->g;
	if (cp_column_kind_of(g, CP_TRANSITIONS, col) == CP_COLUMN_NUMBER) {
		size_t m = metric_of_column(w, col);
		put_number(w, r->values[step * w->n_metrics + m], format);
	} else if (format == CP_FORMAT_JSON) {
		put_json(w, cp_cell_text(g, CP_TRANSITIONS, col,
					 r->transitions[step]));
	} else {
		put_csv(w, cp_cell_text(g, CP_TRANSITIONS, col,
					r->transitions[step]));
	}
}

/* "wage_start":A,"wage_end":B,"gain_usd":G,"gain_pct":P (or before/after) */
static void json_wages(writer *w, const char *before_name,
		       const char *after_name, size_t from, size_t to)
{
	double before = cp_role_wage(w->g, from),
	       after = cp_role_wage(w->g, to);
	putf(w, ",\"%s\":", before_name);
	put_num(w, before, CP_NUM_MONEY, CP_FORMAT_JSON);
	putf(w, ",\"%s\":", after_name);
	put_num(w, after, CP_NUM_MONEY, CP_FORMAT_JSON);
	put(w, ",\"gain_usd\":");
	put_num(w, cp_gain_usd(before, after), CP_NUM_MONEY, CP_FORMAT_JSON);
	put(w, ",\"gain_pct\":");
	put_num(w, cp_gain_pct(before, after), CP_NUM_PERCENT, CP_FORMAT_JSON);
}

static void csv_wages(writer *w, size_t from, size_t to)
{
	double before = cp_role_wage(w->g, from),
	       after = cp_role_wage(w->g, to);
	put(w, ",");
	put_num(w, before, CP_NUM_MONEY, CP_FORMAT_CSV);
	put(w, ",");
	put_num(w, after, CP_NUM_MONEY, CP_FORMAT_CSV);
	put(w, ",");
	put_num(w, cp_gain_usd(before, after), CP_NUM_MONEY, CP_FORMAT_CSV);
	put(w, ",");
	put_num(w, cp_gain_pct(before, after), CP_NUM_PERCENT, CP_FORMAT_CSV);
}

/*
 * ,"from_title":..,"to_title":..,"from_name":..,"to_name":..: the titles
 * and names of two roles, as CSV's columns of the same names.
 */
static void json_end_names(writer *w, size_t from, size_t to)
{
	put(w, ",\"from_title\":");
	put_json(w, cp_role_title(w->g, from));
	put(w, ",\"to_title\":");
	put_json(w, cp_role_title(w->g, to));
	put(w, ",\"from_name\":");
	put_role_name(w, from, CP_FORMAT_JSON);
	put(w, ",\"to_name\":");
	put_role_name(w, to, CP_FORMAT_JSON);
}

static void json_step(writer *w, const cp_route *r, size_t step)
{
	const cp_graph *g = w->g;
	size_t col, e = r->transitions[step], as = cp_route_step_as(g, r, step);
	put(w, "{\"from\":");
	put_json(w, cp_role_id(g, r->roles[step]));
	put(w, ",\"to\":");
	put_json(w, cp_role_id(g, r->roles[step + 1]));
	json_end_names(w, r->roles[step], r->roles[step + 1]);
	put(w, ",\"as\":");
	if (as == CP_NO_ROLE)
		put(w, "null");
	else
		put_json(w, cp_role_id(g, as));
	putf(w, ",\"line\":%zu,\"cost\":", cp_transition_line(g, e));
	put_number(w, cp_route_step_cost(g, w->routes->cost, r, step),
		   CP_FORMAT_JSON);
	for (col = 0; col < cp_column_count(g, CP_TRANSITIONS); col++) {
		const char *name = cp_column_name(g, CP_TRANSITIONS, col);
		if (is_endpoint_column(w, col) || is_step_field(name))
			continue;
		put(w, ",");
		put_json(w, name);
		put(w, ":");
		put_step_cell(w, r, step, col, CP_FORMAT_JSON);
	}
	json_wages(w, "wage_before", "wage_after", r->roles[step],
		   r->roles[step + 1]);
	if ((col = cp_zone_column(g)) != CP_NO_COLUMN) {
		put(w, ",\"job_zone_before\":");
		put_number(w, cp_cell_number(g, CP_ROLES, col, r->roles[step]),
			   CP_FORMAT_JSON);
		put(w, ",\"job_zone_after\":");
		put_number(w,
			   cp_cell_number(g, CP_ROLES, col, r->roles[step + 1]),
			   CP_FORMAT_JSON);
	}
	put(w, "}");
}

/* ,"unknown_steps":{...} in JSON; the field's text in CSV */
static void put_unknown(writer *w, const cp_route *r, cp_format format)
{
	if (format == CP_FORMAT_JSON)
		put(w, ",\"unknown_steps\":");
	if (!w->failed &&
	    cp_put_unknown_steps(w->out, w->g, w->routes->cost, r, format))
		w->failed = 1;
}

static void put_totals_json(writer *w, const cp_route *r)
{
	size_t m;
	putf(w, "{\"steps\":%zu", r->n_steps);
	for (m = 0; m < w->n_metrics; m++) {
		put(w, ",");
		put_json(w, cp_metric_name(w->g, m));
		put(w, ":");
		put_number(w, r->totals[m], CP_FORMAT_JSON);
	}
	put(w, "}");
}

/*
 * ,"start":"id": with roles held besides the start, the role a route
 * starts at (the start itself or one held); nothing otherwise.
 */
static void json_start(writer *w, const cp_route *r)
{
	if (!w->routes->n_also)
		return;
	put(w, ",\"start\":");
	put_json(w, cp_role_id(w->g, r->roles[0]));
}

/* ,start: the same as a CSV column at the end of a line */
static void csv_start_header(writer *w)
{
	if (w->routes->n_also)
		put(w, ",start");
}

static void csv_start(writer *w, const cp_route *r)
{
	if (!w->routes->n_also)
		return;
	put(w, ",");
	put_csv(w, cp_role_id(w->g, r->roles[0]));
}

static void json_route(writer *w, size_t rank)
{
	const cp_graph *g = w->g;
	const cp_route *r = &w->routes->items[rank];
	size_t i, same = cp_routes_same_roles_as(w->routes, rank);
	put(w, "{\"cost\":");
	put_number(w, r->cost, CP_FORMAT_JSON);
	if (same != CP_NO_ROLE)
		putf(w, ",\"same_roles_as\":%zu", same + 1);
	put(w, ",\"totals\":");
	put_totals_json(w, r);
	put_unknown(w, r, CP_FORMAT_JSON);
	json_wages(w, "wage_start", "wage_end", cp_route_today(w->routes, r),
		   r->roles[r->n_steps]);
	json_outlook(w, r->roles[r->n_steps]);
	json_start(w, r);
	json_payback(w, r);
	put(w, ",\"roles\":[");
	for (i = 0; i <= r->n_steps; i++) {
		if (i)
			put(w, ",");
		put_json(w, cp_role_id(g, r->roles[i]));
	}
	put(w, "],\"steps\":[");
	for (i = 0; i < r->n_steps; i++) {
		if (i)
			put(w, ",");
		json_step(w, r, i);
	}
	put(w, "]}");
}

static void json_why(writer *w, const cp_why *why)
{
	size_t i, shown = 0;
	static const char *const kinds[] = {"unreachable", "conditions",
					    "caps"};
	put(w, "{\"kind\":");
	put_json(w, kinds[why->kind]);
	if (why->kind == CP_WHY_UNREACHABLE) {
		put(w, ",\"nearest\":[");
		for (i = 0; i < why->n_nearest; i++) {
			if (i)
				put(w, ",");
			put_json(w, cp_role_id(w->g, why->nearest[i]));
		}
		putf(w, "],\"distance\":%zu,\"past\":%s", why->distance,
		     why->past ? "true" : "false");
	} else if (why->kind == CP_WHY_CAPS) {
		put(w, ",\"needed\":[");
		for (i = 0; i < why->n_needed; i++) {
			if (isinf(why->cap_max[i]))
				continue;
			if (shown++)
				put(w, ",");
			put(w, "{\"metric\":");
			put_json(w, why->cap_costs[i]);
			put(w, ",\"max\":");
			put_number(w, why->cap_max[i], CP_FORMAT_JSON);
			put(w, ",\"needed\":");
			put_number(w, why->needed[i], CP_FORMAT_JSON);
			put(w, "}");
		}
		put(w, "]");
	}
	put(w, "}");
}

/*
 * ,"notes":[...]: what the text says once about the answer as a whole
 * (what an O*NET related-occupation move is, and its sources).
 */
static void json_notes(writer *w)
{
	put(w, ",\"notes\":[");
	if (cp_answer_uses_related_occupations(w->g, w->routes)) {
		put_json(w, CP_RELATED_NOTE);
		put(w, ",");
		put_json(w, CP_RELATED_SOURCES);
	}
	put(w, "]");
}

static void format_json(writer *w)
{
	size_t i;
	put(w, "{\"from\":");
	put_json(w, cp_role_id(w->g, w->routes->from));
	put(w, ",\"to\":");
	put_json(w, cp_role_id(w->g, w->routes->to));
	json_end_names(w, w->routes->from, w->routes->to);
	put(w, ",\"by\":");
	put_json(w, w->routes->by);
	/* routes that differ: the overlap they keep to */
	if (w->routes->differ > 0) {
		put(w, ",\"differ\":");
		put_number(w, w->routes->differ, CP_FORMAT_JSON);
	}
	putf(w,
	     ",\"skipped\":%zu,\"left_out\":%zu,\"left_out_unknown\":%zu,"
	     "\"routes\":[",
	     w->routes->skipped, w->routes->left_out,
	     w->routes->left_out_unknown);
	for (i = 0; i < w->routes->count; i++) {
		if (i)
			put(w, ",");
		json_route(w, i);
	}
	put(w, "]");
	json_notes(w);
	if (w->routes->why) {
		put(w, ",\"why\":");
		json_why(w, w->routes->why);
	}
	put(w, "}\n");
}

static void format_csv(writer *w)
{
	const cp_graph *g = w->g;
	size_t i, s, col, zone = cp_zone_column(g);
	put(w, "route,step,from,to,from_title,to_title,from_name,to_name,line,"
	       "cost");
	for (col = 0; col < cp_column_count(g, CP_TRANSITIONS); col++) {
		if (is_endpoint_column(w, col))
			continue;
		put(w, ",");
		put_csv(w, cp_column_name(g, CP_TRANSITIONS, col));
	}
	put(w, ",as,wage_before,wage_after,gain_usd,gain_pct,route_gain_usd,"
	       "route_gain_pct,payback,payback_months");
	if (zone != CP_NO_COLUMN)
		put(w, ",job_zone_before,job_zone_after");
	csv_outlook_header(w);
	if (w->routes->differ > 0)
		put(w, ",differ");
	csv_start_header(w);
	put(w, "\n");
	for (i = 0; i < w->routes->count; i++) {
		const cp_route *r = &w->routes->items[i];
		double start = cp_role_wage(g, cp_route_today(w->routes, r)),
		       end = cp_role_wage(g, r->roles[r->n_steps]);
		for (s = 0; s < r->n_steps; s++) {
			size_t as = cp_route_step_as(g, r, s);
			putf(w, "%zu,%zu,", i + 1, s + 1);
			put_csv(w, cp_role_id(g, r->roles[s]));
			put(w, ",");
			put_csv(w, cp_role_id(g, r->roles[s + 1]));
			put(w, ",");
			put_csv(w, cp_role_title(g, r->roles[s]));
			put(w, ",");
			put_csv(w, cp_role_title(g, r->roles[s + 1]));
			put(w, ",");
			put_role_name(w, r->roles[s], CP_FORMAT_CSV);
			put(w, ",");
			put_role_name(w, r->roles[s + 1], CP_FORMAT_CSV);
			putf(w, ",%zu,",
			     cp_transition_line(g, r->transitions[s]));
			put_number(w,
				   cp_route_step_cost(g, w->routes->cost, r, s),
				   CP_FORMAT_CSV);
			for (col = 0; col < cp_column_count(g, CP_TRANSITIONS);
			     col++) {
				if (is_endpoint_column(w, col))
					continue;
				put(w, ",");
				put_step_cell(w, r, s, col, CP_FORMAT_CSV);
			}
			put(w, ",");
			put_csv(w, as == CP_NO_ROLE ? "" : cp_role_id(g, as));
			csv_wages(w, r->roles[s], r->roles[s + 1]);
			put(w, ",");
			put_num(w, cp_gain_usd(start, end), CP_NUM_MONEY,
				CP_FORMAT_CSV);
			put(w, ",");
			put_num(w, cp_gain_pct(start, end), CP_NUM_PERCENT,
				CP_FORMAT_CSV);
			csv_payback(w, r);
			if (zone != CP_NO_COLUMN) {
				put(w, ",");
				put_number(w,
					   cp_cell_number(g, CP_ROLES, zone,
							  r->roles[s]),
					   CP_FORMAT_CSV);
				put(w, ",");
				put_number(w,
					   cp_cell_number(g, CP_ROLES, zone,
							  r->roles[s + 1]),
					   CP_FORMAT_CSV);
			}
			csv_outlook(w, r->roles[r->n_steps]);
			if (w->routes->differ > 0) {
				put(w, ",");
				put_number(w, w->routes->differ, CP_FORMAT_CSV);
			}
			csv_start(w, r);
			put(w, "\n");
		}
	}
}

/* "a > b > d" */
static void put_route_ids(writer *w, const cp_route *r, const char *arrow)
{
	size_t i;
	for (i = 0; i <= r->n_steps; i++) {
		if (i)
			put(w, arrow);
		put(w, cp_role_id(w->g, r->roles[i]));
	}
}

/* The route's ids as one CSV field: an id may hold a comma or a quote. */
static void put_route_field(writer *w, const cp_route *r)
{
	cp_buf ids = CP_BUF_INIT;
	writer joined = *w;
	joined.out = &ids;
	joined.failed = 0;
	if (cp_buf_init(&ids)) {
		w->failed = 1;
		return;
	}
	put_route_ids(&joined, r, " > ");
	w->failed |= joined.failed;
	put_csv(w, ids.ptr);
	cp_buf_free(&ids);
}

static size_t reached_role(const cp_route *r, int to_target)
{
	return to_target ? r->roles[0] : r->roles[r->n_steps];
}

/* Hands out to the caller's flush between roles (cp_format_options). */
static void reach_flush(writer *w, int at_end)
{
	const cp_format_options *o = w->opts;
	if (w->failed || !o->flush || (!at_end && w->out->size < CP_FLUSH_SIZE))
		return;
	if (o->flush(w->out, o->flush_arg))
		w->failed = w->flush_failed = 1;
}

/* Route i of the answer, whole; NULL after a failure. */
static const cp_route *reach_route(writer *w, size_t i)
{
	const cp_route *r = NULL;
	if (!w->failed && cp_routes_route(&r, &w->scratch, w->g, w->routes, i))
		w->failed = 1;
	return r;
}

/* The roles of a route as ids: "roles":[...] or one CSV field. */
static void put_route_roles(writer *w, const cp_route *r)
{
	size_t j;
	if (w->opts->format == CP_FORMAT_CSV) {
		put_route_field(w, r);
		return;
	}
	put(w, ",\"roles\":[");
	for (j = 0; j <= r->n_steps; j++) {
		if (j)
			put(w, ",");
		put_json(w, cp_role_id(w->g, r->roles[j]));
	}
	put(w, "]");
}

static void reach_json_route(writer *w, const cp_route *r, int to_target)
{
	const cp_graph *g = w->g;
	size_t role = reached_role(r, to_target);
	put(w, "{\"id\":");
	put_json(w, cp_role_id(g, role));
	put(w, ",\"title\":");
	put_json(w, cp_role_title(g, role));
	put(w, ",\"name\":");
	put_role_name(w, role, CP_FORMAT_JSON);
	put(w, ",\"cost\":");
	put_number(w, r->cost, CP_FORMAT_JSON);
	put(w, ",\"totals\":");
	put_totals_json(w, r);
	put_unknown(w, r, CP_FORMAT_JSON);
	json_wages(w, "wage_start", "wage_end", cp_route_today(w->routes, r),
		   r->roles[r->n_steps]);
	json_outlook(w, r->roles[r->n_steps]);
	json_start(w, r);
	json_payback(w, r);
	put_route_roles(w, r);
	put(w, "}");
}

/* The roles at the ends of a row's route: its first, then its last. */
static void row_ends(const cp_routes *routes, const cp_reach_row *row,
		     size_t *first, size_t *last)
{
	int to_target = routes->kind == CP_QUERY_FEEDERS;
	*first = to_target ? row->role : routes->from;
	*last = to_target ? routes->to : row->role;
}

/* A row named by its parent; the whole route only where it is not the
 * parent's route and one step more. */
static void reach_json_row(writer *w, size_t i)
{
	const cp_graph *g = w->g;
	cp_reach_row row;
	size_t m, first, last;
	cp_routes_row(&row, g, w->routes, i);
	row_ends(w->routes, &row, &first, &last);
	put(w, "{\"id\":");
	put_json(w, cp_role_id(g, row.role));
	put(w, ",\"title\":");
	put_json(w, cp_role_title(g, row.role));
	put(w, ",\"name\":");
	put_role_name(w, row.role, CP_FORMAT_JSON);
	put(w, ",\"parent\":");
	put_json(w, cp_role_id(g, row.parent));
	put(w, ",\"cost\":");
	put_number(w, row.cost, CP_FORMAT_JSON);
	putf(w, ",\"totals\":{\"steps\":%zu", row.n_steps);
	for (m = 0; m < w->n_metrics; m++) {
		put(w, ",");
		put_json(w, cp_metric_name(g, m));
		put(w, ":");
		put_number(w, row.totals[m], CP_FORMAT_JSON);
	}
	put(w, "},\"unknown_steps\":");
	if (!w->failed &&
	    put_unknown_counts(w->out, g, row.blanks, CP_FORMAT_JSON))
		w->failed = 1;
	json_wages(w, "wage_start", "wage_end", first, last);
	json_outlook(w, last);
	if (w->routes->n_also) {
		put(w, ",\"start\":");
		put_json(w, cp_role_id(g, row.start));
	}
	if (!row.chained) {
		const cp_route *r = reach_route(w, i);
		if (r)
			put_route_roles(w, r);
	}
	put(w, "}");
}

static void reach_json(writer *w, int to_target)
{
	const cp_graph *g = w->g;
	size_t i;
	putf(w, "{\"%s\":", to_target ? "to" : "from");
	put_json(w, cp_role_id(g, to_target ? w->routes->to : w->routes->from));
	put(w, ",\"by\":");
	put_json(w, w->routes->by);
	putf(w,
	     ",\"skipped\":%zu,\"left_out\":%zu,\"left_out_unknown\":%zu,"
	     "\"roles\":[",
	     w->routes->skipped, w->routes->left_out,
	     w->routes->left_out_unknown);
	for (i = 0; i < w->routes->count && !w->failed; i++) {
		const cp_route *r;
		if (i)
			put(w, ",");
		if (w->routes->parents)
			reach_json_row(w, i);
		else if ((r = reach_route(w, i)))
			reach_json_route(w, r, to_target);
		reach_flush(w, 0);
	}
	put(w, "]}\n");
}

static void reach_csv_route(writer *w, const cp_route *r, int to_target)
{
	const cp_graph *g = w->g;
	size_t role = reached_role(r, to_target), m;
	put_csv(w, cp_role_id(g, role));
	put(w, ",");
	put_csv(w, cp_role_title(g, role));
	put(w, ",");
	put_role_name(w, role, CP_FORMAT_CSV);
	put(w, ",");
	put_number(w, r->cost, CP_FORMAT_CSV);
	putf(w, ",%zu", r->n_steps);
	for (m = 0; m < w->n_metrics; m++) {
		put(w, ",");
		put_number(w, r->totals[m], CP_FORMAT_CSV);
	}
	put(w, ",");
	put_route_field(w, r);
	csv_wages(w, cp_route_today(w->routes, r), r->roles[r->n_steps]);
	put(w, ",");
	put_unknown(w, r, CP_FORMAT_CSV);
	csv_payback(w, r);
	csv_outlook(w, r->roles[r->n_steps]);
	csv_start(w, r);
	put(w, "\n");
}

static void reach_csv_row(writer *w, size_t i)
{
	const cp_graph *g = w->g;
	cp_reach_row row;
	size_t m, first, last;
	cp_routes_row(&row, g, w->routes, i);
	row_ends(w->routes, &row, &first, &last);
	put_csv(w, cp_role_id(g, row.role));
	put(w, ",");
	put_csv(w, cp_role_title(g, row.role));
	put(w, ",");
	put_role_name(w, row.role, CP_FORMAT_CSV);
	put(w, ",");
	put_csv(w, cp_role_id(g, row.parent));
	put(w, ",");
	put_number(w, row.cost, CP_FORMAT_CSV);
	putf(w, ",%zu", row.n_steps);
	for (m = 0; m < w->n_metrics; m++) {
		put(w, ",");
		put_number(w, row.totals[m], CP_FORMAT_CSV);
	}
	put(w, ",");
	if (!row.chained) {
		const cp_route *r = reach_route(w, i);
		if (r)
			put_route_field(w, r);
	}
	csv_wages(w, first, last);
	put(w, ",");
	if (!w->failed &&
	    put_unknown_counts(w->out, g, row.blanks, CP_FORMAT_CSV))
		w->failed = 1;
	csv_outlook(w, last);
	if (w->routes->n_also) {
		put(w, ",");
		put_csv(w, cp_role_id(g, row.start));
	}
	put(w, "\n");
}

static void reach_csv(writer *w, int to_target)
{
	const cp_graph *g = w->g;
	size_t i, m;
	put(w, w->routes->parents ? "id,title,name,parent,cost,steps"
				  : "id,title,name,cost,steps");
	for (m = 0; m < w->n_metrics; m++) {
		put(w, ",");
		put_csv(w, cp_metric_name(g, m));
	}
	/* a payback needs each step's figures: rows named by their parents
	 * give none, so as not to rebuild every route */
	put(w, ",route,wage_start,wage_end,gain_usd,gain_pct,unknown_steps");
	if (!w->routes->parents)
		put(w, ",payback,payback_months");
	csv_outlook_header(w);
	csv_start_header(w);
	put(w, "\n");
	for (i = 0; i < w->routes->count && !w->failed; i++) {
		const cp_route *r;
		if (w->routes->parents)
			reach_csv_row(w, i);
		else if ((r = reach_route(w, i)))
			reach_csv_route(w, r, to_target);
		reach_flush(w, 0);
	}
}

/* A role's place in an order (cp_order): its key (-infinity where it is
 * not known), its cost, its rank by cost. */
typedef struct order_key {
	double key;
	double cost;
	size_t rank;
} order_key;

/* The rise in pay from first to last, -infinity where it is not known. */
static double route_gain(const cp_graph *g, size_t first, size_t last)
{
	double gain =
		cp_gain_usd(cp_role_wage(g, first), cp_role_wage(g, last));
	return isnan(gain) ? -INFINITY : gain;
}

/* The months a route pays back in, from today's pay (the start's), negated
 * so that the soonest comes first; -infinity where it never pays back or
 * is not known. */
static double route_payback(const cp_graph *g, const cp_routes *routes,
			    const cp_route *r)
{
	double months = 0;
	return cp_route_payback_at(&months, g, r, cp_route_today(routes, r),
				   routes->discount) == CP_PAYBACK_MONTHS
		       ? -months
		       : -INFINITY;
}

/* The openings a year of a role, -infinity where not known. */
static double role_openings(const cp_graph *g, size_t role)
{
	size_t cols[CP_N_OUTLOOK];
	double openings;
	cp_outlook_columns(g, cols);
	openings = cp_outlook_value(g, cols, 2, role);
	return isnan(openings) ? -INFINITY : openings;
}

/* By key, highest first, ties (and unknowns) by cost and then as the
 * search ranked them. */
static int by_key(const void *a, const void *b)
{
	const order_key *x = a, *y = b;
	if (x->key != y->key)
		return x->key > y->key ? -1 : 1;
	if (x->cost != y->cost)
		return x->cost < y->cost ? -1 : 1;
	return x->rank < y->rank ? -1 : x->rank > y->rank;
}

/* Each role's key in the order, in the answer's order. A payback needs
 * the whole route; a gain or openings read the ends alone, which a row
 * named by its parent gives. */
static int order_keys(order_key *keys, const cp_graph *graph,
		      const cp_routes *routes, cp_order order)
{
	cp_route scratch = {0, 0, NULL, NULL, NULL, NULL};
	size_t i;
	int status = 0;
	for (i = 0; i < routes->count && !status; i++) {
		const cp_route *r;
		keys[i].rank = i;
		if (routes->parents && order != CP_ORDER_PAYBACK) {
			cp_reach_row row;
			size_t first, last;
			cp_routes_row(&row, graph, routes, i);
			row_ends(routes, &row, &first, &last);
			keys[i].key = order == CP_ORDER_OPENINGS
					      ? role_openings(graph, last)
					      : route_gain(graph, first, last);
			keys[i].cost = row.cost;
		} else if (!(status = cp_routes_route(&r, &scratch, graph,
						      routes, i))) {
			keys[i].key =
				order == CP_ORDER_PAYBACK
					? route_payback(graph, routes, r)
				: order == CP_ORDER_OPENINGS
					? role_openings(graph,
							r->roles[r->n_steps])
					: route_gain(graph,
						     cp_route_today(routes, r),
						     r->roles[r->n_steps]);
			keys[i].cost = r->cost;
		}
	}
	cp_route_clear(&scratch);
	return status;
}

int cp_routes_write(cp_buf *out, const cp_graph *graph, const cp_routes *routes,
		    const cp_format_options *opts)
{
	cp_format_options defaults = CP_FORMAT_OPTIONS_INIT;
	cp_routes sorted;
	order_key *keys = NULL;
	size_t i;
	int status = CP_ENOMEM;
	if (!opts)
		opts = &defaults;
	if (opts->order == CP_ORDER_COST ||
	    !(routes->kind == CP_QUERY_REACH ||
	      routes->kind == CP_QUERY_FEEDERS) ||
	    routes->count < 2)
		return write_routes(out, graph, routes, opts);
	/* the same answer with its roles in another order: the copy shares
	 * every route and owns only the array of routes (or rows) */
	sorted = *routes;
	sorted.items = NULL;
	sorted.rows = NULL;
	if (!(keys = cp_alloc_array(routes->count, sizeof(*keys))) ||
	    (routes->tree ? !(sorted.rows = cp_alloc_array(routes->count,
							   sizeof(size_t)))
			  : !(sorted.items = cp_alloc_array(
				      routes->count, sizeof(cp_route)))) ||
	    order_keys(keys, graph, routes, opts->order))
		goto cleanup;
	qsort(keys, routes->count, sizeof(*keys), by_key);
	for (i = 0; i < routes->count; i++)
		if (routes->tree)
			sorted.rows[i] = routes->rows[keys[i].rank];
		else
			sorted.items[i] = routes->items[keys[i].rank];
	status = write_routes(out, graph, &sorted, opts);
cleanup:
	free(keys);
	free(sorted.items);
	free(sorted.rows);
	return status;
}

static int write_routes(cp_buf *out, const cp_graph *graph,
			const cp_routes *routes, const cp_format_options *opts)
{
	writer w = {out, graph, routes,
		    0,	 0,	0,
		    0,	 opts,	{0, 0, NULL, NULL, NULL, NULL},
		    0};
	int reach = routes->kind == CP_QUERY_REACH ||
		    routes->kind == CP_QUERY_FEEDERS,
	    to_target = routes->kind == CP_QUERY_FEEDERS;
	w.n_metrics = cp_graph_metric_count(graph);
	/* found in every graph: loading requires both */
	cp_column_find(&w.from_col, graph, CP_TRANSITIONS, "from");
	cp_column_find(&w.to_col, graph, CP_TRANSITIONS, "to");
	if (routes->kind == CP_QUERY_ROW ||
	    (routes->parents && opts->format == CP_FORMAT_TEXT))
		return CP_EINVALID;
	if (opts->format == CP_FORMAT_TEXT)
		return reach ? cp_text_reach(out, graph, routes, opts)
			     : cp_text_routes(out, graph, routes,
					      opts->sources);
	if (opts->format == CP_FORMAT_JSON && reach)
		reach_json(&w, to_target);
	else if (reach)
		reach_csv(&w, to_target);
	else if (opts->format == CP_FORMAT_JSON)
		format_json(&w);
	else
		format_csv(&w);
	if (reach)
		reach_flush(&w, 1);
	cp_route_clear(&w.scratch);
	return w.flush_failed ? CP_EIO : w.failed ? CP_ENOMEM : 0;
}

int cp_routes_format(cp_buf *out, const cp_graph *graph,
		     const cp_routes *routes, cp_format format)
{
	cp_format_options opts = CP_FORMAT_OPTIONS_INIT;
	opts.format = format;
	return cp_routes_write(out, graph, routes, &opts);
}
