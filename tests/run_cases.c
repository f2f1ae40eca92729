/*
 * Runs a file of command-line cases against the careerpath program:
 *
 *   === name of the case
 *   $ careerpath --graph small path a d --by months
 *   ? 0
 *   --- stdout
 *   expected lines
 *   --- stderr
 *   expected lines
 *
 * A case's command is split like a shell's words (quotes, backslashes);
 * leading NAME=VALUE words set the environment. `? N` is the exit status
 * (0 if absent). A missing stdout or stderr block expects that stream
 * empty. Trailing blank lines of a block are not compared. Commands run in
 * the data folder named on the command line, without CAREERPATH_GRAPH and
 * with CAREERPATH set to the program, for cases that need a shell:
 *
 *   $ sh -c '"$CAREERPATH" --graph small dot -o out.dot && cat out.dot'
 *
 * A line `validate: dot` (beside `? N`) also has Graphviz read the case's
 * standard output (`dot -Tcanon`): any message from it, or a failure, fails
 * the case.
 *
 * usage: run_cases PROGRAM CASES DATA_DIR
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_WORDS 64

typedef struct text {
	char *ptr;
	size_t len, cap;
} text;

typedef struct test_case {
	char *name;
	int line;
	char *command;
	int status;
	text out, err;
	int has_stdin;
	text in;
	char *validate; /* what to check the output with, or NULL */
} test_case;

static void text_add(text *t, const char *s, size_t n)
{
	if (t->len + n + 1 > t->cap) {
		t->cap = (t->len + n + 1) * 2;
		t->ptr = realloc(t->ptr, t->cap);
		if (!t->ptr) {
			perror("run_cases");
			exit(2);
		}
	}
	memcpy(t->ptr + t->len, s, n);
	t->len += n;
	t->ptr[t->len] = '\0';
}

static void trim_blank_tail(text *t)
{
	while (t->len && t->ptr[t->len - 1] == '\n')
		t->len--;
	if (t->ptr)
		t->ptr[t->len] = '\0';
}

/* Splits a command line into words; returns the count or -1. */
static int split_words(char *line, char **words)
{
	int n = 0;
	char *in = line, *out = line;
	while (*in) {
		int quoted = 0;
		while (*in == ' ' || *in == '\t')
			in++;
		if (!*in)
			break;
		if (n >= MAX_WORDS - 1)
			return -1;
		words[n++] = out;
		while (*in && (quoted || (*in != ' ' && *in != '\t'))) {
			if (!quoted && (*in == '\'' || *in == '"')) {
				quoted = *in++;
			} else if (quoted && *in == quoted) {
				quoted = 0;
				in++;
			} else if (*in == '\\' && quoted != '\'' && in[1]) {
				char c = in[1];
				in += 2;
				*out++ = c == 'n' && quoted ? '\n' : c;
			} else {
				*out++ = *in++;
			}
		}
		if (quoted)
			return -1;
		if (*in)
			in++;
		*out++ = '\0';
	}
	words[n] = NULL;
	return n;
}

static void read_fd(int fd, text *t)
{
	char buf[4096];
	ssize_t n;
	lseek(fd, 0, SEEK_SET);
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		text_add(t, buf, (size_t)n);
	if (!t->ptr)
		text_add(t, "", 0);
}

static int run(const char *program, const test_case *c, text *out, text *err,
	       int *status)
{
	char *line = strdup(c->command), *words[MAX_WORDS];
	int n = split_words(line, words), first = 0, wstatus;
	FILE *fo = tmpfile(), *fe = tmpfile(), *fi = tmpfile();
	pid_t pid;
	if (n <= 0 || !fo || !fe || !fi) {
		free(line);
		return -1;
	}
	if (c->has_stdin) {
		fwrite(c->in.ptr, 1, c->in.len, fi);
		fflush(fi);
		rewind(fi);
	}
	pid = fork();
	if (pid == 0) {
		unsetenv("CAREERPATH_GRAPH");
		setenv("CAREERPATH", program, 1);
		while (first < n && strchr(words[first], '=') &&
		       words[first][0] != '=') {
			putenv(words[first]);
			first++;
		}
		if (first < n && !strcmp(words[first], "careerpath"))
			words[first] = (char *)program;
		dup2(fileno(fi), 0);
		dup2(fileno(fo), 1);
		dup2(fileno(fe), 2);
		execvp(words[first], words + first);
		fprintf(stderr, "cannot run %s: %s\n", words[first],
			strerror(errno));
		_exit(127);
	}
	waitpid(pid, &wstatus, 0);
	*status = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus)
				     : 128 + WTERMSIG(wstatus);
	read_fd(fileno(fo), out);
	read_fd(fileno(fe), err);
	fclose(fo);
	fclose(fe);
	fclose(fi);
	free(line);
	return 0;
}

/*
 * Checks a case's output with the validator its `validate:` line names:
 * `dot` has Graphviz read it as dot -Tcanon does, which also lays it out
 * and parses its HTML labels. Returns 1 if dot took it without a word;
 * otherwise puts why into verdict.
 */
static int validate(const char *kind, const text *output, text *verdict)
{
	FILE *fi = NULL, *fe = NULL;
	text messages = {0};
	char line[256];
	int wstatus = 0, ok = 0;
	pid_t pid;
	if (strcmp(kind, "dot")) {
		snprintf(line, sizeof(line),
			 "unknown 'validate: %s' (expected dot)", kind);
		text_add(verdict, line, strlen(line));
		return 0;
	}
	fi = tmpfile();
	fe = tmpfile();
	if (!fi || !fe) {
		perror("run_cases");
		goto cleanup;
	}
	fwrite(output->ptr, 1, output->len, fi);
	fflush(fi);
	rewind(fi);
	pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);
		dup2(fileno(fi), 0);
		dup2(null, 1);
		dup2(fileno(fe), 2);
		execlp("dot", "dot", "-Tcanon", (char *)NULL);
		fprintf(stderr,
			"cannot run Graphviz's dot: %s (on Debian: apt-get "
			"install graphviz)\n",
			strerror(errno));
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &wstatus, 0) < 0) {
		perror("run_cases");
		goto cleanup;
	}
	read_fd(fileno(fe), &messages);
	ok = WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0 && !messages.len;
	if (!ok) {
		snprintf(line, sizeof(line),
			 "Graphviz (dot -Tcanon, exit status %d) says:\n",
			 WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : -1);
		text_add(verdict, line, strlen(line));
		text_add(verdict, messages.ptr, messages.len);
	}
cleanup:
	if (fi)
		fclose(fi);
	if (fe)
		fclose(fe);
	free(messages.ptr);
	return ok;
}

static void show(const char *what, const text *expected, const text *actual)
{
	fprintf(stderr, "  %s expected:\n%s\n  %s got:\n%s\n", what,
		expected->ptr ? expected->ptr : "", what, actual->ptr);
}

static int check(const char *program, const char *file, test_case *c)
{
	text out = {0}, err = {0}, verdict = {0};
	int status = 0, ok, valid;
	trim_blank_tail(&c->out);
	trim_blank_tail(&c->err);
	if (!c->out.ptr)
		text_add(&c->out, "", 0);
	if (!c->err.ptr)
		text_add(&c->err, "", 0);
	if (!c->command || run(program, c, &out, &err, &status)) {
		fprintf(stderr, "%s:%d: %s: bad command line\n", file, c->line,
			c->name);
		return 0;
	}
	trim_blank_tail(&out);
	trim_blank_tail(&err);
	valid = !c->validate || validate(c->validate, &out, &verdict);
	ok = status == c->status && !strcmp(out.ptr, c->out.ptr) &&
	     !strcmp(err.ptr, c->err.ptr) && valid;
	if (!ok) {
		fprintf(stderr, "FAIL %s:%d: %s\n  $ %s\n", file, c->line,
			c->name, c->command);
		if (!valid)
			fprintf(stderr, "  %s\n", verdict.ptr);
		if (status != c->status)
			fprintf(stderr, "  exit status expected %d, got %d\n",
				c->status, status);
		if (strcmp(out.ptr, c->out.ptr))
			show("stdout", &c->out, &out);
		if (strcmp(err.ptr, c->err.ptr))
			show("stderr", &c->err, &err);
	}
	free(out.ptr);
	free(err.ptr);
	free(verdict.ptr);
	return ok;
}

static void reset(test_case *c)
{
	free(c->name);
	free(c->command);
	free(c->out.ptr);
	free(c->err.ptr);
	free(c->in.ptr);
	free(c->validate);
	memset(c, 0, sizeof(*c));
}

int main(int argc, char **argv)
{
	FILE *f;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int lineno = 0, total = 0, passed = 0, in_case = 0;
	text *block = NULL;
	test_case c;
	if (argc != 4) {
		fprintf(stderr, "usage: run_cases PROGRAM CASES DATA_DIR\n");
		return 2;
	}
	f = fopen(argv[2], "r");
	if (!f || chdir(argv[3])) {
		perror(argv[f ? 3 : 2]);
		return 2;
	}
	memset(&c, 0, sizeof(c));
	while ((len = getline(&line, &cap, f)) >= 0) {
		lineno++;
		if (!strncmp(line, "=== ", 4)) {
			if (in_case) {
				total++;
				passed += check(argv[1], argv[2], &c);
				reset(&c);
			}
			in_case = 1;
			block = NULL;
			line[strcspn(line, "\n")] = '\0';
			c.name = strdup(line + 4);
			c.line = lineno;
			continue;
		}
		if (!in_case)
			continue;
		if (!block && !strncmp(line, "$ ", 2)) {
			line[strcspn(line, "\n")] = '\0';
			c.command = strdup(line + 2);
		} else if (!block && !strncmp(line, "? ", 2)) {
			c.status = atoi(line + 2);
		} else if (!block && !strncmp(line, "validate: ", 10)) {
			line[strcspn(line, "\n")] = '\0';
			free(c.validate);
			c.validate = strdup(line + 10);
		} else if (!strcmp(line, "--- stdout\n")) {
			block = &c.out;
			text_add(block, "", 0);
		} else if (!strcmp(line, "--- stderr\n")) {
			block = &c.err;
			text_add(block, "", 0);
		} else if (!strcmp(line, "--- stdin\n")) {
			block = &c.in;
			c.has_stdin = 1;
			text_add(block, "", 0);
		} else if (block) {
			text_add(block, line, (size_t)len);
		}
	}
	if (in_case) {
		total++;
		passed += check(argv[1], argv[2], &c);
		reset(&c);
	}
	free(line);
	fclose(f);
	printf("%s: %d of %d passed\n", argv[2], passed, total);
	printf("%d passed, %d failed\n", passed, total - passed);
	return passed == total && total > 0 ? 0 : 1;
}
