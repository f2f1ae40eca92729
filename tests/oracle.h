/*
 * An independent answer for the query tests: small random graphs and the
 * enumeration of every route, by depth-first search over (role, via stage)
 * states that never repeats a state; the definition in careerpath.h, with
 * none of the library's search code. Kinds of roles, experience credit and
 * the wage rule are worked out here from their definitions too: which
 * transitions a role may take (its own and its ancestors'), what a first
 * step counts, which steps pay, which steps keep the career rules.
 */
#ifndef CP_TEST_ORACLE_H
#define CP_TEST_ORACLE_H

#include "helpers.h"

#define OR_N_MAX 7
#define OR_E_MAX 16
#define OR_PATH_MAX 24
#define OR_PATHS_MAX 200000

/*
 * The metrics of every random graph, in the library's order: transitions.csv
 * has months, experience_months and dollars, and the graph adds
 * elapsed_months.
 */
enum { OR_MONTHS, OR_EXPERIENCE, OR_DOLLARS, OR_ELAPSED, OR_N_METRICS };

/* A cost: its text for the library, and its weights for the oracle. */
typedef struct or_cost_def {
	const char *text;
	double steps;
	double weight[OR_N_METRICS];
} or_cost_def;

#define OR_N_COSTS 7
/* 0 is steps, 1 months, 6 dollars; the others mix metrics */
extern const or_cost_def or_costs[OR_N_COSTS];

typedef struct or_graph {
	size_t n, m;
	/* the role each is a kind of (parent < role), or CP_NO_ROLE */
	size_t parent[OR_N_MAX];
	/* NaN where blank, or where roles.csv has no wages */
	double wage[OR_N_MAX];
	int has_wages; /* a number column median_wage_usd */
	/* the number column zone of roles.csv, NaN where blank, and its
	 * place among the columns */
	double zone[OR_N_MAX];
	size_t zone_col;
	size_t from[OR_E_MAX], to[OR_E_MAX];
	double value[OR_E_MAX][OR_N_METRICS]; /* NaN where blank */
	/* or_costs parsed for this graph; or_free() frees them */
	cp_cost *costs[OR_N_COSTS];
	/* the files, to load the same graph again */
	char roles_csv[512], transitions_csv[2048];
} or_graph;

typedef struct or_path {
	size_t n;
	unsigned char tr[OR_PATH_MAX];
	unsigned char role[OR_PATH_MAX + 1];
	double cost;
	double totals[OR_N_METRICS];
} or_path;

typedef struct or_query {
	size_t from, to;
	int objective; /* index in or_costs */
	size_t via[2];
	size_t n_via;
	unsigned char avoid[OR_N_MAX];
	size_t n_caps;
	int cap_cost[2]; /* index in or_costs */
	double cap_max[2];
	double experience;
	int has_min_gain;
	double min_gain;
	/*
	 * Career rules: on each step a metric's value at most max (OR_STEP),
	 * the zone of the role entered at most max (OR_ZONE), or the zone's
	 * rise at most max (OR_RISE); and the same for the library.
	 */
	size_t n_rules;
	int rule_kind[2];
	int rule_metric[2];
	double rule_max[2];
	cp_rule lib_rules[2];
} or_query;

enum { OR_STEP, OR_ZONE, OR_RISE };

/* A random graph as above, loaded for the library. */
cp_graph *or_random(or_graph *r, uint64_t *rng);
/* Loads the files of r again, as a new graph. */
cp_graph *or_reload(const or_graph *r);
/* Frees what or_random() made. */
void or_free(or_graph *r, cp_graph *g);
size_t or_rand(uint64_t *rng, size_t bound);
void or_query_init(or_query *q, size_t from, size_t to, int objective);
/* Adds a cap on a random cost. */
void or_random_cap(or_query *q, uint64_t *rng);
/*
 * Sometimes sets experience already worked, sometimes a wage rule,
 * sometimes career rules.
 */
void or_random_rules(or_query *q, const or_graph *r, uint64_t *rng);
/*
 * Whether a step from role by transition t keeps the wage rule and the
 * career rules of q, by their definitions in careerpath.h.
 */
int or_step_allowed(const or_graph *r, const or_query *q, size_t role,
		    size_t t);

/* Whether role may take transition t: its own, or an ancestor's. */
int or_takes(const or_graph *r, size_t role, size_t t);
/*
 * What a step by transition t holds of metric, credit taken off (NaN where
 * blank), and the least it can be, which the searches count: a blank as 0,
 * elapsed_months as the months known.
 */
double or_step_value(const or_graph *r, size_t t, int metric, double credit);
double or_step_lower(const or_graph *r, size_t t, int metric, double credit);
double or_step_cost(const or_graph *r, size_t t, int cost, double credit);
/* A path's total of a cost, the query's credit on its first step. */
double or_path_cost(const or_graph *r, const or_path *p, int cost,
		    double credit);

/*
 * Every route q allows, ordered by cost, steps, then steps compared from
 * the last back (transition, then the role it was taken from). Returns how
 * many (the array must hold OR_PATHS_MAX).
 */
size_t or_routes(or_path *out, const or_graph *r, const or_query *q);
/* Whether a comes before b in that order: <0, 0 (the same route) or >0. */
int or_path_order(const or_path *a, const or_path *b);

/*
 * Whether the route p is a detour (query.h) of a route among all, every
 * route the query allows.
 */
int or_is_detour(const or_graph *r, const or_path *p, const or_path *all,
		 size_t n_all);

/*
 * Routes that differ (query.h, cp_query.differ), by their definition: the
 * cost under `cost` of the steps of later by a transition earlier takes
 * too, each the lesser of its cost and the least earlier pays for that
 * transition (credit on each route's first step); and whether that is at
 * most theta of the cheaper route's cost (within a relative 1e-9).
 */
double or_shared(const or_graph *r, const or_path *later,
		 const or_path *earlier, int cost, double credit);
int or_apart(const or_graph *r, const or_path *later, const or_path *earlier,
	     int cost, double credit, double theta);

/* Fills a cp_query from an or_query; caps and avoid point into holders. */
void or_to_query(cp_query *out, const or_graph *r, const or_query *q,
		 cp_cap caps[2], size_t avoid[OR_N_MAX]);

/*
 * Asserts got is the route want: roles, transitions, cost, every metric
 * of every step (credit on the first) and the totals.
 */
void or_assert_route(const cp_route *got, const or_graph *r,
		     const or_path *want, double credit);
/* Reads a library route back as a path, with the query's cost. */
void or_path_of(or_path *out, const cp_route *got, const or_graph *r, int cost,
		double credit);

#endif
