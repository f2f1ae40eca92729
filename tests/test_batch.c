/*
 * Batch rows against single searches: every column of a row must make the
 * same query as one built by hand, on random graphs; bad rows anywhere
 * among good ones keep their error to themselves; matrices against
 * single-pair searches.
 */
#include "internal.h"
#include "oracle.h"

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Everything a test stream produced: the results in order. */
typedef struct collected {
	const cp_graph *g;
	cp_batch_layout *layout;
	cp_buf out;
	size_t rows;
} collected;

static int collect(void *payload, const cp_csv_field *fields, size_t n)
{
	collected *c = payload;
	cp_batch_row *row;
	cp_routes *routes = NULL;
	cp_error err;
	int status;
	if (!c->layout) {
		assert_int_equal(
			cp_batch_layout_new(&c->layout, c->g, fields, n, &err),
			0);
		return cp_batch_header(&c->out, c->g, c->layout, CP_FORMAT_CSV);
	}
	assert_int_equal(
		cp_batch_row_parse(&row, c->g, c->layout, fields, n, &err), 0);
	status = row->status ? row->status
			     : cp_search(&routes, c->g, &row->query, &err);
	assert_int_equal(cp_batch_write(&c->out, c->g, c->layout, row, routes,
					status, &err, CP_FORMAT_CSV),
			 0);
	cp_routes_free(routes);
	cp_batch_row_free(row);
	c->rows++;
	return 0;
}

/* Streams text through the batch reader and answers every row. */
static void run_batch(collected *c, const cp_graph *g, const char *text)
{
	FILE *in = fmemopen((void *)text, strlen(text), "r");
	cp_error err;
	memset(c, 0, sizeof(*c));
	c->g = g;
	cp_buf_init(&c->out);
	assert_non_null(in);
	assert_int_equal(cp_csv_stream(in, "batch.csv", collect, c, &err), 0);
	fclose(in);
}

static void collected_free(collected *c)
{
	cp_batch_layout_free(c->layout);
	cp_buf_free(&c->out);
}

/* Whether the graph has a wage column: the rows then carry pay. */
static int has_wages(const cp_graph *g)
{
	size_t col;
	return !cp_column_find(&col, g, CP_ROLES, "median_wage_usd") &&
	       cp_column_kind_of(g, CP_ROLES, col) == CP_COLUMN_NUMBER;
}

/* wage_start,wage_end,gain_usd,gain_pct, of a route */
static void put_gain(cp_buf *out, double start, double end)
{
	cp_buf_put_num(out, start, CP_NUM_MONEY, CP_FORMAT_CSV);
	cp_buf_puts(out, ",");
	cp_buf_put_num(out, end, CP_NUM_MONEY, CP_FORMAT_CSV);
	cp_buf_puts(out, ",");
	cp_buf_put_num(out, end - start, CP_NUM_MONEY, CP_FORMAT_CSV);
	cp_buf_puts(out, ",");
	cp_buf_put_num(out, start > 0 ? 100 * (end - start) / start : NAN,
		       CP_NUM_PERCENT, CP_FORMAT_CSV);
	cp_buf_puts(out, ",");
}

static void want_header(cp_buf *out, const cp_graph *g)
{
	size_t m;
	cp_buf_puts(out, "line,id,from,to,from_title,to_title,from_name,"
			 "to_name,by,rank,cost");
	for (m = 0; m < cp_graph_metric_count(g); m++)
		cp_buf_printf(out, ",%s", cp_metric_name(g, m));
	cp_buf_puts(out, has_wages(g)
				 ? ",steps,wage_start,wage_end,gain_usd,"
				   "gain_pct,payback,payback_months,route,"
				   "route_titles,error,reason,unknown_steps\n"
				 : ",steps,route,route_titles,error,reason,"
				   "unknown_steps\n");
}

/* Whether a step of r has no value for a metric cost weighs. */
static int rests_on_blank(const cp_graph *g, const cp_cost *cost,
			  const cp_route *r)
{
	size_t s, n_metrics = cp_graph_metric_count(g);
	for (s = 0; s < r->n_steps; s++)
		if (isnan(cp_cost_of_values(cost, r->values + s * n_metrics)))
			return 1;
	return 0;
}

/*
 * unknown_steps of a route, worked out from its steps: cost=N for the steps
 * whose cost is not known, then each metric with blank steps.
 */
static void want_unknown(cp_buf *out, const cp_graph *g, const cp_cost *cost,
			 const cp_route *r)
{
	size_t m, s, n, shown = 0, n_metrics = cp_graph_metric_count(g);
	for (m = 0; m <= n_metrics; m++) {
		for (s = n = 0; s < r->n_steps; s++)
			n += isnan(
				m ? r->values[s * n_metrics + m - 1]
				  : cp_cost_of_values(
					    cost, r->values + s * n_metrics));
		if (n)
			cp_buf_printf(out, "%s%s=%zu", shown++ ? ";" : "",
				      m ? cp_metric_name(g, m - 1) : "cost", n);
	}
}

/*
 * The reason of a row without a route: the origin, with the roles it is a
 * kind of, leaves by no transition; or the destination is entered by none;
 * or, with no condition, no route exists at all; else what cp_explain()
 * finds ruled the routes out.
 */
static const char *want_reason(const cp_graph *g, const cp_query *q)
{
	size_t t, role, out = 0, in = 0;
	cp_why *why = NULL;
	cp_query plain = *q;
	cp_error err;
	const char *reason;
	for (t = 0; t < cp_graph_transition_count(g); t++) {
		for (role = q->from; role != CP_NO_ROLE;
		     role = cp_role_parent(g, role))
			out += cp_transition_from(g, t) == role;
		in += cp_transition_to(g, t) == q->to;
	}
	if (!out)
		return "no moves from origin";
	if (!in)
		return "no moves into destination";
	if (!q->n_avoid && !q->n_via && !q->n_caps && !q->has_min_gain)
		return "unreachable";
	plain.workspace = NULL;
	assert_int_equal(cp_explain(&why, g, &plain, &err), 0);
	reason = why->kind == CP_WHY_UNREACHABLE ? "unreachable"
		 : why->kind == CP_WHY_CAPS	 ? "over the caps"
						 : "filtered by rules";
	cp_why_free(why);
	return reason;
}

/* The result lines a hand-built query gives, as cp_batch_write writes
 * them for a row with these carried fields. */
static void expected_lines(cp_buf *out, const cp_graph *g, size_t line,
			   const char *id, const char *by, const cp_query *q)
{
	cp_routes *routes = NULL;
	cp_error err;
	size_t i, m;
	int status = cp_search(&routes, g, q, &err);
	assert_true(status == 0 || status == CP_ENOROUTE);
	if (status) {
		/* rank, cost, the totals, steps and route blank */
		/* the names are the titles: these graphs give no singular */
		cp_buf_printf(
			out, "%zu,%s,%s,%s,%s,%s,%s,%s,%s,,", line, id,
			cp_role_id(g, q->from), cp_role_id(g, q->to),
			cp_role_title(g, q->from), cp_role_title(g, q->to),
			cp_role_title(g, q->from), cp_role_title(g, q->to), by);
		for (m = 0; m < cp_graph_metric_count(g); m++)
			cp_buf_puts(out, ",");
		cp_buf_puts(out, has_wages(g) ? ",,,,,,,,,,no route,"
					      : ",,,,no route,");
		cp_buf_printf(out, "%s,\n", want_reason(g, q));
	}
	for (i = 0; !status && i < routes->count; i++) {
		const cp_route *r = &routes->items[i];
		size_t s;
		cp_buf_printf(out, "%zu,%s,%s,%s,%s,%s,%s,%s,%s,%zu,", line, id,
			      cp_role_id(g, q->from), cp_role_id(g, q->to),
			      cp_role_title(g, q->from),
			      cp_role_title(g, q->to),
			      cp_role_title(g, q->from),
			      cp_role_title(g, q->to), by, i + 1);
		cp_buf_put_number(out, r->cost, CP_FORMAT_CSV);
		for (m = 0; m < cp_graph_metric_count(g); m++) {
			cp_buf_puts(out, ",");
			cp_buf_put_number(out, r->totals[m], CP_FORMAT_CSV);
		}
		cp_buf_printf(out, ",%zu,", r->n_steps);
		if (has_wages(g)) {
			double months = NAN;
			cp_payback_kind kind =
				cp_route_payback(&months, g, r, CP_NO_ROLE);
			put_gain(out, cp_role_wage(g, r->roles[0]),
				 cp_role_wage(g, r->roles[r->n_steps]));
			cp_buf_printf(out, "%s,", cp_payback_name(kind));
			cp_buf_put_number(out, months, CP_FORMAT_CSV);
			cp_buf_puts(out, ",");
		}
		for (s = 0; s <= r->n_steps; s++)
			cp_buf_printf(out, "%s%s", s ? ">" : "",
				      cp_role_id(g, r->roles[s]));
		cp_buf_puts(out, ",");
		for (s = 0; s <= r->n_steps; s++)
			cp_buf_printf(out, "%s%s", s ? " > " : "",
				      cp_role_title(g, r->roles[s]));
		cp_buf_puts(out, ",,,");
		want_unknown(out, g, q->cost, r);
		cp_buf_puts(out, "\n");
	}
	cp_routes_free(routes);
}

static void test_random_rows_match_single_searches(void **state)
{
	uint64_t rng = 15;
	int round;
	(void)state;
	for (round = 0; round < 60; round++) {
		or_graph r;
		cp_graph *g = or_random(&r, &rng);
		cp_buf in = CP_BUF_INIT, want = CP_BUF_INIT;
		collected c;
		size_t row;
		cp_buf_puts(&in, "id,from,to,by,k,max,avoid,via,experience\n");
		want_header(&want, g);
		for (row = 0; row < 20; row++) {
			or_query oq;
			cp_query q;
			cp_cap caps[2];
			size_t avoid[OR_N_MAX], via_role, avoid_role;
			cp_cost *cost = NULL;
			int objective = (int)or_rand(&rng, 3);
			char id[32], max[64] = "", avoid_text[16] = "",
				     via_text[16] = "";

			or_query_init(&oq, or_rand(&rng, r.n),
				      or_rand(&rng, r.n), objective);
			snprintf(id, sizeof(id), "client-%zu", row);
			if (or_rand(&rng, 3) == 0) {
				oq.cap_cost[oq.n_caps] = 1;
				oq.cap_max[oq.n_caps++] =
					(double)or_rand(&rng, 8);
				snprintf(max, sizeof(max), "%s=%g",
					 or_costs[1].text, oq.cap_max[0]);
			}
			if (or_rand(&rng, 3) == 0) {
				oq.cap_cost[oq.n_caps] = 2;
				oq.cap_max[oq.n_caps] =
					(double)or_rand(&rng, 5);
				snprintf(max + strlen(max),
					 sizeof(max) - strlen(max), "%s%s = %g",
					 *max ? ";" : "", or_costs[2].text,
					 oq.cap_max[oq.n_caps]);
				oq.n_caps++;
			}
			avoid_role = or_rand(&rng, r.n);
			if (or_rand(&rng, 3) == 0 && avoid_role != oq.from &&
			    avoid_role != oq.to) {
				oq.avoid[avoid_role] = 1;
				snprintf(avoid_text, sizeof(avoid_text), "r%zu",
					 avoid_role);
			}
			via_role = or_rand(&rng, r.n);
			if (or_rand(&rng, 4) == 0 && !oq.avoid[via_role]) {
				oq.via[oq.n_via++] = via_role;
				snprintf(via_text, sizeof(via_text), "Role %zu",
					 via_role);
			}
			or_to_query(&q, &r, &oq, caps, avoid);
			cost = th_cost(g, or_costs[objective].text);
			q.cost = cost;
			q.k = 1 + or_rand(&rng, 3);
			if (q.n_via)
				q.k = 1;
			cp_buf_printf(&in,
				      "%s,r%zu,Role %zu,%s,%zu,%s,%s,%s,\n", id,
				      oq.from, oq.to, or_costs[objective].text,
				      q.k, max, avoid_text, via_text);
			expected_lines(&want, g, row + 2, id,
				       or_costs[objective].text, &q);
			cp_cost_free(cost);
		}
		run_batch(&c, g, in.ptr);
		assert_int_equal(c.rows, 20);
		assert_string_equal(c.out.ptr, want.ptr);
		collected_free(&c);
		cp_buf_free(&in);
		cp_buf_free(&want);
		or_free(&r, g);
	}
}

static const char *const good_rows[] = {
	"c1,a,d,months,,\n",
	"c2,b,d,,2,\n",
	"c3,d,a,,,\n", /* no route */
	"c4,AA,Delta Lead,cost_usd,,months=20\n",
	"c5,a,c,,,\n",
};

static const struct {
	const char *row;
	const char *message;
} bad_rows[] = {
	{"x,a,zz,,,\n", "unknown role 'zz' in column 'to'"},
	{"x,a,d,wage,,\n", "column 'by': unknown metric 'wage' in cost 'wage'"},
	{"x,a,d,,,months\n",
	 "malformed cap 'months' in column 'max' (expected COST=VALUE"},
	{"x,a,d,,,months=-1\n",
	 "malformed cap 'months=-1' in column 'max' (expected a number"},
	{"x,a,d,,,salary=3\n",
	 "column 'max': unknown metric 'salary' in cost 'salary'"},
	{"x,a,d,,0,\n", "bad count '0' in column 'k'"},
	{"x,a,d\n", "row has 3 fields, the header 6"},
	{"x,a,d,,,,extra\n", "row has 7 fields, the header 6"},
	{"x,Alpha,d,,,\n", "unknown role 'Alpha' in column 'from'"},
};

static void test_bad_rows_in_every_position(void **state)
{
	cp_graph *g = th_load_fixture("small");
	size_t bad, at, i;
	(void)state;
	for (bad = 0; bad < sizeof(bad_rows) / sizeof(bad_rows[0]); bad++) {
		for (at = 0; at <= 5; at++) {
			cp_buf in = CP_BUF_INIT, alone = CP_BUF_INIT;
			collected c, ref;
			char *line, want_line[32];
			const char *p;
			size_t n;
			cp_buf_puts(&in, "client,from,to,by,k,max\n");
			cp_buf_puts(&alone, "client,from,to,by,k,max\n");
			for (i = 0; i <= 5; i++) {
				const char *row =
					i == at ? bad_rows[bad].row
						: good_rows[i < at ? i : i - 1];
				cp_buf_puts(&in, row);
			}
			for (i = 0; i < 5; i++)
				cp_buf_puts(&alone, good_rows[i]);
			run_batch(&c, g, in.ptr);
			run_batch(&ref, g, alone.ptr);
			assert_int_equal(c.rows, 6);
			/* the bad row's line says why, at its place */
			snprintf(want_line, sizeof(want_line), "\n%zu,x,",
				 at + 2);
			p = strstr(c.out.ptr, want_line);
			assert_non_null(p);
			line = strndup(p + 1, strcspn(p + 1, "\n"));
			assert_non_null(strstr(line, bad_rows[bad].message));
			/* the others are the good rows' own answers, in order:
			 * the output without the bad line and with the line
			 * numbers past it shifted back is the good-only run */
			n = (size_t)(p - c.out.ptr) + 1;
			{
				cp_buf rest = CP_BUF_INIT;
				const char *q = p + 1 + strlen(line) + 1;
				cp_buf_put(&rest, c.out.ptr, n);
				while (*q) {
					size_t num =
						strtoul(q, (char **)&q, 10);
					size_t len = strcspn(q, "\n");
					cp_buf_printf(&rest, "%zu%.*s\n",
						      num - 1, (int)len, q);
					q += len + 1;
				}
				assert_string_equal(rest.ptr, ref.out.ptr);
				cp_buf_free(&rest);
			}
			free(line);
			collected_free(&c);
			collected_free(&ref);
			cp_buf_free(&in);
			cp_buf_free(&alone);
		}
	}
	cp_graph_free(g);
}

/* One row's error, as the row keeps it. */
static void assert_row_error(const cp_graph *g, const char *header,
			     const char *row_text, int code, size_t column,
			     const char *message)
{
	cp_buf in = CP_BUF_INIT;
	cp_csv_field fields[16];
	const char *p;
	char *copy;
	cp_batch_layout *layout = NULL;
	cp_batch_row *row = NULL;
	cp_error err;
	size_t n = 0, col = 1;
	/* fields by hand: the tests' rows hold no quotes */
	cp_buf_printf(&in, "%s", row_text);
	copy = strdup(in.ptr);
	for (p = copy;; p++) {
		fields[n].text = p;
		fields[n].len = strcspn(p, ",");
		fields[n].line = 7;
		fields[n].column = col;
		col += fields[n].len + 1;
		p += fields[n].len;
		n++;
		if (!*p)
			break;
		*(char *)p = '\0';
	}
	{
		cp_csv_field head[16];
		char *hcopy = strdup(header), *h = hcopy;
		size_t nh = 0;
		for (;;) {
			head[nh].text = h;
			head[nh].len = strcspn(h, ",");
			head[nh].line = 1;
			head[nh].column = 1;
			h += head[nh].len;
			nh++;
			if (!*h)
				break;
			*h++ = '\0';
		}
		assert_int_equal(
			cp_batch_layout_new(&layout, g, head, nh, &err), 0);
		free(hcopy);
	}
	assert_int_equal(cp_batch_row_parse(&row, g, layout, fields, n, &err),
			 0);
	th_assert_error(&row->error, row->status, code, 7, column, message);
	cp_batch_row_free(row);
	cp_batch_layout_free(layout);
	free(copy);
	cp_buf_free(&in);
}

static void test_row_errors_name_column_and_value(void **state)
{
	cp_graph *g = th_load_fixture("small");
	const char *h = "from,to,by,k,max,avoid,via,experience,min_gain";
	(void)state;
	assert_row_error(g, h, "Medical Asistant,d,,,,,,,", CP_ENOTFOUND, 1,
			 "unknown role 'Medical Asistant' in column 'from'");
	assert_row_error(g, h, "a,Delta Laed,,,,,,,", CP_ENOTFOUND, 3,
			 "unknown role 'Delta Laed' in column 'to' (did you "
			 "mean 'Delta Lead'?)");
	assert_row_error(g, h, "a,d,months*,,,,,,", CP_EINVALID, 5,
			 "column 'by': bad cost 'months*'");
	assert_row_error(g, h, "a,d,,two,,,,,", CP_EINVALID, 6,
			 "bad count 'two' in column 'k'");
	assert_row_error(g, h, "a,d,,10001,,,,,", CP_EINVALID, 6,
			 "bad count '10001' in column 'k'");
	assert_row_error(g, h, "a,d,,,=3,,,,", CP_EINVALID, 7,
			 "malformed cap '=3' in column 'max'");
	assert_row_error(g, h, "a,d,,,,b;;c,,,", CP_EINVALID, 8,
			 "blank role name in column 'avoid'");
	assert_row_error(g, h, "a,d,,,,,zz,,", CP_ENOTFOUND, 9,
			 "unknown role 'zz' in column 'via'");
	assert_row_error(g, h, "a,d,,,,,,-2,", CP_EINVALID, 10,
			 "bad number '-2' in column 'experience'");
	assert_row_error(g, h, "a,d,,,,,,,ten", CP_EINVALID, 11,
			 "bad percentage 'ten' in column 'min_gain'");
	cp_graph_free(g);
}

static void test_row_values(void **state)
{
	cp_graph *g = th_load_fixture("small");
	const char *text = "from,to,by,k,max,avoid,via,min_gain,note\n"
			   "a,d,months + cost_usd/1000,3,"
			   "months=30; steps=3,c,b,10%,\"x, y\"\n";
	FILE *in = fmemopen((void *)text, strlen(text), "r");
	collected c;
	(void)state;
	memset(&c, 0, sizeof(c));
	c.g = g;
	cp_buf_init(&c.out);
	assert_int_equal(cp_csv_stream(in, "t.csv", collect, &c, NULL), 0);
	fclose(in);
	/* a>b>d is the only route through b avoiding c; wages 30000 ->
	 * 40000 is +33.3%, but d has no wage, so min_gain rules it out */
	assert_string_equal(
		c.out.ptr,
		"line,note,from,to,from_title,to_title,from_name,to_name,by,"
		"rank,cost,months,cost_usd,steps,wage_start,wage_end,gain_usd,"
		"gain_pct,payback,payback_months,route,route_titles,error,"
		"reason,unknown_steps\n"
		"2,\"x, y\",a,d,Alpha Aide,Delta Lead,Alpha Aide,Delta "
		"Lead,months + "
		"cost_usd/1000,,,,,,,,,,,,,,no route,filtered by rules,\n");
	collected_free(&c);
	cp_graph_free(g);
}

static void test_json_lines(void **state)
{
	cp_graph *g = th_load_fixture("small");
	const char *header[] = {"from", "to", "client"};
	const char *row[] = {"a", "d", "7"};
	cp_csv_field h[3], f[3];
	cp_batch_layout *layout;
	cp_batch_row *parsed;
	cp_routes *routes;
	cp_buf out = CP_BUF_INIT;
	cp_error err;
	size_t i;
	(void)state;
	for (i = 0; i < 3; i++) {
		h[i] = (cp_csv_field){header[i], strlen(header[i]), 1, 1};
		f[i] = (cp_csv_field){row[i], strlen(row[i]), 2, 1};
	}
	assert_int_equal(cp_batch_layout_new(&layout, g, h, 3, &err), 0);
	assert_int_equal(cp_batch_row_parse(&parsed, g, layout, f, 3, &err), 0);
	assert_int_equal(cp_search(&routes, g, &parsed->query, &err), 0);
	assert_int_equal(cp_batch_header(&out, g, layout, CP_FORMAT_JSON), 0);
	assert_int_equal(cp_batch_write(&out, g, layout, parsed, routes, 0,
					&err, CP_FORMAT_JSON),
			 0);
	/* fewest steps, ties to the earlier row into d: a>c>d */
	assert_string_equal(
		out.ptr,
		"{\"line\":2,\"client\":\"7\",\"from\":\"a\",\"to\":"
		"\"d\",\"from_title\":\"Alpha Aide\",\"to_title\":"
		"\"Delta Lead\",\"from_name\":\"Alpha Aide\",\"to_name\":"
		"\"Delta Lead\",\"by\":\"steps\",\"rank\":1,\"cost\":2,"
		"\"months\":40,\"cost_usd\":15000,\"steps\":2,"
		"\"wage_start\":30000,\"wage_end\":null,"
		"\"gain_usd\":null,\"gain_pct\":null,\"payback\":\"unknown\","
		"\"payback_months\":null,\"route\":"
		"\"a>c>d\",\"route_titles\":\"Alpha Aide > Gamma Nurse > "
		"Delta Lead\",\"error\":null,\"reason\":null,"
		"\"unknown_steps\":{}}\n");
	assert_int_equal(cp_batch_write(&out, g, layout, parsed, NULL,
					CP_ELIMIT, &err, CP_FORMAT_TEXT),
			 CP_EINVALID);
	cp_routes_free(routes);
	cp_batch_row_free(parsed);
	cp_batch_layout_free(layout);
	cp_buf_free(&out);
	cp_graph_free(g);
}

static void assert_header_error(const cp_graph *g, const char *const *names,
				size_t n, size_t column, const char *message)
{
	cp_csv_field h[8];
	cp_batch_layout *layout = NULL;
	cp_error err;
	size_t i;
	for (i = 0; i < n; i++)
		h[i] = (cp_csv_field){names[i], strlen(names[i]), 1, 2 * i + 1};
	th_assert_error(&err, cp_batch_layout_new(&layout, g, h, n, &err),
			CP_EINVALID, 1, column, message);
	assert_null(layout);
}

static void test_header_errors(void **state)
{
	cp_graph *g = th_load_fixture("small");
	const char *no_to[] = {"from", "client"};
	const char *twice[] = {"from", "to", "from"};
	const char *clash[] = {"from", "to", "months"};
	const char *clash2[] = {"from", "to", "route"};
	const char *blank[] = {"from", "", "to"};
	(void)state;
	assert_header_error(g, no_to, 2, 1, "no column 'to' in the header");
	assert_header_error(g, twice, 3, 5, "column 'from' given twice");
	assert_header_error(g, clash, 3, 5,
			    "column 'months' would take the name of a result");
	assert_header_error(g, clash2, 3, 5,
			    "column 'route' would take the name");
	assert_header_error(g, blank, 3, 3, "blank column name");
	cp_graph_free(g);
}

static void test_matrix_matches_single_pairs(void **state)
{
	uint64_t rng = 99;
	int round;
	(void)state;
	for (round = 0; round < 40; round++) {
		or_graph r;
		cp_graph *g = or_random(&r, &rng);
		cp_cost *cost = th_cost(g, or_costs[round % 3].text);
		size_t to[OR_N_MAX], from, t;
		cp_buf got = CP_BUF_INIT, want = CP_BUF_INIT;
		for (t = 0; t < r.n; t++)
			to[t] = r.n - 1 - t;
		assert_int_equal(cp_matrix_header(&got, g, to, r.n), 0);
		cp_buf_puts(&want, "from");
		for (t = 0; t < r.n; t++)
			cp_buf_printf(&want, ",r%zu", to[t]);
		cp_buf_puts(&want, "\n");
		for (from = 0; from < r.n; from++) {
			cp_query q = CP_QUERY_INIT;
			cp_routes *row;
			cp_error err;
			q.kind = CP_QUERY_ROW;
			q.from = from;
			q.cost = cost;
			q.targets = to;
			q.n_targets = r.n;
			assert_int_equal(cp_search(&row, g, &q, &err), 0);
			assert_int_equal(cp_matrix_write(&got, g, row), 0);
			cp_routes_free(row);
			q.kind = CP_QUERY_ROUTES;
			cp_buf_printf(&want, "r%zu", from);
			for (t = 0; t < r.n; t++) {
				cp_routes *one = NULL;
				int status;
				q.to = to[t];
				status = cp_search(&one, g, &q, &err);
				cp_buf_puts(&want, ",");
				/* a cost resting on a blank is a lower bound */
				if (!status &&
				    rests_on_blank(g, cost, &one->items[0]))
					cp_buf_puts(&want, ">=");
				if (!status)
					cp_buf_put_number(&want,
							  one->items[0].cost,
							  CP_FORMAT_CSV);
				else
					assert_int_equal(status, CP_ENOROUTE);
				cp_routes_free(one);
			}
			cp_buf_puts(&want, "\n");
		}
		assert_string_equal(got.ptr, want.ptr);
		cp_buf_free(&got);
		cp_buf_free(&want);
		cp_cost_free(cost);
		or_free(&r, g);
	}
}

static size_t count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;
	assert_non_null(d);
	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

static void test_atomic_file(void **state)
{
	char *dir = th_graph_dir(NULL, NULL);
	char path[4096];
	cp_atomic_file *file;
	cp_error err;
	FILE *f;
	char text[16] = "";
	(void)state;
	snprintf(path, sizeof(path), "%s/out.csv", dir);
	assert_int_equal(cp_atomic_open(&file, path, &err), 0);
	fputs("half", cp_atomic_stream(file));
	/* a name only where the filesystem cannot make the file unnamed */
	assert_true(count_entries(dir) <= 1);
	cp_atomic_abort(file);
	/* nothing left behind, not even the temporary file */
	assert_int_equal(count_entries(dir), 0);
	assert_int_equal(cp_atomic_open(&file, path, &err), 0);
	fputs("whole\n", cp_atomic_stream(file));
	assert_int_equal(cp_atomic_commit(file, &err), 0);
	assert_int_equal(count_entries(dir), 1);
	f = fopen(path, "r");
	assert_non_null(f);
	assert_non_null(fgets(text, sizeof(text), f));
	fclose(f);
	assert_string_equal(text, "whole\n");
	cp_atomic_abort(NULL);
	th_remove(dir);
}

/* A record the reader cannot read: a row of its own, blank but for why. */
static int collect_fault(void *payload, const cp_error *fault, size_t line)
{
	collected *c = payload;
	cp_batch_row *row;
	cp_error err;
	assert_non_null(c->layout);
	assert_int_equal(
		cp_batch_row_unreadable(&row, c->layout, line, fault, &err), 0);
	assert_int_equal(row->status, CP_EDATA);
	assert_int_equal(cp_batch_write(&c->out, c->g, c->layout, row, NULL,
					row->status, &row->error,
					CP_FORMAT_CSV),
			 0);
	cp_batch_row_free(row);
	c->rows++;
	return 0;
}

/* The commas of a CSV line outside quotes: its fields less one. */
static size_t count_commas(const char *s, size_t len)
{
	size_t i, n = 0;
	int quoted = 0;
	for (i = 0; i < len; i++) {
		if (s[i] == '"')
			quoted = !quoted;
		n += s[i] == ',' && !quoted;
	}
	return n;
}

/*
 * Rows that cannot be read, anywhere among good ones: each gets a line of
 * its own, as wide as the header, with its line and why; every other line
 * is the one the file without the damage gives.
 */
static void test_unreadable_rows_in_every_position(void **state)
{
	static const char *const damage[][2] = {
		{"c9,a,\xFF\n",
		 "invalid UTF-8 byte 0xFF (expected UTF-8 text)"},
		{"c9,a\"b,c\n", "unexpected '\"\"' inside an unquoted field"},
		{"c9,\"a\nb\x01\xFE\",c\n",
		 "invalid UTF-8 byte 0xFE (expected UTF-8 text)"}};
	cp_graph *g = th_load_fixture("small");
	size_t d, at, i;
	(void)state;
	for (d = 0; d < sizeof(damage) / sizeof(damage[0]); d++) {
		for (at = 0; at < 4; at++) {
			static const char *const good[] = {
				"c1,a,b\n", "c2,a,c\n", "c3,b,d\n", "c4,a,d\n"};
			cp_buf in = CP_BUF_INIT, clean = CP_BUF_INIT;
			collected c, ref;
			FILE *f;
			cp_error err;
			const char *line, *want;
			size_t header_len, len;
			cp_buf_puts(&in, "client,from,to\n");
			cp_buf_puts(&clean, "client,from,to\n");
			for (i = 0; i < 4; i++) {
				cp_buf_puts(&in,
					    i == at ? damage[d][0] : good[i]);
				cp_buf_puts(&clean, good[i]);
			}
			memset(&c, 0, sizeof(c));
			c.g = g;
			cp_buf_init(&c.out);
			f = fmemopen(in.ptr, in.size, "r");
			assert_non_null(f);
			assert_int_equal(
				cp_csv_stream_recover(f, "batch.csv", collect,
						      collect_fault, &c, &err),
				0);
			fclose(f);
			run_batch(&ref, g, clean.ptr);
			assert_int_equal(c.rows, 4);
			/* line by line: the damaged row's, the others' */
			header_len = strcspn(c.out.ptr, "\n");
			line = c.out.ptr;
			want = ref.out.ptr;
			for (i = 0; i <= 4; i++) {
				len = strcspn(line, "\n");
				if (i == at + 1) {
					char *text = strndup(line, len);
					char prefix[16];
					snprintf(prefix, sizeof(prefix),
						 "%zu,,,,,", at + 2);
					assert_int_equal(
						strncmp(text, prefix,
							strlen(prefix)),
						0);
					assert_non_null(
						strstr(text, damage[d][1]));
					assert_int_equal(
						count_commas(text, len),
						count_commas(c.out.ptr,
							     header_len));
					free(text);
				} else if (d < 2 || i <= at) {
					/* a row over two lines moves those
					 * after it one line down */
					assert_int_equal(
						strncmp(line, want,
							strcspn(want, "\n") +
								1),
						0);
				}
				line += len + 1;
				want += strcspn(want, "\n") + 1;
			}
			collected_free(&c);
			collected_free(&ref);
			cp_buf_free(&in);
			cp_buf_free(&clean);
		}
	}
	cp_graph_free(g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_random_rows_match_single_searches),
		cmocka_unit_test(test_bad_rows_in_every_position),
		cmocka_unit_test(test_row_errors_name_column_and_value),
		cmocka_unit_test(test_row_values),
		cmocka_unit_test(test_json_lines),
		cmocka_unit_test(test_header_errors),
		cmocka_unit_test(test_matrix_matches_single_pairs),
		cmocka_unit_test(test_atomic_file),
		cmocka_unit_test(test_unreadable_rows_in_every_position),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
