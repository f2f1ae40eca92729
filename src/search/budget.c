/*
 * What a query may spend: its bound on work (cp_query.limit), its deadline
 * (cp_query.timeout) and its caller's cancel hook, checked together; and
 * the note a search leaves when a total passed the largest double, so
 * that the query says so instead of telling of fewer routes.
 */
#include "search_internal.h"

#include <math.h>
#include <time.h>

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void cp_budget_start(cp_budget *b, const cp_query *q)
{
	b->limit = q->limit ? q->limit : CP_DEFAULT_LIMIT;
	b->used = 0;
	b->since_check = 0;
	b->timeout = q->timeout;
	b->deadline = q->timeout > 0 && isfinite(q->timeout)
			      ? now_seconds() + q->timeout
			      : INFINITY;
	b->cancelled = q->cancelled;
	b->cancel_arg = q->cancel_arg;
	b->stopped = 0;
	b->overflow = NULL;
	b->overflowed = 0;
}

int cp_budget_check(cp_budget *b)
{
	b->since_check = 0;
	if (b->stopped)
		return b->stopped;
	if (b->used > b->limit)
		b->stopped = CP_ELIMIT;
	else if (b->deadline < INFINITY && now_seconds() >= b->deadline)
		b->stopped = CP_ETIMEOUT;
	else if (b->cancelled && b->cancelled(b->cancel_arg))
		b->stopped = CP_ECANCELED;
	return b->stopped;
}

int cp_budget_fail(const cp_budget *b, int status, cp_error *err)
{
	switch (status) {
	case CP_ELIMIT:
		return cp_fail(err, CP_ELIMIT, NULL, 0, 0,
			       "search stopped after %zu labels without "
			       "finishing (the limit on its work)",
			       b->limit);
	case CP_ETIMEOUT:
		return cp_fail(err, CP_ETIMEOUT, NULL, 0, 0,
			       "search stopped after %g s without finishing "
			       "(the deadline on its time)",
			       b->timeout);
	case CP_ECANCELED:
		return cp_fail(err, CP_ECANCELED, NULL, 0, 0,
			       "search called off before it finished");
	}
	return cp_fail_oom(err);
}

void cp_budget_overflow(cp_budget *b, const cp_cost *cost)
{
	if (!b->overflowed)
		b->overflow = cost;
	b->overflowed = 1;
}

int cp_budget_fail_overflow(const cp_budget *b, cp_error *err)
{
	return cp_fail(err, CP_EOVERFLOW, NULL, 0, 0,
		       "the total of %s overflows (a route's total passes "
		       "the largest number)",
		       cp_cost_text(b->overflow));
}
