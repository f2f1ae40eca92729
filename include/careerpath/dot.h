/*
 * careerpath/dot.h: a graph drawn as Graphviz DOT, whole or around some
 * roles, with routes highlighted.
 */
#ifndef CAREERPATH_DOT_H
#define CAREERPATH_DOT_H

#include "buf.h"
#include "common.h"
#include "graph.h"
#include "query.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * What a diagram shows. By default every role and transition. With
 * around_from and/or around_to set, only the roles within depth transitions
 * of around_from (following transitions forward) and of around_to
 * (following them backward), and the transitions among them. With routes,
 * the first route is highlighted and the others drawn dashed; routes_only
 * leaves out everything that is on no route, instead of fading it.
 */
typedef struct cp_dot_options {
	size_t around_from;
	size_t around_to;
	size_t depth;
	const cp_routes *routes;
	int routes_only;
	/* a roles column whose values group roles into clusters, or NULL */
	const char *cluster_by;
	/* metrics shown on each transition's label */
	const size_t *label_metrics;
	size_t n_label_metrics;
	/* a title drawn at the top, or NULL */
	const char *title;
	/* whether to draw a small legend */
	int legend;
} cp_dot_options;

#define CP_DOT_OPTIONS_INIT                                                    \
	{                                                                      \
		CP_NO_ROLE, CP_NO_ROLE, 1, NULL, 0, NULL, NULL, 0, NULL, 1     \
	}

/*
 * Appends a Graphviz DOT digraph to out: left-to-right, nodes named by
 * quoted role ids, labelled with title and (where known) median_wage_usd.
 * Every string is escaped so that any CSV content renders as written.
 * Returns 0, CP_ENOTFOUND (cluster_by names no roles column), CP_EINVALID,
 * or CP_ENOMEM.
 */
int cp_dot_write(cp_buf *out, const cp_graph *graph, const cp_dot_options *opts,
		 cp_error *err);

#ifdef __cplusplus
}
#endif

#endif
