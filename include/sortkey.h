/* sortkey.h - sorting by 64-bit keys: a radix sort for tens of thousands
 * of keys (a comparison sort of a long document's candidates was a tenth of
 * the annotation time), a merge sort for an article's hundred, and a merge
 * of the runs keys arrive in (overlap resolution's candidates by start). */
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
 * runs merged in pairs (a pass over the keys per halving of their number). */
void nt_sortkey_sort_near(nt_sortkey *v, nt_sortkey *tmp, size_t n);

#endif
