/*
 * An independent answer for the query tests: small random graphs and the
 * enumeration of every route, by depth-first search over (role, via stage)
 * states that never repeats a state; the definition in careerpath.h, with
 * none of the library's search code.
 */
#ifndef CP_TEST_ORACLE_H
#define CP_TEST_ORACLE_H

#include "helpers.h"

#define OR_N_MAX 7
#define OR_E_MAX 16
#define OR_PATH_MAX 32
#define OR_PATHS_MAX 200000

typedef struct or_graph {
	size_t n, m;
	size_t from[OR_E_MAX], to[OR_E_MAX];
	double months[OR_E_MAX], dollars[OR_E_MAX];
	/* the costs `months` and `dollars`, for caps; or_free() frees them */
	cp_cost *months_cost, *dollars_cost;
} or_graph;

/* objective 0: steps, 1: months, 2: months+2*dollars */
extern const char *const or_costs[3];

typedef struct or_path {
	size_t n;
	size_t edges[OR_PATH_MAX];
	double cost, months, dollars;
} or_path;

typedef struct or_query {
	size_t from, to;
	int objective;
	size_t via[2];
	size_t n_via;
	unsigned char avoid[OR_N_MAX];
	double cap_months, cap_dollars; /* INFINITY when uncapped */
} or_query;

/* A random graph with metrics months and dollars, loaded for the library. */
cp_graph *or_random(or_graph *r, uint64_t *rng);
/* Frees what or_random() made. */
void or_free(or_graph *r, cp_graph *g);
size_t or_rand(uint64_t *rng, size_t bound);
void or_query_init(or_query *q, size_t from, size_t to, int objective);
double or_weight(const or_graph *r, size_t e, int objective);

/*
 * Every route q allows, ordered by cost, steps, then last transitions
 * first. Returns how many (the array must hold OR_PATHS_MAX).
 */
size_t or_routes(or_path *out, const or_graph *r, const or_query *q);

/* Fills a cp_query from an or_query; caps and via point into the holders. */
void or_to_query(cp_query *out, const or_graph *r, const or_query *q,
		 const cp_cost *cost, cp_cap caps[2], size_t avoid[OR_N_MAX]);

#endif
