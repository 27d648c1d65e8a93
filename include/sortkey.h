/* sortkey.h - sorting by 64-bit keys: a radix sort, for the tens of
 * thousands of candidates each document's overlap resolution orders (a
 * comparison sort of them was a tenth of the annotation time). */
#ifndef NT_SORTKEY_H
#define NT_SORTKEY_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint64_t key;
    uint64_t idx; /* what the key stands for (the caller's index) */
} nt_sortkey;

/* Sorts v[0..n) by key, stably, using tmp (n elements) as scratch. */
void nt_sortkey_sort(nt_sortkey *v, nt_sortkey *tmp, size_t n);

#endif
