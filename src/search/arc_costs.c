/*
 * Arc costs shared by the workspaces of one graph: the cost of every
 * out-arc under a cost, in compressed order, made once for all the
 * workspaces searching under that cost at the same time. At a million
 * roles and ten million moves one array is 80 MB, which each of a batch's
 * or a matrix's threads would otherwise make for itself.
 *
 * An array in use (held by a workspace) is never written; one no workspace
 * holds is kept for the next cost asked for, so that a thread whose rows
 * change cost rewrites it in place rather than allocating it again. The
 * graph's lock guards the list and the counts of holders; a workspace
 * reads the array it holds without it.
 */
#include "search_internal.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct cp_arc_costs {
	/* what cost the array is for: a copy of its terms (the caller may
	 * free that cost) */
	cost_term *terms;
	size_t n_terms, cap_terms;
	double step_weight;
	double *out_cost;
	size_t holders;
	cp_arc_costs *next;
};

struct cp_arc_cache {
	pthread_mutex_t lock;
	cp_arc_costs *list;
};

int cp_arc_cache_new(cp_arc_cache **out)
{
	cp_arc_cache *c = calloc(1, sizeof(*c));
	*out = NULL;
	if (!c)
		return CP_ENOMEM;
	if (pthread_mutex_init(&c->lock, NULL)) {
		free(c);
		return CP_ENOMEM;
	}
	*out = c;
	return 0;
}

static void entry_free(cp_arc_costs *a)
{
	free(a->terms);
	free(a->out_cost);
	free(a);
}

void cp_arc_cache_free(cp_arc_cache *c)
{
	cp_arc_costs *a, *next;
	if (!c)
		return;
	for (a = c->list; a; a = next) {
		next = a->next;
		entry_free(a);
	}
	pthread_mutex_destroy(&c->lock);
	free(c);
}

/* Whether a holds the arc costs of a cost that weighs the same metrics
 * the same way. */
static int made_for(const cp_arc_costs *a, const cp_cost *cost)
{
	size_t i, n = cost ? cost->n_terms : 0;
	if (a->step_weight != (cost ? cost->step_weight : 1) || a->n_terms != n)
		return 0;
	for (i = 0; i < n; i++)
		if (a->terms[i].values != cost->terms[i].values ||
		    a->terms[i].weight != cost->terms[i].weight)
			return 0;
	return 1;
}

/* Gives up a hold on a (c's lock held): the first array nobody holds is
 * kept for reuse, any other freed. */
static void let_go(cp_arc_cache *c, cp_arc_costs *a)
{
	cp_arc_costs **at, *idle = NULL;
	if (--a->holders)
		return;
	for (at = &c->list; *at; at = &(*at)->next)
		if (*at != a && !(*at)->holders)
			idle = *at;
	if (!idle)
		return;
	for (at = &c->list; *at != a; at = &(*at)->next)
		;
	*at = a->next;
	entry_free(a);
}

/* Writes the arc costs of cost into a, which nobody holds. */
static int make(const cp_graph *g, cp_arc_costs *a, const cp_cost *cost)
{
	size_t i, n = g->n_arcs, n_terms = cost ? cost->n_terms : 0;
	if ((!a->out_cost &&
	     !(a->out_cost = cp_alloc_array(n ? n : 1, sizeof(double)))) ||
	    cp_grow((void **)&a->terms, &a->cap_terms, n_terms ? n_terms : 1,
		    sizeof(cost_term)))
		return CP_ENOMEM;
	/* a failure below must not leave a key for half-written costs */
	a->n_terms = SIZE_MAX;
	for (i = 0; i < n; i++)
		a->out_cost[i] =
			cp_cost_at(cost, cp_arc_tr(g, g->out_edges[i]));
	if (n_terms)
		memcpy(a->terms, cost->terms, n_terms * sizeof(cost_term));
	a->n_terms = n_terms;
	a->step_weight = cost ? cost->step_weight : 1;
	return 0;
}

static cp_arc_costs *hold(const cp_graph *g, const cp_cost *cost)
{
	cp_arc_cache *c = g->arc_cache;
	cp_arc_costs *a;
	for (a = c->list; a; a = a->next)
		if (a->n_terms != SIZE_MAX && made_for(a, cost)) {
			a->holders++;
			return a;
		}
	for (a = c->list; a && a->holders; a = a->next)
		;
	if (!a) {
		if (!(a = calloc(1, sizeof(*a))))
			return NULL;
		a->n_terms = SIZE_MAX;
		a->next = c->list;
		c->list = a;
	}
	if (make(g, a, cost)) {
		/* nobody holds it: the next miss may try again, or free it */
		a->n_terms = SIZE_MAX;
		return NULL;
	}
	a->holders = 1;
	return a;
}

const double *cp_arc_costs_hold(const cp_graph *g, const cp_cost *cost,
				cp_arc_costs **held)
{
	cp_arc_cache *c = g->arc_cache;
	if (*held && made_for(*held, cost))
		return (*held)->out_cost;
	pthread_mutex_lock(&c->lock);
	if (*held)
		let_go(c, *held);
	*held = hold(g, cost);
	pthread_mutex_unlock(&c->lock);
	return *held ? (*held)->out_cost : NULL;
}

void cp_arc_costs_drop(const cp_graph *g, cp_arc_costs **held)
{
	cp_arc_cache *c = g->arc_cache;
	if (!*held)
		return;
	pthread_mutex_lock(&c->lock);
	let_go(c, *held);
	pthread_mutex_unlock(&c->lock);
	*held = NULL;
}
