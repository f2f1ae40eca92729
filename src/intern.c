/*
 * The indexes of roles, which know their keys and nothing of the graph.
 *
 * Role ids, interned: a flat open-addressing table whose slots hold a role
 * number, 32 bits of its id's hash and the id's first 8 bytes. The id text
 * itself stays in the id column, stored once; a probe reads it only for an
 * id of 8 bytes or more whose hash and head agree, so a look-up of a short
 * id touches one slot, and of a long one a slot and the id.
 *
 * Names, folded: a table of normalized keys (ids, titles, aliases), each
 * with the role it names; a key may name several roles.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

uint64_t cp_hash_bytes(const char *s, size_t len)
{
	const uint64_t k = 0x9E3779B97F4A7C15ULL;
	uint64_t h = (uint64_t)len * k, word;
	while (len >= 8) {
		memcpy(&word, s, 8);
		h = (h ^ word) * k;
		h ^= h >> 29;
		s += 8;
		len -= 8;
	}
	if (len) {
		word = 0;
		memcpy(&word, s, len);
		h = (h ^ word) * k;
		h ^= h >> 29;
	}
	/* MurmurHash3's finaliser: each input bit moves about half the output
	 */
	h ^= h >> 33;
	h *= 0xFF51AFD7ED558CCDULL;
	h ^= h >> 33;
	h *= 0xC4CEB9FE1A85EC53ULL;
	h ^= h >> 33;
	return h;
}

static uint32_t tag_of(const char *id, size_t len)
{
	return (uint32_t)(cp_hash_bytes(id, len) >> 32);
}

static uint64_t head_of(const char *id, size_t len)
{
	uint64_t head = 0;
	memcpy(&head, id, len < 8 ? len : 8);
	return head;
}

/* Role's id in the id column, as cp_cell_text() reads it. */
static const char *id_at(const cp_column *ids, size_t role)
{
	return ids->kind == CP_COLUMN_TEXT ? ids->arena.ptr + ids->offsets[role]
					   : "";
}

static int same_id(const cp_column *ids, const cp_id_slot *slot, uint32_t tag,
		   uint64_t head, const char *id, size_t len)
{
	const char *text;
	if (slot->tag != tag || slot->head != head)
		return 0;
	if (len < 8) /* and so is the slot's id: its head has a NUL */
		return 1;
	text = id_at(ids, slot->role - 1);
	return !memcmp(text, id, len) && text[len] == '\0';
}

/* The table grows from the tags alone: a slot's place is its tag's bits. */
static int grow(cp_id_index *index)
{
	size_t n = index->mask ? 2 * (index->mask + 1) : 1024, i;
	cp_id_slot *slots = calloc(n, sizeof(*slots));
	if (!slots)
		return CP_ENOMEM;
	/* every look-up lands at random in the table */
	cp_advise_huge(slots, n * sizeof(*slots));
	for (i = 0; index->mask && i <= index->mask; i++) {
		size_t at;
		if (!index->slots[i].role)
			continue;
		at = index->slots[i].tag & (n - 1);
		while (slots[at].role)
			at = (at + 1) & (n - 1);
		slots[at] = index->slots[i];
	}
	free(index->slots);
	index->slots = slots;
	index->mask = n - 1;
	return 0;
}

int cp_id_index_add(cp_id_index *index, const cp_column *ids, size_t role)
{
	const char *id = id_at(ids, role);
	size_t len = strlen(id), at;
	uint32_t tag = tag_of(id, len);
	if (role >= CP_ROLES_MAX)
		return CP_ENOMEM;
	if ((index->count + 1) * 2 > (index->mask ? index->mask + 1 : 0) &&
	    grow(index))
		return CP_ENOMEM;
	at = tag & index->mask;
	while (index->slots[at].role)
		at = (at + 1) & index->mask;
	index->slots[at].tag = tag;
	index->slots[at].role = (uint32_t)role + 1;
	index->slots[at].head = head_of(id, len);
	index->count++;
	return 0;
}

int cp_id_index_find(const cp_id_index *index, const cp_column *ids,
		     const char *id, size_t len, size_t *role)
{
	uint32_t tag;
	uint64_t head;
	size_t at;
	if (!index->count)
		return 0;
	tag = tag_of(id, len);
	head = head_of(id, len);
	for (at = tag & index->mask; index->slots[at].role;
	     at = (at + 1) & index->mask) {
		const cp_id_slot *slot = &index->slots[at];
		if (same_id(ids, slot, tag, head, id, len)) {
			*role = slot->role - 1;
			return 1;
		}
	}
	return 0;
}

void cp_id_index_free(cp_id_index *index)
{
	free(index->slots);
	memset(index, 0, sizeof(*index));
}

static uint64_t hash_key(const char *s)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

static int index_grow(cp_name_index *index)
{
	size_t i, n = index->n_slots ? index->n_slots * 2 : 64;
	cp_name_slot *slots = calloc(n, sizeof(*slots));
	if (!slots)
		return CP_ENOMEM;
	for (i = 0; i < index->n_slots; i++) {
		const cp_name_slot *old = &index->slots[i];
		size_t at;
		if (!old->used)
			continue;
		at = (size_t)old->hash & (n - 1);
		while (slots[at].used)
			at = (at + 1) & (n - 1);
		slots[at] = *old;
	}
	free(index->slots);
	index->slots = slots;
	index->n_slots = n;
	return 0;
}

/* Letters and digits get a bit each, the other bytes share the rest. */
static unsigned byte_bit(unsigned char c)
{
	if (c >= 'a' && c <= 'z')
		return c - 'a';
	if (c >= '0' && c <= '9')
		return 26 + (unsigned)(c - '0');
	return 36 + c % 28;
}

uint64_t cp_name_bytes(const char *s)
{
	uint64_t set = 0;
	for (; *s; s++)
		set |= (uint64_t)1 << byte_bit((unsigned char)*s);
	return set;
}

int cp_name_index_add(cp_name_index *index, const char *key, size_t role)
{
	uint64_t h = hash_key(key);
	size_t at;
	if ((index->count + 1) * 4 > index->n_slots * 3 && index_grow(index))
		return CP_ENOMEM;
	if (!index->keys.ptr)
		cp_buf_init(&index->keys);
	at = (size_t)h & (index->n_slots - 1);
	for (; index->slots[at].used; at = (at + 1) & (index->n_slots - 1)) {
		const cp_name_slot *slot = &index->slots[at];
		if (slot->hash == h && slot->role == role &&
		    !strcmp(index->keys.ptr + slot->key, key))
			return 0;
	}
	if (cp_grow((void **)&index->entries, &index->cap_entries,
		    index->count + 1, sizeof(cp_name_entry)))
		return CP_ENOMEM;
	index->slots[at].key = index->keys.size;
	if (cp_buf_put(&index->keys, key, strlen(key) + 1))
		return CP_ENOMEM;
	index->entries[index->count].role = role;
	index->entries[index->count].len = strlen(key);
	index->entries[index->count].bytes = cp_name_bytes(key);
	index->slots[at].used = 1;
	index->slots[at].hash = h;
	index->slots[at].role = role;
	index->count++;
	return 0;
}

size_t cp_name_index_find(const cp_name_index *index, const char *key,
			  size_t *roles, size_t max_roles)
{
	uint64_t h = hash_key(key);
	size_t at, found = 0;
	if (!index->n_slots)
		return 0;
	at = (size_t)h & (index->n_slots - 1);
	for (; index->slots[at].used; at = (at + 1) & (index->n_slots - 1)) {
		const cp_name_slot *slot = &index->slots[at];
		if (slot->hash != h || strcmp(index->keys.ptr + slot->key, key))
			continue;
		if (found < max_roles)
			roles[found] = slot->role;
		found++;
	}
	return found;
}

void cp_name_index_free(cp_name_index *index)
{
	free(index->slots);
	free(index->entries);
	cp_buf_free(&index->keys);
	memset(index, 0, sizeof(*index));
}
