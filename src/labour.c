/*
 * The labour pool of a set of roles (careerpath/labour.h): the people in
 * some origins, who of them can reach a destination, and where they go.
 * The searches are the caller's; this file adds up what they found.
 */
#include "format_internal.h"

#include "careerpath/labour.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Destinations text names; JSON and CSV name every one. */
#define TEXT_DESTINATIONS 10

typedef struct pair {
	size_t origin; /* its index among the origins */
	size_t destination;
} pair;

struct cp_labour {
	const cp_graph *g;
	size_t column; /* the weight's column, or CP_NO_COLUMN: 1 each */
	char *column_name;
	unsigned char *has_moves; /* per role */
	size_t *origin_index;	  /* per role: its index, or CP_NO_ROLE */
	size_t *origins;	  /* roles, in the order first added */
	size_t n_origins, origins_alloc;
	pair *pairs;
	size_t n_pairs, pairs_alloc;
};

void cp_labour_free(cp_labour *l)
{
	if (!l)
		return;
	free(l->column_name);
	free(l->has_moves);
	free(l->origin_index);
	free(l->origins);
	free(l->pairs);
	free(l);
}

/* Which roles have a move (what "no moves from origin" looks at). */
static int find_moves(cp_labour *l)
{
	size_t n = cp_graph_role_count(l->g);
	if (!(l->has_moves = calloc(n ? n : 1, 1)))
		return CP_ENOMEM;
	return cp_graph_roles_with_moves(l->has_moves, l->g);
}

int cp_labour_new(cp_labour **out, const cp_graph *graph, const char *weight,
		  cp_error *err)
{
	cp_labour *l = calloc(1, sizeof(*l));
	size_t n = cp_graph_role_count(graph), i;
	int status = 0;
	cp_shown shown;

	*out = NULL;
	if (!l)
		return cp_fail_oom(err);
	l->g = graph;
	l->column = CP_NO_COLUMN;
	if (weight) {
		if (cp_column_find(&l->column, graph, CP_ROLES, weight)) {
			status = cp_fail(err, CP_ENOTFOUND, NULL, 0, 0,
					 "unknown roles column '%s'",
					 cp_show(&shown, weight));
			goto cleanup;
		}
		if (cp_column_kind_of(graph, CP_ROLES, l->column) !=
		    CP_COLUMN_NUMBER) {
			status = cp_fail(
				err, CP_EINVALID, NULL, 0, 0,
				"roles column '%s' holds text (expected "
				"a number column)",
				cp_show(&shown, weight));
			goto cleanup;
		}
		if (!(l->column_name = strdup(weight))) {
			status = cp_fail_oom(err);
			goto cleanup;
		}
	}
	if (!(l->origin_index = cp_alloc_array(n ? n : 1, sizeof(size_t))) ||
	    find_moves(l)) {
		status = cp_fail_oom(err);
		goto cleanup;
	}
	for (i = 0; i < n; i++)
		l->origin_index[i] = CP_NO_ROLE;
	*out = l;
	l = NULL;
cleanup:
	cp_labour_free(l);
	return status;
}

int cp_labour_add(cp_labour *l, size_t origin, const size_t *destinations,
		  size_t n, cp_error *err)
{
	size_t n_roles = cp_graph_role_count(l->g), i, index;
	if (origin >= n_roles)
		return cp_fail(err, CP_EINVALID, NULL, 0, 0,
			       "origin %zu is not a role", origin);
	for (i = 0; i < n; i++)
		if (destinations[i] >= n_roles)
			return cp_fail(err, CP_EINVALID, NULL, 0, 0,
				       "destination %zu is not a role",
				       destinations[i]);
	if ((index = l->origin_index[origin]) == CP_NO_ROLE) {
		if (cp_grow((void **)&l->origins, &l->origins_alloc,
			    l->n_origins + 1, sizeof(size_t)))
			return cp_fail_oom(err);
		index = l->origin_index[origin] = l->n_origins;
		l->origins[l->n_origins++] = origin;
	}
	if (n > (size_t)-1 - l->n_pairs ||
	    cp_grow((void **)&l->pairs, &l->pairs_alloc, l->n_pairs + n,
		    sizeof(pair)))
		return cp_fail_oom(err);
	for (i = 0; i < n; i++) {
		if (destinations[i] == origin)
			continue;
		l->pairs[l->n_pairs].origin = index;
		l->pairs[l->n_pairs++].destination = destinations[i];
	}
	return 0;
}

/* ---- the summary ---- */

static int by_pair(const void *pa, const void *pb)
{
	const pair *x = pa, *y = pb;
	if (x->origin != y->origin)
		return x->origin < y->origin ? -1 : 1;
	return (x->destination > y->destination) -
	       (x->destination < y->destination);
}

/* What the tally adds up to, worked out for writing. */
typedef struct summary {
	double *weight;		 /* per origin; NaN where blank */
	size_t *n_destinations;	 /* per origin */
	double people, reaching; /* known weights: all, and reaching one */
	size_t origins_reaching, blank;
	double *dest_people;  /* per role */
	size_t *dest_origins; /* per role */
	size_t *ranked;	      /* the destinations, most people first */
	size_t n_ranked;
} summary;

static void summary_free(summary *s)
{
	free(s->weight);
	free(s->n_destinations);
	free(s->dest_people);
	free(s->dest_origins);
	free(s->ranked);
}

/* A destination as ranked: what the order reads, beside it. */
typedef struct ranked_dest {
	size_t role;
	double people;
	size_t origins;
	double openings; /* a year (annual_openings); NaN where not known */
} ranked_dest;

/*
 * Most people first, then most origins, then, where many targets tie (as
 * when every origin reaches them), the most openings a year: where people
 * could go is where the jobs are. Then roles.csv order.
 */
static int by_people(const void *pa, const void *pb)
{
	const ranked_dest *x = pa, *y = pb;
	if (x->people != y->people)
		return x->people > y->people ? -1 : 1;
	if (x->origins != y->origins)
		return x->origins > y->origins ? -1 : 1;
	if (isnan(x->openings) != isnan(y->openings))
		return isnan(x->openings) ? 1 : -1;
	if (!isnan(x->openings) && x->openings != y->openings)
		return x->openings > y->openings ? -1 : 1;
	return (x->role > y->role) - (x->role < y->role);
}

/* The annual_openings of role, NaN where blank or the graph has none. */
static double openings_of(const cp_graph *g, size_t role)
{
	size_t col;
	if (cp_column_find(&col, g, CP_ROLES, "annual_openings") ||
	    cp_column_kind_of(g, CP_ROLES, col) != CP_COLUMN_NUMBER)
		return NAN;
	return cp_cell_number(g, CP_ROLES, col, role);
}

static double origin_weight(const cp_labour *l, size_t role)
{
	return l->column == CP_NO_COLUMN
		       ? 1
		       : cp_cell_number(l->g, CP_ROLES, l->column, role);
}

static int summarise(summary *s, const cp_labour *l)
{
	size_t n_roles = cp_graph_role_count(l->g), i, o, n_pairs = 0;
	ranked_dest *dests = NULL;
	pair *pairs = NULL;
	memset(s, 0, sizeof(*s));
	if (!(s->weight = cp_alloc_array(l->n_origins + 1, sizeof(double))) ||
	    !(s->n_destinations = calloc(l->n_origins + 1, sizeof(size_t))) ||
	    !(s->dest_people = calloc(n_roles + 1, sizeof(double))) ||
	    !(s->dest_origins = calloc(n_roles + 1, sizeof(size_t))) ||
	    !(s->ranked = cp_alloc_array(n_roles + 1, sizeof(size_t))) ||
	    !(dests = cp_alloc_array(n_roles + 1, sizeof(*dests))) ||
	    !(pairs = cp_alloc_array(l->n_pairs + 1, sizeof(pair)))) {
		free(dests);
		return CP_ENOMEM;
	}
	/* each pair once, each origin's destinations side by side */
	if (l->n_pairs) {
		memcpy(pairs, l->pairs, l->n_pairs * sizeof(pair));
		qsort(pairs, l->n_pairs, sizeof(pair), by_pair);
	}
	for (i = 0; i < l->n_pairs; i++)
		if (!n_pairs || pairs[i].origin != pairs[n_pairs - 1].origin ||
		    pairs[i].destination != pairs[n_pairs - 1].destination)
			pairs[n_pairs++] = pairs[i];
	for (o = 0; o < l->n_origins; o++) {
		double w = origin_weight(l, l->origins[o]);
		s->weight[o] = w;
		if (isnan(w))
			s->blank++;
		else
			s->people += w;
	}
	for (i = 0; i < n_pairs; i++) {
		const pair *p = &pairs[i];
		double w = s->weight[p->origin];
		if (!s->n_destinations[p->origin]++) {
			s->origins_reaching++;
			if (!isnan(w))
				s->reaching += w;
		}
		s->dest_origins[p->destination]++;
		if (!isnan(w))
			s->dest_people[p->destination] += w;
	}
	for (i = 0; i < n_roles; i++)
		if (s->dest_origins[i]) {
			dests[s->n_ranked].role = i;
			dests[s->n_ranked].people = s->dest_people[i];
			dests[s->n_ranked].openings = openings_of(l->g, i);
			dests[s->n_ranked++].origins = s->dest_origins[i];
		}
	if (s->n_ranked)
		qsort(dests, s->n_ranked, sizeof(*dests), by_people);
	for (i = 0; i < s->n_ranked; i++)
		s->ranked[i] = dests[i].role;
	free(dests);
	free(pairs);
	return 0;
}

/* The share of people who reach a destination, in percent; NaN of none. */
static double share(const summary *s)
{
	return s->people > 0 ? 100.0 * s->reaching / s->people : NAN;
}

static int put_role(cp_buf *out, const cp_graph *g, size_t role)
{
	return cp_put_role_name(out, g, role) ||
	       cp_buf_printf(out, " (%s)", cp_role_id(g, role));
}

static int format_text(cp_buf *out, const cp_labour *l, const summary *s)
{
	const cp_graph *g = l->g;
	size_t i, o;
	int weighted = l->column != CP_NO_COLUMN,
	    failed = cp_buf_printf(out, "origins: %zu role%s", l->n_origins,
				   l->n_origins == 1 ? "" : "s");
	if (weighted)
		failed |= cp_buf_puts(out, ", ") ||
			  cp_buf_put_num(out, s->people, CP_NUM_COUNT,
					 CP_FORMAT_TEXT) ||
			  cp_buf_printf(out, " people (%s)", l->column_name);
	failed |= cp_buf_printf(out, "\ncan reach a destination: %zu role%s",
				s->origins_reaching,
				s->origins_reaching == 1 ? "" : "s");
	if (weighted)
		failed |= cp_buf_puts(out, ", ") ||
			  cp_buf_put_num(out, s->reaching, CP_NUM_COUNT,
					 CP_FORMAT_TEXT) ||
			  cp_buf_puts(out, " people (") ||
			  cp_buf_put_num(out, share(s), CP_NUM_SHARE,
					 CP_FORMAT_TEXT) ||
			  cp_buf_puts(out, " of the people counted)");
	if (s->blank)
		failed |= cp_buf_printf(out,
					"\nnot counted: %zu role%s whose %s "
					"is blank",
					s->blank, s->blank == 1 ? "" : "s",
					l->column_name);
	failed |= cp_buf_puts(out, "\norigins:");
	for (o = 0; o < l->n_origins; o++) {
		failed |= cp_buf_puts(out, "\n  ") ||
			  put_role(out, g, l->origins[o]) ||
			  cp_buf_puts(out, ": ");
		if (weighted && isnan(s->weight[o]))
			failed |= cp_buf_puts(out, "people not known, ");
		else if (weighted)
			failed |=
				cp_buf_put_num(out, s->weight[o], CP_NUM_COUNT,
					       CP_FORMAT_TEXT) ||
				cp_buf_puts(out, " people, ");
		failed |= cp_buf_printf(out, "%zu destination%s%s",
					s->n_destinations[o],
					s->n_destinations[o] == 1 ? "" : "s",
					l->has_moves[l->origins[o]]
						? ""
						: " (no moves from origin)");
	}
	failed |= cp_buf_printf(out, "\ndestinations: %zu role%s", s->n_ranked,
				s->n_ranked == 1 ? "" : "s");
	if (s->n_ranked)
		failed |= cp_buf_puts(out, weighted ? ", by the people who "
						      "could reach them:"
						    : ", by the origins that "
						      "reach them:");
	for (i = 0; i < s->n_ranked && i < TEXT_DESTINATIONS; i++) {
		size_t role = s->ranked[i];
		failed |= cp_buf_puts(out, "\n  ") || put_role(out, g, role) ||
			  cp_buf_puts(out, ": ");
		if (weighted)
			failed |=
				cp_buf_put_num(out, s->dest_people[role],
					       CP_NUM_COUNT, CP_FORMAT_TEXT) ||
				cp_buf_puts(out, " people from ");
		failed |= cp_buf_printf(out, "%zu origin%s",
					s->dest_origins[role],
					s->dest_origins[role] == 1 ? "" : "s");
	}
	if (s->n_ranked > TEXT_DESTINATIONS)
		failed |= cp_buf_printf(out, "\n  and %zu more",
					s->n_ranked - TEXT_DESTINATIONS);
	failed |= cp_buf_puts(out, "\n");
	return failed ? CP_ENOMEM : 0;
}

/* "id","title","name" of a role, as JSON members. */
static int json_role(cp_buf *out, const cp_graph *g, size_t role)
{
	cp_buf name = CP_BUF_INIT;
	int failed = cp_put_role_name(&name, g, role) ||
		     cp_buf_puts(out, "{\"id\":") ||
		     cp_buf_put_json_string(out, cp_role_id(g, role)) ||
		     cp_buf_puts(out, ",\"title\":") ||
		     cp_buf_put_json_string(out, cp_role_title(g, role)) ||
		     cp_buf_puts(out, ",\"name\":") ||
		     cp_buf_put_json_string(out, name.ptr ? name.ptr : "");
	cp_buf_free(&name);
	return failed;
}

static int format_json(cp_buf *out, const cp_labour *l, const summary *s)
{
	const cp_graph *g = l->g;
	size_t i, o, shown = 0;
	int failed = cp_buf_puts(out, "{\"weight\":");
	if (l->column_name)
		failed |= cp_buf_put_json_string(out, l->column_name);
	else
		failed |= cp_buf_puts(out, "null");
	failed |=
		cp_buf_printf(out,
			      ",\"origins\":%zu,\"origins_reaching\":%zu,"
			      "\"people\":",
			      l->n_origins, s->origins_reaching) ||
		cp_buf_put_num(out, s->people, CP_NUM_COUNT, CP_FORMAT_JSON) ||
		cp_buf_puts(out, ",\"people_reaching\":") ||
		cp_buf_put_num(out, s->reaching, CP_NUM_COUNT,
			       CP_FORMAT_JSON) ||
		cp_buf_puts(out, ",\"share_reaching\":") ||
		cp_buf_put_num(out, share(s), CP_NUM_SHARE, CP_FORMAT_JSON) ||
		cp_buf_puts(out, ",\"not_counted\":[");
	for (o = 0; o < l->n_origins; o++)
		if (isnan(s->weight[o]))
			failed |= cp_buf_puts(out, shown++ ? "," : "") ||
				  cp_buf_put_json_string(
					  out, cp_role_id(g, l->origins[o]));
	failed |= cp_buf_puts(out, "],\"roles\":[");
	for (o = 0; o < l->n_origins; o++)
		failed |= cp_buf_puts(out, o ? "," : "") ||
			  json_role(out, g, l->origins[o]) ||
			  cp_buf_puts(out, ",\"people\":") ||
			  cp_buf_put_num(out, s->weight[o], CP_NUM_COUNT,
					 CP_FORMAT_JSON) ||
			  cp_buf_printf(out,
					",\"destinations\":%zu,\"moves\":%s}",
					s->n_destinations[o],
					l->has_moves[l->origins[o]] ? "true"
								    : "false");
	failed |= cp_buf_puts(out, "],\"destinations\":[");
	for (i = 0; i < s->n_ranked; i++)
		failed |= cp_buf_puts(out, i ? "," : "") ||
			  json_role(out, g, s->ranked[i]) ||
			  cp_buf_puts(out, ",\"people\":") ||
			  cp_buf_put_num(out, s->dest_people[s->ranked[i]],
					 CP_NUM_COUNT, CP_FORMAT_JSON) ||
			  cp_buf_printf(out, ",\"origins\":%zu}",
					s->dest_origins[s->ranked[i]]);
	failed |= cp_buf_puts(out, "]}\n");
	return failed ? CP_ENOMEM : 0;
}

/* One row `statistic,role,value`; role NULL for the whole. */
static int csv_row(cp_buf *out, const cp_graph *g, const char *statistic,
		   size_t role)
{
	return cp_buf_printf(out, "%s,", statistic) ||
	       (role != CP_NO_ROLE &&
		cp_buf_put_csv_field(out, cp_role_id(g, role))) ||
	       cp_buf_puts(out, ",");
}

static int format_csv(cp_buf *out, const cp_labour *l, const summary *s)
{
	const cp_graph *g = l->g;
	size_t i, o;
	int failed =
		cp_buf_puts(out, "statistic,role,value\nweight,,") ||
		(l->column_name && cp_buf_put_csv_field(out, l->column_name)) ||
		cp_buf_printf(out,
			      "\norigins,,%zu\norigins_reaching,,%zu\n"
			      "people,,",
			      l->n_origins, s->origins_reaching) ||
		cp_buf_put_num(out, s->people, CP_NUM_COUNT, CP_FORMAT_CSV) ||
		cp_buf_puts(out, "\npeople_reaching,,") ||
		cp_buf_put_num(out, s->reaching, CP_NUM_COUNT, CP_FORMAT_CSV) ||
		cp_buf_puts(out, "\nshare_reaching,,") ||
		cp_buf_put_num(out, share(s), CP_NUM_SHARE, CP_FORMAT_CSV) ||
		cp_buf_puts(out, "\n");
	for (o = 0; o < l->n_origins; o++) {
		size_t role = l->origins[o];
		failed |=
			csv_row(out, g, "origin_people", role) ||
			cp_buf_put_num(out, s->weight[o], CP_NUM_COUNT,
				       CP_FORMAT_CSV) ||
			cp_buf_puts(out, "\n") ||
			csv_row(out, g, "origin_destinations", role) ||
			cp_buf_printf(out, "%zu\n", s->n_destinations[o]) ||
			csv_row(out, g, "origin_moves", role) ||
			cp_buf_puts(out, l->has_moves[role] ? "yes\n" : "no\n");
	}
	for (i = 0; i < s->n_ranked; i++) {
		size_t role = s->ranked[i];
		failed |= csv_row(out, g, "destination_people", role) ||
			  cp_buf_put_num(out, s->dest_people[role],
					 CP_NUM_COUNT, CP_FORMAT_CSV) ||
			  cp_buf_puts(out, "\n") ||
			  csv_row(out, g, "destination_origins", role) ||
			  cp_buf_printf(out, "%zu\n", s->dest_origins[role]);
	}
	return failed ? CP_ENOMEM : 0;
}

int cp_labour_write(cp_buf *out, const cp_labour *labour, cp_format format)
{
	summary s;
	int status;
	if (!(status = summarise(&s, labour))) {
		switch (format) {
		case CP_FORMAT_JSON:
			status = format_json(out, labour, &s);
			break;
		case CP_FORMAT_CSV: status = format_csv(out, labour, &s); break;
		default: status = format_text(out, labour, &s); break;
		}
	}
	summary_free(&s);
	return status;
}
