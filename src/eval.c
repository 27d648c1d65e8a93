/* eval.c - newstag eval: gold files (CoNLL or standoff TSV) in, the loaded
 * pipeline run over their documents, P/R/F1 per type and per source out.
 * Text building and scoring follow ../shared/eval/conll2docs and
 * ../shared/eval/score step by step, so that the numbers agree. */
#include "eval.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "buf.h"
#include "doc.h"
#include "input.h"
#include "map.h"
#include "util.h"

typedef struct {
    nt_eval_span *v;
    size_t n, cap;
} span_list;

static void push(span_list *l, nt_eval_span s)
{
    l->v = nt_xgrow(l->v, &l->cap, l->n + 1, sizeof *l->v);
    l->v[l->n++] = s;
}

/* ---- CoNLL ---------------------------------------------------------- */

typedef struct {
    const char *s;
    size_t n;
} slice;

static int slice_is(slice a, const char *lit)
{
    return a.n == strlen(lit) && memcmp(a.s, lit, a.n) == 0;
}

/* One sentence being read: its tokens and tags. */
typedef struct {
    slice *tok, *tag;
    size_t n, cap;
} sentence;

/* A gold type as score normalizes it: the CoNLL short forms and newstag's
 * names, GPE/PLACE as LOCATION, ORGANISATION; NT_NONE when unknown. */
static nt_type gold_type(const char *s, size_t n)
{
    nt_type t;
    if ((n == 3 && strncasecmp(s, "GPE", 3) == 0) ||
        (n == 5 && strncasecmp(s, "PLACE", 5) == 0))
        return NT_LOCATION;
    if (n == 12 && strncasecmp(s, "ORGANISATION", 12) == 0)
        return NT_ORGANIZATION;
    return nt_type_parse(s, n, &t) == 0 ? t : NT_NONE;
}

/* Decodes the sentence's IOB1/IOB2 tags as conll2docs' spans() does: an
 * entity starts at B-X, or at I-X whose predecessor is not of type X. The
 * sentence's first token is at byte base of the document. */
static void sentence_spans(const sentence *st, size_t base, span_list *gold)
{
    size_t pos = base, *off = nt_xmalloc((st->n + 1) * sizeof *off);
    for (size_t i = 0; i < st->n; i++) {
        off[i] = pos;
        pos += st->tok[i].n + 1;
    }
    long start = -1;
    slice typ = {"", 0};
    for (size_t i = 0; i <= st->n; i++) {
        slice tag = i < st->n ? st->tag[i] : (slice){"O", 1};
        const char *dash = memchr(tag.s, '-', tag.n);
        slice prefix = {tag.s, dash ? (size_t)(dash - tag.s) : tag.n};
        slice t = {dash ? dash + 1 : "", dash ? tag.n - prefix.n - 1 : 0};
        int same = t.n == typ.n && memcmp(t.s, typ.s, t.n) == 0;
        if (start >= 0 && (!slice_is(prefix, "I") || !same)) {
            size_t last = i - 1;
            push(gold, (nt_eval_span){0, (uint32_t)off[start],
                                      (uint32_t)(off[last] + st->tok[last].n),
                                      gold_type(typ.s, typ.n), NULL, NULL, 0});
            start = -1;
        }
        if (slice_is(prefix, "B") || (slice_is(prefix, "I") && start < 0)) {
            start = (long)i;
            typ = t;
        }
    }
    free(off);
}

/* Appends the sentence as a line of the document and its spans. */
static void end_sentence(sentence *st, nt_buf *text, span_list *gold,
                         size_t *nsent)
{
    if (!st->n)
        return;
    sentence_spans(st, text->len, gold);
    for (size_t i = 0; i < st->n; i++) {
        if (i)
            nt_buf_putc(text, ' ');
        nt_buf_put(text, st->tok[i].s, st->tok[i].n);
    }
    nt_buf_putc(text, '\n');
    st->n = 0;
    (*nsent)++;
}

/* Splits a line on whitespace as Python's str.split() does (ASCII). */
static size_t split_fields(const char *s, size_t n, slice *first, slice *last)
{
    size_t k = 0, i = 0;
    while (i < n) {
        while (i < n && strchr(" \t\r\v\f", s[i]))
            i++;
        if (i == n)
            break;
        size_t b = i;
        while (i < n && !strchr(" \t\r\v\f", s[i]))
            i++;
        *last = (slice){s + b, i - b};
        if (k++ == 0)
            *first = *last;
    }
    return k;
}

int nt_eval_conll(const char *data, size_t len, nt_eval_doc_fn fn, void *ctx)
{
    sentence st = {0};
    nt_buf text;
    span_list gold = {0};
    size_t nsent = 0;
    int rc = 0;
    nt_buf_init(&text);
    for (size_t i = 0; rc == 0 && i <= len;) {
        const char *nl = i < len ? memchr(data + i, '\n', len - i) : NULL;
        size_t end = nl ? (size_t)(nl - data) : len;
        slice first = {0}, last = {0};
        size_t k = split_fields(data + i, end - i, &first, &last);
        int docstart = k && slice_is(first, "-DOCSTART-");
        if (k && !docstart) {
            st.tok = nt_xgrow(st.tok, &st.cap, st.n + 1, sizeof *st.tok);
            st.tag = nt_xrealloc(st.tag, st.cap * sizeof *st.tag);
            st.tok[st.n] = first;
            st.tag[st.n++] = last;
        }
        if (k == 0 || docstart || end == len)
            end_sentence(&st, &text, &gold, &nsent);
        if ((docstart || end == len) && nsent) {
            rc = fn(text.data, text.len, gold.v, gold.n, ctx);
            nt_buf_reset(&text);
            gold.n = nsent = 0;
        }
        i = end + 1;
    }
    free(st.tok);
    free(st.tag);
    free(gold.v);
    nt_buf_free(&text);
    return rc;
}

/* ---- Scoring -------------------------------------------------------- */

static int span_cmp(const nt_eval_span *a, const nt_eval_span *b)
{
    if (a->doc != b->doc)
        return a->doc < b->doc ? -1 : 1;
    if (a->start != b->start)
        return a->start < b->start ? -1 : 1;
    if (a->end != b->end)
        return a->end < b->end ? -1 : 1;
    return a->type < b->type ? -1 : a->type > b->type;
}

static int by_span(const void *a, const void *b)
{
    return span_cmp(a, b);
}

size_t nt_eval_sort(nt_eval_span *v, size_t n)
{
    if (!n)
        return 0;
    qsort(v, n, sizeof *v, by_span);
    size_t k = 1;
    for (size_t i = 1; i < n; i++)
        if (span_cmp(&v[i], &v[k - 1]) != 0)
            v[k++] = v[i];
    return k;
}

static int in_mask(uint64_t mask, nt_type t)
{
    return t != NT_NONE && (mask & NT_TYPE_BIT(t));
}

/* Whether p is one of the sorted gold spans. */
static int is_gold(const nt_eval_span *gold, size_t ngold,
                   const nt_eval_span *p)
{
    size_t lo = 0, hi = ngold;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = span_cmp(&gold[mid], p);
        if (c == 0)
            return 1;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

/* Index of the first gold span of document doc. */
static size_t doc_start(const nt_eval_span *gold, size_t ngold, uint32_t doc)
{
    size_t lo = 0, hi = ngold;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (gold[mid].doc < doc)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Claims the first unused gold span of p's document and type that p
 * overlaps; returns whether there was one. */
static int claim(const nt_eval_span *gold, size_t ngold, unsigned char *used,
                 uint64_t mask, const nt_eval_span *p)
{
    for (size_t g = doc_start(gold, ngold, p->doc);
         g < ngold && gold[g].doc == p->doc; g++)
        if (!used[g] && gold[g].type == p->type && in_mask(mask, gold[g].type) &&
            gold[g].start < p->end && p->start < gold[g].end) {
            used[g] = 1;
            return 1;
        }
    return 0;
}

nt_eval_counts nt_eval_score(const nt_eval_span *gold, size_t ngold,
                             const nt_eval_span *pred, size_t npred,
                             uint64_t mask)
{
    nt_eval_counts c = {0, 0, 0, 0};
    unsigned char *used = nt_xcalloc(ngold + 1, 1);
    unsigned char *exact = nt_xcalloc(npred + 1, 1);
    for (size_t g = 0; g < ngold; g++)
        c.gold += in_mask(mask, gold[g].type);
    for (size_t p = 0; p < npred; p++) {
        if (!in_mask(mask, pred[p].type))
            continue;
        c.pred++;
        exact[p] = (unsigned char)is_gold(gold, ngold, &pred[p]);
        c.exact += exact[p];
    }
    /* Exact matches claim their gold first, then the others in order. */
    for (int pass = 1; pass >= 0; pass--)
        for (size_t p = 0; p < npred; p++)
            if (in_mask(mask, pred[p].type) && exact[p] == pass)
                c.partial += (size_t)claim(gold, ngold, used, mask, &pred[p]);
    free(used);
    free(exact);
    return c;
}

/* ---- Running the pipeline ------------------------------------------- */

/* One evaluation: the gold and predicted spans of every document. */
typedef struct {
    nt_extractor *x;
    nt_doc doc;
    span_list gold, pred;
    nt_map *names; /* TSV gold: document base name -> number + 1 */
    uint32_t ndocs;
} eval_run;

/* Annotates text (malloc'd; taken over) as document number id. */
static void annotate(eval_run *r, uint32_t id, char *text, size_t len)
{
    nt_doc_set_text(&r->doc, "", text, len);
    nt_extract(r->x, &r->doc);
    for (size_t i = 0; i < r->doc.ents.n; i++) {
        const nt_entity *e = &r->doc.ents.v[i];
        push(&r->pred, (nt_eval_span){id, (uint32_t)e->start, (uint32_t)e->end,
                                      e->type, e->source, e->file, e->line});
    }
}

static int on_conll_doc(const char *text, size_t len, const nt_eval_span *gold,
                        size_t ngold, void *ctx)
{
    eval_run *r = ctx;
    uint32_t id = r->ndocs++;
    for (size_t i = 0; i < ngold; i++) {
        nt_eval_span g = gold[i];
        g.doc = id;
        push(&r->gold, g);
    }
    char *copy = nt_xmalloc(len + 1);
    memcpy(copy, text, len);
    copy[len] = '\0';
    annotate(r, id, copy, len);
    return 0;
}

static const char *base_name(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

/* The number of the document called name (its base name), new or not. */
static uint32_t doc_id(eval_run *r, const char *name, size_t n)
{
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%.*s", (int)n, name);
    const char *b = base_name(tmp);
    uint64_t *v = nt_map_slot(r->names, b, strlen(b));
    if (!*v)
        *v = ++r->ndocs;
    return (uint32_t)(*v - 1);
}

/* Trims spaces as Python's str.strip() does (ASCII). */
static slice strip(const char *s, size_t n)
{
    while (n && strchr(" \t\r\v\f", s[0])) {
        s++;
        n--;
    }
    while (n && strchr(" \t\r\v\f", s[n - 1]))
        n--;
    return (slice){s, n};
}

static int all_digits(slice a)
{
    for (size_t i = 0; i < a.n; i++)
        if (a.s[i] < '0' || a.s[i] > '9')
            return 0;
    return a.n > 0;
}

/* Reads one "file start end type ..." row; rows that are not (a header)
 * are skipped, as score skips them. */
static void tsv_row(eval_run *r, const char *s, size_t n)
{
    slice col[4];
    size_t k = 0, b = 0;
    for (size_t i = 0; i <= n && k < 4; i++)
        if (i == n || s[i] == '\t') {
            col[k++] = (slice){s + b, i - b};
            b = i + 1;
        }
    if (k < 4 || !all_digits(strip(col[1].s, col[1].n)) ||
        !all_digits(strip(col[2].s, col[2].n)))
        return;
    slice name = strip(col[0].s, col[0].n), t = strip(col[3].s, col[3].n);
    push(&r->gold, (nt_eval_span){doc_id(r, name.s, name.n),
                                  (uint32_t)strtoul(col[1].s, NULL, 10),
                                  (uint32_t)strtoul(col[2].s, NULL, 10),
                                  gold_type(t.s, t.n), NULL, NULL, 0});
}

/* Reads path and annotates it as the document of its base name. */
static int annotate_file(eval_run *r, const char *path, nt_error *err)
{
    char *text;
    size_t len;
    nt_error why;
    if (nt_input_read(path, &text, &len, &why)) {
        nt_error_set(err, "%s: %s", path, why.msg);
        return -1;
    }
    annotate(r, doc_id(r, path, strlen(path)), text, len);
    return 0;
}

/* Finds the document called name beside the gold file or in docs/ there. */
static int find_doc(const char *gold, const char *name, char *path, size_t size)
{
    const char *slash = strrchr(gold, '/');
    int dlen = slash ? (int)(slash - gold) : 1;
    const char *dir = slash ? gold : ".";
    const char *fmt[] = {"%.*s/%s", "%.*s/docs/%s"};
    struct stat st;
    for (int i = 0; i < 2; i++)
        if (snprintf(path, size, fmt[i], dlen, dir, name) < (int)size &&
            stat(path, &st) == 0 && S_ISREG(st.st_mode))
            return 0;
    return -1;
}

static void collect_name(const char *key, size_t n, uint64_t v, void *ctx)
{
    char **names = ctx; /* v is the document's number + 1 */
    names[v - 1] = nt_xstrndup(key, n);
}

/* TSV gold: the rows, then every document named by the operands or, with
 * none, every document the rows name. */
static int run_tsv(eval_run *r, const nt_eval_opts *o, const char *data,
                   size_t len, nt_error *err)
{
    for (size_t i = 0; i < len;) {
        const char *nl = memchr(data + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - data) : len;
        tsv_row(r, data + i, end - i);
        i = end + 1;
    }
    for (size_t i = 0; i < o->ninputs; i++)
        if (annotate_file(r, o->inputs[i], err))
            return -1;
    if (o->ninputs)
        return 0;
    size_t n = r->ndocs;
    char **names = nt_xcalloc(n + 1, sizeof *names), path[4096];
    int rc = 0;
    nt_map_each(r->names, collect_name, names);
    for (size_t i = 0; i < n; i++) {
        if (rc == 0 && find_doc(o->gold, names[i], path, sizeof path)) {
            nt_error_set(err, "%s: document '%s' not found beside it or in "
                         "docs/ (name the documents as operands)", o->gold,
                         names[i]);
            rc = -1;
        }
        if (rc == 0)
            rc = annotate_file(r, path, err);
        free(names[i]);
    }
    free(names);
    return rc;
}

/* CoNLL if the first non-blank line is -DOCSTART- or has no tab-separated
 * numeric start column; else newstag's TSV. */
static int looks_conll(const char *data, size_t len)
{
    size_t i = 0;
    while (i < len && strchr(" \t\r\n", data[i]))
        i++;
    if (len - i >= 10 && memcmp(data + i, "-DOCSTART-", 10) == 0)
        return 1;
    const char *nl = memchr(data + i, '\n', len - i);
    size_t end = nl ? (size_t)(nl - data) : len;
    for (size_t k = i; k < end; k++)
        if (data[k] == '\t')
            return 0;
    return 1;
}

/* ---- Report --------------------------------------------------------- */

static double pct(size_t a, size_t b)
{
    return b ? 100.0 * (double)a / (double)b : 0.0;
}

static double f1(double p, double r)
{
    return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
}

static void print_row(FILE *out, const char *name, nt_eval_counts c)
{
    double p = pct(c.exact, c.pred), rc = pct(c.exact, c.gold);
    double pp = pct(c.partial, c.pred), pr = pct(c.partial, c.gold);
    fprintf(out, "%-14s %6zu %6zu | %6.2f %6.2f %6.2f | %6.2f %6.2f %6.2f\n",
            name, c.gold, c.pred, p, rc, f1(p, rc), pp, pr, f1(pp, pr));
}

/* The types scored: -t's, else the gold file's (known) types. */
static uint64_t scored_types(const eval_run *r, const nt_eval_opts *o)
{
    uint64_t m = 0;
    if (o->types_given)
        return o->typemask & ~NT_TYPE_BIT(NT_NONE);
    for (size_t i = 0; i < r->gold.n; i++)
        if (r->gold.v[i].type != NT_NONE)
            m |= NT_TYPE_BIT(r->gold.v[i].type);
    return m;
}

static void print_types(FILE *out, const eval_run *r, uint64_t mask)
{
    fprintf(out, "%-14s %6s %6s | %6s %6s %6s | %6s %6s %6s\n", "type", "gold",
            "pred", "P", "R", "F1", "partP", "partR", "partF1");
    for (unsigned t = 1; t < NT_MAX_TYPES; t++)
        if (mask & NT_TYPE_BIT(t))
            print_row(out, nt_type_name((nt_type)t),
                      nt_eval_score(r->gold.v, r->gold.n, r->pred.v, r->pred.n,
                                    NT_TYPE_BIT(t)));
    print_row(out, "micro",
              nt_eval_score(r->gold.v, r->gold.n, r->pred.v, r->pred.n, mask));
}

/* One row of --by-source: a rule or list, its file and its predictions. */
typedef struct {
    const char *source, *file;
    uint32_t line; /* the line all its predictions share, else 0 */
    size_t pred, exact, overlap;
} source_row;

static int by_origin(const void *pa, const void *pb)
{
    const nt_eval_span *a = pa, *b = pb;
    int c = strcmp(a->source ? a->source : "", b->source ? b->source : "");
    return c ? c : strcmp(a->file ? a->file : "", b->file ? b->file : "");
}

static int by_count(const void *pa, const void *pb)
{
    const source_row *a = pa, *b = pb;
    if (a->pred != b->pred)
        return a->pred > b->pred ? -1 : 1;
    return strcmp(a->source ? a->source : "", b->source ? b->source : "");
}

/* Whether p overlaps some gold span of its document and type. */
static int overlaps_gold(const span_list *gold, const nt_eval_span *p)
{
    for (size_t g = doc_start(gold->v, gold->n, p->doc);
         g < gold->n && gold->v[g].doc == p->doc; g++)
        if (gold->v[g].type == p->type && gold->v[g].start < p->end &&
            p->start < gold->v[g].end)
            return 1;
    return 0;
}

/* Precision of each rule and list: of its predictions (of scored types),
 * how many are exact gold spans and how many overlap one of their type. */
static void print_sources(FILE *out, const eval_run *r, uint64_t mask)
{
    nt_eval_span *v = nt_xmalloc((r->pred.n + 1) * sizeof *v);
    source_row *rows = nt_xmalloc((r->pred.n + 1) * sizeof *rows);
    size_t n = 0, nrows = 0;
    for (size_t i = 0; i < r->pred.n; i++)
        if (in_mask(mask, r->pred.v[i].type))
            v[n++] = r->pred.v[i];
    if (n)
        qsort(v, n, sizeof *v, by_origin);
    for (size_t i = 0; i < n; i++) {
        if (i == 0 || by_origin(&v[i], &v[i - 1]) != 0)
            rows[nrows++] = (source_row){v[i].source, v[i].file, v[i].line, 0, 0, 0};
        source_row *w = &rows[nrows - 1];
        if (w->line != v[i].line)
            w->line = 0;
        w->pred++;
        w->exact += (size_t)is_gold(r->gold.v, r->gold.n, &v[i]);
        w->overlap += (size_t)overlaps_gold(&r->gold, &v[i]);
    }
    if (nrows)
        qsort(rows, nrows, sizeof *rows, by_count);
    fprintf(out, "\n%-24s %6s %6s %6s | %6s %6s  %s\n", "source", "pred",
            "exact", "P", "part", "partP", "origin");
    for (size_t i = 0; i < nrows; i++) {
        const source_row *w = &rows[i];
        fprintf(out, "%-24s %6zu %6zu %6.2f | %6zu %6.2f  %s", w->source ? w->source : "",
                w->pred, w->exact, pct(w->exact, w->pred), w->overlap,
                pct(w->overlap, w->pred), w->file ? w->file : "");
        if (w->line && w->file && *w->file)
            fprintf(out, ":%u", (unsigned)w->line);
        fputc('\n', out);
    }
    free(v);
    free(rows);
}

int nt_eval_run(nt_extractor *x, const nt_eval_opts *o, FILE *out,
                nt_error *err)
{
    char *data;
    size_t len;
    nt_error why;
    if (nt_input_read(o->gold, &data, &len, &why)) {
        nt_error_set(err, "%s: %s", o->gold, why.msg);
        return -1;
    }
    eval_run r = {.x = x, .names = nt_map_new()};
    nt_doc_init(&r.doc);
    int rc = 0;
    if (!looks_conll(data, len))
        rc = run_tsv(&r, o, data, len, err);
    else if (o->ninputs) {
        nt_error_set(err, "%s: CoNLL gold holds its documents: no operands",
                     o->gold);
        rc = -1;
    } else
        nt_eval_conll(data, len, on_conll_doc, &r);
    if (rc == 0) {
        r.gold.n = nt_eval_sort(r.gold.v, r.gold.n);
        r.pred.n = nt_eval_sort(r.pred.v, r.pred.n);
        uint64_t mask = scored_types(&r, o);
        print_types(out, &r, mask);
        if (o->by_source)
            print_sources(out, &r, mask);
        nt_eval_counts c = nt_eval_score(r.gold.v, r.gold.n, r.pred.v,
                                         r.pred.n, mask);
        fprintf(out, "F1 %.2f\n", f1(pct(c.exact, c.pred), pct(c.exact, c.gold)));
    }
    free(data);
    free(r.gold.v);
    free(r.pred.v);
    nt_map_free(r.names);
    nt_doc_free(&r.doc);
    return rc;
}
