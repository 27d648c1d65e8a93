/* sortkey.c - least-significant-digit radix sort, 8 bits a pass; a pass
 * whose digit is the same in every key is skipped (the high bytes of
 * priorities and offsets mostly are). Arrays of fewer than RADIX_FROM
 * keys: a merge sort of insertion-sorted runs. Keys that arrive in a few
 * runs, nearly sorted each: those runs mended and merged. */
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

void nt_sortkey_sort_high(nt_sortkey *v, nt_sortkey *tmp, size_t n,
                          unsigned low)
{
    if (n < RADIX_FROM)
        merge_sort(v, tmp, n);
    else
        radix_sort(v, tmp, n, varying(v, n) & ~(((uint64_t)1 << low) - 1));
}

/* How far back, in keys, a key below the one before it may belong and
 * still be put in its place by insertion; one that goes further starts a
 * run of its own. */
#define NEAR 8
/* Beyond this many runs, nt_sortkey_sort_near sorts the keys outright. */
#define MAX_RUNS 32

/* The first place from i on (i > 0) where a key is below the one before
 * it; n if none. (A walk of a pointer: with an index too, the loop over
 * nearly all the keys took a third more instructions.) */
static size_t next_descent(const nt_sortkey *v, size_t i, size_t n)
{
    const nt_sortkey *p = v + i, *end = v + n;
    while (p < end && p->key >= p[-1].key)
        p++;
    return (size_t)(p - v);
}

/* Mends the small disorders of v's runs in place, stably: a key below the
 * one before it that belongs among the last NEAR keys of its run is moved
 * back there (a rule's matches arrive by start, but a rule that ends on its
 * keyword may find one that starts a few bytes before the last). Returns
 * the number of runs then, their starts in run[] and n after them; 0 when
 * there are more than MAX_RUNS. */
static size_t mend_near(nt_sortkey *v, size_t n, size_t run[MAX_RUNS + 1])
{
    size_t runs = 1, lo = 0; /* the current run's start */
    run[0] = 0;
    for (size_t i = 1; (i = next_descent(v, i, n)) < n; i++) {
        nt_sortkey k = v[i];
        size_t floor = i - lo > NEAR ? i - NEAR : lo, j = i;
        if (floor > lo && v[floor - 1].key > k.key) { /* a new run */
            if (runs == MAX_RUNS)
                return 0;
            run[runs++] = lo = i;
            continue;
        }
        for (; j > floor && v[j - 1].key > k.key; j--)
            v[j] = v[j - 1];
        v[j] = k;
    }
    run[runs] = n;
    return runs;
}

/* Merges the runs of v that start at run[0..runs) (run[runs]: the end) in
 * pairs until one is left, back and forth between v and tmp; stable. */
static void merge_runs(nt_sortkey *v, nt_sortkey *tmp, size_t *run,
                       size_t runs)
{
    nt_sortkey *from = v, *to = tmp;
    while (runs > 1) {
        size_t merged = 0;
        for (size_t i = 0; i < runs; i += 2) {
            size_t a = run[i], b = run[i + 1], c = i + 2 <= runs ? run[i + 2] : b;
            merge(from + a, b - a, from + b, c - b, to + a);
            run[merged++] = a;
        }
        run[merged] = run[runs];
        runs = merged;
        nt_sortkey *t = from;
        from = to;
        to = t;
    }
    if (from != v)
        memcpy(v, from, run[1] * sizeof *v);
}

void nt_sortkey_sort_near(nt_sortkey *v, nt_sortkey *tmp, size_t n)
{
    size_t run[MAX_RUNS + 1];
    size_t runs = mend_near(v, n, run);
    if (runs)
        merge_runs(v, tmp, run, runs);
    else
        nt_sortkey_sort(v, tmp, n);
}
