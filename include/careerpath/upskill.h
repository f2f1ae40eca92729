/*
 * careerpath/upskill.h: which single role, held as well, opens most. For
 * each candidate (by default every role one move from the start), the
 * roles reachable within the query's caps and rules when the person holds
 * it too (cp_query.also) that are not reachable without it, the best pay
 * among them and its gain over the best pay of today, ranked.
 */
#ifndef CAREERPATH_UPSKILL_H
#define CAREERPATH_UPSKILL_H

#include "buf.h"
#include "common.h"
#include "graph.h"
#include "output.h"
#include "query.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * The answer, opaque; cp_upskill_free() frees it (NULL-safe). It holds
 * copies of what it tells and must not outlive the graph.
 */
typedef struct cp_upskill cp_upskill;

/*
 * One candidate, as ranked. Invariant: new_roles holds n_new roles.
 * - role: the role held as well.
 * - step_cost: the least cost, under the query's cost, of one move from
 *   the start into role (experience already worked counted); NaN when no
 *   one move leads there (a candidate given by the caller).
 * - n_new, new_roles: the roles reachable with role held and not without,
 *   in the order of the reach answer (cheapest first); role itself is
 *   never among them, being held.
 * - best_role, best_wage: the best paid of them (cp_role_wage; the first
 *   in new_roles on a tie), CP_NO_ROLE and NaN when none has a known wage.
 * - gain_usd, gain_pct: best_wage less today's best (cp_upskill_today),
 *   and that as a percentage of today's best; NaN when either is not
 *   known (gain_pct too when today's best is 0).
 */
typedef struct cp_upskill_option {
	size_t role;
	double step_cost;
	size_t n_new;
	const size_t *new_roles;
	size_t best_role;
	double best_wage;
	double gain_usd;
	double gain_pct;
} cp_upskill_option;

/*
 * Ranks candidates for q, a question from q->from (q->kind is ignored:
 * each search is CP_QUERY_REACH, so via and k must be unset): its cost,
 * caps, avoid, rules, experience and roles already held (q->also) apply
 * to every search, and q->limit and q->timeout to each. candidates (n of
 * them, repeats counted once; q->from, a role held and an avoided role
 * refused) are the roles to try; NULL with n 0 means every role one move
 * out of q->from (its own transitions and those it takes as a kind of
 * another) other than q->from, those held and those avoided, in roles.csv
 * order. The ranking: most roles opened first, then the highest gain
 * (not known last), then roles.csv order. Returns 0 (even with no
 * candidate), CP_EINVALID, a search's stop (CP_ELIMIT, CP_ETIMEOUT,
 * CP_ECANCELED, CP_EOVERFLOW) or CP_ENOMEM, with *out NULL on failure.
 * Cost: one reach search without the candidates, then one per candidate,
 * in one workspace; the first search's labels are kept, so that a
 * candidate's search starts from the candidate alone and goes on only
 * where no way of the first reaches at no greater cost and totals (what
 * is left is what the candidate opens). Each search's labels are its
 * own, charged to its own q->limit.
 */
int cp_upskill_rank(cp_upskill **out, const cp_graph *graph, const cp_query *q,
		    const size_t *candidates, size_t n_candidates,
		    cp_error *err);
void cp_upskill_free(cp_upskill *u);

/* The start (q->from) and the cost's text ("steps" for NULL). */
size_t cp_upskill_from(const cp_upskill *u);
const char *cp_upskill_by(const cp_upskill *u);
/*
 * Today, without a candidate: how many roles are reachable, and the best
 * pay among the start, the roles held and the roles reachable (CP_NO_ROLE
 * and NaN when none has a known wage), the first in roles.csv order on a
 * tie.
 */
size_t cp_upskill_reached(const cp_upskill *u);
size_t cp_upskill_today_role(const cp_upskill *u);
double cp_upskill_today(const cp_upskill *u);
/* The candidates, ranked; the i-th is borrowed, NULL past the last. */
size_t cp_upskill_count(const cp_upskill *u);
const cp_upskill_option *cp_upskill_at(const cp_upskill *u, size_t i);

/*
 * Appends the first top candidates (0: all) as text for people, one JSON
 * object or CSV, in the shape README.md describes ("careerpath upskill").
 * Returns 0 or CP_ENOMEM.
 */
int cp_upskill_write(cp_buf *out, const cp_graph *graph, const cp_upskill *u,
		     cp_format format, size_t top);

#ifdef __cplusplus
}
#endif

#endif
