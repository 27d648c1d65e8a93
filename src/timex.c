/* timex.c - TIMEX3 type and value of each time expression.
 *
 * The rules find the spans; this module reads a span's words into a small
 * record (month, day, weekday, quantity, unit, "last"/"next", "ago",
 * clock time...) and decides from it the TIMEX3 type and value, resolving
 * relative expressions against the reference date, the sentence's tense and
 * the last date of the article (the anchor of "a year earlier"). */
#include "timex.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sfmt.h"
#include "util.h"
#include "utf8.h"
#include "wordmemo.h"

#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>
#endif

#define MAX_WORDS 24
/* Months between a bare month and the reference beyond which, with no tense
 * cue, it is taken in the neighbouring year ("January" said in October). */
#define FAR_MONTHS 7
#define WORD_MAX 24

const char *nt_timex_name(nt_timex t)
{
    size_t n;
    return nt_timex_name_n(t, &n);
}

const char *nt_timex_name_n(nt_timex t, size_t *n)
{
#define NAME(s) {s, sizeof s - 1}
    static const struct {
        char s[NT_TYPE_NAME_ROOM];
        size_t n;
    } names[] = {NAME(""), NAME("DATE"), NAME("TIME"), NAME("DURATION"),
                 NAME("SET")};
#undef NAME
    if ((unsigned)t >= sizeof names / sizeof *names)
        t = NT_TIMEX_NONE;
    *n = names[t].n;
    return names[t].s;
}

/* Units, in the order of their TIMEX3 letters below. */
typedef enum {
    U_NONE, U_SEC, U_MIN, U_HOUR, U_DAY, U_NIGHT, U_WEEK, U_FORTNIGHT,
    U_WEEKEND, U_MONTH, U_QUARTER, U_HALF, U_YEAR, U_DECADE, U_CENTURY,
    U_MILLENNIUM, U_PERIOD, U_TERM
} unit;

/* What a word means in a time expression. */
typedef enum {
    W_NONE, W_MONTH, W_WDAY, W_NUM, W_ORD, W_UNIT, W_DAYPART, W_SEASON,
    W_REL, W_AGO, W_SHIFT, W_DEICTIC, W_REF, W_SET, W_SETADV, W_TIMES,
    W_VAGUE, W_A, W_HALF, W_AMPM, W_NOON, W_THE, W_FISCAL, W_OCLOCK,
    W_COUPLE, W_DOZEN, W_LONG, W_OR, W_DECADE
} wkind;

typedef struct {
    const char *w;
    wkind kind;
    int val;  /* month, weekday, number, unit, direction... */
    int val2; /* plural units: 1 */
} word_def;

/* Day parts as their TIMEX3 codes' index. */
static const char *const dayparts[] = {"", "MO", "AF", "EV", "NI", "DT"};
static const char *const seasons[] = {"", "SP", "SU", "FA", "WI"};
enum { REF_PRESENT = 1, REF_PAST, REF_FUTURE };

/* The word table: one flat list, looked up linearly (spans are short and
 * the list is small). */
static const word_def words[] = {
    {"january", W_MONTH, 1, 0}, {"jan", W_MONTH, 1, 0},
    {"february", W_MONTH, 2, 0}, {"feb", W_MONTH, 2, 0},
    {"march", W_MONTH, 3, 0}, {"mar", W_MONTH, 3, 0},
    {"april", W_MONTH, 4, 0}, {"apr", W_MONTH, 4, 0},
    {"may", W_MONTH, 5, 0}, {"june", W_MONTH, 6, 0}, {"jun", W_MONTH, 6, 0},
    {"july", W_MONTH, 7, 0}, {"jul", W_MONTH, 7, 0},
    {"august", W_MONTH, 8, 0}, {"aug", W_MONTH, 8, 0},
    {"september", W_MONTH, 9, 0}, {"sept", W_MONTH, 9, 0},
    {"sep", W_MONTH, 9, 0}, {"october", W_MONTH, 10, 0},
    {"oct", W_MONTH, 10, 0}, {"november", W_MONTH, 11, 0},
    {"nov", W_MONTH, 11, 0}, {"december", W_MONTH, 12, 0},
    {"dec", W_MONTH, 12, 0},
    {"monday", W_WDAY, 1, 0}, {"tuesday", W_WDAY, 2, 0},
    {"wednesday", W_WDAY, 3, 0}, {"thursday", W_WDAY, 4, 0},
    {"friday", W_WDAY, 5, 0}, {"saturday", W_WDAY, 6, 0},
    {"sunday", W_WDAY, 7, 0},
    {"mondays", W_WDAY, 1, 1}, {"tuesdays", W_WDAY, 2, 1},
    {"wednesdays", W_WDAY, 3, 1}, {"thursdays", W_WDAY, 4, 1},
    {"fridays", W_WDAY, 5, 1}, {"saturdays", W_WDAY, 6, 1},
    {"sundays", W_WDAY, 7, 1},
    {"one", W_NUM, 1, 0}, {"two", W_NUM, 2, 0}, {"three", W_NUM, 3, 0},
    {"four", W_NUM, 4, 0}, {"five", W_NUM, 5, 0}, {"six", W_NUM, 6, 0},
    {"seven", W_NUM, 7, 0}, {"eight", W_NUM, 8, 0}, {"nine", W_NUM, 9, 0},
    {"ten", W_NUM, 10, 0}, {"eleven", W_NUM, 11, 0},
    {"twelve", W_NUM, 12, 0}, {"thirteen", W_NUM, 13, 0},
    {"fourteen", W_NUM, 14, 0}, {"fifteen", W_NUM, 15, 0},
    {"sixteen", W_NUM, 16, 0}, {"seventeen", W_NUM, 17, 0},
    {"eighteen", W_NUM, 18, 0}, {"nineteen", W_NUM, 19, 0},
    {"twenty", W_NUM, 20, 0}, {"thirty", W_NUM, 30, 0},
    {"forty", W_NUM, 40, 0}, {"fifty", W_NUM, 50, 0},
    {"sixty", W_NUM, 60, 0}, {"seventy", W_NUM, 70, 0},
    {"eighty", W_NUM, 80, 0}, {"ninety", W_NUM, 90, 0},
    {"hundred", W_NUM, 100, 0}, {"thousand", W_NUM, 1000, 0},
    {"dozen", W_DOZEN, 12, 0}, {"couple", W_COUPLE, 2, 0},
    {"first", W_ORD, 1, 0}, {"second", W_ORD, 2, 0}, {"third", W_ORD, 3, 0},
    {"fourth", W_ORD, 4, 0}, {"1st", W_ORD, 1, 0}, {"2nd", W_ORD, 2, 0},
    {"3rd", W_ORD, 3, 0}, {"4th", W_ORD, 4, 0},
    {"seconds", W_UNIT, U_SEC, 1},
    {"minute", W_UNIT, U_MIN, 0}, {"minutes", W_UNIT, U_MIN, 1},
    {"hour", W_UNIT, U_HOUR, 0}, {"hours", W_UNIT, U_HOUR, 1},
    {"day", W_UNIT, U_DAY, 0}, {"days", W_UNIT, U_DAY, 1},
    {"week", W_UNIT, U_WEEK, 0}, {"weeks", W_UNIT, U_WEEK, 1},
    {"fortnight", W_UNIT, U_FORTNIGHT, 0},
    {"weekend", W_UNIT, U_WEEKEND, 0}, {"weekends", W_UNIT, U_WEEKEND, 1},
    {"month", W_UNIT, U_MONTH, 0}, {"months", W_UNIT, U_MONTH, 1},
    {"quarter", W_UNIT, U_QUARTER, 0}, {"quarters", W_UNIT, U_QUARTER, 1},
    {"half", W_HALF, U_HALF, 0},
    {"year", W_UNIT, U_YEAR, 0}, {"years", W_UNIT, U_YEAR, 1},
    {"decade", W_UNIT, U_DECADE, 0}, {"decades", W_UNIT, U_DECADE, 1},
    {"century", W_UNIT, U_CENTURY, 0}, {"centuries", W_UNIT, U_CENTURY, 1},
    {"millennium", W_UNIT, U_MILLENNIUM, 0},
    {"period", W_UNIT, U_PERIOD, 0}, {"term", W_UNIT, U_TERM, 0},
    {"morning", W_DAYPART, 1, 0}, {"mornings", W_DAYPART, 1, 1},
    {"afternoon", W_DAYPART, 2, 0}, {"afternoons", W_DAYPART, 2, 1},
    {"evening", W_DAYPART, 3, 0}, {"evenings", W_DAYPART, 3, 1},
    {"night", W_DAYPART, 4, 0}, {"nights", W_DAYPART, 4, 1},
    {"overnight", W_DAYPART, 4, 0}, {"tonight", W_DAYPART, 4, 2},
    {"dawn", W_DAYPART, 1, 0}, {"daybreak", W_DAYPART, 1, 0},
    {"dusk", W_DAYPART, 3, 0},
    {"noon", W_NOON, 12, 0}, {"midday", W_NOON, 12, 0},
    {"midnight", W_NOON, 24, 0},
    {"spring", W_SEASON, 1, 0}, {"summer", W_SEASON, 2, 0},
    {"autumn", W_SEASON, 3, 0}, {"fall", W_SEASON, 3, 0},
    {"winter", W_SEASON, 4, 0},
    {"last", W_REL, -1, 0}, {"past", W_REL, -1, 1},
    {"previous", W_REL, -1, 0}, {"preceding", W_REL, -1, 0},
    {"prior", W_REL, -1, 0}, {"this", W_REL, 0, 0},
    {"current", W_REL, 0, 0}, {"same", W_REL, 0, 2}, {"that", W_REL, 0, 2},
    {"latest", W_REL, 0, 3}, {"next", W_REL, 1, 0}, {"coming", W_REL, 1, 1},
    {"following", W_REL, 1, 2}, {"upcoming", W_REL, 1, 0},
    {"ago", W_AGO, -1, 0}, {"hence", W_AGO, 1, 0},
    {"earlier", W_SHIFT, -1, 0}, {"before", W_SHIFT, -1, 0},
    {"later", W_SHIFT, 1, 0}, {"after", W_SHIFT, 1, 0},
    {"today", W_DEICTIC, 0, 0}, {"yesterday", W_DEICTIC, -1, 0},
    {"tomorrow", W_DEICTIC, 1, 0},
    {"now", W_REF, REF_PRESENT, 0}, {"currently", W_REF, REF_PRESENT, 0},
    {"recently", W_REF, REF_PAST, 0}, {"previously", W_REF, REF_PAST, 0},
    {"recent", W_REF, REF_PAST, 0}, {"future", W_REF, REF_FUTURE, 0},
    {"every", W_SET, 0, 0}, {"each", W_SET, 0, 0}, {"per", W_SET, 0, 0},
    {"daily", W_SETADV, U_DAY, 0}, {"nightly", W_SETADV, U_DAY, 0},
    {"weekly", W_SETADV, U_WEEK, 0}, {"biweekly", W_SETADV, U_WEEK, 2},
    {"monthly", W_SETADV, U_MONTH, 0}, {"quarterly", W_SETADV, U_QUARTER, 0},
    {"yearly", W_SETADV, U_YEAR, 0}, {"annually", W_SETADV, U_YEAR, 0},
    {"annual", W_SETADV, U_YEAR, 0}, {"hourly", W_SETADV, U_HOUR, 0},
    {"once", W_TIMES, 1, 0}, {"twice", W_TIMES, 2, 0}, {"times", W_TIMES, 0, 0},
    {"other", W_NUM, 2, 0}, {"several", W_VAGUE, 0, 0}, {"few", W_VAGUE, 0, 0},
    {"many", W_VAGUE, 0, 0}, {"some", W_VAGUE, 0, 0},
    {"multi", W_VAGUE, 0, 0}, {"number", W_VAGUE, 0, 0},
    {"a", W_A, 1, 0}, {"an", W_A, 1, 0}, {"the", W_THE, 0, 0},
    {"a.m.", W_AMPM, 0, 0}, {"a.m", W_AMPM, 0, 0}, {"am", W_AMPM, 0, 0},
    {"p.m.", W_AMPM, 12, 0}, {"p.m", W_AMPM, 12, 0}, {"pm", W_AMPM, 12, 0},
    {"o'clock", W_OCLOCK, 0, 0}, {"fiscal", W_FISCAL, 0, 0},
    {"or", W_OR, 0, 0}, {"to", W_OR, 0, 0}, {"long", W_LONG, 0, 0},
    {"twenties", W_DECADE, 2, 0}, {"thirties", W_DECADE, 3, 0},
    {"forties", W_DECADE, 4, 0}, {"fifties", W_DECADE, 5, 0},
    {"sixties", W_DECADE, 6, 0}, {"seventies", W_DECADE, 7, 0},
    {"eighties", W_DECADE, 8, 0}, {"nineties", W_DECADE, 9, 0},
};

/* Holidays: the name's key words and the date (fixed month-day, or the
 * n-th weekday of a month, or Easter with an offset). */
typedef struct {
    const char *name;
    int month, day;   /* fixed date, or day == 0 */
    int wday, nth;    /* n-th weekday of the month */
    int easter;       /* 1: days after Easter Sunday + easter - 1 */
} holiday;

/* Each name begins with a word of three letters or more that no word of
 * words[] holds ("new", "labor", "easter"): a span whose words are all in
 * words[] (or numbers with fewer than three bytes after their digits)
 * names no holiday, and read_span looks for names in the others only. */
static const holiday holidays[] = {
    {"christmas eve", 12, 24, 0, 0, 0}, {"christmas", 12, 25, 0, 0, 0},
    {"xmas", 12, 25, 0, 0, 0}, {"new year's eve", 12, 31, 0, 0, 0},
    {"new years eve", 12, 31, 0, 0, 0}, {"lunar new year", 0, 0, 0, 0, 0},
    {"new year", 1, 1, 0, 0, 0}, {"halloween", 10, 31, 0, 0, 0},
    {"valentine", 2, 14, 0, 0, 0}, {"independence day", 7, 4, 0, 0, 0},
    {"bastille day", 7, 14, 0, 0, 0}, {"boxing day", 12, 26, 0, 0, 0},
    {"veterans", 11, 11, 0, 0, 0}, {"thanksgiving", 11, 0, 4, 4, 0},
    {"labor day", 9, 0, 1, 1, 0}, {"labour day", 9, 0, 1, 1, 0},
    {"memorial day", 5, 0, 1, -1, 0}, {"election day", 11, 0, 2, 0, 0},
    {"easter monday", 0, 0, 0, 0, 2}, {"easter", 0, 0, 0, 0, 1},
};

/* The record a span's words are read into. -1: not given. The numbers a
 * span's digits give are ints, the rest (flags, table values, counts up to
 * MAX_WORDS) signed bytes: read_span starts every span from a copy of a
 * blank record, which this makes 80 bytes where 48 ints were 192. */
typedef signed char tiny;
typedef struct {
    int year, month, day, wday, decade, century;
    int qty;                 /* quantity ("two") */
    int hour, minute, ord;   /* ord: "third" quarter */
    unit un;
    tiny vague, half;        /* "several", "1/2" */
    tiny plural;             /* the unit is plural ("years") */
    tiny rel, relkind, has_rel; /* last -1 / this 0 / next 1; see words[] */
    tiny ago, shift;         /* "ago" -1; "earlier" -1, "later" 1 */
    tiny deictic, has_deictic;
    tiny ref;                /* REF_PRESENT... */
    tiny set, setadv, times; /* "every", "daily" (its unit), "twice" */
    tiny daypart, tonight;
    tiny ampm, clock;
    tiny season, the, fiscal, yearago, adj, hol, wdays;
    tiny adjlong;            /* "day-long", "decades-long" */
    tiny period_year;        /* "year" after a quarter, half or period */
    tiny decade_word;        /* "the nineties": 9 */
    tiny alt;                /* "or"/"to" after a quantity: a range */
    tiny nwords;
} reading;
_Static_assert(MAX_WORDS < 128 && sizeof holidays / sizeof *holidays < 127,
               "nwords and hol fit a tiny");

/* A word of up to KEY_MAX bytes, lowercased and packed into two integers:
 * two words are the same when their keys are, which takes three integer
 * compares where a strcmp took a call (the tense scan looks at up to 24
 * words around each expression, and a span's words are looked up twice). */
#define KEY_MAX 16
_Static_assert(WORD_MAX >= KEY_MAX, "key_of reads 16 bytes of a word of split()");
typedef struct {
    uint64_t b[2];
    size_t n;
} word_key;

/* tolower in the C locale, which newstag never leaves: ASCII only. */
static unsigned char lower(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? (unsigned char)(c | 0x20) : c;
}

/* Whether w[0..n), lowercased, is lit[0..n). */
static int same_lower(const char *w, const char *lit, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (lower((unsigned char)w[i]) != (unsigned char)lit[i])
            return 0;
    return 1;
}

/* Whether w[0..n) is the lowercase word lit, in any case: what comparing
 * lengths and strncasecmp said, without the calls (the length of a literal
 * lit is known when compiling, and most words differ in it). */
static int is_word(const char *w, size_t n, const char *lit)
{
    return n == strlen(lit) && same_lower(w, lit, n);
}

/* A word of a list, with its length: a word of another length is turned
 * away without a strlen (one per word of a list was a third of looking
 * words up in lists). */
typedef struct {
    const char *w;
    size_t n;
} lit;
#define LIT(s) {s, sizeof s - 1}

/* Whether w[0..n) is l, in any case. */
static int is_lit(const char *w, size_t n, const lit *l)
{
    return n == l->n && same_lower(w, l->w, n);
}

/* The key of w[0..n), a word with no uppercase ASCII letter, which must
 * have 16 readable bytes; 0 if it is too long to be one. */
static int key_of_lower(const char *w, size_t n, word_key *k)
{
    if (n > KEY_MAX)
        return 0;
    nt_wordmemo_load(w, n, k->b);
    k->n = n;
    return 1;
}

/* The key of w[0..n), lowercased, which must have 16 readable bytes (a
 * token's text has NT_TEXT_PAD past its end); 0 if it is too long to be
 * one. */
static int key_of(const char *w, size_t n, word_key *k)
{
    if (!key_of_lower(w, n, k))
        return 0;
    k->b[0] = nt_utf8_lower8(k->b[0]);
    k->b[1] = nt_utf8_lower8(k->b[1]);
    return 1;
}

static int same_key(const word_key *a, const word_key *b)
{
    return a->b[0] == b->b[0] && a->b[1] == b->b[1] && a->n == b->n;
}

/* A hash table of a list of words: slot[h] holds an entry's number plus
 * one (0: free), found by linear probing. A word listed twice keeps its
 * first entry, as a search from the top of the list would. */
#define KEY_SLOTS 512
typedef struct {
    uint8_t slot[KEY_SLOTS];
    word_key *keys;
    int built;
} key_table;

static size_t key_hash(const word_key *k)
{
    uint64_t h = (k->b[0] ^ (k->b[1] + k->n) * 0x100000001B3u) *
                 0x9E3779B97F4A7C15u;
    return (size_t)(h >> 55); /* the top 9 bits: KEY_SLOTS */
}

/* For the tables built once: kept out of line, as a builder's loop inlined
 * into a lookup made every lookup save and restore six registers. */
#define COLD __attribute__((noinline, cold))

/* Fills t with the n words word(i), all at most KEY_MAX bytes long. */
COLD static void build_keys(key_table *t, word_key *keys, size_t n,
                            const char *(*word)(size_t i))
{
    t->keys = keys;
    for (size_t i = 0; i < n; i++) {
        char w[KEY_MAX] = {0};
        size_t len = strlen(word(i));
        if (len > KEY_MAX)
            continue; /* none is */
        memcpy(w, word(i), len);
        key_of(w, len, &keys[i]);
        size_t h = key_hash(&keys[i]);
        while (t->slot[h] && !same_key(&keys[t->slot[h] - 1], &keys[i]))
            h = (h + 1) % KEY_SLOTS;
        if (!t->slot[h])
            t->slot[h] = (uint8_t)(i + 1);
    }
    t->built = 1;
}

/* The entry number of k in t, or -1. */
static int find_key(const key_table *t, const word_key *k)
{
    for (size_t h = key_hash(k); t->slot[h]; h = (h + 1) % KEY_SLOTS)
        if (same_key(&t->keys[t->slot[h] - 1], k))
            return t->slot[h] - 1;
    return -1;
}

#define NWORDS (sizeof words / sizeof *words)
_Static_assert(NWORDS < 255, "key_table holds entry numbers in bytes");

static const char *word_at(size_t i)
{
    return words[i].w;
}

/* The first entry of words[] that is w[0..n), a word of split(): in a row
 * of WORD_MAX bytes, as key_of needs, and lowercased already. Inline: its
 * call's saved registers cost a third of a look-up. */
static inline __attribute__((always_inline)) const word_def *lookup(const char *w,
                                                                    size_t n)
{
    static key_table t;
    static word_key keys[NWORDS];
    word_key k;
    if (!t.built)
        build_keys(&t, keys, NWORDS, word_at);
    if (!key_of_lower(w, n, &k))
        return NULL;
    int i = find_key(&t, &k);
    return i < 0 ? NULL : &words[i];
}

/* The bytes that split words (NUL too, as it did when this was a strchr
 * in a string: a table, as that was a tenth of reading a span); a hyphen
 * is told apart (SPLIT_HYPHEN), for split_seen. word_bytes[c]: 0 for such
 * a byte, else c lowercased (tolower, C locale): one load a byte of a word
 * tells both. Both tables are made from IS_SPLIT. */
enum { SPLIT = 1, SPLIT_HYPHEN = 2 };
#define IS_SPLIT(c) ((c) == ' ' || (c) == '\t' || (c) == '\r' || (c) == '\n' || \
                     (c) == ',' || (c) == '-' || (c) == '(' || (c) == ')' || (c) == 0)
#define SPLIT_BYTE(c) (!IS_SPLIT(c) ? 0 : (c) == '-' ? SPLIT | SPLIT_HYPHEN : SPLIT)
#define WORD_BYTE(c) (IS_SPLIT(c) ? 0 : (c) >= 'A' && (c) <= 'Z' ? (c) | 0x20 : (c))
#define BYTES4(f, c) f(c), f(c + 1), f(c + 2), f(c + 3)
#define BYTES16(f, c) BYTES4(f, c), BYTES4(f, c + 4), BYTES4(f, c + 8), BYTES4(f, c + 12)
#define BYTES64(f, c) BYTES16(f, c), BYTES16(f, c + 16), BYTES16(f, c + 32), \
                      BYTES16(f, c + 48)
#define BYTES256(f) BYTES64(f, 0), BYTES64(f, 64), BYTES64(f, 128), BYTES64(f, 192)
static const char splits[256] = {BYTES256(SPLIT_BYTE)};
static const unsigned char word_bytes[256] = {BYTES256(WORD_BYTE)};

/* What split saw of a text on its way, which read_span would otherwise
 * read it again for: whether it read the whole text (not when it stopped
 * at MAX_WORDS words) and whether it met a hyphen. */
typedef struct {
    int whole, hyphen;
} split_seen;

/* The length of the word at s[0..lim), lim >= 1, copied lowercased to out
 * (16 bytes written), when it is plain: bytes from '.' to 0x7F only, ended
 * within 16 bytes by a split byte or by lim; 0 for any other word (an
 * apostrophe, a UTF-8 byte, 16 bytes or more), which split's byte loop
 * takes. s must have 16 readable bytes (the text's padding). Nearly all
 * words of spans are plain ("last", "year", "1990", "Sept."): a byte
 * loop's load, test and store a byte were half of reading a span. */
static size_t plain_word(const char *s, size_t lim, char *out)
{
#if defined(__SSE2__) && defined(__GNUC__)
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)s);
    /* bytes below '.' (the split bytes among them) and, as signed, bytes
       from 0x80 */
    unsigned stop = (unsigned)_mm_movemask_epi8(_mm_cmplt_epi8(v, _mm_set1_epi8('.')));
    if (lim < 16)
        stop |= ~0u << lim;
    size_t e = (size_t)__builtin_ctz(stop | 0x10000u);
    if (e == 16 || (e < lim && !splits[(unsigned char)s[e]]))
        return 0;
    __m128i up = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('A' - 1)),
                               _mm_cmplt_epi8(v, _mm_set1_epi8('Z' + 1)));
    v = _mm_or_si128(v, _mm_and_si128(up, _mm_set1_epi8(0x20)));
    _mm_storeu_si128((__m128i *)(void *)out, v);
    return e;
#else
    (void)s;
    (void)lim;
    (void)out;
    return 0;
#endif
}

/* Splits text into lowercase words at blanks, commas, hyphens and
 * possessive apostrophes; "a.m." and "15:30" stay whole. lens[k]: the
 * length of word k, which its readers would otherwise each measure. */
static int split(const char *s, size_t n, char out[][WORD_MAX], size_t lens[],
                 split_seen *seen)
{
    int k = 0, seps = 0;
    size_t i = 0;
    while (i < n && k < MAX_WORDS) {
        while (i < n && splits[(unsigned char)s[i]])
            seps |= splits[(unsigned char)s[i++]];
        if (i >= n)
            break;
        size_t len = plain_word(s + i, n - i, out[k]);
        if (len) {
            i += len;
            out[k][len] = '\0';
            lens[k++] = len;
            continue;
        }
        unsigned char c;
        while (i < n && (c = word_bytes[(unsigned char)s[i]]) != 0) {
            if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
                (unsigned char)s[i + 2] == 0x99) { /* ’ */
                c = '\'';
                i += 2;
            }
            if (len + 1 < WORD_MAX)
                out[k][len++] = (char)c;
            i++;
        }
        if (len == 0)
            continue;
        if (len > 2 && out[k][len - 2] == '\'' && out[k][len - 1] == 's')
            len -= 2; /* "year's" */
        out[k][len] = '\0';
        lens[k++] = len;
    }
    seen->whole = i >= n;
    seen->hyphen = (seps & SPLIT_HYPHEN) != 0;
    return k;
}

/* Drops the final period of an abbreviation ("sept." -> "sept"), keeping
 * "a.m." whole. */
static void trim_period(char *w, size_t *len)
{
    if (*len > 1 && w[*len - 1] == '.' && !memchr(w, '.', *len - 1))
        w[--*len] = '\0';
}

/* isdigit in the C locale, without its call. */
static int is_digit(unsigned char c)
{
    return (unsigned)(c - '0') < 10;
}

/* strtol(w, end, 10) for a w that begins with a digit, without the call
 * for a run of digits that cannot overflow (all of them). */
static long read_long(const char *w, char **end)
{
    long v = 0;
    size_t i = 0;
    for (; i < 18 && is_digit((unsigned char)w[i]); i++)
        v = v * 10 + (w[i] - '0');
    if (is_digit((unsigned char)w[i]))
        return strtol(w, end, 10);
    *end = (char *)(w + i);
    return v;
}

/* Reads a word starting with a digit: a year, a day, a quantity, a clock
 * time ("15:30", "10am"), a decade ("1990s"), an ordinal day ("9th").
 * next_is_unit: 1 before a unit word, 2 before a singular quarter or
 * period (the number is a year), 3 before a month (it is a day). */
static void read_number(reading *r, const char *w, int next_is_unit)
{
    char *end, *mend;
    long v = read_long(w, &end);
    if (*end == ':' || (*end == '.' && strlen(end) == 3 && !next_is_unit &&
                        is_digit((unsigned char)end[1]))) {
        r->hour = (int)v;
        r->minute = (int)(is_digit((unsigned char)end[1])
                              ? read_long(end + 1, &mend)
                              : strtol(end + 1, NULL, 10)); /* " 5", "+5" */
        r->clock = 1;
        const char *tail = end + 1;
        while (is_digit((unsigned char)*tail))
            tail++;
        if (*tail == 'p')
            r->ampm = 12;
        return;
    }
    if (strcmp(end, "am") == 0 || strcmp(end, "pm") == 0) {
        r->hour = (int)v;
        r->minute = 0;
        r->clock = 1;
        r->ampm = *end == 'p' ? 12 : 0;
        return;
    }
    if (strcmp(end, "s") == 0 && v >= 1000 && v % 10 == 0) {
        r->decade = (int)(v / 10);
        return;
    }
    if (strcmp(end, "th") == 0 || strcmp(end, "st") == 0 ||
        strcmp(end, "nd") == 0 || strcmp(end, "rd") == 0) {
        if (next_is_unit == 1 && v <= 4)
            r->ord = (int)v;
        else if (next_is_unit == 1)
            r->century = (int)v - 1;
        else
            r->day = (int)v;
        return;
    }
    if (strcmp(w, "1/2") == 0) {
        r->half = 1;
        return;
    }
    if (next_is_unit == 3 && v >= 1 && v <= 31) { /* "9 May" */
        r->day = (int)v;
        return;
    }
    if ((!next_is_unit || next_is_unit == 2) && v >= 1000 && v <= 2999 &&
        strlen(w) == 4)
        r->year = (int)v;
    else if (!next_is_unit && r->month > 0 && r->day < 0 && v >= 1 && v <= 31)
        r->day = (int)v;
    else
        r->qty = (int)v;
}

/* Adds a number word to the running quantity: "twenty four", "two
 * thousand", "a hundred". */
static void add_number(reading *r, int v, int *in_number)
{
    if (*in_number && (r->qty == 19 || r->qty == 20) && v >= 10 && v < 100)
        r->qty = r->qty * 100 + v; /* "nineteen ninety(-six)" */
    else if (!*in_number || r->qty < 0)
        r->qty = v;
    else if (v == 100 || v == 1000)
        r->qty *= v;
    else
        r->qty += v;
    *in_number = 1;
}

static void read_word(reading *r, const word_def *d, int *in_number)
{
    int was_number = *in_number;
    *in_number = 0;
    switch (d->kind) {
    case W_MONTH: r->month = d->val; break;
    case W_WDAY: r->wday = d->val; r->wdays = d->val2; break;
    case W_NUM:
        if (r->alt)
            break; /* "a month or two", "two to three weeks": the first */
        *in_number = was_number;
        add_number(r, d->val, in_number);
        break;
    case W_OR: r->alt = r->qty >= 0 || r->plural; break;
    case W_DOZEN: r->qty = r->qty > 0 ? r->qty * 12 : 12; break;
    case W_COUPLE: r->qty = 2; break;
    case W_ORD: r->ord = d->val; break;
    case W_UNIT:
        if (r->alt && r->plural)
            break; /* "weeks or months": the first */
        if ((r->un == U_QUARTER || r->un == U_HALF || r->un == U_PERIOD) &&
            d->val == U_YEAR) {
            r->period_year = !d->val2; /* "the first quarter of next year" */
            break;
        }
        if (r->un == U_YEAR && !r->plural &&
            (d->val == U_QUARTER || d->val == U_PERIOD))
            r->period_year = 1; /* "last year's quarter" */
        r->un = (unit)d->val;
        r->plural = d->val2;
        break;
    case W_HALF:
        if (r->ord > 0 || r->has_rel)
            r->un = U_HALF;
        else
            r->half = 1;
        break;
    case W_DAYPART: r->daypart = d->val; r->tonight = d->val2 == 2; break;
    case W_SEASON: r->season = d->val; break;
    case W_REL: r->rel = d->val; r->relkind = d->val2; r->has_rel = 1; break;
    case W_AGO: r->ago = d->val; break;
    case W_SHIFT: r->shift = d->val; break;
    case W_DEICTIC: r->deictic = d->val; r->has_deictic = 1; break;
    case W_REF: r->ref = d->val; break;
    case W_SET: r->set = 1; break;
    case W_SETADV: r->setadv = d->val; r->qty = d->val2 ? d->val2 : r->qty; break;
    case W_TIMES: r->times = 1; break;
    case W_VAGUE: r->vague = 1; break;
    case W_A: if (r->qty < 0) r->qty = 1; break;
    case W_AMPM: r->ampm = d->val; if (r->qty >= 0 && !r->clock) {
            r->hour = r->qty; r->minute = 0; r->clock = 1; r->qty = -1; }
        break;
    case W_OCLOCK: if (r->qty >= 0) { r->hour = r->qty; r->minute = 0;
            r->clock = 1; r->qty = -1; }
        break;
    case W_NOON: r->hour = d->val; r->minute = 0; r->clock = 1; break;
    case W_THE: r->the = 1; break;
    case W_FISCAL: r->fiscal = 1; break;
    case W_LONG: r->adjlong = 1; break;
    case W_DECADE: r->decade_word = d->val; break;
    case W_NONE: break;
    }
}

/* The number the n digits at s make, or -1 if one is no digit. */
static int digits(const char *s, size_t n)
{
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (!is_digit((unsigned char)s[i]))
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

/* What scan_date reads from a plain "1996-08-30", the form of nearly all
 * numeric dates (a dateline's), without its sscanf. */
static int iso_date(const char *s, size_t n, int *y, int *m, int *d)
{
    return n == 10 && s[4] == '-' && s[7] == '-' &&
           (*y = digits(s, 4)) >= 0 && (*m = digits(s + 5, 2)) >= 0 &&
           (*d = digits(s + 8, 2)) >= 0;
}

/* Whether text[0..n), n < 16, holds c twice or more. text must have 16
 * readable bytes (see normalize): one compare of them all, where a loop
 * over the bytes of each span that begins with a digit was a third of
 * looking for numeric dates. */
static int two_of(const char *text, size_t n, char c)
{
#if defined(__SSE2__) && defined(__GNUC__)
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)text);
    unsigned m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(c))) &
                 ((1u << n) - 1);
    return (m & (m - 1)) != 0;
#else
    size_t seen = 0;
    for (size_t i = 0; i < n; i++)
        seen += text[i] == c;
    return seen >= 2;
#endif
}

/* "2015-05-09" and "05/09/2015" (US order) as sscanf reads them: 1 if one
 * of the formats takes the whole of text[0..n). */
static int scan_date(const char *text, size_t n, int *y, int *m, int *d)
{
    char buf[16];
    int used = 0;
    unsigned char c0 = n ? (unsigned char)text[0] : 0;
    /* what sscanf's %d can begin with: most spans ("last year") cannot */
    if (n >= sizeof buf || !(is_digit(c0) || c0 == ' ' || (c0 >= '\t' && c0 <= '\r') ||
                             c0 == '+' || c0 == '-')) /* isspace: C locale */
        return 0;
    /* each format needs its two separators and ends in a digit: most
       spans with digits ("1990s", "10-year", "1989-90") fail here, and
       need no sscanf */
    if (!isdigit((unsigned char)text[n - 1]))
        return 0;
    int dashes = two_of(text, n, '-'), slashes = two_of(text, n, '/');
    if (!dashes && !slashes)
        return 0;
    memcpy(buf, text, n);
    buf[n] = '\0';
    return ((dashes && sscanf(buf, "%4d-%2d-%2d%n", y, m, d, &used) == 3) ||
            (slashes && sscanf(buf, "%2d/%2d/%4d%n", m, d, y, &used) == 3)) &&
           (size_t)used == n;
}

/* "2015-05-09" and "05/09/2015": 1 with the date in r. */
static int read_numeric_date(const char *text, size_t n, reading *r)
{
    int y, m, d;
    if (!(iso_date(text, n, &y, &m, &d) || scan_date(text, n, &y, &m, &d)) ||
        m < 1 || m > 12 || d < 1 || d > 31)
        return 0;
    r->year = y;
    r->month = m;
    r->day = d;
    return 1;
}

/* What the word after a number makes of it (see read_number): 1 a unit,
 * 2 a singular quarter or period (the number is a year), 3 a month. */
static int number_role(const char *next, size_t n)
{
    const word_def *nx = lookup(next, n);
    if (nx && nx->kind == W_MONTH)
        return 3;
    if (!nx || !(nx->kind == W_UNIT || nx->kind == W_HALF))
        return strcmp(next, "1/2") == 0;
    if ((nx->val == U_QUARTER || nx->val == U_PERIOD || nx->kind == W_HALF) &&
        nx->val2 == 0)
        return 2; /* "the 1988 quarter": a year */
    return 1;
}

/* A pair of bytes by their low five bits, lowercased: the place of a pair
 * of letters, shared with some pairs of other bytes (a filter, never too
 * strict). */
static size_t pair_of(char a, char b)
{
    return (size_t)(lower((unsigned char)a) & 31) << 5 |
           (lower((unsigned char)b) & 31);
}

#define NHOLIDAYS (sizeof holidays / sizeof *holidays)
_Static_assert(NHOLIDAYS < 32, "holiday sets are 32-bit masks");

/* by_pair[p]: the holidays whose names begin with the pair p; lens: the
 * names' lengths. Built on first use. */
typedef struct {
    uint32_t by_pair[32 * 32];
    size_t lens[NHOLIDAYS];
} holiday_index;

COLD static void build_pairs(holiday_index *h)
{
    for (size_t i = 0; i < NHOLIDAYS; i++) {
        const char *name = holidays[i].name;
        h->by_pair[pair_of(name[0], name[1])] |= (uint32_t)1 << i;
        h->lens[i] = strlen(holidays[i].name);
    }
}

static const holiday_index *holiday_pairs(void)
{
    static holiday_index h;
    static int built;
    if (!built) {
        build_pairs(&h);
        built = 1;
    }
    return &h;
}

/* The number of digits w begins with. */
static size_t digits_before(const char *w)
{
    size_t i = 0;
    while (is_digit((unsigned char)w[i]))
        i++;
    return i;
}

/* The holidays of the set maybe whose names are at text[at..m), in any
 * case. */
static uint32_t holidays_at(const holiday_index *h, uint32_t maybe,
                            const char *text, size_t at, size_t m)
{
    uint32_t found = 0;
    for (; maybe; maybe &= maybe - 1) {
        int i = __builtin_ctz(maybe);
        if (h->lens[i] <= m - at &&
            same_lower(text + at, holidays[i].name, h->lens[i]))
            found |= (uint32_t)1 << i;
    }
    return found;
}

/* The holiday named in text[0..n), as its index in holidays[] plus one, or
 * 0: the first name of the table (which lists longer names first,
 * "christmas eve" before "christmas") that a strstr finds in the span's
 * first 63 bytes, lowercased, up to a NUL. A name is compared only where
 * its first two letters are, and there alone: a strstr of each name in
 * each span was a tenth of reading spans, and a strstr of each name whose
 * pair the span holds anywhere ("th" of "thanksgiving", in most) a fifth
 * of what was left. */
static int find_holiday(const char *text, size_t n)
{
    const holiday_index *h = holiday_pairs();
    size_t m = n < 63 ? n : 63;
    uint32_t found = 0;
    for (size_t j = 1; j < m && text[j - 1]; j++) {
        uint32_t maybe = h->by_pair[pair_of(text[j - 1], text[j])];
        if (maybe)
            found |= holidays_at(h, maybe, text, j - 1, m);
    }
    return found ? __builtin_ctz(found) + 1 : 0;
}

/* "the quarter a year ago", "the corresponding period last year", "last
 * year's quarter": the article's period a year back, like "the year-ago
 * quarter". A numbered quarter keeps its year ("the first quarter of last
 * year"). */
static void read_period_year(reading *r)
{
    if (!r->period_year || r->ord > 0 ||
        !(r->rel < 0 || r->ago < 0 || r->shift < 0))
        return;
    r->yearago = 1;
    r->has_rel = r->rel = r->ago = r->shift = 0;
    r->qty = -1;
}

/* "4 in the morning", "10 at night": an hour made a clock time by its
 * part of the day (the afternoon, the evening and a night from 6 are
 * p.m.). */
static void read_part_hour(reading *r)
{
    if (!r->daypart || r->clock || r->un != U_NONE || r->qty < 1 || r->qty > 12)
        return;
    int pm = r->daypart == 2 || r->daypart == 3 || (r->daypart == 4 && r->qty >= 6);
    r->hour = r->qty == 12 ? (pm ? 12 : 0) : r->qty + (pm ? 12 : 0);
    r->minute = 0;
    r->clock = 1;
    r->ampm = -1;
    r->qty = -1;
}

/* "the last half of 1989", "the latter half of the year": the second. */
static int last_half(char w[][WORD_MAX], const size_t *len, int i, int k)
{
    return i + 2 < k &&
           (is_word(w[i], len[i], "last") || is_word(w[i], len[i], "latter")) &&
           is_word(w[i + 1], len[i + 1], "half") &&
           is_word(w[i + 2], len[i + 2], "of");
}

/* Reads the words of a span into r. */
static void read_span(const char *text, size_t n, reading *r)
{
    /* a copy of this, not a memset and ten stores */
    static const reading blank = {
        .year = -1, .month = -1, .day = -1, .wday = -1, .decade = -1,
        .century = -1, .qty = -1, .ord = -1, .hour = -1, .ampm = -1,
    };
    char w[MAX_WORDS][WORD_MAX];
    size_t len[MAX_WORDS];
    split_seen seen;
    *r = blank;
    if (read_numeric_date(text, n, r))
        return;
    int k = split(text, n, w, len, &seen), in_number = 0;
    int odd = 0; /* a word that may hold a holiday's (see holidays[]) */
    r->nwords = k;
    for (int i = 0; i < k; i++) {
        trim_period(w[i], &len[i]);
        if (is_digit((unsigned char)w[i][0])) {
            /* the next word as it is, its period not yet trimmed */
            int role = i + 1 < k ? number_role(w[i + 1], len[i + 1]) : 0;
            read_number(r, w[i], role);
            /* a holiday's word after the digits, or cut off (WORD_MAX) */
            odd |= len[i] + 3 >= WORD_MAX || len[i] - digits_before(w[i]) >= 3;
            in_number = 0;
            continue;
        }
        odd |= w[i][0] == '\'';
        if (w[i][0] == '\'' && is_digit((unsigned char)w[i][1])) { /* '90s */
            int v = atoi(w[i] + 1);
            r->decade = 190 + v / 10;
            continue;
        }
        if (last_half(w, len, i, k)) {
            r->ord = 2;
            odd = 1;
            continue;
        }
        const word_def *d = lookup(w[i], len[i]);
        if (d)
            read_word(r, d, &in_number);
        else
            in_number = 0;
        odd |= !d;
        int after_year = i > 0 && is_word(w[i - 1], len[i - 1], "year");
        if (after_year && is_word(w[i], len[i], "earlier"))
            r->yearago = 1;
        if (after_year && is_word(w[i], len[i], "ago") && r->qty < 0)
            r->yearago = 1;
    }
    if (r->qty >= 1000 && r->qty <= 2999 && (r->un == U_NONE || r->un == U_YEAR) &&
        !r->plural && r->year < 0) { /* "the year two thousand" */
        r->year = r->qty;
        r->qty = -1;
        r->un = U_NONE;
    }
    read_period_year(r);
    read_part_hour(r);
    r->adj = seen.whole ? seen.hyphen : memchr(text, '-', n) != NULL;
    r->hol = seen.whole && !odd ? 0 : find_holiday(text, n);
}

/* The readings of the last spans read, kept by their bytes: read_span is
 * a function of them alone, and news repeats its expressions ("Friday",
 * "1996-08-30", "last year"): of the 1,450 expressions of CoNLL-2003 dev,
 * 479 differ. A span of up to 16 bytes is kept as its bytes zero-padded
 * (no span ends with a NUL byte when it is kept, so those bytes tell it
 * from every other span); its hash picks a slot, which gives the span its
 * place, pushing out the span there before it. Places are taken in order
 * as slots are first used, so that a process touches a page of them for
 * every 42 different spans it reads, not one for each of its first spans
 * (a fresh page costs some 6 microseconds here, a short article's process
 * 2 milliseconds). With 512 slots, 904 of the 1,450 expressions of dev
 * were found there (62%) and 10,903 of the 14,500 of ten copies of it
 * (75%); 256 slots cost 0.6 million more instructions on the ten copies
 * (341.3 million). Process-wide, as the word tables above, so that the
 * readings outlive a document (an article has a few expressions, most of
 * them new to it). */
#define KEPT_BITS 9
typedef struct {
    uint64_t w[2]; /* the span's bytes, zero-padded */
    reading r;
} kept_reading;

static struct {
    uint16_t slot[1u << KEPT_BITS]; /* place + 1 of the span there; 0: none */
    size_t used;                    /* places taken */
    kept_reading place[1u << KEPT_BITS];
} kept;

/* read_span, from the kept readings when they hold text[0..n). text must
 * have 16 readable bytes (see split). */
static void read_span_kept(const char *text, size_t n, reading *r)
{
    if (n - 1 >= NT_WORDMEMO_WORD || text[n - 1] == '\0') {
        read_span(text, n, r);
        return;
    }
    uint64_t w[2];
    nt_wordmemo_load(text, n, w);
    uint16_t *slot = &kept.slot[nt_wordmemo_hash_(w) >> (64 - KEPT_BITS)];
    if (!*slot) /* each slot takes one place: there are as many */
        *slot = (uint16_t)++kept.used;
    kept_reading *p = &kept.place[*slot - 1];
    if (p->w[0] != w[0] || p->w[1] != w[1]) {
        read_span(text, n, &p->r);
        p->w[0] = w[0];
        p->w[1] = w[1];
    }
    *r = p->r;
}

/* ---- values ---- */

/* The frequent values are written here directly, the rare ones through
 * nt_sfmt: reading its format was a third of normalizing a date (a
 * "%04d-%02d-%02d" cost 600 instructions). */

/* Writes v, 0 <= v <= 9999, in at least w <= 4 digits as "%0<w>d" does,
 * and returns the end. */
static char *put_num(char *p, int v, int w)
{
    int n = v >= 1000 ? 4 : v >= 100 ? 3 : v >= 10 ? 2 : 1;
    if (n < w)
        n = w;
    for (int i = n - 1; i >= 0; i--, v /= 10)
        p[i] = (char)('0' + v % 10);
    return p + n;
}

/* put_ymd's rare case: a number beyond put_num. */
static void put_ymd_long(char *v, int y, int m, int d, int parts)
{
    if (y < 0 && parts == 3)
        nt_sfmt(v, NT_VALUE_MAX, "XXXX-%02d-%02d", m, d);
    else if (y < 0)
        nt_sfmt(v, NT_VALUE_MAX, "XXXX-%02d", m); /* parts 2: 1 is in range */
    else if (parts == 3)
        nt_sfmt(v, NT_VALUE_MAX, "%04d-%02d-%02d", y, m, d);
    else if (parts == 2)
        nt_sfmt(v, NT_VALUE_MAX, "%04d-%02d", y, m);
    else
        nt_sfmt(v, NT_VALUE_MAX, "%04d", y);
}

/* Writes "YYYY", "YYYY-MM" or "YYYY-MM-DD" (parts 1, 2 or 3) as "%04d",
 * "%04d-%02d" and "%04d-%02d-%02d" write them, with "XXXX" for a year below
 * 0: directly, or through nt_sfmt when a number is beyond put_num. */
static void put_ymd(char *v, int y, int m, int d, int parts)
{
    if (y > 9999 || (unsigned)m > 99 || (unsigned)d > 99) {
        put_ymd_long(v, y, m, d, parts);
        return;
    }
    char *p = v;
    if (y < 0) {
        memcpy(p, "XXXX", 4);
        p += 4;
    } else {
        p = put_num(p, y, 4);
    }
    if (parts >= 2) {
        *p++ = '-';
        p = put_num(p, m, 2);
    }
    if (parts >= 3) {
        *p++ = '-';
        p = put_num(p, d, 2);
    }
    *p = '\0';
}

/* Copies s, a constant shorter than NT_VALUE_MAX ("PAST_REF"). */
static void put_text(char *v, const char *s)
{
    strcpy(v, s);
}

/* Writes a date at the granularity of unit u (day, week, month, quarter,
 * half, year, decade, century); an unknown year gives X digits. */
static void put_date(char *v, nt_ymd t, unit u)
{
    int wy, w;
    if (t.y <= 0) {
        put_text(v, u == U_YEAR ? "XXXX"
                 : u == U_MONTH ? "XXXX-XX" : u == U_WEEK ? "XXXX-WXX"
                 : u == U_DECADE ? "XXX" : u == U_CENTURY ? "XX"
                 : u == U_QUARTER ? "XXXX-QX" : "XXXX-XX-XX");
        return;
    }
    switch (u) {
    case U_WEEK:
    case U_WEEKEND:
        w = nt_cal_isoweek(t, &wy);
        nt_sfmt(v, NT_VALUE_MAX, "%04d-W%02d%s", wy, w,
                 u == U_WEEKEND ? "-WE" : "");
        break;
    case U_MONTH:
        put_ymd(v, t.y, t.m, 0, 2);
        break;
    case U_QUARTER:
        nt_sfmt(v, NT_VALUE_MAX, "%04d-Q%d", t.y, (t.m - 1) / 3 + 1);
        break;
    case U_HALF: nt_sfmt(v, NT_VALUE_MAX, "%04d-H%d", t.y, (t.m - 1) / 6 + 1); break;
    case U_YEAR:
        put_ymd(v, t.y, 0, 0, 1);
        break;
    case U_DECADE: nt_sfmt(v, NT_VALUE_MAX, "%03d", t.y / 10); break;
    case U_CENTURY: nt_sfmt(v, NT_VALUE_MAX, "%02d", t.y / 100); break;
    default:
        put_ymd(v, t.y, t.m, t.d, 3);
        break;
    }
}

/* A date of granularity g from an anchor known only to granularity au
 * ("that same day" after "last October"): what the anchor does not give is
 * unknown (1998-10-XX), never its first day. */
static void put_within(char *v, nt_ymd t, unit g, unit au)
{
    if (t.y <= 0 || au <= g || au < U_MONTH)
        put_date(v, t, g);
    else if ((g == U_DAY || g == U_WEEKEND) && au == U_MONTH)
        nt_sfmt(v, NT_VALUE_MAX, "%04d-%02d-XX", t.y, t.m);
    else if (g == U_DAY || g == U_WEEKEND)
        nt_sfmt(v, NT_VALUE_MAX, "%04d-XX-XX", t.y);
    else if (g == U_WEEK)
        nt_sfmt(v, NT_VALUE_MAX, "%04d-WXX", t.y);
    else if (g == U_MONTH)
        nt_sfmt(v, NT_VALUE_MAX, "%04d-XX", t.y);
    else
        put_date(v, t, g);
}

/* t moved by n units u. */
static nt_ymd shift(nt_ymd t, unit u, int n)
{
    switch (u) {
    case U_DAY: case U_NIGHT: return nt_cal_add_days(t, n);
    case U_WEEK: case U_WEEKEND: return nt_cal_add_days(t, 7L * n);
    case U_FORTNIGHT: return nt_cal_add_days(t, 14L * n);
    case U_MONTH: return nt_cal_add_months(t, n);
    case U_QUARTER: return nt_cal_add_months(t, 3 * n);
    case U_HALF: return nt_cal_add_months(t, 6 * n);
    case U_YEAR: return nt_cal_add_months(t, 12 * n);
    case U_DECADE: return nt_cal_add_months(t, 120 * n);
    case U_CENTURY: return nt_cal_add_months(t, 1200 * n);
    default: return t;
    }
}

/* TIMEX3 duration of qty units u ("P2W", "PT3H", "PXY"); half adds 1/2. */
static void put_duration(char *v, unit u, int qty, int vague, int half)
{
    /* half: a half unit in the next smaller one, where it is whole */
    static const struct {
        unit u; const char *t; int mult; char x; const char *half;
    } d[] = {
        {U_SEC, "TS", 1, 'S', NULL}, {U_MIN, "TM", 1, 'M', "30S"},
        {U_HOUR, "TH", 1, 'H', "30M"}, {U_DAY, "D", 1, 'D', "T12H"},
        {U_NIGHT, "D", 1, 'D', NULL}, {U_WEEK, "W", 1, 'W', NULL},
        {U_FORTNIGHT, "W", 2, 'W', NULL}, {U_WEEKEND, "D", 2, 'D', NULL},
        {U_MONTH, "M", 1, 'M', NULL}, {U_QUARTER, "Q", 1, 'Q', NULL},
        {U_HALF, "M", 6, 'M', NULL}, {U_YEAR, "Y", 1, 'Y', "6M"},
        {U_DECADE, "Y", 10, 'E', NULL}, {U_CENTURY, "Y", 100, 'C', NULL},
        {U_MILLENNIUM, "Y", 1000, 'L', NULL},
    };
    for (size_t i = 0; i < sizeof d / sizeof *d; i++) {
        if (d[i].u != u)
            continue;
        int isT = d[i].t[0] == 'T';
        char unitc = d[i].t[isT];
        if (vague || qty < 0) {
            char *p = v;
            *p++ = 'P';
            if (isT)
                *p++ = 'T';
            *p++ = 'X';
            *p++ = d[i].x;
            *p = '\0';
        } else if (!(half && d[i].half) && qty <= 9999 / d[i].mult) {
            int total = qty * d[i].mult; /* "P2W", "PT3H" */
            char *p = v;
            *p++ = 'P';
            if (isT)
                *p++ = 'T';
            p = put_num(p, total, 1);
            *p++ = unitc;
            *p = '\0';
        } else if (half && d[i].half) { /* "2 1/2 years": P2Y6M */
            nt_sfmt(v, NT_VALUE_MAX, "P%s%d%c%s", isT ? "T" : "", qty, unitc,
                     d[i].half);
        } else {
            nt_sfmt(v, NT_VALUE_MAX, "P%s%d%c", isT ? "T" : "", qty * d[i].mult,
                     unitc);
        }
        return;
    }
    nt_sfmt(v, NT_VALUE_MAX, "PXX");
}

/* The weekday wd nearest to ref in the direction dir (-1 before, +1 after,
 * 0: the past). The reference's own weekday is the reference date itself
 * unless strict ("last Friday", "next Friday" said on a Friday). */
static nt_ymd resolve_weekday(nt_ymd ref, int wd, int dir, int strict)
{
    int diff = wd - nt_cal_weekday(ref);
    if (diff == 0 && !strict)
        return ref;
    if (dir <= 0 && diff >= 0)
        diff -= 7;
    else if (dir > 0 && diff <= 0)
        diff += 7;
    return nt_cal_add_days(ref, diff);
}

/* ---- the sentence around an expression ---- */

static int is_stretch(const nt_doc *d, size_t first, size_t last);
static int beside_dir(const nt_doc *d, size_t first, size_t last);
static size_t first_token_after(const nt_tokens *t, size_t from, size_t at);

/* Which of the context's values read off c->doc are known (c->known). */
enum { KNOWN_TOKENS = 1, KNOWN_TENSE = 2, KNOWN_STRETCH = 4, KNOWN_BESIDE = 8 };

/* Whether c's expression has tokens (it has, unless it lies past the
 * last), found in c->first and c->last the first time they are asked
 * for. Finding them was a tenth of resolving an article's dates. */
static int tokens_of(nt_timex_ctx *c)
{
    const nt_tokens *t = &c->doc->toks;
    if (!(c->known & KNOWN_TOKENS)) {
        size_t first = first_token_after(t, c->from, c->start), last = first;
        while (last + 1 < t->n && t->v[last + 1].start < c->end)
            last++;
        c->from = c->first = first;
        c->last = last;
        c->known |= KNOWN_TOKENS;
    }
    return c->first < t->n;
}

/* The tense of c: given, or read off its tokens the first time it is
 * asked for (none for an expression past the last token). The scan for
 * it was a third of resolving an article's dates, and most values never
 * ask. */
static nt_tense tense_of(nt_timex_ctx *c)
{
    if (c->doc && !(c->known & KNOWN_TENSE)) {
        c->tense = tokens_of(c) ? nt_timex_tense(c->doc, c->first, c->last)
                                : NT_TENSE_NONE;
        c->known |= KNOWN_TENSE;
    }
    return c->tense;
}

/* c->stretch, the same way. */
static int stretch_of(nt_timex_ctx *c)
{
    if (c->doc && !(c->known & KNOWN_STRETCH)) {
        c->stretch = tokens_of(c) && is_stretch(c->doc, c->first, c->last);
        c->known |= KNOWN_STRETCH;
    }
    return c->stretch;
}

/* c->beside, the same way (none past the last token: beside_dir says so). */
static int beside_of(nt_timex_ctx *c)
{
    if (c->doc && !(c->known & KNOWN_BESIDE)) {
        tokens_of(c);
        c->beside = beside_dir(c->doc, c->first, c->last);
        c->known |= KNOWN_BESIDE;
    }
    return c->beside;
}

/* The year of a month (and day) without one: the reference year, moved
 * back for a later month in a past sentence and forward for an earlier
 * month in a future one (the tense is asked for only then). */
static int year_for(nt_ymd ref, int m, int d, nt_timex_ctx *c)
{
    int after = m > ref.m || (m == ref.m && d > ref.d);
    int before = m < ref.m || (m == ref.m && d > 0 && d < ref.d);
    _Static_assert(FAR_MONTHS > 5, "a month FAR_MONTHS away passes the test");
    if (!(after && m - ref.m > 3) && !(before && ref.m - m > 5))
        return ref.y; /* within months that no tense moves */
    nt_tense tense = tense_of(c);
    if (tense == NT_TENSE_PAST && after && m - ref.m > 3)
        return ref.y - 1;
    if (tense == NT_TENSE_FUTURE && before && ref.m - m > 5)
        return ref.y + 1;
    if (tense == NT_TENSE_NONE && ref.m - m > FAR_MONTHS) /* January, said in November */
        return ref.y + 1;
    if (tense == NT_TENSE_NONE && m - ref.m > FAR_MONTHS)
        return ref.y - 1;
    return ref.y;
}

/* What parse_anchor's sscanfs read from the values it is mostly given,
 * all digits where the formats have them: "1998-10-23", "1989-Q3",
 * "1989-H2", "1998-10", "1990" (0 for any other, which the sscanfs read;
 * they were nine tenths of a shift's cost). */
static int plain_anchor(const char *a, nt_ymd *t, unit *u)
{
    size_t n = strnlen(a, 11);
    int y = digits(a, 4);
    if (n < 4 || y < 0 || (n > 4 && a[4] != '-'))
        return 0;
    if (n == 4) {
        *t = (nt_ymd){y, 1, 1};
        *u = U_YEAR;
        return 1;
    }
    if (n == 7 && (a[5] == 'Q' || a[5] == 'H') && is_digit((unsigned char)a[6])) {
        int q = a[6] - '0';
        *t = a[5] == 'Q' ? (nt_ymd){y, q * 3 - 2, 1} : (nt_ymd){y, q * 6 - 5, 1};
        *u = a[5] == 'Q' ? U_QUARTER : U_HALF;
        return 1;
    }
    int m = n == 7 || n == 10 ? digits(a + 5, 2) : -1;
    if (m < 0)
        return 0;
    if (n == 7) {
        *t = (nt_ymd){y, m, 1};
        *u = U_MONTH;
        return 1;
    }
    int d = a[7] == '-' ? digits(a + 8, 2) : -1;
    if (d < 0)
        return 0;
    *t = (nt_ymd){y, m, d};
    *u = U_DAY;
    return 1;
}

/* Parses an anchor value ("1989-Q3", "1998-10-23", "1990") into a date and
 * the unit of its granularity. 0 if it is no plain date. */
static int parse_anchor(const char *a, nt_ymd *t, unit *u)
{
    int y, m, d, q;
    char c;
    if (!a || !is_digit((unsigned char)a[0]))
        return 0;
    if (plain_anchor(a, t, u))
        return t->m >= 1 && t->m <= 12;
    if (sscanf(a, "%4d-%2d-%2d%c", &y, &m, &d, &c) == 3) {
        *t = (nt_ymd){y, m, d};
        *u = U_DAY;
    } else if (sscanf(a, "%4d-Q%1d%c", &y, &q, &c) == 2) {
        *t = (nt_ymd){y, q * 3 - 2, 1};
        *u = U_QUARTER;
    } else if (sscanf(a, "%4d-H%1d%c", &y, &q, &c) == 2) {
        *t = (nt_ymd){y, q * 6 - 5, 1};
        *u = U_HALF;
    } else if (sscanf(a, "%4d-%2d%c", &y, &m, &c) == 2 && a[4] == '-') {
        *t = (nt_ymd){y, m, 1};
        *u = U_MONTH;
    } else if (strlen(a) == 4 && sscanf(a, "%4d", &y) == 1) {
        *t = (nt_ymd){y, 1, 1};
        *u = U_YEAR;
    } else {
        return 0;
    }
    return t->m >= 1 && t->m <= 12;
}

/* Season code and year: "last fall" is the most recent autumn before the
 * reference date, "next summer" the coming one, a bare season by tense. */
static void put_season(char *v, const reading *r, nt_timex_ctx *c)
{
    static const int start[] = {0, 3, 6, 9, 12};
    int y = r->year, s = r->season;
    if (y < 0 && c->ref.y > 0) {
        int started = start[s] <= c->ref.m;
        int dir = r->has_rel ? r->rel : 0;
        y = c->ref.y;
        if ((dir < 0 || (dir == 0 && !r->has_rel && tense_of(c) < 0)) && !started)
            y--;
        else if (dir > 0 && started)
            y++;
        if (dir < 0 && started && start[s] + 3 > c->ref.m && r->has_rel)
            y--; /* "last summer" in July: the previous one */
    }
    if (y < 0)
        nt_sfmt(v, NT_VALUE_MAX, "XXXX-%s", seasons[s]);
    else
        nt_sfmt(v, NT_VALUE_MAX, "%04d-%s", y, seasons[s]);
}

/* A holiday's date in year y. */
static nt_ymd holiday_date(const holiday *h, int y)
{
    if (h->easter)
        return nt_cal_add_days(nt_cal_easter(y), h->easter - 1);
    if (h->month == 0) /* y == 0 outside the table */
        return nt_cal_lunar_new_year(y);
    if (h->day)
        return (nt_ymd){y, h->month, h->day};
    if (h->nth == 0) /* Election Day: the Tuesday after the first Monday */
        return nt_cal_add_days(nt_cal_nth_weekday(y, h->month, 1, 1), 1);
    return nt_cal_nth_weekday(y, h->month, h->wday, h->nth);
}

/* A holiday's date: of its year, else the occurrence the tense or
 * "last"/"next" points to, or without either the nearer one when this
 * year's is more than FAR_DAYS away ("the Lunar New Year" in late
 * November is the coming one). A lunar holiday outside the table, or
 * without a year, is its year or unknown. */
#define FAR_DAYS 243
static void put_holiday(char *v, const reading *r, nt_timex_ctx *c)
{
    const holiday *h = &holidays[r->hol - 1];
    int y = r->year > 0 ? r->year : c->ref.y;
    nt_ymd t = holiday_date(h, y > 0 ? y : 2001);
    if (t.y == 0 || y <= 0) {
        if (h->month == 0 && !h->easter) /* the moon's: no date to give */
            put_date(v, (nt_ymd){y > 0 ? y : 0, 1, 1}, U_YEAR);
        else
            nt_sfmt(v, NT_VALUE_MAX, "XXXX-%02d-%02d", t.m, t.d);
        return;
    }
    if (r->year < 0 && c->ref.y > 0) {
        long diff = nt_cal_days(t) - nt_cal_days(c->ref);
        int dir = r->has_rel ? r->rel : tense_of(c);
        if (!dir && !r->has_rel && (diff > FAR_DAYS || diff < -FAR_DAYS))
            dir = diff > 0 ? -1 : 1;
        nt_ymd other = holiday_date(h, y + (diff > 0 ? -1 : 1));
        if (other.y && ((dir < 0 && diff > 0) || (dir > 0 && diff < 0)))
            t = other;
    }
    put_date(v, t, U_DAY);
}

/* The day a clock time or day part is on: its weekday ("the previous
 * Friday" counted from the day just named), "yesterday", its month and day,
 * "last night"'s eve, else the reference date. */
static nt_ymd day_of(const reading *r, nt_timex_ctx *c)
{
    nt_ymd ref = c->ref;
    if (ref.y <= 0)
        return (nt_ymd){0, 0, 0};
    if (r->month > 0 && r->day > 0) /* "Friday, Oct. 23": the date decides */
        return (nt_ymd){r->year > 0 ? r->year : year_for(ref, r->month, r->day, c),
                        r->month, r->day};
    nt_ymd a;
    unit au;
    if (r->wday > 0 && r->the && r->has_rel && r->rel < 0 &&
        parse_anchor(c->anchor, &a, &au) && au == U_DAY)
        ref = a; /* "the previous Friday": the one before the day just named */
    if (r->wday > 0)
        return resolve_weekday(ref, r->wday, r->has_rel ? r->rel : tense_of(c),
                               r->has_rel && r->rel != 0);
    if (r->has_deictic)
        return nt_cal_add_days(ref, r->deictic);
    if (r->has_rel && r->rel != 0 && r->relkind == 0)
        return nt_cal_add_days(ref, r->rel);
    if ((r->clock || r->daypart) && !r->has_rel && !r->tonight &&
        parse_anchor(c->anchor, &a, &au) && au == U_DAY)
        return a; /* "at 10 p.m." after "Oct. 23": that day */
    return ref;
}

/* Copies s up to its NUL or its first n bytes ("%.<n>s"); returns the end. */
static char *put_prefix(char *p, const char *s, size_t n)
{
    for (size_t i = 0; i < n && s[i]; i++)
        *p++ = s[i];
    return p;
}

static nt_timex decide_time(const reading *r, nt_timex_ctx *c, char *v)
{
    char date[NT_VALUE_MAX];
    nt_ymd t = day_of(r, c);
    put_date(date, t, U_DAY);
    if (r->clock) {
        int h = r->hour;
        if (r->ampm == 12 && h < 12)
            h += 12;
        else if (r->ampm == 0 && h == 12)
            h = 0;
        char *p = put_prefix(v, date, 10);
        *p++ = 'T';
        p = put_num(p, (int)((unsigned)h % 25u), 2);
        *p++ = ':';
        p = put_num(p, (int)((unsigned)r->minute % 60u), 2);
        *p = '\0';
    } else {
        char *p = put_prefix(v, date, 10);
        *p++ = 'T';
        *put_prefix(p, dayparts[r->daypart], 2) = '\0';
    }
    return NT_TIMEX_TIME;
}

static nt_timex decide_set(const reading *r, char *v)
{
    if (r->wday > 0 && r->daypart)
        nt_sfmt(v, NT_VALUE_MAX, "XXXX-WXX-%dT%s", r->wday, dayparts[r->daypart]);
    else if (r->wday > 0)
        nt_sfmt(v, NT_VALUE_MAX, "XXXX-WXX-%d", r->wday);
    else if (r->month > 0)
        nt_sfmt(v, NT_VALUE_MAX, "XXXX-%02d", r->month);
    else if (r->season)
        nt_sfmt(v, NT_VALUE_MAX, "XXXX-%s", seasons[r->season]);
    else if (r->daypart && r->un == U_NONE)
        nt_sfmt(v, NT_VALUE_MAX, "XXXX-XX-XXT%s", dayparts[r->daypart]);
    else if (r->setadv)
        put_duration(v, (unit)r->setadv, r->qty > 0 ? r->qty : 1, 0, 0);
    else
        put_duration(v, r->un ? r->un : U_DAY,
                     r->qty > 0 && !r->times ? r->qty : 1, 0, 0);
    return NT_TIMEX_SET;
}

/* The granularity of a unit as a date: hours are days, nights days. */
static unit gran_of(unit u)
{
    switch (u) {
    case U_SEC: case U_MIN: case U_HOUR: case U_NIGHT: return U_DAY;
    case U_FORTNIGHT: return U_WEEK;
    case U_MILLENNIUM: return U_CENTURY;
    default: return u;
    }
}

/* "the year-ago quarter", "the year-earlier period": the quarter the
 * article reports, a year back, whatever date came last (a forecast for
 * "the third quarter of 1990", a month). */
static int report_period(const reading *r)
{
    return r->yearago && r->adj && (r->un == U_QUARTER || r->un == U_PERIOD);
}

/* "two years ago", "a year earlier", "the year-ago quarter": a date moved
 * back or forward from the anchor (earlier/later) or the reference date
 * (ago), at the unit's granularity or a quarter anchor's. In an article
 * that reports a quarter, a bare "a year ago" compares with that quarter. */
static nt_timex decide_shift(const reading *r, nt_timex_ctx *c, char *v)
{
    int n = r->qty > 0 ? r->qty : 1;
    int dir = r->ago ? r->ago : r->shift ? r->shift : -1;
    unit u = r->yearago && r->un != U_YEAR ? U_YEAR : r->un;
    nt_ymd a;
    unit au = U_NONE, g = gran_of(u);
    if (r->vague) {
        put_text(v, dir < 0 ? "PAST_REF" : "FUTURE_REF");
        return NT_TIMEX_DATE;
    }
    int anchored = (report_period(r) && parse_anchor(c->qanchor, &a, &au)) ||
                   (parse_anchor(c->anchor, &a, &au) &&
                    (!r->ago || (u == U_YEAR && au == U_QUARTER)));
    if (!anchored && u == U_YEAR && n == 1 && parse_anchor(c->qanchor, &a, &au))
        anchored = 1; /* "a year ago" in a quarterly report: its quarter */
    if (!anchored)
        a = c->ref;
    c->used_anchor = anchored;
    if (anchored && u == U_YEAR && au != U_YEAR)
        g = au; /* "a year earlier" than a quarter is a quarter */
    if (r->un == U_QUARTER || r->un == U_PERIOD)
        g = anchored && (au == U_QUARTER || au == U_HALF) ? au : U_QUARTER;
    if (u == U_PERIOD)
        u = U_YEAR;
    if (a.y <= 0) {
        put_date(v, (nt_ymd){0, 0, 0}, g);
        return NT_TIMEX_DATE;
    }
    put_date(v, shift(a, u, dir * n), g);
    return NT_TIMEX_DATE;
}

/* The quarter (or half) an anaphoric "the quarter" means: the article's
 * first quarter, or the anchor's half, else the last one before the
 * reference. */
static void put_recent_period(char *v, nt_timex_ctx *c, unit u)
{
    nt_ymd a;
    unit au;
    if (parse_anchor(c->qanchor, &a, &au) ||
        (parse_anchor(c->anchor, &a, &au) && (au == U_QUARTER || au == U_HALF))) {
        put_date(v, a, au);
    }
    else if (c->ref.y > 0)
        put_date(v, shift(c->ref, u, -1), u);
    else
        put_date(v, (nt_ymd){0, 0, 0}, u);
}

/* "the third quarter", "the first half of 1990": the reference year, or
 * the year before when that quarter is still to come in a past sentence. */
static void put_ordinal_period(char *v, const reading *r, nt_timex_ctx *c)
{
    int per = r->un == U_HALF ? 6 : 3, y = r->year;
    if (y < 0 && c->ref.y > 0) {
        int cur = (c->ref.m - 1) / per + 1;
        y = c->ref.y;
        if (r->has_rel)
            y += r->rel; /* "the first quarter of next year" */
        else if (r->ord > cur && tense_of(c) < 0)
            y--;
    }
    if (y < 0)
        nt_sfmt(v, NT_VALUE_MAX, "XXXX-%c%d", per == 3 ? 'Q' : 'H', r->ord);
    else
        nt_sfmt(v, NT_VALUE_MAX, "%04d-%c%d", y, per == 3 ? 'Q' : 'H', r->ord);
}

/* A quarter or half without its number: "the current quarter", "next
 * quarter", "the quarter" (the article's own), "the 1988 quarter". */
static nt_timex decide_period(const reading *r, nt_timex_ctx *c, char *v)
{
    unit u = r->un == U_HALF ? U_HALF : U_QUARTER;
    if (r->un != U_PERIOD && r->has_rel && r->relkind == 0 && c->ref.y > 0) {
        put_date(v, shift(c->ref, u, r->rel), u);
        return NT_TIMEX_DATE;
    }
    put_recent_period(v, c, u);
    if (r->year > 0 && isdigit((unsigned char)v[0])) {
        char y[8];
        nt_sfmt(y, sizeof y, "%04u", (unsigned)r->year % 10000u);
        memcpy(v, y, 4);
    }
    return NT_TIMEX_DATE;
}

static nt_timex decide_relative(const reading *r, nt_timex_ctx *c, char *v);

/* Expressions built on a unit word: durations ("two weeks"), shifted dates
 * ("a year ago"), relative dates ("last month"), quarters, "the year". */
static nt_timex decide_unit(const reading *r, nt_timex_ctx *c, char *v)
{
    unit u = r->un;
    if (r->adjlong) { /* "day-long": P1D, "decades-long": PXY */
        put_duration(v, r->plural ? U_YEAR : u, r->plural ? -1 : 1, r->plural, 0);
        return NT_TIMEX_DURATION;
    }
    if (r->yearago && r->qty > 0 && u != U_YEAR) {
        put_duration(v, u, r->qty, 0, r->half); /* "the year-earlier nine months" */
        return NT_TIMEX_DURATION;
    }
    if (r->ago || (r->shift && (r->qty > 0 || r->yearago)) || r->yearago)
        return decide_shift(r, c, v);
    if (r->ord > 0 && (u == U_QUARTER || u == U_HALF) && r->qty < 0) {
        put_ordinal_period(v, r, c);
        return NT_TIMEX_DATE;
    }
    if (r->qty >= 0 || r->vague || r->plural || r->half) {
        if (r->has_rel && r->relkind == 0 && r->rel < 0 && r->vague && !r->the)
            put_text(v, "PAST_REF");
        else
            put_duration(v, u, r->qty, r->vague || (r->qty < 0 && !r->half),
                         r->half);
        return NT_TIMEX_DURATION;
    }
    if (u == U_TERM) {
        put_text(v, "FUTURE_REF");
        return NT_TIMEX_DATE;
    }
    if (u == U_QUARTER || u == U_HALF || u == U_PERIOD)
        return decide_period(r, c, v);
    if (u == U_YEAR && r->the && !r->has_rel && r->nwords == 2 + r->fiscal &&
        stretch_of(c)) {
        put_duration(v, u, 1, 0, 0); /* "the year ended Sept. 30": P1Y */
        return NT_TIMEX_DURATION;
    }
    return decide_relative(r, c, v); /* "the past year" too: the last one */
}

/* Whether anchor a is known at least to unit u (a day for "the day
 * after"). */
static int anchor_within(const char *a, unit u)
{
    nt_ymd t;
    unit au;
    return parse_anchor(a, &t, &au) && au <= gran_of(u);
}

/* "last year", "this week", "the following year", "the weekend", "the
 * day after" (the anchor's). */
static nt_timex decide_relative(const reading *r, nt_timex_ctx *c, char *v)
{
    unit u = r->un;
    nt_ymd t = c->ref, a;
    unit au = U_DAY;
    int n = r->has_rel ? r->rel : 0;
    if (((r->has_rel && r->relkind == 2) ||
         (r->the && !r->has_rel && beside_of(c) && anchor_within(c->anchor, u))) &&
        parse_anchor(c->anchor, &a, &au)) {
        t = a; /* "the following year", "that day", "the day after" */
        c->used_anchor = 1;
        if (!r->has_rel)
            n = beside_of(c);
    }
    if (u == U_WEEKEND && !r->has_rel && t.y > 0)
        t = resolve_weekday(t, 6, tense_of(c) > 0 ? 1 : -1, 0);
    put_within(v, t.y > 0 ? shift(t, u, n) : t, gran_of(u), au);
    return NT_TIMEX_DATE;
}

/* The decade "the nineties" names: the latest one not after the
 * reference's decade ("the twenties" in 2024 is 202, in 1998 192); the
 * 1900s without a reference. */
static int decade_of_word(int digit, nt_ymd ref)
{
    int century = ref.y > 0 ? ref.y / 100 : 19;
    if (ref.y > 0 && digit > ref.y / 10 % 10)
        century--;
    return century * 10 + digit;
}

/* Calendar dates: "May 9, 2015", "Sept. 3", "May", "1990", "the 1990s",
 * "Friday", "yesterday". */
static nt_timex decide_date(const reading *r, nt_timex_ctx *c, char *v)
{
    nt_ymd ref = c->ref;
    if ((r->wday > 0 || r->has_deictic) && !(r->month > 0 && r->day < 0)) {
        put_date(v, day_of(r, c), U_DAY);
    } else if (r->un == U_WEEK && r->month > 0 && r->day > 0 && ref.y > 0) {
        put_date(v, day_of(r, c), U_WEEK); /* "the week of March 6" */
    } else if (r->month > 0) {
        int y = r->year > 0 ? r->year
                : ref.y > 0 ? year_for(ref, r->month, r->day > 0 ? r->day : 0, c)
                : 0;
        if (r->has_rel && r->year < 0 && ref.y > 0 && r->un == U_YEAR)
            y = ref.y + r->rel; /* "June last year" */
        else if (r->has_rel && r->year < 0 && ref.y > 0) /* "last November" */
            y = ref.y + (r->rel < 0 && r->month >= ref.m ? -1
                         : r->rel > 0 && r->month <= ref.m ? 1 : 0);
        if (y <= 0)
            put_ymd(v, -1, r->month, r->day > 0 ? r->day : 0, r->day > 0 ? 3 : 2);
        else
            put_date(v, (nt_ymd){y, r->month, r->day > 0 ? r->day : 1},
                     r->day > 0 ? U_DAY : U_MONTH);
    } else if (r->decade > 0) {
        nt_sfmt(v, NT_VALUE_MAX, "%03d", r->decade);
    } else if (r->decade_word > 0) {
        nt_sfmt(v, NT_VALUE_MAX, "%03d", decade_of_word(r->decade_word, ref));
    } else if (r->century >= 0) {
        nt_sfmt(v, NT_VALUE_MAX, "%02d", r->century);
    } else if (r->year > 0) {
        put_ymd(v, r->year, 0, 0, 1);
    } else if (r->day > 0) {
        nt_sfmt(v, NT_VALUE_MAX, "XXXX-XX-%02d", r->day);
    } else if (r->has_rel && r->nwords == 1 + r->the) { /* "current", "the past" */
        put_text(v, r->rel < 0 ? "PAST_REF"
                 : r->rel > 0 ? "FUTURE_REF" : "PRESENT_REF");
    } else {
        put_text(v, "XXXX-XX-XX");
    }
    return NT_TIMEX_DATE;
}

/* nt_timex_normalize for a text with 16 readable bytes past text[n) (a
 * document's text has its padding), which split's plain words are loaded
 * from. */
static nt_timex normalize(const char *text, size_t n, nt_timex_ctx *c,
                          char value[NT_VALUE_MAX])
{
    c->used_anchor = 0;
    static const char *const refs[] = {"", "PRESENT_REF", "PAST_REF", "FUTURE_REF"};
    reading r;
    read_span_kept(text, n, &r);
    value[0] = '\0';
    if (c->hint == NT_TIMEX_SET || r.set || r.setadv || r.times || r.wdays)
        return decide_set(&r, value);
    if (c->hint == NT_TIMEX_DATE) { /* "will one day": someday */
        put_text(value, refs[tense_of(c) < 0 ? REF_PAST : REF_FUTURE]);
        return NT_TIMEX_DATE;
    }
    if (r.clock || (r.daypart && r.un == U_NONE))
        return decide_time(&r, c, value);
    if (r.ref == REF_PAST && r.plural && r.un != U_YEAR && r.nwords == 2) {
        put_duration(value, r.un, -1, 1, 0); /* "recent months": PXM */
        return NT_TIMEX_DURATION;
    }
    if (r.ref) {
        put_text(value, refs[r.ref]);
        return NT_TIMEX_DATE;
    }
    if (r.hol) {
        put_holiday(value, &r, c);
        return NT_TIMEX_DATE;
    }
    if (r.season) {
        put_season(value, &r, c);
        return NT_TIMEX_DATE;
    }
    if (r.un != U_NONE && r.month < 0 && r.wday < 0 && r.century < 0 &&
        !(r.year > 0 && r.qty < 0 && r.un != U_QUARTER && r.un != U_HALF &&
          r.un != U_PERIOD))
        return decide_unit(&r, c, value);
    if (r.un == U_QUARTER && r.ord > 0)
        return decide_unit(&r, c, value);
    return decide_date(&r, c, value);
}

/* The text copied with the padding normalize reads: a caller's text may
 * end anywhere. The expressions of documents go to normalize directly. */
nt_timex nt_timex_normalize(const char *text, size_t n, nt_timex_ctx *c,
                            char value[NT_VALUE_MAX])
{
    char *padded = nt_xcalloc(n + 16, 1);
    memcpy(padded, text, n);
    nt_timex t = normalize(padded, n, c, value);
    free(padded);
    return t;
}

/* ---- context ---- */

/* Cue words of a sentence's direction. "said" is none: news reports
 * everything in the past, including what will happen; a scheduling verb in
 * the present ("talks begin Tuesday", "the jury announces its awards on
 * Saturday") looks forward (words that are also nouns, "vote", "visit",
 * only in their -s form). PART marks a past form that is also a
 * participle: no cue after "be" or a modal ("will be paid"). "set" is
 * decided by its neighbours (see token_dir). */
enum { FUT = 1, PAST = -1, PART = -2 };

static const struct {
    const char *w;
    int dir;
} cues[] = {
    {"will", FUT}, {"shall", FUT}, {"'ll", FUT}, {"wo", FUT}, {"would", FUT},
    {"going", FUT}, {"due", FUT}, {"until", FUT}, {"till", FUT},
    {"scheduled", FUT}, {"slated", FUT}, {"expected", FUT}, {"expects", FUT},
    {"expect", FUT}, {"plans", FUT}, {"plan", FUT},
    {"planning", FUT}, {"intends", FUT}, {"aims", FUT}, {"soon", FUT},
    {"next", FUT}, {"upcoming", FUT}, {"starting", FUT}, {"begins", FUT},
    {"effective", FUT}, {"is", FUT}, {"are", FUT}, {"before", FUT},
    {"begin", FUT}, {"starts", FUT}, {"opens", FUT}, {"meet", FUT},
    {"meets", FUT}, {"resume", FUT}, {"resumes", FUT}, {"convene", FUT},
    {"convenes", FUT}, {"votes", FUT}, {"announces", FUT}, {"arrive", FUT},
    {"arrives", FUT}, {"visits", FUT}, {"hosts", FUT}, {"faces", FUT},
    {"plays", FUT},
    {"was", PAST}, {"were", PAST}, {"had", PAST}, {"did", PAST}, {"ago", PAST},
    {"since", PAST}, {"went", PAST}, {"came", PAST}, {"took", PAST},
    {"began", PAST}, {"fell", PAST}, {"rose", PAST}, {"gave", PAST},
    {"saw", PAST}, {"ran", PAST}, {"spoke", PAST}, {"became", PAST},
    {"wrote", PAST}, {"broke", PAST}, {"grew", PAST}, {"knew", PAST},
    {"met", PART}, {"made", PART}, {"told", PART}, {"left", PART},
    {"won", PART}, {"lost", PART}, {"held", PART}, {"got", PART},
    {"found", PART}, {"sold", PART}, {"paid", PART}, {"fled", PART},
    {"struck", PART}, {"brought", PART}, {"bought", PART}, {"led", PART},
    {"sent", PART}, {"spent", PART}, {"set", PART},
};

/* Words ending in -ed that are no past forms. */
static int ed_word(const char *w, size_t n)
{
    static const lit not_past[] = {LIT("said"), LIT("need"), LIT("based"),
                                   LIT("indeed"), LIT("hundred")};
    if (n <= 4 || lower((unsigned char)w[n - 2]) != 'e' ||
        lower((unsigned char)w[n - 1]) != 'd' ||
        lower((unsigned char)w[n - 3]) == 'e')
        return 0; /* "proceed", "agreed": see the cue table */
    for (size_t i = 0; i < sizeof not_past / sizeof *not_past; i++)
        if (is_lit(w, n, &not_past[i]))
            return 0;
    return 1;
}

/* Verbs of a plan that looks ahead when "to" or "for" follows. */
static const lit plans[] = {LIT("set"), LIT("planned"), LIT("vowed"),
                            LIT("pledged"), LIT("promised")};

/* The shape of a word: its first byte, length and last byte, lowercased,
 * the bytes by their low five bits (a letter's place in the alphabet, so
 * 'g' and '\'' share one: the test is only ever too lenient). */
#define SHAPE_LEN 16

/* (no lower(): it only ever sets bit 5, which & 31 drops) */
static uint32_t last_bit(const char *w, size_t n)
{
    return (uint32_t)1 << ((unsigned char)w[n - 1] & 31);
}

/* Bit c of cue_shape[f][n]: some cue or plan word is n bytes long, starts
 * with a byte f and ends with a byte c (by their low five bits). Built by
 * nt_timex_tense before its first scan, so that the test of each word needs
 * no check (it was a call with two registers saved). */
static uint32_t cue_shape[32][SHAPE_LEN];

COLD static void build_shapes(void)
{
    for (size_t i = 0; i < sizeof cues / sizeof *cues; i++) {
        const char *w = cues[i].w;
        cue_shape[w[0] & 31][strlen(w)] |= last_bit(w, strlen(w));
    }
    for (size_t i = 0; i < sizeof plans / sizeof *plans; i++) {
        const char *w = plans[i].w;
        cue_shape[w[0] & 31][plans[i].n] |= last_bit(w, plans[i].n);
    }
}

/* Whether w[0..n) may give a direction at all: a cue or plan word by its
 * first byte, length and last byte, or an -ed word. Most words of a
 * sentence are turned away here, before any key is made (the tense scan
 * looks at up to 24 words around each time expression; by first byte and
 * length alone, "in", "and", "that", "with" and "from" went on to a key as
 * "is", "are", "till", "will" and "fell" do, a third of the words).
 * Inline: out of line, its call was a third of its cost. */
static inline int maybe_cue(const char *w, size_t n)
{
    if (n < SHAPE_LEN && (cue_shape[(unsigned char)w[0] & 31][n] & last_bit(w, n)))
        return 1;
    /* c | 0x20 is 'd' for 'd' and 'D' alone: lower(c) == 'd' */
    return n > 4 && ((unsigned char)w[n - 1] | 0x20) == 'd' &&
           ((unsigned char)w[n - 2] | 0x20) == 'e';
}

#define NCUES (sizeof cues / sizeof *cues)
_Static_assert(NCUES < 255, "key_table holds entry numbers in bytes");

static const char *cue_at(size_t i)
{
    return cues[i].w;
}

/* The direction a word gives, PART for a participle-like past form. A
 * capitalized -ed word is a name ("United", "Red Cross"), no verb. w is a
 * token's text, with the document's padding past it (see key_of). */
static int cue_dir(const char *w, size_t n)
{
    static key_table t;
    static word_key keys[NCUES];
    word_key k;
    if (n == 0 || n >= 24)
        return 0;
    if (!t.built)
        build_keys(&t, keys, NCUES, cue_at);
    int i = key_of(w, n, &k) ? find_key(&t, &k) : -1;
    if (i >= 0)
        return cues[i].dir;
    if (!(w[0] >= 'A' && w[0] <= 'Z') && ed_word(w, n)) /* isupper, C locale */
        return PART; /* "announced", "closed" */
    return 0;
}

static int word_is(const nt_doc *d, size_t k, const char *w)
{
    const nt_token *t = &d->toks.v[k];
    return is_word(d->clean + t->start, t->end - t->start, w);
}

/* Whether token k is one of the n words of list (those of its length and
 * first letter alone are compared). */
static int word_in(const nt_doc *d, size_t k, const lit *list, size_t n)
{
    const nt_token *t = &d->toks.v[k];
    const char *w = d->clean + t->start;
    size_t len = t->end - t->start;
    unsigned char c = lower((unsigned char)w[0]);
    for (size_t i = 0; i < n; i++)
        if (list[i].n == len && (unsigned char)list[i].w[0] == c &&
            same_lower(w, list[i].w, len))
            return 1;
    return 0;
}

/* Whether token k is a past form of a plan ("planned", "set", "vowed")
 * followed by "to" or "for": before the expression it looks forward ("she
 * planned to reopen on Tuesday"); after it, the plan was made then ("On
 * Friday, the government planned to pay"). */
static int plan_ahead(const nt_doc *d, size_t k)
{
    static const lit ahead[] = {LIT("to"), LIT("for")};
    return k + 1 < d->toks.n && word_in(d, k + 1, ahead, 2) &&
           word_in(d, k, plans, sizeof plans / sizeof *plans);
}

/* The direction token k gives, searching leftwards (left) or rightwards
 * from the expression: a cue word, with its neighbours. A participle after
 * a form of "be", a modal or "to" is none ("will be named", "to
 * proceed"); a plan in the past perfect has passed ("had been due to
 * expire Friday"). */
__attribute__((noinline)) static int cue_token_dir(const nt_doc *d, size_t k,
                                                   int left)
{
    static const lit be[] = {
        LIT("be"), LIT("been"), LIT("being"), LIT("is"), LIT("are"),
        LIT("will"), LIT("would"), LIT("to"), LIT("could"), LIT("may"),
        LIT("might"), LIT("can"), LIT("should"), LIT("must")};
    const nt_token *t = &d->toks.v[k];
    int dir = cue_dir(d->clean + t->start, t->end - t->start);
    if (dir > 0 && word_is(d, k, "next") && k + 1 < d->toks.n &&
        word_is(d, k + 1, "to"))
        return 0; /* "next to" */
    /* a plan word is no cue but for "set" (PART), and a capitalized one
       none: a plan is looked for only then */
    if (left && (dir == PART || dir == 0) && plan_ahead(d, k))
        dir = FUT;
    if (dir > 0 && k > 0 && (word_is(d, k - 1, "had") ||
                             (k > 1 && word_is(d, k - 1, "been") &&
                              word_is(d, k - 2, "had"))))
        return PAST;
    if (dir != PART)
        return dir;
    if (k > 0 && word_in(d, k - 1, be, sizeof be / sizeof *be))
        return 0;
    return PAST;
}

/* token_dir's first test, inlined into the scans: most words are turned
 * away by it, and the rest of the work, out of line, saved and restored six
 * registers for each of them (a tenth of a scan). */
static inline int token_dir(const nt_doc *d, size_t k, int left)
{
    const nt_token *t = &d->toks.v[k];
    size_t n = t->end - t->start;
    if (n == 0 || !maybe_cue(d->clean + t->start, n))
        return 0;
    return cue_token_dir(d, k, left);
}

/* Whether w is a reporting verb: "said Friday" is the day it was said. */
static int is_report(const char *w, size_t n)
{
    return is_word(w, n, "said") || is_word(w, n, "says") ||
           is_word(w, n, "announced") || is_word(w, n, "reported");
}

/* "as early as Tuesday", "as soon as Monday": the earliest of dates to
 * come, whatever the verb. */
static int earliest_of(const nt_doc *d, size_t first)
{
    return first >= 3 && word_is(d, first - 3, "as") &&
           word_is(d, first - 1, "as") &&
           (word_is(d, first - 2, "soon") || word_is(d, first - 2, "early"));
}

/* The direction of the nearest cue left of tokens [first, ...] within the
 * sentence (a reporting verb right before: the past); *at is its token. */
static int left_dir(const nt_doc *d, size_t first, size_t *at)
{
    const nt_token *t = d->toks.v;
    for (size_t k = first; k > 0; k--) {
        const nt_token *p = &t[k - 1];
        if (first - k < 2 && is_report(d->clean + p->start, p->end - p->start)) {
            *at = k - 1;
            return PAST;
        }
        int dir = token_dir(d, k - 1, 1);
        if (dir) {
            *at = k - 1;
            return dir;
        }
        if (p->flags & NT_TOK_SENT_START || first - k > 12) {
            *at = k - 1;
            break;
        }
    }
    return 0;
}

/* The direction of the nearest cue right of tokens [..., last] within the
 * sentence, up to a reporting verb. */
static int right_dir(const nt_doc *d, size_t last)
{
    const nt_token *t = d->toks.v;
    for (size_t k = last + 1; k < d->toks.n && k <= last + 12; k++) {
        const nt_token *p = &t[k];
        if (p->flags & NT_TOK_SENT_START ||
            is_report(d->clean + p->start, p->end - p->start))
            break;
        int dir = token_dir(d, k, 0);
        if (dir)
            return dir;
    }
    return 0;
}

/* Whether token k is "until" or "till" opening its sentence ("Until
 * Thursday, they had not called him a suspect": the clause after it
 * decides). */
static int opening_until(const nt_doc *d, size_t k)
{
    if (!word_is(d, k, "until") && !word_is(d, k, "till"))
        return 0;
    return d->toks.v[k].flags & NT_TOK_SENT_START ||
           (k > 0 && word_is(d, k - 1, "up") &&
            d->toks.v[k - 1].flags & NT_TOK_SENT_START);
}

nt_tense nt_timex_tense(const nt_doc *d, size_t first, size_t last)
{
    static int shaped;
    if (!shaped) {
        build_shapes();
        shaped = 1;
    }
    if (last + 1 < d->toks.n && (word_is(d, last + 1, "'s") ||
                                 word_is(d, last + 1, "\xE2\x80\x99s")))
        return NT_TENSE_PAST; /* "Wednesday's ruling" */
    if (earliest_of(d, first))
        return NT_TENSE_FUTURE;
    size_t at = 0;
    int dir = left_dir(d, first, &at);
    if (!dir || (dir > 0 && opening_until(d, at) && right_dir(d, last) < 0))
        dir = right_dir(d, last);
    return dir < 0 ? NT_TENSE_PAST : dir > 0 ? NT_TENSE_FUTURE : NT_TENSE_NONE;
}

/* Whether tokens [first, last] name a stretch of time rather than the
 * calendar unit: a period named by its end ("the year ended Sept. 30",
 * "the year ending June 30") or one gone through ("throughout the year"). */
static int is_stretch(const nt_doc *d, size_t first, size_t last)
{
    return (last + 1 < d->toks.n && (word_is(d, last + 1, "ended") ||
                                     word_is(d, last + 1, "ending"))) ||
           (first > 0 && word_is(d, first - 1, "throughout"));
}

/* "the day after his death": +1, "the year before": -1, else 0; not
 * "later in the day before returning", where "before" starts a clause. */
static int beside_dir(const nt_doc *d, size_t first, size_t last)
{
    static const lit within[] = {LIT("in"), LIT("during"), LIT("of"),
                                 LIT("throughout")};
    if (last + 1 >= d->toks.n ||
        (first > 0 && word_in(d, first - 1, within, sizeof within / sizeof *within)))
        return 0;
    return word_is(d, last + 1, "after") - word_is(d, last + 1, "before");
}

/* Whether s begins with the four bytes of p (no NUL among them): what
 * strncmp(s, p, 4) == 0 said, without the call. Each test stops at the
 * first byte that differs, a NUL too, so s is read no further than it goes. */
static int starts4(const char *s, const char *p)
{
    return s[0] == p[0] && s[1] == p[1] && s[2] == p[2] && s[3] == p[3];
}

/* The family a rule's name gives: "set_every" -> SET, "ref_someday" -> a
 * vague reference (DATE). */
static nt_timex hint_of(const char *source)
{
    return !source                   ? NT_TIMEX_NONE
           : starts4(source, "set_") ? NT_TIMEX_SET
           : starts4(source, "ref_") ? NT_TIMEX_DATE
                                     : NT_TIMEX_NONE;
}

/* A run of neighbouring pairs of expressions, entities i and i + 1 both
 * with a TIMEX3 type, at each i in [lo, end) (empty: lo == end). The
 * passes below look at such pairs only, so they look there alone: their
 * four walks over all the entities, names and places too, were 4% of
 * resolving dates. */
typedef struct {
    size_t lo, end;
} pair_span;

/* Widens ps to the pair at i. */
static void add_pair(pair_span *ps, size_t i)
{
    if (ps->lo == ps->end)
        ps->lo = i;
    ps->end = i + 1;
}

/* Whether text[0..n) is only blanks, commas and "on": what separates a
 * clock time from the day it is on ("6 a.m. on Monday"). */
static int day_gap(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == ' ' || s[i] == ',')
            continue;
        if (i + 1 < n && s[i] == 'o' && s[i + 1] == 'n') {
            i++;
            continue;
        }
        return 0;
    }
    return n <= 6;
}

/* A clock time without a day of its own takes the date right after it:
 * "from 6 a.m. on Monday" is two expressions, the time on that Monday. */
static void attach_days(nt_doc *d, const pair_span *ps)
{
    for (size_t i = ps->lo; i < ps->end; i++) {
        nt_entity *t = &d->ents.v[i];
        const nt_entity *n = &d->ents.v[i + 1];
        reading r;
        if (t->timex != NT_TIMEX_TIME || n->timex != NT_TIMEX_DATE ||
            strlen(n->value) != 10 || !isdigit((unsigned char)n->value[0]) ||
            n->start < t->end || !day_gap(d->clean + t->end, n->start - t->end))
            continue;
        read_span(d->clean + t->start, t->end - t->start, &r);
        if (r.wday < 0 && !r.has_deictic && r.month < 0 && strlen(t->value) > 10)
            memcpy(t->value, n->value, 10);
    }
}

/* Whether text[0..n) is one comma between blanks: what separates a date
 * from an expression in apposition to it. */
static int comma_gap(const char *s, size_t n)
{
    size_t commas = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == ',')
            commas++;
        else if (s[i] != ' ')
            return 0;
    }
    return commas == 1;
}

/* "Oct. 12, the day before the plunge": "the day" in apposition to a date
 * is that date, not the article's. */
static void appositive_days(nt_doc *d, const pair_span *ps)
{
    for (size_t i = ps->lo; i < ps->end; i++) {
        const nt_entity *t = &d->ents.v[i];
        nt_entity *n = &d->ents.v[i + 1];
        reading r;
        if (t->timex != NT_TIMEX_DATE || n->timex != NT_TIMEX_DATE ||
            strlen(t->value) != 10 || !isdigit((unsigned char)t->value[0]) ||
            n->start < t->end || !comma_gap(d->clean + t->end, n->start - t->end))
            continue;
        read_span(d->clean + n->start, n->end - n->start, &r);
        if (r.un == U_DAY && r.the && r.nwords == 2)
            memcpy(n->value, t->value, sizeof n->value);
    }
}

/* "the day before last Tuesday's hearing": a day before or after the date
 * right behind it is that date's neighbour. */
static void days_beside(nt_doc *d, const pair_span *ps)
{
    for (size_t i = ps->lo; i < ps->end; i++) {
        nt_entity *t = &d->ents.v[i];
        const nt_entity *n = &d->ents.v[i + 1];
        nt_ymd day;
        reading r;
        if (t->timex != NT_TIMEX_DATE || n->timex != NT_TIMEX_DATE ||
            nt_cal_parse(n->value, &day) != 0 || n->start < t->end)
            continue;
        size_t gap = n->start - t->end;
        const char *g = d->clean + t->end;
        int dir = gap == 7 && strncasecmp(g, " after ", 7) == 0 ? 1
                  : gap == 8 && strncasecmp(g, " before ", 8) == 0 ? -1 : 0;
        read_span(d->clean + t->start, t->end - t->start, &r);
        if (dir && r.un == U_DAY && r.the && r.nwords == 2)
            put_date(t->value, nt_cal_add_days(day, dir), U_DAY);
    }
}

/* "on Monday and Tuesday nights": a weekday coordinated with a recurring
 * weekday part shares it (SET XXXX-WXX-1TNI). */
static void coordinated_sets(nt_doc *d, const pair_span *ps)
{
    for (size_t i = ps->lo; i < ps->end; i++) {
        nt_entity *t = &d->ents.v[i];
        const nt_entity *n = &d->ents.v[i + 1];
        reading r;
        if (t->timex != NT_TIMEX_DATE || n->timex != NT_TIMEX_SET ||
            strncmp(n->value, "XXXX-WXX-", 9) != 0 || !strchr(n->value, 'T') ||
            n->start < t->end || n->start - t->end != 5 ||
            strncmp(d->clean + t->end, " and ", 5) != 0)
            continue;
        read_span(d->clean + t->start, t->end - t->start, &r);
        if (r.wday > 0 && r.nwords == 1) {
            nt_sfmt(t->value, sizeof t->value, "XXXX-WXX-%d%s", r.wday,
                     strchr(n->value, 'T'));
            t->timex = NT_TIMEX_SET;
        }
    }
}

/* The first of tokens [from, n) that ends after offset at (n if none), as
 * the tokens' ends increase: steps of 1, 2, 4... from `from` until one
 * ends after it, then a binary search within the last step. Walking there
 * token by token was 6% of resolving an article's dates (most tokens lie
 * between them), and a binary search over all the tokens after `from`
 * took some 20 halvings a date on a long document, where the gap to the
 * next date is some 40 tokens (about 6 steps and 5 halvings). */
static size_t first_token_after(const nt_tokens *t, size_t from, size_t at)
{
    size_t lo = from, step = 1;
    while (lo + step <= t->n && t->v[lo + step - 1].end <= at) {
        lo += step;
        step *= 2;
    }
    /* tokens before lo end by at; the one at lo + step - 1 (if any) after */
    size_t hi = lo + step - 1 < t->n ? lo + step - 1 : t->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (t->v[mid].end <= at)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Sets the TIMEX3 type and value of e, an NT_DATE entity, from its words
 * and, if the value needs them, the tokens around it (tense_of); c->from,
 * where the search for its first token starts, becomes that token when
 * it is searched for. */
static void resolve_one(nt_doc *d, nt_entity *e, nt_timex_ctx *c)
{
    c->doc = d;
    c->start = e->start;
    c->end = e->end;
    c->known = 0;
    c->hint = hint_of(e->source);
    e->timex = normalize(d->clean + e->start, e->end - e->start, c, e->value);
}

/* The passes over neighbouring expressions, for the pairs at ps. */
static void pair_passes(nt_doc *d, const pair_span *ps)
{
    attach_days(d, ps);
    appositive_days(d, ps);
    days_beside(d, ps);
    coordinated_sets(d, ps);
}

/* Resolves the expressions in order, each against the anchor the ones
 * before it left. A run of neighbouring pairs is passed over as soon as it
 * ends: the passes read and write the entities of its pairs alone (never
 * the anchor, a copy made as each is resolved), so runs are independent,
 * and over the span from a long document's first pair to its last they
 * walked all its names and places four times. */
void nt_timex_resolve(nt_doc *d)
{
    nt_timex_ctx c = {.anchor = "", .qanchor = ""};
    char anchor[NT_VALUE_MAX] = "", qanchor[NT_VALUE_MAX] = "";
    pair_span ps = {0, 0};
    nt_timex before = NT_TIMEX_NONE; /* entity i - 1's (a pass may make a DATE a
                                        SET, never a type none) */
    if (nt_cal_parse(d->ref_date, &c.ref) != 0)
        c.ref = (nt_ymd){0, 0, 0};
    c.anchor = anchor;
    c.qanchor = qanchor;
    for (size_t i = 0; i < d->ents.n; i++) {
        nt_entity *e = &d->ents.v[i];
        if (e->type == NT_DATE) {
            resolve_one(d, e, &c);
            if (e->timex == NT_TIMEX_DATE && !c.used_anchor &&
                is_digit((unsigned char)e->value[0]) && !strchr(e->value, 'X')) {
                memcpy(anchor, e->value, sizeof anchor);
                if (!qanchor[0] && strchr(anchor, 'Q'))
                    memcpy(qanchor, anchor, sizeof qanchor);
            }
        }
        if (e->timex && before) {
            add_pair(&ps, i - 1);
        } else if (ps.lo != ps.end) {
            pair_passes(d, &ps);
            ps.lo = ps.end = 0;
        }
        before = e->timex;
    }
    pair_passes(d, &ps);
}
