/* caps.c - type guesses for runs of capitalized words.
 *
 * A run is a maximal sequence of capitalized words in one sentence and line,
 * joined by name particles ("of", "de", "van"). Leading titles and, at a
 * sentence start, common words are stripped ("The", "Police", "Prime
 * Minister"); the rest is typed from its first and last words and the word
 * before it. On all-caps lines, where capitals say nothing, common words
 * split runs instead. */
#include "caps.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util.h"

/* The classes as one-bit masks, so that testing a word is one AND; a class
 * the lexicon lacks has no bit and so is never evidence. Classes always
 * tested together share a mask. */
struct nt_caps {
    const nt_lex *lx;
    uint64_t first, sur, common, title, orghead, orgsuffix, locprep, month,
        placeword, stopword, orgcue, reportverb;
    uint64_t dateword; /* month or weekday: no part of a name */
    uint64_t wordlike; /* common, sport or notname: "ATHLETICS", "GDP" */
};

static uint64_t class_bit(const nt_lex *lx, const char *name)
{
    int cls = nt_lex_class_find(lx, name);
    return cls < 0 ? 0 : (uint64_t)1 << cls;
}

nt_caps *nt_caps_new(const nt_lex *lx)
{
    nt_caps *c = nt_xmalloc(sizeof *c);
    uint64_t month = class_bit(lx, "month"), common = class_bit(lx, "common");
    *c = (nt_caps){
        .lx = lx,
        .first = class_bit(lx, "firstname"),
        .sur = class_bit(lx, "surname"),
        .common = common,
        .title = class_bit(lx, "title"),
        .orghead = class_bit(lx, "orghead"),
        .orgsuffix = class_bit(lx, "orgsuffix"),
        .locprep = class_bit(lx, "locprep"),
        .month = month,
        .placeword = class_bit(lx, "placeword"),
        .stopword = class_bit(lx, "stopword"),
        .orgcue = class_bit(lx, "orgcue"),
        .reportverb = class_bit(lx, "reportverb"),
        .dateword = month | class_bit(lx, "weekday"),
        .wordlike = common | class_bit(lx, "sport") | class_bit(lx, "notname"),
    };
    return c;
}

void nt_caps_free(nt_caps *c)
{
    free(c);
}

static int has(uint64_t mask, uint64_t classes)
{
    return (mask & classes) != 0;
}

/* Particles that may join the words of one name: "of", "de", "van",
 * "von", "der", "den", "la", "le", "du", "da", "di", "del", "bin", "al",
 * "el", "&". Their bytes are read as one number and switched on: a few
 * instructions for the word after each run, where a loop of memcmp calls
 * over the list cost 16 tests. */
#define PARTICLE2(a, b) ((unsigned)(a) << 8 | (unsigned)(b))
#define PARTICLE3(a, b, c) (PARTICLE2(a, b) << 8 | (unsigned)(c))
static int is_particle(const char *w, size_t n)
{
    const unsigned char *u = (const unsigned char *)w;
    switch (n) {
    case 1:
        return u[0] == '&';
    case 2:
        switch (PARTICLE2(u[0], u[1])) {
        case PARTICLE2('o', 'f'):
        case PARTICLE2('d', 'e'):
        case PARTICLE2('l', 'a'):
        case PARTICLE2('l', 'e'):
        case PARTICLE2('d', 'u'):
        case PARTICLE2('d', 'a'):
        case PARTICLE2('d', 'i'):
        case PARTICLE2('a', 'l'):
        case PARTICLE2('e', 'l'):
            return 1;
        default:
            return 0;
        }
    case 3:
        switch (PARTICLE3(u[0], u[1], u[2])) {
        case PARTICLE3('v', 'a', 'n'):
        case PARTICLE3('v', 'o', 'n'):
        case PARTICLE3('d', 'e', 'r'):
        case PARTICLE3('d', 'e', 'n'):
        case PARTICLE3('d', 'e', 'l'):
        case PARTICLE3('b', 'i', 'n'):
            return 1;
        default:
            return 0;
        }
    default:
        return 0;
    }
}
#undef PARTICLE2
#undef PARTICLE3

/* The last line caps_line looked at: tokens [start, end) and its answer.
 * Without it a long all-caps line would be rescanned for every run in it. */
struct line_memo {
    size_t start, end;
    int caps;
};

/* The last token is_common answered for: strip_front asks about a run's
 * first word, then emit about the same word when it is the whole name. */
struct common_memo {
    size_t k;
    int common;
};

typedef struct {
    const nt_caps *c;
    const char *text;
    const nt_token *toks;
    size_t n;
    const uint64_t *cls;
    int titled; /* the run's front held a title: what is left is a person */
    struct line_memo *line; /* caps_line's last answer */
    struct common_memo *common; /* is_common's last answer */
} run_ctx;

/* The shapes of capitalized or all-caps words: a load and a test, where
 * comparing took a subtraction too (next_capital asks about every token). */
static const uint8_t capital_shape[256] = {
    [NT_SHAPE_CAP] = 1,
    [NT_SHAPE_UPPER] = 1,
};

/* Capitalized or all caps. */
static int is_capital(const nt_token *t)
{
    return capital_shape[t->shape];
}

/* name_word for a token known to be capitalized or all caps. */
static int capital_name_word(const run_ctx *r, size_t k)
{
    const nt_token *t = &r->toks[k];
    return !has(r->cls[k], r->c->dateword) && t->end - t->start >= 2;
}

/* A word that can be part of a name: capitalized or all caps, not a date
 * word, and not a lone letter unless it is an initial ("J."). */
static int name_word(const run_ctx *r, size_t k)
{
    return is_capital(&r->toks[k]) && capital_name_word(r, k);
}

static int breaks_before(const nt_token *t)
{
    return t->flags & (NT_TOK_SENT_START | NT_TOK_LINE_START);
}

/* End (exclusive) of the run of name words starting at s. */
static size_t run_end(const run_ctx *r, size_t s)
{
    size_t e = s + 1;
    while (e < r->n && !breaks_before(&r->toks[e])) {
        if (name_word(r, e)) {
            e++;
            continue;
        }
        /* particles, possibly several: "van der"; the loop has just
         * tested toks[e] as the tests at the end test the others */
        size_t p = e;
        while (is_particle(r->text + r->toks[p].start,
                           r->toks[p].end - r->toks[p].start) &&
               ++p < r->n && p < e + 3 && !breaks_before(&r->toks[p]))
            ;
        if (p == e || p >= r->n || !name_word(r, p) ||
            breaks_before(&r->toks[p]))
            break;
        e = p + 1;
    }
    return e;
}

/* What a token of each shape adds to caps_line's count: a word in the
 * low half, an all-caps word in the high half too (a token count fits 32
 * bits: texts are under 4 GiB). One add a token, where two compares and
 * their adds cost twice the instructions. */
#define LINE_WORD ((uint64_t)1)
#define LINE_UPPER ((uint64_t)1 << 32)
static const uint64_t line_count[256] = { /* by a token's uint8_t shape */
    [NT_SHAPE_LOWER] = LINE_WORD,
    [NT_SHAPE_CAP] = LINE_WORD,
    [NT_SHAPE_UPPER] = LINE_WORD | LINE_UPPER,
};

/* Whether the line of token k is written in capitals (a headline or a wire
 * brief): three or more words, at least four in five of them all caps. */
static int caps_line(const run_ctx *r, size_t k)
{
    struct line_memo *m = r->line;
    if (k >= m->start && k < m->end)
        return m->caps;
    size_t a = k;
    while (a > 0 && !(r->toks[a].flags & NT_TOK_LINE_START))
        a--;
    const nt_token *t = r->toks + a, *end = r->toks + r->n;
    uint64_t count = 0;
    do /* token a opens the line; the others up to the next line's */
        count += line_count[t++->shape];
    while (t < end && !(t->flags & NT_TOK_LINE_START));
    uint64_t words = count & 0xffffffffu, upper = count >> 32;
    *m = (struct line_memo){a, (size_t)(t - r->toks),
                            words >= 3 && upper * 5 >= words * 4};
    return m->caps;
}

/* Length of w before its first apostrophe, straight or curly ("We've",
 * "I’m"); n when it has none. */
static size_t before_apostrophe(const char *w, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (w[i] == '\'' || (i + 2 < n && (unsigned char)w[i] == 0xE2 &&
                             (unsigned char)w[i + 1] == 0x80 &&
                             (unsigned char)w[i + 2] == 0x99))
            return i;
    return n;
}

/* Whether token k is a common word, plurals and contractions included
 * ("Scorers", "We've"). The tokenizer has flagged the words with an
 * apostrophe: only those are searched for it. */
static int common_word(const run_ctx *r, size_t k)
{
    const nt_token *t = &r->toks[k];
    size_t n = t->end - t->start;
    if (has(r->cls[k], r->c->wordlike))
        return 1;
    size_t stem =
        t->flags & NT_TOK_APOS ? before_apostrophe(r->text + t->start, n) : n;
    if (stem < n)
        return has(nt_lex_lookup(r->c->lx, r->text + t->start, stem),
                   r->c->common);
    if (n < 4 || r->text[t->end - 1] != 's')
        return 0;
    return has(nt_lex_lookup(r->c->lx, r->text + t->start, n - 1), r->c->common);
}

/* common_word, remembered for the last token asked about. */
static int is_common(const run_ctx *r, size_t k)
{
    struct common_memo *m = r->common;
    if (m->k != k)
        *m = (struct common_memo){k, common_word(r, k)};
    return m->common;
}

/* Whether token k begins its sentence or line, opening quotes, brackets
 * and dashes aside ("\" We ..."). */
static int sentence_initial(const run_ctx *r, size_t k)
{
    for (;;) {
        if (k == 0 || breaks_before(&r->toks[k]))
            return 1;
        if (r->toks[k - 1].shape != NT_SHAPE_PUNCT)
            return 0;
        k--;
    }
}

/* A compound modifier: a hyphen then lowercase ("Ontario-based",
 * "Communist-led", "Ex-Yankee" aside). Only the words the tokenizer
 * flagged hold a hyphen (a lone "-" is no modifier either way). */
static int hyphen_modifier(const run_ctx *r, size_t k)
{
    const nt_token *t = &r->toks[k];
    if (!(t->flags & NT_TOK_HYPHEN))
        return 0;
    const char *h = memchr(r->text + t->start, '-', t->end - t->start);
    return h && h + 1 < r->text + t->end && h[1] >= 'a' && h[1] <= 'z';
}

/* Words that, at the front of a run, are not part of the name. */
static int strip_front(const run_ctx *r, size_t k, size_t e)
{
    uint64_t m = r->cls[k];
    if (hyphen_modifier(r, k))
        return 1;
    if (has(m, r->c->title)) /* but "King County", "Prince Edward Island" */
        return !has(r->cls[e - 1], r->c->orghead | r->c->placeword);
    if (has(m, r->c->first))
        return 0;
    /* Only a common word goes, and inside a sentence only before a title:
     * the cheap tests first, as most runs stand inside sentences. */
    int title_next = k + 1 < e && has(r->cls[k + 1], r->c->title);
    if (!title_next && !sentence_initial(r, k))
        return 0;
    if (!is_common(r, k))
        return 0;
    if (title_next)
        return 1;
    /* "Mark Brooks", "Will Carling": a content word before a surname may
     * be a first name; "But Brown" is not. */
    return has(m, r->c->stopword) || k + 1 >= e ||
           !has(r->cls[k + 1], r->c->sur) || is_common(r, k + 1);
}

/* Whether strip_front may strip token k, the first of the run toks[k..e):
 * the tests of its that need neither a call nor a loop, on the side of
 * yes. Most runs stand inside sentences and open with no title: this
 * says no for them, and strip_titles' loop, whose calls keep the run's
 * state in registers saved around it, is not entered. */
static int may_strip(const run_ctx *r, size_t k, size_t e)
{
    uint64_t m = r->cls[k];
    if ((r->toks[k].flags & NT_TOK_HYPHEN) || has(m, r->c->title))
        return 1;
    if (has(m, r->c->first))
        return 0;
    return (k + 1 < e && has(r->cls[k + 1], r->c->title)) ||
           sentence_initial(r, k);
}

/* Strips the front of the run toks[s..e) (strip_front), and after a title
 * its portfolio: "Minister of Defence Pavel Grachev", "Secretary of State
 * Warren Christopher" leave the name. Returns the new start. */
static size_t strip_titles(run_ctx *r, size_t s, size_t e)
{
    while (s < e && strip_front(r, s, e)) {
        int title = has(r->cls[s], r->c->title);
        s++;
        if (!title || s + 1 >= e || r->toks[s].end - r->toks[s].start != 2 ||
            memcmp(r->text + r->toks[s].start, "of", 2) != 0)
            continue;
        size_t p = s + 1;
        while (p < e && is_common(r, p) && !has(r->cls[p], r->c->first))
            p++;
        if (p < e && p > s + 1) {
            s = p;
            r->titled = 1;
        }
    }
    return s;
}

/* A short all-caps word in mixed-case text: "NYMEX", "UEFA" (an all-caps
 * line writes every name so: "TARANGO" there is no acronym). */
static int is_acronym(const run_ctx *r, size_t k)
{
    const nt_token *t = &r->toks[k];
    return t->shape == NT_SHAPE_UPPER && t->end - t->start <= 5 &&
           !caps_line(r, k);
}

/* A dateline opens its line with the place, then a date or a comma:
 * "TAVILDARA 1996-08-30", "BRUSSELS, March 4". */
static int dateline_place(const run_ctx *r, size_t s, size_t e)
{
    if (!(r->toks[s].flags & NT_TOK_LINE_START) ||
        r->toks[s].shape != NT_SHAPE_UPPER || e >= r->n)
        return 0;
    const nt_token *t = &r->toks[e];
    if (t->shape == NT_SHAPE_DIGIT && t->end - t->start >= 8)
        return 1;
    return t->shape == NT_SHAPE_PUNCT && r->text[t->start] == ',' &&
           e + 1 < r->n && has(r->cls[e + 1], r->c->month);
}

/* "the town of X", "east of X": a place noun and "of" before the name. */
static int place_of(const run_ctx *r, size_t s)
{
    if (s < 2 || !has(r->cls[s - 2], r->c->placeword))
        return 0;
    const nt_token *of = &r->toks[s - 1];
    return of->end - of->start == 2 && memcmp(r->text + of->start, "of", 2) == 0;
}

/* An initial: "J." in "J. Crawley". */
static int is_initial(const run_ctx *r, size_t k)
{
    const nt_token *t = &r->toks[k];
    return t->end - t->start == 2 && r->text[t->end - 1] == '.';
}

/* Whether a word of toks[s..e) is a common word. */
static int has_common(const run_ctx *r, size_t s, size_t e)
{
    for (size_t k = s; k < e; k++)
        if (name_word(r, k) && is_common(r, k))
            return 1;
    return 0;
}

/* "Douglas & Lomason", "Standard & Poor": firms, not people. Within a
 * run, "&" is the only punctuation (its other words are capitals or
 * lowercase particles): its shape tells it, without its text. The name
 * toks[s..e) opens and ends with name words: only those between are
 * looked at, none in most names, which are two words long. */
static int has_ampersand(const run_ctx *r, size_t s, size_t e)
{
    for (size_t k = s + 1; k + 1 < e; k++)
        if (r->toks[k].shape == NT_SHAPE_PUNCT)
            return 1;
    return 0;
}

/* The type of the name toks[s..e), which opens and ends with a name word:
 * from its last word (organization heads), the word before it (titles,
 * place prepositions), name lists and length. Sets *context to 1 when the
 * words around the name decided it, to 2 when a first name or an initial
 * did. */
static nt_type guess_type(const run_ctx *r, size_t s, size_t e, int *context)
{
    const nt_caps *c = r->c;
    uint64_t first = r->cls[s], last = r->cls[e - 1];
    uint64_t before = s > 0 ? r->cls[s - 1] : 0;
    /* one name word, or (its ends being two) several: no need to count */
    int one = e == s + 1;
    *context = 1;
    if (!one &&
        (has(last, c->orgsuffix | c->orghead) || has_ampersand(r, s, e)))
        return NT_ORGANIZATION;
    if (e < r->n && has(r->cls[e], c->orgcue) && !has(first, c->first) &&
        !has(last, c->sur) && r->toks[e].shape == NT_SHAPE_LOWER)
        return NT_ORGANIZATION; /* "Barrick shares", "a Pirelli spokesman" */
    if (has(before, c->title) || r->titled)
        return NT_PERSON;
    if (has(before, c->locprep) || dateline_place(r, s, e) || place_of(r, s))
        return NT_LOCATION;
    *context = 0;
    if (!one && (has(first, c->first) || is_initial(r, s))) {
        *context = 2; /* strong enough to beat a one-word list entry */
        return NT_PERSON;
    }
    if (one && is_acronym(r, s))
        return NT_ORGANIZATION;
    if (one && !has(first, c->sur | c->first) &&
        !(e < r->n && has(r->cls[e], c->reportverb) &&
          r->toks[e].shape == NT_SHAPE_LOWER))
        return NT_NONE;
    if (!has(first, c->first) && !has(last, c->sur) && has_common(r, s, e))
        return NT_ORGANIZATION; /* "Gold Fields", "Human Rights Watch" */
    /* Unknown names without context: measured on CoNLL-2003 dev,
     * calling them people beats places and organizations. */
    return NT_PERSON;
}

/* The priority and source of a guess by guess_type's context: two loads,
 * where choosing cost a compare and a conditional move each. */
static const struct {
    int priority;
    const char *source;
} by_context[3] = {
    {NT_CAPS_PRIORITY, NT_CAPS_SOURCE},
    {NT_CAPS_PRIORITY, NT_CAPS_CONTEXT_SOURCE},
    {NT_CAPS_STRONG_PRIORITY, NT_CAPS_CONTEXT_SOURCE},
};

/* Appends the guess for the name toks[s..e), which opens and ends with a
 * name word. */
static void emit_name(const run_ctx *r, size_t s, size_t e, nt_entities *out)
{
    int context = 0;
    nt_type type = guess_type(r, s, e, &context);
    /* A lone common word ("First test", "Men 's singles", "Dole") is no
     * name unless the article names someone so ("Bob Dole"): it goes out
     * as a blocker that nt_mentions_apply may promote. A guess of none
     * needs no asking: two in three lone words here are one, and asking
     * (a lookup of the word less its 's' among it) cost 0.8M of the
     * concat file's 343M instructions. */
    if (e == s + 1 && !context && type != NT_NONE && is_common(r, s))
        type = NT_NONE;
    /* written in place, its fields one by one and the rest zeroed: built
     * on the stack and pushed, it was zeroed and copied */
    if (out->n == out->cap)
        nt_entities_grow(out);
    nt_entity *ent = &out->v[out->n++];
    ent->start = r->toks[s].start;
    ent->end = r->toks[e - 1].end;
    ent->type = type;
    ent->priority = by_context[context].priority;
    ent->source = by_context[context].source;
    memset(ent->value, 0, sizeof *ent - offsetof(nt_entity, value));
}

/* emit_name for toks[s..e) less the particles at its ends, if a name word
 * is left. */
static void emit(const run_ctx *r, size_t s, size_t e, nt_entities *out)
{
    while (s < e && !name_word(r, s))
        s++;
    while (e > s && !name_word(r, e - 1))
        e--;
    if (e > s)
        emit_name(r, s, e, out);
}

/* On a capitals line every common word ends a name. */
static void emit_caps_line(const run_ctx *r, size_t s, size_t e,
                           nt_entities *out)
{
    size_t a = s;
    for (size_t k = s; k <= e; k++) {
        if (k < e && !is_common(r, k) && !has(r->cls[k], r->c->title))
            continue;
        if (k > a)
            emit(r, a, k, out);
        a = k + 1;
    }
}

/* The first of toks[k..n) that is capitalized or all caps, or n. Most
 * tokens are neither: four at a time, counting down what is left (no
 * division to turn a pointer back into an index), they cost some half
 * the instructions of asking name_word about each. */
static size_t next_capital(const nt_token *toks, size_t k, size_t n)
{
    const nt_token *t = toks + k;
    size_t left = n - k;
    for (; left >= 4; left -= 4, t += 4) {
        if (is_capital(t))
            return n - left;
        if (is_capital(t + 1))
            return n - left + 1;
        if (is_capital(t + 2))
            return n - left + 2;
        if (is_capital(t + 3))
            return n - left + 3;
    }
    for (; left; left--, t++)
        if (is_capital(t))
            return n - left;
    return n;
}

void nt_caps_guess(const nt_caps *c, const char *text, const nt_token *toks,
                   size_t ntoks, const uint64_t *tokclass, nt_entities *out)
{
    struct line_memo line = {0, 0, 0};
    struct common_memo common = {SIZE_MAX, 0};
    run_ctx r = {c, text, toks, ntoks, tokclass, 0, &line, &common};
    for (size_t k = 0; (k = next_capital(toks, k, ntoks)) < ntoks; k++) {
        if (!capital_name_word(&r, k))
            continue;
        size_t e = run_end(&r, k), s = k;
        if (toks[k].shape == NT_SHAPE_UPPER && caps_line(&r, k)) {
            emit_caps_line(&r, s, e, out);
        } else {
            /* a run opens and ends with a name word: only what
             * strip_titles leaves at its front may need trimming */
            if (may_strip(&r, s, e))
                s = strip_titles(&r, s, e);
            if (s == k)
                emit_name(&r, s, e, out);
            else
                emit(&r, s, e, out);
            r.titled = 0;
        }
        k = e - 1;
    }
}
