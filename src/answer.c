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
#include <strings.h>

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

size_t cp_route_today(const cp_routes *routes, const cp_route *r)
{
	return routes->from != CP_NO_ROLE ? routes->from : r->roles[0];
}

size_t cp_route_held_start(const cp_routes *routes, const cp_route *r)
{
	if (!routes->n_also || routes->from == CP_NO_ROLE ||
	    r->roles[0] == routes->from)
		return CP_NO_ROLE;
	return r->roles[0];
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

cp_num_style cp_outlook_style(size_t i)
{
	return i == 1 ? CP_NUM_CHANGE_PCT : CP_NUM_COUNT;
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

/*
 * The singular of a title by graphs/onet's rule (graphs/onet/README.md,
 * "Aliases"), in place: the noun that turns is the last word, or the word
 * before the first " of " ("First-Line Supervisors of Police and
 * Detectives"), and it loses its plural ending. Returns the length, or 0
 * (title unchanged) when that word has no such ending. The rule alone may
 * be wrong ("Glass"); the caller keeps the singular only where the role has
 * it as an alias.
 */
static size_t singular_of(char *title)
{
	const char *of = strstr(title, " of ");
	size_t len = strlen(title), head = of ? (size_t)(of - title) : len;
	size_t word = head, cut = 0;
	char *end = title + head;
	const char *ending = "";
	while (word > 0 && title[word - 1] != ' ')
		word--;
	if (head - word < 3 || end[-1] != 's')
		return 0;
	if (head - word > 3 && !strncmp(end - 3, "ies", 3)) {
		cut = 3;
		ending = "y";
	} else if (head - word > 4 && (!strncmp(end - 4, "sses", 4) ||
				       !strncmp(end - 4, "ches", 4) ||
				       !strncmp(end - 4, "shes", 4))) {
		cut = 2;
	} else if (head - word > 3 && !strncmp(end - 3, "xes", 3)) {
		cut = 2;
	} else if (!strchr("siu", end[-2]) &&
		   ((end[-2] >= 'a' && end[-2] <= 'z') ||
		    (end[-2] >= 'A' && end[-2] <= 'Z'))) {
		cut = 1;
	}
	if (!cut)
		return 0;
	/* the ending and the words after the noun close up over the cut */
	memcpy(end - cut, ending, strlen(ending));
	memmove(end - cut + strlen(ending), end, len - head + 1);
	return len - cut + strlen(ending);
}

/* Whether the role's aliases (roles column `aliases`, `;`-separated) hold
 * name, ignoring ASCII case as role names are compared. */
static int has_alias(const cp_graph *g, size_t role, const char *name,
		     size_t len)
{
	size_t col;
	const char *alias, *end;
	if (cp_column_find(&col, g, CP_ROLES, "aliases") ||
	    cp_column_kind_of(g, CP_ROLES, col) != CP_COLUMN_TEXT)
		return 0;
	for (alias = cp_cell_text(g, CP_ROLES, col, role); *alias;
	     alias = *end ? end + 1 : end) {
		end = strchr(alias, ';');
		if (!end)
			end = alias + strlen(alias);
		if ((size_t)(end - alias) == len &&
		    !strncasecmp(alias, name, len))
			return 1;
	}
	return 0;
}

int cp_put_role_name(cp_buf *out, const cp_graph *g, size_t role)
{
	const char *title = cp_role_title(g, role);
	cp_buf singular = CP_BUF_INIT;
	size_t len;
	int status;
	if (!*title)
		return 0;
	if (cp_buf_puts(&singular, title))
		return CP_ENOMEM;
	len = singular_of(singular.ptr);
	status = cp_buf_puts(out, len && has_alias(g, role, singular.ptr, len)
					  ? singular.ptr
					  : title);
	cp_buf_free(&singular);
	return status ? CP_ENOMEM : 0;
}

int cp_role_has_singular(const cp_graph *g, size_t role)
{
	cp_buf name = CP_BUF_INIT;
	int differs = !cp_put_role_name(&name, g, role) &&
		      strcmp(name.ptr ? name.ptr : "", cp_role_title(g, role));
	cp_buf_free(&name);
	return differs;
}

/* Whether role, or a role it is a kind of, has a transition out. */
static int has_moves_out(const cp_graph *g, size_t role)
{
	size_t t, r;
	for (t = 0; t < cp_graph_transition_count(g); t++)
		for (r = role; r != CP_NO_ROLE; r = cp_role_parent(g, r))
			if (cp_transition_from(g, t) == r)
				return 1;
	return 0;
}

/* Whether the start, or a role held as well (cp_query.also), has one. */
static int held_moves_out(const cp_graph *g, const cp_query *q)
{
	size_t i;
	if (has_moves_out(g, q->from))
		return 1;
	for (i = 0; q->also && i < q->n_also; i++)
		if (has_moves_out(g, q->also[i]))
			return 1;
	return 0;
}

static int has_moves_in(const cp_graph *g, size_t role)
{
	size_t t;
	for (t = 0; t < cp_graph_transition_count(g); t++)
		if (cp_transition_to(g, t) == role)
			return 1;
	return 0;
}

/* Whether q finds a route without its destination rules (cp_query), so
 * that they alone leave its routes out. */
static int left_out_by_destination_rules(const cp_graph *g, const cp_query *q)
{
	cp_query plain = *q;
	cp_routes *routes = NULL;
	cp_error err;
	int found;
	if (!q->growing && !q->has_min_openings && !q->has_max_payback)
		return 0;
	plain.growing = plain.has_min_openings = plain.has_max_payback = 0;
	plain.explain = 0;
	plain.workspace = NULL;
	cp_error_clear(&err);
	found = !cp_search(&routes, g, &plain, &err) && routes->count;
	cp_routes_free(routes);
	return found;
}

const char *cp_no_route_reason(const cp_graph *g, const cp_query *q, int status)
{
	cp_query plain = *q;
	cp_why *why = NULL;
	cp_error err;
	const char *reason = "no route within the conditions";
	if (status == CP_ELIMIT)
		return "work limit";
	if (status && status != CP_ENOROUTE)
		return "error";
	if (!held_moves_out(g, q))
		return "no moves from origin";
	if (!has_moves_in(g, q->to))
		return "no moves into destination";
	if (left_out_by_destination_rules(g, q))
		return "left out by destination rules";
	if (!q->n_avoid && !q->n_via && !q->n_caps && !q->has_min_gain &&
	    !q->n_rules)
		return "unreachable";
	/* which condition rules the routes out: a few searches, on a
	 * workspace of its own (the row's may be another thread's) */
	plain.workspace = NULL;
	plain.explain = 0;
	cp_error_clear(&err);
	if (!cp_explain(&why, g, &plain, &err))
		reason = why->kind == CP_WHY_UNREACHABLE ? "unreachable"
			 : why->kind == CP_WHY_CAPS	 ? "over the caps"
							 : "filtered by rules";
	cp_why_free(why);
	return reason;
}
