/* refdate.c - the reference date from a news dateline. */
#include "refdate.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "calendar.h"

/* How far into the text a dateline may start: a headline and a byline may
 * come first. */
#define DATELINE_LINES 6
#define DATELINE_REACH 1024

static const char *const months[] = {
    "jan", "feb", "mar", "apr", "may", "jun",
    "jul", "aug", "sep", "oct", "nov", "dec",
};
static const char *const month_names[] = {
    "january", "february", "march", "april", "may", "june", "july",
    "august", "september", "october", "november", "december",
};

/* The month (1-12) named by s[0..n) in full or abbreviated ("Sept"), or 0. */
static int month_of(const char *s, size_t n)
{
    for (int m = 0; m < 12; m++) {
        int full = strlen(month_names[m]) == n &&
                   strncasecmp(s, month_names[m], n) == 0;
        int abbr = (n == 3 || (n == 4 && m == 8)) &&
                   strncasecmp(s, months[m], 3) == 0 &&
                   (n == 3 || tolower((unsigned char)s[3]) == 't');
        if (full || abbr)
            return m + 1;
    }
    return 0;
}

/* Skips the all-caps place at p ("BRUSSELS", "NEW YORK", "PARIS, Texas"):
 * returns the position of the ", " before the month, or NULL. */
static const char *skip_place(const char *p, const char *end)
{
    const char *q = p;
    size_t caps = 0;
    while (q < end && (isupper((unsigned char)*q) || *q == ' ' || *q == '.' ||
                       *q == '-' || *q == '\''))
        caps += isupper((unsigned char)*q++) != 0;
    if (caps < 2 || q >= end || *q != ',')
        return NULL;
    const char *comma = q;
    /* an optional region: ", Texas", ", England" */
    q++;
    while (q < end && *q == ' ')
        q++;
    const char *w = q;
    while (q < end && isalpha((unsigned char)*q))
        q++;
    if (!month_of(w, (size_t)(q - w)) && q < end && *q == ',' && q > w)
        return q;
    return comma;
}

/* Whether p starts the dash that ends a dateline ("-", "--", en or em
 * dash), after an optional "(Agency)". */
static int dash_follows(const char *p, const char *end)
{
    while (p < end && *p == ' ')
        p++;
    if (p < end && *p == '(') {
        const char *close = memchr(p, ')', (size_t)(end - p));
        if (!close || close - p > 40)
            return 0;
        p = close + 1;
        while (p < end && *p == ' ')
            p++;
    }
    return (p < end && *p == '-') ||
           (end - p >= 3 && (unsigned char)p[0] == 0xE2 &&
            (unsigned char)p[1] == 0x80 &&
            ((unsigned char)p[2] == 0x94 || (unsigned char)p[2] == 0x93));
}

/* A dateline at the start of the line p..end. */
static int dateline_at(const char *p, const char *end, int *month, int *day,
                       const char **at)
{
    const char *q = skip_place(p, end);
    if (!q)
        return -1;
    q++;
    while (q < end && *q == ' ')
        q++;
    const char *w = q;
    while (q < end && isalpha((unsigned char)*q))
        q++;
    int m = month_of(w, (size_t)(q - w));
    if (!m)
        return -1;
    if (q < end && *q == '.')
        q++;
    while (q < end && *q == ' ')
        q++;
    int d = 0;
    while (q < end && isdigit((unsigned char)*q) && d < 100)
        d = d * 10 + (*q++ - '0');
    if (d < 1 || d > 31 || !dash_follows(q, end))
        return -1;
    *month = m;
    *day = d;
    *at = w;
    return 0;
}

int nt_refdate_dateline(const char *text, size_t len, int *month, int *day,
                        size_t *at)
{
    const char *p = text, *stop = text + (len < DATELINE_REACH ? len : DATELINE_REACH);
    for (int line = 0; line < DATELINE_LINES && p < stop; line++) {
        const char *nl = memchr(p, '\n', (size_t)(stop - p));
        const char *end = nl ? nl : stop, *w;
        while (p < end && (*p == ' ' || *p == '\t'))
            p++;
        if (dateline_at(p, end, month, day, &w) == 0) {
            *at = (size_t)(w - text);
            return 0;
        }
        if (!nl)
            break;
        p = nl + 1;
    }
    return -1;
}

/* The year (1900-2099) written nearest to byte offset at, or 0. */
static int nearest_year(const nt_doc *d, size_t at)
{
    int best = 0;
    size_t dist = (size_t)-1;
    for (size_t k = 0; k < d->toks.n; k++) {
        const nt_token *t = &d->toks.v[k];
        const char *s = d->clean + t->start;
        if (t->shape != NT_SHAPE_DIGIT || t->end - t->start != 4 ||
            !((s[0] == '1' && s[1] == '9') || (s[0] == '2' && s[1] == '0')) ||
            !isdigit((unsigned char)s[2]) || !isdigit((unsigned char)s[3]))
            continue;
        size_t dd = t->start > at ? t->start - at : at - t->start;
        if (dd < dist) {
            dist = dd;
            best = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
                   (s[3] - '0');
        }
    }
    return best;
}

void nt_refdate_fill(nt_doc *d)
{
    int m, day;
    size_t at;
    if (d->ref_date[0]) {
        if (!d->ref_from)
            d->ref_from = "metadata";
        return;
    }
    if (nt_refdate_dateline(d->clean, d->len, &m, &day, &at) != 0) {
        d->ref_from = "none";
        return;
    }
    int y = d->ref_year ? d->ref_year : nearest_year(d, at);
    if (y && day <= nt_cal_month_days(y, m))
        snprintf(d->ref_date, sizeof d->ref_date, "%04u-%02u-%02u",
                 (unsigned)y % 10000u, (unsigned)m % 13u, (unsigned)day % 32u);
    else
        snprintf(d->ref_date, sizeof d->ref_date, "XXXX-%02u-%02u",
                 (unsigned)m % 13u, (unsigned)day % 32u);
    d->ref_from = "dateline";
}
