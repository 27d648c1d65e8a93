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

/* The same order, for keys whose low `low` bits mostly arrive ascending
 * already (a position in a text, from sources that each go through it in
 * order): when their runs are long, the passes over those bits are
 * skipped; the keys are sorted by the bits above, which leaves each group
 * of equal high bits in its arrival order, and a group that is not in
 * order then is merged from its runs. */
void nt_sortkey_sort_runs(nt_sortkey *v, nt_sortkey *tmp, size_t n,
                          unsigned low);

#endif
