/*
 * Fuzz harness for the graph loader, then everything a loaded graph feeds:
 * role lookup, searches, every output format and DOT.
 *
 * Input: roles.csv, one NUL byte, transitions.csv. Without a NUL byte the
 * whole input is roles.csv and transitions.csv is left out (a missing file).
 *
 * Each input is loaded twice, as `check` does (on_diag set) and as a query
 * does (stopping at the first error), and the two must agree. The queries
 * run with a small label limit and k, so no input is slow by design.
 */
#include "fuzz.h"
#include "internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define LIMIT 20000
#define ROLES_CHECKED 64
#define LABEL_METRICS_MAX 4

typedef struct diags {
	size_t errors, warnings;
	cp_error first_error;
} diags;

static void on_diag(cp_diag_kind kind, const cp_error *diag, void *payload)
{
	diags *d = payload;
	FUZZ_CHECK(kind == CP_DIAG_ERROR || kind == CP_DIAG_WARNING);
	FUZZ_CHECK(diag->message[0] && diag->text[0]);
	FUZZ_CHECK(!diag->line || diag->column);
	FUZZ_CHECK(fuzz_one_line(diag->text));
	if (kind == CP_DIAG_WARNING) {
		d->warnings++;
		return;
	}
	if (!d->errors++)
		d->first_error = *diag;
}

static int count_fields(void *payload, const cp_csv_field *fields,
			size_t n_fields)
{
	size_t *header = payload;
	(void)fields;
	if (!*header)
		*header = n_fields;
	FUZZ_CHECK(n_fields == *header);
	return 0;
}

/*
 * What the writers produce must read back: JSON parses, and CSV is a table
 * (when table is set) with as many fields in each record as in the header.
 */
static void check_output(const cp_buf *out, cp_format format, int table)
{
	size_t header = 0;
	char path[4200];
	cp_error err;
	FUZZ_CHECK(strlen(out->ptr) == out->size);
	FUZZ_CHECK(fuzz_utf8_valid(out->ptr, out->size));
	if (format == CP_FORMAT_JSON)
		FUZZ_CHECK(fuzz_json_valid(out->ptr, out->size));
	if (format != CP_FORMAT_CSV || !out->size || !table)
		return;
	fuzz_write("output.csv", out->ptr, out->size);
	snprintf(path, sizeof(path), "%s/output.csv", fuzz_dir());
	FUZZ_CHECK(cp_csv_read(path, count_fields, &header, &err) == 0);
}

/* A route starts at from, ends at to, and each transition joins its roles. */
static void check_route(const cp_graph *g, const cp_route *route, size_t from,
			size_t to)
{
	size_t s;
	FUZZ_CHECK(!(route->cost < 0));
	FUZZ_CHECK(from == CP_NO_ROLE || route->roles[0] == from);
	FUZZ_CHECK(to == CP_NO_ROLE || route->roles[route->n_steps] == to);
	for (s = 0; s < route->n_steps; s++) {
		size_t t = route->transitions[s];
		FUZZ_CHECK(t < cp_graph_transition_count(g));
		FUZZ_CHECK(cp_transition_from(g, t) == route->roles[s]);
		FUZZ_CHECK(cp_transition_to(g, t) == route->roles[s + 1]);
	}
}

static void format_routes(const cp_graph *g, const cp_query *q,
			  const cp_routes *routes)
{
	static const cp_format formats[] = {CP_FORMAT_TEXT, CP_FORMAT_JSON,
					    CP_FORMAT_CSV};
	cp_buf out = CP_BUF_INIT;
	size_t i;
	for (i = 0; i < routes->count; i++)
		check_route(g, &routes->items[i], q->from, q->to);
	for (i = 0; i < 3; i++) {
		cp_buf_init(&out);
		FUZZ_CHECK(cp_routes_format(&out, g, routes, formats[i]) == 0);
		check_output(&out, formats[i], 1);
		cp_buf_free(&out);
	}
	if (routes->why) {
		cp_buf_init(&out);
		FUZZ_CHECK(cp_why_describe(&out, g, routes->why) == 0);
		FUZZ_CHECK(fuzz_utf8_valid(out.ptr, out.size));
		cp_buf_free(&out);
	}
}

/* A writer's flush (cp_format_options) that moves what it has to *arg. */
static int flush_into(cp_buf *out, void *arg)
{
	if (cp_buf_put(arg, out->ptr, out->size))
		return -1;
	cp_buf_clear(out);
	return 0;
}

/*
 * The reach q asks, kept as a tree and written streamed: the same bytes
 * as whole (its routes rebuilt one at a time); named by parents (JSON and
 * CSV); and with a deadline already past, which stops it or not but never
 * half answers.
 */
static void reach_forms(const cp_graph *g, const cp_query *asked,
			cp_format format, const cp_buf *whole)
{
	cp_query q = *asked;
	cp_routes *routes = NULL;
	cp_format_options opts = CP_FORMAT_OPTIONS_INIT;
	cp_buf out = CP_BUF_INIT, streamed = CP_BUF_INIT;
	cp_error err;
	int status;
	opts.format = format;
	opts.flush = flush_into;
	opts.flush_arg = &streamed;
	q.reach_form = CP_REACH_TREE;
	FUZZ_CHECK(cp_search(&routes, g, &q, &err) == 0);
	cp_buf_init(&out);
	cp_buf_init(&streamed);
	FUZZ_CHECK(cp_routes_write(&out, g, routes, &opts) == 0);
	FUZZ_CHECK(out.size == 0 && streamed.size == whole->size &&
		   !memcmp(streamed.ptr, whole->ptr, whole->size));
	cp_routes_free(routes);
	q.reach_form = CP_REACH_PARENTS;
	q.timeout = format == CP_FORMAT_TEXT ? 1e-9 : 0;
	status = cp_search(&routes, g, &q, &err);
	FUZZ_CHECK(status == 0 || status == CP_ELIMIT || status == CP_ETIMEOUT);
	FUZZ_CHECK(status ? routes == NULL && fuzz_one_line(err.text)
			  : routes != NULL);
	if (!status && format != CP_FORMAT_TEXT) {
		opts.flush = NULL;
		cp_buf_clear(&out);
		FUZZ_CHECK(cp_routes_write(&out, g, routes, &opts) == 0);
		check_output(&out, format, 1);
	}
	cp_routes_free(routes);
	cp_buf_free(&out);
	cp_buf_free(&streamed);
}

static void reach_and_format(const cp_graph *g, cp_query *q, int to_target)
{
	static const cp_format formats[] = {CP_FORMAT_TEXT, CP_FORMAT_JSON,
					    CP_FORMAT_CSV};
	cp_routes *routes = NULL;
	cp_buf out = CP_BUF_INIT;
	cp_error err;
	size_t i, r;
	int status;
	q->kind = to_target ? CP_QUERY_FEEDERS : CP_QUERY_REACH;
	status = cp_search(&routes, g, q, &err);
	FUZZ_CHECK(status == 0 || status == CP_ELIMIT);
	if (status)
		return;
	for (r = 0; r < routes->count; r++) {
		check_route(g, &routes->items[r],
			    to_target ? CP_NO_ROLE : q->from,
			    to_target ? q->to : CP_NO_ROLE);
		if (r)
			FUZZ_CHECK(!(routes->items[r].cost <
				     routes->items[r - 1].cost));
	}
	for (i = 0; i < 3; i++) {
		cp_buf_init(&out);
		FUZZ_CHECK(cp_routes_format(&out, g, routes, formats[i]) == 0);
		check_output(&out, formats[i], 1);
		reach_forms(g, q, formats[i], &out);
		cp_buf_free(&out);
	}
	cp_routes_free(routes);
}

/* An id names its own role; any other name finds a role or says why not. */
static void lookups(const cp_graph *g)
{
	size_t n = cp_graph_role_count(g), r, found;
	cp_error err;
	int status;
	for (r = 0; r < n && r < ROLES_CHECKED; r++) {
		const char *id = cp_role_id(g, r);
		const char *title = cp_role_title(g, r);
		FUZZ_CHECK(id && title);
		FUZZ_CHECK(cp_role_find(&found, g, id, &err) == 0);
		FUZZ_CHECK(!strcmp(cp_role_id(g, found), id));
		status = cp_role_find(&found, g, title, &err);
		FUZZ_CHECK(status == 0 || status == CP_EAMBIGUOUS ||
			   status == CP_EINVALID);
		FUZZ_CHECK(status ? fuzz_one_line(err.text) : found < n);
		/* a near miss: the title without its first character */
		if (*title) {
			status = cp_role_find(&found, g, title + 1, &err);
			FUZZ_CHECK(status <= 0 && status >= CP_EINVALID);
			FUZZ_CHECK(!status || fuzz_one_line(err.text));
		}
	}
	FUZZ_CHECK(cp_role_find(&found, g, "", &err) == CP_EINVALID);
	status = cp_role_find(&found, g, "Medical Asistant", &err);
	FUZZ_CHECK(status <= 0 && status >= CP_EINVALID);
	FUZZ_CHECK(!status || fuzz_one_line(err.text));
}

static void columns(const cp_graph *g)
{
	static const cp_table tables[] = {CP_ROLES, CP_TRANSITIONS};
	size_t t, c, row, found, m;
	for (t = 0; t < 2; t++) {
		size_t rows = tables[t] == CP_ROLES
				      ? cp_graph_role_count(g)
				      : cp_graph_transition_count(g);
		for (c = 0; c < cp_column_count(g, tables[t]); c++) {
			const char *name = cp_column_name(g, tables[t], c);
			FUZZ_CHECK(cp_column_find(&found, g, tables[t], name) ==
				   0);
			FUZZ_CHECK(!strcmp(cp_column_name(g, tables[t], found),
					   name));
			for (row = 0; row < rows && row < ROLES_CHECKED; row++)
				if (cp_column_kind_of(g, tables[t], c) ==
				    CP_COLUMN_TEXT)
					FUZZ_CHECK(isnan(cp_cell_number(
						g, tables[t], c, row)));
				else
					FUZZ_CHECK(!*cp_cell_text(g, tables[t],
								  c, row));
		}
	}
	for (m = 0; m < cp_graph_metric_count(g); m++) {
		FUZZ_CHECK(cp_metric_find(&found, g, cp_metric_name(g, m)) ==
			   0);
		FUZZ_CHECK(found == m);
	}
}

static void dot(const cp_graph *g, const cp_routes *routes)
{
	cp_dot_options opts = CP_DOT_OPTIONS_INIT;
	size_t metrics[LABEL_METRICS_MAX], m;
	cp_buf out = CP_BUF_INIT;
	cp_error err;
	int status;

	cp_buf_init(&out);
	FUZZ_CHECK(cp_dot_write(&out, g, &opts, &err) == 0);
	FUZZ_CHECK(fuzz_utf8_valid(out.ptr, out.size));
	cp_buf_free(&out);

	for (m = 0; m < cp_graph_metric_count(g) && m < LABEL_METRICS_MAX; m++)
		metrics[m] = m;
	opts.label_metrics = metrics;
	opts.n_label_metrics = m;
	opts.routes = routes;
	opts.cluster_by = "category";
	opts.title = cp_role_title(g, 0);
	opts.around_from = 0;
	opts.around_to = cp_graph_role_count(g) - 1;
	opts.depth = 2;
	opts.routes_only = routes && routes->count;
	cp_buf_init(&out);
	status = cp_dot_write(&out, g, &opts, &err);
	FUZZ_CHECK(status == 0 || status == CP_ENOTFOUND);
	FUZZ_CHECK(fuzz_utf8_valid(out.ptr, out.size));
	cp_buf_free(&out);
}

static void queries(const cp_graph *g)
{
	size_t n = cp_graph_role_count(g), n_metrics, i;
	cp_query q = CP_QUERY_INIT;
	cp_routes *routes = NULL, *front = NULL;
	cp_cost *cost = NULL, *steps = NULL, *objectives[2] = {NULL, NULL};
	cp_cap cap;
	cp_error err;
	int status;

	q.from = 0;
	q.to = n - 1;
	q.limit = LIMIT;
	q.explain = 1;
	status = cp_search(&routes, g, &q, &err);
	FUZZ_CHECK(status == 0 || status == CP_ENOROUTE || status == CP_ELIMIT);
	if (routes)
		format_routes(g, &q, routes);
	dot(g, routes);
	cp_routes_free(routes);
	routes = NULL;

	/* k routes under the first metric, within a cap on steps */
	n_metrics = cp_graph_metric_count(g) < 2 ? cp_graph_metric_count(g) : 2;
	if (n_metrics) {
		FUZZ_CHECK(cp_cost_metric(&cost, g, 0, &err) == 0);
		q.cost = cost;
	}
	q.k = 3;
	FUZZ_CHECK(cp_cost_metric(&steps, g, CP_METRIC_STEPS, &err) == 0);
	cap.cost = steps;
	cap.max = 6;
	q.caps = &cap;
	q.n_caps = 1;
	status = cp_search(&routes, g, &q, &err);
	FUZZ_CHECK(status == 0 || status == CP_ENOROUTE || status == CP_ELIMIT);
	if (routes) {
		size_t r;
		for (r = 1; r < routes->count; r++)
			FUZZ_CHECK(!(routes->items[r].cost <
				     routes->items[r - 1].cost));
		format_routes(g, &q, routes);
	}

	if (n_metrics) {
		FUZZ_CHECK(cp_cost_metric(&objectives[0], g, 0, &err) == 0);
		FUZZ_CHECK(cp_cost_metric(&objectives[1], g, n_metrics - 1,
					  &err) == 0);
		q.k = 1;
		q.n_caps = 0;
		q.kind = CP_QUERY_PARETO;
		q.objectives = (const cp_cost *const *)objectives;
		q.n_objectives = n_metrics;
		status = cp_search(&front, g, &q, &err);
		q.kind = CP_QUERY_ROUTES;
		FUZZ_CHECK(status == 0 || status == CP_ENOROUTE ||
			   status == CP_ELIMIT);
		if (front)
			format_routes(g, &q, front);
	}

	q.k = 1;
	q.n_caps = 0;
	q.explain = 0;
	reach_and_format(g, &q, 0);
	reach_and_format(g, &q, 1);

	cp_routes_free(routes);
	cp_routes_free(front);
	cp_cost_free(cost);
	cp_cost_free(steps);
	for (i = 0; i < 2; i++)
		cp_cost_free(objectives[i]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, 0, size);
	size_t roles_len = nul ? (size_t)(nul - data) : size;
	cp_load_options opts = CP_LOAD_OPTIONS_INIT;
	cp_graph *checked = NULL, *graph = NULL;
	diags d;
	cp_error err;
	int check_status, status;

	fuzz_write("roles.csv", data, roles_len);
	fuzz_write("transitions.csv", nul ? nul + 1 : NULL,
		   nul ? size - roles_len - 1 : 0);

	memset(&d, 0, sizeof(d));
	opts.on_diag = on_diag;
	opts.payload = &d;
	check_status = cp_graph_load(&checked, fuzz_dir(), &opts, &err);
	status = cp_graph_load(&graph, fuzz_dir(), NULL, &err);

	/* check fails exactly when it reported an error; so does a load */
	FUZZ_CHECK(!check_status == !d.errors);
	FUZZ_CHECK(!check_status == (checked != NULL));
	FUZZ_CHECK(!status == !check_status);
	FUZZ_CHECK(!status == (graph != NULL));
	if (status) {
		FUZZ_CHECK(status == CP_EDATA || status == CP_EIO);
		FUZZ_CHECK(err.code == status);
		FUZZ_CHECK(!strcmp(err.text, d.first_error.text));
		return 0;
	}
	FUZZ_CHECK(cp_graph_role_count(graph) == cp_graph_role_count(checked));
	FUZZ_CHECK(cp_graph_transition_count(graph) ==
		   cp_graph_transition_count(checked));
	cp_graph_free(checked);

	lookups(graph);
	columns(graph);
	if (cp_graph_role_count(graph))
		queries(graph);
	cp_graph_free(graph);
	return 0;
}
