/* Scratch files for the harnesses: the library reads graphs from folders. */
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[4096];
static const char *written[8];
static size_t n_written;

void fuzz_fail(const char *file, int line, const char *what)
{
	fprintf(stderr, "%s:%d: fuzz check failed: %s\n", file, line, what);
	abort();
}

static void path_of(char *out, size_t size, const char *name)
{
	if ((size_t)snprintf(out, size, "%s/%s", dir, name) >= size)
		fuzz_fail(__FILE__, __LINE__, "path fits");
}

static void remove_dir(void)
{
	char path[4200];
	size_t i;
	for (i = 0; i < n_written; i++) {
		path_of(path, sizeof(path), written[i]);
		unlink(path);
	}
	rmdir(dir);
}

const char *fuzz_dir(void)
{
	const char *tmp = getenv("TMPDIR");
	if (dir[0])
		return dir;
	snprintf(dir, sizeof(dir), "%s/careerpath-fuzz-XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		perror("fuzz: cannot make a scratch folder");
		abort();
	}
	atexit(remove_dir);
	return dir;
}

static void remember(const char *name)
{
	size_t i;
	for (i = 0; i < n_written; i++)
		if (!strcmp(written[i], name))
			return;
	if (n_written == sizeof(written) / sizeof(written[0]))
		fuzz_fail(__FILE__, __LINE__, "few scratch file names");
	written[n_written++] = name;
}

void fuzz_write(const char *name, const void *data, size_t len)
{
	char path[4200];
	FILE *f;
	fuzz_dir();
	path_of(path, sizeof(path), name);
	if (!data) {
		unlink(path);
		return;
	}
	remember(name);
	f = fopen(path, "wb");
	if (!f || (len && fwrite(data, 1, len, f) != len) || fclose(f)) {
		perror(path);
		abort();
	}
}

int fuzz_utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < len) {
		unsigned char c = p[i];
		size_t need, k;
		unsigned char lo = 0x80, hi = 0xBF;
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF)
			need = 1;
		else if (c >= 0xE0 && c <= 0xEF)
			need = 2;
		else if (c >= 0xF0 && c <= 0xF4)
			need = 3;
		else
			return 0;
		if (c == 0xE0)
			lo = 0xA0;
		if (c == 0xED)
			hi = 0x9F;
		if (c == 0xF0)
			lo = 0x90;
		if (c == 0xF4)
			hi = 0x8F;
		if (len - i <= need)
			return 0;
		for (k = 1; k <= need; k++) {
			if (p[i + k] < lo || p[i + k] > hi)
				return 0;
			lo = 0x80;
			hi = 0xBF;
		}
		i += need + 1;
	}
	return 1;
}

int fuzz_one_line(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7F)
			return 0;
	return 1;
}

/* A recursive-descent recogniser; at is the next byte to read. */
typedef struct json {
	const char *s;
	size_t len, at, depth;
} json;

static int json_value(json *j);

static void json_space(json *j)
{
	while (j->at < j->len && strchr(" \t\r\n", j->s[j->at]) && j->s[j->at])
		j->at++;
}

static int json_take(json *j, char c)
{
	json_space(j);
	if (j->at < j->len && j->s[j->at] == c) {
		j->at++;
		return 1;
	}
	return 0;
}

static int json_digits(json *j)
{
	size_t start = j->at;
	while (j->at < j->len && j->s[j->at] >= '0' && j->s[j->at] <= '9')
		j->at++;
	return j->at > start;
}

static int json_number(json *j)
{
	if (j->at < j->len && j->s[j->at] == '-')
		j->at++;
	if (j->at < j->len && j->s[j->at] == '0')
		j->at++;
	else if (!json_digits(j))
		return 0;
	if (j->at < j->len && j->s[j->at] == '.') {
		j->at++;
		if (!json_digits(j))
			return 0;
	}
	if (j->at < j->len && (j->s[j->at] == 'e' || j->s[j->at] == 'E')) {
		j->at++;
		if (j->at < j->len &&
		    (j->s[j->at] == '+' || j->s[j->at] == '-'))
			j->at++;
		if (!json_digits(j))
			return 0;
	}
	return 1;
}

static int json_string(json *j)
{
	size_t start;
	if (!json_take(j, '"'))
		return 0;
	start = j->at;
	while (j->at < j->len) {
		unsigned char c = (unsigned char)j->s[j->at];
		if (c == '"') {
			if (!fuzz_utf8_valid(j->s + start, j->at - start))
				return 0;
			j->at++;
			return 1;
		}
		if (c < 0x20)
			return 0;
		j->at++;
		if (c != '\\')
			continue;
		if (j->at >= j->len)
			return 0;
		c = (unsigned char)j->s[j->at++];
		if (c == 'u') {
			size_t k;
			for (k = 0; k < 4; k++, j->at++)
				if (j->at >= j->len ||
				    !strchr("0123456789abcdefABCDEF",
					    j->s[j->at]) ||
				    !j->s[j->at])
					return 0;
		} else if (!strchr("\"\\/bfnrt", c) || !c) {
			return 0;
		}
	}
	return 0;
}

static int json_word(json *j, const char *word)
{
	size_t n = strlen(word);
	if (j->len - j->at < n || memcmp(j->s + j->at, word, n))
		return 0;
	j->at += n;
	return 1;
}

static int json_members(json *j, int object, char close)
{
	if (++j->depth > 64)
		return 0;
	if (json_take(j, close)) {
		j->depth--;
		return 1;
	}
	do {
		if (object && (!json_string(j) || !json_take(j, ':')))
			return 0;
		if (!json_value(j))
			return 0;
	} while (json_take(j, ','));
	j->depth--;
	return json_take(j, close);
}

static int json_value(json *j)
{
	char c;
	json_space(j);
	if (j->at >= j->len)
		return 0;
	c = j->s[j->at];
	if (c == '{') {
		j->at++;
		return json_members(j, 1, '}');
	}
	if (c == '[') {
		j->at++;
		return json_members(j, 0, ']');
	}
	if (c == '"')
		return json_string(j);
	if (c == '-' || (c >= '0' && c <= '9'))
		return json_number(j);
	return json_word(j, "true") || json_word(j, "false") ||
	       json_word(j, "null");
}

int fuzz_json_valid(const char *s, size_t len)
{
	json j = {s, len, 0, 0};
	if (!json_value(&j))
		return 0;
	json_space(&j);
	return j.at == len;
}

/*
 * Five roles (e is reached by nothing), parallel transitions, a cycle and
 * blank cells in two metrics, so that costs can skip transitions.
 */
static const char roles_csv[] = "id,title,aliases,category,median_wage_usd\n"
				"a,Alpha Aide,AA;Starter,entry,30000\n"
				"b,Beta Tech,BT,technician,40000\n"
				"c,Gamma Nurse,,licensed,55000.5\n"
				"d,Delta Lead,,leadership,\n"
				"e,Epsilon Island,,other,\n";
static const char transitions_csv[] =
	"from,to,months,cost_usd,experience_months,m2,credential\n"
	"a,b,12,5000,0,1.5,Beta cert\n"
	"a,b,6,9000,0,0.25,Fast beta cert\n"
	"b,c,24,20000,6,,Gamma degree\n"
	"a,c,40,15000,0,2,Direct gamma\n"
	"c,d,0,0,12,1e-3,\n"
	"b,d,3,,24,4,Lead course\n"
	"d,a,1,100,0,0,Back to the start\n"
	"c,b,2,50,0,1e300,\n";

static cp_graph *graph;

static void free_graph(void)
{
	cp_graph_free(graph);
}

cp_graph *fuzz_graph(void)
{
	cp_error err;
	if (graph)
		return graph;
	fuzz_write("roles.csv", roles_csv, sizeof(roles_csv) - 1);
	fuzz_write("transitions.csv", transitions_csv,
		   sizeof(transitions_csv) - 1);
	if (cp_graph_load(&graph, fuzz_dir(), NULL, &err)) {
		fprintf(stderr, "fuzz: %s\n", err.text);
		abort();
	}
	atexit(free_graph);
	return graph;
}
