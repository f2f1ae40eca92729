/*
 * The harnesses without libFuzzer: replays the inputs saved in the files and
 * folders named (not descending into subfolders, skipping names starting
 * with '.' and notes ending in ".md") and fails when one crashes or takes
 * longer than the bound. The bound is a hang detector, not a benchmark: it
 * counts the processor time of each input, so a busy machine does not trip
 * it.
 *
 *   fuzz_HARNESS [--bound SECONDS] FILE|FOLDER...
 */
#include "fuzz.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* The sanitizers call this before they end the process. */
void __sanitizer_set_death_callback(void (*callback)(void))
	__attribute__((weak));

static const char *current;

/* Names the input that crashed: the sanitizer's report does not. */
static void say_which(void)
{
	static const char prefix[] = "fuzz: while replaying ";
	if (!current)
		return;
	if (write(STDERR_FILENO, prefix, sizeof(prefix) - 1) < 0 ||
	    write(STDERR_FILENO, current, strlen(current)) < 0 ||
	    write(STDERR_FILENO, "\n", 1) < 0)
		return;
}

static void on_signal(int sig)
{
	say_which();
	signal(sig, SIG_DFL);
	raise(sig);
}

static double cpu_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef struct tally {
	double bound;
	size_t inputs;
	size_t slow;
	double slowest;
} tally;

/* The input goes in a buffer of its own size, so reading past it is caught. */
static int read_input(unsigned char **out, size_t *len, const char *path)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	unsigned char *data = NULL;
	int failed = 1;
	if (f && fstat(fileno(f), &st) == 0 && st.st_size >= 0) {
		*len = (size_t)st.st_size;
		data = malloc(*len ? *len : 1);
		failed = !data || fread(data, 1, *len, f) != *len;
	}
	if (failed) {
		fprintf(stderr, "fuzz: cannot read '%s': %s\n", path,
			strerror(errno));
		free(data);
		data = NULL;
	}
	if (f)
		fclose(f);
	*out = data;
	return failed;
}

static int replay_file(tally *t, const char *path)
{
	unsigned char *data;
	size_t len;
	double start, took;
	if (read_input(&data, &len, path))
		return 1;
	current = path;
	start = cpu_seconds();
	LLVMFuzzerTestOneInput(data, len);
	took = cpu_seconds() - start;
	current = NULL;
	free(data);
	t->inputs++;
	if (took > t->slowest)
		t->slowest = took;
	if (took > t->bound) {
		fprintf(stderr,
			"fuzz: '%s' took %.2f s (bound %.2f s): a slow input\n",
			path, took, t->bound);
		t->slow++;
	}
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int is_input(const char *name)
{
	size_t len = strlen(name);
	return name[0] != '.' && !(len >= 3 && !strcmp(name + len - 3, ".md"));
}

static int replay_dir(tally *t, const char *path)
{
	DIR *d = opendir(path);
	struct dirent *entry;
	char **names = NULL, file[4096];
	size_t n = 0, cap = 0, i;
	int failed = 0;
	struct stat st;
	if (!d) {
		fprintf(stderr, "fuzz: cannot open '%s': %s\n", path,
			strerror(errno));
		return 1;
	}
	while ((entry = readdir(d))) {
		if (!is_input(entry->d_name))
			continue;
		if (n == cap) {
			char **grown;
			cap = cap ? 2 * cap : 64;
			grown = realloc(names, cap * sizeof(*names));
			if (!grown)
				abort();
			names = grown;
		}
		if (!(names[n++] = strdup(entry->d_name)))
			abort();
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), by_name);
	for (i = 0; i < n; i++) {
		snprintf(file, sizeof(file), "%s/%s", path, names[i]);
		if (stat(file, &st) == 0 && S_ISREG(st.st_mode))
			failed |= replay_file(t, file);
		free(names[i]);
	}
	free(names);
	return failed;
}

int main(int argc, char **argv)
{
	static const int signals[] = {SIGABRT, SIGSEGV, SIGBUS, SIGFPE, SIGILL};
	tally t = {1, 0, 0, 0};
	struct stat st;
	int i, failed = 0;
	size_t s;

	for (s = 0; s < sizeof(signals) / sizeof(signals[0]); s++)
		signal(signals[s], on_signal);
	if (__sanitizer_set_death_callback)
		__sanitizer_set_death_callback(say_which);
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--bound") && i + 1 < argc) {
			t.bound = atof(argv[++i]);
			continue;
		}
		if (stat(argv[i], &st)) {
			fprintf(stderr, "fuzz: cannot open '%s': %s\n", argv[i],
				strerror(errno));
			failed = 1;
		} else if (S_ISDIR(st.st_mode)) {
			failed |= replay_dir(&t, argv[i]);
		} else {
			failed |= replay_file(&t, argv[i]);
		}
	}
	printf("%zu inputs replayed, %zu slow (bound %.2f s, slowest %.3f "
	       "s)\n",
	       t.inputs, t.slow, t.bound, t.slowest);
	return failed || t.slow ? 1 : 0;
}
