/* arena.h: a bump allocator for objects that live and die together.
 *
 * A case, a trial portfolio or a match result is hundreds of small objects freed at once;
 * one arena holds them all and onc_arena_free() releases them in one call. Memory comes in
 * 16 KiB blocks (a larger request gets a block of its own); every allocation is zeroed and
 * aligned for any type. Not thread-safe: one arena per owner (per worker thread).
 */
#ifndef ONCOBOARD_ARENA_H
#define ONCOBOARD_ARENA_H

#include <stddef.h>

typedef struct onc_arena onc_arena_t;

onc_arena_t *onc_arena_new(void);         /* NULL when out of memory */
void onc_arena_free(onc_arena_t *a);      /* accepts NULL */
/* n zeroed bytes (n == 0 gives a valid, distinct pointer); NULL when out of memory. */
void *onc_arena_alloc(onc_arena_t *a, size_t n);
/* A NUL-terminated copy of s, or of its first n bytes; NULL when out of memory. */
char *onc_arena_strdup(onc_arena_t *a, const char *s);
char *onc_arena_strndup(onc_arena_t *a, const char *s, size_t n);
/* Room for element n of an array arr that lives in a (cap elements of elem bytes): arr itself
 * while n < *cap, else a copy with twice the room (*cap updated; the old block stays in the arena
 * until it is freed, so keep arrays built this way to a few per arena); NULL when out of memory
 * or the size overflows. */
void *onc_arena_grow(onc_arena_t *a, void *arr, size_t *cap, size_t n, size_t elem);
/* Bytes handed out so far (for memory reports). */
size_t onc_arena_used(const onc_arena_t *a);

#endif
