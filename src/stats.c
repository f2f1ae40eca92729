/*
 * The graph as a career map: components and gateways from igraph over the
 * moves the searches follow, dead ends and entry roles from the arcs, and
 * the share and costs of routes from one single-source search per role,
 * counted by distinct cost so that memory does not grow with the pairs.
 */
#include "format_internal.h"
#include "internal.h"

#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* igraph as Debian builds it keeps global state: one caller at a time. */
static pthread_mutex_t igraph_lock = PTHREAD_MUTEX_INITIALIZER;

void cp_stats_free(cp_stats *stats)
{
	if (!stats)
		return;
	free(stats->cost);
	free(stats->gateways);
	free(stats->betweenness);
	free(stats->no_moves);
	free(stats);
}

/* Whether the role has a move to (out) or from (!out) another role. */
static int has_move(const cp_graph *g, size_t role, int out)
{
	const cp_idx *start = out ? g->out_start : g->in_start;
	const cp_idx *arcs = out ? g->out_edges : g->in_edges;
	size_t i;
	for (i = start[role]; i < start[role + 1]; i++)
		if ((out ? cp_arc_to(g, arcs[i]) : cp_arc_from(g, arcs[i])) !=
		    role)
			return 1;
	return 0;
}

/* Dead ends, entry roles, and what no entry role reaches (breadth first). */
static int count_ends(cp_stats *s, const cp_graph *g)
{
	size_t n = g->roles.rows, head = 0, tail = 0, role, i;
	size_t *queue = cp_alloc_array(n, sizeof(size_t));
	unsigned char *seen = calloc(n ? n : 1, 1);
	if (!queue || !seen) {
		free(queue);
		free(seen);
		return CP_ENOMEM;
	}
	s->no_moves = cp_alloc_array(n ? n : 1, sizeof(size_t));
	if (!s->no_moves) {
		free(queue);
		free(seen);
		return CP_ENOMEM;
	}
	for (role = 0; role < n; role++) {
		if (!has_move(g, role, 1))
			s->no_moves[s->dead_ends++] = role;
		if (!has_move(g, role, 0)) {
			s->entry_roles++;
			seen[role] = 1;
			queue[tail++] = role;
		}
	}
	while (head < tail) {
		role = queue[head++];
		for (i = g->out_start[role]; i < g->out_start[role + 1]; i++) {
			size_t next = cp_arc_to(g, g->out_edges[i]);
			if (!seen[next]) {
				seen[next] = 1;
				queue[tail++] = next;
			}
		}
	}
	s->unreachable = s->entry_roles ? n - tail : 0;
	free(queue);
	free(seen);
	return 0;
}

/*
 * How often each distinct route cost occurs, in an open-addressing table
 * keyed by the cost: memory follows the distinct costs, which on real
 * graphs are few (sums of whole months or steps), not the V^2 pairs, and
 * the percentiles stay exact.
 */
typedef struct cost_count {
	double cost;
	size_t count; /* 0: an empty slot */
} cost_count;

typedef struct cost_tally {
	cost_count *slots;
	size_t n_slots; /* 0 or a power of two, at most half full */
	size_t n_distinct;
	size_t total;
} cost_tally;

static size_t cost_hash(double cost)
{
	uint64_t x;
	memcpy(&x, &cost, sizeof(x));
	/* the finaliser of MurmurHash3: every bit of the double counts */
	x ^= x >> 33;
	x *= UINT64_C(0xff51afd7ed558ccd);
	x ^= x >> 33;
	x *= UINT64_C(0xc4ceb9fe1a85ec53);
	x ^= x >> 33;
	return (size_t)x;
}

static cost_count *tally_slot(cost_count *slots, size_t n_slots, double cost)
{
	size_t i = cost_hash(cost) & (n_slots - 1);
	while (slots[i].count && slots[i].cost != cost)
		i = (i + 1) & (n_slots - 1);
	return &slots[i];
}

static int tally_grow(cost_tally *t)
{
	size_t n_slots = t->n_slots ? 2 * t->n_slots : 64, i;
	cost_count *slots;
	if (n_slots > SIZE_MAX / 2 / sizeof(*slots) ||
	    !(slots = calloc(n_slots, sizeof(*slots))))
		return CP_ENOMEM;
	for (i = 0; i < t->n_slots; i++)
		if (t->slots[i].count)
			*tally_slot(slots, n_slots, t->slots[i].cost) =
				t->slots[i];
	free(t->slots);
	t->slots = slots;
	t->n_slots = n_slots;
	return 0;
}

/* Counts cost count more times. */
static int tally_add(cost_tally *t, double cost, size_t count)
{
	cost_count *slot;
	/* -0 and 0 are one value */
	if (cost == 0)
		cost = 0;
	if (2 * (t->n_distinct + 1) > t->n_slots && tally_grow(t))
		return CP_ENOMEM;
	slot = tally_slot(t->slots, t->n_slots, cost);
	if (!slot->count) {
		slot->cost = cost;
		t->n_distinct++;
	}
	slot->count += count;
	t->total += count;
	return 0;
}

static int by_cost(const void *a, const void *b)
{
	double x = ((const cost_count *)a)->cost,
	       y = ((const cost_count *)b)->cost;
	return x < y ? -1 : x > y;
}

/* The cost at 0-based rank among all counted, costs sorted. */
static double cost_at_rank(const cost_count *sorted, size_t rank)
{
	for (; rank >= sorted->count; sorted++)
		rank -= sorted->count;
	return sorted->cost;
}

/* The p-quantile of the counted costs (sorted: distinct, ascending),
 * interpolated between ranks as cp_stats documents. */
static double quantile(const cost_count *sorted, size_t total, double p)
{
	double h, low;
	size_t lo;
	if (!total)
		return NAN;
	h = (double)(total - 1) * p;
	lo = (size_t)h;
	low = cost_at_rank(sorted, lo);
	if (lo + 1 >= total)
		return low;
	return low + (h - (double)lo) * (cost_at_rank(sorted, lo + 1) - low);
}

/*
 * One worker's share of the single-source searches: the roles first, first +
 * stride, ... in a workspace of its own, tallied apart. The tallies count
 * by value, so merged they are the same whatever the split.
 */
typedef struct cost_worker {
	const cp_graph *g;
	const cp_cost *cost;
	size_t first, stride;
	cost_tally tally;
	int status;
	cp_error err;
} cost_worker;

static void *tally_costs(void *arg)
{
	cost_worker *w = arg;
	cp_workspace *ws = NULL;
	size_t role, i, run;
	cp_error_clear(&w->err);
	w->status = cp_workspace_new(&ws, w->g, &w->err);
	for (role = w->first; role < w->g->roles.rows && !w->status;
	     role += w->stride) {
		cp_query q = CP_QUERY_INIT;
		cp_routes *reached = NULL;
		q.kind = CP_QUERY_REACH;
		q.from = role;
		q.cost = w->cost;
		q.workspace = ws;
		if ((w->status = cp_search(&reached, w->g, &q, &w->err)))
			break;
		/* reached comes sorted by cost: equal costs side by side */
		for (i = 0; !w->status && i < reached->count; i += run) {
			for (run = 1; i + run < reached->count &&
				      reached->items[i + run].cost ==
					      reached->items[i].cost;
			     run++)
				;
			if (tally_add(&w->tally, reached->items[i].cost, run))
				w->status = cp_fail_oom(&w->err);
		}
		cp_routes_free(reached);
	}
	cp_workspace_free(ws);
	return NULL;
}

/* Every ordered pair's cheapest cost, one single-source search per role on
 * jobs threads, tallied by distinct cost. A failure reported is that of the
 * first worker that failed, so the message does not depend on timing. */
static int route_costs(cp_stats *s, const cp_graph *g, const cp_cost *cost,
		       size_t jobs, cp_error *err)
{
	cost_tally tally = {NULL, 0, 0, 0};
	cost_worker *workers;
	pthread_t *threads;
	size_t i, k, n, started = 0;
	int status = 0;
	if (jobs > g->roles.rows)
		jobs = g->roles.rows;
	if (!jobs)
		jobs = 1;
	workers = cp_alloc_array(jobs, sizeof(*workers));
	threads = cp_alloc_array(jobs, sizeof(*threads));
	if (!workers || !threads) {
		free(workers);
		free(threads);
		return cp_fail_oom(err);
	}
	memset(workers, 0, jobs * sizeof(*workers));
	for (k = 0; k < jobs; k++) {
		workers[k].g = g;
		workers[k].cost = cost;
		workers[k].first = k;
		workers[k].stride = jobs;
	}
	/* worker 0 runs on this thread; one that cannot start runs here too */
	for (k = 1; k < jobs; k++, started++)
		if (pthread_create(&threads[k], NULL, tally_costs, &workers[k]))
			break;
	tally_costs(&workers[0]);
	for (k = 1; k <= started; k++)
		pthread_join(threads[k], NULL);
	for (k = started + 1; k < jobs; k++)
		tally_costs(&workers[k]);
	for (k = 0; k < jobs && !status; k++)
		if ((status = workers[k].status))
			*err = workers[k].err;
	for (k = 0; k < jobs && !status; k++)
		for (i = 0; i < workers[k].tally.n_slots && !status; i++)
			if (workers[k].tally.slots[i].count &&
			    tally_add(&tally, workers[k].tally.slots[i].cost,
				      workers[k].tally.slots[i].count))
				status = cp_fail_oom(err);
	if (!status) {
		/* the table, packed and sorted: its first n_distinct slots */
		for (i = 0, n = 0; i < tally.n_slots; i++)
			if (tally.slots[i].count)
				tally.slots[n++] = tally.slots[i];
		if (n)
			qsort(tally.slots, n, sizeof(*tally.slots), by_cost);
		s->routed = tally.total;
		s->median_cost = quantile(tally.slots, tally.total, 0.5);
		s->p90_cost = quantile(tally.slots, tally.total, 0.9);
	}
	for (k = 0; k < jobs; k++)
		free(workers[k].tally.slots);
	free(workers);
	free(threads);
	free(tally.slots);
	return status;
}

/* The moves as a simple directed igraph network: parallel moves and
 * moves from a role to itself count once and not at all. */
static igraph_error_t build_moves(igraph_t *moves, const cp_graph *g)
{
	igraph_vector_int_t ends;
	igraph_error_t code;
	size_t a;
	if ((code = igraph_vector_int_init(&ends,
					   (igraph_integer_t)(2 * g->n_arcs))))
		return code;
	for (a = 0; a < g->n_arcs; a++) {
		VECTOR(ends)[2 * a] = (igraph_integer_t)cp_arc_from(g, a);
		VECTOR(ends)[2 * a + 1] = (igraph_integer_t)cp_arc_to(g, a);
	}
	code = igraph_create(moves, &ends, (igraph_integer_t)g->roles.rows,
			     IGRAPH_DIRECTED);
	igraph_vector_int_destroy(&ends);
	if (!code && (code = igraph_simplify(moves, 1, 1, NULL)))
		igraph_destroy(moves);
	return code;
}

typedef struct ranked {
	double score;
	size_t role;
} ranked;

static int by_score(const void *a, const void *b)
{
	const ranked *x = a, *y = b;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return x->role < y->role ? -1 : x->role > y->role;
}

static int pick_gateways(cp_stats *s, const igraph_vector_t *scores,
			 size_t n_roles, size_t max)
{
	ranked *list = cp_alloc_array(n_roles, sizeof(*list));
	size_t role, n = 0;
	if (!list)
		return CP_ENOMEM;
	for (role = 0; role < n_roles; role++)
		if (VECTOR(*scores)[role] > 0) {
			list[n].score = VECTOR(*scores)[role];
			list[n++].role = role;
		}
	qsort(list, n, sizeof(*list), by_score);
	if (n > max)
		n = max;
	s->gateways = cp_alloc_array(n, sizeof(size_t));
	s->betweenness = cp_alloc_array(n, sizeof(double));
	if (!s->gateways || !s->betweenness) {
		free(list);
		return CP_ENOMEM;
	}
	for (s->n_gateways = 0; s->n_gateways < n; s->n_gateways++) {
		s->gateways[s->n_gateways] = list[s->n_gateways].role;
		s->betweenness[s->n_gateways] = list[s->n_gateways].score;
	}
	free(list);
	return 0;
}

/* Components and gateways: the part that calls igraph. */
static int network_stats(cp_stats *s, const cp_graph *g, size_t max_gateways,
			 cp_error *err)
{
	igraph_t moves;
	igraph_vector_int_t membership, sizes;
	igraph_vector_t scores;
	igraph_integer_t n_components;
	cp_igraph_guard guard;
	igraph_error_t code;
	int status = 0, ready = 0;
	size_t i;

	pthread_mutex_lock(&igraph_lock);
	cp_igraph_enter(&guard);
	if ((code = build_moves(&moves, g))) {
		status = cp_fail_igraph(err, code, "building the moves");
		goto unlock;
	}
	if ((code = igraph_vector_int_init(&membership, 0)) ||
	    (code = igraph_vector_int_init(&sizes, 0)) ||
	    (code = igraph_vector_init(&scores, 0))) {
		status = cp_fail_igraph(err, code, "statistics");
		goto cleanup;
	}
	ready = 1;
	if ((code = igraph_connected_components(&moves, &membership, &sizes,
						&n_components,
						IGRAPH_STRONG))) {
		status = cp_fail_igraph(err, code, "strong components");
		goto cleanup;
	}
	s->components = (size_t)n_components;
	for (i = 0; i < (size_t)n_components; i++)
		if ((size_t)VECTOR(sizes)[i] > s->largest_component)
			s->largest_component = (size_t)VECTOR(sizes)[i];
	if ((code = igraph_betweenness(&moves, &scores, igraph_vss_all(), 1,
				       NULL))) {
		status = cp_fail_igraph(err, code, "betweenness");
		goto cleanup;
	}
	if (pick_gateways(s, &scores, g->roles.rows, max_gateways))
		status = cp_fail_oom(err);
cleanup:
	if (ready) {
		igraph_vector_int_destroy(&membership);
		igraph_vector_int_destroy(&sizes);
		igraph_vector_destroy(&scores);
	}
	igraph_destroy(&moves);
unlock:
	cp_igraph_leave(&guard);
	pthread_mutex_unlock(&igraph_lock);
	return status;
}

int cp_stats_compute(cp_stats **out, const cp_graph *graph, const cp_cost *cost,
		     size_t max_gateways, size_t jobs, cp_error *err)
{
	cp_stats *s = calloc(1, sizeof(*s));
	size_t n = graph->roles.rows;
	int status = 0;

	*out = NULL;
	if (!s || !(s->cost = strdup(cost ? cp_cost_text(cost) : "steps"))) {
		status = cp_fail_oom(err);
		goto cleanup;
	}
	s->roles = n;
	s->transitions = graph->transitions.rows;
	s->pairs = n > 1 ? n * (n - 1) : 0;
	if (count_ends(s, graph)) {
		status = cp_fail_oom(err);
		goto cleanup;
	}
	if ((status = route_costs(s, graph, cost, jobs, err)) ||
	    (status = network_stats(s, graph, max_gateways, err)))
		goto cleanup;
	s->unrouted_unreachable =
		s->pairs - s->routed - (n > 1 ? s->dead_ends * (n - 1) : 0);
	*out = s;
	s = NULL;
cleanup:
	cp_stats_free(s);
	return status;
}

/* ---- output ---- */

static int format_text(cp_buf *out, const cp_graph *g, const cp_stats *s)
{
	size_t i;
	int failed = cp_buf_printf(
		out,
		"roles: %zu\ntransitions: %zu\n"
		"strongly connected components: %zu "
		"(largest: %zu role%s)\n"
		"dead ends: %zu\nentry roles: %zu\n"
		"unreachable from entry roles: %zu\n"
		"pairs with a route: %zu of %zu",
		s->roles, s->transitions, s->components, s->largest_component,
		s->largest_component == 1 ? "" : "s", s->dead_ends,
		s->entry_roles, s->unreachable, s->routed, s->pairs);
	if (s->pairs)
		failed |= cp_buf_puts(out, " (") ||
			  cp_buf_put_num(out,
					 100.0 * (double)s->routed /
						 (double)s->pairs,
					 CP_NUM_SHARE, CP_FORMAT_TEXT) ||
			  cp_buf_puts(out, ")");
	failed |= cp_buf_printf(out,
				"\npairs without a route: %zu from the roles "
				"with no moves, %zu unreachable",
				s->pairs - s->routed - s->unrouted_unreachable,
				s->unrouted_unreachable);
	failed |= cp_buf_printf(out, "\nroute cost by %s: median ", s->cost) ||
		  cp_buf_put_number(out, s->median_cost, CP_FORMAT_TEXT) ||
		  cp_buf_puts(out, ", 90th percentile ") ||
		  cp_buf_put_number(out, s->p90_cost, CP_FORMAT_TEXT) ||
		  cp_buf_puts(out, "\ngateways (betweenness):");
	if (!s->n_gateways)
		failed |= cp_buf_puts(out, " none");
	for (i = 0; i < s->n_gateways; i++)
		failed |= cp_buf_printf(out, "\n  %s (%s) ",
					cp_role_title(g, s->gateways[i]),
					cp_role_id(g, s->gateways[i])) ||
			  cp_buf_put_num(out, s->betweenness[i], CP_NUM_SCORE,
					 CP_FORMAT_TEXT);
	failed |= cp_buf_puts(out, "\nroles with no moves:");
	if (!s->dead_ends)
		failed |= cp_buf_puts(out, " none");
	for (i = 0; i < s->dead_ends; i++)
		failed |= cp_buf_printf(out, "\n  %s (%s)",
					cp_role_title(g, s->no_moves[i]),
					cp_role_id(g, s->no_moves[i]));
	failed |= cp_buf_puts(out, "\n");
	return failed ? CP_ENOMEM : 0;
}

/* A role's name (cp_put_role_name()) as a JSON string. */
static int put_json_name(cp_buf *out, const cp_graph *g, size_t role)
{
	cp_buf name = CP_BUF_INIT;
	int status = cp_put_role_name(&name, g, role) ||
		     cp_buf_put_json_string(out, name.ptr);
	cp_buf_free(&name);
	return status ? CP_ENOMEM : 0;
}

static int format_json(cp_buf *out, const cp_graph *g, const cp_stats *s)
{
	size_t i;
	int failed = cp_buf_printf(
		out,
		"{\"roles\":%zu,\"transitions\":%zu,\"components\":%zu,"
		"\"largest_component\":%zu,\"dead_ends\":%zu,"
		"\"entry_roles\":%zu,\"unreachable\":%zu,\"pairs\":%zu,"
		"\"routed\":%zu,\"unrouted_no_moves\":%zu,"
		"\"unrouted_unreachable\":%zu,\"by\":",
		s->roles, s->transitions, s->components, s->largest_component,
		s->dead_ends, s->entry_roles, s->unreachable, s->pairs,
		s->routed, s->pairs - s->routed - s->unrouted_unreachable,
		s->unrouted_unreachable);
	failed |= cp_buf_put_json_string(out, s->cost) ||
		  cp_buf_puts(out, ",\"median_cost\":") ||
		  cp_buf_put_number(out, s->median_cost, CP_FORMAT_JSON) ||
		  cp_buf_puts(out, ",\"p90_cost\":") ||
		  cp_buf_put_number(out, s->p90_cost, CP_FORMAT_JSON) ||
		  cp_buf_puts(out, ",\"gateways\":[");
	for (i = 0; i < s->n_gateways; i++)
		failed |= cp_buf_puts(out, i ? ",{\"id\":" : "{\"id\":") ||
			  cp_buf_put_json_string(
				  out, cp_role_id(g, s->gateways[i])) ||
			  cp_buf_puts(out, ",\"title\":") ||
			  cp_buf_put_json_string(
				  out, cp_role_title(g, s->gateways[i])) ||
			  cp_buf_puts(out, ",\"name\":") ||
			  put_json_name(out, g, s->gateways[i]) ||
			  cp_buf_puts(out, ",\"betweenness\":") ||
			  cp_buf_put_num(out, s->betweenness[i], CP_NUM_SCORE,
					 CP_FORMAT_JSON) ||
			  cp_buf_puts(out, "}");
	failed |= cp_buf_puts(out, "],\"no_moves\":[");
	for (i = 0; i < s->dead_ends; i++)
		failed |= cp_buf_puts(out, i ? ",{\"id\":" : "{\"id\":") ||
			  cp_buf_put_json_string(
				  out, cp_role_id(g, s->no_moves[i])) ||
			  cp_buf_puts(out, ",\"title\":") ||
			  cp_buf_put_json_string(
				  out, cp_role_title(g, s->no_moves[i])) ||
			  cp_buf_puts(out, ",\"name\":") ||
			  put_json_name(out, g, s->no_moves[i]) ||
			  cp_buf_puts(out, "}");
	failed |= cp_buf_puts(out, "]}\n");
	return failed ? CP_ENOMEM : 0;
}

static int csv_count(cp_buf *out, const char *name, size_t value)
{
	return cp_buf_printf(out, "%s,,%zu\n", name, value);
}

static int format_csv(cp_buf *out, const cp_graph *g, const cp_stats *s)
{
	size_t i;
	int failed =
		cp_buf_puts(out, "statistic,role,value\n") ||
		csv_count(out, "roles", s->roles) ||
		csv_count(out, "transitions", s->transitions) ||
		csv_count(out, "components", s->components) ||
		csv_count(out, "largest_component", s->largest_component) ||
		csv_count(out, "dead_ends", s->dead_ends) ||
		csv_count(out, "entry_roles", s->entry_roles) ||
		csv_count(out, "unreachable", s->unreachable) ||
		csv_count(out, "pairs", s->pairs) ||
		csv_count(out, "routed", s->routed) ||
		csv_count(out, "unrouted_no_moves",
			  s->pairs - s->routed - s->unrouted_unreachable) ||
		csv_count(out, "unrouted_unreachable",
			  s->unrouted_unreachable) ||
		cp_buf_puts(out, "by,,") ||
		cp_buf_put_csv_field(out, s->cost) || cp_buf_puts(out, "\n") ||
		cp_buf_puts(out, "median_cost,,") ||
		cp_buf_put_number(out, s->median_cost, CP_FORMAT_CSV) ||
		cp_buf_puts(out, "\np90_cost,,") ||
		cp_buf_put_number(out, s->p90_cost, CP_FORMAT_CSV) ||
		cp_buf_puts(out, "\n");
	for (i = 0; i < s->n_gateways; i++)
		failed |= cp_buf_puts(out, "gateway,") ||
			  cp_buf_put_csv_field(out,
					       cp_role_id(g, s->gateways[i])) ||
			  cp_buf_puts(out, ",") ||
			  cp_buf_put_num(out, s->betweenness[i], CP_NUM_SCORE,
					 CP_FORMAT_CSV) ||
			  cp_buf_puts(out, "\n");
	for (i = 0; i < s->dead_ends; i++)
		failed |= cp_buf_puts(out, "no_moves,") ||
			  cp_buf_put_csv_field(out,
					       cp_role_id(g, s->no_moves[i])) ||
			  cp_buf_puts(out, ",\n");
	return failed ? CP_ENOMEM : 0;
}

int cp_stats_format(cp_buf *out, const cp_graph *graph, const cp_stats *stats,
		    cp_format format)
{
	switch (format) {
	case CP_FORMAT_JSON: return format_json(out, graph, stats);
	case CP_FORMAT_CSV: return format_csv(out, graph, stats);
	default: return format_text(out, graph, stats);
	}
}
