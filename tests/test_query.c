/* The query value: cp_query_init(), the initialiser as a function. */
#include "helpers.h"

#include <string.h>

static void test_init_equals_the_macro(void **state)
{
	/* a static's padding is zero, as the copy cp_query_init() makes */
	static const cp_query expected = CP_QUERY_INIT;
	cp_query q;
	(void)state;
	memset(&q, 0xa5, sizeof(q));
	cp_query_init(&q);
	assert_memory_equal(&q, &expected, sizeof(q));
	assert_int_equal(q.kind, CP_QUERY_ROUTES);
	assert_int_equal(q.from, CP_NO_ROLE);
	assert_int_equal(q.to, CP_NO_ROLE);
	assert_int_equal(q.k, 1);
	assert_null(q.cost);
	assert_null(q.workspace);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_equals_the_macro),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
