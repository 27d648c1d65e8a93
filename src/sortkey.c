/* sortkey.c - least-significant-digit radix sort, 8 bits a pass; a pass
 * whose digit is the same in every key is skipped (the high bytes of
 * priorities and offsets mostly are). Arrays of fewer than RADIX_FROM
 * keys: a merge sort of insertion-sorted runs. */
#include "sortkey.h"

#include <stdint.h>
#include <string.h>

/* Below this many keys the radix sort's fixed cost, 256 counters to clear
 * and add up in each of its four or five passes, outweighs what it saves:
 * a news article has 20 to 300 candidates, which the merge sort orders 2-4
 * times as fast (64 keys: 0.2 us against 1.1; 400: 2.1 against 3.9). From
 * a few thousand keys, the merge's unpredictable branches cost more. */
#define RADIX_FROM 1024
/* Runs of this many keys are insertion-sorted before they are merged. */
#define RUN 16

/* Stable insertion sort, for a news article's few dozen candidates. A key
 * below the first goes first at once; any other stops at the first, so
 * the inner loop need not watch for the array's start. */
static void insertion_sort(nt_sortkey *v, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        nt_sortkey k = v[i];
        nt_sortkey *p = v + i;
        if (k.key < v[0].key) {
            memmove(v + 1, v, i * sizeof *v);
            p = v;
        } else {
            for (; p[-1].key > k.key; p--)
                p[0] = p[-1];
        }
        *p = k;
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

/* Merges a[0..na) and b[0..nb) into out, stably: on equal keys, a's first.
 * Only the side a key was taken from can have run out (one test a key,
 * not two). */
static void merge(const nt_sortkey *a, size_t na, const nt_sortkey *b,
                  size_t nb, nt_sortkey *out)
{
    const nt_sortkey *aend = a + na, *bend = b + nb;
    if (na && nb)
        for (;;) {
            if (b->key < a->key) {
                *out++ = *b++;
                if (b == bend)
                    break;
            } else {
                *out++ = *a++;
                if (a == aend)
                    break;
            }
        }
    memcpy(out, a, (size_t)(aend - a) * sizeof *a);
    memcpy(out + (aend - a), b, (size_t)(bend - b) * sizeof *b);
}

/* Bottom-up: runs of RUN keys, then runs twice as long each pass, back and
 * forth between v and tmp. */
static void merge_sort(nt_sortkey *v, nt_sortkey *tmp, size_t n)
{
    for (size_t i = 0; i < n; i += RUN)
        insertion_sort(v + i, n - i < RUN ? n - i : RUN);
    nt_sortkey *from = v, *to = tmp;
    for (size_t w = RUN; w < n; w *= 2) {
        for (size_t i = 0; i < n; i += 2 * w) {
            size_t na = n - i < w ? n - i : w;
            size_t nb = n - i - na < w ? n - i - na : w;
            merge(from + i, na, from + i + na, nb, to + i);
        }
        nt_sortkey *t = from;
        from = to;
        to = t;
    }
    if (from != v)
        memcpy(v, from, n * sizeof *v);
}

void nt_sortkey_sort(nt_sortkey *v, nt_sortkey *tmp, size_t n)
{
    if (n < RADIX_FROM) {
        merge_sort(v, tmp, n);
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
