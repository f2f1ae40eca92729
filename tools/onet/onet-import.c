/*
 * onet-import: turns the O*NET database (tab-separated release files), the
 * BLS OEWS national wages, BLS Employment Projections Table 1.2 and the NCES
 * CIP-SOC crosswalk into a careerpath graph folder, roles.csv,
 * transitions.csv and metrics.csv. Every rule it applies is written in
 * graphs/onet/README.md and applied in onet-read.c; this file finds the input
 * files and writes the folder.
 *
 * usage: onet-import ONET_DIR OEWS_TSV EP_TSV CIP_SOC_TSV OUT_DIR
 * exit:  0 written, 2 usage, 3 bad data (file:line:col: message), 4 I/O
 */
#define _POSIX_C_SOURCE 200809L
#include "onet-read.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define EXIT_USAGE 2
#define EXIT_DATA 3
#define EXIT_IO 4

static const char *program = "onet-import";

/* Written beside the target, then renamed over it: never half a file. */
static int write_temp(const char *dir, const char *name, const sbuf *data,
		      char **temp_out)
{
	sbuf path = {0};
	int fd, status = 0;
	FILE *f;
	*temp_out = NULL;
	if (sbuf_printf(&path, "%s/.%s.XXXXXX", dir, name))
		return onet_fail_nomem(NULL);
	if ((fd = mkstemp(path.ptr)) < 0) {
		status = onet_fail_io(NULL, "create a file in", dir);
		sbuf_free(&path);
		return status;
	}
	if (fchmod(fd, 0644) || !(f = fdopen(fd, "wb"))) {
		status = onet_fail_io(NULL, "write", path.ptr);
		close(fd);
		unlink(path.ptr);
		sbuf_free(&path);
		return status;
	}
	if (fwrite(data->ptr, 1, data->len, f) != data->len || fflush(f) ||
	    fsync(fileno(f)))
		status = onet_fail_io(NULL, "write", path.ptr);
	if (fclose(f) && !status)
		status = onet_fail_io(NULL, "write", path.ptr);
	if (status) {
		unlink(path.ptr);
		sbuf_free(&path);
		return status;
	}
	*temp_out = path.ptr;
	return 0;
}

/*
 * How a route totals each metric of transitions.csv (README.md, "Data
 * format"): time adds up; how closely a route's moves are related, and
 * how far its skills must grow, is that of its loosest and hardest step,
 * not a sum (three tier-1 moves are not a tier-3 route); O*NET's related
 * experience is the destination's, so a route's is its last step's.
 */
static const char metrics_csv[] =
	"metric,total,note\n"
	"relatedness_tier,max,the loosest move of the route: "
	"1 Primary-Short to 3 Supplemental\n"
	"relatedness_index,max,the loosest move of the route: "
	"O*NET's largest rank among its moves\n"
	"months,sum,preparation adds up\n"
	"experience_months,sum,work experience adds up\n"
	"onet_experience_months,last,the related work experience O*NET's "
	"incumbents report for the destination\n"
	"skill_gap,max,the hardest step of the route\n";

static int write_outputs(const char *dir, const sbuf *roles,
			 const sbuf *transitions)
{
	static const char *const names[3] = {"roles.csv", "transitions.csv",
					     "metrics.csv"};
	sbuf metrics = {(char *)metrics_csv, sizeof(metrics_csv) - 1, 0};
	const sbuf *data[3] = {roles, transitions, &metrics};
	char *temps[3] = {NULL, NULL, NULL};
	sbuf target = {0};
	int status = 0, k;
	if (mkdir(dir, 0755) && errno != EEXIST)
		return onet_fail_io(NULL, "create", dir);
	for (k = 0; k < 3 && !status; k++)
		status = write_temp(dir, names[k], data[k], &temps[k]);
	for (k = 0; k < 3 && !status; k++) {
		target.len = 0;
		if (sbuf_printf(&target, "%s/%s", dir, names[k]))
			status = onet_fail_nomem(NULL);
		else if (rename(temps[k], target.ptr))
			status = onet_fail_io(NULL, "replace", target.ptr);
		else {
			free(temps[k]);
			temps[k] = NULL;
		}
	}
	for (k = 0; k < 3; k++) {
		if (temps[k])
			unlink(temps[k]);
		free(temps[k]);
	}
	sbuf_free(&target);
	return status;
}

/*
 * The release .txt file if it is there, else the cell-for-cell dump of the
 * release's Excel file (same columns) that SOURCE.md describes.
 */
static int onet_path(sbuf *out, const char *dir, const char *name,
		     int has_xlsx_dump)
{
	struct stat st;
	out->len = 0;
	if (sbuf_printf(out, "%s/%s.txt", dir, name))
		return onet_fail_nomem(NULL);
	if (!has_xlsx_dump || !stat(out->ptr, &st))
		return 0;
	out->len = 0;
	return sbuf_printf(out, "%s/%s.from_xlsx.tsv", dir, name)
		       ? onet_fail_nomem(NULL)
		       : 0;
}

/* The files that are not O*NET's, in the order of their tables. */
typedef struct other_files {
	const char *path[ONET_TABLES - ONET_WAGES];
} other_files;

static int import(const char *onet_dir, const other_files *others,
		  const char *out_dir)
{
	onet_model *m = NULL;
	sbuf path = {0}, roles = {0}, transitions = {0};
	onet_counts counts;
	int table, status;

	if ((status = onet_model_new(&m, NULL)))
		goto cleanup;
	for (table = 0; table < ONET_WAGES && !status; table++)
		if (!(status =
			      onet_path(&path, onet_dir, onet_table_name(table),
					onet_table_has_xlsx_dump(table))))
			status = onet_read_file(m, table, path.ptr);
	for (table = ONET_WAGES; table < ONET_TABLES && !status; table++)
		status = onet_read_file(m, table,
					others->path[table - ONET_WAGES]);
	if (status || (status = onet_check_complete(m)))
		goto cleanup;
	if (onet_build(m, &roles, &transitions, &counts)) {
		status = onet_fail_nomem(NULL);
		goto cleanup;
	}
	if ((status = write_outputs(out_dir, &roles, &transitions)))
		goto cleanup;
	printf("%s: %zu roles, %zu aliases, %zu transitions (%zu of them out "
	       "of the start roles); %zu related pairs left out for want of "
	       "related work experience\n",
	       program, counts.roles, counts.aliases, counts.transitions,
	       counts.starts, counts.left_out);
cleanup:
	onet_model_free(m);
	sbuf_free(&path);
	sbuf_free(&roles);
	sbuf_free(&transitions);
	return status;
}

int main(int argc, char **argv)
{
	other_files others;
	int status;
	if (argc != 6) {
		fprintf(stderr,
			"usage: %s ONET_DIR OEWS_TSV EP_TSV CIP_SOC_TSV "
			"OUT_DIR\n",
			program);
		return EXIT_USAGE;
	}
	others.path[0] = argv[2];
	others.path[1] = argv[3];
	others.path[2] = argv[4];
	status = import(argv[1], &others, argv[5]);
	if (status == ONET_E_DATA)
		return EXIT_DATA;
	return status ? EXIT_IO : 0;
}
