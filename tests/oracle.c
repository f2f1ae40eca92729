#include "oracle.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const or_cost_def or_costs[OR_N_COSTS] = {
	{"steps", 1, {0, 0, 0, 0}},
	{"months", 0, {1, 0, 0, 0}},
	{"months+2*dollars", 0, {1, 0, 2, 0}},
	{"elapsed_months", 0, {0, 0, 0, 1}},
	{"experience_months+dollars/2", 0, {0, 1, 0.5, 0}},
	{"months+experience_months", 0, {1, 1, 0, 0}},
	{"dollars", 0, {0, 0, 1, 0}},
};

size_t or_rand(uint64_t *rng, size_t bound)
{
	*rng = *rng * 6364136223846793005ULL + 1442695040888963407ULL;
	return (size_t)((*rng >> 33) % bound);
}

static void put(char *buf, size_t size, size_t *at, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void put(char *buf, size_t size, size_t *at, const char *fmt, ...)
{
	va_list ap;
	int n;
	va_start(ap, fmt);
	n = vsnprintf(buf + *at, size - *at, fmt, ap);
	va_end(ap);
	assert_true(n >= 0 && (size_t)n < size - *at);
	*at += (size_t)n;
}

/*
 * Roles: a quarter of the graphs without kind_of, a quarter without wages;
 * every one with a zone from 1 to 5, blank now and then (never in every
 * row: a column with no number is text).
 */
static void random_roles(or_graph *r, uint64_t *rng)
{
	int kinds = or_rand(rng, 4) != 0, wages = or_rand(rng, 4) != 0;
	size_t i, at = 0;
	r->n = 3 + or_rand(rng, OR_N_MAX - 2);
	r->has_wages = 0;
	r->zone_col = 2 + (size_t)kinds + (size_t)wages;
	for (i = 0; i < r->n; i++)
		r->zone[i] =
			or_rand(rng, 5) ? (double)(1 + or_rand(rng, 5)) : NAN;
	if (isnan(r->zone[0]))
		r->zone[0] = 3;
	put(r->roles_csv, sizeof(r->roles_csv), &at, "id,title%s%s,zone\n",
	    kinds ? ",kind_of" : "", wages ? ",median_wage_usd" : "");
	for (i = 0; i < r->n; i++) {
		r->parent[i] = CP_NO_ROLE;
		if (kinds && i && or_rand(rng, 3) == 0)
			r->parent[i] = or_rand(rng, i);
		r->wage[i] = NAN;
		if (wages && or_rand(rng, 5))
			r->wage[i] = 30000 + 5000 * (double)or_rand(rng, 7);
		r->has_wages |= !isnan(r->wage[i]);
		put(r->roles_csv, sizeof(r->roles_csv), &at, "r%zu,Role %zu", i,
		    i);
		if (kinds && r->parent[i] != CP_NO_ROLE)
			put(r->roles_csv, sizeof(r->roles_csv), &at, ",r%zu",
			    r->parent[i]);
		else if (kinds)
			put(r->roles_csv, sizeof(r->roles_csv), &at, ",");
		if (!isnan(r->wage[i]))
			put(r->roles_csv, sizeof(r->roles_csv), &at, ",%g",
			    r->wage[i]);
		else if (wages)
			put(r->roles_csv, sizeof(r->roles_csv), &at, ",");
		if (!isnan(r->zone[i]))
			put(r->roles_csv, sizeof(r->roles_csv), &at, ",%g\n",
			    r->zone[i]);
		else
			put(r->roles_csv, sizeof(r->roles_csv), &at, ",\n");
	}
}

/* A cell of a metric: blank now and then. */
static void put_cell(or_graph *r, size_t *at, const char *before, double value)
{
	put(r->transitions_csv, sizeof(r->transitions_csv), at, "%s", before);
	if (!isnan(value))
		put(r->transitions_csv, sizeof(r->transitions_csv), at, "%g",
		    value);
}

/*
 * Transitions: each metric blank now and then (experience_months most
 * often), never in every row (a column with no number is text, not a
 * metric).
 */
static void random_transitions(or_graph *r, uint64_t *rng)
{
	size_t i, at = 0;
	int m, any[OR_ELAPSED] = {0, 0, 0};
	r->m = 1 + or_rand(rng, OR_E_MAX);
	for (i = 0; i < r->m; i++) {
		double *v = r->value[i];
		r->from[i] = or_rand(rng, r->n);
		r->to[i] = or_rand(rng, r->n);
		v[OR_MONTHS] = or_rand(rng, 12) ? (double)or_rand(rng, 4) : NAN;
		v[OR_EXPERIENCE] =
			or_rand(rng, 8) ? (double)or_rand(rng, 4) : NAN;
		v[OR_DOLLARS] =
			or_rand(rng, 12) ? (double)or_rand(rng, 3) : NAN;
		for (m = 0; m < OR_ELAPSED; m++)
			any[m] |= !isnan(v[m]);
	}
	for (m = 0; m < OR_ELAPSED; m++)
		if (!any[m])
			r->value[0][m] = 1;
	put(r->transitions_csv, sizeof(r->transitions_csv), &at,
	    "from,to,months,experience_months,dollars\n");
	for (i = 0; i < r->m; i++) {
		double *v = r->value[i];
		v[OR_ELAPSED] = v[OR_MONTHS] + v[OR_EXPERIENCE];
		put(r->transitions_csv, sizeof(r->transitions_csv), &at,
		    "r%zu,r%zu", r->from[i], r->to[i]);
		put_cell(r, &at, ",", v[OR_MONTHS]);
		put_cell(r, &at, ",", v[OR_EXPERIENCE]);
		put_cell(r, &at, ",", v[OR_DOLLARS]);
		put(r->transitions_csv, sizeof(r->transitions_csv), &at, "\n");
	}
}

cp_graph *or_reload(const or_graph *r)
{
	return th_load(r->roles_csv, r->transitions_csv);
}

cp_graph *or_random(or_graph *r, uint64_t *rng)
{
	static const char *const metrics[OR_N_METRICS] = {
		"months", "experience_months", "dollars", "elapsed_months"};
	cp_graph *g;
	size_t i, metric;
	random_roles(r, rng);
	random_transitions(r, rng);
	g = or_reload(r);
	/* the oracle's numbering of metrics is the library's */
	assert_int_equal(cp_graph_metric_count(g), OR_N_METRICS);
	for (i = 0; i < OR_N_METRICS; i++) {
		assert_int_equal(cp_metric_find(&metric, g, metrics[i]), 0);
		assert_int_equal(metric, i);
	}
	for (i = 0; i < OR_N_COSTS; i++)
		r->costs[i] = th_cost(g, or_costs[i].text);
	return g;
}

void or_free(or_graph *r, cp_graph *g)
{
	size_t i;
	for (i = 0; i < OR_N_COSTS; i++)
		cp_cost_free(r->costs[i]);
	cp_graph_free(g);
}

void or_query_init(or_query *q, size_t from, size_t to, int objective)
{
	memset(q, 0, sizeof(*q));
	q->from = from;
	q->to = to;
	q->objective = objective;
}

void or_random_cap(or_query *q, uint64_t *rng)
{
	assert_true(q->n_caps < 2);
	q->cap_cost[q->n_caps] = (int)or_rand(rng, OR_N_COSTS);
	q->cap_max[q->n_caps] = (double)or_rand(rng, 8);
	q->n_caps++;
}

void or_random_rules(or_query *q, const or_graph *r, uint64_t *rng)
{
	static const double gains[] = {-10, 0, 10, 25};
	if (or_rand(rng, 3) == 0)
		q->experience = (double)(1 + or_rand(rng, 4));
	if (r->has_wages && or_rand(rng, 3) == 0) {
		q->has_min_gain = 1;
		q->min_gain = gains[or_rand(rng, 4)];
	}
	q->n_rules = 0;
	while (q->n_rules < 2 && or_rand(rng, 3) == 0) {
		size_t i = q->n_rules++;
		cp_rule *lib = &q->lib_rules[i];
		q->rule_kind[i] = (int)or_rand(rng, 3);
		q->rule_metric[i] = (int)or_rand(rng, OR_N_METRICS);
		switch (q->rule_kind[i]) {
		case OR_STEP:
			q->rule_max[i] = (double)or_rand(rng, 4);
			lib->kind = CP_RULE_STEP_MAX;
			lib->index = (size_t)q->rule_metric[i];
			break;
		case OR_ZONE:
			q->rule_max[i] = (double)(1 + or_rand(rng, 5));
			lib->kind = CP_RULE_ROLE_MAX;
			lib->index = r->zone_col;
			break;
		default:
			q->rule_max[i] = (double)or_rand(rng, 3);
			lib->kind = CP_RULE_RISE_MAX;
			lib->index = r->zone_col;
			break;
		}
		lib->max = q->rule_max[i];
	}
}

int or_takes(const or_graph *r, size_t role, size_t t)
{
	size_t a;
	if (r->from[t] == role)
		return 1;
	/* an inherited transition never leads back to the role itself */
	if (r->to[t] == role)
		return 0;
	for (a = r->parent[role]; a != CP_NO_ROLE; a = r->parent[a])
		if (a == r->from[t])
			return 1;
	return 0;
}

double or_step_value(const or_graph *r, size_t t, int metric, double credit)
{
	const double *v = r->value[t];
	double needed = v[OR_EXPERIENCE] - credit;
	if (needed < 0)
		needed = 0;
	switch (metric) {
	case OR_EXPERIENCE: return needed;
	case OR_ELAPSED: return v[OR_MONTHS] + needed;
	default: return v[metric];
	}
}

/* A blank value is not known: it is at least 0, as every value is. */
static double at_least(double value)
{
	return isnan(value) ? 0 : value;
}

double or_step_lower(const or_graph *r, size_t t, int metric, double credit)
{
	const double *v = r->value[t];
	double needed = at_least(v[OR_EXPERIENCE]) - credit;
	if (needed < 0)
		needed = 0;
	switch (metric) {
	case OR_EXPERIENCE: return needed;
	case OR_ELAPSED: return at_least(v[OR_MONTHS]) + needed;
	default: return at_least(v[metric]);
	}
}

double or_step_cost(const or_graph *r, size_t t, int cost, double credit)
{
	double total = or_costs[cost].steps;
	int m;
	for (m = 0; m < OR_N_METRICS; m++)
		if (or_costs[cost].weight[m] != 0)
			total += or_costs[cost].weight[m] *
				 or_step_lower(r, t, m, credit);
	return total;
}

double or_path_cost(const or_graph *r, const or_path *p, int cost,
		    double credit)
{
	double total = 0;
	size_t i;
	for (i = 0; i < p->n; i++)
		total += or_step_cost(r, p->tr[i], cost, i ? 0 : credit);
	return total;
}

static int pays(const or_graph *r, const or_query *q, size_t from, size_t to)
{
	if (!q->has_min_gain || isnan(r->wage[from]))
		return 1;
	return r->wage[to] >= r->wage[from] * (1 + q->min_gain / 100);
}

/*
 * A blank metric is not known: a step rule holds when its lower bound (0)
 * keeps it. A rise into a blank level breaks the rule; a blank level
 * under a cap is not known, and the step is allowed.
 */
static int keeps_rule(const or_graph *r, const or_query *q, size_t i,
		      size_t from, size_t t)
{
	double before = r->zone[from], after = r->zone[r->to[t]];
	switch (q->rule_kind[i]) {
	case OR_STEP:
		return or_step_lower(r, t, q->rule_metric[i], 0) <=
		       q->rule_max[i];
	case OR_ZONE: return isnan(after) || after <= q->rule_max[i];
	default: return isnan(before) || after - before <= q->rule_max[i];
	}
}

int or_step_allowed(const or_graph *r, const or_query *q, size_t role, size_t t)
{
	size_t i;
	if (!pays(r, q, role, r->to[t]))
		return 0;
	for (i = 0; i < q->n_rules; i++)
		if (!keeps_rule(r, q, i, role, t))
			return 0;
	return 1;
}

static size_t advance(const or_query *q, size_t stage, size_t role)
{
	while (stage < q->n_via && q->via[stage] == role)
		stage++;
	return stage;
}

typedef struct walk {
	const or_graph *r;
	const or_query *q;
	or_path *out;
	size_t count;
	unsigned char seen[OR_N_MAX][3];
	double caps[2];
	or_path current;
} walk;

static void dfs(walk *w, size_t role, size_t stage)
{
	const or_graph *r = w->r;
	const or_query *q = w->q;
	size_t t, i;
	if (role == q->to && stage == q->n_via) {
		assert_true(w->count < OR_PATHS_MAX);
		w->out[w->count++] = w->current;
		return;
	}
	for (t = 0; t < r->m; t++) {
		size_t next = r->to[t], next_stage, n = w->current.n;
		double credit = n ? 0 : q->experience, caps[2] = {0, 0};
		or_path saved = w->current;
		int within = 1, m;
		if (!or_takes(r, role, t) || q->avoid[next] ||
		    !or_step_allowed(r, q, role, t))
			continue;
		next_stage = advance(q, stage, next);
		if (w->seen[next][next_stage])
			continue;
		assert_true(n < OR_PATH_MAX);
		w->current.tr[n] = (unsigned char)t;
		w->current.role[n + 1] = (unsigned char)next;
		w->current.n++;
		w->current.cost += or_step_cost(r, t, q->objective, credit);
		for (m = 0; m < OR_N_METRICS; m++)
			w->current.totals[m] += or_step_lower(r, t, m, credit);
		for (i = 0; i < q->n_caps; i++) {
			caps[i] = w->caps[i] +
				  or_step_cost(r, t, q->cap_cost[i], credit);
			within &= caps[i] <= q->cap_max[i];
		}
		/* every step counts >= 0: past a cap, nothing comes back */
		if (within) {
			double before[2];
			memcpy(before, w->caps, sizeof(before));
			memcpy(w->caps, caps, sizeof(caps));
			w->seen[next][next_stage] = 1;
			dfs(w, next, next_stage);
			w->seen[next][next_stage] = 0;
			memcpy(w->caps, before, sizeof(before));
		}
		w->current = saved;
	}
}

int or_path_order(const or_path *a, const or_path *b)
{
	size_t i;
	if (a->cost != b->cost)
		return a->cost < b->cost ? -1 : 1;
	if (a->n != b->n)
		return a->n < b->n ? -1 : 1;
	for (i = a->n; i > 0; i--) {
		if (a->tr[i - 1] != b->tr[i - 1])
			return a->tr[i - 1] < b->tr[i - 1] ? -1 : 1;
		if (a->role[i - 1] != b->role[i - 1])
			return a->role[i - 1] < b->role[i - 1] ? -1 : 1;
	}
	return 0;
}

static int path_order(const void *a, const void *b)
{
	return or_path_order(a, b);
}

size_t or_routes(or_path *out, const or_graph *r, const or_query *q)
{
	static walk w;
	size_t stage = advance(q, 0, q->from);
	memset(&w, 0, sizeof(w));
	w.r = r;
	w.q = q;
	w.out = out;
	w.current.role[0] = (unsigned char)q->from;
	w.seen[q->from][stage] = 1;
	dfs(&w, q->from, stage);
	qsort(out, w.count, sizeof(*out), path_order);
	return w.count;
}

void or_to_query(cp_query *out, const or_graph *r, const or_query *q,
		 cp_cap caps[2], size_t avoid[OR_N_MAX])
{
	size_t i;
	cp_query init = CP_QUERY_INIT;
	*out = init;
	out->from = q->from;
	out->to = q->to;
	out->cost = r->costs[q->objective];
	out->via = q->via;
	out->n_via = q->n_via;
	for (i = 0; i < OR_N_MAX; i++)
		if (q->avoid[i])
			avoid[out->n_avoid++] = i;
	out->avoid = avoid;
	for (i = 0; i < q->n_caps; i++) {
		caps[i].cost = r->costs[q->cap_cost[i]];
		caps[i].max = q->cap_max[i];
	}
	out->caps = caps;
	out->n_caps = q->n_caps;
	out->experience = q->experience;
	out->has_min_gain = q->has_min_gain;
	out->min_gain = q->min_gain;
	out->rules = q->lib_rules;
	out->n_rules = q->n_rules;
}

/* Equal, NaN equal to NaN. */
static int same_value(double a, double b)
{
	return a == b || (isnan(a) && isnan(b));
}

void or_assert_route(const cp_route *got, const or_graph *r,
		     const or_path *want, double credit)
{
	size_t i;
	int m;
	assert_int_equal(got->n_steps, want->n);
	assert_int_equal(got->roles[0], want->role[0]);
	for (i = 0; i < want->n; i++) {
		assert_int_equal(got->transitions[i], want->tr[i]);
		assert_int_equal(got->roles[i + 1], want->role[i + 1]);
		for (m = 0; m < OR_N_METRICS; m++)
			if (!same_value(
				    got->values[i * OR_N_METRICS + (size_t)m],
				    or_step_value(r, want->tr[i], m,
						  i ? 0 : credit)))
				fail_msg("step %zu metric %d: %g, expected %g",
					 i, m,
					 got->values[i * OR_N_METRICS +
						     (size_t)m],
					 or_step_value(r, want->tr[i], m,
						       i ? 0 : credit));
	}
	for (m = 0; m < OR_N_METRICS; m++)
		if (!same_value(got->totals[m], want->totals[m]))
			fail_msg("total of metric %d: %g, expected %g", m,
				 got->totals[m], want->totals[m]);
	if (got->cost != want->cost)
		fail_msg("cost %g, expected %g", got->cost, want->cost);
}

void or_path_of(or_path *out, const cp_route *got, const or_graph *r, int cost,
		double credit)
{
	size_t i;
	int m;
	memset(out, 0, sizeof(*out));
	assert_true(got->n_steps <= OR_PATH_MAX);
	out->n = got->n_steps;
	out->role[0] = (unsigned char)got->roles[0];
	for (i = 0; i < got->n_steps; i++) {
		out->tr[i] = (unsigned char)got->transitions[i];
		out->role[i + 1] = (unsigned char)got->roles[i + 1];
		for (m = 0; m < OR_N_METRICS; m++)
			out->totals[m] +=
				or_step_lower(r, out->tr[i], m, i ? 0 : credit);
	}
	out->cost = or_path_cost(r, out, cost, credit);
}

/*
 * Whether the route p is a detour, by the definition in query.h: a role
 * p->role[i] may take the transition of a later step s > i + 1 (counting
 * steps from 1; here tr[s] leaves role[s], s > i) itself, and the
 * shortcut, role[0..i], tr[s], then the rest, is among every route the
 * query allows (all): so via, the rules and caps are those of the
 * enumeration, not worked out again.
 */
int or_is_detour(const or_graph *r, const or_path *p, const or_path *all,
		 size_t n_all)
{
	size_t i, s, k;
	for (s = 1; s < p->n; s++)
		for (i = 0; i < s; i++) {
			or_path cut;
			if (!or_takes(r, p->role[i], p->tr[s]))
				continue;
			memset(&cut, 0, sizeof(cut));
			memcpy(cut.role, p->role, i + 1);
			memcpy(cut.tr, p->tr, i);
			cut.tr[i] = p->tr[s];
			memcpy(cut.tr + i + 1, p->tr + s + 1, p->n - s - 1);
			memcpy(cut.role + i + 1, p->role + s + 1, p->n - s);
			cut.n = p->n - (s - i);
			for (k = 0; k < n_all; k++)
				if (all[k].n == cut.n &&
				    !memcmp(all[k].tr, cut.tr, cut.n) &&
				    !memcmp(all[k].role, cut.role, cut.n + 1))
					return 1;
		}
	return 0;
}

double or_shared(const or_graph *r, const or_path *later,
		 const or_path *earlier, int cost, double credit)
{
	double shared = 0;
	size_t i, j;
	for (i = 0; i < later->n; i++) {
		double least = INFINITY;
		for (j = 0; j < earlier->n; j++)
			if (earlier->tr[j] == later->tr[i]) {
				double c = or_step_cost(r, earlier->tr[j], cost,
							j ? 0 : credit);
				if (c < least)
					least = c;
			}
		if (least != INFINITY) {
			double c = or_step_cost(r, later->tr[i], cost,
						i ? 0 : credit);
			shared += c < least ? c : least;
		}
	}
	return shared;
}

int or_apart(const or_graph *r, const or_path *later, const or_path *earlier,
	     int cost, double credit, double theta)
{
	double cheaper =
		later->cost < earlier->cost ? later->cost : earlier->cost;
	double most = theta * cheaper;
	return or_shared(r, later, earlier, cost, credit) <=
	       most + 1e-9 * fabs(most);
}
