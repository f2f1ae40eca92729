/*
 * Private to the writers of answers, which see the graph through the
 * public header alone. The layers, each file calling only those below it:
 *
 *   format.c       cp_routes_write(): JSON and CSV, and the text for people
 *                  handed to format_text.c; the JSON, CSV and number
 *                  writers of careerpath/output.h
 *   format_text.c  the text for people
 *   answer.c       what an answer says in every format: gains, step costs
 *                  and unknown steps, zones, outlook, O*NET moves
 *
 * batch.c and stats.c write through format.c and answer.c.
 */
#ifndef CP_FORMAT_INTERNAL_H
#define CP_FORMAT_INTERNAL_H

#include "careerpath.h"
#include "util.h"

/* ---- what an answer says (answer.c) ---- */

/* after - before, or NaN when either is unknown. */
double cp_gain_usd(double before, double after);
/* The rise in percent of before, or NaN when either is unknown or before
 * is not above 0. */
double cp_gain_pct(double before, double after);
/* What a route's step cost under cost, as the query counted it. */
double cp_route_step_cost(const cp_graph *g, const cp_cost *cost,
			  const cp_route *r, size_t step);
/*
 * How many steps of a route have no value for a metric, and how many a
 * cost not known under cost (a blank in a metric it weighs): the totals and
 * cost of the route are then the least they can be (cp_route).
 */
size_t cp_route_blank_steps(const cp_graph *g, const cp_route *r,
			    size_t metric);
size_t cp_route_blank_cost_steps(const cp_graph *g, const cp_cost *cost,
				 const cp_route *r);
/* The role a step was taken as (a kind of roles[step]), or CP_NO_ROLE. */
size_t cp_route_step_as(const cp_graph *g, const cp_route *r, size_t step);
/*
 * The number column job_zone of roles.csv, or CP_NO_COLUMN: answers show the
 * job zones a step leaves and enters when the graph has them (O*NET's).
 */
size_t cp_zone_column(const cp_graph *g);
/*
 * The outlook of a role (BLS Employment Projections), from the number
 * columns of roles.csv employment_2024, employment_change_pct (projected
 * change over ten years, in percent) and annual_openings (openings a year,
 * people): cols[i] is the column of CP_OUTLOOK_NAMES[i], or CP_NO_COLUMN.
 * Returns whether the graph has any of them.
 */
#define CP_N_OUTLOOK 3
extern const char *const CP_OUTLOOK_NAMES[CP_N_OUTLOOK];
int cp_outlook_columns(const cp_graph *g, size_t cols[CP_N_OUTLOOK]);
/* How the outlook figure i reads: people, a change in percent, people. */
cp_num_style cp_outlook_style(size_t i);
/* The outlook figure i of role: NaN where the column is absent or blank. */
double cp_outlook_value(const cp_graph *g, const size_t cols[CP_N_OUTLOOK],
			size_t i, size_t role);
/*
 * Appends the name text answers call a role by: its title in the singular
 * where the graph gives one (graphs/onet's titles are plural, "Medical
 * Assistants", and each has its singular among its aliases when it names
 * one occupation: "Medical Assistant"), its title otherwise. JSON and CSV
 * give it beside the title as `name`. Returns 0 or CP_ENOMEM.
 */
int cp_put_role_name(cp_buf *out, const cp_graph *g, size_t role);
/* Whether the role's name is a singular, not its (plural) title. */
int cp_role_has_singular(const cp_graph *g, size_t role);
/* The first earlier route through the same roles, or CP_NO_ROLE. */
size_t cp_routes_same_roles_as(const cp_routes *routes, size_t rank);
/*
 * Today's role for a route: whose pay a rise is counted from. The query's
 * start (cp_routes.from), whichever role held the route starts at; a
 * feeder route's own first role.
 */
size_t cp_route_today(const cp_routes *routes, const cp_route *r);
/* The role held besides the start that r starts at, or CP_NO_ROLE. */
size_t cp_route_held_start(const cp_routes *routes, const cp_route *r);
/*
 * Whether a route of the answer takes an O*NET related-occupation move (a
 * transition whose relatedness_index is not blank), and what the answer
 * then says once: what such a move is, and, with sources, where it is from.
 */
int cp_answer_uses_related_occupations(const cp_graph *g,
				       const cp_routes *routes);
#define CP_RELATED_NOTE                                                        \
	"A move between O*NET occupations links occupations with similar "     \
	"work (O*NET Related Occupations); it is not an observed step up."
#define CP_RELATED_SOURCES                                                     \
	"Sources: O*NET 29.3 Related Occupations (CC BY 4.0); BLS; NCES."

/*
 * Why a query (CP_QUERY_ROUTES) answered with status (CP_ENOROUTE, or 0
 * with no route) has no route, in a few words a data file can group by:
 * "no moves from origin" (neither it nor a role it is a kind of has a
 * transition out), "no moves into destination", "unreachable" (no route
 * whatever the conditions), "filtered by rules" (routes exist, but none
 * keeps the avoided roles, via roles, wage rule or career rules), "over the
 * caps", "work limit" (CP_ELIMIT: the search stopped), "no route within
 * the conditions" (the reason could not be worked out) or "error". Runs
 * cp_explain() when the query has conditions.
 */
const char *cp_no_route_reason(const cp_graph *g, const cp_query *q,
			       int status);

/* ---- the text for people (format_text.c) ---- */

/* The text for people of cp_routes_write(): routes, and roles reached. */
int cp_text_routes(cp_buf *out, const cp_graph *g, const cp_routes *routes,
		   int sources);
int cp_text_reach(cp_buf *out, const cp_graph *g, const cp_routes *routes,
		  const cp_format_options *opts);

/* ---- JSON and CSV (format.c) ---- */

/*
 * The figures of a route that rest on steps whose value is not known, and
 * on how many: `cost` (under cost), then each metric, in metric order;
 * those with none are left out. JSON: an object {"cost":1,...}; CSV: one
 * field, cost=1;experience_months=1 (empty when all are known).
 */
int cp_put_unknown_steps(cp_buf *out, const cp_graph *g, const cp_cost *cost,
			 const cp_route *r, cp_format format);

#endif
