/* sortkey.c - least-significant-digit radix sort, 8 bits a pass; a pass
 * whose digit is the same in every key is skipped (the high bytes of
 * priorities and offsets mostly are). Short arrays: insertion sort. */
#include "sortkey.h"

#include <stdint.h>
#include <string.h>

/* Below this many keys, eight counting passes cost more than sorting. */
#define SMALL 64

/* Stable insertion sort, for a news article's few dozen candidates. */
static void insertion_sort(nt_sortkey *v, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        nt_sortkey k = v[i];
        size_t j = i;
        for (; j > 0 && v[j - 1].key > k.key; j--)
            v[j] = v[j - 1];
        v[j] = k;
    }
}

/* The bytes in which some keys differ, as a mask: one pass over the keys
 * instead of a counting pass for each byte (in a document's candidates
 * three of eight bytes are the same in every key). */
static uint64_t varying(const nt_sortkey *v, size_t n)
{
    uint64_t all = ~(uint64_t)0, any = 0;
    for (size_t i = 0; i < n; i++) {
        all &= v[i].key;
        any |= v[i].key;
    }
    return all ^ any;
}

void nt_sortkey_sort(nt_sortkey *v, nt_sortkey *tmp, size_t n)
{
    if (n < SMALL) {
        insertion_sort(v, n);
        return;
    }
    uint64_t differ = varying(v, n);
    nt_sortkey *from = v, *to = tmp;
    for (unsigned shift = 0; shift < 64; shift += 8) {
        if (!((differ >> shift) & 0xff))
            continue; /* one digit value: this pass would change nothing */
        size_t count[256] = {0};
        for (size_t i = 0; i < n; i++)
            count[(from[i].key >> shift) & 0xff]++;
        size_t at = 0;
        for (int d = 0; d < 256; d++) {
            size_t c = count[d];
            count[d] = at;
            at += c;
        }
        for (size_t i = 0; i < n; i++)
            to[count[(from[i].key >> shift) & 0xff]++] = from[i];
        nt_sortkey *t = from;
        from = to;
        to = t;
    }
    if (from != v)
        memcpy(v, from, n * sizeof *v);
}
