/*
 * Private to the library: the shapes behind the opaque handles, and the
 * prototypes its files share. The layers, top down, each file calling
 * only those below it:
 *
 *   batch.c      many queries from one CSV file, one answer row each
 *   dot.c        Graphviz diagrams of a graph, a route or a neighbourhood
 *   stats.c      statistics of a graph, written as text, JSON or CSV
 *   format.c     answers as JSON and CSV, and cp_routes_write(), which
 *                hands the text for people to format_text.c
 *   format_text.c  the text for people
 *   answer.c     what an answer says in every format (the three in
 *                format_internal.h)
 *   search/      the search family (its layers in search/search_internal.h)
 *   vocab.c      the query words, read from the command line and batch
 *   cost.c       cost expressions over the metrics
 *   join.c       several folders joined into one graph
 *   load.c       a graph from its folder's CSV files
 *   metrics.c    how a route totals each metric (metrics.csv)
 *   lookup.c     a role by id or name, and "did you mean"
 *   graph.c      columns, topology and the accessors of careerpath/graph.h
 *   intern.c     the id and name indexes, given their keys, not the graph
 *   csv.c fileio.c numtext.c number.c error.c buf.c
 *                reading and writing files, numbers, errors, buffers
 */
#ifndef CP_INTERNAL_H
#define CP_INTERNAL_H

#include "careerpath.h"
#include "util.h"

#include <igraph.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>

/* Longest field a CSV file may hold, and most columns a row may have. */
#define CP_FIELD_MAX ((size_t)1 << 20)
#define CP_COLUMNS_MAX 1024

/* ---- igraph (error.c) ---- */

/*
 * igraph reports failures to one global handler. cp_igraph_enter() installs
 * ours for the length of a library call and cp_igraph_leave() puts back the
 * caller's; cp_fail_igraph() turns igraph's code and reason into ours.
 */
typedef struct cp_igraph_guard {
	igraph_error_handler_t *error_handler;
	igraph_warning_handler_t *warning_handler;
} cp_igraph_guard;
void cp_igraph_enter(cp_igraph_guard *guard);
void cp_igraph_leave(const cp_igraph_guard *guard);
int cp_fail_igraph(cp_error *err, igraph_error_t code, const char *what);

/* ---- CSV reading (csv.c) ---- */

/*
 * Streams the CSV file at path through on_row, as cp_csv_stream() does.
 * A missing, unreadable or directory path is CP_EIO.
 */
int cp_csv_read(const char *path, cp_csv_row_fn on_row, void *payload,
		cp_error *err);

/* ---- graph (graph.c) ---- */

/* Arc costs shared by a graph's workspaces (search/arc_costs.c). */
typedef struct cp_arc_cache cp_arc_cache;
typedef struct cp_arc_costs cp_arc_costs;
int cp_arc_cache_new(cp_arc_cache **out);
void cp_arc_cache_free(cp_arc_cache *cache);

/*
 * The texts a column has stored so far, while it is loaded: a text seen
 * before is stored once. A column of mostly different texts (ids, titles,
 * notes) gives the set up early, since it would save nothing.
 */
typedef struct cp_text_set {
	size_t *offsets; /* into the column's arena; 0 empty */
	size_t mask;
	size_t count, lookups;
	int given_up;
} cp_text_set;

typedef struct cp_column {
	char *name;
	cp_column_kind kind;
	int decided;
	/* from and to of transitions: a cell is its role's id, so the column
	 * stores nothing and reads tr_from or tr_to */
	int endpoint;
	/* text: offsets into arena, one per row */
	size_t *offsets;
	size_t cap_offsets;
	cp_buf arena;
	cp_text_set seen;
	/* number: one double per row, NaN where blank */
	igraph_vector_t numbers;
	size_t n_missing;
	/* a metric's route total (metrics.csv); CP_COMBINE_SUM by default */
	cp_combine combine;
} cp_column;

typedef struct cp_columns {
	cp_column *items;
	size_t count;
	size_t rows;
} cp_columns;

/* One entry of the name index: a normalized name and the role it names. */
typedef struct cp_name_slot {
	uint64_t hash;
	size_t key; /* offset into names arena */
	size_t role;
	int used;
} cp_name_slot;

/*
 * A key as a scan for suggestions sees it: the role it names, its length,
 * and which bytes it holds (each byte a bit, folded to 64), from which a
 * bound on the edit distance costs a few instructions.
 */
typedef struct cp_name_entry {
	size_t role;
	size_t len;
	uint64_t bytes;
} cp_name_entry;

typedef struct cp_name_index {
	cp_name_slot *slots;
	size_t n_slots; /* a power of two */
	size_t count;
	/* Every key, NUL-terminated, in the order added; entries[k] describes
	 * the k-th, so that a scan of all names reads memory in order. */
	cp_buf keys;
	cp_name_entry *entries;
	size_t cap_entries;
} cp_name_index;

/*
 * Roles, transitions and arcs in the topology: 32 bits each, half of what
 * size_t takes on every transition. A graph holds fewer than 2^31 roles and
 * 2^32 transitions (the loader says so when a file has more).
 */
typedef uint32_t cp_idx;
#define CP_IDX_MAX UINT32_MAX
#define CP_ROLES_MAX ((size_t)1 << 31)
/*
 * The line a row starts on, likewise in 32 bits: ten million moves keep
 * 40 MB fewer of them. A file's rows start within its first 2^32 lines
 * (the loader says so of a file whose do not).
 */
typedef uint32_t cp_line;
#define CP_LINE_MAX UINT32_MAX

/*
 * A slot of the role id index: 32 bits of the id's hash, role + 1, and
 * the id's first 8 bytes (NUL-padded), which are the whole id when it is
 * shorter: such an id is found without reading the id column.
 */
typedef struct cp_id_slot {
	uint32_t tag;
	uint32_t role; /* 0: empty */
	uint64_t head;
} cp_id_slot;

typedef struct cp_id_index {
	cp_id_slot *slots;
	size_t mask; /* slots - 1, a power of two less one; 0 while empty */
	size_t count;
} cp_id_index;

struct cp_graph {
	char *dir;
	cp_columns roles;
	cp_columns transitions;
	size_t role_id_col, role_title_col,
		role_aliases_col; /* aliases: CP_NO_COLUMN if absent */
	size_t role_kind_col;	  /* kind_of: CP_NO_COLUMN if absent */
	/* the role each is a kind of (CP_NO_ROLE); NULL when none is */
	size_t *role_parent;
	/* median_wage_usd of each role (NaN where blank); NULL if absent */
	const double *role_wage;
	/* months, experience_months, and elapsed_months when the graph made
	 * it from them; SIZE_MAX where absent */
	size_t months_metric, experience_metric, elapsed_metric;
	size_t tr_from_col, tr_to_col;
	/* from, to and starting line of each transition */
	cp_idx *tr_from;
	cp_idx *tr_to;
	cp_line *tr_line;
	cp_line *role_line;
	/* metric m is column metric_cols[m] of transitions */
	size_t *metric_cols;
	size_t n_metrics;
	/*
	 * What the searches count for each metric: metric_lower[m] holds its
	 * values with each blank cell as its least possible value (0: every
	 * value is >= 0; elapsed_months, made by the graph, counts the months
	 * known where only the experience is blank), or NULL where no cell of
	 * the metric is blank (the values themselves then).
	 */
	double **metric_lower;
	size_t n_metric_lower;
	/*
	 * Arcs are the moves the searches follow: arc a takes transition
	 * arc_tr[a] from role arc_from[a], which is the transition's own role
	 * or a kind of it. Arcs are ordered by transition, then by role, so
	 * comparing arcs compares transitions first, as the tie rule says.
	 * When no role is a kind of another, arcs are the transitions and
	 * arc_tr and arc_from are NULL.
	 */
	size_t n_arcs;
	cp_idx *arc_tr;
	cp_idx *arc_from;
	/* out-arcs in compressed form: out_edges[out_start[v] ..
	 * out_start[v+1]) in arc order */
	cp_idx *out_start;
	cp_idx *out_edges;
	/* the role each out-arc leads to, in the same order: a Dijkstra step
	 * reads it in place of two dependent look-ups (arc, transition) */
	cp_idx *out_to;
	/* in-arcs likewise, for searches that run backward */
	cp_idx *in_start;
	cp_idx *in_edges;
	/*
	 * A combined graph (cp_graph_load_many): its folders, and the first
	 * role and transition of each, n_folders + 1 entries; roles of a
	 * folder are those it defines first. n_folders is 0 for one folder.
	 */
	size_t n_folders;
	char **folders;
	size_t *folder_roles;
	size_t *folder_transitions;
	cp_id_index ids; /* exact ids */
	/* normalized ids, titles and aliases, built when first looked up
	 * (cp_graph_names); names_state is a NAMES_ value */
	cp_name_index names;
	_Atomic int names_state;
	/* the arc costs its workspaces share (search/arc_costs.c) */
	cp_arc_cache *arc_cache;
};

/*
 * A new empty graph with its shared parts made (the arc-cost cache) and
 * no metric of the graph's own known yet; NULL when memory ran out.
 */
cp_graph *cp_graph_alloc(void);

/*
 * A column is added undecided; cp_column_decide() fixes its kind (all rows
 * so far blank), cp_columns_finish() makes the undecided ones text. Rows
 * are stored cell by cell, then counted in rows.
 */
int cp_columns_add(cp_columns *cols, const char *name);
int cp_column_decide(cp_column *col, cp_column_kind kind, size_t rows);
/* Stores the next row's cell of a decided column; row is its number. */
int cp_column_push_number(cp_column *col, double value);
int cp_column_push_text(cp_column *col, size_t row, const char *text,
			size_t len);
/*
 * Asks for 2 MiB pages under the whole 2 MiB pages of an array of bytes
 * bytes: a large graph's arrays, written once in order or touched at
 * random, then take a page fault and a TLB entry per 2 MiB, not per
 * 4 KiB. Only advice; memory and contents are as they were.
 */
void cp_advise_huge(void *array, size_t bytes);
/* Room for rows rows in every decided column (each asks for large pages). */
int cp_columns_reserve(cp_columns *cols, size_t rows);
int cp_columns_finish(cp_columns *cols);
void cp_columns_free(cp_columns *cols);
const double *cp_metric_values(const cp_graph *graph, size_t metric);
/* The metric's values as the searches count them: a blank cell as its
 * lower bound (cp_graph.metric_lower). */
static inline const double *cp_metric_lower(const cp_graph *graph,
					    size_t metric)
{
	return graph->metric_lower && graph->metric_lower[metric]
		       ? graph->metric_lower[metric]
		       : cp_metric_values(graph, metric);
}

/*
 * After the tables are stored: the wages, the metrics, elapsed_months and
 * the metrics' lower bounds (load.c). Returns 0 or CP_ENOMEM.
 */
/* Frees cp_graph.metric_lower, which counts n_metrics entries. */
void cp_free_metric_lower(cp_graph *graph);
int cp_graph_derive(cp_graph *g);

/*
 * Reads dir/metrics.csv, where the folder has one, into the route total of
 * each metric it names (cp_column.combine), once the metrics are collected.
 * A problem goes to on_diag when set (counted in *n_errors), else stops
 * the reading with CP_EDATA in err; CP_EIO for a file there but not
 * readable, CP_ENOMEM.
 */
int cp_metrics_read(cp_graph *g, const char *dir, cp_diag_fn on_diag,
		    void *payload, size_t *n_errors, cp_error *err);
/* A route total: the rule's total of the values so far (total, over step
 * steps before this one) and one more step's value. */
static inline double cp_combine_step(cp_combine rule, double total,
				     double value, size_t step)
{
	switch (rule) {
	case CP_COMBINE_MAX: return !step || value > total ? value : total;
	case CP_COMBINE_MIN: return !step || value < total ? value : total;
	case CP_COMBINE_LAST: return value;
	case CP_COMBINE_SUM: break;
	}
	return step ? total + value : value;
}

/* Builds the arcs and their compressed adjacency from tr_from, tr_to and
 * role_parent. */
int cp_graph_build_topology(cp_graph *graph, cp_error *err);

/* The id column of roles, which the id index reads its keys from. */
static inline const cp_column *cp_role_ids(const cp_graph *g)
{
	return &g->roles.items[g->role_id_col];
}

static inline size_t cp_arc_tr(const cp_graph *g, size_t arc)
{
	return g->arc_tr ? (size_t)g->arc_tr[arc] : arc;
}

static inline size_t cp_arc_from(const cp_graph *g, size_t arc)
{
	return g->arc_from ? (size_t)g->arc_from[arc] : (size_t)g->tr_from[arc];
}

static inline size_t cp_arc_to(const cp_graph *g, size_t arc)
{
	return g->tr_to[cp_arc_tr(g, arc)];
}

/* ---- the indexes of roles (intern.c), given their keys, not the graph ---- */

/* A strong 64-bit hash of len bytes, eight at a time. */
uint64_t cp_hash_bytes(const char *s, size_t len);
/* Adds role, whose id is already in ids, the id column of roles. */
int cp_id_index_add(cp_id_index *index, const cp_column *ids, size_t role);
/* Returns 1 and the role whose id is the len bytes at id, or 0. */
int cp_id_index_find(const cp_id_index *index, const cp_column *ids,
		     const char *id, size_t len, size_t *role);
void cp_id_index_free(cp_id_index *index);
int cp_name_index_add(cp_name_index *index, const char *key, size_t role);
/* Returns how many roles have exactly key as a name, writing the first
 * max_roles of them to roles. */
size_t cp_name_index_find(const cp_name_index *index, const char *key,
			  size_t *roles, size_t max_roles);
void cp_name_index_free(cp_name_index *index);
/* Which bytes key holds, as cp_name_entry.bytes. */
uint64_t cp_name_bytes(const char *key);

/* ---- costs (cost.c) ---- */

typedef struct cost_term {
	const double *values;
	const double *lower; /* cp_metric_lower() of the same metric */
	double weight;
} cost_term;

struct cp_cost {
	char *text;
	cost_term *terms;
	size_t n_terms;
	double step_weight;
	/* metric of each term, to name the metrics a query skipped over */
	size_t *metrics;
};

/*
 * What the searches count for a transition under cost: its least possible
 * cost, each blank metric counted as its lower bound (cp_metric_lower), so
 * that a move whose value is not known is still a move. Every metric is
 * >= 0 (the loader refuses a negative value in transitions.csv) and every
 * weight is >= 0 (cp_cost_parse refuses a negative one), so the lower
 * bound of a blank is 0 and the known part of a sum is the least it can
 * be; with a negative weight or value a blank would have no lower bound.
 * Inline for the searches that cost each arc as they take it: a call per
 * arc is a good part of such a search's time.
 */
static inline double cp_cost_at(const cp_cost *cost, size_t transition)
{
	double total;
	size_t i;
	if (!cost)
		return 1;
	total = cost->step_weight;
	for (i = 0; i < cost->n_terms; i++)
		total += cost->terms[i].weight *
			 cost->terms[i].lower[transition];
	return total;
}

/* A copy of cost (NULL for NULL) that a result keeps; 0 or CP_ENOMEM. */
int cp_cost_copy(cp_cost **out, const cp_cost *cost);

/* ---- names (lookup.c) ---- */

/* Writes the normalized form of s (ASCII-lowered, spaces folded) to out. */
int cp_name_normalize(cp_buf *out, const char *s);
/* Returns 1 and the role whose id is exactly id, or 0. */
int cp_role_by_id(const cp_graph *graph, const char *id, size_t *role);
/*
 * The name index of a loaded graph, built from the roles table the first
 * time it is asked for (loading fills only the id index, row by row):
 * check, and queries by id alone, never build it. Safe to call from
 * several threads at once on one graph. Returns 0 or CP_ENOMEM.
 */
int cp_graph_names(const cp_name_index **out, const cp_graph *graph);
/* "did you mean" text for an unknown name, "" if nothing is close. */
int cp_suggest_roles(cp_buf *out, const cp_graph *graph, const char *name,
		     int ids_only);
/* Levenshtein distance of two byte strings, capped at limit+1. */
size_t cp_edit_distance(const char *a, const char *b, size_t limit);

#endif
