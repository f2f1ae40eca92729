/* Private to the searches: the label-setting engine and route building. */
#ifndef CP_SEARCH_INTERNAL_H
#define CP_SEARCH_INTERNAL_H

#include "internal.h"

#define CP_NONE ((size_t)-1)

/*
 * The label-setting engine. A state is a role and a via stage (how many
 * via roles the route has passed, in order): state = role * stages + stage.
 * A label is one way of reaching a state, with its cost, steps and
 * resource totals; a label is dropped when a settled label at its state is
 * no worse in all of them, which keeps routes loopless and, with no
 * resources, makes the engine Dijkstra's algorithm.
 *
 * Settling order: cost, steps, then the transitions taken compared from
 * the last back (creation order last); so results never depend on heap
 * layout, and ties go as in careerpath.h. limit counts labels over every
 * run of one engine, so Yen's many spur searches share one budget.
 */
typedef struct cp_engine {
	/* what to search: set before cp_engine_init() */
	const cp_graph *g;
	const cp_cost *cost;
	size_t n_res;
	const cp_cost *res_cost[CP_COLUMNS_MAX + 1];
	double res_cap[CP_COLUMNS_MAX + 1]; /* INFINITY when uncapped */
	const size_t *via;
	size_t n_via;
	int reverse; /* follow transitions backward (feeder roles) */
	size_t limit;
	/* the query's rules: experience already worked in credit_role, which
	 * counts on a first step out of it; the least wage rise per step */
	size_t credit_role;
	double credit;
	int has_min_gain;
	double min_gain;
	/* masks, owned by the caller, NULL for none */
	const unsigned char *role_blocked;
	const unsigned char *state_blocked;
	const unsigned char *spur_edge_blocked; /* leaving spur_state only */
	size_t spur_state;

	/* workspace */
	size_t n_states, stages;
	size_t n_labels, cap_labels;
	size_t labels_made; /* over every run, against limit */
	double *l_cost;
	size_t *l_steps, *l_state, *l_pred, *l_edge, *l_next;
	double *l_res;
	size_t *heap, n_heap;
	size_t *settled_head; /* per state: its settled labels, newest first */
	size_t *touched, n_touched; /* states with settled labels, to reset */
} cp_engine;

int cp_engine_init(cp_engine *e, cp_error *err);
void cp_engine_free(cp_engine *e);

/*
 * Runs from start_role with the given starting totals (res may be NULL for
 * zeros). With target_role set, stops when a label at the target's final
 * stage settles and returns it in *found (CP_NONE if none); with
 * target_role CP_NONE, settles everything reachable. Returns 0,
 * CP_ELIMIT or CP_ENOMEM.
 */
int cp_engine_run(cp_engine *e, size_t start_role, size_t start_stage,
		  double start_cost, size_t start_steps,
		  const double *start_res, size_t target_role,
		  int stop_at_target, size_t *found, cp_error *err);

/* The stage after arriving at role. */
size_t cp_engine_advance(const cp_engine *e, size_t stage, size_t role);

/* Transitions from the start to label, in route order (n at most steps). */
int cp_engine_path(const cp_engine *e, size_t label, size_t **edges, size_t *n);

/* Sets up resources and via for a query; metric NaN is left to the caller. */
int cp_engine_for_query(cp_engine *e, const cp_graph *g, const cp_query *q,
			cp_error *err);

/*
 * Steps. A search's edges are arcs (internal.h). credit is the experience
 * already worked in the role the arc leaves, when the arc is the first step
 * of a route from the query's start, and 0 otherwise: it comes off
 * experience_months (and elapsed_months) of that step.
 */
double cp_step_value(const cp_graph *g, size_t metric, size_t arc,
		     double credit);
double cp_step_cost(const cp_graph *g, const cp_cost *cost, size_t arc,
		    double credit);
/*
 * Whether a step from one role to another raises the wage by min_gain
 * percent (the rule of cp_query.min_gain).
 */
int cp_step_pays(const cp_graph *g, double min_gain, size_t from, size_t to);

/*
 * Fills a route from its arcs: roles, transitions, each step's values,
 * totals, cost under cost; credit as for cp_step_value on the first step.
 */
int cp_route_fill(cp_route *route, const cp_graph *g, const cp_cost *cost,
		  size_t start, const size_t *edges, size_t n, double credit);
void cp_route_clear(cp_route *route);

/* Transitions a query cannot use: a metric of its cost or caps is blank. */
size_t cp_count_unusable(const cp_graph *g, const cp_query *q);

/* Checks the roles a query names; returns 0 or CP_EINVALID. */
int cp_query_check(const cp_graph *g, const cp_query *q, cp_error *err);

/* A blocked-role mask from q->avoid (NULL when none), for the caller to free.
 */
int cp_avoid_mask(unsigned char **out, const cp_graph *g, const cp_query *q);

/* Yen's k loopless routes over the engine (kroutes.c); blocked: avoid mask. */
int cp_search_k(cp_routes *routes, const cp_graph *g, const cp_query *q,
		const unsigned char *blocked, cp_error *err);

#endif
