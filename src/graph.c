/* The graph: typed columns of both tables, compressed topology, accessors. */
#define _DEFAULT_SOURCE /* madvise's MADV_HUGEPAGE */
#include "internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

void cp_advise_huge(void *array, size_t bytes)
{
#ifdef MADV_HUGEPAGE
	const uintptr_t huge = (uintptr_t)1 << 21;
	uintptr_t start = ((uintptr_t)array + huge - 1) & ~(huge - 1);
	uintptr_t end = ((uintptr_t)array + bytes) & ~(huge - 1);
	/* advice only: a kernel without huge pages keeps small ones */
	if (array && end > start)
		(void)madvise((void *)start, end - start, MADV_HUGEPAGE);
#else
	(void)array;
	(void)bytes;
#endif
}

int cp_columns_add(cp_columns *cols, const char *name)
{
	cp_column *grown, *col;
	if (cols->count >= CP_COLUMNS_MAX)
		return CP_EDATA;
	grown = cp_realloc_array(cols->items, cols->count + 1, sizeof(*grown));
	if (!grown)
		return CP_ENOMEM;
	cols->items = grown;
	col = &cols->items[cols->count];
	memset(col, 0, sizeof(*col));
	col->name = strdup(name);
	cp_buf_init(&col->arena);
	/* offset 0 is the empty string that blank cells share */
	if (!col->name || cp_buf_put(&col->arena, "", 1) ||
	    igraph_vector_init(&col->numbers, 0)) {
		free(col->name);
		cp_buf_free(&col->arena);
		return CP_ENOMEM;
	}
	cols->count++;
	return 0;
}

/*
 * A column's kind is decided by its first non-blank cell, so until then it
 * stores nothing: every row before the decision is blank.
 */
int cp_column_decide(cp_column *col, cp_column_kind kind, size_t rows)
{
	size_t i, cap = col->cap_offsets;
	col->decided = 1;
	col->kind = kind;
	if (kind == CP_COLUMN_NUMBER) {
		if (igraph_vector_resize(&col->numbers, (igraph_integer_t)rows))
			return CP_ENOMEM;
		igraph_vector_fill(&col->numbers, NAN);
		return 0;
	}
	if (cp_grow((void **)&col->offsets, &cap, rows + 1, sizeof(size_t)))
		return CP_ENOMEM;
	col->cap_offsets = cap;
	for (i = 0; i < rows; i++)
		col->offsets[i] = 0;
	return 0;
}

int cp_column_push_number(cp_column *col, double value)
{
	if (igraph_vector_push_back(&col->numbers, value))
		return CP_ENOMEM;
	if (isnan(value))
		col->n_missing++;
	return 0;
}

static void text_set_free(cp_text_set *set)
{
	free(set->offsets);
	set->offsets = NULL;
	set->mask = 0;
}

int cp_columns_reserve(cp_columns *cols, size_t rows)
{
	size_t i;
	for (i = 0; i < cols->count; i++) {
		cp_column *col = &cols->items[i];
		if (!col->decided || col->endpoint)
			continue;
		if (col->kind == CP_COLUMN_NUMBER
			    ? igraph_vector_reserve(&col->numbers,
						    (igraph_integer_t)rows) != 0
			    : cp_grow((void **)&col->offsets, &col->cap_offsets,
				      rows, sizeof(size_t)) != 0)
			return CP_ENOMEM;
		if (col->kind == CP_COLUMN_NUMBER)
			cp_advise_huge(VECTOR(col->numbers),
				       rows * sizeof(double));
		else
			cp_advise_huge(col->offsets, rows * sizeof(size_t));
	}
	return 0;
}

/* Columns still blank at the end of the file are text. */
int cp_columns_finish(cp_columns *cols)
{
	size_t i;
	for (i = 0; i < cols->count; i++) {
		text_set_free(&cols->items[i].seen);
		if (!cols->items[i].decided &&
		    cp_column_decide(&cols->items[i], CP_COLUMN_TEXT,
				     cols->rows))
			return CP_ENOMEM;
	}
	return 0;
}

/* Past this many texts a column is kept as it comes, repeats and all. */
#define TEXT_SET_MAX 65536
#define TEXT_SET_TRIAL 1024

static int text_set_grow(cp_text_set *set, const cp_buf *arena)
{
	size_t n = set->mask ? 2 * (set->mask + 1) : 256, i;
	size_t *offsets = calloc(n, sizeof(*offsets));
	if (!offsets)
		return CP_ENOMEM;
	for (i = 0; set->mask && i <= set->mask; i++) {
		const char *text = arena->ptr + set->offsets[i];
		size_t at;
		if (!set->offsets[i])
			continue;
		at = (size_t)cp_hash_bytes(text, strlen(text)) & (n - 1);
		while (offsets[at])
			at = (at + 1) & (n - 1);
		offsets[at] = set->offsets[i];
	}
	free(set->offsets);
	set->offsets = offsets;
	set->mask = n - 1;
	return 0;
}

/*
 * Where the column already holds text, or 0; *slot is where it would go.
 * A column whose first texts are mostly different gives up the set.
 */
static size_t text_set_find(cp_column *col, const char *text, size_t len,
			    size_t **slot)
{
	cp_text_set *set = &col->seen;
	size_t at;
	*slot = NULL;
	if (set->given_up)
		return 0;
	if (set->lookups++ == TEXT_SET_TRIAL && set->count * 2 > set->lookups) {
		set->given_up = 1;
		text_set_free(set);
		return 0;
	}
	if ((set->count + 1) * 2 > (set->mask ? set->mask + 1 : 0) &&
	    set->count < TEXT_SET_MAX && text_set_grow(set, &col->arena))
		return 0; /* no memory to spare: the text is stored again */
	if (!set->mask)
		return 0;
	at = (size_t)cp_hash_bytes(text, len) & set->mask;
	for (; set->offsets[at]; at = (at + 1) & set->mask) {
		const char *held = col->arena.ptr + set->offsets[at];
		/* strncmp stops at the end of a shorter held text (memcmp
		 * would read past it); texts hold no NUL byte */
		if (!strncmp(held, text, len) && held[len] == '\0')
			return set->offsets[at];
	}
	if ((set->count + 1) * 2 <= set->mask + 1)
		*slot = &set->offsets[at];
	return 0;
}

int cp_column_push_text(cp_column *col, size_t row, const char *text,
			size_t len)
{
	size_t held, *slot;
	if (row >= col->cap_offsets &&
	    cp_grow((void **)&col->offsets, &col->cap_offsets, row + 1,
		    sizeof(size_t)))
		return CP_ENOMEM;
	if (!len) {
		col->offsets[row] = 0;
		return 0;
	}
	if ((held = text_set_find(col, text, len, &slot))) {
		col->offsets[row] = held;
		return 0;
	}
	col->offsets[row] = col->arena.size;
	if (cp_buf_put(&col->arena, text, len) ||
	    cp_buf_put(&col->arena, "", 1))
		return CP_ENOMEM;
	if (slot) {
		*slot = col->offsets[row];
		col->seen.count++;
	}
	return 0;
}

void cp_columns_free(cp_columns *cols)
{
	size_t i;
	for (i = 0; i < cols->count; i++) {
		free(cols->items[i].name);
		free(cols->items[i].offsets);
		cp_buf_free(&cols->items[i].arena);
		text_set_free(&cols->items[i].seen);
		igraph_vector_destroy(&cols->items[i].numbers);
	}
	free(cols->items);
	memset(cols, 0, sizeof(*cols));
}

void cp_free_metric_lower(cp_graph *graph)
{
	size_t m;
	for (m = 0; graph->metric_lower && m < graph->n_metric_lower; m++)
		free(graph->metric_lower[m]);
	free(graph->metric_lower);
	graph->metric_lower = NULL;
	graph->n_metric_lower = 0;
}

cp_graph *cp_graph_alloc(void)
{
	cp_graph *g = calloc(1, sizeof(*g));
	if (!g)
		return NULL;
	if (cp_arc_cache_new(&g->arc_cache)) {
		free(g);
		return NULL;
	}
	g->months_metric = g->experience_metric = g->elapsed_metric = SIZE_MAX;
	return g;
}

void cp_graph_free(cp_graph *graph)
{
	size_t i;
	if (!graph)
		return;
	cp_arc_cache_free(graph->arc_cache);
	cp_free_metric_lower(graph);
	cp_columns_free(&graph->roles);
	cp_columns_free(&graph->transitions);
	free(graph->dir);
	free(graph->tr_from);
	free(graph->tr_to);
	free(graph->tr_line);
	free(graph->role_line);
	free(graph->metric_cols);
	free(graph->role_parent);
	free(graph->arc_tr);
	free(graph->arc_from);
	free(graph->out_start);
	free(graph->out_edges);
	free(graph->out_to);
	free(graph->in_start);
	free(graph->in_edges);
	for (i = 0; i < graph->n_folders; i++)
		free(graph->folders[i]);
	free(graph->folders);
	free(graph->folder_roles);
	free(graph->folder_transitions);
	cp_id_index_free(&graph->ids);
	cp_name_index_free(&graph->names);
	free(graph);
}

/*
 * Compressed adjacency by counting sort on one end of each arc: the arcs
 * of each role stay in arc order, which the searches' tie rules rely on.
 */
static int compress(cp_idx **start_out, cp_idx **edges_out, const cp_idx *end,
		    size_t n_roles, size_t n_edges)
{
	size_t v, e;
	cp_idx *start, *edges, *fill;
	start = cp_alloc_array(n_roles + 1, sizeof(cp_idx));
	edges = cp_alloc_array(n_edges, sizeof(cp_idx));
	fill = cp_alloc_array(n_roles + 1, sizeof(cp_idx));
	if (!start || !edges || !fill) {
		free(start);
		free(edges);
		free(fill);
		return CP_ENOMEM;
	}
	/* edges is written at random: see cp_advise_huge() */
	cp_advise_huge(edges, n_edges * sizeof(cp_idx));
	memset(start, 0, (n_roles + 1) * sizeof(cp_idx));
	for (e = 0; e < n_edges; e++)
		start[end[e] + 1]++;
	for (v = 0; v < n_roles; v++)
		start[v + 1] += start[v];
	memcpy(fill, start, (n_roles + 1) * sizeof(cp_idx));
	for (e = 0; e < n_edges; e++)
		edges[fill[end[e]]++] = (cp_idx)e;
	free(fill);
	*start_out = start;
	*edges_out = edges;
	return 0;
}

/*
 * Every role that is role or a kind of it, in role order: (*list)[start[r]
 * .. start[r+1]) for role r.
 */
static int kinds_of_each(size_t **start_out, size_t **list_out,
			 const cp_graph *g)
{
	size_t n = g->roles.rows, r, a, total = 0, *start, *list, *fill;
	for (r = 0; r < n; r++)
		for (a = r; a != CP_NO_ROLE; a = g->role_parent[a])
			if (total++ == SIZE_MAX - 1)
				return CP_ENOMEM;
	start = calloc(n + 1, sizeof(size_t));
	list = cp_alloc_array(total, sizeof(size_t));
	fill = cp_alloc_array(n + 1, sizeof(size_t));
	if (!start || !list || !fill) {
		free(start);
		free(list);
		free(fill);
		return CP_ENOMEM;
	}
	for (r = 0; r < n; r++)
		for (a = r; a != CP_NO_ROLE; a = g->role_parent[a])
			start[a + 1]++;
	for (r = 0; r < n; r++)
		start[r + 1] += start[r];
	memcpy(fill, start, (n + 1) * sizeof(size_t));
	for (r = 0; r < n; r++)
		for (a = r; a != CP_NO_ROLE; a = g->role_parent[a])
			list[fill[a]++] = r;
	free(fill);
	*start_out = start;
	*list_out = list;
	return 0;
}

/*
 * One arc for each transition and each role that may take it: its own
 * role and every kind of that role, except a kind that the transition
 * leads to (no step from a role to itself is made up).
 */
static int build_arcs(cp_graph *g, cp_idx **arc_to_out)
{
	size_t *kinds_start = NULL, *kinds = NULL, t, i, n = 0, cap = 0;
	cp_idx *arc_to = NULL;
	int status = 0;
	if (kinds_of_each(&kinds_start, &kinds, g))
		return CP_ENOMEM;
	for (t = 0; t < g->transitions.rows; t++) {
		size_t from = g->tr_from[t], to = g->tr_to[t];
		for (i = kinds_start[from]; i < kinds_start[from + 1]; i++) {
			size_t role = kinds[i];
			if (role != from && role == to)
				continue;
			if (n == CP_IDX_MAX ||
			    cp_grow((void **)&g->arc_tr, &cap, n + 1,
				    sizeof(cp_idx))) {
				status = CP_ENOMEM;
				goto cleanup;
			}
			g->arc_tr[n++] = (cp_idx)t;
		}
	}
	g->n_arcs = n;
	/* arc_tr set marks the arcs as built, even when there are none */
	if (!g->arc_tr)
		g->arc_tr = cp_alloc_array(1, sizeof(cp_idx));
	g->arc_from = cp_alloc_array(n, sizeof(cp_idx));
	arc_to = cp_alloc_array(n, sizeof(cp_idx));
	if (!g->arc_tr || !g->arc_from || !arc_to) {
		status = CP_ENOMEM;
		goto cleanup;
	}
	for (t = 0, n = 0; t < g->transitions.rows; t++) {
		size_t from = g->tr_from[t], to = g->tr_to[t];
		for (i = kinds_start[from]; i < kinds_start[from + 1]; i++) {
			size_t role = kinds[i];
			if (role != from && role == to)
				continue;
			g->arc_from[n] = (cp_idx)role;
			arc_to[n++] = (cp_idx)to;
		}
	}
	*arc_to_out = arc_to;
	arc_to = NULL;
cleanup:
	free(arc_to);
	free(kinds_start);
	free(kinds);
	return status;
}

int cp_graph_build_topology(cp_graph *graph, cp_error *err)
{
	size_t n_roles = graph->roles.rows;
	cp_idx *arc_to = NULL;
	size_t i;
	int status = 0;

	graph->n_arcs = graph->transitions.rows;
	if (graph->role_parent && build_arcs(graph, &arc_to)) {
		status = cp_fail_oom(err);
		goto cleanup;
	}
	if (compress(&graph->out_start, &graph->out_edges,
		     arc_to ? graph->arc_from : graph->tr_from, n_roles,
		     graph->n_arcs) ||
	    compress(&graph->in_start, &graph->in_edges,
		     arc_to ? arc_to : graph->tr_to, n_roles, graph->n_arcs) ||
	    !(graph->out_to = cp_alloc_array(graph->n_arcs ? graph->n_arcs : 1,
					     sizeof(cp_idx)))) {
		status = cp_fail_oom(err);
		goto cleanup;
	}
	cp_advise_huge(graph->out_to, graph->n_arcs * sizeof(cp_idx));
	for (i = 0; i < graph->n_arcs; i++)
		graph->out_to[i] =
			(cp_idx)cp_arc_to(graph, graph->out_edges[i]);
cleanup:
	free(arc_to);
	return status;
}

size_t cp_role_parent(const cp_graph *graph, size_t role)
{
	return graph->role_parent ? graph->role_parent[role] : CP_NO_ROLE;
}

int cp_graph_roles_with_moves(unsigned char *out, const cp_graph *graph)
{
	size_t n = cp_graph_role_count(graph), t, role, r;
	unsigned char *own = calloc(n ? n : 1, 1);
	if (!own)
		return CP_ENOMEM;
	for (t = 0; t < cp_graph_transition_count(graph); t++)
		own[cp_transition_from(graph, t)] = 1;
	for (role = 0; role < n; role++)
		for (out[role] = 0, r = role; r != CP_NO_ROLE && !out[role];
		     r = cp_role_parent(graph, r))
			out[role] = own[r];
	free(own);
	return 0;
}

double cp_role_wage(const cp_graph *graph, size_t role)
{
	return graph->role_wage ? graph->role_wage[role] : NAN;
}

int cp_graph_has_wages(const cp_graph *graph)
{
	return graph->role_wage != NULL;
}

const char *cp_graph_dir(const cp_graph *graph)
{
	return graph->dir;
}

size_t cp_graph_folder_count(const cp_graph *graph)
{
	return graph->n_folders ? graph->n_folders : 1;
}

const char *cp_graph_folder(const cp_graph *graph, size_t folder)
{
	return graph->n_folders ? graph->folders[folder] : graph->dir;
}

/* The folder whose range of rows (first[f] .. first[f+1]) holds row. */
static size_t folder_of(const cp_graph *graph, const size_t *first, size_t row)
{
	size_t f = 0;
	while (f + 1 < graph->n_folders && row >= first[f + 1])
		f++;
	return f;
}

size_t cp_role_folder(const cp_graph *graph, size_t role)
{
	return graph->n_folders ? folder_of(graph, graph->folder_roles, role)
				: 0;
}

size_t cp_transition_folder(const cp_graph *graph, size_t transition)
{
	return graph->n_folders
		       ? folder_of(graph, graph->folder_transitions, transition)
		       : 0;
}

size_t cp_graph_role_count(const cp_graph *graph)
{
	return graph->roles.rows;
}

size_t cp_graph_transition_count(const cp_graph *graph)
{
	return graph->transitions.rows;
}

static const cp_columns *table_of(const cp_graph *graph, cp_table table)
{
	return table == CP_ROLES ? &graph->roles : &graph->transitions;
}

size_t cp_column_count(const cp_graph *graph, cp_table table)
{
	return table_of(graph, table)->count;
}

const char *cp_column_name(const cp_graph *graph, cp_table table, size_t col)
{
	return table_of(graph, table)->items[col].name;
}

cp_column_kind cp_column_kind_of(const cp_graph *graph, cp_table table,
				 size_t col)
{
	return table_of(graph, table)->items[col].kind;
}

int cp_column_find(size_t *out, const cp_graph *graph, cp_table table,
		   const char *name)
{
	const cp_columns *cols = table_of(graph, table);
	size_t i;
	for (i = 0; i < cols->count; i++) {
		if (!strcmp(cols->items[i].name, name)) {
			*out = i;
			return 0;
		}
	}
	return CP_ENOTFOUND;
}

const char *cp_cell_text(const cp_graph *graph, cp_table table, size_t col,
			 size_t row)
{
	const cp_column *c = &table_of(graph, table)->items[col];
	if (c->kind != CP_COLUMN_TEXT)
		return "";
	if (c->endpoint)
		return cp_role_id(graph, col == graph->tr_from_col
						 ? graph->tr_from[row]
						 : graph->tr_to[row]);
	return c->arena.ptr + c->offsets[row];
}

double cp_cell_number(const cp_graph *graph, cp_table table, size_t col,
		      size_t row)
{
	const cp_column *c = &table_of(graph, table)->items[col];
	if (c->kind != CP_COLUMN_NUMBER)
		return NAN;
	return VECTOR(c->numbers)[row];
}

const char *cp_role_id(const cp_graph *graph, size_t role)
{
	return cp_cell_text(graph, CP_ROLES, graph->role_id_col, role);
}

const char *cp_role_title(const cp_graph *graph, size_t role)
{
	return cp_cell_text(graph, CP_ROLES, graph->role_title_col, role);
}

size_t cp_transition_from(const cp_graph *graph, size_t transition)
{
	return graph->tr_from[transition];
}

size_t cp_transition_to(const cp_graph *graph, size_t transition)
{
	return graph->tr_to[transition];
}

size_t cp_transition_line(const cp_graph *graph, size_t transition)
{
	return graph->tr_line[transition];
}

size_t cp_graph_metric_count(const cp_graph *graph)
{
	return graph->n_metrics;
}

const char *cp_metric_name(const cp_graph *graph, size_t metric)
{
	return graph->transitions.items[graph->metric_cols[metric]].name;
}

size_t cp_metric_column(const cp_graph *graph, size_t metric)
{
	return graph->metric_cols[metric];
}

int cp_metric_find(size_t *out, const cp_graph *graph, const char *name)
{
	size_t m;
	for (m = 0; m < graph->n_metrics; m++) {
		if (!strcmp(cp_metric_name(graph, m), name)) {
			*out = m;
			return 0;
		}
	}
	return CP_ENOTFOUND;
}

const double *cp_metric_values(const cp_graph *graph, size_t metric)
{
	return VECTOR(
		graph->transitions.items[graph->metric_cols[metric]].numbers);
}

double cp_metric_value(const cp_graph *graph, size_t metric, size_t transition)
{
	return cp_metric_values(graph, metric)[transition];
}
