/* explain.c - provenance for --explain: the candidates each entity beat,
 * recorded by replaying overlap resolution, and their rendering. */
#include "explain.h"

#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "util.h"

/* The strongest accepted candidate (index + 1) owning a byte of
 * owner[start..end), 0 when the span is free. */
static uint32_t first_owner(const uint32_t *owner, size_t start, size_t end)
{
    uint32_t best = 0;
    for (size_t i = start; i < end; i++)
        if (owner[i] && (!best || owner[i] < best))
            best = owner[i];
    return best;
}

static int by_winner(const void *pa, const void *pb)
{
    const nt_loss *a = pa, *b = pb;
    if (a->wstart != b->wstart)
        return a->wstart < b->wstart ? -1 : 1;
    if (a->wend != b->wend)
        return a->wend < b->wend ? -1 : 1;
    if (a->e.start != b->e.start)
        return a->e.start < b->e.start ? -1 : 1;
    if (a->e.end != b->e.end)
        return a->e.end < b->e.end ? -1 : 1;
    if (a->e.type != b->e.type)
        return a->e.type < b->e.type ? -1 : 1;
    return strcmp(a->e.source ? a->e.source : "", b->e.source ? b->e.source : "");
}

/* Drops repeated losers: a rule that fires at two of its trigger tokens
 * gives the same candidate twice. */
static size_t unique_losses(nt_loss *v, size_t n)
{
    size_t k = n ? 1 : 0;
    for (size_t i = 1; i < n; i++)
        if (by_winner(&v[i], &v[k - 1]) != 0)
            v[k++] = v[i];
    return k;
}

/* Same greedy walk as the extractor's resolve(): a candidate is accepted
 * when none of its bytes is taken yet. */
void nt_explain_losses(const nt_entities *cands, nt_doc *d, uint32_t **owner,
                       size_t *owner_cap)
{
    *owner = nt_xgrow(*owner, owner_cap, d->len + 1, sizeof **owner);
    memset(*owner, 0, (d->len + 1) * sizeof **owner);
    d->nlosses = 0;
    for (size_t i = 0; i < cands->n; i++) {
        const nt_entity *c = &cands->v[i];
        uint32_t w = first_owner(*owner, c->start, c->end);
        if (!w) {
            for (size_t b = c->start; b < c->end; b++)
                (*owner)[b] = (uint32_t)(i + 1);
            continue;
        }
        d->losses = nt_xgrow(d->losses, &d->losses_cap, d->nlosses + 1,
                             sizeof *d->losses);
        d->losses[d->nlosses++] = (nt_loss){cands->v[w - 1].start,
                                            cands->v[w - 1].end, *c};
    }
    if (d->nlosses)
        qsort(d->losses, d->nlosses, sizeof *d->losses, by_winner);
    d->nlosses = unique_losses(d->losses, d->nlosses);
}

const nt_loss *nt_explain_find(const nt_doc *d, size_t start, size_t end,
                               size_t *n)
{
    size_t lo = 0, hi = d->nlosses;
    while (lo < hi) { /* first loss whose winner is not before start..end */
        size_t mid = lo + (hi - lo) / 2;
        const nt_loss *l = &d->losses[mid];
        if (l->wstart < start || (l->wstart == start && l->wend < end))
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t k = lo;
    while (k < d->nlosses && d->losses[k].wstart == start &&
           d->losses[k].wend == end)
        k++;
    *n = k - lo;
    return k > lo ? &d->losses[lo] : NULL;
}

void nt_explain_origin(nt_buf *out, const nt_entity *e)
{
    if (!e->file || !*e->file)
        return;
    nt_buf_puts(out, e->file);
    nt_buf_putc(out, ':');
    nt_buf_putu(out, e->line);
}

/* Appends the origin of e as a JSON string. */
static void json_origin(nt_buf *out, const nt_entity *e, nt_buf *tmp)
{
    nt_buf_reset(tmp);
    nt_explain_origin(tmp, e);
    nt_format_json_string(out, tmp->data ? tmp->data : "", tmp->len);
}

/* One loser as a JSON object. */
static void json_loss(nt_buf *out, const nt_doc *d, const nt_entity *e,
                      const char *sep, nt_buf *tmp)
{
    const char *src = e->source ? e->source : "";
    nt_buf_printf(out, "{\"type\":%s\"%s\",%s\"text\":%s", sep,
                  nt_type_name(e->type), sep, sep);
    nt_format_json_string(out, d->text + e->start, e->end - e->start);
    nt_buf_printf(out, ",%s\"start\":%s%zu,%s\"end\":%s%zu,%s\"source\":%s",
                  sep, sep, e->start, sep, sep, e->end, sep, sep);
    nt_format_json_string(out, src, strlen(src));
    nt_buf_printf(out, ",%s\"priority\":%s%d,%s\"origin\":%s", sep, sep,
                  e->priority, sep, sep);
    json_origin(out, e, tmp);
    nt_buf_putc(out, '}');
}

void nt_explain_json(nt_buf *out, const nt_doc *d, const nt_entity *e,
                     int compact)
{
    const char *sep = compact ? "" : " ";
    nt_buf tmp;
    nt_buf_init(&tmp);
    size_t n;
    const nt_loss *l = nt_explain_find(d, e->start, e->end, &n);
    nt_buf_printf(out, ",%s\"priority\":%s%d,%s\"origin\":%s", sep, sep,
                  e->priority, sep, sep);
    json_origin(out, e, &tmp);
    nt_buf_printf(out, ",%s\"beat\":%s[", sep, sep);
    for (size_t i = 0; i < n; i++) {
        if (i)
            nt_buf_printf(out, ",%s", sep);
        json_loss(out, d, &l[i].e, sep, &tmp);
    }
    nt_buf_putc(out, ']');
    nt_buf_free(&tmp);
}

void nt_explain_tsv(nt_buf *out, const nt_doc *d, const nt_entity *e)
{
    size_t n;
    const nt_loss *l = nt_explain_find(d, e->start, e->end, &n);
    nt_buf_putc(out, '\t');
    nt_explain_origin(out, e);
    nt_buf_putc(out, '\t');
    for (size_t i = 0; i < n; i++) {
        const nt_entity *x = &l[i].e;
        nt_buf_printf(out, "%s%s:%zu-%zu:%s@", i ? " | " : "",
                      nt_type_name(x->type), x->start, x->end,
                      x->source ? x->source : "");
        nt_explain_origin(out, x);
    }
}
