/* format_conll.c - the conll format: one token a line with its BIO tag
 * ("Lavrov I-PER"), a blank line between sentences, as conlleval and
 * sequence-labelling tools read it. Types use CoNLL's short names (PER, LOC,
 * ORG) and their own names otherwise (DATE). Several documents are
 * separated by "-DOCSTART- O" lines, as in the CoNLL-2003 files. */
#include <string.h>

#include "format.h"

static const char *tag_name(nt_type t)
{
    switch (t) {
    case NT_PERSON:
        return "PER";
    case NT_LOCATION:
        return "LOC";
    case NT_ORGANIZATION:
        return "ORG";
    default:
        return nt_type_name(t);
    }
}

/* Token text without white space or control bytes, which would break the
 * line into columns: those become '_'. */
static void put_token(nt_buf *out, const char *s, size_t n)
{
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c > ' ' && c != 0x7f)
            continue;
        nt_buf_put(out, s + run, i - run);
        nt_buf_putc(out, '_');
        run = i + 1;
    }
    nt_buf_put(out, s + run, n - run);
}

/* Walks tokens and entities together (both sorted by start): a token is
 * tagged by the entity that covers its start. */
static void conll_doc(nt_buf *out, const nt_doc *d, size_t index,
                      const nt_fmt_opts *o)
{
    const nt_entity *e = d->ents.v, *eend = d->ents.v + d->ents.n;
    const nt_entity *prev = NULL;
    if (o->multi)
        nt_buf_puts(out, index ? "\n-DOCSTART- O\n\n" : "-DOCSTART- O\n\n");
    for (size_t k = 0; k < d->toks.n; k++) {
        const nt_token *t = &d->toks.v[k];
        if (k > 0 && (t->flags & NT_TOK_SENT_START))
            nt_buf_putc(out, '\n');
        while (e < eend && e->end <= t->start)
            e++;
        put_token(out, d->text + t->start, t->end - t->start);
        if (e < eend && e->start <= t->start && t->start < e->end) {
            nt_buf_puts(out, prev == e ? " I-" : " B-");
            nt_buf_puts(out, tag_name(e->type));
            prev = e;
        } else {
            nt_buf_puts(out, " O");
            prev = NULL;
        }
        nt_buf_putc(out, '\n');
    }
}

const nt_formatter nt_format_conll = {
    .name = "conll", .ext = "conll",
    .begin = NULL, .end = NULL, .doc = conll_doc,
};
