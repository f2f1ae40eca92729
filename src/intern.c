/*
 * Role ids, interned: a flat open-addressing table whose slots hold a role
 * number, 32 bits of its id's hash and the id's first 8 bytes. The id text
 * itself stays in the id column, stored once; a probe reads it only for an
 * id of 8 bytes or more whose hash and head agree, so a look-up of a short
 * id touches one slot, and of a long one a slot and the id.
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

static int same_id(const cp_graph *g, const cp_id_slot *slot, uint32_t tag,
		   uint64_t head, const char *id, size_t len)
{
	const char *text;
	if (slot->tag != tag || slot->head != head)
		return 0;
	if (len < 8) /* and so is the slot's id: its head has a NUL */
		return 1;
	text = cp_role_id(g, slot->role - 1);
	return !memcmp(text, id, len) && text[len] == '\0';
}

/* The table grows from the tags alone: a slot's place is its tag's bits. */
static int grow(cp_id_index *index)
{
	size_t n = index->mask ? 2 * (index->mask + 1) : 1024, i;
	cp_id_slot *slots = calloc(n, sizeof(*slots));
	if (!slots)
		return CP_ENOMEM;
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

int cp_id_index_add(cp_id_index *index, const cp_graph *g, size_t role)
{
	const char *id = cp_role_id(g, role);
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

int cp_id_index_find(const cp_id_index *index, const cp_graph *g,
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
		if (same_id(g, slot, tag, head, id, len)) {
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

int cp_role_by_id(const cp_graph *graph, const char *id, size_t *role)
{
	return cp_id_index_find(&graph->ids, graph, id, strlen(id), role);
}
