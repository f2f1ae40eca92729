/* careerpath.h must stand alone: no other include before it. */
#include "careerpath.h"

int headertest_uses(void);

int headertest_uses(void)
{
	cp_query q = CP_QUERY_INIT;
	cp_buf buf = CP_BUF_INIT;
	cp_load_options opts = CP_LOAD_OPTIONS_INIT;
	(void)buf;
	(void)opts;
	return q.cost == NULL ? CP_OK : CP_ERROR;
}
