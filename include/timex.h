/* timex.h - TIMEX3 types and values for the time expressions the rules
 * found (entities of type NT_DATE): "last Friday" -> DATE 2015-05-08,
 * "two weeks" -> DURATION P2W, "3 p.m." -> TIME 2015-05-09T15:00, "every
 * Monday" -> SET XXXX-WXX-1, resolved against the article's reference date. */
#ifndef NT_TIMEX_H
#define NT_TIMEX_H

#include <stddef.h>
#include "calendar.h"
#include "doc.h"
#include "newstag.h"

/* "DATE", "TIME", "DURATION", "SET"; "" for NT_TIMEX_NONE. Static. */
const char *nt_timex_name(nt_timex t);
/* The same with its length in *n; the name lies in NT_TYPE_NAME_ROOM bytes
 * (newstag.h), zero after it. */
const char *nt_timex_name_n(nt_timex t, size_t *n);

/* Direction of the sentence around an expression: its tense. */
typedef enum { NT_TENSE_NONE = 0, NT_TENSE_PAST = -1, NT_TENSE_FUTURE = 1 } nt_tense;

/* What an expression is resolved against: the reference date (y == 0 when
 * unknown), the sentence's tense, the last date value of the article
 * before it ("" or NULL when none), to which "a year earlier" and "the
 * quarter" refer, and the family its rule names. */
typedef struct {
    nt_ymd ref;
    nt_tense tense;
    const char *anchor;
    const char *qanchor; /* the article's first quarter ("" or NULL: none) */
    nt_timex hint; /* NT_TIMEX_SET from a set_ rule: "a year" after a price;
                      NT_TIMEX_DATE from a ref_ rule: someday, FUTURE_REF
                      ("will one day"), PAST_REF in a past sentence */
    int stretch;   /* a stretch of time, not the calendar unit: "the year"
                      before "ended", after "throughout" (a duration) */
    int beside;    /* the word after is "after" (+1) or "before" (-1): "the
                      day after his death" is a day from the anchor */
    int used_anchor; /* out: the value was computed from the anchor */
    /* When doc is not NULL, tense, stretch and beside are not given but
     * read off the tokens of the expression at doc->clean[start, end), each
     * the first time a value needs it (most values need none: "1990", "two
     * weeks", "last year" without a reference date). from: a token at or
     * before the expression's first (0 will do; tokens before it end by
     * start), which becomes its first once the tokens are looked for, so
     * that a next expression's search starts there; first and last: those
     * tokens, once found; known: nt_timex_normalize's record of what it has
     * read (0 to start). */
    const nt_doc *doc;
    size_t start, end, from;
    size_t first, last;
    unsigned known;
} nt_timex_ctx;

/* Classifies the expression text[0..n) and writes its TIMEX3 value (NUL
 * terminated, at most NT_VALUE_MAX bytes with the NUL) to value. An
 * expression that cannot be resolved gets a partly unknown value
 * ("XXXX-05-09"), never an invented one. Sets c->used_anchor. */
nt_timex nt_timex_normalize(const char *text, size_t n, nt_timex_ctx *c,
                            char value[NT_VALUE_MAX]);

/* The tense of the sentence around tokens [first, last] of d: the nearest
 * cue word ("will", "due", "until" forward; "was", "-ed" verbs back; "said"
 * counts only right next to the expression). */
nt_tense nt_timex_tense(const nt_doc *d, size_t first, size_t last);

/* Sets timex and value of every NT_DATE entity of d (tokenized, entities
 * sorted) against d->ref_date ("" or a YYYY-MM-DD string). */
void nt_timex_resolve(nt_doc *d);

#endif
