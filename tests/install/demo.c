/*
 * A program built against the installed library only: the cheapest route
 * between two roles. demo GRAPH FROM TO COST prints "a b d 9".
 */
#include <careerpath.h>

#include <stdio.h>

int main(int argc, char **argv)
{
	cp_query q = CP_QUERY_INIT;
	cp_graph *graph = NULL;
	cp_cost *cost = NULL;
	cp_routes *routes = NULL;
	cp_error err;
	size_t i;
	int status;

	if (argc != 5) {
		fprintf(stderr, "usage: demo GRAPH FROM TO COST\n");
		return 2;
	}
	if ((status = cp_graph_load(&graph, argv[1], NULL, &err)) ||
	    (status = cp_role_find(&q.from, graph, argv[2], &err)) ||
	    (status = cp_role_find(&q.to, graph, argv[3], &err)) ||
	    (status = cp_cost_parse(&cost, graph, argv[4], &err))) {
		fprintf(stderr, "demo: %s\n", err.text);
		goto cleanup;
	}
	q.cost = cost;
	if ((status = cp_search(&routes, graph, &q, &err))) {
		fprintf(stderr, "demo: %s\n", cp_strerror(status));
		goto cleanup;
	}
	for (i = 0; i <= routes->items[0].n_steps; i++)
		printf("%s ", cp_role_id(graph, routes->items[0].roles[i]));
	printf("%g\n", routes->items[0].cost);
cleanup:
	cp_routes_free(routes);
	cp_cost_free(cost);
	cp_graph_free(graph);
	return status ? 1 : 0;
}
