/*
 * tools/onet-import run on extracts of the real O*NET and OEWS files
 * (tests/data/onet/good, described in tests/data/onet/README.md). The
 * expected outputs there were worked out by hand, rule by rule. The other
 * cases copy that extract and replace one file with a variant. The readers
 * (tools/onet/onet-read.h) are also called in process, where each model reports
 * to a reporter of its own.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "onet-read.h"

#define GOOD CP_TEST_DATA "/onet/good"

static const char *const onet_files[] = {
	"Occupation Data.txt",
	"Job Zones.txt",
	"Education, Training, and Experience Categories.txt",
	"Education, Training, and Experience.txt",
	"Skills.from_xlsx.tsv",
	"Alternate Titles.from_xlsx.tsv",
	"Sample of Reported Titles.txt",
	"Related Occupations.txt",
};

typedef struct run {
	char dir[64]; /* the case's folder: onet/, the other inputs, out/ */
	int status;   /* the importer's exit status */
	char *err;    /* what it wrote to standard error */
} run;

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *text;
	long n;
	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n >= 0);
	rewind(f);
	text = malloc((size_t)n + 1);
	assert_non_null(text);
	assert_int_equal(fread(text, 1, (size_t)n, f), (size_t)n);
	text[n] = '\0';
	fclose(f);
	return text;
}

static void spill(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
	assert_int_equal(fclose(f), 0);
}

static char *join(const char *a, const char *b)
{
	size_t n = strlen(a) + strlen(b) + 2;
	char *path = malloc(n);
	assert_non_null(path);
	snprintf(path, n, "%s/%s", a, b);
	return path;
}

static void copy_file(const char *from_dir, const char *to_dir,
		      const char *name)
{
	char *from = join(from_dir, name), *to = join(to_dir, name);
	char *text = slurp(from);
	spill(to, text);
	free(text);
	free(from);
	free(to);
}

/* A fresh case folder holding a copy of the good extract. */
static void setup_case(run *r)
{
	char *onet, *good_onet;
	size_t i;
	memset(r, 0, sizeof(*r));
	strcpy(r->dir, "/tmp/onet-import-test-XXXXXX");
	assert_non_null(mkdtemp(r->dir));
	onet = join(r->dir, "onet");
	good_onet = join(GOOD, "onet");
	assert_int_equal(mkdir(onet, 0755), 0);
	for (i = 0; i < sizeof(onet_files) / sizeof(onet_files[0]); i++)
		copy_file(good_onet, onet, onet_files[i]);
	copy_file(GOOD, r->dir, "oews.tsv");
	copy_file(GOOD, r->dir, "ep.tsv");
	copy_file(GOOD, r->dir, "cip-soc.tsv");
	free(onet);
	free(good_onet);
}

/* Table 1.2's title line and header, without rows. */
#define EP_HEADER                                                              \
	"Table 1.2\n"                                                          \
	"2024 National Employment Matrix title\t2024 National Employment "     \
	"Matrix code\tOccupation type\tEmployment, 2024\tEmployment, "         \
	"2034\tEmployment change, percent, 2024\xe2\x80\x93"                   \
	"34\tOccupational openings, 2024\xe2\x80\x93"                          \
	"34 annual average\tTypical education needed for entry\tWork "         \
	"experience in a related occupation\tTypical on-the-job training "     \
	"needed to attain competency in the occupation\n"

/* Writes text as the case folder's file name (beside onet/). */
static void spill_in(run *r, const char *name, const char *text)
{
	char *path = join(r->dir, name);
	spill(path, text);
	free(path);
}

static void replace_onet_file(run *r, const char *name, const char *text)
{
	char *onet = join(r->dir, "onet"), *path = join(onet, name);
	spill(path, text);
	free(path);
	free(onet);
}

static void remove_tree(const char *path)
{
	DIR *dir = opendir(path);
	struct dirent *entry;
	if (!dir) {
		unlink(path);
		return;
	}
	while ((entry = readdir(dir))) {
		char *child;
		if (!strcmp(entry->d_name, ".") || !strcmp(entry->d_name, ".."))
			continue;
		child = join(path, entry->d_name);
		remove_tree(child);
		free(child);
	}
	closedir(dir);
	rmdir(path);
}

static void teardown_case(run *r)
{
	remove_tree(r->dir);
	free(r->err);
}

/* Runs the importer with these arguments, standard error to r->err. */
static void run_args(run *r, const char *const *args)
{
	char *err_path = join(r->dir, "stderr");
	pid_t pid;
	int wstatus;
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		FILE *err = freopen(err_path, "wb", stderr);
		if (!err || !freopen("/dev/null", "wb", stdout))
			_exit(127);
		if (!args)
			execl(ONET_IMPORT, ONET_IMPORT, (char *)NULL);
		else
			execl(ONET_IMPORT, ONET_IMPORT, args[0], args[1],
			      args[2], args[3], args[4], (char *)NULL);
		_exit(127);
	}
	assert_int_equal(waitpid(pid, &wstatus, 0), pid);
	assert_true(WIFEXITED(wstatus));
	r->status = WEXITSTATUS(wstatus);
	free(r->err);
	r->err = slurp(err_path);
	unlink(err_path);
	free(err_path);
}

static void run_import(run *r)
{
	const char *names[5] = {"onet", "oews.tsv", "ep.tsv", "cip-soc.tsv",
				"out"};
	char *args[5];
	size_t k;
	for (k = 0; k < 5; k++)
		args[k] = join(r->dir, names[k]);
	run_args(r, (const char *const *)args);
	for (k = 0; k < 5; k++)
		free(args[k]);
}

static char *output(const run *r, const char *name)
{
	char *out = join(r->dir, "out"), *path = join(out, name);
	char *text = slurp(path);
	free(path);
	free(out);
	return text;
}

static void assert_output(const run *r, const char *name, const char *want)
{
	char *have = output(r, name);
	assert_string_equal(have, want);
	free(have);
}

static void assert_expected(const run *r, const char *name)
{
	char *dir = join(GOOD, "expected"), *path = join(dir, name);
	char *want = slurp(path);
	assert_output(r, name, want);
	free(want);
	free(path);
	free(dir);
}

/* The line of name in the output that starts with prefix. */
static char *output_line(const run *r, const char *name, const char *prefix)
{
	char *text = output(r, name), *line = text, *found = NULL;
	while (line && *line) {
		char *end = strchr(line, '\n');
		if (end)
			*end = '\0';
		if (!strncmp(line, prefix, strlen(prefix))) {
			found = strdup(line);
			break;
		}
		line = end ? end + 1 : NULL;
	}
	free(text);
	assert_non_null(found);
	return found;
}

/* The line whose first fields (1: the role id, 2: from and to) are want's. */
static void assert_line(const run *r, const char *name, int fields,
			const char *want)
{
	char prefix[32];
	char *have;
	snprintf(prefix, sizeof(prefix), "%.*s", fields == 1 ? 11 : 22, want);
	have = output_line(r, name, prefix);
	assert_string_equal(have, want);
	free(have);
}

/* Exit 3 and exactly this message, the case folder's path left out. */
static void assert_fails(run *r, const char *file_and_message)
{
	char want[1024];
	run_import(r);
	snprintf(want, sizeof(want), "onet-import: %s/onet/%s\n", r->dir,
		 file_and_message);
	assert_string_equal(r->err, want);
	assert_int_equal(r->status, 3);
}

static size_t count_entries(const char *path)
{
	DIR *dir = opendir(path);
	struct dirent *entry;
	size_t n = 0;
	assert_non_null(dir);
	while ((entry = readdir(dir)))
		n += strcmp(entry->d_name, ".") && strcmp(entry->d_name, "..");
	closedir(dir);
	return n;
}

static void test_extract_gives_hand_worked_graph(void **state)
{
	run r;
	char *out;
	(void)state;
	setup_case(&r);
	run_import(&r);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.err, "");
	assert_expected(&r, "roles.csv");
	assert_expected(&r, "transitions.csv");
	assert_expected(&r, "metrics.csv");
	/* again over the same folder: the same bytes, no temporary left */
	run_import(&r);
	assert_int_equal(r.status, 0);
	assert_expected(&r, "roles.csv");
	assert_expected(&r, "transitions.csv");
	assert_expected(&r, "metrics.csv");
	out = join(r.dir, "out");
	assert_int_equal(count_entries(out), 3);
	free(out);
	teardown_case(&r);
}

static void test_failed_run_keeps_previous_graph(void **state)
{
	run r;
	(void)state;
	setup_case(&r);
	run_import(&r);
	assert_int_equal(r.status, 0);
	replace_onet_file(&r, "Job Zones.txt",
			  "O*NET-SOC Code\tTitle\tJob Zone\n"
			  "31-9092.00\tMedical Assistants\tthree\n");
	run_import(&r);
	assert_int_equal(r.status, 3);
	assert_expected(&r, "roles.csv");
	assert_expected(&r, "transitions.csv");
	teardown_case(&r);
}

/*
 * Aliases: ';' separates aliases in roles.csv, so one inside a title
 * becomes ','; names equal to a title (its own or another's) are left out;
 * spellings that differ in case or spaces are one alias, the first in byte
 * order kept.
 */
static void test_alias_rules(void **state)
{
	run r;
	(void)state;
	setup_case(&r);
	replace_onet_file(
		&r, "Sample of Reported Titles.txt",
		"O*NET-SOC Code\tTitle\tReported Job Title\tShown in My Next "
		"Move\n"
		"31-9092.00\tMedical Assistants\tFront Office; Back Office "
		"Assistant\tY\n"
		"31-9092.00\tMedical Assistants\tmedical  ASSISTANTS\tN\n"
		"31-9092.00\tMedical Assistants\tPhlebotomists\tN\n"
		"31-9092.00\tMedical Assistants\t  health   ASSISTANT \tN\n"
		"31-9092.00\tMedical Assistants\tHealth Assistant\tN\n"
		"31-9092.00\tMedical Assistants\tn/a\tN\n");
	run_import(&r);
	assert_int_equal(r.status, 0);
	assert_line(
		&r, "roles.csv", 1,
		"31-9092.00,Medical Assistants,\"Certified Medical "
		"Assistant;Certified Medical Assistant (CMA);Clinical Medical "
		"Assistant;CMA;Front Office, Back Office Assistant;Health "
		"Assistant;MA;Medical Assistant;Medical Assistant "
		"(MA)\",entry,,Healthcare Support Occupations,3,Postsecondary "
		"nondegree award,3,,Postsecondary nondegree "
		"award,None,None,\"CIP 51.07, 51.08\",811000,12.5,112300,\"BLS "
		"Employment Projections 2024-34, Table 1.2, 31-9092 Medical "
		"assistants\",,44200,,\"BLS OEWS May 2024 national, 31-9092 "
		"Medical Assistants\"");
	teardown_case(&r);
}

/* The aliases cell of code's line in roles.csv. */
static char *aliases_of(const run *r, const char *code)
{
	char *line = output_line(r, "roles.csv", code), *at = line, *out, *to;
	int field = 0, quoted = 0;
	assert_non_null(out = calloc(strlen(line) + 1, 1));
	to = out;
	for (; *at; at++) {
		if (*at == '"')
			quoted = !quoted; /* a doubled quote reopens at once */
		else if (*at == ',' && !quoted)
			field++;
		else if (field == 2)
			*to++ = *at;
	}
	free(line);
	return out;
}

static void assert_aliases(const run *r, const char *code, const char *want)
{
	char *have = aliases_of(r, code);
	assert_string_equal(have, want);
	free(have);
}

/*
 * A name several occupations give names those that give it from the
 * strongest source (the title's singular, then an alternate title or its
 * short form, then a reported title), named occupations before an "All
 * Other" one; a true tie keeps it on each (graphs/onet/README.md,
 * "Aliases").
 */
static void test_alias_ranks(void **state)
{
	run r;
	(void)state;
	setup_case(&r);
	replace_onet_file(
		&r, "Occupation Data.txt",
		"O*NET-SOC Code\tTitle\tDescription\n"
		"15-1241.01\tTelecommunications Engineering Specialists\td\n"
		"27-2011.00\tActors\td\n"
		"29-1071.01\tAnesthesiologist Assistants\td\n"
		"29-1141.00\tRegistered Nurses\td\n"
		"29-1211.00\tAnesthesiologists\td\n"
		"29-2012.00\tMedical and Clinical Laboratory Technicians\td\n"
		"29-2072.00\tHealthcare Support Workers, All Other\td\n"
		"31-9092.00\tMedical Assistants\td\n"
		"31-9097.00\tPhlebotomists\td\n"
		"55-1011.00\tAir Crew Officers\td\n");
	replace_onet_file(
		&r, "Alternate Titles.from_xlsx.tsv",
		"O*NET-SOC Code\tTitle\tAlternate Title\tShort Title\t"
		"Source(s)\n"
		/* alternate title of both: the named occupation's */
		"31-9097.00\tPhlebotomists\tPhlebotomy Technician\t\t02\n"
		"29-2072.00\tHealthcare Support Workers, All Other\t"
		"Phlebotomy Technician\t\t08\n"
		/* a short title weighs as its row's alternate title */
		"31-9092.00\tMedical Assistants\tCertified Medical Assistant"
		" (CMA)\tCMA\t02\n"
		"29-1071.01\tAnesthesiologist Assistants\tCMA\t\t02\n"
		/* the source before the kind of occupation */
		"29-2072.00\tHealthcare Support Workers, All Other\t"
		"Sitter\t\t08\n"
		"29-1141.00\tRegistered Nurses\tHealth Assistant\t\t02\n"
		/* a true tie */
		"29-1141.00\tRegistered Nurses\tCharge Nurse\t\t02\n"
		"31-9092.00\tMedical Assistants\tCharge Nurse\t\t02\n");
	replace_onet_file(
		&r, "Sample of Reported Titles.txt",
		"O*NET-SOC Code\tTitle\tReported Job Title\tShown in My Next "
		"Move\n"
		/* an alternate title before a reported one */
		"31-9092.00\tMedical Assistants\tHealth Assistant\tY\n"
		"31-9097.00\tPhlebotomists\tSitter\tN\n"
		/* the singular of a title before any other name */
		"31-9092.00\tMedical Assistants\tPhlebotomist\tY\n"
		/* both reported: the named occupation's */
		"29-2072.00\tHealthcare Support Workers, All Other\t"
		"Staff Nurse\tN\n"
		"29-1141.00\tRegistered Nurses\tStaff Nurse\tY\n");
	run_import(&r);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.err, "");
	/* "Phlebotomy Tech" follows the name it is made from */
	assert_aliases(&r, "31-9097.00",
		       "Phlebotomist;Phlebotomy Tech;Phlebotomy Technician");
	assert_aliases(&r, "29-2072.00", "Sitter");
	assert_aliases(&r, "29-1071.01", "Anesthesiologist Assistant;CMA");
	assert_aliases(&r, "31-9092.00",
		       "Certified Medical Assistant;Certified Medical "
		       "Assistant (CMA);Charge Nurse;CMA;Medical Assistant");
	assert_aliases(&r, "29-1141.00",
		       "Charge Nurse;Health Assistant;Registered Nurse;"
		       "Staff Nurse");
	teardown_case(&r);
}

/*
 * A first-line supervisor answers to the name people give it (graphs/onet/
 * README.md, "Aliases"): "First-Line Supervisors of X Workers" is also
 * "X Supervisor", from the weakest source, so a name another occupation
 * gives stays that occupation's; titles with ',' or not ending in
 * "Workers" get none.
 */
static void test_supervisor_names(void **state)
{
	run r;
	(void)state;
	setup_case(&r);
	replace_onet_file(
		&r, "Occupation Data.txt",
		"O*NET-SOC Code\tTitle\tDescription\n"
		"15-1241.01\tTelecommunications Engineering Specialists\td\n"
		"27-2011.00\tFirst-Line Supervisors of Retail Sales "
		"Workers\td\n"
		"29-1071.01\tAnesthesiologist Assistants\td\n"
		"29-1141.00\tRegistered Nurses\td\n"
		"29-1211.00\tFirst-Line Supervisors of Police and "
		"Detectives\td\n"
		"29-2012.00\tMedical and Clinical Laboratory Technicians\td\n"
		"29-2072.00\tFirst-Line Supervisors of Food Preparation and "
		"Serving Workers\td\n"
		"31-9092.00\tMedical Assistants\td\n"
		"31-9097.00\tPhlebotomists\td\n"
		"55-1011.00\tFirst-Line Supervisors of Protective Service "
		"Workers, All Other\td\n");
	replace_onet_file(
		&r, "Alternate Titles.from_xlsx.tsv",
		"O*NET-SOC Code\tTitle\tAlternate Title\tShort Title\t"
		"Source(s)\n"
		/* another occupation's name keeps it */
		"29-1141.00\tRegistered Nurses\tFood Preparation "
		"and Serving Supervisor\t\t02\n");
	replace_onet_file(&r, "Sample of Reported Titles.txt",
			  "O*NET-SOC Code\tTitle\tReported Job Title\tShown "
			  "in My Next Move\n"
			  "31-9092.00\tMedical Assistants\tMA\tY\n");
	run_import(&r);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.err, "");
	assert_aliases(&r, "27-2011.00",
		       "First-Line Supervisor of Retail Sales Workers;"
		       "Retail Sales Supervisor");
	assert_aliases(&r, "29-2072.00",
		       "First-Line Supervisor of Food Preparation and Serving "
		       "Workers");
	assert_aliases(&r, "29-1141.00",
		       "Food Preparation and Serving Supervisor;"
		       "Registered Nurse");
	assert_aliases(&r, "29-1211.00",
		       "First-Line Supervisor of Police and Detectives");
	assert_aliases(&r, "55-1011.00", "");
	teardown_case(&r);
}

/*
 * A coordinated title names each occupation it joins (graphs/onet/
 * README.md, "Aliases"): "A and B Nouns" is also "A Noun" and "B Noun"
 * when A and B have as many words (and, of more than one, the same first
 * word) and the noun is one word, from the weakest source, so a name
 * another occupation gives stays that occupation's and a true tie stays
 * on both.
 */
static void test_coordinated_names(void **state)
{
	run r;
	(void)state;
	setup_case(&r);
	replace_onet_file(
		&r, "Occupation Data.txt",
		"O*NET-SOC Code\tTitle\tDescription\n"
		"15-1241.01\tLicensed Practical and Licensed Vocational "
		"Nurses\td\n"
		"27-2011.00\tFish and Game Wardens\td\n"
		"29-1071.01\tBiofuels/Biodiesel Technology and Product "
		"Development Managers\td\n"
		"29-1141.00\tRegistered Nurses\td\n"
		"29-1211.00\tDrywall and Ceiling Tile Installers\td\n"
		"29-2012.00\tMedical and Health Services Managers\td\n"
		"29-2072.00\tTool and Die Makers\td\n"
		"31-9092.00\tDie and Mold Makers\td\n"
		"31-9097.00\tHeating, Air Conditioning, and Refrigeration "
		"Mechanics and Installers\td\n"
		"55-1011.00\tSecretaries and Administrative Assistants\td\n");
	replace_onet_file(
		&r, "Alternate Titles.from_xlsx.tsv",
		"O*NET-SOC Code\tTitle\tAlternate Title\tShort Title\t"
		"Source(s)\n"
		/* another occupation's name keeps it */
		"29-1141.00\tRegistered Nurses\tGame Warden\t\t02\n");
	replace_onet_file(&r, "Sample of Reported Titles.txt",
			  "O*NET-SOC Code\tTitle\tReported Job Title\tShown "
			  "in My Next Move\n"
			  "31-9092.00\tDie and Mold Makers\tMold Maker\tY\n");
	run_import(&r);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.err, "");
	/* two words each, "Licensed" marking where the second starts */
	assert_aliases(&r, "15-1241.01",
		       "Licensed Practical and Licensed Vocational Nurse;"
		       "Licensed Practical Nurse;Licensed Vocational Nurse");
	assert_aliases(&r, "27-2011.00", "Fish and Game Warden;Fish Warden");
	assert_aliases(&r, "29-1141.00", "Game Warden;Registered Nurse");
	/* two words each without a shared first word */
	assert_aliases(&r, "29-1071.01",
		       "Biofuels/Biodiesel Technology and Product Development "
		       "Manager");
	/* a noun of two words ("Drywall Tile Installer" is false) */
	assert_aliases(&r, "29-1211.00", "Drywall and Ceiling Tile Installer");
	/* one word before 'and', two after */
	assert_aliases(&r, "29-2012.00", "Medical and Health Services Manager");
	/* a true tie at the weakest source names both */
	assert_aliases(&r, "29-2072.00",
		       "Die Maker;Tool and Die Maker;Tool Maker");
	/* a stronger source of the same occupation is kept once */
	assert_aliases(&r, "31-9092.00",
		       "Die and Mold Maker;Die Maker;Mold Maker");
	/* no singular title, no coordinated names */
	assert_aliases(&r, "31-9097.00", "");
	assert_aliases(&r, "55-1011.00", "");
	teardown_case(&r);
}

/*
 * "Tech" and "Technician" name the same (graphs/onet/README.md,
 * "Aliases"): a name ending in one also answers to the other, below every
 * name a source gives as it is, and among such names as the name it is
 * made from ranks.
 */
static void test_tech_names(void **state)
{
	run r;
	(void)state;
	setup_case(&r);
	replace_onet_file(
		&r, "Occupation Data.txt",
		"O*NET-SOC Code\tTitle\tDescription\n"
		"15-1241.01\tPharmacy Technicians\td\n"
		"27-2011.00\tActors\td\n"
		"29-1071.01\tAnesthesiologist Assistants\td\n"
		"29-1141.00\tRegistered Nurses\td\n"
		"29-1211.00\tDental Assistants\td\n"
		"29-2012.00\tMedical and Clinical Laboratory Technicians\td\n"
		"29-2072.00\tCooks\td\n"
		"31-9092.00\tMedical Assistants\td\n"
		"31-9097.00\tPhlebotomists\td\n"
		"55-1011.00\tAir Crew Officers\td\n");
	replace_onet_file(
		&r, "Alternate Titles.from_xlsx.tsv",
		"O*NET-SOC Code\tTitle\tAlternate Title\tShort Title\t"
		"Source(s)\n"
		"29-1071.01\tAnesthesiologist Assistants\tHVAC Tech\t\t02\n"
		/* an alternate title below another occupation's singular
		   title, and so is its "Tech" */
		"29-1141.00\tRegistered Nurses\tPharmacy Technician\t\t02\n"
		/* a name given as it is before one made from another */
		"29-1211.00\tDental Assistants\tLab Tech\t\t02\n"
		"29-2012.00\tMedical and Clinical Laboratory Technicians\t"
		"Lab Technician\t\t02\n");
	replace_onet_file(&r, "Sample of Reported Titles.txt",
			  "O*NET-SOC Code\tTitle\tReported Job Title\tShown "
			  "in My Next Move\n"
			  "31-9092.00\tMedical Assistants\tMA\tY\n");
	run_import(&r);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.err, "");
	assert_aliases(&r, "15-1241.01", "Pharmacy Tech;Pharmacy Technician");
	assert_aliases(&r, "29-1071.01",
		       "Anesthesiologist Assistant;HVAC Tech;HVAC Technician");
	assert_aliases(&r, "29-1141.00", "Registered Nurse");
	assert_aliases(&r, "29-1211.00", "Dental Assistant;Lab Tech");
	assert_aliases(&r, "29-2012.00",
		       "Lab Technician;Medical and Clinical Laboratory Tech;"
		       "Medical and Clinical Laboratory Technician");
	teardown_case(&r);
}

/*
 * An alternate title that ends in its short title in parentheses is also
 * named without it (graphs/onet/README.md, "Aliases"), from a weak
 * source, so a name another occupation gives stays its own.
 */
static void test_long_names(void **state)
{
	run r;
	(void)state;
	setup_case(&r);
	replace_onet_file(
		&r, "Occupation Data.txt",
		"O*NET-SOC Code\tTitle\tDescription\n"
		"15-1241.01\tTelecommunications Engineering Specialists\td\n"
		"27-2011.00\tActors\td\n"
		"29-1071.01\tAnesthesiologist Assistants\td\n"
		"29-1141.00\tRegistered Nurses\td\n"
		"29-1211.00\tAnesthesiologists\td\n"
		"29-2012.00\tMedical and Clinical Laboratory Technicians\td\n"
		"29-2072.00\tMedical Records Specialists\td\n"
		"31-9092.00\tMedical Assistants\td\n"
		"31-9097.00\tPhlebotomists\td\n"
		"55-1011.00\tAir Crew Officers\td\n");
	replace_onet_file(
		&r, "Alternate Titles.from_xlsx.tsv",
		"O*NET-SOC Code\tTitle\tAlternate Title\tShort Title\t"
		"Source(s)\n"
		"31-9092.00\tMedical Assistants\tCertified Medical Assistant "
		"(CMA)\tCMA\t02\n"
		"29-1141.00\tRegistered Nurses\tMetal Inert Gas Welder (MIG "
		"Welder)\tMIG Welder\t02\n"
		/* the parentheses hold no short title */
		"29-1211.00\tAnesthesiologists\tMedical Doctor (MD)\t\t02\n");
	replace_onet_file(&r, "Sample of Reported Titles.txt",
			  "O*NET-SOC Code\tTitle\tReported Job Title\tShown "
			  "in My Next Move\n"
			  /* a reported title before a name made from another */
			  "29-1071.01\tAnesthesiologist Assistants\tCertified "
			  "Medical Assistant\tY\n");
	run_import(&r);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.err, "");
	assert_aliases(&r, "31-9092.00",
		       "Certified Medical Assistant (CMA);CMA;Medical "
		       "Assistant");
	assert_aliases(&r, "29-1071.01",
		       "Anesthesiologist Assistant;Certified Medical "
		       "Assistant");
	assert_aliases(&r, "29-1141.00",
		       "Metal Inert Gas Welder;Metal Inert Gas Welder (MIG "
		       "Welder);MIG Welder;Registered Nurse");
	assert_aliases(&r, "29-1211.00",
		       "Anesthesiologist;Medical Doctor (MD)");
	teardown_case(&r);
}

/*
 * The singular of a title is an alias of its occupation (graphs/onet/
 * README.md, "Aliases"): -ies -> -y, -sses/-ches/-shes/-xes lose -es, any
 * other -s after a letter but s, i or u loses the s; titles with ',' or
 * '(' or whose 'and' follows a plural word have none. Another
 * occupation's alias equal to it is dropped, so it names one occupation.
 */
static void test_singular_titles(void **state)
{
	run r;
	(void)state;
	setup_case(&r);
	replace_onet_file(
		&r, "Occupation Data.txt",
		"O*NET-SOC Code\tTitle\tDescription\n"
		"15-1241.01\tSecretaries\td\n"
		"27-2011.00\tHostesses\td\n"
		"29-1071.01\tEngineers, All Other\td\n"
		"29-1141.00\tRegistered Nurses\td\n"
		"29-1211.00\tSecretaries and Administrative Assistants\td\n"
		"29-2012.00\tMedical and Clinical Laboratory Coaches\td\n"
		"29-2072.00\tCensus\td\n"
		"31-9092.00\tMedical Assistants\td\n"
		"31-9097.00\tStaff Nurses\td\n"
		"55-1011.00\tAir Crew (Officers)\td\n");
	run_import(&r);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.err, "");
	/* -ies -> -y */
	assert_line(&r, "roles.csv", 1,
		    "15-1241.01,Secretaries,Secretary;Voice Over Internal "
		    "Protocol Engineer;Voice Over Internet Protocol "
		    "Engineer;VOIP Engineer;VOIP Engineer (Voice Over Internal "
		    "Protocol Engineer);VoIP Engineer (Voice Over Internet "
		    "Protocol Engineer),entry,,Computer and Mathematical "
		    "Occupations,3,Bachelor's degree,6,,Bachelor's degree,5 "
		    "years or more,None,\"CIP 11.01, 11.05, 11.09, 11.10, "
		    "14.09\",179200,11.9,11200,\"BLS Employment Projections "
		    "2024-34, Table 1.2, 15-1241 Computer network "
		    "architects\",,130390,,\"BLS OEWS May 2024 national, "
		    "15-1241 Computer Network Architects\"");
	/* -sses loses -es */
	assert_line(
		&r, "roles.csv", 1,
		"27-2011.00,Hostesses,Hostess,entry,,\"Arts, Design, Entertain"
		"ment, Sports, and Media Occupations\",2,\"Some college, no d"
		"egree\",4,,\"Some college, no degree\",None,Long-term on-the"
		"-job training,CIP 50.05,57000,0.3,6300,\"BLS Employment Proj"
		"ections 2024-34, Table 1.2, 27-2011 Actors\",,,\"no annual m"
		"edian from BLS (*), which gives only an hourly median of 23."
		"33 USD\",\"BLS OEWS May 2024 national, 27-2011 Actors\"");
	/* a qualifier after ',' and a noun joined by 'and': none */
	assert_line(
		&r, "roles.csv", 1,
		"29-1071.01,\"Engineers, All Other\",,entry,,Healthcare Practi"
		"tioners and Technical Occupations,5,Master's degree,8,,Maste"
		"r's degree,None,None,\"CIP 51.09, 60.09\",162700,20.4,12000,"
		"\"BLS Employment Projections 2024-34, Table 1.2, 29-1071 Phy"
		"sician assistants\",,133260,,\"BLS OEWS May 2024 national, 2"
		"9-1071 Physician Assistants\"");
	/* Staff Nurse, an alias of Registered Nurses, is Staff Nurses' own */
	assert_line(
		&r, "roles.csv", 1,
		"29-1141.00,Registered Nurses,Cardiac Care Unit Nurse;Cardiac "
		"Care Unit Nurse (CCU Nurse);CCU Nurse;Charge Nurse;Coronary "
		"Care Unit Nurse;Coronary Care Unit Nurse (CCU "
		"Nurse);Registered Nurse,entry,,Healthcare Practitioners and "
		"Technical Occupations,4,Associate's degree,5,shortest "
		"recognised route: O*NET gives an associate's degree to 19.39% "
		"of respondents (15% or more); BLS typical entry: Bachelor's "
		"degree,Bachelor's degree,None,None,CIP "
		"51.38,3391000,4.9,189100,\"BLS Employment Projections "
		"2024-34, Table 1.2, 29-1141 Registered nurses\",,93600,,\"BLS "
		"OEWS May 2024 national, 29-1141 Registered Nurses\"");
	assert_line(&r, "roles.csv", 1,
		    "31-9097.00,Staff Nurses,Patient Service Tech;Patient "
		    "Service Technician;Patient Service Technician "
		    "(PST);Phlebotomist;Phlebotomy Tech;Phlebotomy "
		    "Technician;PST;Staff Nurse,entry,,Healthcare Support "
		    "Occupations,3,Postsecondary nondegree "
		    "award,3,,Postsecondary nondegree award,None,None,CIP "
		    "51.10,139700,5.6,18400,\"BLS Employment Projections "
		    "2024-34, Table 1.2, 31-9097 Phlebotomists\",,43660,,\"BLS "
		    "OEWS May 2024 national, 31-9097 Phlebotomists\"");
	assert_line(
		&r, "roles.csv", 1,
		"29-1211.00,Secretaries and Administrative "
		"Assistants,MD;Medical Doctor;Medical Doctor "
		"(MD),entry,,Healthcare Practitioners and Technical "
		"Occupations,5,Doctoral or professional degree,10,,Doctoral or "
		"professional degree,None,Internship/residency,\"CIP 51.12, "
		"61.01, 61.04\",45300,3.2,1300,\"BLS Employment Projections "
		"2024-34, Table 1.2, 29-1211 Anesthesiologists\",,,annual "
		"median top-coded by BLS (#): at or above the top code,\"BLS "
		"OEWS May 2024 national, 29-1211 Anesthesiologists\"");
	/* -ches loses -es; an 'and' after a word that is not plural */
	assert_line(
		&r, "roles.csv", 1,
		"29-2012.00,Medical and Clinical Laboratory Coaches,Medical a"
		"nd Clinical Laboratory Coach,entry,,Healthcare Practitioners "
		"and Technical Occupations,3,Associate's degree,5,shortest re"
		"cognised route: O*NET gives an associate's degree to 30.90% "
		"of respondents (15% or more); BLS typical entry: Bachelor's "
		"degree,Bachelor's degree,None,None,\"CIP 51.08, 51.10\",3512"
		"00,1.7,22600,\"BLS Employment Projections 2024-34, Table 1.2"
		", 29-2010 Clinical laboratory technologists and technicians"
		"\",EP reports 29-2012 only within 29-2010,61890,OEWS reports"
		" 29-2012 only within 29-2010,\"BLS OEWS May 2024 national, 2"
		"9-2010 Clinical Laboratory Technologists and Technicians\"");
	/* -us, and a title with '(' */
	assert_line(
		&r, "roles.csv", 1,
		"29-2072.00,Census,Certified Coding Specialist,entry,,Healthca"
		"re Practitioners and Technical Occupations,3,Postsecondary n"
		"ondegree award,3,,Postsecondary nondegree award,None,None,CI"
		"P 51.07,194800,7.1,14200,\"BLS Employment Projections 2024-3"
		"4, Table 1.2, 29-2072 Medical records specialists\",,50250,,"
		"\"BLS OEWS May 2024 national, 29-2072 Medical Records Specia"
		"lists\"");
	assert_line(
		&r, "roles.csv", 1,
		"55-1011.00,Air Crew (Officers),Airdrop Systems Tech;Airdrop "
		"Systems Technician,,,5"
		"5-0000,,,,no BLS entry education and no education ratings in"
		" O*NET,,,,,,,,,no BLS EP row for 55-1011 or its broad group "
		"55-1010: entry requirements and outlook not known,,no OEWS r"
		"ow for 55-1011 or its broad group 55-1010,");
	teardown_case(&r);
}

/*
 * In a title with "of" the noun before the first "of" turns singular, and
 * only the words before it are read for 'and' and 'or' (graphs/onet/
 * README.md, "Aliases"): the 17 "First-Line Supervisors of ..." titles of
 * O*NET 29.3 once lost the plural of their last word instead.
 */
static void test_singular_of_titles(void **state)
{
	run r;
	(void)state;
	setup_case(&r);
	replace_onet_file(
		&r, "Occupation Data.txt",
		"O*NET-SOC Code\tTitle\tDescription\n"
		"15-1241.01\tFirst-Line Supervisors of Police and "
		"Detectives\td\n"
		"27-2011.00\tFirst-Line Supervisors of Retail Sales "
		"Workers\td\n"
		"29-1071.01\tCleaners of Vehicles and Equipment\td\n"
		"29-1141.00\tAppraisers and Assessors of Real Estate\td\n"
		"29-1211.00\tAppraisers of Personal and Business Property\td\n"
		"29-2012.00\tFirst-Line Supervisors of Construction Trades and "
		"Extraction Workers\td\n"
		"29-2072.00\tSecretaries of State\td\n"
		"31-9092.00\tMedical Assistants\td\n"
		"31-9097.00\tPhlebotomists\td\n"
		"55-1011.00\tAir Crew Officers\td\n");
	replace_onet_file(&r, "Alternate Titles.from_xlsx.tsv",
			  "O*NET-SOC Code\tTitle\tAlternate Title\tShort "
			  "Title\tSource(s)\n"
			  "55-1011.00\tAir Crew Officers\tLoadmaster\t\t02\n");
	replace_onet_file(&r, "Sample of Reported Titles.txt",
			  "O*NET-SOC Code\tTitle\tReported Job Title\tShown "
			  "in My Next Move\n"
			  "55-1011.00\tAir Crew Officers\tLoadmaster\tY\n");
	run_import(&r);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.err, "");
	assert_aliases(&r, "15-1241.01",
		       "First-Line Supervisor of Police and Detectives");
	/* with the name people give a supervisor (test_supervisor_names) */
	assert_aliases(&r, "27-2011.00",
		       "First-Line Supervisor of Retail Sales Workers;"
		       "Retail Sales Supervisor");
	/* 'and' after "of" joins what the noun is of */
	assert_aliases(&r, "29-1071.01", "Cleaner of Vehicles and Equipment");
	assert_aliases(&r, "29-2012.00",
		       "Construction Trades and Extraction Supervisor;"
		       "First-Line Supervisor of Construction Trades and "
		       "Extraction Workers");
	/* 'and' before "of" after a plural word: two nouns, no singular */
	assert_aliases(&r, "29-1141.00", "");
	assert_aliases(&r, "29-1211.00",
		       "Appraiser of Personal and Business Property");
	/* -ies before "of" */
	assert_aliases(&r, "29-2072.00", "Secretary of State");
	assert_aliases(&r, "31-9092.00", "Medical Assistant");
	assert_aliases(&r, "55-1011.00", "Air Crew Officer;Loadmaster");
	teardown_case(&r);
}

/*
 * Education: the modal RL category, a tie going to the lower one; n/a
 * shares and other scales are ignored. Related experience: the modal RW
 * category's least months (category 4, over 3 up to 6 months: 3).
 */
static void test_education_mode_and_ties(void **state)
{
	run r;
	const char *head =
		"O*NET-SOC Code\tTitle\tElement ID\tElement Name\tScale "
		"ID\tCategory\tData Value\tN\tStandard Error\tLower CI "
		"Bound\tUpper CI Bound\tRecommend Suppress\tDate\tDomain "
		"Source\n";
	char text[2048];
	(void)state;
	setup_case(&r);
	snprintf(text, sizeof(text),
		 "%s"
		 "31-9097.00\tPhlebotomists\t2.D.1\tx\tRL\t2\t40\t22\tn/a\tn/"
		 "a\tn/a\tN\t08/2023\tIncumbent\n"
		 "31-9097.00\tPhlebotomists\t2.D.1\tx\tRL\t3\t40\t22\tn/a\tn/"
		 "a\tn/a\tN\t08/2023\tIncumbent\n"
		 "31-9097.00\tPhlebotomists\t2.D.1\tx\tRL\t5\tn/a\t22\tn/a\tn/"
		 "a\tn/a\tN\t08/2023\tIncumbent\n"
		 "31-9097.00\tPhlebotomists\t3.A.2\tx\tPT\t9\t90\t22\tn/a\tn/"
		 "a\tn/a\tN\t08/2023\tIncumbent\n"
		 "31-9097.00\tPhlebotomists\t3.A.1\tx\tRW\t4\t60\t22\tn/a\tn/"
		 "a\tn/a\tY\t08/2023\tIncumbent\n"
		 "31-9097.00\tPhlebotomists\t3.A.1\tx\tRW\t2\t40\t22\tn/a\tn/"
		 "a\tn/a\tN\t08/2023\tIncumbent\n",
		 head);
	replace_onet_file(&r, "Education, Training, and Experience.txt", text);
	/* without a BLS row, O*NET's mode is the education shown: the
	 * extract's Table 1.2 without its Phlebotomists line */
	{
		char *ep = slurp(GOOD "/ep.tsv"),
		     *line = strstr(ep, "\t31-9097\t");
		assert_non_null(line);
		while (line > ep && line[-1] != '\n')
			line--;
		memmove(line, strchr(line, '\n') + 1,
			strlen(strchr(line, '\n') + 1) + 1);
		spill_in(&r, "ep.tsv", ep);
		free(ep);
	}
	run_import(&r);
	assert_int_equal(r.status, 0);
	assert_line(&r, "roles.csv", 1,
		    "31-9097.00,Phlebotomists,Patient Service Tech;Patient "
		    "Service Technician;Patient Service Technician "
		    "(PST);Phlebotomist;Phlebotomy Tech;Phlebotomy "
		    "Technician;PST,,,Healthcare Support Occupations,3,High "
		    "School Diploma,2,no BLS entry education: O*NET's modal "
		    "category,,,,CIP 51.10,,,,,no BLS EP row for 31-9097 or "
		    "its broad group 31-9090: entry requirements and outlook "
		    "not known,43660,,\"BLS OEWS May 2024 national, 31-9097 "
		    "Phlebotomists\"");
	/* without a BLS row the preparation is not known: months blank */
	assert_line(
		&r, "transitions.csv", 2,
		"29-2012.00,31-9097.00,2,7,,,3,0.000,,not known: no BLS entry"
		" education for 31-9097,,");
	teardown_case(&r);
}

static void test_blank_job_zone(void **state)
{
	run r;
	(void)state;
	setup_case(&r);
	replace_onet_file(&r, "Job Zones.txt",
			  "O*NET-SOC Code\tTitle\tJob Zone\tDate\tDomain "
			  "Source\n"
			  "29-1141.00\tRegistered Nurses\t4\t08/2023\tAnalyst\n"
			  "31-9092.00\tMedical Assistants\tn/a\t08/2023\t"
			  "Analyst\n"
			  "31-9097.00\tPhlebotomists\t\t08/2023\tAnalyst\n");
	run_import(&r);
	assert_int_equal(r.status, 0);
	/* job zones no longer enter months: MA -> RN is the associate's, 24 */
	assert_line(
		&r, "transitions.csv", 2,
		"31-9092.00,29-1141.00,1,4,24,0,12,0.432,Operations Analysis "
		"+1.00; Reading Comprehension +0.25,\"associate's degree in C"
		"IP 51.38 (51.3801 Registered Nursing/Registered Nurse), 24 m"
		"onths; typical entry: bachelor's degree (BLS)\",,");
	/* Medical Records -> RN: no job zone, no O*NET education; BLS: 24 */
	assert_line(
		&r, "transitions.csv", 2,
		"29-2072.00,29-1141.00,3,18,24,0,12,,,\"associate's degree in"
		" CIP 51.38 (51.3801 Registered Nursing/Registered Nurse), 24"
		" months; typical entry: bachelor's degree (BLS)\",,");
	teardown_case(&r);
}

static void test_bad_tier_counts_characters(void **state)
{
	run r;
	(void)state;
	setup_case(&r);
	/* "é" is two bytes and one column */
	replace_onet_file(&r, "Related Occupations.txt",
			  "O*NET-SOC Code\tTitle\tRelated O*NET-SOC "
			  "Code\tRelated Title\tRelatedness Tier\tIndex\n"
			  "29-1071.01\tAnesthésiologist Assistants\t"
			  "29-1211.00\tAnesthesiologists\tPrimary-Medium\t1\n");
	assert_fails(&r, "Related Occupations.txt:2:69: relatedness tier "
			 "'Primary-Medium' is not Primary-Short, Primary-Long "
			 "or Supplemental");
	teardown_case(&r);
}

/*
 * An occupation related to itself would be a self-loop in the graph: the
 * row is refused at its related code. The same file without it imports.
 */
static void test_related_to_itself(void **state)
{
	static const char head[] =
		"O*NET-SOC Code\tTitle\tRelated O*NET-SOC Code\tRelated "
		"Title\tRelatedness Tier\tIndex\n"
		"29-1071.01\tAnesthesiologist Assistants\t29-1211.00\t"
		"Anesthesiologists\tPrimary-Short\t1\n";
	char text[512];
	run r;
	(void)state;
	setup_case(&r);
	snprintf(text, sizeof(text),
		 "%s29-1071.01\tAnesthesiologist Assistants\t29-1071.01\t"
		 "Anesthesiologist Assistants\tPrimary-Short\t2\n",
		 head);
	replace_onet_file(&r, "Related Occupations.txt", text);
	assert_fails(&r, "Related Occupations.txt:3:40: occupation "
			 "'29-1071.01' is related to itself (expected the code "
			 "of another occupation)");
	replace_onet_file(&r, "Related Occupations.txt", head);
	run_import(&r);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.err, "");
	assert_line(&r, "transitions.csv", 2,
		    "29-1071.01,29-1211.00,1,1,84,0,24,0.504,Reading "
		    "Comprehension +0.63,\"doctoral or professional degree in "
		    "one of CIP 51.12, 61.01, 61.04 (51.1201 Medicine), 48 "
		    "months; then 36 months of a residency of 3 to 7 years "
		    "after medical school, 3 counted (BLS OOH)\",,");
	teardown_case(&r);
}

static void test_bad_job_zone(void **state)
{
	run r;
	(void)state;
	setup_case(&r);
	replace_onet_file(&r, "Job Zones.txt",
			  "O*NET-SOC Code\tTitle\tJob Zone\n"
			  "31-9092.00\tMedical Assistants\t3\n"
			  "29-1141.00\tRegistered Nurses\t7\n");
	assert_fails(&r, "Job Zones.txt:3:30: '7' in column 'Job Zone' is not "
			 "a whole number from 1 to 5");
	teardown_case(&r);
}

static void test_missing_column(void **state)
{
	run r;
	(void)state;
	setup_case(&r);
	replace_onet_file(&r, "Occupation Data.txt",
			  "O*NET-SOC Code\tName\n31-9092.00\tMedical "
			  "Assistants\n");
	assert_fails(&r, "Occupation Data.txt:1:1: missing column 'Title'");
	teardown_case(&r);
}

static void test_short_row(void **state)
{
	run r;
	(void)state;
	setup_case(&r);
	replace_onet_file(&r, "Occupation Data.txt",
			  "O*NET-SOC Code\tTitle\tDescription\n"
			  "31-9092.00\tMedical Assistants\tPerform duties.\n"
			  "\n"
			  "29-1141.00\tRegistered Nurses\n");
	assert_fails(&r, "Occupation Data.txt:4:1: row has 2 fields, the "
			 "header has 3");
	teardown_case(&r);
}

static void test_not_utf8(void **state)
{
	run r;
	(void)state;
	setup_case(&r);
	replace_onet_file(&r, "Alternate Titles.from_xlsx.tsv",
			  "O*NET-SOC Code\tTitle\tAlternate Title\tShort "
			  "Title\tSource(s)\n"
			  "31-9092.00\tMedical Assistants\tCaf\xe9\t\t02\n");
	assert_fails(&r, "Alternate Titles.from_xlsx.tsv:2:34: byte 0xe9 is "
			 "not UTF-8 text");
	teardown_case(&r);
}

/* RFC 3629 leaves out overlong forms and surrogates; DEL is a control. */
static void test_not_text(void **state)
{
	static const char *const cells[] = {"Caf\xe0\x80\x80",
					    "Caf\xed\xa0\x80", "Caf\x7f"};
	static const char *const wants[] = {
		"Alternate Titles.from_xlsx.tsv:2:34: byte 0xe0 is not UTF-8 "
		"text",
		"Alternate Titles.from_xlsx.tsv:2:34: byte 0xed is not UTF-8 "
		"text",
		"Alternate Titles.from_xlsx.tsv:2:34: control character 0x7f"};
	char text[256];
	size_t i;
	run r;
	(void)state;
	for (i = 0; i < sizeof(cells) / sizeof(cells[0]); i++) {
		setup_case(&r);
		snprintf(text, sizeof(text),
			 "O*NET-SOC Code\tTitle\tAlternate Title\tShort "
			 "Title\tSource(s)\n"
			 "31-9092.00\tMedical Assistants\t%s\t\t02\n",
			 cells[i]);
		replace_onet_file(&r, "Alternate Titles.from_xlsx.tsv", text);
		assert_fails(&r, wants[i]);
		teardown_case(&r);
	}
}

static void test_unknown_occupation(void **state)
{
	run r;
	(void)state;
	setup_case(&r);
	replace_onet_file(
		&r, "Skills.from_xlsx.tsv",
		"O*NET-SOC Code\tTitle\tElement ID\tElement Name\tScale "
		"ID\tScale Name\tData Value\tN\tStandard Error\tLower CI "
		"Bound\tUpper CI Bound\tRecommend Suppress\tNot "
		"Relevant\tDate\tDomain Source\n"
		"99-9999.00\tNobody\t2.A.1.a\tReading "
		"Comprehension\tIM\tImportance\t3\t8\t0\t0\t0\tN\t\t08/"
		"2023\tAnalyst\n");
	assert_fails(&r, "Skills.from_xlsx.tsv:2:1: occupation '99-9999.00' "
			 "is not in Occupation Data");
	teardown_case(&r);
}

static void test_bad_code(void **state)
{
	run r;
	(void)state;
	setup_case(&r);
	replace_onet_file(&r, "Sample of Reported Titles.txt",
			  "O*NET-SOC Code\tTitle\tReported Job Title\tShown in "
			  "My Next Move\n"
			  "31-9092\tMedical Assistants\tMA\tY\n");
	assert_fails(&r, "Sample of Reported Titles.txt:2:1: '31-9092' is not "
			 "an O*NET-SOC code (expected NN-NNNN.NN)");
	teardown_case(&r);
}

static void test_bad_wage(void **state)
{
	run r;
	char *oews, want[512];
	(void)state;
	setup_case(&r);
	oews = join(r.dir, "oews.tsv");
	spill(oews, "OCC_CODE\tOCC_TITLE\tO_GROUP\tA_MEDIAN\tH_MEDIAN\n"
		    "31-9092\tMedical Assistants\tdetailed\t44,200\t21.25\n");
	run_import(&r);
	snprintf(want, sizeof(want),
		 "onet-import: %s:2:37: '44,200' in column 'A_MEDIAN' is not "
		 "a number\n",
		 oews);
	assert_string_equal(r.err, want);
	assert_int_equal(r.status, 3);
	free(oews);
	teardown_case(&r);
}

/*
 * A median wage below 0 is refused, annual or hourly, at its cell; a wage
 * of 0 is a wage.
 */
static void test_negative_wage(void **state)
{
	static const char head[] =
		"OCC_CODE\tOCC_TITLE\tO_GROUP\tA_MEDIAN\tH_MEDIAN\n";
	static const char *const rows[] = {
		"31-9092\tMedical Assistants\tdetailed\t-44200\t21.25\n",
		"31-9092\tMedical Assistants\tdetailed\t44200\t-0.5\n"};
	static const char *const wants[] = {
		"2:37: '-44200' in column 'A_MEDIAN' is a negative wage "
		"(expected a number >= 0)",
		"2:43: '-0.5' in column 'H_MEDIAN' is a negative wage "
		"(expected "
		"a number >= 0)"};
	char text[256], want[512];
	size_t i;
	run r;
	char *oews;
	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		setup_case(&r);
		oews = join(r.dir, "oews.tsv");
		snprintf(text, sizeof(text), "%s%s", head, rows[i]);
		spill(oews, text);
		run_import(&r);
		snprintf(want, sizeof(want), "onet-import: %s:%s\n", oews,
			 wants[i]);
		assert_string_equal(r.err, want);
		assert_int_equal(r.status, 3);
		free(oews);
		teardown_case(&r);
	}
	setup_case(&r);
	oews = join(r.dir, "oews.tsv");
	snprintf(text, sizeof(text),
		 "%s31-9092\tMedical Assistants\tdetailed\t0\t0\n", head);
	spill(oews, text);
	run_import(&r);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.err, "");
	assert_line(
		&r, "roles.csv", 1,
		"31-9092.00,Medical Assistants,Certified Medical "
		"Assistant;Certified Medical Assistant (CMA);Clinical Medical "
		"Assistant;CMA;Health Assistant;MA;Medical Assistant;Medical "
		"Assistant (MA),entry,,31-0000,3,Postsecondary nondegree "
		"award,3,,Postsecondary nondegree award,None,None,\"CIP 51.07, "
		"51.08\",811000,12.5,112300,\"BLS Employment Projections "
		"2024-34, Table 1.2, 31-9092 Medical assistants\",,0,,\"BLS "
		"OEWS May 2024 national, 31-9092 Medical Assistants\"");
	free(oews);
	teardown_case(&r);
}

/* n/a is a blank wage, never a wage of 0 nor an hourly median */
static void test_wage_not_available(void **state)
{
	run r;
	char *oews;
	(void)state;
	setup_case(&r);
	oews = join(r.dir, "oews.tsv");
	spill(oews, "OCC_CODE\tOCC_TITLE\tO_GROUP\tA_MEDIAN\tH_MEDIAN\n"
		    "31-9092\tMedical Assistants\tdetailed\tn/a\t21.25\n"
		    "27-2011\tActors\tdetailed\t*\tn/a\n");
	run_import(&r);
	assert_int_equal(r.status, 0);
	assert_line(
		&r, "roles.csv", 1,
		"31-9092.00,Medical Assistants,Certified Medical "
		"Assistant;Certified Medical Assistant (CMA);Clinical Medical "
		"Assistant;CMA;Health Assistant;MA;Medical Assistant;Medical "
		"Assistant (MA),entry,,31-0000,3,Postsecondary nondegree "
		"award,3,,Postsecondary nondegree award,None,None,\"CIP 51.07, "
		"51.08\",811000,12.5,112300,\"BLS Employment Projections "
		"2024-34, Table 1.2, 31-9092 Medical assistants\",,,the OEWS "
		"row has no annual median,\"BLS OEWS May 2024 national, "
		"31-9092 Medical Assistants\"");
	assert_line(
		&r, "roles.csv", 1,
		"27-2011.00,Actors,Actor,entry,,27-0000,2,\"Some college, no d"
		"egree\",4,,\"Some college, no degree\",None,Long-term on-the"
		"-job training,CIP 50.05,57000,0.3,6300,\"BLS Employment Proj"
		"ections 2024-34, Table 1.2, 27-2011 Actors\",,,no annual med"
		"ian from BLS (*),\"BLS OEWS May 2024 national, 27-2011 Actor"
		"s\"");
	free(oews);
	teardown_case(&r);
}

/* Table 1.2 with one row changed: the Registered nurses line item. */
static void replace_rn_row(run *r, const char *experience)
{
	char *path = join(r->dir, "ep.tsv"), *text = slurp(path);
	char *row = strstr(text, "Registered nurses\t29-1141"), *end;
	char *out;
	size_t n;
	assert_non_null(row);
	end = strchr(row, '\n');
	n = strlen(text) + 256;
	out = malloc(n);
	assert_non_null(out);
	snprintf(out, n,
		 "%.*sRegistered nurses\t29-1141\tLine item\t3391\t3557.1\t2\t2"
		 "\t166.1\t4.9000000000000004\t0.5\t189.1\t93600\tBachelor's "
		 "degree\t%s\tNone\tOOH Content%s",
		 (int)(row - text), text, experience, end);
	spill(path, out);
	free(out);
	free(text);
	free(path);
}

/*
 * A destination that asks for related work experience keeps only the
 * moves from related origins: with RN asking "Less than 5 years", MA
 * (31-9, CIP 51.07 and 51.08) and Medical Records Specialists (29-2, CIP
 * 51.07) are no related work, the Anesthesiologist Assistants (29-1, the
 * minor group of RN) are; RN's RW mode (category 6, over 1 year) gives 12
 * months. The start role has no move into RN any more.
 */
static void test_experience_needs_related_work(void **state)
{
	run r;
	char *transitions;
	(void)state;
	setup_case(&r);
	replace_rn_row(&r, "Less than 5 years");
	run_import(&r);
	assert_int_equal(r.status, 0);
	transitions = output(&r, "transitions.csv");
	assert_null(strstr(transitions, "31-9092.00,29-1141.00"));
	assert_null(strstr(transitions, "29-2072.00,29-1141.00"));
	assert_null(strstr(transitions, "entry,29-1141.00"));
	free(transitions);
	assert_line(&r, "transitions.csv", 2,
		    "29-1071.01,29-1141.00,3,18,24,12,12,0.000,,\"associate's "
		    "degree in CIP 51.38 (51.3801 Registered "
		    "Nursing/Registered Nurse), 24 months; typical entry: "
		    "bachelor's degree (BLS)\",\"BLS: less than 5 years of "
		    "work in a related occupation; 12 months (estimate: the "
		    "least of the median incumbent's O*NET related work "
		    "experience, within BLS's range); Anesthesiologist "
		    "Assistants is related by the same SOC minor group "
		    "29-1000\",");
	teardown_case(&r);
}

static void append_in(run *r, const char *name, int in_onet, const char *text);

/*
 * BLS's "Less than 5 years" counts the least months of the median
 * incumbent's RW category, not the mode's (graphs/onet/README.md,
 * "experience_months"). RN given the RW shares of First-Line Supervisors
 * of Retail Sales Workers: the mode is category 8 (35.95%, over 4 years:
 * onet_experience_months 48); the cumulative shares 18.73, 18.73, 19.51,
 * 19.99, 37.01, 40.65, 61.29 first reach half of 100.00 at category 7
 * (over 2 years, up to 4): 24 months, where the mode counted 48.
 */
static void test_experience_is_the_median_incumbents(void **state)
{
	static const char *const shares[] = {"18.73", "0",    "0.78",  "0.48",
					     "17.02", "3.64", "20.64", "35.95",
					     "1.53",  "0.75", "0.48"};
	char rows[2048] = "";
	size_t k, len = 0;
	run r;
	(void)state;
	setup_case(&r);
	replace_rn_row(&r, "Less than 5 years");
	for (k = 0; k < sizeof(shares) / sizeof(shares[0]); k++)
		len += (size_t)snprintf(rows + len, sizeof(rows) - len,
					"29-1141.00\tRegistered Nurses\t3.A.1"
					"\tx\tRW\t%zu\t%s\t22\tn/a\tn/a\tn/a"
					"\tN\t08/2023\tIncumbent\n",
					k + 1, shares[k]);
	append_in(&r, "Education, Training, and Experience.txt", 1, rows);
	run_import(&r);
	assert_int_equal(r.status, 0);
	assert_line(&r, "transitions.csv", 2,
		    "29-1071.01,29-1141.00,3,18,24,24,48,0.000,,\"associate's "
		    "degree in CIP 51.38 (51.3801 Registered "
		    "Nursing/Registered Nurse), 24 months; typical entry: "
		    "bachelor's degree (BLS)\",\"BLS: less than 5 years of "
		    "work in a related occupation; 24 months (estimate: the "
		    "least of the median incumbent's O*NET related work "
		    "experience, within BLS's range); Anesthesiologist "
		    "Assistants is related by the same SOC minor group "
		    "29-1000\",");
	teardown_case(&r);
}

/*
 * A first-line supervisor asks work of the workers it supervises, not of any
 * occupation of its field (graphs/onet/README.md, "experience_months"):
 * Bailiffs (33-3011), Police and Sheriff's Patrol Officers (33-3051) and
 * their supervisors (33-1012) share the CIP family 43, and O*NET relates
 * both to the supervisors; only the patrol officer's work counts (SOC
 * 33-305), and for 36 months, as a sergeant comes up after 2 to 5 years,
 * where the RW rule would read the 72% of incumbents reporting none as 12.
 * The move itself asks no months, as police work is trained on the job
 * (BLS: moderate-term on-the-job training), and time_note says so.
 */
static void test_supervisor_asks_the_supervised_work(void **state)
{
	static const char *const shares[] = {"71.55", "0", "0",	   "0",
					     "0.92",  "0", "8.78", "4.18",
					     "8.58",  "0", "5.99"};
	char rows[2048] = "";
	size_t k, len = 0;
	char *transitions;
	run r;
	(void)state;
	setup_case(&r);
	append_in(&r, "Occupation Data.txt", 1,
		  "33-1012.00\tFirst-Line Supervisors of Police and "
		  "Detectives\td\n"
		  "33-3011.00\tBailiffs\td\n"
		  "33-3051.00\tPolice and Sheriff's Patrol Officers\td\n");
	append_in(&r, "Related Occupations.txt", 1,
		  "33-3011.00\tBailiffs\t33-1012.00\tFirst-Line Supervisors "
		  "of Police and Detectives\tPrimary-Short\t3\n"
		  "33-3051.00\tPolice and Sheriff's Patrol Officers\t"
		  "33-1012.00\tFirst-Line Supervisors of Police and "
		  "Detectives\tPrimary-Short\t2\n");
	for (k = 0; k < sizeof(shares) / sizeof(shares[0]); k++)
		len += (size_t)snprintf(rows + len, sizeof(rows) - len,
					"33-1012.00\tFirst-Line Supervisors of "
					"Police and Detectives\t3.A.1\tx\tRW"
					"\t%zu\t%s\t22\tn/a\tn/a\tn/a\tN"
					"\t08/2023\tIncumbent\n",
					k + 1, shares[k]);
	append_in(&r, "Education, Training, and Experience.txt", 1, rows);
	append_in(&r, "ep.tsv", 0,
		  "  First-line supervisors of police and detectives\t33-1012"
		  "\tLine item\t160.8\t165.4\t0.1\t0.1\t4.6\t2.9\t0\t10.9"
		  "\t105980\tHigh school diploma or equivalent\tLess than 5 "
		  "years\tModerate-term on-the-job training\tOOH Content\n"
		  "  Bailiffs\t33-3011\tLine item\t17\t17\t0\t0\t0\t0\t0\t1"
		  "\t57050\tHigh school diploma or equivalent\tNone\t"
		  "Moderate-term on-the-job training\tOOH Content\n"
		  "  Police and sheriff's patrol officers\t33-3051\tLine item"
		  "\t665\t685\t0.4\t0.4\t20\t3.1\t0\t53.7\t76290\tHigh school "
		  "diploma or equivalent\tNone\tModerate-term on-the-job "
		  "training\tOOH Content\n");
	append_in(&r, "cip-soc.tsv", 0,
		  "43.0103\tCriminal Justice/Law Enforcement Administration."
		  "\t33-1012\tFirst-Line Supervisors of Police and Detectives\n"
		  "43.0107\tCriminal Justice/Police Science.\t33-3011\t"
		  "Bailiffs\n"
		  "43.0107\tCriminal Justice/Police Science.\t33-3051\tPolice "
		  "and Sheriff's Patrol Officers\n");
	run_import(&r);
	assert_string_equal(r.err, "");
	assert_int_equal(r.status, 0);
	transitions = output(&r, "transitions.csv");
	assert_null(strstr(transitions, "33-3011.00,33-1012.00"));
	assert_null(strstr(transitions, "entry,33-1012.00"));
	free(transitions);
	assert_line(&r, "transitions.csv", 2,
		    "33-3051.00,33-1012.00,1,2,0,36,0,,,\"no programme: BLS "
		    "typical entry: high school diploma or equivalent; the "
		    "training is on the job, paid (BLS: moderate-term "
		    "on-the-job training), not counted\",\"BLS: less than 5 "
		    "years of work in a related occupation; 36 months "
		    "(estimate: officers become eligible for promotion to "
		    "sergeant by examination after some years of patrol (BLS "
		    "OOH), most departments asking 2 to 5; 72% of O*NET's "
		    "incumbents report none, counting their years in the "
		    "department as no related experience); Police and "
		    "Sheriff's Patrol Officers is related by the SOC group "
		    "33-305 of the workers supervised\",trained on the job "
		    "(paid)");
	teardown_case(&r);
}

/* Appends text to the case folder's file name (onet/ when in_onet). */
static void append_in(run *r, const char *name, int in_onet, const char *text)
{
	char *dir = in_onet ? join(r->dir, "onet") : strdup(r->dir);
	char *path = join(dir, name), *old = slurp(path);
	char *both = malloc(strlen(old) + strlen(text) + 1);
	assert_non_null(both);
	strcpy(both, old);
	strcat(both, text);
	spill(path, both);
	free(both);
	free(old);
	free(path);
	free(dir);
}

/*
 * Nurse Practitioners (29-1171: master's, crosswalk 51.3802 as RN) and
 * Emergency Medicine Physicians (29-1214: doctoral, residency, 51.1201 as
 * Anesthesiologists) added to the extract. RN -> NP shares the programme
 * 51.3802 and RN is licensed: 72 - 24 = 48. Anesthesiologist Assistants
 * (29-1071: master's, CIP 51.0912 and 60.09xx; licensed, but not as
 * nurses) need the RN licence first: the associate's 24, then the
 * master's 24 (they hold a bachelor's): 48, not the 24 of the master's
 * alone. Entry: 24 + 24 of the bachelor's the associate's lacks + 24 = 72.
 * Anesthesiologists -> Emergency Medicine share 51.1201 at the same level
 * (0) but another specialty asks its own residency: 36.
 */
static void test_licence_prerequisite_and_specialty(void **state)
{
	run r;
	(void)state;
	setup_case(&r);
	append_in(&r, "Occupation Data.txt", 1,
		  "29-1171.00\tNurse Practitioners\tDiagnose and treat.\n"
		  "29-1214.00\tEmergency Medicine Physicians\tTreat "
		  "emergencies.\n");
	append_in(&r, "Related Occupations.txt", 1,
		  "29-1141.00\tRegistered Nurses\t29-1171.00\tNurse "
		  "Practitioners\tPrimary-Short\t1\n"
		  "29-1071.01\tAnesthesiologist Assistants\t29-1171.00\tNurse "
		  "Practitioners\tSupplemental\t19\n"
		  "29-1211.00\tAnesthesiologists\t29-1214.00\tEmergency "
		  "Medicine Physicians\tPrimary-Short\t2\n");
	append_in(&r, "ep.tsv", 0,
		  "      Nurse practitioners\t29-1171\tLine item\t307\t"
		  "443.3\t0\t0\t136.3\t44.4\t1.6\t29.3\t129210\tMaster's "
		  "degree\tNone\tNone\tOOH Content\n"
		  "        Emergency medicine physicians\t29-1214\tLine item\t"
		  "36.1\t37.1\t0\t0\t1\t2.7\t3\t1\t>=$239,200\tDoctoral or "
		  "professional degree\tNone\tInternship/residency\tOOH "
		  "Content\n");
	append_in(&r, "cip-soc.tsv", 0,
		  "51.3802\tNursing Administration.\t29-1171\tNurse "
		  "Practitioners\n"
		  "51.1201\tMedicine.\t29-1214\tEmergency Medicine "
		  "Physicians\n");
	run_import(&r);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.err, "");
	assert_line(&r, "transitions.csv", 2,
		    "29-1141.00,29-1171.00,1,1,48,0,,,,the rest of master's "
		    "degree in the shared CIP programme 51.3802: 72 months of "
		    "programmes after high school less 24 already held,,");
	assert_line(
		&r, "transitions.csv", 2,
		"29-1071.01,29-1171.00,3,19,48,0,,,,\"first the licence of "
		"Registered Nurses (BLS: Nurse Practitioners must be one): "
		"associate's degree in CIP 51.38 (51.3801 Registered "
		"Nursing/Registered Nurse), 24 months; typical entry: "
		"bachelor's degree (BLS); then master's degree in CIP 51.38 "
		"(51.3802 Nursing Administration), 24 months\",,");
	assert_line(
		&r, "transitions.csv", 2,
		"entry,29-1171.00,,,72,0,,,,\"first the licence of "
		"Registered Nurses (BLS: Nurse Practitioners must be one): "
		"associate's degree in CIP 51.38 (51.3801 Registered "
		"Nursing/Registered Nurse), 24 months; typical entry: "
		"bachelor's degree (BLS); then master's degree in CIP 51.38 "
		"(51.3802 Nursing Administration), 24 months, after 24 "
		"months to complete a bachelor's degree\",,");
	assert_line(&r, "transitions.csv", 2,
		    "29-1211.00,29-1214.00,1,2,36,0,,,,\"the rest of doctoral "
		    "or professional degree in the shared CIP programme "
		    "51.1201: 96 months of programmes after high school less "
		    "96 already held; then 36 months of a residency of 3 to 7 "
		    "years after medical school, 3 counted (BLS OOH)\",,");
	teardown_case(&r);
}

/* Table 1.2's cells are checked where they are: file:line:col. */
static void test_bad_projection(void **state)
{
	run r;
	(void)state;
	setup_case(&r);
	replace_rn_row(&r, "About 5 years");
	run_import(&r);
	assert_int_equal(r.status, 3);
	assert_non_null(strstr(r.err, "/ep.tsv:7:118: 'About 5 years' is not "
				      "a BLS work experience category\n"));
	spill_in(&r, "ep.tsv",
		 EP_HEADER "Nurses\t29-114\tLine item\t1\t1\t1\t1\tNone\tNone\t"
			   "None\n");
	run_import(&r);
	assert_int_equal(r.status, 3);
	assert_non_null(strstr(r.err, "/ep.tsv:3:8: '29-114' is not an SOC "
				      "code (expected NN-NNNN)\n"));
	spill_in(&r, "ep.tsv",
		 EP_HEADER "Nurses\t29-1141\tLine item\tmany\t1\t1\t1\tNone\t"
			   "None\tNone\n");
	run_import(&r);
	assert_int_equal(r.status, 3);
	assert_non_null(strstr(r.err, "/ep.tsv:3:26: 'many' in column "
				      "'Employment, 2024' is not a number\n"));
	teardown_case(&r);
}

static void test_bad_crosswalk(void **state)
{
	run r;
	(void)state;
	setup_case(&r);
	spill_in(&r, "cip-soc.tsv",
		 "CIP2020Code\tCIP2020Title\tSOC2018Code\tSOC2018Title\n"
		 "51.3801\tRegistered Nursing/Registered Nurse.\t29-1141\tRN\n"
		 "51.38\tNursing.\t29-1141\tRegistered Nurses\n");
	run_import(&r);
	assert_int_equal(r.status, 3);
	assert_non_null(strstr(r.err, "/cip-soc.tsv:3:1: '51.38' is not a CIP "
				      "code (expected NN.NNNN)\n"));
	teardown_case(&r);
}

static void test_usage_and_missing_folder(void **state)
{
	run r;
	char want[512];
	const char *missing[5] = {"/nonexistent", "/nonexistent/oews.tsv",
				  "/nonexistent/ep.tsv",
				  "/nonexistent/cip-soc.tsv", NULL};
	(void)state;
	setup_case(&r);
	run_args(&r, NULL);
	assert_int_equal(r.status, 2);
	assert_string_equal(r.err, "usage: onet-import ONET_DIR OEWS_TSV "
				   "EP_TSV CIP_SOC_TSV OUT_DIR\n");
	missing[4] = r.dir;
	run_args(&r, missing);
	assert_int_equal(r.status, 4);
	snprintf(want, sizeof(want),
		 "onet-import: cannot open '/nonexistent/Occupation "
		 "Data.txt': No such file or directory\n");
	assert_string_equal(r.err, want);
	teardown_case(&r);
}

typedef struct heard {
	size_t count;
	char last[256];
} heard;

static void hear(const char *message, void *payload)
{
	heard *h = payload;
	h->count++;
	snprintf(h->last, sizeof(h->last), "%s", message);
}

/* Two models in one process: each failure reaches its own model's hook. */
static void test_models_report_apart(void **state)
{
	static const char occupations[] = "O*NET-SOC Code\tTitle\n"
					  "29-1141.00\tRegistered Nurses\n";
	static const char bad_zone[] = "O*NET-SOC Code\tJob Zone\n"
				       "29-1141.00\t7\n";
	static const char unknown[] = "O*NET-SOC Code\tJob Zone\n"
				      "99-9999.00\t3\n";
	heard a = {0, ""}, b = {0, ""};
	const onet_reporter to_a = {hear, &a}, to_b = {hear, &b};
	onet_model *ma = NULL, *mb = NULL;
	(void)state;
	assert_int_equal(onet_model_new(&ma, &to_a), 0);
	assert_int_equal(onet_model_new(&mb, &to_b), 0);
	assert_int_equal(onet_read_text(ma, ONET_OCCUPATIONS, "a.txt",
					occupations, strlen(occupations)),
			 0);
	assert_int_equal(onet_read_text(mb, ONET_OCCUPATIONS, "b.txt",
					occupations, strlen(occupations)),
			 0);
	assert_int_equal(onet_read_text(ma, ONET_JOB_ZONES, "a.txt", bad_zone,
					strlen(bad_zone)),
			 ONET_E_DATA);
	assert_int_equal(a.count, 1);
	assert_string_equal(a.last, "a.txt:2:12: '7' in column 'Job Zone' is "
				    "not a whole number from 1 to 5");
	assert_int_equal(b.count, 0);
	assert_int_equal(onet_read_file(mb, ONET_JOB_ZONES, "/nonexistent/b"),
			 ONET_E_IO);
	assert_int_equal(b.count, 1);
	assert_string_equal(b.last, "cannot open '/nonexistent/b': No such "
				    "file or directory");
	assert_int_equal(onet_read_text(mb, ONET_JOB_ZONES, "b.txt", unknown,
					strlen(unknown)),
			 ONET_E_DATA);
	assert_int_equal(b.count, 2);
	assert_string_equal(b.last, "b.txt:2:1: occupation '99-9999.00' is "
				    "not in Occupation Data");
	assert_int_equal(a.count, 1);
	onet_model_free(ma);
	onet_model_free(mb);
}

/*
 * A table with its header and no rows is refused, whatever the table: a
 * Related Occupations or OEWS file cut to its first line once made a
 * graph without moves or wages, and exit 0. The previous graph stays.
 */
static void test_header_only_tables(void **state)
{
	run r;
	char want[1024];
	(void)state;
	setup_case(&r);
	replace_onet_file(&r, "Related Occupations.txt",
			  "O*NET-SOC Code\tTitle\tRelated O*NET-SOC Code\t"
			  "Related Title\tRelatedness Tier\tIndex\n");
	assert_fails(&r, "Related Occupations.txt:1:1: no rows past the "
			 "header (expected the table's rows: is the file cut "
			 "short?)");
	assert_int_equal(count_entries(r.dir), 4); /* no out/ */
	teardown_case(&r);

	setup_case(&r);
	spill_in(&r, "oews.tsv",
		 "OCC_CODE\tOCC_TITLE\tO_GROUP\tH_MEDIAN\tA_MEDIAN\n\n");
	run_import(&r);
	snprintf(want, sizeof(want),
		 "onet-import: %s/oews.tsv:2:1: no rows past the header "
		 "(expected the table's rows: is the file cut short?)\n",
		 r.dir);
	assert_string_equal(r.err, want);
	assert_int_equal(r.status, 3);
	teardown_case(&r);
}

/* A field longer than any a release holds is refused where it starts. */
static void test_field_too_long(void **state)
{
	static const char head[] = "O*NET-SOC Code\tTitle\n29-1141.00\t";
	size_t len = strlen(head) + ONET_FIELD_MAX + 2;
	char *text = malloc(len + 1);
	heard h = {0, ""};
	const onet_reporter to_h = {hear, &h};
	onet_model *m = NULL;
	(void)state;
	assert_non_null(text);
	strcpy(text, head);
	memset(text + strlen(head), 'x', ONET_FIELD_MAX + 1);
	strcpy(text + len - 1, "\n");
	assert_int_equal(onet_model_new(&m, &to_h), 0);
	assert_int_equal(
		onet_read_text(m, ONET_OCCUPATIONS, "a.txt", text, len),
		ONET_E_DATA);
	assert_string_equal(h.last, "a.txt:2:12: field of 4097 bytes, longer "
				    "than 4096 (expected a code, a title or a "
				    "number)");
	onet_model_free(m);
	free(text);
}

/*
 * The release itself (../shared/data, skipped without it) with its
 * Alternate Titles file cut to 32,000 of its 56,560 rows: once the graph
 * had 34,597 of its 60,131 aliases and the importer said nothing. Every
 * other file is the release's, linked.
 */
static void test_release_cut_short(void **state)
{
	static const char *const others[] = {
		"bls_oews/oews_national_2024.derived.tsv",
		"bls_ep/occupation.Table 1.2.tsv",
		"nces_cip_soc/CIP2020_SOC2018_Crosswalk.CIP-SOC.tsv"};
	char dir[] = "/tmp/onet-release-XXXXXX", *onet, *args[5], want[1024];
	char *shared_onet = join(CP_SHARED_DATA, "onet");
	struct stat st;
	run r;
	size_t i;
	(void)state;
	if (stat(shared_onet, &st)) {
		free(shared_onet);
		skip();
	}
	memset(&r, 0, sizeof(r));
	assert_non_null(mkdtemp(dir));
	snprintf(r.dir, sizeof(r.dir), "%s", dir);
	onet = join(dir, "onet");
	assert_int_equal(mkdir(onet, 0755), 0);
	{
		DIR *d = opendir(shared_onet);
		struct dirent *e;
		assert_non_null(d);
		while ((e = readdir(d))) {
			char *from, *to;
			struct stat file;
			if (e->d_name[0] == '.' ||
			    !strcmp(e->d_name,
				    "Alternate Titles.from_xlsx.tsv"))
				continue;
			from = join(shared_onet, e->d_name);
			/* files only: the case's teardown walks into folders */
			if (stat(from, &file) || !S_ISREG(file.st_mode)) {
				free(from);
				continue;
			}
			to = join(onet, e->d_name);
			assert_int_equal(symlink(from, to), 0);
			free(from);
			free(to);
		}
		closedir(d);
	}
	{
		char *from =
			join(shared_onet, "Alternate Titles.from_xlsx.tsv");
		char *to = join(onet, "Alternate Titles.from_xlsx.tsv");
		char *text = slurp(from), *cut = text;
		for (i = 0; i < 32001 && cut; i++)
			cut = strchr(cut, '\n') + 1;
		*cut = '\0';
		spill(to, text);
		free(text);
		free(from);
		free(to);
	}
	args[0] = onet;
	for (i = 0; i < 3; i++)
		args[i + 1] = join(CP_SHARED_DATA, others[i]);
	args[4] = join(dir, "out");
	run_args(&r, (const char *const *)args);
	snprintf(want, sizeof(want),
		 "onet-import: %s/Alternate Titles.from_xlsx.tsv:32001:1: "
		 "32000 rows past the header, where the release has 56560 "
		 "(expected at least 45248: is the file cut short?)\n",
		 onet);
	assert_string_equal(r.err, want);
	assert_int_equal(r.status, 3);
	for (i = 0; i < 5; i++)
		free(args[i]);
	free(shared_onet);
	teardown_case(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_extract_gives_hand_worked_graph),
		cmocka_unit_test(test_failed_run_keeps_previous_graph),
		cmocka_unit_test(test_alias_rules),
		cmocka_unit_test(test_alias_ranks),
		cmocka_unit_test(test_supervisor_names),
		cmocka_unit_test(test_coordinated_names),
		cmocka_unit_test(test_tech_names),
		cmocka_unit_test(test_long_names),
		cmocka_unit_test(test_singular_titles),
		cmocka_unit_test(test_singular_of_titles),
		cmocka_unit_test(test_education_mode_and_ties),
		cmocka_unit_test(test_blank_job_zone),
		cmocka_unit_test(test_bad_tier_counts_characters),
		cmocka_unit_test(test_related_to_itself),
		cmocka_unit_test(test_licence_prerequisite_and_specialty),
		cmocka_unit_test(test_bad_job_zone),
		cmocka_unit_test(test_missing_column),
		cmocka_unit_test(test_short_row),
		cmocka_unit_test(test_not_utf8),
		cmocka_unit_test(test_not_text),
		cmocka_unit_test(test_unknown_occupation),
		cmocka_unit_test(test_bad_code),
		cmocka_unit_test(test_bad_wage),
		cmocka_unit_test(test_negative_wage),
		cmocka_unit_test(test_wage_not_available),
		cmocka_unit_test(test_experience_needs_related_work),
		cmocka_unit_test(test_experience_is_the_median_incumbents),
		cmocka_unit_test(test_supervisor_asks_the_supervised_work),
		cmocka_unit_test(test_bad_projection),
		cmocka_unit_test(test_bad_crosswalk),
		cmocka_unit_test(test_usage_and_missing_folder),
		cmocka_unit_test(test_models_report_apart),
		cmocka_unit_test(test_header_only_tables),
		cmocka_unit_test(test_field_too_long),
		cmocka_unit_test(test_release_cut_short),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
