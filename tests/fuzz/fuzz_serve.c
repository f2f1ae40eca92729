/*
 * Fuzz harness for the answers of `careerpath serve` without sockets
 * (serve_answer_request(), src/cli/serve_api.c): the input is a method and
 * a request target, split at the first space or NUL byte (with neither,
 * the whole input is a target for GET), answered from the fixed graph of
 * fuzz_graph(). The API runs the commands in memory, so the query string
 * reaches their option parsers and every search the page can ask for.
 *
 * What must hold: the status is one the API documents, and 500 only for
 * running out of memory; 405 says what is allowed; an error is JSON, as is
 * every answer said to be; every body is UTF-8.
 *
 * Drawings (format=svg) run Graphviz in a child process, which is not
 * fuzzed here: a target that holds "svg" once its escapes are decoded is
 * left alone.
 */
#include "fuzz.h"

#include "cli.h"

#include <stdlib.h>
#include <string.h>

#define LIMIT 20000

static const char json_type[] = "application/json";

static int hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Whether target, with its %XX escapes decoded, asks for a drawing. */
static int asks_for_svg(const char *target)
{
	size_t len = strlen(target), i, n = 0;
	char *plain = malloc(len + 1);
	int found;
	FUZZ_CHECK(plain);
	for (i = 0; i < len; i++) {
		if (target[i] == '%' && i + 2 < len &&
		    hex(target[i + 1]) >= 0 && hex(target[i + 2]) >= 0) {
			plain[n++] = (char)(hex(target[i + 1]) << 4 |
					    hex(target[i + 2]));
			i += 2;
		} else {
			plain[n++] = target[i];
		}
	}
	plain[n] = '\0';
	found = !!strstr(plain, "svg");
	free(plain);
	return found;
}

static int is_documented(int status)
{
	static const int statuses[] = {200, 400, 404, 405, 414, 422, 500};
	size_t i;
	for (i = 0; i < sizeof(statuses) / sizeof(statuses[0]); i++)
		if (status == statuses[i])
			return 1;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	serve_config config = {fuzz_graph(), LIMIT, 1000};
	serve_answer answer;
	char *text = malloc(size + 1);
	const char *method = "GET", *target = text;
	size_t cut;

	FUZZ_CHECK(text);
	memcpy(text, data, size);
	text[size] = '\0';
	cut = strcspn(text, " ");
	if (cut < size) {
		text[cut] = '\0';
		method = text;
		target = text + cut + 1;
	}
	if (asks_for_svg(target)) {
		free(text);
		return 0;
	}

	serve_answer_request(&answer, &config, method, target);
	FUZZ_CHECK(is_documented(answer.status));
	FUZZ_CHECK(answer.content_type && answer.content_type[0]);
	FUZZ_CHECK(!answer.allow == (answer.status != 405));
	FUZZ_CHECK(fuzz_utf8_valid(answer.body.ptr, answer.body.size));
	if (answer.status != 200)
		FUZZ_CHECK(!strcmp(answer.content_type, json_type) &&
			   !strncmp(answer.body.ptr, "{\"error\":", 9));
	if (answer.status == 500)
		FUZZ_CHECK(strstr(answer.body.ptr, "out of memory"));
	if (!strcmp(answer.content_type, json_type))
		FUZZ_CHECK(fuzz_json_valid(answer.body.ptr, answer.body.size));
	serve_answer_free(&answer);
	free(text);
	return 0;
}
