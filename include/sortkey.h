/* sortkey.h - sorting by 64-bit keys: a radix sort for the tens of
 * thousands of candidates of a long document's overlap resolution (a
 * comparison sort of them was a tenth of the annotation time), a merge sort
 * for an article's hundred. */
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

/* The same order, for keys whose low `low` bits (0 < low < 64) ascend
 * already among the keys of equal higher bits: from RADIX_FROM keys on
 * (sortkey.c), the radix passes over those bits are skipped. */
void nt_sortkey_sort_high(nt_sortkey *v, nt_sortkey *tmp, size_t n,
                          unsigned low);

/* The same order, for keys that arrive in a few ascending runs (one a
 * source that goes through a text in order), each with at most small
 * disorders (a key a few places late): these are mended by insertion, the
 * runs merged (a pass over the keys per doubling of their length). */
void nt_sortkey_sort_near(nt_sortkey *v, nt_sortkey *tmp, size_t n);

#endif
