/* careerpath serve's Host check: which names each kind of listen address
 * answers for, with which port, and what a malformed Host is. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <arpa/inet.h>
#include <string.h>

#include "serve_host.h"

/* hosts listening on address (numeric, IPv6 without brackets) at port */
static serve_hosts listening(const char *address, unsigned port,
			     const char *const *names, size_t n_names)
{
	serve_hosts h;
	memset(&h, 0, sizeof(h));
	if (strchr(address, ':')) {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)&h.address;
		a->sin6_family = AF_INET6;
		assert_int_equal(inet_pton(AF_INET6, address, &a->sin6_addr),
				 1);
	} else {
		struct sockaddr_in *a = (struct sockaddr_in *)&h.address;
		a->sin_family = AF_INET;
		assert_int_equal(inet_pton(AF_INET, address, &a->sin_addr), 1);
	}
	h.port = port;
	h.names = names;
	h.n_names = n_names;
	return h;
}

static void test_loopback(void **state)
{
	serve_hosts h = listening("127.0.0.1", 8080, NULL, 0);
	char text[256];
	(void)state;
	assert_true(serve_host_allowed(&h, "127.0.0.1:8080"));
	assert_true(serve_host_allowed(&h, "localhost:8080"));
	assert_true(serve_host_allowed(&h, "LocalHost:8080"));
	/* the port is part of the name a browser sends */
	assert_false(serve_host_allowed(&h, "127.0.0.1"));
	assert_false(serve_host_allowed(&h, "localhost:8081"));
	assert_false(serve_host_allowed(&h, "localhost:80800"));
	/* another site's name, even one that resolves here, is not ours */
	assert_false(serve_host_allowed(&h, "rebind.example:8080"));
	assert_false(serve_host_allowed(&h, "localhost.example:8080"));
	assert_false(serve_host_allowed(&h, "127.0.0.2:8080"));
	assert_false(serve_host_allowed(&h, "[::1]:8080"));
	/* malformed */
	assert_false(serve_host_allowed(&h, NULL));
	assert_false(serve_host_allowed(&h, ""));
	assert_false(serve_host_allowed(&h, ":8080"));
	assert_false(serve_host_allowed(&h, "localhost:"));
	assert_false(serve_host_allowed(&h, "localhost:80a"));
	assert_false(serve_host_allowed(&h, "localhost:+8080"));
	assert_false(serve_host_allowed(&h, "localhost:8080:8080"));
	assert_false(serve_host_allowed(&h, "localhost 8080"));
	serve_host_describe(text, sizeof(text), &h);
	assert_string_equal(text, "127.0.0.1, localhost (port 8080)");
}

static void test_port_80(void **state)
{
	serve_hosts h = listening("127.0.0.1", 80, NULL, 0);
	(void)state;
	/* a browser leaves out port 80 */
	assert_true(serve_host_allowed(&h, "127.0.0.1"));
	assert_true(serve_host_allowed(&h, "localhost"));
	assert_true(serve_host_allowed(&h, "localhost:80"));
	assert_false(serve_host_allowed(&h, "localhost:8080"));
}

static void test_ipv6(void **state)
{
	serve_hosts h = listening("::1", 8080, NULL, 0);
	char text[256];
	(void)state;
	assert_true(serve_host_allowed(&h, "[::1]:8080"));
	assert_true(serve_host_allowed(&h, "[0:0::1]:8080"));
	assert_true(serve_host_allowed(&h, "localhost:8080"));
	assert_false(serve_host_allowed(&h, "::1:8080"));
	assert_false(serve_host_allowed(&h, "[::1:8080"));
	assert_false(serve_host_allowed(&h, "[::2]:8080"));
	assert_false(serve_host_allowed(&h, "127.0.0.1:8080"));
	serve_host_describe(text, sizeof(text), &h);
	assert_string_equal(text, "[::1], localhost (port 8080)");
}

static void test_other_address(void **state)
{
	static const char *const names[] = {"careers.example.org"};
	serve_hosts h = listening("192.0.2.7", 8080, names, 1);
	char text[256];
	(void)state;
	assert_true(serve_host_allowed(&h, "192.0.2.7:8080"));
	assert_true(serve_host_allowed(&h, "careers.example.org:8080"));
	assert_true(serve_host_allowed(&h, "Careers.Example.ORG:8080"));
	/* not loopback: localhost is some other machine's server */
	assert_false(serve_host_allowed(&h, "localhost:8080"));
	assert_false(serve_host_allowed(&h, "careers.example.org:8081"));
	assert_false(serve_host_allowed(&h, "example.org:8080"));
	assert_false(serve_host_allowed(&h, "192.0.2.8:8080"));
	serve_host_describe(text, sizeof(text), &h);
	assert_string_equal(text, "192.0.2.7, careers.example.org (port 8080)");
}

static void test_wildcard(void **state)
{
	serve_hosts v4 = listening("0.0.0.0", 8080, NULL, 0);
	serve_hosts v6 = listening("::", 8080, NULL, 0);
	char text[256];
	(void)state;
	/* any address: a rebinding needs a name */
	assert_true(serve_host_allowed(&v4, "192.0.2.7:8080"));
	assert_true(serve_host_allowed(&v4, "127.0.0.1:8080"));
	assert_true(serve_host_allowed(&v4, "[2001:db8::1]:8080"));
	assert_true(serve_host_allowed(&v4, "localhost:8080"));
	assert_true(serve_host_allowed(&v6, "[2001:db8::1]:8080"));
	assert_true(serve_host_allowed(&v6, "192.0.2.7:8080"));
	assert_false(serve_host_allowed(&v4, "rebind.example:8080"));
	assert_false(serve_host_allowed(&v4, "192.0.2.7:8081"));
	assert_false(serve_host_allowed(&v4, "192.0.2:8080"));
	assert_false(serve_host_allowed(&v6, "[rebind.example]:8080"));
	serve_host_describe(text, sizeof(text), &v4);
	assert_string_equal(
		text, "an address of this machine, localhost (port 8080)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_loopback),
		cmocka_unit_test(test_port_80),
		cmocka_unit_test(test_ipv6),
		cmocka_unit_test(test_other_address),
		cmocka_unit_test(test_wildcard),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
