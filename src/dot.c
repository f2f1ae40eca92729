/*
 * Graphviz DOT diagrams: every role and transition, the roles around one or
 * two roles, or the routes of a query drawn over the graph.
 *
 * Whatever a CSV cell holds must render as written and never break the
 * file, so each string is escaped for its place. Role ids become quoted IDs,
 * where only " and \ are special. Everything people read goes into
 * HTML-like labels, which take & < > " as entities and line breaks as <BR/>
 * (a quoted label would turn &amp; into & and \l into a line break).
 * Numbers are plain decimals: DOT numerals have no exponent (Graphviz
 * splits 1e-20 into two tokens), and a reader of a handout would not know
 * one either.
 *
 * The same graph and options give the same bytes: roles come in roles.csv
 * order, transitions in transitions.csv order, clusters in the order of
 * their first role.
 */
#include "internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ROUTE_COLOR "#1f5fa6"
#define ROUTE_FILL "#dce9f7"
#define FADED_COLOR "#cccccc"
#define FADED_TEXT "#a6a6a6"
#define LEGEND_ID "careerpath:legend"
#define WAGE_COLUMN "median_wage_usd"

/*
 * Light fills that tell neighbouring clusters apart in print; none is blue,
 * the colour of routes.
 */
static const char *const cluster_fills[] = {
	"#fdf1e4", "#e9f4e6", "#f1ebf6", "#fbf6dc", "#e4f3ef", "#f8e8ec",
	"#eef0e2", "#efefef", "#f5ebe0", "#f6e9f5", "#e9f1e0", "#f2efe9",
};

/*
 * How a role or transition is drawn, weakest first: one on several routes
 * takes the strongest look among them.
 */
/*
 * Each route other than the best in its own colour, dashed: route 2 in
 * the first, route 3 in the next; the last colour is for the routes from
 * N_OTHER_LOOKS + 1 on. None is blue, the best route's colour, or grey.
 */
static const struct {
	const char *color, *name;
} other_looks[] = {
	{"#d95f02", "orange"},	{"#1b9e77", "green"}, {"#7b3294", "purple"},
	{"#c51b7d", "magenta"}, {"#8c6d1f", "brown"},
};
#define N_OTHER_LOOKS (sizeof(other_looks) / sizeof(other_looks[0]))

enum {
	LOOK_HIDDEN,
	LOOK_FADED, /* routes are drawn, and it is on none of them */
	LOOK_PLAIN, /* no routes are drawn */
	/* on a route other than the best: LOOK_BEST - 1 for route 2, down to
	 * LOOK_BEST - N_OTHER_LOOKS for route N_OTHER_LOOKS + 1 and after */
	LOOK_BEST = LOOK_PLAIN + N_OTHER_LOOKS + 1,
	N_LOOKS
};

/* The look of the route of rank (0: the best). */
static unsigned char route_look(size_t rank)
{
	return (unsigned char)(LOOK_BEST -
			       (rank < N_OTHER_LOOKS ? rank : N_OTHER_LOOKS));
}

/* other_looks' entry for a look of a route other than the best. */
static size_t other_look(unsigned char look)
{
	return (size_t)(LOOK_BEST - look - 1);
}

typedef struct dot_writer {
	cp_buf *out;
	const cp_graph *g;
	const cp_dot_options *opts;
	unsigned char *role_look;
	unsigned char *edge_look;
	/* per role: the look of the link to the role it is a kind of, drawn
	 * where a route's step was taken as that role */
	unsigned char *kind_look;
	int kinds_shown;
	int used[N_LOOKS];
	size_t n_roles_drawn, n_edges_drawn, n_clusters;
	size_t wage_col;
	int has_wage_col;
	int wages_shown;
	int failed;
} dot_writer;

/* A role in a cluster, sorted by the value that clusters it. */
typedef struct member {
	const char *text; /* the value in a text column, else NULL */
	double number;	  /* the value in a number column */
	size_t role;
} member;

typedef struct cluster {
	size_t first_role;
	size_t start; /* into the sorted members */
	size_t count;
} cluster;

static void put_len(dot_writer *w, const char *s, size_t len)
{
	if (!w->failed && cp_buf_put(w->out, s, len))
		w->failed = 1;
}

static void put(dot_writer *w, const char *s)
{
	put_len(w, s, strlen(s));
}

static void putf(dot_writer *w, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void putf(dot_writer *w, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (!w->failed && cp_buf_vprintf(w->out, fmt, ap))
		w->failed = 1;
	va_end(ap);
}

/* Opens the attribute list of a statement, or goes on to its next one. */
static void next_attr(dot_writer *w, int *n_attrs)
{
	put(w, (*n_attrs)++ ? ", " : " [");
}

/*
 * A quoted ID. Inside quotes DOT reads \" as a quote and a backslash before
 * a line break as nothing, so " and \ are escaped; all else is as written.
 */
static void put_id(dot_writer *w, const char *s)
{
	const char *run = s;
	put(w, "\"");
	for (; *s; s++) {
		if (*s != '"' && *s != '\\')
			continue;
		put_len(w, run, (size_t)(s - run));
		put(w, *s == '"' ? "\\\"" : "\\\\");
		run = s + 1;
	}
	put_len(w, run, (size_t)(s - run));
	put(w, "\"");
}

/*
 * Text inside an HTML-like label. Graphviz reads it as XML and then, like
 * any label, replaces \N, \G and the like (and \\ by \), so backslashes
 * are doubled. Line breaks (LF, CRLF or CR) become <BR/>; other control
 * characters, which XML forbids, become spaces.
 */
static void put_html(dot_writer *w, const char *s)
{
	const char *run = s;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		const char *with = " ";
		if (c >= 0x20 && c != 0x7F && !strchr("&<>\"\\", c))
			continue;
		put_len(w, run, (size_t)(s - run));
		if (c == '&')
			with = "&amp;";
		else if (c == '<')
			with = "&lt;";
		else if (c == '>')
			with = "&gt;";
		else if (c == '"')
			with = "&quot;";
		else if (c == '\\')
			with = "\\\\";
		else if (c == '\n' || c == '\r')
			with = "<BR/>";
		if (c == '\r' && s[1] == '\n')
			s++;
		put(w, with);
		run = s + 1;
	}
	put_len(w, run, (size_t)(s - run));
}

static void put_decimal(dot_writer *w, double value)
{
	if (!w->failed &&
	    cp_buf_put_num(w->out, value, CP_NUM_VALUE, CP_FORMAT_TEXT))
		w->failed = 1;
}

static void put_money(dot_writer *w, double value)
{
	if (!w->failed &&
	    cp_buf_put_num(w->out, value, CP_NUM_MONEY, CP_FORMAT_TEXT))
		w->failed = 1;
}

/* ---- what to draw ---- */

/* Whether role is ancestor or a kind of it, at any remove. */
static int is_kind_of(const cp_graph *g, size_t role, size_t ancestor)
{
	size_t hops;
	/* kind_of has no cycles; the bound only guards a bad route */
	for (hops = 0; role != CP_NO_ROLE && hops <= cp_graph_role_count(g);
	     hops++, role = cp_role_parent(g, role))
		if (role == ancestor)
			return 1;
	return 0;
}

static int check_route(const cp_graph *g, const cp_route *r, size_t rank,
		       cp_error *err)
{
	size_t n_roles = cp_graph_role_count(g), s;
	if (!r->roles || (r->n_steps && !r->transitions))
		return cp_fail(err, CP_EINVALID, NULL, 0, 0,
			       "route %zu has no roles", rank + 1);
	for (s = 0; s <= r->n_steps; s++)
		if (r->roles[s] >= n_roles)
			return cp_fail(err, CP_EINVALID, NULL, 0, 0,
				       "route %zu: no role %zu (the graph has "
				       "%zu roles)",
				       rank + 1, r->roles[s], n_roles);
	for (s = 0; s < r->n_steps; s++) {
		size_t e = r->transitions[s];
		if (e >= cp_graph_transition_count(g) ||
		    !is_kind_of(g, r->roles[s], cp_transition_from(g, e)) ||
		    cp_transition_to(g, e) != r->roles[s + 1])
			return cp_fail(err, CP_EINVALID, NULL, 0, 0,
				       "route %zu, step %zu: transition %zu "
				       "does not lead from '%s' to '%s'",
				       rank + 1, s + 1, e,
				       cp_role_id(g, r->roles[s]),
				       cp_role_id(g, r->roles[s + 1]));
	}
	return 0;
}

static int check_role(const cp_graph *g, size_t role, const char *what,
		      cp_error *err)
{
	if (role == CP_NO_ROLE || role < cp_graph_role_count(g))
		return 0;
	return cp_fail(err, CP_EINVALID, NULL, 0, 0,
		       "%s: no role %zu (the graph has %zu roles)", what, role,
		       cp_graph_role_count(g));
}

static int check_options(const cp_graph *g, const cp_dot_options *o,
			 cp_error *err)
{
	size_t i;
	int status;
	if ((status = check_role(g, o->around_from, "around_from", err)) ||
	    (status = check_role(g, o->around_to, "around_to", err)))
		return status;
	if (o->n_label_metrics && !o->label_metrics)
		return cp_fail(err, CP_EINVALID, NULL, 0, 0,
			       "%zu label metrics but no array of them",
			       o->n_label_metrics);
	for (i = 0; i < o->n_label_metrics; i++)
		if (o->label_metrics[i] >= cp_graph_metric_count(g))
			return cp_fail(err, CP_EINVALID, NULL, 0, 0,
				       "no metric %zu to label transitions "
				       "with (the graph has %zu metrics)",
				       o->label_metrics[i],
				       cp_graph_metric_count(g));
	if (o->routes_only && !o->routes)
		return cp_fail(err, CP_EINVALID, NULL, 0, 0,
			       "routes_only is set but there are no routes");
	if (!o->routes)
		return 0;
	if (o->routes->count && !o->routes->items)
		return cp_fail(err, CP_EINVALID, NULL, 0, 0,
			       "%zu routes but no array of them",
			       o->routes->count);
	for (i = 0; i < o->routes->count; i++)
		if ((status = check_route(g, &o->routes->items[i], i, err)))
			return status;
	return 0;
}

/* "no roles column 'x' to cluster by (columns: id, title, ...)" */
static int fail_no_column(const cp_graph *g, const char *name, cp_error *err)
{
	cp_buf list = CP_BUF_INIT;
	size_t col;
	int status = 0;
	for (col = 0; col < cp_column_count(g, CP_ROLES) && !status; col++)
		status = cp_buf_printf(&list, "%s%s", col ? ", " : "",
				       cp_column_name(g, CP_ROLES, col));
	if (status)
		status = cp_fail_oom(err);
	else
		status = cp_fail(err, CP_ENOTFOUND, NULL, 0, 0,
				 "no roles column '%s' to cluster by "
				 "(columns: %s)",
				 name, list.ptr);
	cp_buf_free(&list);
	return status;
}

/* The end of a transition a search along it comes from, and the other. */
static size_t near_end(const cp_graph *g, size_t e, int backward)
{
	return backward ? cp_transition_to(g, e) : cp_transition_from(g, e);
}

static size_t far_end(const cp_graph *g, size_t e, int backward)
{
	return backward ? cp_transition_from(g, e) : cp_transition_to(g, e);
}

/*
 * Gives look to the roles at most depth transitions from start, following
 * transitions forward, or backward into start. The graph keeps adjacency
 * one way only, so this builds its own lists: O(roles + transitions).
 */
static int mark_around(unsigned char *looks, unsigned char look,
		       const cp_graph *g, size_t start, size_t depth,
		       int backward)
{
	size_t n_roles = cp_graph_role_count(g);
	size_t n_edges = cp_graph_transition_count(g);
	size_t *first = NULL, *far = NULL, *queue = NULL, *dist = NULL;
	size_t e, v, i, head = 0, tail = 0;
	int status = 0;
	first = calloc(n_roles + 2, sizeof(size_t));
	far = cp_alloc_array(n_edges, sizeof(size_t));
	queue = cp_alloc_array(n_roles, sizeof(size_t));
	dist = cp_alloc_array(n_roles, sizeof(size_t));
	if (!first || !far || !queue || !dist) {
		status = CP_ENOMEM;
		goto cleanup;
	}
	/* counting sort by the near end: first[v]..first[v+1] are v's */
	for (e = 0; e < n_edges; e++)
		first[near_end(g, e, backward) + 2]++;
	for (v = 2; v < n_roles + 2; v++)
		first[v] += first[v - 1];
	for (e = 0; e < n_edges; e++)
		far[first[near_end(g, e, backward) + 1]++] =
			far_end(g, e, backward);
	for (v = 0; v < n_roles; v++)
		dist[v] = SIZE_MAX;
	dist[start] = 0;
	queue[tail++] = start;
	while (head < tail) {
		v = queue[head++];
		looks[v] = look;
		if (dist[v] == depth)
			continue;
		for (i = first[v]; i < first[v + 1]; i++) {
			if (dist[far[i]] != SIZE_MAX)
				continue;
			dist[far[i]] = dist[v] + 1;
			queue[tail++] = far[i];
		}
	}
cleanup:
	free(first);
	free(far);
	free(queue);
	free(dist);
	return status;
}

static void raise_look(unsigned char *at, unsigned char look)
{
	if (*at < look)
		*at = look;
}

/* Decides how each role and transition is drawn, or that it is not. */
static int choose_looks(dot_writer *w)
{
	const cp_graph *g = w->g;
	const cp_dot_options *o = w->opts;
	size_t n_roles = cp_graph_role_count(g);
	size_t n_edges = cp_graph_transition_count(g);
	unsigned char base = o->routes ? LOOK_FADED : LOOK_PLAIN;
	size_t r, s, e;
	int status = 0;
	w->role_look = calloc(n_roles ? n_roles : 1, 1);
	w->edge_look = calloc(n_edges ? n_edges : 1, 1);
	w->kind_look = calloc(n_roles ? n_roles : 1, 1);
	if (!w->role_look || !w->edge_look || !w->kind_look)
		return CP_ENOMEM;
	if (o->around_from == CP_NO_ROLE && o->around_to == CP_NO_ROLE)
		memset(w->role_look, base, n_roles);
	if (o->around_from != CP_NO_ROLE)
		status = mark_around(w->role_look, base, g, o->around_from,
				     o->depth, 0);
	if (!status && o->around_to != CP_NO_ROLE)
		status = mark_around(w->role_look, base, g, o->around_to,
				     o->depth, 1);
	if (status)
		return status;
	for (e = 0; e < n_edges; e++)
		if (w->role_look[cp_transition_from(g, e)] &&
		    w->role_look[cp_transition_to(g, e)])
			w->edge_look[e] = base;
	for (r = 0; o->routes && r < o->routes->count; r++) {
		const cp_route *route = &o->routes->items[r];
		unsigned char look = route_look(r);
		for (s = 0; s <= route->n_steps; s++)
			raise_look(&w->role_look[route->roles[s]], look);
		for (s = 0; s < route->n_steps; s++) {
			size_t as =
				cp_transition_from(g, route->transitions[s]);
			size_t kind = route->roles[s];
			raise_look(&w->edge_look[route->transitions[s]], look);
			/* the step was taken as a role this one is a kind of */
			for (; kind != as; kind = cp_role_parent(g, kind)) {
				raise_look(&w->kind_look[kind], look);
				raise_look(
					&w->role_look[cp_role_parent(g, kind)],
					look);
			}
		}
	}
	if (o->routes_only) {
		for (r = 0; r < n_roles; r++)
			if (w->role_look[r] == LOOK_FADED)
				w->role_look[r] = LOOK_HIDDEN;
		for (e = 0; e < n_edges; e++)
			if (w->edge_look[e] == LOOK_FADED)
				w->edge_look[e] = LOOK_HIDDEN;
	}
	return 0;
}

/* ---- writing ---- */

static void write_header(dot_writer *w)
{
	const char *title = w->opts->title;
	put(w, "digraph \"careerpath\" {\n"
	       "\tgraph [rankdir=\"LR\", nodesep=\"0.25\", ranksep=\"0.5\", "
	       "fontname=\"Helvetica\", fontsize=\"18\"");
	if (title && *title) {
		put(w, ", labelloc=\"t\", label=<<B>");
		put_html(w, title);
		put(w, "</B>>");
	}
	put(w,
	    "];\n"
	    "\tnode [shape=\"box\", style=\"rounded,filled\", "
	    "fillcolor=\"white\", color=\"#555555\", fontname=\"Helvetica\", "
	    "fontsize=\"11\", margin=\"0.12,0.05\"];\n"
	    "\tedge [color=\"#888888\", arrowsize=\"0.7\", "
	    "fontname=\"Helvetica\", fontsize=\"9\", "
	    "fontcolor=\"#444444\"];\n");
}

/* The attributes that draw a look; none for a plain role or transition. */
static void put_look(dot_writer *w, unsigned char look, int is_role,
		     int *n_attrs)
{
	if (look == LOOK_PLAIN)
		return;
	next_attr(w, n_attrs);
	if (look == LOOK_FADED)
		put(w,
		    "color=\"" FADED_COLOR "\", fontcolor=\"" FADED_TEXT "\"");
	else if (is_role && look < LOOK_BEST)
		putf(w,
		     "color=\"%s\", penwidth=\"1.5\", "
		     "style=\"rounded,filled,dashed\"",
		     other_looks[other_look(look)].color);
	else if (is_role)
		put(w, "color=\"" ROUTE_COLOR "\", penwidth=\"2\", "
		       "fillcolor=\"" ROUTE_FILL "\"");
	else if (look < LOOK_BEST)
		putf(w,
		     "color=\"%s\", fontcolor=\"%s\", fontsize=\"10\", "
		     "penwidth=\"1.5\", style=\"dashed\"",
		     other_looks[other_look(look)].color,
		     other_looks[other_look(look)].color);
	else
		/* weight pulls the best route into a straight line */
		put(w, "color=\"" ROUTE_COLOR "\", fontcolor=\"" ROUTE_COLOR
		       "\", fontsize=\"11\", penwidth=\"2.5\", weight=\"4\"");
}

static void write_role(dot_writer *w, size_t role)
{
	const cp_graph *g = w->g;
	double wage = w->has_wage_col
			      ? cp_cell_number(g, CP_ROLES, w->wage_col, role)
			      : NAN;
	int n_attrs = 0;
	w->used[w->role_look[role]] = 1;
	w->n_roles_drawn++;
	put(w, "\t");
	put_id(w, cp_role_id(g, role));
	next_attr(w, &n_attrs);
	put(w, "label=<<B>");
	put_html(w, cp_role_title(g, role));
	put(w, "</B>");
	if (isfinite(wage)) {
		w->wages_shown = 1;
		put(w, "<BR/><FONT POINT-SIZE=\"9\">median ");
		put_money(w, wage);
		put(w, "</FONT>");
	}
	put(w, ">");
	put_look(w, w->role_look[role], 1, &n_attrs);
	put(w, "];\n");
}

static void write_roles(dot_writer *w)
{
	size_t role;
	for (role = 0; role < cp_graph_role_count(w->g); role++)
		if (w->role_look[role])
			write_role(w, role);
}

/* Orders members by their value alone. */
static int compare_values(const member *x, const member *y)
{
	if (x->text)
		return strcmp(x->text, y->text);
	return (x->number > y->number) - (x->number < y->number);
}

/* By value, then by role, so each cluster lists its roles in order. */
static int compare_members(const void *a, const void *b)
{
	const member *x = a, *y = b;
	int by_value = compare_values(x, y);
	if (by_value)
		return by_value;
	return (x->role > y->role) - (x->role < y->role);
}

static int compare_clusters(const void *a, const void *b)
{
	const cluster *x = a, *y = b;
	return (x->first_role > y->first_role) -
	       (x->first_role < y->first_role);
}

static void write_cluster(dot_writer *w, const member *members,
			  const cluster *c, size_t rank, const char *column)
{
	size_t i;
	putf(w, "\tsubgraph \"cluster_%zu\" {\n\t\tgraph [label=<<B>",
	     rank + 1);
	if (members[c->start].text) {
		put_html(w, members[c->start].text);
	} else {
		put_html(w, column);
		put(w, " ");
		put_decimal(w, members[c->start].number);
	}
	putf(w,
	     "</B>>, labeljust=\"l\", fontsize=\"12\", fontcolor=\"#333333\", "
	     "style=\"rounded,filled\", fillcolor=\"%s\", "
	     "color=\"#d5d5d5\"];\n",
	     cluster_fills[rank %
			   (sizeof(cluster_fills) / sizeof(cluster_fills[0]))]);
	for (i = c->start; i < c->start + c->count; i++) {
		put(w, "\t\t");
		put_id(w, cp_role_id(w->g, members[i].role));
		put(w, ";\n");
	}
	put(w, "\t}\n");
}

/*
 * One cluster per value of the column among the roles drawn, in the order
 * of each cluster's first role; roles with a blank value stay outside.
 * Sorting keeps this O(roles log roles).
 */
static int write_clusters(dot_writer *w, size_t col)
{
	const cp_graph *g = w->g;
	int is_text = cp_column_kind_of(g, CP_ROLES, col) == CP_COLUMN_TEXT;
	member *members = NULL;
	cluster *clusters = NULL;
	size_t n_members = 0, n_clusters = 0, role, i;
	int status = 0;
	members = cp_alloc_array(cp_graph_role_count(g), sizeof(member));
	clusters = cp_alloc_array(cp_graph_role_count(g), sizeof(cluster));
	if (!members || !clusters) {
		status = CP_ENOMEM;
		goto cleanup;
	}
	for (role = 0; role < cp_graph_role_count(g); role++) {
		member m = {NULL, NAN, role};
		if (is_text)
			m.text = cp_cell_text(g, CP_ROLES, col, role);
		else
			m.number = cp_cell_number(g, CP_ROLES, col, role);
		if (w->role_look[role] &&
		    (is_text ? *m.text : !isnan(m.number)))
			members[n_members++] = m;
	}
	qsort(members, n_members, sizeof(member), compare_members);
	for (i = 0; i < n_members; i++) {
		if (i && !compare_values(&members[i - 1], &members[i])) {
			clusters[n_clusters - 1].count++;
			continue;
		}
		clusters[n_clusters++] = (cluster){members[i].role, i, 1};
	}
	qsort(clusters, n_clusters, sizeof(cluster), compare_clusters);
	w->n_clusters = n_clusters;
	for (i = 0; i < n_clusters; i++)
		write_cluster(w, members, &clusters[i], i,
			      cp_column_name(g, CP_ROLES, col));
cleanup:
	free(members);
	free(clusters);
	return status;
}

static void write_transition(dot_writer *w, size_t e)
{
	const cp_graph *g = w->g;
	const cp_dot_options *o = w->opts;
	size_t i;
	int n_attrs = 0;
	w->used[w->edge_look[e]] = 1;
	w->n_edges_drawn++;
	put(w, "\t");
	put_id(w, cp_role_id(g, cp_transition_from(g, e)));
	put(w, " -> ");
	put_id(w, cp_role_id(g, cp_transition_to(g, e)));
	/* a faded move's numbers would only crowd the route's */
	if (o->n_label_metrics && w->edge_look[e] != LOOK_FADED) {
		next_attr(w, &n_attrs);
		put(w, "label=<");
		for (i = 0; i < o->n_label_metrics; i++) {
			double value =
				cp_metric_value(g, o->label_metrics[i], e);
			if (i)
				put(w, "<BR/>");
			put_html(w, cp_metric_name(g, o->label_metrics[i]));
			put(w, " ");
			if (isfinite(value))
				put_decimal(w, value);
			else
				put(w, "unknown");
		}
		put(w, ">");
	}
	put_look(w, w->edge_look[e], 0, &n_attrs);
	put(w, n_attrs ? "];\n" : ";\n");
}

/* "a kind of": from a role on a route to the role a step was taken as */
static void write_kind_link(dot_writer *w, size_t role)
{
	w->kinds_shown = 1;
	put(w, "\t");
	put_id(w, cp_role_id(w->g, role));
	put(w, " -> ");
	put_id(w, cp_role_id(w->g, cp_role_parent(w->g, role)));
	put(w, " [label=<a kind of>, arrowhead=\"empty\", style=\"dotted\", "
	       "color=\"" ROUTE_COLOR "\", fontcolor=\"" ROUTE_COLOR "\"];\n");
}

static void write_transitions(dot_writer *w)
{
	size_t e, role;
	for (e = 0; e < cp_graph_transition_count(w->g); e++)
		if (w->edge_look[e])
			write_transition(w, e);
	for (role = 0; role < cp_graph_role_count(w->g); role++)
		if (w->kind_look[role])
			write_kind_link(w, role);
}

static void legend_row(dot_writer *w, const char *html)
{
	putf(w, "\t\t<TR><TD ALIGN=\"LEFT\">%s</TD></TR>\n", html);
}

/* A node id for the legend that no role has. */
static int legend_id(cp_buf *out, const cp_graph *g)
{
	size_t role, n = 1;
	int status = cp_buf_puts(out, LEGEND_ID);
	while (!status && cp_role_by_id(g, out->ptr, &role)) {
		cp_buf_clear(out);
		status = cp_buf_printf(out, "%s:%zu", LEGEND_ID, ++n);
	}
	return status;
}

/*
 * A plain box of text saying what the marks mean: only those drawn, and
 * nothing when nothing is.
 */
static int write_legend(dot_writer *w)
{
	const cp_dot_options *o = w->opts;
	cp_buf id = CP_BUF_INIT;
	size_t i;
	int status = 0;
	if (!w->n_roles_drawn)
		goto cleanup;
	if ((status = legend_id(&id, w->g)))
		goto cleanup;
	put(w, "\t");
	put_id(w, id.ptr);
	put(w, " [shape=\"plaintext\", style=\"\", fontsize=\"10\", "
	       "label=<\n\t\t<TABLE BORDER=\"1\" CELLBORDER=\"0\" "
	       "CELLSPACING=\"0\" CELLPADDING=\"3\" COLOR=\"#bbbbbb\">\n");
	legend_row(w, "<B>Key</B>");
	legend_row(w, w->wages_shown ? "box: a role and its median wage"
				     : "box: a role");
	if (w->n_edges_drawn)
		legend_row(w, "arrow: a move from one role to another");
	if (w->n_edges_drawn && o->n_label_metrics) {
		put(w, "\t\t<TR><TD ALIGN=\"LEFT\">arrow labels: ");
		for (i = 0; i < o->n_label_metrics; i++) {
			if (i)
				put(w, ", ");
			put_html(w, cp_metric_name(w->g, o->label_metrics[i]));
		}
		put(w, "</TD></TR>\n");
	}
	if (w->n_clusters) {
		put(w, "\t\t<TR><TD ALIGN=\"LEFT\">shaded groups: roles by ");
		put_html(w, o->cluster_by);
		put(w, "</TD></TR>\n");
	}
	if (w->kinds_shown)
		legend_row(w, "dotted arrow: a kind of the role it points to");
	if (w->used[LOOK_BEST])
		legend_row(w, "<FONT COLOR=\"" ROUTE_COLOR
			      "\"><B>bold blue</B></FONT>: the best route");
	for (i = 0; i < N_OTHER_LOOKS; i++) {
		if (!w->used[LOOK_BEST - 1 - i])
			continue;
		putf(w,
		     "\t\t<TR><TD ALIGN=\"LEFT\"><FONT COLOR=\"%s\">dashed "
		     "%s</FONT>: route %zu%s</TD></TR>\n",
		     other_looks[i].color, other_looks[i].name, i + 2,
		     i + 1 == N_OTHER_LOOKS && o->routes &&
				     o->routes->count > N_OTHER_LOOKS + 1
			     ? " and after"
			     : "");
	}
	if (w->used[LOOK_FADED])
		legend_row(w, "<FONT COLOR=\"" FADED_TEXT
			      "\">grey</FONT>: on no route");
	put(w, "\t\t</TABLE>>];\n");
cleanup:
	cp_buf_free(&id);
	return status ? CP_ENOMEM : 0;
}

int cp_dot_write(cp_buf *out, const cp_graph *graph, const cp_dot_options *opts,
		 cp_error *err)
{
	cp_dot_options defaults = CP_DOT_OPTIONS_INIT;
	dot_writer w = {.out = out, .g = graph};
	size_t cluster_col = 0, start = out->size;
	int status;
	w.opts = opts ? opts : &defaults;
	if ((status = check_options(graph, w.opts, err)))
		goto cleanup;
	if (w.opts->cluster_by &&
	    cp_column_find(&cluster_col, graph, CP_ROLES, w.opts->cluster_by)) {
		status = fail_no_column(graph, w.opts->cluster_by, err);
		goto cleanup;
	}
	w.has_wage_col =
		cp_column_find(&w.wage_col, graph, CP_ROLES, WAGE_COLUMN) == 0;
	status = choose_looks(&w);
	if (!status) {
		write_header(&w);
		write_roles(&w);
	}
	if (!status && w.opts->cluster_by)
		status = write_clusters(&w, cluster_col);
	if (!status)
		write_transitions(&w);
	if (!status && w.opts->legend)
		status = write_legend(&w);
	put(&w, "}\n");
	if (status || w.failed) {
		/* nothing half-written stays behind */
		if (out->ptr) {
			out->size = start;
			out->ptr[start] = '\0';
		}
		status = cp_fail_oom(err);
	}
cleanup:
	free(w.role_look);
	free(w.edge_look);
	free(w.kind_look);
	return status;
}
