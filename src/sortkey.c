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
 * not two). Inlined into both its callers: called, it cost an article's
 * sort 3% more. */
static inline __attribute__((always_inline)) void merge(const nt_sortkey *a, size_t na, const nt_sortkey *b,
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

/* One counting pass on the 8-bit digit at shift, from *from into *to;
 * then the two swap. */
static void radix_pass(nt_sortkey **from, nt_sortkey **to, size_t n,
                       unsigned shift)
{
    const nt_sortkey *f = *from;
    nt_sortkey *t = *to;
    size_t count[256] = {0};
    for (size_t i = 0; i < n; i++)
        count[(f[i].key >> shift) & 0xff]++;
    size_t at = 0;
    for (int d = 0; d < 256; d++) {
        size_t c = count[d];
        count[d] = at;
        at += c;
    }
    for (size_t i = 0; i < n; i++)
        t[count[(f[i].key >> shift) & 0xff]++] = f[i];
    *from = t;
    *to = (nt_sortkey *)f;
}

/* Sorts v by the bits of differ (the others are the same in every key),
 * least significant first. A digit is the 8 bits from the lowest one not
 * sorted yet, wherever that falls: the bits that vary come in clusters
 * (a priority's few low bits, a length's, a position's), so this takes
 * fewer passes than whole bytes would. */
static void radix_sort(nt_sortkey *v, nt_sortkey *tmp, size_t n,
                       uint64_t differ)
{
    nt_sortkey *from = v, *to = tmp;
    while (differ) {
        unsigned shift = (unsigned)__builtin_ctzll(differ);
        radix_pass(&from, &to, n, shift);
        differ &= ~((uint64_t)0xff << shift);
    }
    if (from != v)
        memcpy(v, from, n * sizeof *v);
}

void nt_sortkey_sort(nt_sortkey *v, nt_sortkey *tmp, size_t n)
{
    if (n < RADIX_FROM)
        merge_sort(v, tmp, n);
    else
        radix_sort(v, tmp, n, varying(v, n));
}

/* End of the run of non-decreasing keys that starts at v[i]. */
static size_t run_end(const nt_sortkey *v, size_t i, size_t n)
{
    while (++i < n && v[i].key >= v[i - 1].key)
        ;
    return i;
}

/* Stable natural merge sort: the runs the keys arrive in, merged in pairs
 * until one is left. */
static void merge_runs(nt_sortkey *v, nt_sortkey *tmp, size_t n)
{
    nt_sortkey *from = v, *to = tmp;
    for (;;) {
        size_t runs = 0;
        for (size_t i = 0; i < n; runs++) {
            size_t a = run_end(from, i, n);
            size_t b = a < n ? run_end(from, a, n) : n;
            merge(from + i, a - i, from + a, b - a, to + i);
            i = b;
        }
        nt_sortkey *t = from;
        from = to;
        to = t;
        if (runs <= 1)
            break;
    }
    if (from != v)
        memcpy(v, from, n * sizeof *v);
}

/* v being sorted by the bits above low (mask of the low ones), sorts each
 * group of equal high bits that is not in order yet by its runs. */
static void mend_groups(nt_sortkey *v, nt_sortkey *tmp, size_t n,
                        uint64_t low)
{
    for (size_t i = 1; i < n; i++) {
        if (v[i].key >= v[i - 1].key)
            continue;
        uint64_t high = v[i].key & ~low; /* v[i - 1]'s too: it is greater */
        size_t a = i - 1, b = i + 1;
        while (a > 0 && (v[a - 1].key & ~low) == high)
            a--;
        while (b < n && (v[b].key & ~low) == high)
            b++;
        merge_runs(v + a, tmp, b - a);
        i = b;
    }
}

/* How long the runs of the keys' low bits must be on average, in keys,
 * for nt_sortkey_sort_runs to skip their passes: each merge of a group's
 * runs is a pass over that group, a low digit's pass one over all keys. */
#define RUN_LENGTH 64

void nt_sortkey_sort_runs(nt_sortkey *v, nt_sortkey *tmp, size_t n,
                          unsigned low)
{
    if (n < RADIX_FROM) {
        merge_sort(v, tmp, n);
        return;
    }
    uint64_t lowmask = low >= 64 ? ~(uint64_t)0 : ((uint64_t)1 << low) - 1;
    uint64_t all = v[0].key, any = v[0].key;
    size_t descents = 0;
    for (size_t i = 1; i < n; i++) {
        all &= v[i].key;
        any |= v[i].key;
        descents += (v[i].key & lowmask) < (v[i - 1].key & lowmask);
    }
    uint64_t differ = all ^ any;
    if (descents * RUN_LENGTH > n) {
        radix_sort(v, tmp, n, differ);
        return;
    }
    radix_sort(v, tmp, n, differ & ~lowmask);
    mend_groups(v, tmp, n, lowmask);
}
