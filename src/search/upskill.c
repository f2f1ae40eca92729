/*
 * Upskilling what-ifs: which single role, held as well, opens most. One
 * reach search as things are, then one per candidate with the candidate
 * among the roles held (cp_query.also); the roles the second lists and
 * the first does not are what the candidate opens. The first search's
 * labels are kept (cp_reach_solve_base), so that each candidate's search
 * goes only where the first's did not (cp_reach_solve_more).
 */
#include "search_internal.h"

#include "careerpath/upskill.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct cp_upskill {
	size_t from;
	char *by;
	size_t reached;
	size_t today_role;
	double today;
	size_t count;
	cp_upskill_option *items;
	size_t **new_roles; /* each option's own, which it points to */
	size_t n_slots;	    /* of new_roles, NULL until filled */
};

/* The best paid of roles (n), the first on a tie; CP_NO_ROLE if none. */
static size_t best_paid(const cp_graph *g, const size_t *roles, size_t n)
{
	size_t i, best = CP_NO_ROLE;
	for (i = 0; i < n; i++) {
		double wage = cp_role_wage(g, roles[i]);
		if (!isnan(wage) &&
		    (best == CP_NO_ROLE || wage > cp_role_wage(g, best)))
			best = roles[i];
	}
	return best;
}

/*
 * The query as a reach, in ws, holding the roles of q (extra CP_NO_ROLE:
 * the base, kept), or those and extra: only the roles extra opens.
 */
static int reach(cp_routes **out, const cp_graph *g, const cp_query *q,
		 cp_workspace *ws, size_t *held, size_t extra, cp_error *err)
{
	cp_query asked = *q;
	asked.kind = CP_QUERY_REACH;
	asked.workspace = ws;
	if (q->n_also)
		memcpy(held, q->also, q->n_also * sizeof(size_t));
	asked.also = held;
	asked.n_also = q->n_also;
	if (extra == CP_NO_ROLE)
		return cp_search_by(out, g, &asked, cp_reach_solve_base, err);
	held[asked.n_also++] = extra;
	return cp_search_by(out, g, &asked, cp_reach_solve_more, err);
}

/* Whether role may be a candidate: not the start, not held, not avoided. */
static int candidate_ok(const cp_query *q, size_t role)
{
	size_t i;
	if (cp_role_held(q, role))
		return 0;
	for (i = 0; i < q->n_avoid; i++)
		if (q->avoid[i] == role)
			return 0;
	return 1;
}

/*
 * Leaves marked only the roles within reach under the caps and step rules
 * of q, whatever its destination rules: a move that alone breaks a cap is
 * no addition one can make within it (a graduate degree is no answer to
 * "what can I add within a year?"). Without caps or step rules everything
 * one move away is within reach.
 */
static int keep_within_caps(unsigned char *mark, const cp_graph *g,
			    const cp_query *q, cp_workspace *ws, cp_error *err)
{
	cp_step_rules rules = cp_step_rules_of(q);
	cp_query asked = *q;
	cp_routes *within = NULL;
	unsigned char *seen;
	size_t i;
	int status;
	if (!q->n_caps && !cp_step_rules_set(&rules))
		return 0;
	asked.kind = CP_QUERY_REACH;
	asked.workspace = ws;
	asked.growing = 0;
	asked.has_min_openings = 0;
	asked.has_max_payback = 0;
	if (!(seen = calloc(g->roles.rows ? g->roles.rows : 1, 1)))
		return cp_fail_oom(err);
	if (!(status = cp_search(&within, g, &asked, err))) {
		for (i = 0; i < within->count; i++) {
			const cp_route *r = &within->items[i];
			seen[r->roles[r->n_steps]] = 1;
		}
		for (i = 0; i < g->roles.rows; i++)
			mark[i] = mark[i] && seen[i];
	}
	cp_routes_free(within);
	free(seen);
	return status;
}

/*
 * The candidates, in roles.csv order without repeats, into mark (1 for
 * each) and list: those given, each checked, or every role one move out
 * of q->from that is within reach under the caps (keep_within_caps).
 */
static int candidates_of(size_t *list, size_t *n, unsigned char *mark,
			 const cp_graph *g, const cp_query *q,
			 const size_t *given, size_t n_given, cp_workspace *ws,
			 cp_error *err)
{
	size_t i, role;
	int status;
	if (given) {
		for (i = 0; i < n_given; i++) {
			if (given[i] >= g->roles.rows)
				return cp_fail(err, CP_EINVALID, NULL, 0, 0,
					       "a role to try does not exist");
			if (!candidate_ok(q, given[i]))
				return cp_fail(err, CP_EINVALID, NULL, 0, 0,
					       "cannot try '%s': it is %s",
					       cp_role_title(g, given[i]),
					       cp_role_held(q, given[i])
						       ? "held already"
						       : "avoided");
			mark[given[i]] = 1;
		}
	} else {
		for (i = g->out_start[q->from]; i < g->out_start[q->from + 1];
		     i++) {
			role = cp_arc_to(g, g->out_edges[i]);
			mark[role] = candidate_ok(q, role);
		}
		if ((status = keep_within_caps(mark, g, q, ws, err)))
			return status;
	}
	for (*n = 0, role = 0; role < g->roles.rows; role++)
		if (mark[role])
			list[(*n)++] = role;
	return 0;
}

/* The least cost of one move from q->from into role; NaN if none. */
static double step_cost(const cp_graph *g, const cp_query *q, size_t role)
{
	double least = NAN;
	size_t i;
	for (i = g->out_start[q->from]; i < g->out_start[q->from + 1]; i++) {
		size_t arc = g->out_edges[i];
		double cost;
		if (cp_arc_to(g, arc) != role)
			continue;
		cost = cp_step_cost(g, q->cost, arc, q->experience);
		if (isnan(least) || cost < least)
			least = cost;
	}
	return least;
}

/* What role opens: the roles of with that today does not reach. */
static int fill_option(cp_upskill_option *o, size_t **new_roles,
		       const cp_graph *g, const cp_routes *with,
		       const unsigned char *today, double today_best)
{
	size_t i;
	*new_roles =
		cp_alloc_array(with->count ? with->count : 1, sizeof(size_t));
	if (!*new_roles)
		return CP_ENOMEM;
	for (i = 0; i < with->count; i++) {
		const cp_route *r = &with->items[i];
		size_t end = r->roles[r->n_steps];
		if (!today[end])
			(*new_roles)[o->n_new++] = end;
	}
	o->new_roles = *new_roles;
	o->best_role = best_paid(g, o->new_roles, o->n_new);
	o->best_wage = o->best_role == CP_NO_ROLE
			       ? NAN
			       : cp_role_wage(g, o->best_role);
	o->gain_usd = o->best_wage - today_best;
	o->gain_pct = today_best > 0 ? 100 * o->gain_usd / today_best : NAN;
	return 0;
}

/* Most roles opened, then the highest gain (not known last), then role. */
static int by_rank(const void *pa, const void *pb)
{
	const cp_upskill_option *a = pa, *b = pb;
	if (a->n_new != b->n_new)
		return a->n_new > b->n_new ? -1 : 1;
	if (isnan(a->gain_usd) != isnan(b->gain_usd))
		return isnan(a->gain_usd) ? 1 : -1;
	if (!isnan(a->gain_usd) && a->gain_usd != b->gain_usd)
		return a->gain_usd > b->gain_usd ? -1 : 1;
	return a->role < b->role ? -1 : a->role > b->role;
}

/* Today: what is reached, and the best pay of start, held and reached. */
static void note_today(cp_upskill *u, unsigned char *today, const cp_graph *g,
		       const cp_query *q, const cp_routes *now)
{
	size_t i, role, *best = &u->today_role;
	u->reached = now->count;
	for (i = 0; i < now->count; i++) {
		const cp_route *r = &now->items[i];
		today[r->roles[r->n_steps]] = 1;
	}
	for (i = 0; i < cp_held_count(q); i++)
		if ((role = cp_held_at(q, i)) != CP_NO_ROLE)
			today[role] = 1;
	*best = CP_NO_ROLE;
	for (role = 0; role < g->roles.rows; role++)
		if (today[role] && !isnan(cp_role_wage(g, role)) &&
		    (*best == CP_NO_ROLE ||
		     cp_role_wage(g, role) > cp_role_wage(g, *best)))
			*best = role;
	u->today = *best == CP_NO_ROLE ? NAN : cp_role_wage(g, *best);
}

int cp_upskill_rank(cp_upskill **out, const cp_graph *graph, const cp_query *q,
		    const size_t *candidates, size_t n_candidates,
		    cp_error *err)
{
	size_t n = graph->roles.rows, n_list = 0, i, *list = NULL, *held = NULL;
	unsigned char *mark = NULL, *today = NULL;
	cp_workspace *ws = q->workspace;
	cp_routes *now = NULL, *with = NULL;
	cp_upskill *u = NULL;
	cp_query asked = *q;
	int status;

	*out = NULL;
	asked.kind = CP_QUERY_REACH;
	if ((status = cp_reach_check(graph, &asked, err)))
		return status;
	u = calloc(1, sizeof(*u));
	list = cp_alloc_array(n ? n : 1, sizeof(size_t));
	held = cp_alloc_array(q->n_also + 1, sizeof(size_t));
	mark = calloc(n ? n : 1, 1);
	today = calloc(n ? n : 1, 1);
	if (!u || !list || !held || !mark || !today ||
	    !(u->by = strdup(cp_cost_text(q->cost))) ||
	    (!ws && cp_workspace_new(&ws, graph, err))) {
		status = cp_fail_oom(err);
		goto cleanup;
	}
	u->from = q->from;
	if ((status = candidates_of(list, &n_list, mark, graph, q, candidates,
				    n_candidates, ws, err)) ||
	    (status = reach(&now, graph, q, ws, held, CP_NO_ROLE, err)))
		goto cleanup;
	note_today(u, today, graph, q, now);
	u->items = calloc(n_list ? n_list : 1, sizeof(*u->items));
	u->new_roles = calloc(n_list ? n_list : 1, sizeof(size_t *));
	if (!u->items || !u->new_roles) {
		status = cp_fail_oom(err);
		goto cleanup;
	}
	u->n_slots = n_list;
	for (i = 0; i < n_list; i++) {
		cp_upskill_option *o = &u->items[i];
		if ((status = reach(&with, graph, q, ws, held, list[i], err)))
			goto cleanup;
		o->role = list[i];
		o->step_cost = step_cost(graph, q, list[i]);
		if (fill_option(o, &u->new_roles[i], graph, with, today,
				u->today)) {
			status = cp_fail_oom(err);
			goto cleanup;
		}
		u->count++;
		cp_routes_free(with);
		with = NULL;
	}
	qsort(u->items, u->count, sizeof(*u->items), by_rank);
	*out = u;
	u = NULL;
cleanup:
	if (ws != q->workspace)
		cp_workspace_free(ws);
	cp_routes_free(now);
	cp_routes_free(with);
	cp_upskill_free(u);
	free(list);
	free(held);
	free(mark);
	free(today);
	return status;
}

void cp_upskill_free(cp_upskill *u)
{
	size_t i;
	if (!u)
		return;
	for (i = 0; u->new_roles && i < u->n_slots; i++)
		free(u->new_roles[i]);
	free(u->new_roles);
	free(u->items);
	free(u->by);
	free(u);
}

size_t cp_upskill_from(const cp_upskill *u)
{
	return u->from;
}

const char *cp_upskill_by(const cp_upskill *u)
{
	return u->by;
}

size_t cp_upskill_reached(const cp_upskill *u)
{
	return u->reached;
}

size_t cp_upskill_today_role(const cp_upskill *u)
{
	return u->today_role;
}

double cp_upskill_today(const cp_upskill *u)
{
	return u->today;
}

size_t cp_upskill_count(const cp_upskill *u)
{
	return u->count;
}

const cp_upskill_option *cp_upskill_at(const cp_upskill *u, size_t i)
{
	return i < u->count ? &u->items[i] : NULL;
}
