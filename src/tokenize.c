/* tokenize.c - splits sanitized UTF-8 text into words and punctuation.
 *
 * One pass, no allocation per token: each token is an offset pair into the
 * text. ASCII bytes are classified by a table; only non-ASCII characters go
 * through nt_utf8_decode and the utf8proc-backed classes.
 *
 * Sentence starts are guessed from punctuation. An abbreviation that may end
 * a sentence ("U.S.", "Inc.", "etc.") counts as an end only before a newline
 * or the end of the text, so "sold to the U.S. The company" misses a
 * boundary. Treating every "U.S. The" as a boundary would instead split
 * "the U.S. Navy", which is far more common in news; a missed boundary costs
 * the extractor less than a false one in the middle of a name. */
#include "tokenize.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"
#include "util.h"

/* Plain words are read 16 bytes at a time with SSE2, which every x86-64
 * has; elsewhere (or with another compiler) a byte loop reads them. */
#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>
#define WINDOW_WORDS 1
#endif

/* Character classes, as bits. Upper and lower are set only on letters;
 * CL_JOIN marks the ASCII characters that may join two parts of a word,
 * CL_NUMJOIN those of them that join only digits. In ascii_class, CL_HIGH
 * marks the bytes 0x80-0xFF, CL_ROLE the punctuation for which
 * punct_role is not ROLE_PLAIN, CL_FINAL those of them that end a
 * sentence (. ! ?) and CL_CLOSER the closers ) ]. */
enum {
    CL_SPACE = 1,
    CL_LETTER = 2,
    CL_UPPER = 4,
    CL_LOWER = 8,
    CL_DIGIT = 16,
    CL_JOIN = 32,
    CL_NUMJOIN = 64,
    CL_HIGH = 128,
    CL_ROLE = 256,
    CL_FINAL = 512,
    CL_CLOSER = 1024,
    CL_ALNUM = CL_LETTER | CL_DIGIT
};

/* Classes of ASCII characters; R_ marks . ! ? ) ] " ' (CL_ROLE), F the
 * final ones . ! ? (CL_FINAL), C the closers ) ] (CL_CLOSER). Bytes
 * 0x80-0xFF have only CL_HIGH here: uni_class classifies their characters. */
#define S_ CL_SPACE
#define U_ (CL_LETTER | CL_UPPER)
#define L_ (CL_LETTER | CL_LOWER)
#define D_ CL_DIGIT
#define J_ CL_JOIN
#define N_ (CL_JOIN | CL_NUMJOIN)
#define R_ CL_ROLE
#define JR (CL_JOIN | CL_ROLE)
#define RF (CL_ROLE | CL_FINAL)
#define JF (CL_JOIN | CL_ROLE | CL_FINAL)
#define RC (CL_ROLE | CL_CLOSER)
#define H_ CL_HIGH
static const uint16_t ascii_class[256] = {
    0,  0,  0,  0,  0,  0,  0,  0,  0,  S_, S_, S_, S_, S_, 0,  0, /* \t-\r */
    0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,
    S_, RF, R_, 0,  0,  0,  J_, JR, 0,  RC, 0,  0,  N_, J_, JF, N_, /* &',-./ */
    D_, D_, D_, D_, D_, D_, D_, D_, D_, D_, N_, 0,  0,  0,  0,  RF, /* 0-9 : */
    0,  U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, /* A-O */
    U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, 0,  0,  RC, 0,  0,  /* P-Z */
    0,  L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, /* a-o */
    L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, 0,  0,  0,  0,  0,  /* p-z */
    H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, /* 0x80 */
    H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, /* 0x90 */
    H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, /* 0xA0 */
    H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, /* 0xB0 */
    H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, /* 0xC0 */
    H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, /* 0xD0 */
    H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, /* 0xE0 */
    H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, /* 0xF0 */
};
#undef S_
#undef U_
#undef L_
#undef D_
#undef J_
#undef N_
#undef R_
#undef JR
#undef RF
#undef JF
#undef RC
#undef H_

/* What a token means for sentence boundaries. */
enum {
    ROLE_PLAIN,  /* ordinary token */
    ROLE_FINAL,  /* . ! ? ... or U+2026: ends a sentence */
    ROLE_CLOSER, /* ) ] ” ’: passes a boundary on to the next token */
    ROLE_QUOTE,  /* " ': a closer only when attached to the previous token */
    ROLE_ENDS    /* abbreviation that ends a sentence before a newline */
};

/* Sentence state left by the last token that was not a closer. */
enum { ST_NONE, ST_FINAL, ST_ABBREV };

/* Whether a word takes the period after it, and what it then means. */
enum { TAKE_NO, TAKE_NEVER_ENDS, TAKE_MAY_END };

typedef struct {
    const unsigned char *t;
    size_t len;
    size_t tail; /* guard_tail: emit_plain_tokens stops there */
    nt_tokens *out;
    unsigned nl;  /* newlines before the next token, capped at 2 */
    int first;    /* no token emitted yet */
    int state;    /* ST_* */
    int nl_since; /* a newline came since the token that set state */
} tokenizer;

/* What a word's shape needs to know about its characters. Uppercase
 * letters are not counted here: word_shape counts them again only for the
 * words that have no lowercase one. */
typedef struct {
    unsigned first; /* class of the first character */
    unsigned seen;  /* classes of all its characters, or'ed */
    unsigned joins; /* NT_TOK_HYPHEN and NT_TOK_APOS for its joiners */
} word_info;

/* Known abbreviations, sorted by byte value for bsearch. NEVER marks those
 * that do not end a sentence even before a newline (titles, months, ...). */
enum { MAY, NEVER };
typedef struct {
    const char *s;
    int never;
} abbrev;

static const abbrev abbrevs[] = {
    {"Adm", NEVER},    {"Ala", MAY},    {"Apr", NEVER}, {"Ariz", MAY},
    {"Ark", MAY},      {"Assn", MAY},   {"Aug", NEVER}, {"Ave", MAY},
    {"Blvd", MAY},     {"Bros", MAY},   {"Calif", MAY}, {"Capt", NEVER},
    {"Cmdr", NEVER},   {"Co", MAY},     {"Col", NEVER}, {"Colo", MAY},
    {"Conn", MAY},     {"Corp", MAY},   {"Cos", MAY},   {"Cpl", NEVER},
    {"Dec", NEVER},    {"Dept", MAY},   {"Det", NEVER}, {"Dr", NEVER},
    {"Feb", NEVER},    {"Fla", MAY},    {"Fr", NEVER},  {"Ft", NEVER},
    {"Gen", NEVER},    {"Gov", NEVER},  {"Hon", NEVER}, {"Inc", MAY},
    {"Insp", NEVER},   {"Jan", NEVER},  {"Jr", MAY},    {"Jul", NEVER},
    {"Jun", NEVER},    {"Kan", MAY},    {"Ky", MAY},    {"Lt", NEVER},
    {"Ltd", MAY},      {"Maj", NEVER},  {"Mar", NEVER}, {"Md", MAY},
    {"Messrs", NEVER}, {"Mich", MAY},   {"Minn", MAY},  {"Mlle", NEVER},
    {"Mme", NEVER},    {"Mr", NEVER},   {"Mrs", NEVER}, {"Ms", NEVER},
    {"Mt", NEVER},     {"Neb", MAY},    {"Nev", MAY},   {"No", NEVER},
    {"Nos", NEVER},    {"Nov", NEVER},  {"Oct", NEVER}, {"Okla", MAY},
    {"Pres", NEVER},   {"Prof", NEVER}, {"Pvt", NEVER}, {"Rep", NEVER},
    {"Rev", NEVER},    {"Sen", NEVER},  {"Sep", NEVER}, {"Sept", NEVER},
    {"Sgt", NEVER},    {"Sr", MAY},     {"St", NEVER},  {"Supt", NEVER},
    {"Tenn", MAY},     {"Tex", MAY},    {"Thurs", MAY}, {"Tues", MAY},
    {"Univ", MAY},     {"Va", MAY},     {"Vol", MAY},   {"Vt", MAY},
    {"Wis", MAY},      {"Wyo", MAY},    {"al", MAY},    {"approx", MAY},
    {"est", MAY},      {"etc", MAY},    {"pp", MAY},    {"vs", NEVER},
};
#define ABBREV_MAXLEN 6

typedef struct {
    const char *p;
    size_t n;
} span;

/* bsearch comparator: the key span against a table entry, byte by byte
 * (the order strcmp gives), without strlen or memcmp calls. */
static int abbrev_cmp(const void *key, const void *elt)
{
    const span *k = key;
    const unsigned char *w = (const unsigned char *)k->p;
    const unsigned char *s = (const unsigned char *)((const abbrev *)elt)->s;
    for (size_t i = 0; i < k->n; i++) {
        if (s[i] == '\0') /* the entry is a proper prefix of the key */
            return 1;
        if (w[i] != s[i])
            return w[i] < s[i] ? -1 : 1;
    }
    return s[k->n] ? -1 : 0;
}

static const abbrev *find_abbrev(const char *w, size_t n)
{
    if (n == 0 || n > ABBREV_MAXLEN)
        return NULL;
    span k = {w, n};
    return bsearch(&k, abbrevs, sizeof abbrevs / sizeof *abbrevs,
                   sizeof *abbrevs, abbrev_cmp);
}

int nt_tokenize_is_abbrev(const char *w, size_t n)
{
    return find_abbrev(w, n) != NULL;
}

void nt_tokens_init(nt_tokens *t)
{
    t->v = NULL;
    t->n = t->cap = 0;
}

void nt_tokens_free(nt_tokens *t)
{
    if (!t)
        return;
    free(t->v);
    nt_tokens_init(t);
}

/* Class bits of the non-ASCII character at t[i]; its length goes to *n.
 * Bytes that do not decode (unsanitized input) are one-byte punctuation. */
static unsigned uni_class(const unsigned char *t, size_t len, size_t i,
                          size_t *n)
{
    uint32_t cp;
    size_t l = nt_utf8_decode(t + i, len - i, &cp);
    *n = l ? l : 1;
    if (l == 0)
        return 0;
    if (nt_utf8_is_letter(cp)) {
        if (nt_utf8_is_upper(cp))
            return CL_LETTER | CL_UPPER;
        return CL_LETTER | (nt_utf8_is_lower(cp) ? CL_LOWER : 0);
    }
    if (nt_utf8_is_digit(cp))
        return CL_DIGIT;
    return nt_utf8_is_space(cp) ? CL_SPACE : 0;
}

static inline unsigned class_at(const unsigned char *t, size_t len, size_t i,
                                size_t *n)
{
    if (t[i] < 0x80) {
        *n = 1;
        return ascii_class[t[i]];
    }
    return uni_class(t, len, i, n);
}

/* Whether t[p..] is U+2019 RIGHT SINGLE QUOTATION MARK (E2 80 99). */
static inline int is_rsquo(const unsigned char *t, size_t len, size_t p)
{
    return p + 2 < len && t[p] == 0xE2 && t[p + 1] == 0x80 && t[p + 2] == 0x99;
}

/* Length of a possessive clitic at p: ' or ’, then s or S, then the end or
 * a character that is neither letter nor digit ("Russia’s", "NATO'S").
 * 0 when there is none. */
static size_t clitic_len(const unsigned char *t, size_t len, size_t p)
{
    size_t q, n;
    if (p < len && t[p] == '\'')
        q = p + 1;
    else if (is_rsquo(t, len, p))
        q = p + 3;
    else
        return 0;
    if (q >= len || (t[q] != 's' && t[q] != 'S'))
        return 0;
    if (q + 1 < len && (class_at(t, len, q + 1, &n) & CL_ALNUM))
        return 0;
    return q + 1 - p;
}

/* If the character at p joins the characters around it into one word,
 * returns the position after it, else 0; prev is the class of the character
 * before it. Joiners: '-' between alphanumerics ("F-16"); ' or ’ before a
 * letter ("O'Neill") unless it starts a possessive 's; , . : / between
 * digits ("1,000", "15:30"); & between capitals ("AT&T"). */
static size_t join_at(const unsigned char *t, size_t len, size_t p,
                      unsigned prev)
{
    size_t q = p + 1, n;
    unsigned char c = t[p];
    if (is_rsquo(t, len, p)) {
        c = '\'';
        q = p + 3;
    }
    if (q >= len)
        return 0;
    unsigned next = class_at(t, len, q, &n);
    switch (c) {
    case '-':
        return (next & CL_ALNUM) ? q : 0;
    case '\'':
        return (next & CL_LETTER) && !clitic_len(t, len, p) ? q : 0;
    case ',':
    case '.':
    case ':':
    case '/':
        return (prev & next & CL_DIGIT) ? q : 0;
    case '&':
        return (prev & next & CL_UPPER) ? q : 0;
    default:
        return 0;
    }
}

/* End of the run of alphanumeric ASCII at p (p itself if there is none);
 * the classes of its characters are or'ed into *seen. Bytes 0x80-0xFF have
 * no CL_ALNUM bit in ascii_class, so the loop needs no test for them. */
static inline size_t ascii_run(const unsigned char *t, size_t len, size_t p,
                               unsigned *seen)
{
    unsigned c, s = *seen;
    while (p < len && ((c = ascii_class[t[p]]) & CL_ALNUM)) {
        s |= c;
        p++;
    }
    *seen = s;
    return p;
}

/* Scans the word at i: letters, digits and marks, joined by the characters
 * join_at accepts. Runs of alphanumeric ASCII take a tight loop. Or's the
 * classes of its characters into w and returns the word's end. */
static size_t scan_word(const unsigned char *t, size_t len, size_t i,
                        word_info *w)
{
    size_t p = i, n = 1;
    unsigned prev = 0;
    for (;;) {
        size_t run = p;
        p = ascii_run(t, len, p, &w->seen);
        if (p > run)
            prev = ascii_class[t[p - 1]];
        if (p >= len || (t[p] < 0x80 && !(ascii_class[t[p]] & CL_JOIN)))
            return p;
        unsigned cls = t[p] < 0x80 ? 0 : uni_class(t, len, p, &n);
        if (cls & CL_ALNUM) {
            prev = cls;
            w->seen |= cls;
            p += n;
            continue;
        }
        size_t q = join_at(t, len, p, prev);
        if (!q)
            return p;
        /* join_at takes a 0xE2 byte only as the start of U+2019 */
        w->joins |= t[p] == '-'                    ? NT_TOK_HYPHEN
                    : t[p] == '\'' || t[p] == 0xE2 ? NT_TOK_APOS
                                                   : 0;
        p = q;
    }
}

/* Length of the acronym with periods at i ("U.S.", "a.m.", "U.S.A."): two
 * or more single letters, each followed by a period, which it includes.
 * Or's its letters' classes into w; returns 0 and leaves w alone if there
 * is none. */
static size_t acronym_len(const unsigned char *t, size_t len, size_t i,
                          word_info *w)
{
    word_info a = *w;
    size_t p = i, n;
    unsigned k = 0;
    while (p < len) {
        unsigned cls = class_at(t, len, p, &n);
        if (!(cls & CL_LETTER) || p + n >= len || t[p + n] != '.')
            break;
        a.seen |= cls;
        p += n + 1;
        k++;
    }
    if (k < 2)
        return 0;
    *w = a;
    return p - i;
}

/* Whether the word t[i..end), whose first character is n bytes long, takes
 * the period after it: an initial ("J.") or a known abbreviation ("Mr.").
 * A period that starts an ellipsis ("etc...") stays with the ellipsis.
 * Initials never end a sentence, so "Plan B. The" misses a boundary: in news
 * "George W. Bush" is far more common. */
static int takes_period(const unsigned char *t, size_t len, size_t i,
                        size_t end, size_t n, const word_info *w)
{
    if (end >= len || t[end] != '.' || (end + 1 < len && t[end + 1] == '.'))
        return TAKE_NO;
    if (end == i + n && (w->first & CL_LETTER))
        return TAKE_NEVER_ENDS;
    const abbrev *a = find_abbrev((const char *)t + i, end - i);
    if (!a)
        return TAKE_NO;
    return a->never ? TAKE_NEVER_ENDS : TAKE_MAY_END;
}

/* Whether the word t[i..end) has two or more uppercase letters. Its other
 * characters (digits, joiners, periods) have no CL_UPPER bit, so every
 * character can be looked at. */
static int two_upper(const unsigned char *t, size_t len, size_t i, size_t end)
{
    unsigned k = 0;
    size_t n;
    for (size_t p = i; p < end; p += n)
        if ((class_at(t, len, p, &n) & CL_UPPER) && ++k == 2)
            return 1;
    return 0;
}

/* The shape of the word t[i..end). Uppercase letters are counted only when
 * the word could be all caps, which most words are not. */
static inline nt_shape word_shape(const unsigned char *t, size_t len, size_t i,
                                  size_t end, const word_info *w)
{
    if (w->first & CL_DIGIT)
        return (w->seen & CL_LETTER) ? NT_SHAPE_ALNUM : NT_SHAPE_DIGIT;
    if ((w->seen & (CL_UPPER | CL_LOWER)) == CL_UPPER &&
        two_upper(t, len, i, end))
        return NT_SHAPE_UPPER;
    return (w->first & CL_UPPER) ? NT_SHAPE_CAP : NT_SHAPE_LOWER;
}

/* Flags that a token of the given role, starting at s, earns from its
 * position, and the sentence state it leaves. A closer (or an attached
 * straight quote, or a second attached final mark as in "?!") keeps the
 * state, so the boundary after `."` or `.)` lands on the token after it.
 * Only whitespace lies between tokens, so a token is attached when it starts
 * where the last one ended. */
static unsigned boundary(tokenizer *k, size_t s, int role)
{
    unsigned flags = 0;
    if (k->first)
        flags |= NT_TOK_SENT_START | NT_TOK_LINE_START | NT_TOK_PARA_START;
    if (k->nl)
        flags |= NT_TOK_LINE_START;
    if (k->nl >= 2)
        flags |= NT_TOK_PARA_START | NT_TOK_SENT_START;
    k->nl_since |= k->nl != 0;
    int attached = !k->first && k->out->v[k->out->n - 1].end == s;
    int carries = role == ROLE_CLOSER ||
                  (attached && (role == ROLE_QUOTE ||
                                (role == ROLE_FINAL && k->state == ST_FINAL)));
    if (!carries) {
        if (k->state == ST_FINAL || (k->state == ST_ABBREV && k->nl_since))
            flags |= NT_TOK_SENT_START;
        k->state = role == ROLE_FINAL  ? ST_FINAL
                   : role == ROLE_ENDS ? ST_ABBREV
                                       : ST_NONE;
        k->nl_since = 0;
    }
    k->first = 0;
    k->nl = 0;
    return flags;
}

/* Appends a token. Most tokens are plain ones in mid-line and mid-sentence,
 * which earn no flags and leave the state as it is: they skip boundary(). */
static inline void emit(tokenizer *k, size_t s, size_t e, nt_shape shape,
                        unsigned flags, int role)
{
    if (k->first || k->nl || k->state != ST_NONE || role != ROLE_PLAIN)
        flags |= boundary(k, s, role);
    nt_tokens *ts = k->out;
    if (ts->n == ts->cap)
        ts->v = nt_xgrow(ts->v, &ts->cap, ts->n + 1, sizeof *ts->v);
    ts->v[ts->n++] =
        (nt_token){(uint32_t)s, (uint32_t)e, (uint8_t)shape, (uint8_t)flags};
}

/* Emits the word at i (first character of class cls, n bytes): an acronym
 * with periods, or a scanned word with the period it takes; then any
 * possessive clitic after it as a token of its own. Returns its end. */
static size_t emit_word(tokenizer *k, size_t i, unsigned cls, size_t n)
{
    word_info w = {cls, 0, 0};
    size_t end, alen = 0;
    unsigned flags = 0;
    int role = ROLE_PLAIN;
    if ((cls & CL_LETTER) && i + n < k->len && k->t[i + n] == '.')
        alen = acronym_len(k->t, k->len, i, &w);
    if (alen) {
        end = i + alen;
        flags = NT_TOK_ABBREV;
        role = ROLE_ENDS;
    } else {
        end = scan_word(k->t, k->len, i, &w);
        int take = takes_period(k->t, k->len, i, end, n, &w);
        if (take != TAKE_NO) {
            end++;
            flags = NT_TOK_ABBREV;
            role = take == TAKE_MAY_END ? ROLE_ENDS : ROLE_PLAIN;
        }
    }
    emit(k, i, end, word_shape(k->t, k->len, i, end, &w), flags | w.joins,
         role);
    if (end < k->len && (k->t[end] == '\'' || k->t[end] == 0xE2)) {
        size_t c = clitic_len(k->t, k->len, end);
        if (c)
            emit(k, end, end + c, NT_SHAPE_LOWER, NT_TOK_APOS, ROLE_PLAIN);
        end += c;
    }
    return end;
}

/* Whether a word of alphanumeric ASCII (its classes or'ed in seen) ends
 * before a character of ascii_class cls, with nothing there for emit_word
 * to take: an ASCII character that joins nothing, or a , : / after a word
 * without digits (they join only digits; words with a digit are left to
 * emit_word, which looks at the characters on both sides). */
static inline int ends_plain(unsigned seen, unsigned cls)
{
    if (!(cls & (CL_JOIN | CL_HIGH)))
        return 1;
    return (cls & CL_NUMJOIN) && !(seen & CL_DIGIT);
}

/* End of the run of alphanumeric ASCII that starts at i with a letter or
 * digit. The caller makes sure that a byte other than a letter or digit
 * follows in the text (see guard_tail), so the loop need not test for the
 * end; nor does it note the classes it passes (see plain_shape). */
static inline size_t plain_run(const unsigned char *t, size_t i)
{
    while (ascii_class[t[++i]] & CL_ALNUM)
        ;
    return i;
}

/* The classes of the characters of t[i..end), or'ed. */
static unsigned classes_in(const unsigned char *t, size_t i, size_t end)
{
    unsigned seen = 0;
    while (i < end)
        seen |= ascii_class[t[i++]];
    return seen;
}

/* The shape of the plain word t[i..end), whose first character is of class
 * first: word_shape's answer. A word that starts in lowercase, most of
 * them, is NT_SHAPE_LOWER whatever follows, so only the others need their
 * characters' classes. */
static inline nt_shape plain_shape(const unsigned char *t, size_t len, size_t i,
                                   size_t end, unsigned first)
{
    if (first & CL_LOWER)
        return NT_SHAPE_LOWER;
    word_info w = {first, classes_in(t, i, end), 0};
    return word_shape(t, len, i, end, &w);
}

#ifdef WINDOW_WORDS

/* Bit k set where byte k of x, less lo, is not below n: where it lies
 * outside [lo, lo + n). Adding 0x80 - lo maps that range onto the lowest
 * signed bytes, so one signed comparison tells; asked this way round, the
 * comparison's constant can stay in memory (SSE2 compares into its first
 * operand) and the masks need no inverting: three instructions a word
 * fewer than asking which bytes lie inside. */
static inline unsigned bytes_out(__m128i x, char lo, char n)
{
    __m128i s = _mm_add_epi8(x, _mm_set1_epi8((char)(0x80 - lo)));
    __m128i top = _mm_set1_epi8((char)(0x80 + n - 1));
    /* pcmpgtb written out: the compiler would compare the other way round
     * and invert, two instructions more */
    __asm__("pcmpgtb %1, %0" : "+x"(s) : "xm"(top));
    return (unsigned)_mm_movemask_epi8(s);
}

/* The plain word at i, whose first character is a letter or digit of class
 * first, when the 16 bytes from i (all in the text) hold it whole and the
 * character after it ends it plainly (see ends_plain): returns its end and
 * sets *shape to word_shape's answer, worked out from bit masks of the
 * window (bit k for t[i + k]). Returns i otherwise (words of 16 characters
 * or more, a hyphen after, ...), leaving the word to the byte loop. */
static inline size_t window_word(const unsigned char *t, size_t i,
                                 unsigned first, nt_shape *shape)
{
    __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(t + i));
    unsigned nonletter =
        bytes_out(_mm_or_si128(x, _mm_set1_epi8(0x20)), 'a', 26);
    unsigned nondigit = bytes_out(x, '0', 10);
    /* 16 letters and digits or more when no byte stops the word: tested
     * on the flags the and sets, two instructions a word fewer than a
     * guard bit (1 << 16) for the count and a comparison with 16 */
    unsigned stops = nonletter & nondigit;
    if (!stops)
        return i;
    unsigned n = (unsigned)__builtin_ctz(stops);
    if (n == 0) /* t[i] is a letter or digit: tells the caller end != i */
        __builtin_unreachable();
    size_t end = i + n;
    unsigned next = ascii_class[t[end]];
    /* ends_plain; nonletter << (32 - n) keeps the digits of the word's n
     * bytes (each a letter or a digit), so that nondigit is not kept */
    if ((next & (CL_JOIN | CL_HIGH)) &&
        !((next & CL_NUMJOIN) && !(nonletter << (32 - n))))
        return i;
    if (first & CL_LOWER) {
        *shape = NT_SHAPE_LOWER;
        return end;
    }
    unsigned letter = ~nonletter & ((1u << n) - 1); /* the word's letters */
    if (first & CL_DIGIT) {
        *shape = letter ? NT_SHAPE_ALNUM : NT_SHAPE_DIGIT;
    } else { /* an all-caps word has bit 5 clear in all its letters */
        unsigned lower =
            letter & (unsigned)_mm_movemask_epi8(_mm_slli_epi16(x, 2));
        *shape =
            !lower && (letter & (letter - 1)) ? NT_SHAPE_UPPER : NT_SHAPE_CAP;
    }
    return end;
}
#endif

/* Whether the ASCII character at p, after a letter or digit, joins it to
 * the letter or digit after it as join_at would: a hyphen, or , . : /
 * between digits ("1,000", "2.5", "15:30", "9/11"). */
static inline int plain_join(const unsigned char *t, size_t p)
{
    switch (t[p]) {
    case '-':
        return (ascii_class[t[p + 1]] & CL_ALNUM) != 0;
    case ',':
    case '.':
    case ':':
    case '/':
        return (ascii_class[t[p - 1]] & ascii_class[t[p + 1]] & CL_DIGIT) != 0;
    default:
        return 0;
    }
}

/* End of the plain token at i, or i if there is none; *look gets its shape,
 * and in bits 8 and up its flags (NT_TOK_HYPHEN: the only flag a plain
 * word may earn). A plain word is runs of alphanumeric ASCII joined as
 * plain_join says ("F-16", "well-known", "1,000", "2.5") that ends_plain,
 * which leaves no acronym, period or clitic
 * for emit_word to look for (an acronym needs a period right after its
 * first letter); plain punctuation is one ASCII character whose class has
 * none of the bits of stop: PLAIN_STOP (no sentence role) or, in
 * mid-sentence, RUN_STOP (see emit_plain_tokens). wide tells that the 16
 * bytes from i lie in the text, which the window needs. Only runs that
 * start before tail are scanned here, so each ends at or before tail (see
 * guard_tail); a joiner before the last run there, or before a non-ASCII
 * character (which may be a letter), is left to emit_word. */
static inline size_t plain_token(const unsigned char *t, size_t tail,
                                 size_t i, int wide, unsigned stop,
                                 unsigned *look)
{
    unsigned c = ascii_class[t[i]], joins = 0;
    size_t end = i;
    if (!(c & CL_ALNUM)) {
        *look = NT_SHAPE_PUNCT;
        return c & stop ? i : i + 1;
    }
#ifdef WINDOW_WORDS
    nt_shape shape;
    if (wide && (end = window_word(t, i, c, &shape)) != i) {
        *look = shape;
        return end;
    }
#else
    (void)wide;
#endif
    while ((end = plain_run(t, end)) + 1 < tail && plain_join(t, end)) {
        if (t[end] == '-')
            joins = NT_TOK_HYPHEN << 8;
        end++;
    }
    unsigned next = ascii_class[t[end]];
    if (next & (CL_JOIN | CL_HIGH) && !ends_plain(classes_in(t, i, end), next))
        return i;
    *look = plain_shape(t, end, i, end, c) | joins; /* ASCII: ends at end */
    return end;
}

/* Stores the token t[s..e) with the shape and flags of look (shape |
 * flags << 8). On a little-endian machine look's low half is the two bytes
 * as they lie in the token, which one store writes. */
static inline void put_token(nt_token *v, size_t s, size_t e, unsigned look)
{
    v->start = (uint32_t)s;
    v->end = (uint32_t)e;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    _Static_assert(offsetof(nt_token, flags) == offsetof(nt_token, shape) + 1,
                   "flags follow shape");
    uint16_t sf = (uint16_t)look;
    memcpy((unsigned char *)v + offsetof(nt_token, shape), &sf, sizeof sf);
#else
    v->shape = (uint8_t)look;
    v->flags = (uint8_t)(look >> 8);
#endif
}

/* Room the token array is given before a run of plain tokens: whenever
 * less is left, it grows (doubling) first. */
#define PLAIN_ROOM 128

/* Classes that stop plain punctuation (see plain_token). A run's first
 * token may come in any sentence state, so any role stops it there. After
 * it the state is ST_NONE, in which a closer or a quote earns the flags of
 * a plain token and leaves the state as it is (see boundary()): only a
 * final mark, which sets ST_FINAL, still stops it. */
#define PLAIN_STOP (CL_SPACE | CL_HIGH | CL_ROLE)
#define RUN_STOP (CL_SPACE | CL_HIGH | CL_FINAL)
/* After a final mark and whitespace a quote is not attached: it earns what
 * a plain token earns there (see boundary()); only closers carry. */
#define GAP_STOP (CL_SPACE | CL_HIGH | CL_FINAL | CL_CLOSER)

/* The flags boundary() gives a token in state ST_NONE after nl newlines
 * (capped at 2). */
static inline unsigned line_flags(unsigned nl)
{
    return nl == 0   ? 0
           : nl == 1 ? NT_TOK_LINE_START
                     : NT_TOK_LINE_START | NT_TOK_PARA_START | NT_TOK_SENT_START;
}

/* What emit_plain_tokens' loop hands to line_turn and back. */
typedef struct {
    nt_token *v;   /* where the next token goes */
    size_t end;    /* the end of the plain token found, or its start */
    unsigned look; /* and its shape | flags << 8 */
    int state;     /* ST_NONE or ST_FINAL */
    unsigned nl;   /* newlines since the last token, capped at 2 */
} plain_turn;

/* End of the plain word at i (below wide) when a period follows it that
 * emit_word would leave to emit_punct as a sentence's end: below wide,
 * before ASCII whitespace, and after a word that is neither an initial nor
 * a known abbreviation (a period after a digit joins nothing before
 * whitespace). *look gets the word's shape and flags, as plain_token gives
 * them. Returns i when there is no such word. */
static size_t period_word(const unsigned char *t, size_t wide, size_t i,
                          unsigned *look)
{
    unsigned first = ascii_class[t[i]], joins = 0;
    size_t end = i;
    while ((end = plain_run(t, end)) + 1 < wide && plain_join(t, end)) {
        if (t[end] == '-')
            joins = NT_TOK_HYPHEN << 8;
        end++;
    }
    if (end >= wide || t[end] != '.' || !(ascii_class[t[end + 1]] & CL_SPACE))
        return i;
    if ((end == i + 1 && (first & CL_LETTER)) ||
        find_abbrev((const char *)t + i, end - i))
        return i;
    *look = plain_shape(t, end, i, end, first) | joins;
    return end;
}

/* Where a run of plain tokens stops at i (below wide, in state ST_NONE),
 * the commonest cases in news: a line break, or a sentence's end, a final
 * . ! ? (a run of periods; in ST_NONE it earns no flags), perhaps after a
 * word (see period_word), and the whitespace after it. Emits the word and
 * the mark, skips the whitespace (below wide), and returns where the next
 * token starts, with the plain token there in r->end and r->look (with the
 * flags that boundary() would give it: state and newlines back to ST_NONE
 * and 0), or r->end set to the start when there is none. Out of line, so
 * that the loop's registers stay free for the plain tokens. */
__attribute__((noinline)) static size_t line_turn(const unsigned char *t,
                                                  size_t len, size_t wide,
                                                  size_t i, plain_turn *r)
{
    unsigned c = ascii_class[t[i]];
    if (c & CL_ALNUM) {
        size_t end = period_word(t, wide, i, &r->look);
        if (end == i) {
            r->end = i;
            return i;
        }
        put_token(r->v++, i, end, r->look);
        i = end;
        c = CL_FINAL;
    }
    if (c & CL_FINAL) {
        size_t end = i + 1;
        if (t[i] == '.')
            while (end < len && t[end] == '.')
                end++;
        put_token(r->v++, i, end, NT_SHAPE_PUNCT);
        r->state = ST_FINAL;
        i = end;
    }
    size_t gap = i;
    for (; i < wide && (ascii_class[t[i]] & CL_SPACE); i++)
        r->nl += t[i] == '\n' && r->nl < 2;
    unsigned stop = r->state == ST_NONE ? RUN_STOP
                    : i > gap           ? GAP_STOP
                                        : PLAIN_STOP;
    if (i >= wide ||
        (r->end = plain_token(t, wide, i, 1, stop, &r->look)) == i) {
        r->end = i;
        return i;
    }
    r->look |= (line_flags(r->nl) |
                (r->state == ST_FINAL ? NT_TOK_SENT_START : 0)) << 8;
    r->state = ST_NONE;
    r->nl = 0;
    return i;
}

/* Appends the plain tokens at i, each followed by any plain spaces: the
 * common case, in a loop that keeps the token array in registers. A plain
 * token leaves the sentence state at ST_NONE: the first one may earn flags
 * from boundary() (after a newline or a sentence end), the others, in
 * mid-line and mid-sentence, earn none. Line breaks and sentence ends
 * between plain tokens are taken too (see line_turn); where the tokens
 * after them are not plain, the state and newlines are left in k for the
 * general path. Only tokens that start before k->tail are taken, so that
 * each ends at or before it (see guard_tail) and a byte other than a plain
 * space follows every token: the loop need not test for the end of the
 * text. Nor does it test for room in the array: each token takes a byte
 * at least, so tokens that start fewer bytes from i than the array has
 * free slots all fit. Returns the position after the last token (and its
 * spaces, if a token could follow), or i when the token at i is not
 * plain. */
static size_t emit_plain_tokens(tokenizer *k, size_t i)
{
    const unsigned char *t = k->t;
    size_t len = k->len, tail = k->tail, end;
    unsigned look; /* shape | flags << 8 */
    if (i >= tail ||
        (end = plain_token(t, tail, i, i + 16 <= len, PLAIN_STOP, &look)) == i)
        return i;
    unsigned flags = 0;
    if (k->first || k->nl || k->state != ST_NONE)
        flags = boundary(k, i, ROLE_PLAIN);
    nt_tokens *ts = k->out;
    if (ts->cap - ts->n < PLAIN_ROOM)
        ts->v = nt_xgrow_more(ts->v, &ts->cap, ts->n + PLAIN_ROOM,
                              sizeof *ts->v);
    nt_token *first = ts->v + ts->n, *v = first;
    size_t limit = ts->cap - ts->n < tail - i ? i + (ts->cap - ts->n) : tail;
    /* Below wide, a window of 16 bytes fits in the text. It is also the
     * bound plain_token gets for tail there: stricter, and one value less
     * for the loop to hold. */
    size_t wide = len < 16 ? 0 : limit < len - 15 ? limit : len - 15;
    plain_turn r = {NULL, 0, 0, ST_NONE, 0};
    for (;;) {
        put_token(v++, i, end, look);
        /* most tokens are followed by one space: taken without a branch */
        for (i = end + (t[end] == ' '); t[i] == ' '; i++)
            ;
        if (i < wide &&
            (end = plain_token(t, wide, i, 1, RUN_STOP, &look)) != i)
            continue;
        if (i >= wide)
            break;
        r.v = v;
        i = line_turn(t, len, wide, i, &r);
        v = r.v;
        if ((end = r.end) == i)
            break;
        look = r.look;
    }
    if (i >= wide && r.state == ST_NONE && r.nl == 0) /* the last bytes */
        while (i < limit &&
               (end = plain_token(t, limit, i, 0, PLAIN_STOP, &look)) != i) {
            put_token(v++, i, end, look);
            for (i = end; t[i] == ' '; i++)
                ;
        }
    first->flags |= (uint8_t)flags; /* boundary() saw the tokens before it */
    ts->n = (size_t)(v - ts->v);
    k->state = r.state;
    k->nl = r.nl;
    if (r.state == ST_FINAL) /* as boundary() left it after the mark */
        k->nl_since = 0;
    return i;
}

/* The tail of the text that emit_plain_tokens leaves to the general path:
 * the bytes from the last one that is neither a plain space nor an
 * alphanumeric ASCII character (0 if there is none). A text mostly ends
 * with a newline or a period, which makes it the last byte or two. Plain
 * words and punctuation that start before it end at or before it, and
 * then, past plain spaces only, there is always a byte that stops a scan. */
static size_t guard_tail(const unsigned char *t, size_t len)
{
    while (len > 0 &&
           (t[len - 1] == ' ' || (ascii_class[t[len - 1]] & CL_ALNUM)))
        len--;
    return len ? len - 1 : 0;
}

static int punct_role(const unsigned char *p, size_t n)
{
    if (n == 1) {
        switch (p[0]) {
        case '.':
        case '!':
        case '?':
            return ROLE_FINAL;
        case ')':
        case ']':
            return ROLE_CLOSER;
        case '"':
        case '\'':
            return ROLE_QUOTE;
        default:
            return ROLE_PLAIN;
        }
    }
    if (n == 3 && p[0] == 0xE2 && p[1] == 0x80) {
        if (p[2] == 0x99 || p[2] == 0x9D) /* ’ ” */
            return ROLE_CLOSER;
        if (p[2] == 0xA6) /* … */
            return ROLE_FINAL;
    }
    return ROLE_PLAIN;
}

/* Emits the punctuation token at i: one character of n bytes, or a run of
 * periods. Returns its end. */
static size_t emit_punct(tokenizer *k, size_t i, size_t n)
{
    size_t end = i + n;
    if (k->t[i] == '.')
        while (end < k->len && k->t[end] == '.')
            end++;
    emit(k, i, end, NT_SHAPE_PUNCT, 0, punct_role(k->t + i, n));
    return end;
}

/* Skips whitespace from i, counting newlines (up to 2) for the next token's
 * flags. Returns the next non-space position. Plain spaces, most of it,
 * take the first test. */
static inline size_t skip_space(tokenizer *k, size_t i)
{
    const unsigned char *t = k->t;
    size_t n;
    while (i < k->len) {
        if (t[i] == ' ') {
            i++;
        } else if (t[i] < 0x80) {
            if (!(ascii_class[t[i]] & CL_SPACE))
                break;
            k->nl += t[i] == '\n' && k->nl < 2;
            i++;
        } else {
            if (!(uni_class(t, k->len, i, &n) & CL_SPACE))
                break;
            i += n;
        }
    }
    return i;
}

void nt_tokenize(const char *text, size_t len, nt_tokens *toks)
{
    const unsigned char *t = (const unsigned char *)text;
    tokenizer k = {t, len, guard_tail(t, len), toks, 0, 1, ST_NONE, 0};
    size_t i, j, n;
    toks->n = 0;
    /* Room for a token every four bytes (news has one every six or so),
     * made at once: growing by doubling copied the array a dozen times on
     * a long text. Pages of the room that no token reaches are never
     * touched; emit_plain_tokens and emit grow it further if need be. */
    if (toks->cap < len / 4 + PLAIN_ROOM)
        toks->v = nt_xgrow_more(toks->v, &toks->cap, len / 4 + PLAIN_ROOM,
                                sizeof *toks->v);
    for (i = skip_space(&k, 0); i < len; i = skip_space(&k, i)) {
        /* the plain tokens, most of them, then one token the general way */
        j = emit_plain_tokens(&k, i);
        if (j != i) {
            i = j;
            continue;
        }
        unsigned cls = class_at(k.t, len, i, &n);
        if (cls & CL_ALNUM)
            i = emit_word(&k, i, cls, n);
        else
            i = emit_punct(&k, i, n);
    }
}
