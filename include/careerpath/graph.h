/*
 * careerpath/graph.h: loading a graph of roles and transitions (one folder,
 * or several joined), and reading it: its roles and transitions, the
 * columns of each table, the metrics, and the role a person means by a
 * name. A loaded graph is never modified.
 */
#ifndef CAREERPATH_GRAPH_H
#define CAREERPATH_GRAPH_H

#include "common.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct cp_graph cp_graph;

/*
 * A problem found while loading; see cp_load_options.on_diag. A note
 * follows the error or warning it belongs to and says where else the
 * problem lies (the first definition of a role defined twice).
 */
typedef enum { CP_DIAG_ERROR, CP_DIAG_WARNING, CP_DIAG_NOTE } cp_diag_kind;
typedef void (*cp_diag_fn)(cp_diag_kind kind, const cp_error *diag,
			   void *payload);

typedef struct cp_load_options {
	/*
	 * NULL: loading stops at the first error, which comes back in err.
	 * Otherwise every error and warning found is handed to on_diag, in file
	 * order, and loading goes on as far as it can (this is `check`).
	 */
	cp_diag_fn on_diag;
	void *payload;
} cp_load_options;

#define CP_LOAD_OPTIONS_INIT                                                   \
	{                                                                      \
		NULL, NULL                                                     \
	}

/*
 * Loads the graph in folder dir (roles.csv and transitions.csv, and
 * metrics.csv where the folder has one).
 * opts may be NULL. On success *out holds the graph. On failure *out is
 * NULL and the code is CP_EDATA (bad content), CP_EIO (a file missing,
 * unreadable, or a folder where a file should be), or CP_ENOMEM. With
 * on_diag set, the code is CP_EDATA if any error was reported.
 * Cost: one pass over each file, O(bytes + roles + transitions) time.
 */
int cp_graph_load(cp_graph **out, const char *dir, const cp_load_options *opts,
		  cp_error *err);
void cp_graph_free(cp_graph *graph);

/*
 * Loads the folders dirs[0 .. n_dirs-1] as one graph (README.md, "Graphs
 * combined"); with one folder, the same as cp_graph_load().
 * - Roles with the same id are one role: the first folder that defines it
 *   gives its cells, a blank cell takes a later folder's value, aliases
 *   are joined. Two titles, or two other values, that differ are an error.
 * - A role whose roles column `soc_code` names a role of the loaded graph
 *   (on graphs/onet, an O*NET-SOC code such as 29-1141.00 is the id of
 *   that occupation) is joined to it as its column `soc_link` says. With
 *   `kind` it is a kind of that role, as with `kind_of`: it may take every
 *   transition out of it, and not the other way; a role already a kind of
 *   another is re-parented through the occupation when the occupation's
 *   chain leads to its parent, is classified only (a warning) when the
 *   occupation is a kind of no role, and is an error otherwise. With
 *   `classified`, or no soc_link (a warning), it takes none of the
 *   occupation's transitions. Either way the columns its own folder lacks
 *   (job_zone, education_level, ...) are read from that role. A soc_code
 *   naming no loaded role is a warning, and the role joins nothing.
 *   kind_of of two folders that close a cycle is an error.
 * - Transitions of every folder are kept, in folder order; a column that
 *   one folder lacks is blank in its transitions. A column that holds
 *   numbers in one folder and text in another is an error.
 * Diagnostics come as for cp_graph_load(); a problem between two folders
 * comes with a CP_DIAG_NOTE at the other place. Returns as cp_graph_load().
 * Cost: each folder's load, then O(roles * columns + transitions *
 * columns) to join them.
 */
int cp_graph_load_many(cp_graph **out, const char *const *dirs, size_t n_dirs,
		       const cp_load_options *opts, cp_error *err);

/* The folder the graph was loaded from, as given (the first of several). */
const char *cp_graph_dir(const cp_graph *graph);
/* The folders of the graph, in the order given: 1 for cp_graph_load(). */
size_t cp_graph_folder_count(const cp_graph *graph);
const char *cp_graph_folder(const cp_graph *graph, size_t folder);
/* The folder that first defines the role, or whose file holds the
 * transition (cp_transition_line() counts in that file). */
size_t cp_role_folder(const cp_graph *graph, size_t role);
size_t cp_transition_folder(const cp_graph *graph, size_t transition);
size_t cp_graph_role_count(const cp_graph *graph);
size_t cp_graph_transition_count(const cp_graph *graph);

/* No role: where a role may be missing, such as cp_role_parent(). */
#define CP_NO_ROLE ((size_t)-1)

/* Roles are numbered 0 .. role_count-1 in roles.csv order. */
const char *cp_role_id(const cp_graph *graph, size_t role);
const char *cp_role_title(const cp_graph *graph, size_t role);

/*
 * The role this role is a kind of (roles.csv column `kind_of`), or
 * CP_NO_ROLE. A role may take every transition out of the roles it is a
 * kind of, transitively, as if it were that role: a Certified Medical
 * Assistant moves on as a Medical Assistant, with no step in between.
 * Nothing is inherited the other way.
 */
size_t cp_role_parent(const cp_graph *graph, size_t role);

/*
 * Which roles have a move: a transition out of the role or out of a role
 * it is a kind of. out holds one byte per role (cp_graph_role_count), set
 * to 1 or 0. Returns 0 or CP_ENOMEM.
 */
int cp_graph_roles_with_moves(unsigned char *out, const cp_graph *graph);

/*
 * The role's median annual wage in dollars (roles.csv column
 * `median_wage_usd`), or NaN where the graph has no such column or the cell
 * is blank.
 */
double cp_role_wage(const cp_graph *graph, size_t role);
/* Whether roles.csv has median_wage_usd as a number column. */
int cp_graph_has_wages(const cp_graph *graph);

/*
 * Transitions are numbered 0 .. transition_count-1 in transitions.csv
 * order. cp_transition_line() is the line in transitions.csv where the row
 * starts.
 */
size_t cp_transition_from(const cp_graph *graph, size_t transition);
size_t cp_transition_to(const cp_graph *graph, size_t transition);
size_t cp_transition_line(const cp_graph *graph, size_t transition);

/*
 * Columns. Each table keeps every column of its file in file order. A
 * number column holds doubles (NaN for a blank cell); a text column holds
 * strings ("" for a blank cell). The metrics of a graph are the number
 * columns of transitions.csv.
 */
typedef enum { CP_ROLES, CP_TRANSITIONS } cp_table;
typedef enum { CP_COLUMN_TEXT, CP_COLUMN_NUMBER } cp_column_kind;

size_t cp_column_count(const cp_graph *graph, cp_table table);
const char *cp_column_name(const cp_graph *graph, cp_table table, size_t col);
cp_column_kind cp_column_kind_of(const cp_graph *graph, cp_table table,
				 size_t col);
/* Returns 0 and the column's index, or CP_ENOTFOUND. */
int cp_column_find(size_t *out, const cp_graph *graph, cp_table table,
		   const char *name);
/* "" for a number column. */
const char *cp_cell_text(const cp_graph *graph, cp_table table, size_t col,
			 size_t row);
/* NaN for a text column or a blank cell. */
double cp_cell_number(const cp_graph *graph, cp_table table, size_t col,
		      size_t row);

/*
 * Metrics: number columns of transitions.csv, 0 .. metric_count-1.
 *
 * Two names have a meaning of their own. `experience_months` is the time a
 * person must have worked in the role a transition leaves before taking
 * it; `months` is the time the move itself takes (a programme, an exam).
 * When transitions.csv has both and no column `elapsed_months`, the graph
 * adds the metric `elapsed_months`, their sum on each transition, as the
 * last column of CP_TRANSITIONS: how long the step takes from the day one
 * starts in the role it leaves. It is blank where either is.
 */
size_t cp_graph_metric_count(const cp_graph *graph);
const char *cp_metric_name(const cp_graph *graph, size_t metric);
/* The column (in CP_TRANSITIONS) that holds the metric. */
size_t cp_metric_column(const cp_graph *graph, size_t metric);
/* Returns 0 and the metric called name, or CP_ENOTFOUND. */
int cp_metric_find(size_t *out, const cp_graph *graph, const char *name);
/* NaN where the cell is blank. */
double cp_metric_value(const cp_graph *graph, size_t metric, size_t transition);

/*
 * How a route totals a metric over its steps, as the graph's metrics.csv
 * declares (column `total`; README.md, "Data format"): the sum of its
 * steps' values (the default, and always for months, experience_months
 * and elapsed_months), the largest (max: a route is as hard as its
 * hardest step), the least (min) or the last step's value (last).
 */
typedef enum {
	CP_COMBINE_SUM,
	CP_COMBINE_MAX,
	CP_COMBINE_MIN,
	CP_COMBINE_LAST
} cp_combine;

cp_combine cp_metric_combine(const cp_graph *graph, size_t metric);
/* "sum", "max", "min" or "last". */
const char *cp_combine_name(cp_combine rule);

/*
 * Finds the role a person means by name: an id, a title or an alias,
 * ignoring ASCII case and runs of white space. An exact id wins over
 * everything else. Returns 0 and the role, CP_ENOTFOUND (the message names
 * the closest roles), or CP_EAMBIGUOUS (the message lists the candidates).
 * Cost: O(length of name) expected; O(names) to suggest on failure.
 */
int cp_role_find(size_t *out, const cp_graph *graph, const char *name,
		 cp_error *err);

#ifdef __cplusplus
}
#endif

#endif
