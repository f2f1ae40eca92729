/*
 * What an answer says, whichever way it is written: gains, what a step
 * cost and which of its values are unknown, the role a step was taken as,
 * routes through the same roles, the job zone and outlook columns, and
 * whether an O*NET move is taken. The JSON and CSV writers (format.c) and
 * the text for people (format_text.c) both sit above this file.
 */
#include "format_internal.h"

#include <math.h>
#include <string.h>

double cp_gain_usd(double before, double after)
{
	return isfinite(before) && isfinite(after) ? after - before : NAN;
}

double cp_gain_pct(double before, double after)
{
	return isfinite(before) && isfinite(after) && before > 0
		       ? 100 * (after - before) / before
		       : NAN;
}

double cp_route_step_cost(const cp_graph *g, const cp_cost *cost,
			  const cp_route *r, size_t step)
{
	return cp_cost_of_values(cost,
				 r->values + step * cp_graph_metric_count(g));
}

size_t cp_route_blank_steps(const cp_graph *g, const cp_route *r, size_t metric)
{
	size_t i, n = 0, stride = cp_graph_metric_count(g);
	for (i = 0; i < r->n_steps; i++)
		n += isnan(r->values[i * stride + metric]) != 0;
	return n;
}

size_t cp_route_blank_cost_steps(const cp_graph *g, const cp_cost *cost,
				 const cp_route *r)
{
	size_t i, n = 0;
	for (i = 0; i < r->n_steps; i++)
		n += isnan(cp_route_step_cost(g, cost, r, i)) != 0;
	return n;
}

size_t cp_route_step_as(const cp_graph *g, const cp_route *r, size_t step)
{
	size_t from = cp_transition_from(g, r->transitions[step]);
	return from == r->roles[step] ? CP_NO_ROLE : from;
}

size_t cp_routes_same_roles_as(const cp_routes *routes, size_t rank)
{
	const cp_route *r = &routes->items[rank];
	size_t i;
	for (i = 0; i < rank; i++) {
		const cp_route *o = &routes->items[i];
		if (o->n_steps == r->n_steps &&
		    !memcmp(o->roles, r->roles,
			    (r->n_steps + 1) * sizeof(size_t)))
			return i;
	}
	return CP_NO_ROLE;
}

const char *const CP_OUTLOOK_NAMES[CP_N_OUTLOOK] = {
	"employment_2024", "employment_change_pct", "annual_openings"};

int cp_outlook_columns(const cp_graph *g, size_t cols[CP_N_OUTLOOK])
{
	size_t i;
	int any = 0;
	for (i = 0; i < CP_N_OUTLOOK; i++) {
		if (cp_column_find(&cols[i], g, CP_ROLES,
				   CP_OUTLOOK_NAMES[i]) ||
		    cp_column_kind_of(g, CP_ROLES, cols[i]) != CP_COLUMN_NUMBER)
			cols[i] = CP_NO_COLUMN;
		any |= cols[i] != CP_NO_COLUMN;
	}
	return any;
}

double cp_outlook_value(const cp_graph *g, const size_t cols[CP_N_OUTLOOK],
			size_t i, size_t role)
{
	return cols[i] == CP_NO_COLUMN
		       ? NAN
		       : cp_cell_number(g, CP_ROLES, cols[i], role);
}

size_t cp_zone_column(const cp_graph *g)
{
	size_t col;
	if (cp_column_find(&col, g, CP_ROLES, "job_zone") ||
	    cp_column_kind_of(g, CP_ROLES, col) != CP_COLUMN_NUMBER)
		return CP_NO_COLUMN;
	return col;
}

/*
 * Whether a step of a route is an O*NET related-occupation move: a
 * transition with a relatedness_index (graphs/onet), blank on moves that
 * are not O*NET's (the start roles', a joined ladder's).
 */
static int uses_related_occupations(const cp_graph *g, const cp_route *r)
{
	size_t col, i;
	if (cp_column_find(&col, g, CP_TRANSITIONS, "relatedness_index"))
		return 0;
	for (i = 0; i < r->n_steps; i++)
		if (cp_column_kind_of(g, CP_TRANSITIONS, col) ==
				    CP_COLUMN_NUMBER
			    ? !isnan(cp_cell_number(g, CP_TRANSITIONS, col,
						    r->transitions[i]))
			    : *cp_cell_text(g, CP_TRANSITIONS, col,
					    r->transitions[i]) != '\0')
			return 1;
	return 0;
}

int cp_answer_uses_related_occupations(const cp_graph *g,
				       const cp_routes *routes)
{
	size_t i;
	for (i = 0; i < routes->count; i++)
		if (uses_related_occupations(g, &routes->items[i]))
			return 1;
	return 0;
}
