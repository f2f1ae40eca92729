/*
 * Naming roles: a role by its id or by any of its names, the names
 * indexed from the roles table, and suggestions for a name not found.
 */
#include "internal.h"

#include <sched.h>
#include <stdlib.h>
#include <string.h>

#define SUGGEST_MAX 3
#define AMBIGUOUS_SHOWN 8
/* Names in messages: control bytes escaped, cut after this many bytes. */
#define NAME_SHOWN_MAX 60
#define NAME_SHOWN_SIZE (4 * NAME_SHOWN_MAX + 8)

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

int cp_name_normalize(cp_buf *out, const char *s)
{
	int pending_space = 0;
	cp_buf_clear(out);
	while (is_space(*s))
		s++;
	for (; *s; s++) {
		char c = *s;
		if (is_space(c)) {
			pending_space = 1;
			continue;
		}
		if (pending_space && cp_buf_put(out, " ", 1))
			return CP_ENOMEM;
		pending_space = 0;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (cp_buf_put(out, &c, 1))
			return CP_ENOMEM;
	}
	return 0;
}

static size_t bit_count(uint64_t x)
{
	return (size_t)__builtin_popcountll(x);
}

int cp_role_by_id(const cp_graph *graph, const char *id, size_t *role)
{
	return cp_id_index_find(&graph->ids, cp_role_ids(graph), id, strlen(id),
				role);
}

/* Calls fn with every name of a role: id, title, then each alias. */
typedef int (*name_fn)(const char *name, size_t len, void *payload);

static int each_name(const cp_graph *g, size_t role, name_fn fn, void *payload)
{
	const char *id = cp_role_id(g, role), *title = cp_role_title(g, role);
	const char *alias, *end;
	int status;
	if ((status = fn(id, strlen(id), payload)) ||
	    (status = fn(title, strlen(title), payload)))
		return status;
	if (g->role_aliases_col == CP_NO_COLUMN)
		return 0;
	alias = cp_cell_text(g, CP_ROLES, g->role_aliases_col, role);
	for (; *alias; alias = *end ? end + 1 : end) {
		end = strchr(alias, ';');
		if (!end)
			end = alias + strlen(alias);
		if (end > alias &&
		    (status = fn(alias, (size_t)(end - alias), payload)))
			return status;
	}
	return 0;
}

typedef struct index_ctx {
	cp_name_index *index;
	size_t role;
	cp_buf raw, key;
} index_ctx;

static int index_name(const char *name, size_t len, void *payload)
{
	index_ctx *ctx = payload;
	cp_buf_clear(&ctx->raw);
	if (cp_buf_put(&ctx->raw, name, len) ||
	    cp_name_normalize(&ctx->key, ctx->raw.ptr))
		return CP_ENOMEM;
	if (!ctx->key.size)
		return 0;
	return cp_name_index_add(ctx->index, ctx->key.ptr, ctx->role);
}

static int build_names(cp_graph *graph)
{
	index_ctx ctx;
	int status = 0;
	memset(&ctx, 0, sizeof(ctx));
	cp_buf_init(&ctx.raw);
	cp_buf_init(&ctx.key);
	ctx.index = &graph->names;
	for (ctx.role = 0; ctx.role < graph->roles.rows && !status; ctx.role++)
		status = each_name(graph, ctx.role, index_name, &ctx);
	cp_buf_free(&ctx.raw);
	cp_buf_free(&ctx.key);
	if (status)
		cp_name_index_free(&graph->names);
	return status ? CP_ENOMEM : 0;
}

/* cp_graph.names_state: whether the name index may be read yet. */
enum { NAMES_NONE, NAMES_BUILDING, NAMES_READY };

/*
 * The first caller builds the index while any other waits for it; the
 * release that marks it ready makes the whole index visible to every
 * thread whose acquire sees the mark. The index is a cache of the roles
 * table, so building it changes nothing a caller of a const graph sees,
 * and a graph is never a const object: it is allocated by its loader.
 */
int cp_graph_names(const cp_name_index **out, const cp_graph *graph)
{
	cp_graph *g = (cp_graph *)graph;
	while (atomic_load_explicit(&g->names_state, memory_order_acquire) !=
	       NAMES_READY) {
		int expected = NAMES_NONE, status;
		if (!atomic_compare_exchange_strong(&g->names_state, &expected,
						    NAMES_BUILDING)) {
			sched_yield();
			continue;
		}
		status = build_names(g);
		atomic_store_explicit(&g->names_state,
				      status ? NAMES_NONE : NAMES_READY,
				      memory_order_release);
		if (status)
			return status;
	}
	*out = &g->names;
	return 0;
}

/* The name index if it is built, else NULL. */
static const cp_name_index *names_if_built(const cp_graph *graph)
{
	cp_graph *g = (cp_graph *)graph;
	return atomic_load_explicit(&g->names_state, memory_order_acquire) ==
			       NAMES_READY
		       ? &g->names
		       : NULL;
}

/*
 * Levenshtein distance within a band of width limit around the diagonal:
 * cells off the band exceed limit anyway, so the cost is O(limit * length)
 * however long the names.
 */
size_t cp_edit_distance(const char *a, const char *b, size_t limit)
{
	size_t la = strlen(a), lb = strlen(b), i, j, best, big = limit + 1;
	size_t small_rows[2][64], *prev, *cur, *heap = NULL;
	if ((la > lb ? la - lb : lb - la) > limit)
		return big;
	if (lb + 2 <= 64) {
		prev = small_rows[0];
		cur = small_rows[1];
	} else {
		heap = cp_alloc_array(2 * (lb + 2), sizeof(size_t));
		if (!heap)
			return big;
		prev = heap;
		cur = heap + lb + 2;
	}
	for (j = 0; j <= lb + 1; j++)
		prev[j] = j <= limit ? j : big;
	for (i = 1; i <= la; i++) {
		size_t lo = i > limit ? i - limit : 1;
		size_t hi = i + limit < lb ? i + limit : lb, *swap;
		cur[lo - 1] = lo == 1 && i <= limit ? i : big;
		best = cur[lo - 1];
		for (j = lo; j <= hi; j++) {
			size_t cost = prev[j - 1] + (a[i - 1] != b[j - 1]);
			if (prev[j] + 1 < cost)
				cost = prev[j] + 1;
			if (cur[j - 1] + 1 < cost)
				cost = cur[j - 1] + 1;
			cur[j] = cost < big ? cost : big;
			if (cur[j] < best)
				best = cur[j];
		}
		cur[hi + 1] = big;
		swap = prev;
		prev = cur;
		cur = swap;
		if (best >= big) {
			free(heap);
			return big;
		}
	}
	best = prev[lb];
	free(heap);
	return best > limit ? big : best;
}

/*
 * Names this short are initials or abbreviations, where one letter is one
 * word: CNA is not a misspelt CMA. They are never near misses; a short
 * query is hinted only by a name that holds it as a word, or whose words
 * it is the initials of.
 */
#define SHORT_NAME 5

static int is_word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       (unsigned char)c >= 0x80;
}

static int is_letter(char c)
{
	return c >= 'a' && c <= 'z';
}

/* Whether key holds query, as a whole word when whole_word is set. */
static int holds(const char *key, const char *query, int whole_word)
{
	size_t len = strlen(query);
	const char *at;
	for (at = strstr(key, query); at; at = strstr(at + 1, query))
		if (!whole_word || ((at == key || !is_word_char(at[-1])) &&
				    !is_word_char(at[len])))
			return 1;
	return 0;
}

/* Words an acronym leaves out: "Director of Medical Services" is DMS. */
static int is_small_word(const char *word, size_t len)
{
	static const char *const small[] = {"a",  "an", "and", "for", "in",
					    "of", "or", "the", "to"};
	size_t i;
	for (i = 0; i < sizeof(small) / sizeof(small[0]); i++)
		if (strlen(small[i]) == len && !memcmp(small[i], word, len))
			return 1;
	return 0;
}

/*
 * Whether query (letters only) is the initials of key's words, small
 * words left out, up to a '(' (which opens a name's own acronym):
 * "cna" and "Certified Nursing Assistant".
 */
static int is_initials(const char *query, size_t query_len, const char *key,
		       size_t len)
{
	size_t i = 0, n = 0;
	while (i < len && key[i] != '(') {
		size_t start;
		if (!is_word_char(key[i])) {
			i++;
			continue;
		}
		for (start = i; i < len && is_word_char(key[i]); i++)
			;
		if (is_small_word(key + start, i - start))
			continue;
		if (n == query_len || key[start] != query[n])
			return 0;
		n++;
	}
	return n == query_len && n > 1;
}

/*
 * The name with each word in the singular, as graphs/onet's importer makes
 * a title's singular: -ies becomes -y; -sses, -ches, -shes, -xes lose -es;
 * any other -s after a letter but s, i or u loses the s. Hints compare
 * these forms too, so that "medical assistants" and "Medical Assistant"
 * are as near as the same name. Writes at most len bytes and a NUL to
 * out, which may be key itself; returns the length.
 */
static size_t singular_words(char *out, const char *key, size_t len)
{
	size_t i = 0, n = 0;
	while (i < len) {
		size_t start = n, word;
		if (!is_letter(key[i])) {
			out[n++] = key[i++];
			continue;
		}
		while (i < len && is_letter(key[i]))
			out[n++] = key[i++];
		word = n - start;
		if (word < 3 || out[n - 1] != 's')
			continue;
		if (word > 3 && !memcmp(out + n - 3, "ies", 3)) {
			out[n - 3] = 'y';
			n -= 2;
		} else if (word > 4 && (!memcmp(out + n - 4, "sses", 4) ||
					!memcmp(out + n - 4, "ches", 4) ||
					!memcmp(out + n - 4, "shes", 4))) {
			n -= 2;
		} else if (word > 3 && !memcmp(out + n - 3, "xes", 3)) {
			n -= 2;
		} else if (!strchr("siu", out[n - 2])) {
			n -= 1;
		}
	}
	out[n] = '\0';
	return n;
}

/*
 * One form of the query a suggestion is scored against: as typed, or with
 * its words in the singular. On a large graph most names are far from the
 * query, so each name passes cheap bounds before the edit distance: its
 * length, and the bytes it shares with the query counted as multisets. An
 * edit changes one byte on each side at most, so the distance is at least
 * the larger length less the bytes shared; and a name holds the query only
 * if it shares all of the query's bytes.
 */
typedef struct query_form {
	const char *text;
	size_t len;
	uint32_t want[256]; /* its bytes, counted */
	uint64_t bytes;	    /* cp_name_bytes() */
} query_form;

/*
 * A role's score is its closest name's: the distance from the query (in
 * either form), then the distance from the query as typed, so that among
 * names as near the one spelt as typed wins ("Medical Assistant" for
 * "medical assitant"). A role keeps the key of that name, in the index.
 */
#define SCORE(near, typed) ((near)*8 + ((typed) < 7 ? (typed) : 7))
#define SCORE_NEAR(score) ((score) / 8)

typedef struct suggest_ctx {
	query_form typed, singular;
	size_t limit;
	int initials;	       /* the query may be initials: letters only */
	uint32_t seen[256];    /* scratch: all 0 between names */
	size_t *best;	       /* per role: the closest name's SCORE */
	const char **best_key; /* per role: that name's key in the index */
	cp_buf raw, key;       /* scratch for names not yet normalized */
	cp_buf key_singular;   /* scratch: a name's singular_words() */
} suggest_ctx;

static void form_start(query_form *f, const char *text, size_t len)
{
	size_t i;
	f->text = text;
	f->len = len;
	memset(f->want, 0, sizeof(f->want));
	for (i = 0; i < len; i++)
		f->want[(unsigned char)text[i]]++;
	f->bytes = cp_name_bytes(text);
}

static void suggest_start(suggest_ctx *ctx, const char *query, size_t len,
			  const char *singular, size_t singular_len)
{
	size_t i;
	ctx->limit = len / 3 > 1 ? (len / 3 < 4 ? len / 3 : 4) : 1;
	form_start(&ctx->typed, query, len);
	form_start(&ctx->singular, singular, singular_len);
	memset(ctx->seen, 0, sizeof(ctx->seen));
	ctx->initials = len > 1 && len < SHORT_NAME;
	for (i = 0; i < len; i++)
		ctx->initials &= is_letter(query[i]);
}

/* How many bytes of key (of length len) the query form also has. */
static size_t shared_bytes(suggest_ctx *ctx, const query_form *q,
			   const char *key, size_t len)
{
	size_t i, shared = 0;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)key[i];
		if (ctx->seen[c] < q->want[c]) {
			ctx->seen[c]++;
			shared++;
		}
	}
	for (i = 0; i < len; i++)
		ctx->seen[(unsigned char)key[i]] = 0;
	return shared;
}

/*
 * How near a normalized name (len bytes, holding the bytes bytes) is to a
 * form of the query: its edit distance; limit for a name that holds the
 * query whole, as good as a near miss; limit + 1 when neither.
 */
static size_t nearness(suggest_ctx *ctx, const query_form *q, const char *key,
		       size_t len, uint64_t bytes)
{
	size_t d = ctx->limit + 1, missing, extra, floor;
	if (len == q->len && !memcmp(key, q->text, len))
		return 0; /* a form of the query is this name */
	if (q->len >= SHORT_NAME && len >= SHORT_NAME &&
	    (len > q->len ? len - q->len : q->len - len) <= ctx->limit) {
		/* each edit brings in at most one byte the other lacks */
		missing = bit_count(q->bytes & ~bytes);
		extra = bit_count(bytes & ~q->bytes);
		floor = missing > extra ? missing : extra;
		if (floor <= ctx->limit) {
			floor = (len > q->len ? len : q->len) -
				shared_bytes(ctx, q, key, len);
			if (floor <= ctx->limit)
				d = cp_edit_distance(q->text, key, ctx->limit);
		}
	}
	if (d > ctx->limit && q->len >= 3 && len >= q->len &&
	    !(q->bytes & ~bytes) && holds(key, q->text, q->len < SHORT_NAME))
		d = ctx->limit;
	return d;
}

/*
 * Scores one normalized name of role, of length len holding the bytes
 * bytes (cp_name_bytes): keeps the role's best score. key_in_index is the
 * name's key in the graph's name index, or NULL.
 */
static int score_key(suggest_ctx *ctx, const char *key, size_t len,
		     uint64_t bytes, size_t role, const char *key_in_index)
{
	size_t typed, near, score, singular_len;
	if (!ctx->best[role])
		return 0; /* nothing this name can score would be better */
	typed = nearness(ctx, &ctx->typed, key, len, bytes);
	if (typed > ctx->limit && ctx->initials &&
	    is_initials(ctx->typed.text, ctx->typed.len, key, len))
		typed = ctx->limit;
	near = typed;
	if (near) {
		cp_buf_clear(&ctx->key_singular);
		if (cp_buf_put(&ctx->key_singular, key, len))
			return CP_ENOMEM;
		singular_len = singular_words(ctx->key_singular.ptr,
					      ctx->key_singular.ptr, len);
		if (singular_len != len ||
		    ctx->singular.len != ctx->typed.len) {
			size_t d =
				nearness(ctx, &ctx->singular,
					 ctx->key_singular.ptr, singular_len,
					 cp_name_bytes(ctx->key_singular.ptr));
			if (d < near)
				near = d;
		}
	}
	if (near > ctx->limit)
		return 0;
	/* a longer name that only holds the query ("Clinic Licensed Practical
	 * Nurse (Clinic LPN)" for "licensed practical nurse") is one of many
	 * such names: the hint calls the role by its title */
	if (near == ctx->limit && len > ctx->typed.len &&
	    holds(key, ctx->typed.text, ctx->typed.len < SHORT_NAME))
		key_in_index = NULL;
	score = SCORE(near, typed);
	if (score < ctx->best[role]) {
		ctx->best[role] = score;
		ctx->best_key[role] = key_in_index;
	}
	return 0;
}

typedef struct unindexed_ctx {
	suggest_ctx *suggest;
	size_t role;
} unindexed_ctx;

static int score_name(const char *name, size_t len, void *payload)
{
	unindexed_ctx *u = payload;
	suggest_ctx *ctx = u->suggest;
	cp_buf_clear(&ctx->raw);
	if (cp_buf_put(&ctx->raw, name, len) ||
	    cp_name_normalize(&ctx->key, ctx->raw.ptr))
		return CP_ENOMEM;
	return score_key(ctx, ctx->key.ptr, ctx->key.size,
			 cp_name_bytes(ctx->key.ptr), u->role, NULL);
}

/*
 * Scores every name of every role. The name index, when there is one,
 * holds every name normalized: one pass over it. While the graph loads
 * (a hint for a bad row) there is none yet (index NULL), and the names
 * are normalized from the roles table as they come.
 */
static int score_all(suggest_ctx *ctx, const cp_graph *graph,
		     const cp_name_index *index)
{
	const char *key;
	size_t i;
	unindexed_ctx u;
	int status = 0;
	if (index && index->count) {
		for (i = 0, key = index->keys.ptr; i < index->count && !status;
		     i++) {
			const cp_name_entry *e = &index->entries[i];
			status = score_key(ctx, key, e->len, e->bytes, e->role,
					   key);
			key += e->len + 1;
		}
		return status;
	}
	u.suggest = ctx;
	for (u.role = 0; u.role < graph->roles.rows && !status; u.role++)
		status = each_name(graph, u.role, score_name, &u);
	return status;
}

/* Finds the title or alias whose key is want, as spelt in the graph. */
typedef struct spelling_ctx {
	const char *want;
	const char *name;
	size_t len;
	int skip; /* the id, which the first call brings */
	cp_buf raw, key;
} spelling_ctx;

static int find_spelling(const char *name, size_t len, void *payload)
{
	spelling_ctx *s = payload;
	if (s->skip) {
		s->skip = 0;
		return 0;
	}
	cp_buf_clear(&s->raw);
	if (cp_buf_put(&s->raw, name, len) ||
	    cp_name_normalize(&s->key, s->raw.ptr))
		return CP_ENOMEM;
	if (strcmp(s->key.ptr, s->want))
		return 0;
	while (len && is_space(*name))
		name++, len--;
	while (len && is_space(name[len - 1]))
		len--;
	s->name = name;
	s->len = len;
	return 1; /* found: stop */
}

/*
 * What a hint calls the role: the name nearest the query as the graph
 * spells it, when that name is the role's alone; else its title.
 */
static int hint_label(const char **label, size_t *len, const cp_graph *graph,
		      const cp_name_index *names, size_t role,
		      const char *best_key)
{
	spelling_ctx s;
	size_t other;
	int status;
	*label = cp_role_title(graph, role);
	*len = strlen(*label);
	if (!best_key || cp_name_index_find(names, best_key, &other, 1) != 1)
		return 0;
	memset(&s, 0, sizeof(s));
	s.want = best_key;
	s.skip = 1;
	cp_buf_init(&s.raw);
	cp_buf_init(&s.key);
	status = each_name(graph, role, find_spelling, &s);
	if (status == 1 && s.len) {
		*label = s.name;
		*len = s.len;
		status = 0;
	}
	cp_buf_free(&s.raw);
	cp_buf_free(&s.key);
	return status;
}

int cp_suggest_roles(cp_buf *out, const cp_graph *graph, const char *name,
		     int ids_only)
{
	suggest_ctx ctx;
	size_t role, shown = 0, pick[SUGGEST_MAX], score[SUGGEST_MAX], i;
	size_t nearest = SIZE_MAX;
	cp_buf query = CP_BUF_INIT, singular = CP_BUF_INIT;
	const cp_name_index *names = NULL;
	int status = 0;

	memset(&ctx, 0, sizeof(ctx));
	cp_buf_init(&ctx.raw);
	cp_buf_init(&ctx.key);
	cp_buf_init(&ctx.key_singular);
	if (cp_name_normalize(&query, name) ||
	    cp_buf_put(&singular, query.ptr, query.size) ||
	    !(ctx.best =
		      cp_alloc_array(graph->roles.rows + 1, sizeof(size_t))) ||
	    !(ctx.best_key = cp_alloc_array(graph->roles.rows + 1,
					    sizeof(const char *)))) {
		status = CP_ENOMEM;
		goto cleanup;
	}
	singular.size =
		singular_words(singular.ptr, singular.ptr, singular.size);
	suggest_start(&ctx, query.ptr, query.size, singular.ptr, singular.size);
	for (role = 0; role < graph->roles.rows; role++) {
		ctx.best[role] = SIZE_MAX;
		ctx.best_key[role] = NULL;
	}
	/* a hint while the graph loads (ids only) reads the roles table */
	if (ids_only)
		names = names_if_built(graph);
	else if ((status = cp_graph_names(&names, graph)))
		goto cleanup;
	if ((status = score_all(&ctx, graph, names)))
		goto cleanup;
	/* only the nearest: a far name beside a near one is noise */
	for (role = 0; role < graph->roles.rows; role++)
		if (ctx.best[role] != SIZE_MAX &&
		    SCORE_NEAR(ctx.best[role]) < nearest)
			nearest = SCORE_NEAR(ctx.best[role]);
	for (role = 0; role < graph->roles.rows; role++) {
		size_t best = ctx.best[role];
		if (best == SIZE_MAX || SCORE_NEAR(best) > nearest)
			continue;
		/* keep the closest few, earlier roles first among equals */
		for (i = shown; i > 0 && score[i - 1] > best; i--) {
			if (i < SUGGEST_MAX) {
				pick[i] = pick[i - 1];
				score[i] = score[i - 1];
			}
		}
		if (i < SUGGEST_MAX) {
			pick[i] = role;
			score[i] = best;
			if (shown < SUGGEST_MAX)
				shown++;
		}
	}
	for (i = 0; i < shown; i++) {
		const char *label;
		size_t label_len;
		char label_shown[NAME_SHOWN_SIZE];
		if (ids_only) {
			label = cp_role_id(graph, pick[i]);
			label_len = strlen(label);
		} else if ((status = hint_label(&label, &label_len, graph,
						names, pick[i],
						ctx.best_key[pick[i]]))) {
			goto cleanup;
		}
		/* a name may hold a line end: the message stays on one line */
		cp_quote_excerpt(label_shown, sizeof(label_shown), label,
				 label_len, NAME_SHOWN_MAX);
		if (cp_buf_printf(out, "%s'%s'",
				  i == 0 ? " (did you mean "
					 : (i + 1 == shown ? " or " : ", "),
				  label_shown)) {
			status = CP_ENOMEM;
			goto cleanup;
		}
	}
	if (shown && cp_buf_puts(out, "?)"))
		status = CP_ENOMEM;
cleanup:
	free(ctx.best);
	free((void *)ctx.best_key);
	cp_buf_free(&query);
	cp_buf_free(&singular);
	cp_buf_free(&ctx.raw);
	cp_buf_free(&ctx.key);
	cp_buf_free(&ctx.key_singular);
	return status;
}

static int fail_ambiguous(cp_error *err, const cp_graph *graph,
			  const char *name, const size_t *roles, size_t found)
{
	cp_buf list = CP_BUF_INIT;
	size_t i, shown = found < AMBIGUOUS_SHOWN ? found : AMBIGUOUS_SHOWN;
	int status = 0;
	for (i = 0; i < shown && !status; i++) {
		const char *id = cp_role_id(graph, roles[i]);
		const char *title = cp_role_title(graph, roles[i]);
		char id_shown[NAME_SHOWN_SIZE], title_shown[NAME_SHOWN_SIZE];
		cp_quote_excerpt(id_shown, sizeof(id_shown), id, strlen(id),
				 NAME_SHOWN_MAX);
		cp_quote_excerpt(title_shown, sizeof(title_shown), title,
				 strlen(title), NAME_SHOWN_MAX);
		status = cp_buf_printf(&list, "%s'%s' (%s)", i ? ", " : "",
				       id_shown, title_shown);
	}
	if (!status && found > shown)
		status = cp_buf_printf(&list, " and %zu more", found - shown);
	if (status)
		status = cp_fail_oom(err);
	else
		status = cp_fail(err, CP_EAMBIGUOUS, NULL, 0, 0,
				 "role name '%s' is ambiguous: it could be %s; "
				 "use an id",
				 name, list.ptr);
	cp_buf_free(&list);
	return status;
}

/* Candidates are listed in roles.csv order. */
static void sort_roles(size_t *roles, size_t n)
{
	size_t i, j;
	for (i = 1; i < n; i++) {
		size_t v = roles[i];
		for (j = i; j > 0 && roles[j - 1] > v; j--)
			roles[j] = roles[j - 1];
		roles[j] = v;
	}
}

/*
 * In a combined graph a name that roles of several folders answer to
 * means the role of the first folder given ("Medical Assistant" is the
 * bundled role, not O*NET's occupation, with medical-assistant first).
 * roles is sorted, so the first folder is roles[0]'s. Returns how many
 * candidates are left: every one when the list is cut short.
 */
static size_t first_folder_only(const cp_graph *graph, size_t *roles,
				size_t found)
{
	size_t folder, kept = 0, i;
	if (found < 2 || found > AMBIGUOUS_SHOWN + 1 ||
	    cp_graph_folder_count(graph) < 2)
		return found;
	folder = cp_role_folder(graph, roles[0]);
	for (i = 0; i < found; i++)
		if (cp_role_folder(graph, roles[i]) == folder)
			roles[kept++] = roles[i];
	return kept;
}

int cp_role_find(size_t *out, const cp_graph *graph, const char *name,
		 cp_error *err)
{
	size_t roles[AMBIGUOUS_SHOWN + 1], found;
	const cp_name_index *names;
	cp_buf key = CP_BUF_INIT, hint = CP_BUF_INIT;
	int status = 0;
	char shown[NAME_SHOWN_SIZE];

	cp_quote_excerpt(shown, sizeof(shown), name, strlen(name),
			 NAME_SHOWN_MAX);
	if (cp_role_by_id(graph, name, out))
		return 0;
	if (cp_name_normalize(&key, name)) {
		status = cp_fail_oom(err);
		goto cleanup;
	}
	if (!key.size) {
		status = cp_fail(
			err, CP_EINVALID, NULL, 0, 0,
			"empty role name (expected an id, title or alias)");
		goto cleanup;
	}
	if (cp_graph_names(&names, graph)) {
		status = cp_fail_oom(err);
		goto cleanup;
	}
	/* the index holds a name once per role: found counts roles */
	found = cp_name_index_find(names, key.ptr, roles, AMBIGUOUS_SHOWN + 1);
	sort_roles(roles,
		   found < AMBIGUOUS_SHOWN + 1 ? found : AMBIGUOUS_SHOWN + 1);
	found = first_folder_only(graph, roles, found);
	if (found == 1) {
		*out = roles[0];
	} else if (found > 1) {
		status = fail_ambiguous(err, graph, shown, roles, found);
	} else if (cp_suggest_roles(&hint, graph, name, 0)) {
		status = cp_fail_oom(err);
	} else {
		status = cp_fail(err, CP_ENOTFOUND, NULL, 0, 0,
				 "unknown role '%s'%s", shown,
				 hint.size ? hint.ptr : "");
	}
cleanup:
	cp_buf_free(&key);
	cp_buf_free(&hint);
	return status;
}
