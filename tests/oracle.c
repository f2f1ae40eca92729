#include "oracle.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const or_costs[3] = {"steps", "months", "months+2*dollars"};

size_t or_rand(uint64_t *rng, size_t bound)
{
	*rng = *rng * 6364136223846793005ULL + 1442695040888963407ULL;
	return (size_t)((*rng >> 33) % bound);
}

cp_graph *or_random(or_graph *r, uint64_t *rng)
{
	char roles[512], transitions[2048];
	size_t i, at;
	r->n = 3 + or_rand(rng, OR_N_MAX - 2);
	r->m = 1 + or_rand(rng, OR_E_MAX);
	at = (size_t)snprintf(roles, sizeof(roles), "id,title\n");
	for (i = 0; i < r->n; i++)
		at += (size_t)snprintf(roles + at, sizeof(roles) - at,
				       "r%zu,Role %zu\n", i, i);
	at = (size_t)snprintf(transitions, sizeof(transitions),
			      "from,to,months,dollars\n");
	for (i = 0; i < r->m; i++) {
		r->from[i] = or_rand(rng, r->n);
		r->to[i] = or_rand(rng, r->n);
		r->months[i] = (double)or_rand(rng, 4);
		r->dollars[i] = (double)or_rand(rng, 3);
		at += (size_t)snprintf(transitions + at,
				       sizeof(transitions) - at,
				       "r%zu,r%zu,%g,%g\n", r->from[i],
				       r->to[i], r->months[i], r->dollars[i]);
	}
	{
		cp_graph *g = th_load(roles, transitions);
		cp_error err;
		assert_int_equal(
			cp_cost_parse(&r->months_cost, g, "months", &err), 0);
		assert_int_equal(
			cp_cost_parse(&r->dollars_cost, g, "dollars", &err), 0);
		return g;
	}
}

void or_free(or_graph *r, cp_graph *g)
{
	cp_cost_free(r->months_cost);
	cp_cost_free(r->dollars_cost);
	cp_graph_free(g);
}

void or_query_init(or_query *q, size_t from, size_t to, int objective)
{
	memset(q, 0, sizeof(*q));
	q->from = from;
	q->to = to;
	q->objective = objective;
	q->cap_months = INFINITY;
	q->cap_dollars = INFINITY;
}

double or_weight(const or_graph *r, size_t e, int objective)
{
	switch (objective) {
	case 0: return 1;
	case 1: return r->months[e];
	default: return r->months[e] + 2 * r->dollars[e];
	}
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
	or_path current;
} walk;

static void dfs(walk *w, size_t role, size_t stage)
{
	const or_graph *r = w->r;
	size_t e;
	if (role == w->q->to && stage == w->q->n_via) {
		assert_true(w->count < OR_PATHS_MAX);
		w->out[w->count++] = w->current;
		return;
	}
	for (e = 0; e < r->m; e++) {
		size_t next = r->to[e], next_stage;
		or_path saved = w->current;
		if (r->from[e] != role || w->q->avoid[next])
			continue;
		next_stage = advance(w->q, stage, next);
		if (w->seen[next][next_stage])
			continue;
		w->current.edges[w->current.n++] = e;
		w->current.cost += or_weight(r, e, w->q->objective);
		w->current.months += r->months[e];
		w->current.dollars += r->dollars[e];
		if (w->current.months <= w->q->cap_months &&
		    w->current.dollars <= w->q->cap_dollars) {
			w->seen[next][next_stage] = 1;
			dfs(w, next, next_stage);
			w->seen[next][next_stage] = 0;
		}
		w->current = saved;
	}
}

static int path_order(const void *a, const void *b)
{
	const or_path *x = a, *y = b;
	size_t i;
	if (x->cost != y->cost)
		return x->cost < y->cost ? -1 : 1;
	if (x->n != y->n)
		return x->n < y->n ? -1 : 1;
	for (i = x->n; i > 0; i--)
		if (x->edges[i - 1] != y->edges[i - 1])
			return x->edges[i - 1] < y->edges[i - 1] ? -1 : 1;
	return 0;
}

size_t or_routes(or_path *out, const or_graph *r, const or_query *q)
{
	static walk w;
	size_t stage = advance(q, 0, q->from);
	memset(&w, 0, sizeof(w));
	w.r = r;
	w.q = q;
	w.out = out;
	w.seen[q->from][stage] = 1;
	dfs(&w, q->from, stage);
	qsort(out, w.count, sizeof(*out), path_order);
	return w.count;
}

void or_to_query(cp_query *out, const or_graph *r, const or_query *q,
		 const cp_cost *cost, cp_cap caps[2], size_t avoid[OR_N_MAX])
{
	size_t i;
	cp_query init = CP_QUERY_INIT;
	*out = init;
	out->from = q->from;
	out->to = q->to;
	out->cost = cost;
	out->via = q->via;
	out->n_via = q->n_via;
	for (i = 0; i < OR_N_MAX; i++)
		if (q->avoid[i])
			avoid[out->n_avoid++] = i;
	out->avoid = avoid;
	if (isfinite(q->cap_months)) {
		caps[out->n_caps].cost = r->months_cost;
		caps[out->n_caps++].max = q->cap_months;
	}
	if (isfinite(q->cap_dollars)) {
		caps[out->n_caps].cost = r->dollars_cost;
		caps[out->n_caps++].max = q->cap_dollars;
	}
	out->caps = caps;
}
