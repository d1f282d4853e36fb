/* util_arena.c: the bump allocator of arena.h.
 *
 * Blocks form a list headed by the block being filled. A request larger than a quarter of a
 * block gets a block of its own, linked behind the current one, so that the room left in the
 * current block is not thrown away.
 */
#include "oncoboard/arena.h"

#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_BLOCK ((size_t)16 << 10)

typedef struct arena_block {
    struct arena_block *next;
    size_t used, size;
    alignas(max_align_t) unsigned char data[];
} arena_block_t;

struct onc_arena {
    arena_block_t *head;
    size_t used;
};

onc_arena_t *onc_arena_new(void) { return calloc(1, sizeof(onc_arena_t)); }

void onc_arena_free(onc_arena_t *a)
{
    if (!a) return;
    arena_block_t *b = a->head;
    while (b) {
        arena_block_t *next = b->next;
        free(b);
        b = next;
    }
    free(a);
}

static arena_block_t *block_new(size_t size)
{
    arena_block_t *b = malloc(sizeof *b + size);
    if (!b) return NULL;
    b->size = size;
    b->used = 0;
    b->next = NULL;
    return b;
}

void *onc_arena_alloc(onc_arena_t *a, size_t n)
{
    const size_t align = alignof(max_align_t);
    if (n > SIZE_MAX / 2) return NULL;
    n = n == 0 ? align : (n + align - 1) / align * align;
    arena_block_t *b = a->head;
    if (!b || b->size - b->used < n) {
        if (b && n > ARENA_BLOCK / 4) {
            arena_block_t *big = block_new(n);
            if (!big) return NULL;
            big->used = n;
            big->next = b->next;
            b->next = big;
            a->used += n;
            memset(big->data, 0, n);
            return big->data;
        }
        if (!(b = block_new(n > ARENA_BLOCK ? n : ARENA_BLOCK))) return NULL;
        b->next = a->head;
        a->head = b;
    }
    void *p = b->data + b->used;
    b->used += n;
    a->used += n;
    memset(p, 0, n);
    return p;
}

char *onc_arena_strndup(onc_arena_t *a, const char *s, size_t n)
{
    if (n == SIZE_MAX) return NULL;
    char *d = onc_arena_alloc(a, n + 1);
    if (!d) return NULL;
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *onc_arena_strdup(onc_arena_t *a, const char *s) { return onc_arena_strndup(a, s, strlen(s)); }

void *onc_arena_grow(onc_arena_t *a, void *arr, size_t *cap, size_t n, size_t elem)
{
    if (n < *cap) return arr;
    size_t cap2 = *cap ? *cap * 2 : 8;
    if (elem == 0 || cap2 > SIZE_MAX / 2 / elem) return NULL;
    void *p = onc_arena_alloc(a, cap2 * elem);
    if (!p) return NULL;
    if (n) memcpy(p, arr, n * elem);
    *cap = cap2;
    return p;
}

size_t onc_arena_used(const onc_arena_t *a) { return a->used; }
