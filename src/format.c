/* Routes as text for people, JSON and CSV for programs. */
#include "internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

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

/* printf's %g follows the locale's decimal point; ours is always '.' */
static void to_c_locale(char *text)
{
	for (; *text; text++)
		if (!((*text >= '0' && *text <= '9') || *text == '-' ||
		      *text == '+' || *text == 'e'))
			*text = '.';
}

int cp_buf_put_number(cp_buf *out, double value, cp_format format)
{
	char text[40];
	int precision;
	if (!isfinite(value) && format != CP_FORMAT_TEXT)
		return cp_buf_puts(out, format == CP_FORMAT_JSON ? "null" : "");
	if (!isfinite(value))
		return cp_buf_puts(out, isnan(value) ? "unknown"
					: value > 0  ? "infinite"
						     : "-infinite");
	if (value == 0)
		return cp_buf_puts(out, "0");
	for (precision = 15; precision <= 17; precision++) {
		double back;
		snprintf(text, sizeof(text), "%.*g", precision, value);
		to_c_locale(text);
		if (cp_number_parse(&back, text, strlen(text)) == CP_NUM_OK &&
		    back == value)
			break;
	}
	return cp_buf_puts(out, text);
}

typedef struct writer {
	cp_buf *out;
	const cp_graph *g;
	const cp_query *q;
	const cp_routes *routes;
	int failed;
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

static void put_number(writer *w, double value, cp_format format)
{
	if (!w->failed && cp_buf_put_number(w->out, value, format))
		w->failed = 1;
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

static const char *cap_name(const cp_graph *g, const cp_cap *cap)
{
	(void)g;
	return cp_cost_text(cap->cost);
}

static int is_endpoint_column(const cp_graph *g, size_t col)
{
	return col == g->tr_from_col || col == g->tr_to_col;
}

/* "cheapest by months", "fewest steps" */
static void put_objective(writer *w)
{
	if (w->routes->by)
		putf(w, "on the front of %s", w->routes->by);
	else if (cp_cost_is_steps(w->q->cost))
		put(w, "fewest steps");
	else
		putf(w, "cheapest by %s", cp_cost_text(w->q->cost));
}

/* "2 steps, months 18, ..." for a total; a step's line leaves out steps. */
static void put_text_metrics(writer *w, size_t steps, const double *values,
			     int with_steps)
{
	size_t m;
	if (with_steps)
		putf(w, "%zu step%s", steps, steps == 1 ? "" : "s");
	for (m = 0; m < w->g->n_metrics; m++) {
		putf(w, "%s%s ", with_steps || m ? ", " : "",
		     cp_metric_name(w->g, m));
		if (isnan(values[m]))
			put(w, "unknown");
		else
			put_number(w, values[m], CP_FORMAT_TEXT);
	}
}

/*
 * The first earlier route through the same roles, or CP_NO_ROLE: routes
 * that differ only in a parallel transition (another programme for the
 * same move) say so.
 */
static size_t same_roles_as(const writer *w, size_t rank)
{
	const cp_route *r = &w->routes->items[rank];
	size_t i;
	for (i = 0; i < rank; i++) {
		const cp_route *o = &w->routes->items[i];
		if (o->n_steps == r->n_steps &&
		    !memcmp(o->roles, r->roles,
			    (r->n_steps + 1) * sizeof(size_t)))
			return i;
	}
	return CP_NO_ROLE;
}

static void text_route(writer *w, const cp_route *r, size_t rank)
{
	const cp_graph *g = w->g;
	size_t i, col, m;
	double step_values[CP_COLUMNS_MAX];
	if (w->routes->count > 1)
		putf(w, "route %zu: ", rank + 1);
	putf(w, "%s -> %s, ", cp_role_title(g, r->roles[0]),
	     cp_role_title(g, r->roles[r->n_steps]));
	put_objective(w);
	put(w, ": ");
	put_number(w, r->cost, CP_FORMAT_TEXT);
	if (same_roles_as(w, rank) != CP_NO_ROLE)
		putf(w, " (same roles as route %zu, by another transition)",
		     same_roles_as(w, rank) + 1);
	put(w, "\n");
	for (i = 0; i < r->n_steps; i++) {
		size_t e = r->transitions[i];
		putf(w, "  %zu. %s -> %s (transitions.csv line %zu)\n", i + 1,
		     cp_role_title(g, r->roles[i]),
		     cp_role_title(g, r->roles[i + 1]), g->tr_line[e]);
		for (m = 0; m < g->n_metrics; m++)
			step_values[m] = cp_metric_value(g, m, e);
		if (g->n_metrics) {
			put(w, "     ");
			put_text_metrics(w, 1, step_values, 0);
			put(w, "\n");
		}
		for (col = 0; col < g->transitions.count; col++) {
			const char *text =
				cp_cell_text(g, CP_TRANSITIONS, col, e);
			if (is_endpoint_column(g, col) || !*text ||
			    cp_column_kind_of(g, CP_TRANSITIONS, col) !=
				    CP_COLUMN_TEXT)
				continue;
			putf(w, "     %s: %s\n",
			     cp_column_name(g, CP_TRANSITIONS, col), text);
		}
	}
	put(w, "  total: ");
	put_text_metrics(w, r->n_steps, r->totals, 1);
	put(w, "\n");
}

static void format_text(writer *w)
{
	size_t i;
	for (i = 0; i < w->routes->count; i++) {
		if (i)
			put(w, "\n");
		text_route(w, &w->routes->items[i], i);
	}
	if (w->routes->skipped)
		putf(w,
		     "note: %zu transition%s left out: %s no value for a "
		     "metric of the cost\n",
		     w->routes->skipped,
		     w->routes->skipped == 1 ? " was" : "s were",
		     w->routes->skipped == 1 ? "it has" : "they have");
}

static void json_step(writer *w, size_t e)
{
	const cp_graph *g = w->g;
	size_t col;
	put(w, "{\"from\":");
	put_json(w, cp_role_id(g, g->tr_from[e]));
	put(w, ",\"to\":");
	put_json(w, cp_role_id(g, g->tr_to[e]));
	putf(w, ",\"line\":%zu,\"cost\":", g->tr_line[e]);
	put_number(w, cp_cost_of(w->q->cost, e), CP_FORMAT_JSON);
	for (col = 0; col < g->transitions.count; col++) {
		const char *name = cp_column_name(g, CP_TRANSITIONS, col);
		if (is_endpoint_column(g, col) || !strcmp(name, "line") ||
		    !strcmp(name, "cost"))
			continue;
		put(w, ",");
		put_json(w, name);
		put(w, ":");
		if (cp_column_kind_of(g, CP_TRANSITIONS, col) ==
		    CP_COLUMN_NUMBER)
			put_number(w, cp_cell_number(g, CP_TRANSITIONS, col, e),
				   CP_FORMAT_JSON);
		else
			put_json(w, cp_cell_text(g, CP_TRANSITIONS, col, e));
	}
	put(w, "}");
}

static void json_route(writer *w, size_t rank)
{
	const cp_graph *g = w->g;
	const cp_route *r = &w->routes->items[rank];
	size_t i, m, same = same_roles_as(w, rank);
	put(w, "{\"cost\":");
	put_number(w, r->cost, CP_FORMAT_JSON);
	if (same != CP_NO_ROLE)
		putf(w, ",\"same_roles_as\":%zu", same + 1);
	putf(w, ",\"totals\":{\"steps\":%zu", r->n_steps);
	for (m = 0; m < g->n_metrics; m++) {
		put(w, ",");
		put_json(w, cp_metric_name(g, m));
		put(w, ":");
		put_number(w, r->totals[m], CP_FORMAT_JSON);
	}
	put(w, "},\"roles\":[");
	for (i = 0; i <= r->n_steps; i++) {
		if (i)
			put(w, ",");
		put_json(w, cp_role_id(g, r->roles[i]));
	}
	put(w, "],\"steps\":[");
	for (i = 0; i < r->n_steps; i++) {
		if (i)
			put(w, ",");
		json_step(w, r->transitions[i]);
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
		putf(w, "],\"distance\":%zu", why->distance);
	} else if (why->kind == CP_WHY_CAPS) {
		put(w, ",\"needed\":[");
		for (i = 0; i < why->n_needed; i++) {
			if (isinf(w->q->caps[i].max))
				continue;
			if (shown++)
				put(w, ",");
			put(w, "{\"metric\":");
			put_json(w, cap_name(w->g, &w->q->caps[i]));
			put(w, ",\"max\":");
			put_number(w, w->q->caps[i].max, CP_FORMAT_JSON);
			put(w, ",\"needed\":");
			put_number(w, why->needed[i], CP_FORMAT_JSON);
			put(w, "}");
		}
		put(w, "]");
	}
	put(w, "}");
}

static void format_json(writer *w)
{
	size_t i;
	put(w, "{\"from\":");
	put_json(w, cp_role_id(w->g, w->q->from));
	put(w, ",\"to\":");
	put_json(w, cp_role_id(w->g, w->q->to));
	put(w, ",\"by\":");
	put_json(w, w->routes->by ? w->routes->by : cp_cost_text(w->q->cost));
	putf(w, ",\"skipped\":%zu,\"routes\":[", w->routes->skipped);
	for (i = 0; i < w->routes->count; i++) {
		if (i)
			put(w, ",");
		json_route(w, i);
	}
	put(w, "]");
	if (w->routes->why) {
		put(w, ",\"why\":");
		json_why(w, w->routes->why);
	}
	put(w, "}\n");
}

static void format_csv(writer *w)
{
	const cp_graph *g = w->g;
	size_t i, s, col;
	put(w, "route,step,from,to,from_title,to_title,line,cost");
	for (col = 0; col < g->transitions.count; col++) {
		if (is_endpoint_column(g, col))
			continue;
		put(w, ",");
		put_csv(w, cp_column_name(g, CP_TRANSITIONS, col));
	}
	put(w, "\n");
	for (i = 0; i < w->routes->count; i++) {
		const cp_route *r = &w->routes->items[i];
		for (s = 0; s < r->n_steps; s++) {
			size_t e = r->transitions[s];
			putf(w, "%zu,%zu,", i + 1, s + 1);
			put_csv(w, cp_role_id(g, r->roles[s]));
			put(w, ",");
			put_csv(w, cp_role_id(g, r->roles[s + 1]));
			put(w, ",");
			put_csv(w, cp_role_title(g, r->roles[s]));
			put(w, ",");
			put_csv(w, cp_role_title(g, r->roles[s + 1]));
			putf(w, ",%zu,", g->tr_line[e]);
			put_number(w, cp_cost_of(w->q->cost, e), CP_FORMAT_CSV);
			for (col = 0; col < g->transitions.count; col++) {
				if (is_endpoint_column(g, col))
					continue;
				put(w, ",");
				if (cp_column_kind_of(g, CP_TRANSITIONS, col) ==
				    CP_COLUMN_NUMBER)
					put_number(w,
						   cp_cell_number(
							   g, CP_TRANSITIONS,
							   col, e),
						   CP_FORMAT_CSV);
				else
					put_csv(w,
						cp_cell_text(g, CP_TRANSITIONS,
							     col, e));
			}
			put(w, "\n");
		}
	}
}

int cp_routes_format(cp_buf *out, const cp_graph *graph, const cp_query *q,
		     const cp_routes *routes, cp_format format)
{
	writer w = {out, graph, q, routes, 0};
	if (format == CP_FORMAT_JSON)
		format_json(&w);
	else if (format == CP_FORMAT_CSV)
		format_csv(&w);
	else
		format_text(&w);
	return w.failed ? CP_ENOMEM : 0;
}

int cp_why_describe(cp_buf *out, const cp_graph *graph, const cp_query *q,
		    const cp_why *why)
{
	writer w = {out, graph, q, NULL, 0};
	size_t i, shown = 0;
	const char *to = cp_role_title(graph, q->to);
	if (why->kind == CP_WHY_CONDITIONS) {
		putf(&w, "routes to '%s' exist, but none %s", to,
		     q->n_avoid && q->n_via
			     ? "keeps out of the avoided roles "
			       "and passes the via roles in order"
		     : q->n_avoid ? "keeps out of the avoided roles"
		     : q->n_via	  ? "passes the via roles in that order"
				  : "has a value for every metric it needs");
	} else if (why->kind == CP_WHY_CAPS) {
		putf(&w, "routes to '%s' exist, but none within the caps:", to);
		for (i = 0; i < why->n_needed; i++) {
			const char *name = cap_name(graph, &q->caps[i]);
			if (isinf(q->caps[i].max))
				continue;
			put(&w, shown++ ? "; " : " ");
			if (isnan(why->needed[i])) {
				putf(&w,
				     "no value of --max %s admits one while "
				     "the other caps hold",
				     name);
			} else {
				putf(&w, "--max %s=", name);
				put_number(&w, why->needed[i], CP_FORMAT_TEXT);
				put(&w, " would admit one");
			}
		}
	} else if (!why->n_nearest) {
		putf(&w, "'%s' is not connected to any role that '%s' leads to",
		     to, cp_role_title(graph, q->from));
	} else {
		putf(&w,
		     "of the roles reachable from '%s', the nearest to '%s' "
		     "%s ",
		     cp_role_title(graph, q->from), to,
		     why->n_nearest == 1 ? "is" : "are");
		for (i = 0; i < why->n_nearest; i++)
			putf(&w, "%s'%s'%s", i ? ", " : "",
			     cp_role_title(graph, why->nearest[i]),
			     why->nearest[i] == q->from ? " itself" : "");
		putf(&w, " (%zu transition%s away, counting either direction)",
		     why->distance, why->distance == 1 ? "" : "s");
	}
	return w.failed ? CP_ENOMEM : 0;
}

/* "a -> b -> d" */
static void put_route_ids(writer *w, const cp_route *r, const char *arrow)
{
	size_t i;
	for (i = 0; i <= r->n_steps; i++) {
		if (i)
			put(w, arrow);
		put(w, cp_role_id(w->g, r->roles[i]));
	}
}

static size_t reached_role(const cp_route *r, int to_target)
{
	return to_target ? r->roles[0] : r->roles[r->n_steps];
}

static void put_totals_json(writer *w, const cp_route *r)
{
	size_t m;
	putf(w, "{\"steps\":%zu", r->n_steps);
	for (m = 0; m < w->g->n_metrics; m++) {
		put(w, ",");
		put_json(w, cp_metric_name(w->g, m));
		put(w, ":");
		put_number(w, r->totals[m], CP_FORMAT_JSON);
	}
	put(w, "}");
}

static void reach_json(writer *w, int to_target)
{
	const cp_graph *g = w->g;
	size_t i, j;
	putf(w, "{\"%s\":", to_target ? "to" : "from");
	put_json(w, cp_role_id(g, to_target ? w->q->to : w->q->from));
	put(w, ",\"by\":");
	put_json(w, cp_cost_text(w->q->cost));
	putf(w, ",\"skipped\":%zu,\"roles\":[", w->routes->skipped);
	for (i = 0; i < w->routes->count; i++) {
		const cp_route *r = &w->routes->items[i];
		put(w, i ? ",{\"id\":" : "{\"id\":");
		put_json(w, cp_role_id(g, reached_role(r, to_target)));
		put(w, ",\"cost\":");
		put_number(w, r->cost, CP_FORMAT_JSON);
		put(w, ",\"totals\":");
		put_totals_json(w, r);
		put(w, ",\"roles\":[");
		for (j = 0; j <= r->n_steps; j++) {
			if (j)
				put(w, ",");
			put_json(w, cp_role_id(g, r->roles[j]));
		}
		put(w, "]}");
	}
	put(w, "]}\n");
}

static void reach_csv(writer *w, int to_target)
{
	const cp_graph *g = w->g;
	size_t i, m;
	put(w, "id,title,cost,steps");
	for (m = 0; m < g->n_metrics; m++) {
		put(w, ",");
		put_csv(w, cp_metric_name(g, m));
	}
	put(w, ",route\n");
	for (i = 0; i < w->routes->count; i++) {
		const cp_route *r = &w->routes->items[i];
		size_t role = reached_role(r, to_target);
		put_csv(w, cp_role_id(g, role));
		put(w, ",");
		put_csv(w, cp_role_title(g, role));
		put(w, ",");
		put_number(w, r->cost, CP_FORMAT_CSV);
		putf(w, ",%zu", r->n_steps);
		for (m = 0; m < g->n_metrics; m++) {
			put(w, ",");
			put_number(w, r->totals[m], CP_FORMAT_CSV);
		}
		put(w, ",");
		put_route_ids(w, r, " > ");
		put(w, "\n");
	}
}

static void reach_text(writer *w, int to_target)
{
	const cp_graph *g = w->g;
	cp_buf number = CP_BUF_INIT;
	size_t i, width = 0;
	putf(w, "%s '%s', ",
	     to_target ? "Roles that lead to" : "Roles reachable from",
	     cp_role_title(g, to_target ? w->q->to : w->q->from));
	if (!w->routes->count)
		put(w, "none\n");
	else if (cp_cost_is_steps(w->q->cost))
		putf(w, "fewest steps: %zu\n", w->routes->count);
	else
		putf(w, "cheapest by %s: %zu\n", cp_cost_text(w->q->cost),
		     w->routes->count);
	/* costs right-aligned in a column as wide as the widest */
	for (i = 0; i < w->routes->count; i++) {
		cp_buf_clear(&number);
		if (cp_buf_put_number(&number, w->routes->items[i].cost,
				      CP_FORMAT_TEXT))
			w->failed = 1;
		if (number.size > width)
			width = number.size;
	}
	for (i = 0; i < w->routes->count && !w->failed; i++) {
		const cp_route *r = &w->routes->items[i];
		size_t role = reached_role(r, to_target);
		cp_buf_clear(&number);
		if (cp_buf_put_number(&number, r->cost, CP_FORMAT_TEXT))
			w->failed = 1;
		putf(w, "  %*s  %s: ", (int)width, number.ptr,
		     cp_role_title(g, role));
		put_route_ids(w, r, " -> ");
		put(w, "\n");
	}
	cp_buf_free(&number);
	if (w->routes->skipped)
		putf(w,
		     "note: %zu transition%s left out: no value for a "
		     "metric of the cost or caps\n",
		     w->routes->skipped,
		     w->routes->skipped == 1 ? " was" : "s were");
}

int cp_reach_format(cp_buf *out, const cp_graph *graph, const cp_query *q,
		    const cp_routes *routes, int to_target, cp_format format)
{
	writer w = {out, graph, q, routes, 0};
	if (format == CP_FORMAT_JSON)
		reach_json(&w, to_target);
	else if (format == CP_FORMAT_CSV)
		reach_csv(&w, to_target);
	else
		reach_text(&w, to_target);
	return w.failed ? CP_ENOMEM : 0;
}
