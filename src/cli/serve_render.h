/*
 * careerpath serve's drawings: Graphviz's dot in a child process per
 * drawing, a few at a time, each within its request's time.
 */
#ifndef CP_SERVE_RENDER_H
#define CP_SERVE_RENDER_H

#include "careerpath.h"

/* Drawings at once; a request past them waits for one to end. */
#define SERVE_RENDERERS 4

/*
 * Draws dot_text as format, as cli_render() does, once one of the
 * SERVE_RENDERERS places is free, and within timeout_ms of the call,
 * the wait included; stops early when serve_job_stopped() says so.
 * Returns 0 or EXIT_IO after saying why (cli_error).
 */
int serve_render(cp_buf *out, const cp_buf *dot_text, const char *format,
		 int timeout_ms);

#endif
