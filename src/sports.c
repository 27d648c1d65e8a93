/* sports.c - sports stories: places that stand for teams become
 * organizations. Datelines ("LONDON 1996-08-30", "BOSTON —"), places after a
 * place preposition ("in Boston") and countries (national teams) stay. */
#include "sports.h"

#include <stdlib.h>
#include <string.h>

#include "caps.h"
#include "util.h"

/* Score lines, or sports words, a story needs without a sport in its
 * headline. */
#define MIN_SCORES 3
#define MIN_CUES 3

/* The classes as one-bit masks (0 when the lexicon lacks one, which is
 * then never evidence): testing a token is one AND. The sports words'
 * class is kept as its number, counted by a shift (enough_cues). */
struct nt_sports {
    uint64_t sport, locprep, sur, common;
    int cue; /* the "sportcue" class, -1 when the lexicon lacks it */
};

static uint64_t class_bit(const nt_lex *lx, const char *name)
{
    int cls = nt_lex_class_find(lx, name);
    return cls < 0 ? 0 : (uint64_t)1 << cls;
}

nt_sports *nt_sports_new(const nt_lex *lx)
{
    nt_sports *s = nt_xmalloc(sizeof *s);
    s->sport = class_bit(lx, "sport");
    s->locprep = class_bit(lx, "locprep");
    s->cue = nt_lex_class_find(lx, "sportcue");
    s->sur = class_bit(lx, "surname");
    s->common = class_bit(lx, "common");
    return s;
}

void nt_sports_free(nt_sports *s)
{
    free(s);
}

static int has(uint64_t mask, uint64_t cls)
{
    return (mask & cls) != 0;
}

/* A score: small numbers joined by a hyphen ("2-1", "112-104"). */
static int is_score(const char *text, const nt_token *t)
{
    size_t n = t->end - t->start, dash = 0, digits = 0;
    if (t->shape != NT_SHAPE_DIGIT || n < 3 || n > 7)
        return 0;
    for (size_t i = t->start; i < t->end; i++) {
        dash += text[i] == '-';
        digits += text[i] >= '0' && text[i] <= '9';
    }
    return dash == 1 && digits == n - 1;
}

/* Whether one of the first three tokens, the headline's opening, names a
 * sport. */
static int sport_first(const nt_sports *s, const nt_doc *d)
{
    for (size_t k = 0; k < d->toks.n && k < 3; k++)
        if (has(d->tokclass[k], s->sport))
            return 1;
    return 0;
}

/* Whether the story has MIN_CUES sports words: counted over the tokens'
 * class masks alone, a block at a time (a loop without an exit inside
 * vectorizes), until there are enough. */
static int enough_cues(const nt_sports *s, const nt_doc *d)
{
    enum { BLOCK = 64 };
    size_t cues = 0;
    if (s->cue < 0)
        return 0;
    for (size_t k = 0; k < d->toks.n && cues < MIN_CUES;) {
        size_t end = d->toks.n - k < BLOCK ? d->toks.n : k + BLOCK;
        for (; k < end; k++) /* a shift, not a test: one SIMD add */
            cues += (d->tokclass[k] >> s->cue) & 1;
    }
    return cues >= MIN_CUES;
}

/* Index of the first token from lo on that ends after byte at (the token
 * over it, if any is), d->toks.n when none does. */
static size_t token_after(const nt_doc *d, size_t at, size_t lo)
{
    size_t hi = d->toks.n; /* the answer is in [lo, hi] */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (d->toks.v[mid].end <= at)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Whether the story has MIN_SCORES scores. A score (is_score) has one
 * hyphen, and digits around it, at least one of them beside it: the
 * hyphens of the text (memchr) with a digit beside them lead to the few
 * tokens that may be scores, each found once by its only hyphen, where a
 * pass over all tokens cost some ten instructions each. */
static int enough_scores(const nt_doc *d)
{
    size_t scores = 0, k = 0;
    const char *text = d->clean, *p = text, *end = text + d->len;
    while (scores < MIN_SCORES && (p = memchr(p, '-', (size_t)(end - p)))) {
        size_t at = (size_t)(p++ - text);
        if (!(at > 0 && is_digit(text[at - 1])) && !(p < end && is_digit(*p)))
            continue;
        k = token_after(d, at, k);
        scores += k < d->toks.n && d->toks.v[k].start <= at &&
                  is_score(text, &d->toks.v[k]);
    }
    return scores >= MIN_SCORES;
}

/* A sport in the headline, or enough sports words or scores: the counts
 * only matter once they reach their minimum, so each is counted on its
 * own, scores (the dearer) last. */
int nt_sports_is_sports(const nt_sports *s, const nt_doc *d)
{
    return sport_first(s, d) || enough_cues(s, d) || enough_scores(d);
}

/* Index of the token starting at offset start (entities start on tokens),
 * from k on: entities come in text order, so one walk over the tokens
 * finds them all (a binary search for each was a cache miss per step in a
 * long document's tokens). */
static size_t token_at(const nt_doc *d, size_t start, size_t k)
{
    size_t n = d->toks.n;
    if (k >= n || d->toks.v[n - 1].start < start)
        return n; /* so the walk below needs no bound */
    const nt_token *t = &d->toks.v[k];
    /* eight tokens a step while the entity lies beyond them (entities
     * stand a few tokens apart), then one, bounded by the last token eight
     * can be added to: four a step, bounded by a pointer difference (8
     * instructions a step), cost 0.39M instructions more on the
     * concatenated file, four with this bound 0.21M more */
    if (n - k > 8) {
        const nt_token *lim = &d->toks.v[n - 9];
        while (t <= lim && t[8].start < start)
            t += 8;
    }
    while (t->start < start)
        t++;
    return (size_t)(t - d->toks.v);
}

/* A dateline: an all-caps place opening its line and followed by
 * punctuation or a date ("BOSTON —", "LONDON 1996-08-30"), not by a score
 * as in an all-caps standings table ("CHICAGO 62 70 .470"). */
static int is_dateline(const nt_doc *d, size_t k, size_t end)
{
    const nt_token *t = &d->toks.v[k];
    if (!(t->flags & NT_TOK_LINE_START) || t->shape != NT_SHAPE_UPPER)
        return 0;
    size_t n = k;
    while (n < d->toks.n && d->toks.v[n].end <= end)
        n++;
    if (n >= d->toks.n || d->toks.v[n].shape == NT_SHAPE_PUNCT)
        return 1;
    const nt_token *next = &d->toks.v[n];
    return next->shape == NT_SHAPE_DIGIT && next->end - next->start >= 8;
}

/* An ordinal: "15th", "2nd". */
static int is_ordinal(const nt_doc *d, size_t k)
{
    if (k >= d->toks.n || d->toks.v[k].shape != NT_SHAPE_ALNUM)
        return 0;
    const char *e = d->clean + d->toks.v[k].end;
    return d->toks.v[k].end - d->toks.v[k].start >= 3 &&
           (memcmp(e - 2, "st", 2) == 0 || memcmp(e - 2, "nd", 2) == 0 ||
            memcmp(e - 2, "rd", 2) == 0 || memcmp(e - 2, "th", 2) == 0);
}

static int is_punct(const nt_doc *d, size_t k, char c)
{
    return k < d->toks.n && d->toks.v[k].shape == NT_SHAPE_PUNCT &&
           d->clean[d->toks.v[k].start] == c;
}

/* A scorer, toks[k..n): the minute follows ("Numan 11th", "Lubarskij (
 * 50th minute )"), or the name sits in brackets before a number ("( Kovacs
 * 8 )"). */
static int is_scorer(const nt_doc *d, size_t k, size_t n)
{
    if (is_ordinal(d, n) || (is_punct(d, n, '(') && is_ordinal(d, n + 1)))
        return 1;
    return k > 0 && is_punct(d, k - 1, '(') && n < d->toks.n &&
           d->toks.v[n].shape == NT_SHAPE_DIGIT;
}

/* A round of golf: a two-digit score from 60 to 89. */
static int is_round(const nt_doc *d, size_t k)
{
    const nt_token *t = &d->toks.v[k];
    const char *p = d->clean + t->start;
    return t->end - t->start == 2 && p[0] >= '6' && p[0] <= '8' &&
           p[1] >= '0' && p[1] <= '9';
}

/* Whether the numbers from token n on make a result ("2 Petofi 1": a
 * score, then the other team) or a standings row (three numbers or more),
 * rather than a player's figures ("Mark Brooks 65 70"). */
static int result_or_table(const nt_doc *d, size_t n)
{
    size_t k = n, golf = 0;
    while (k < d->toks.n && d->toks.v[k].shape == NT_SHAPE_DIGIT &&
           !(d->toks.v[k].flags & NT_TOK_LINE_START)) {
        golf += is_round(d, k);
        k++;
    }
    if (k - n >= 3)
        return golf < k - n; /* "Tiger Woods 70 68 65": rounds of golf */
    if (k - n != 1 || k >= d->toks.n || (d->toks.v[k].flags & NT_TOK_LINE_START))
        return 0;
    uint8_t sh = d->toks.v[k].shape;
    return sh == NT_SHAPE_CAP || sh == NT_SHAPE_UPPER;
}

/* The type of a guessed name on a sports page. A lone word right before a
 * number is a club in a result or standings line ("Ruch 2 Petofi 1"; people
 * in results have full names); elsewhere a lone unknown word is more often
 * a player than a club. */
static nt_type guess_type(const nt_sports *s, const nt_doc *d,
                          const nt_entity *e, size_t k)
{
    size_t n = k;
    while (n < d->toks.n && d->toks.v[n].end <= e->end)
        n++;
    if (is_scorer(d, k, n))
        return NT_PERSON;
    if (e->type == NT_NONE && has(d->tokclass[k], s->common))
        return NT_NONE; /* a common word, not a name */
    if (n == k + 1 && n < d->toks.n && d->toks.v[n].shape == NT_SHAPE_DIGIT)
        return NT_ORGANIZATION;
    if (n > k + 1 && result_or_table(d, n) && !has(d->tokclass[n - 1], s->sur))
        return NT_ORGANIZATION; /* "Fortuna Sittard 2 PSV 1", not "Mark Brooks 65 70 68" */
    if (n == k + 1 && (e->type == NT_ORGANIZATION ||
                       (e->type == NT_NONE && !has(d->tokclass[k], s->common))))
        return NT_PERSON;
    return e->type;
}

/* Whether a place (not a country: see may_be_team) stands for a team. */
static int is_team(const nt_sports *s, const nt_doc *d, const nt_entity *e,
                   size_t k)
{
    if (k >= d->toks.n || (k > 0 && has(d->tokclass[k - 1], s->locprep)))
        return 0;
    return !is_dateline(d, k, e->end);
}

/* Whether e may be a place that stands for a team: a place, and not a
 * country (national teams stay places), which is known before its token
 * is looked for (a third of a sports page's places are countries). */
static int may_be_team(const nt_entity *e)
{
    return e->type == NT_LOCATION && !nt_streq(e->source, "countries");
}

/* Whether organizations a and then b touch, one space apart. */
static int clubs_touch(const nt_doc *d, const nt_entity *a, const nt_entity *b)
{
    return a->type == NT_ORGANIZATION && b->type == NT_ORGANIZATION &&
           b->start == a->end + 1 && d->clean[a->end] == ' ';
}

/* Joins organizations that touch, one space apart, on a sports page: a
 * club named after its town ("Hutnik" "Krakow", "Willem II" "Tilburg").
 * The town's entity is left where it is as a blocker of no type, which the
 * mentions pass drops as it moves the entities that stay: moved here too,
 * the entities after a page's first join were copied twice (a long
 * document's 6 MB of them). Most pages have none: the entities before the
 * first pair are passed over by a loop that writes nothing. */
static void join_clubs(nt_doc *d)
{
    size_t i = 1;
    while (i < d->ents.n && !clubs_touch(d, &d->ents.v[i - 1], &d->ents.v[i]))
        i++;
    if (i >= d->ents.n)
        return;
    nt_entity *club = &d->ents.v[i - 1]; /* the last entity that stays */
    for (; i < d->ents.n; i++) {
        nt_entity *e = &d->ents.v[i];
        if (clubs_touch(d, club, e)) {
            club->end = e->end;
            club->source = NT_SPORTS_CLUB_SOURCE;
            e->type = NT_NONE;
            e->source = NT_SPORTS_CLUB_SOURCE; /* not a guess: dropped */
        } else {
            club = e;
        }
    }
}

void nt_sports_retype(const nt_sports *s, nt_doc *d)
{
    if (!nt_sports_is_sports(s, d))
        return;
    size_t k = 0;
    for (size_t i = 0; i < d->ents.n; i++) {
        nt_entity *e = &d->ents.v[i];
        int guess = nt_streq(e->source, NT_CAPS_SOURCE);
        if (!guess && !may_be_team(e))
            continue; /* not a guess nor a team: its token is not needed */
        k = token_at(d, e->start, k);
        if (guess)
            e->type = guess_type(s, d, e, k);
        else if (is_team(s, d, e, k))
            e->type = NT_ORGANIZATION;
    }
    join_clubs(d);
}
