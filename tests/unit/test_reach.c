/* test_reach.c - the conservative pattern reader: the bytes a match can
 * begin with for literals, caseless mode, classes, properties, \d in UCP
 * mode, alternations, optional prefixes and lookbehinds; giving up on what
 * it does not know; the words matches can hold (nt_reach_words, vocab.h),
 * counted repetitions read as copies; the keys matches begin with
 * (nt_reach_first_words_next: a first word and what follows it); and,
 * checked against PCRE2 itself, that every set is a superset of what real
 * matches hold, words and keys too. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h> /* after setjmp.h, stdarg.h, stddef.h, stdint.h */

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "reach.h"
#include "utf8.h"

/* Whether set s holds exactly the bytes in want (a NUL-terminated list,
 * so NUL itself cannot be asked for), taking "high" for every byte from
 * 0x80 up. */
static int set_is(const nt_byteset *s, const char *want, int high)
{
    nt_byteset w = {{0}};
    for (const char *p = want; *p; p++)
        w.w[(unsigned char)*p >> 6] |= 1ull << ((unsigned char)*p & 63);
    if (high)
        w.w[2] = w.w[3] = ~0ull;
    return memcmp(&w, s, sizeof w) == 0;
}

static int set_is_all(const nt_byteset *s)
{
    return memcmp(s, &nt_byteset_all, sizeof *s) == 0;
}

#define UPPER "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
#define LOWER "abcdefghijklmnopqrstuvwxyz"
#define DIGITS "0123456789"

static void test_literal(void **state)
{
    (void)state;
    nt_reach r = nt_reach_pattern("abc");
    assert_true(set_is(&r.first, "a", 0));
    assert_true(set_is(&r.second, "b", 0));
    assert_true(set_is(&r.alpha, "abc", 0));
    assert_false(r.nullable);
    assert_false(r.one);
    assert_false(r.ends_space);
}

/* A caseless ASCII letter also brings in the bytes from 0x80 up (the
 * KELVIN SIGN is a caseless 'k'), and a letter beyond ASCII every ASCII
 * letter; a character beyond ASCII that is no letter has no other case. */
static void test_caseless(void **state)
{
    (void)state;
    nt_reach r = nt_reach_pattern("(?i)ab");
    assert_true(set_is(&r.first, "aA", 1));
    assert_true(set_is(&r.second, "bB", 1));
    r = nt_reach_pattern("(?i:a)b");
    assert_true(set_is(&r.second, "b", 0));
    r = nt_reach_pattern("(?i)\xc3\xa9");
    assert_true(set_is(&r.first, UPPER LOWER, 1));
    r = nt_reach_pattern("\xc3\xa9");
    assert_true(set_is(&r.first, "", 1));
    r = nt_reach_pattern("(?i)\xe2\x80\x99s"); /* U+2019 */
    assert_true(set_is(&r.first, "", 1));
    assert_true(set_is(&r.second, "sS", 1));
    r = nt_reach_pattern("(?i)[\xe2\x80\x99']");
    assert_true(set_is(&r.first, "'", 1));
}

static void test_classes(void **state)
{
    (void)state;
    nt_reach r = nt_reach_pattern("[a-cx]y");
    assert_true(set_is(&r.first, "abcx", 0));
    r = nt_reach_pattern("[\\d.]");
    assert_true(set_is(&r.first, DIGITS ".", 1));
    assert_true(r.one);
    r = nt_reach_pattern("[^a]");
    assert_true(set_is_all(&r.first));
    r = nt_reach_pattern("[[:alpha:]]");
    assert_true(set_is_all(&r.first));
}

/* \p{Lu} is A-Z or a character beyond ASCII; \d in UCP mode any decimal
 * digit, so also one beyond ASCII. */
static void test_properties_and_ucp(void **state)
{
    (void)state;
    nt_reach r = nt_reach_pattern("\\p{Lu}\\p{Ll}+");
    assert_true(set_is(&r.first, UPPER, 1));
    assert_true(set_is(&r.second, LOWER, 1));
    r = nt_reach_pattern("\\d{4}");
    assert_true(set_is(&r.first, DIGITS, 1));
    r = nt_reach_pattern("\\pL");
    assert_true(set_is(&r.first, UPPER LOWER, 1));
    r = nt_reach_pattern("\\p{Sc}");
    assert_true(set_is_all(&r.first));
    r = nt_reach_pattern("\\D");
    assert_true(set_is_all(&r.first));
}

static void test_alternation_and_optional(void **state)
{
    (void)state;
    nt_reach r = nt_reach_pattern("ab|cd|e");
    assert_true(set_is(&r.first, "ace", 0));
    assert_true(set_is(&r.second, "bd", 0));
    assert_true(r.one);
    r = nt_reach_pattern("(?:Mr\\.? )?Smith");
    assert_true(set_is(&r.first, "MS", 0));
    assert_true(set_is(&r.second, "rm", 0));
    assert_true(set_is(&r.after_space, "S", 0));
    r = nt_reach_pattern("a*");
    assert_true(r.nullable);
    r = nt_reach_pattern("x{0,3}y");
    assert_true(set_is(&r.first, "xy", 0));
}

/* Lookarounds, anchors and \b match no character: they are left out. */
static void test_zero_width(void **state)
{
    (void)state;
    nt_reach r = nt_reach_pattern("(?<=\\s)ab");
    assert_true(set_is(&r.first, "a", 0));
    r = nt_reach_pattern("(?<!x)\\b(?=[A-Z])cd$");
    assert_true(set_is(&r.first, "c", 0));
    assert_true(set_is(&r.second, "d", 0));
}

/* A word test ('(?C"!name")') is read as a lookaround is: as nothing
 * (it only fails matches); other callouts, and near misses, give up. */
static void test_word_test(void **state)
{
    (void)state;
    nt_reach r = nt_reach_pattern("(?C\"!title\")cd");
    assert_true(set_is(&r.first, "c", 0));
    assert_true(set_is(&r.second, "d", 0));
    r = nt_reach_pattern("ab\\s+(?C\"!a_1\")c");
    assert_true(set_is(&r.first, "a", 0));
    assert_false(r.nullable);
    static const char *const bad[] = {"(?C\"title\")cd", "(?C\"!\")cd",
                                      "(?C\"!a b\")cd", "(?C\"!ab\"cd"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        r = nt_reach_pattern(bad[i]);
        assert_true(set_is_all(&r.first));
    }
    const char *name = NULL;
    size_t n = 0;
    assert_int_equal(nt_reach_word_test("(?C\"!title\")x", &name, &n), 12);
    assert_int_equal(n, 5);
    assert_memory_equal(name, "title", 5);
    assert_int_equal(nt_reach_word_test("(?C1)", NULL, NULL), 0);
}

/* What the reader does not understand gives any byte, never less. */
static void test_gives_up(void **state)
{
    (void)state;
    static const char *const pats[] = {
        "(a)\\1", "(?x) a", "(*UTF)a", "(?(1)a|b)", "a(?C1)", "\\Qa\\E",
        "(a", "\\N{U+41}", "\\Ka", "\xff",
        /* a quantifier from PCRE2 10.43 on, literal text before */
        "a{1, 3}", "a{ 2}", "a{,3}",
    };
    for (size_t i = 0; i < sizeof pats / sizeof *pats; i++) {
        nt_reach r = nt_reach_pattern(pats[i]);
        assert_true(set_is_all(&r.first));
        assert_true(set_is_all(&r.second));
        assert_true(r.nullable && r.one && r.ends_space);
    }
}

static void test_or_any(void **state)
{
    (void)state;
    nt_reach a = nt_reach_pattern("ab"), b = nt_reach_pattern("c");
    nt_reach r = nt_reach_or(&a, &b);
    assert_true(set_is(&r.first, "ac", 0));
    assert_true(r.one);
    r = nt_reach_any();
    assert_true(set_is_all(&r.alpha) && set_is_all(&r.after_space));
}

/* The filter of a set of words; NULL when it is any. */
static nt_wordfilter *filter_of(nt_wordset w)
{
    nt_wordfilter *f = nt_wordfilter_new();
    int some = nt_wordfilter_add(f, &w);
    nt_wordset_free(&w);
    if (some)
        return f;
    nt_wordfilter_free(f);
    return NULL;
}

/* The filter of the words of pat's matches; NULL when they may be any. */
static nt_wordfilter *words_of(const char *pat)
{
    return filter_of(nt_reach_words(pat));
}

/* And of the words they begin with. */
static nt_wordfilter *first_words_of(const char *pat)
{
    return filter_of(nt_reach_first_words(pat));
}

static int holds(const nt_wordfilter *f, const char *w)
{
    return nt_wordfilter_has(f, w, strlen(w));
}

/* The words a match holds: whole words of literals (caseless or not,
 * digits as '0'), across groups and alternatives, but no piece of one;
 * repeated letters and wide classes leave a word begun; lookbehinds hold
 * no word of the match; what the reading gives up on, any word. */
static void test_words(void **state)
{
    (void)state;
    nt_wordfilter *f = words_of(
        "(?i:the\\s+)?[12]?[0-9](?:st|nd|rd|th)\\s+(?i:century)\\b");
    assert_non_null(f);
    assert_true(holds(f, "the") && holds(f, "00th") && holds(f, "0st"));
    assert_true(holds(f, "century"));
    assert_false(holds(f, "t") || holds(f, "he") || holds(f, "th"));
    assert_false(holds(f, "centur") || holds(f, "centurys") || holds(f, "0"));
    nt_wordfilter_free(f);

    f = words_of("centur(?:y|ies)|(?:ab)+|x[a-z]|[Ww]e");
    assert_true(holds(f, "century") && holds(f, "centuries"));
    assert_false(holds(f, "centur") || holds(f, "centurie"));
    assert_true(holds(f, "ab") && holds(f, "abab") && holds(f, "ababab"));
    assert_true(holds(f, "xq") && holds(f, "xylophone") && holds(f, "we"));
    assert_false(holds(f, "a") || holds(f, "b") || holds(f, "wee"));
    nt_wordfilter_free(f);

    f = words_of("(?<=\\b[Ww]ill\\s)(?i:one|some)\\s+day");
    assert_true(holds(f, "one") && holds(f, "some") && holds(f, "day"));
    assert_false(holds(f, "will"));
    nt_wordfilter_free(f);

    assert_null(words_of("\\p{Lu}\\w+ Inc"));
    assert_null(words_of("(a)\\1"));
    assert_null(words_of("[a-z]"));
}

/* The words a match begins with: those of its first literals, through
 * optional groups and alternatives, never a later word; a lookbehind
 * begins none; a wide class or a loop leaves the word begun; what the
 * reading gives up on, any word. */
static void test_first_words(void **state)
{
    (void)state;
    nt_wordfilter *f = first_words_of(
        "(?i:the\\s+)?(?:past|(?<=\\bin\\s)recent)\\s+(?:\\d+|few)\\s+years");
    assert_non_null(f);
    assert_true(holds(f, "the") && holds(f, "past") && holds(f, "recent"));
    assert_false(holds(f, "in") || holds(f, "years") || holds(f, "0"));
    assert_false(holds(f, "few") || holds(f, "pas") || holds(f, "thepast"));
    nt_wordfilter_free(f);

    f = first_words_of("\\d+(?:st|nd)?\\s+day|x[a-z]+|caf\\x{e9}");
    assert_true(holds(f, "0") && holds(f, "000") && holds(f, "00st"));
    assert_true(holds(f, "xylophone"));
    assert_false(holds(f, "caf") || holds(f, "day") || holds(f, "ylophone"));
    nt_wordfilter_free(f);

    assert_null(first_words_of("\\p{Lu}\\w+ Inc"));
    assert_null(first_words_of("(a)\\1"));
}

/* The filter of the keys of pat's matches; NULL when they may be any. */
static nt_keyfilter *keys_of(const char *pat)
{
    nt_wordset w = nt_reach_first_words_next(pat);
    nt_keyfilter *f = nt_keyfilter_new(&w, 1);
    nt_wordset_free(&w);
    return f;
}

/* Whether a text beginning with text fits f's keys. */
static int begins(const nt_keyfilter *f, const char *text)
{
    return nt_keyfilter_judge(f, text, strlen(text), 0);
}

/* A counted repetition reads as that many copies: "[0-9]{3}" holds the
 * words of three digits, not of any number; "{2,}" two or more, "{0}"
 * none; a large count is read as any number. */
static void test_counted(void **state)
{
    (void)state;
    nt_wordfilter *f = words_of("1[0-9]{3}|x{2,3}|y{2,}|z{0}w|q{1,20}");
    assert_true(holds(f, "0000") && holds(f, "xx") && holds(f, "xxx"));
    assert_false(holds(f, "000") || holds(f, "00000") || holds(f, "x"));
    assert_false(holds(f, "xxxx") || holds(f, "y") || holds(f, "zw"));
    assert_true(holds(f, "yy") && holds(f, "yyyyy") && holds(f, "w"));
    assert_true(holds(f, "q") && holds(f, "qqqqqqqqqqqqqqqqqqqqqqqqqq"));
    nt_wordfilter_free(f);
    nt_reach r = nt_reach_pattern("a{2}");
    assert_false(r.one); /* "aa" only */
    assert_true(set_is(&r.second, "a", 0));
    /* Nested counts multiply: past a budget, repetitions again. */
    f = words_of("(?:(?:(?:(?:(?:xb{8} ){8}){8}){8}){8})c");
    assert_true(holds(f, "xbbbbbbbb") && holds(f, "c"));
    assert_false(holds(f, "b") || holds(f, "xc"));
    nt_wordfilter_free(f);
}

/* The keys a match begins with: its first word and the byte after it,
 * and the words after that. A year then a hyphen allows "1996-", not
 * "1996 "; "\s*am" allows a space, or none; a match that may end after a
 * word allows anything after it; what the reading gives up on, any key. */
static void test_first_words_next(void **state)
{
    (void)state;
    nt_keyfilter *f = keys_of("(?:1[0-9]{3}|20[0-9]{2})-(?:0[1-9]|1[0-2])-");
    assert_non_null(f);
    assert_true(begins(f, "1996-08-") && begins(f, "2015-12-"));
    assert_false(begins(f, "1996 ") || begins(f, "1996-8") || begins(f, "96-"));
    assert_false(begins(f, "1996") || begins(f, "19960-") || begins(f, "1996."));
    assert_true(begins(f, "-x") && begins(f, "\xc3\xa9x")); /* not judged */
    nt_keyfilter_free(f);

    f = keys_of("(?:1[0-2]|0?[1-9])\\s*(?i:a\\.m\\.?|am\\b)|(?:1[0-2]|0?[1-9])\\s+"
                "(?i:in\\s+the\\s+(?:morning|evening))");
    assert_true(begins(f, "12 am") && begins(f, "3am ") && begins(f, "3\t\tA.M."));
    assert_true(begins(f, "4 in the morning") && begins(f, "4 in  the x"));
    assert_true(begins(f, "4 \xc3\xa9") && begins(f, "4 in caf\xc3\xa9"));
    assert_false(begins(f, "12 people") || begins(f, "3.5") || begins(f, "3-1"));
    assert_false(begins(f, "4 in 1996") || begins(f, "100 am"));
    nt_keyfilter_free(f);

    f = keys_of("\\d+(?=-)|\\d+(?=\\s)x"); /* lookaheads narrow nothing */
    assert_true(begins(f, "12-") && begins(f, "12 ") && begins(f, "12x"));
    nt_keyfilter_free(f);
    f = keys_of("(?<=\\d )year|(?<!x)yea(?!h)r");
    assert_true(begins(f, "year ") && begins(f, "Year."));
    assert_false(begins(f, "yea") || begins(f, "yeah") || begins(f, "ye ar"));
    nt_keyfilter_free(f);

    assert_null(keys_of("(a)\\1 b"));
    assert_null(keys_of("(?(1)a|b) c"));
    assert_null(keys_of("\\p{Lu}\\w+ Inc"));
}

/* Keys of mixed depth: a first word that goes on in too many ways
 * ("last" and any two letters, then any four) is cut after its second
 * word, while one that goes on in few ("this year ends") keeps three. */
static void test_first_words_next_mixed(void **state)
{
    (void)state;
    nt_keyfilter *f = keys_of("this year ends|next week|last\\s+[a-d][a-d]\\s+"
                              "[a-d][a-d][a-d][a-d] x");
    assert_non_null(f);
    assert_true(begins(f, "this year ends") && begins(f, "next week ."));
    assert_true(begins(f, "last ab cdab x") && begins(f, "last  dd cccc"));
    assert_true(begins(f, "last ab zz")); /* cut: begun after "ab " */
    assert_false(begins(f, "this year often") || begins(f, "this week"));
    assert_false(begins(f, "last ae cccc") || begins(f, "last year"));
    assert_false(begins(f, "last ab.") || begins(f, "next month"));
    nt_keyfilter_free(f);
}

/* Whether a match that ends at e of text fires (a rule's does not when it
 * ends between two letters or digits: see ruleset.c). */
static int ends_inside_word(const char *text, size_t len, size_t e)
{
    if (e == 0 || e >= len)
        return 0;
    size_t b = e - 1;
    while (b > 0 && ((unsigned char)text[b] & 0xC0) == 0x80)
        b--;
    uint32_t p, n;
    if (!nt_utf8_decode((const unsigned char *)text + b, len - b, &p) ||
        !nt_utf8_decode((const unsigned char *)text + e, len - e, &n))
        return 0;
    return (nt_utf8_is_letter(p) || nt_utf8_is_digit(p)) &&
           (nt_utf8_is_letter(n) || nt_utf8_is_digit(n));
}

/* Checks the key of text at a real match text[s..e) against f (one that
 * would fire). */
static void check_key(const nt_keyfilter *f, const char *pat,
                      const char *text, size_t s, size_t e)
{
    size_t len = strlen(text);
    if (f && !ends_inside_word(text, len, e) &&
        !nt_keyfilter_judge(f, text, len, s))
        fail_msg("/%s/ on \"%s\" at %zu: key left out", pat, text, s);
}

/* Length of the UTF-8 sequence that starts with byte c. */
static size_t seq_len(unsigned char c)
{
    return c < 0xC0 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

/* Checks what r says against a real match text[s..e). */
static void check_match(const nt_reach *r, const char *pat, const char *text,
                        size_t s, size_t e)
{
    size_t chars = 0;
    int after_space = 0;
    for (size_t i = s; i < e; i += seq_len((unsigned char)text[i]), chars++) {
        unsigned char c = (unsigned char)text[i];
        if (!nt_byteset_has(&r->alpha, c) ||
            (chars == 0 && !nt_byteset_has(&r->first, c)) ||
            (chars == 1 && !nt_byteset_has(&r->second, c)) ||
            (after_space && !nt_byteset_has(&r->after_space, c)))
            fail_msg("/%s/ on \"%s\" at %zu: byte 0x%02x left out", pat, text,
                     s, c);
        after_space = nt_byteset_has(&nt_byteset_space, c);
    }
    if (chars == 1 && !r->one)
        fail_msg("/%s/ on \"%s\" at %zu: one character", pat, text, s);
    if (after_space && !r->ends_space)
        fail_msg("/%s/ on \"%s\" at %zu: ends with a space", pat, text, s);
}

/* Checks the words of a real match text[s..e) against f (vocab.h): each
 * whole word of it, and those at its edges, unless a character beyond
 * ASCII is next to it (the filter does not judge those). */
static void check_words(const nt_wordfilter *f, const char *pat,
                        const char *text, size_t s, size_t e)
{
    for (size_t a = s; a < e;) {
        if (!nt_word_byte((unsigned char)text[a])) {
            a++;
            continue;
        }
        size_t b = a;
        char w[NT_WORDSET_CAP + 1];
        while (b < e && nt_word_byte((unsigned char)text[b])) {
            if (b - a < sizeof w)
                w[b - a] = nt_word_byte((unsigned char)text[b]);
            b++;
        }
        int judged = (a == s || (unsigned char)text[a - 1] < 0x80) &&
                     (b == e || (unsigned char)text[b] < 0x80);
        size_t n = b - a < sizeof w ? b - a : sizeof w;
        if (judged && !nt_wordfilter_has(f, w, n))
            fail_msg("/%s/ on \"%s\" at %zu: word \"%.*s\" left out", pat,
                     text, s, (int)(b - a), text + a);
        a = b;
    }
}

/* Checks the first word of a real match text[s..e) against f, as the
 * rules judge it: a word of ASCII letters and digits at s that the match
 * holds whole (one that ends inside it does not fire), not followed by a
 * character beyond ASCII. */
static void check_first_word(const nt_wordfilter *f, const char *pat,
                             const char *text, size_t s, size_t e)
{
    size_t len = strlen(text), n = 0;
    char w[NT_WORDSET_CAP + 1];
    while (s + n < len && nt_word_byte((unsigned char)text[s + n])) {
        if (n < sizeof w)
            w[n] = nt_word_byte((unsigned char)text[s + n]);
        n++;
    }
    if (!f || n == 0 || s + n > e || (unsigned char)text[s + n] >= 0x80)
        return;
    if (!nt_wordfilter_has(f, w, n < sizeof w ? n : sizeof w))
        fail_msg("/%s/ on \"%s\" at %zu: first word \"%.*s\" left out", pat,
                 text, s, (int)n, text + s);
}

/* Checks the pairs of pat (nt_reach_space_pairs: -1, any) against a real
 * match text[s..e): after each white space in it, the byte after the next
 * one, where that is ASCII and the match goes on past both. */
static void check_pairs(const nt_byteset *pairs, int rc, const char *pat,
                        const char *text, size_t s, size_t e)
{
    for (size_t i = s; rc == 0 && i + 2 < e; i++) {
        unsigned char c = (unsigned char)text[i + 1];
        if (nt_byteset_has(&nt_byteset_space, (unsigned char)text[i]) &&
            c < 0x80 && !nt_byteset_has(&pairs[c], (unsigned char)text[i + 2]))
            fail_msg("/%s/ on \"%s\" at %zu: pair at %zu left out", pat,
                     text, s, i + 1);
    }
}

/* Runs pat as the rules do (UTF, UCP, anchored) from every character of
 * text and checks each non-empty match: its bytes, its words and its first
 * word. */
/* Whether text[s..e) holds must[0..n) (an nt_reach_text's bytes). */
static int holds_must(const char *text, size_t s, size_t e, const char *must,
                      size_t n)
{
    for (size_t i = s; i + n <= e; i++) {
        size_t j = 0;
        for (; j < n; j++) {
            unsigned char t = (unsigned char)text[i + j],
                          m = (unsigned char)must[j];
            if (m & NT_REACH_CASELESS ? (t | 0x20) != (m & 0x7F) : t != m)
                break;
        }
        if (j == n)
            return 1;
    }
    return 0;
}

static void check_must(const char *must, size_t n, const char *pat,
                       const char *text, size_t s, size_t e)
{
    if (!holds_must(text, s, e, must, n))
        fail_msg("%s matched \"%.*s\" without its text \"%.*s\"", pat,
                 (int)(e - s), text + s, (int)n, must);
}

static void check_superset(const char *pat, const char *text)
{
    int code;
    PCRE2_SIZE off;
    pcre2_code *c = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED,
                                  PCRE2_UTF | PCRE2_UCP | PCRE2_ANCHORED,
                                  &code, &off, NULL);
    assert_non_null(c);
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(c, NULL);
    nt_reach_text must;
    nt_reach r = nt_reach_pattern_text(pat, &must);
    nt_wordset w = nt_reach_words(pat);
    nt_wordfilter *f = nt_wordfilter_new();
    nt_wordfilter_add(f, &w);
    nt_wordset_free(&w);
    nt_wordfilter *first = first_words_of(pat);
    nt_keyfilter *keys = keys_of(pat);
    nt_byteset pairs[128];
    int rc = nt_reach_space_pairs(pat, pairs);
    size_t len = strlen(text);
    for (size_t at = 0; at < len; at += seq_len((unsigned char)text[at])) {
        if (pcre2_match(c, (PCRE2_SPTR)text, len, at, 0, md, NULL) <= 0)
            continue;
        const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        if (ov[1] > ov[0]) {
            check_match(&r, pat, text, ov[0], ov[1]);
            check_words(f, pat, text, ov[0], ov[1]);
            check_first_word(first, pat, text, ov[0], ov[1]);
            check_key(keys, pat, text, ov[0], ov[1]);
            check_pairs(pairs, rc, pat, text, ov[0], ov[1]);
            check_must(must.s, must.n, pat, text, ov[0], ov[1]);
        }
    }
    nt_keyfilter_free(keys);
    nt_wordfilter_free(first);
    nt_wordfilter_free(f);
    pcre2_match_data_free(md);
    pcre2_code_free(c);
}

/* Whether set s holds exactly the bytes of chars (ASCII). */
static int pair_is(const nt_byteset *s, const char *chars)
{
    nt_byteset want = {{0}};
    for (; *chars; chars++)
        want.w[(unsigned char)*chars >> 6] |= 1ull << (*chars & 63);
    return memcmp(s, &want, sizeof want) == 0;
}

/* What follows a byte after white space in a match: the second letters of
 * the words there, white space after white space, every byte where the
 * match may end; none for a byte never after white space; and a pattern
 * not understood gives -1. */
static void test_space_pairs(void **state)
{
    (void)state;
    nt_byteset p[128];
    assert_int_equal(
        nt_reach_space_pairs("\\p{Lu}\\w*\\s+(?:and\\s+|as(?=x))?Inc", p), 0);
    assert_true(pair_is(&p['a'], "ns"));
    assert_true(pair_is(&p['I'], "n"));
    assert_true(pair_is(&p['x'], "") && pair_is(&p['n'], ""));
    assert_true(nt_byteset_has(&p[' '], 'a') && nt_byteset_has(&p['\t'], 'I') &&
                nt_byteset_has(&p[' '], '\n') && !nt_byteset_has(&p[' '], 'x'));
    assert_int_equal(nt_reach_space_pairs("Big (?i:co)", p), 0);
    assert_true(nt_byteset_has(&p['c'], 'O') && nt_byteset_has(&p['C'], 'o'));
    assert_true(!nt_byteset_has(&p['c'], 'x') && !nt_byteset_has(&p['b'], 'i'));
    assert_int_equal(nt_reach_space_pairs("a b", p), 0);
    assert_true(set_is_all(&p['b']));
    assert_int_equal(nt_reach_space_pairs("(a) \\1", p), -1);
}

/* Conservative: on texts with ASCII, accented and other scripts' letters,
 * digits of other scripts and the KELVIN SIGN, every match of each
 * pattern stays within what the reader says. */
static void test_superset_of_pcre2(void **state)
{
    (void)state;
    static const char *const pats[] = {
        "abc", "(?i)k\\w+", "(?i:mr)\\.? [A-Z]\\w*", "[a-c]+x?",
        "\\p{Lu}\\p{Ll}+", "\\d+(?:[.,]\\d+)?", "\\w+ (?:Inc|Corp)\\.?",
        "(?:New |Old )?York", "(?<=\\s)\\S+", "(?i)\xc3\xa9t\xc3\xa9",
        "\\b[A-Z]{2,}\\b", "\\s*\\w", "(?>a|ab)c", "(?<span>\\d{4})s?",
        "[^\\s,]+", "\\x{212a}", "a|\\pL\\pM*", "\\h+\\d", ".",
        "(?i:the\\s+)?[12]?[0-9](?:st|nd|rd|th)\\s+(?i:century)\\b",
        "(?i)centur(?:y|ies)|ye?ars?", "[Yy]ear(?:['\xe2\x80\x99]s)?\\s+end",
        "(?:\\d+|a\\s+few)\\s+(?i:years|days)\\s+ago", "(?:ab)+c?",
        "\\b(?:of|and)\\s+\\w+", "(?i:\\x{212a}elvin)", "[A-Za-z]{2}\\d",
        "(?:1[0-9]{3}|20[0-9]{2})-(?:0[1-9]|1[0-2])-[0-9]{2}",
        "(?:1[0-2]|0?[1-9])\\s*(?i:a\\.m\\.?|am\\b|o'clock)", "\\d{1,2}(?=\\s)",
        "(?:1[0-2]|0?[1-9])\\s+(?i:in\\s+the\\s+(?:morning|evening))",
        "\\d+(?:[.,]\\d+)?\\s+(?i:years?|days?)\\s+ago", "(?:ab){2}[.\\s]",
        "[a-z]+\\s*[-,]\\s*\\w+", "\\d[\\s\\x{a0}]+(?i:pm)", "(?i)ab\\S\\s?c",
        "(?<=\\s)\\d{2,}(?!\\d)", "x{0}\\d{2,3}\\.", "[^a]b c", "\\d \\s+(?i:pm)",
        "x{1, 2}y", "x{,2}y", "(?i:earlier|later)\\s+ago", "(?i:a)ge",
        "(?i:KELVIN|kilo)", "(?:\\w+\\h+){0,3}Inc\\h+of\\h+[A-Z]\\w*",
        "(?i)days?|weeks?", "(?:ab|b){2}c", "x(?:ab)+y", "x(?:ab){1,12}y",
    };
    static const char *const texts[] = {
        "Mr. Smith of New York Inc. met mr Jones",
        "KELVIN \xe2\x84\xaa \xe2\x84\xaa" "elvin kelvin",
        "\xc3\x89t\xc3\xa9 \xc3\xa9t\xc3\xa9 ETE 1990s 12,5 \xd9\xa3\xd9\xa4",
        "abcx aab ac \tx\t1 Old York, NEW YORK Corp",
        "\xce\x91\xce\xb8\xce\xae\xce\xbd\xce\xb1 e\xcc\x81 2024s",
        "the 20th century, 3rd Century; Centuries ago yars year's end "
        "Year\xe2\x80\x99s end, 12 years ago, a few days ago 3 DAYS AGO",
        "ababc abab of Kelvin and \xe2\x84\xaa" "elvin kELVIN ab1 AB9",
        "On 1996-08-30 at 12 am, 3am, 4 in the  morning, 10  A.M. or 5 o'clock",
        "12\t\tpm 3  pm 3\xc2\xa0PM 7 \xc3\xa9 2-1 3.5 2,5 years ago 10 days  ago",
        "abab. abab\nfoo - bar,baz x, y ab-\tc AB\xc3\xa9 c 123. 45.6 12345",
        "x{1, 2}y x{,2}y xy xxy", /* literal text or a quantifier */
        "EARLIER ago later  AGO Later\tago age Age AGE aGE kilo KILO \xe2\x84\xaa"
        "ilo Big Inc of Texas inc of x Day DAYS weeks abbc bbc babc xababy "
        "xabababababababababababababy",
    };
    for (size_t i = 0; i < sizeof pats / sizeof *pats; i++)
        for (size_t j = 0; j < sizeof texts / sizeof *texts; j++)
            check_superset(pats[i], texts[j]);
}

/* Whether the text every match of pat holds (nt_reach_pattern_text) is
 * want. */
static int must_is(const char *pat, const char *want)
{
    nt_reach_text m;
    nt_reach_pattern_text(pat, &m);
    return m.n == strlen(want) && memcmp(m.s, want, m.n) == 0;
}

#define CL(c) ((char)((c) | NT_REACH_CASELESS))

/* The literal text every match holds: runs of literal characters across
 * classes and repetitions ("of" between white space), joined where
 * sequences meet; an alternation's common beginning or end; caseless
 * letters marked as such, but never k or s (their other cases go beyond
 * ASCII); nothing from optional parts, lookarounds, classes of more than
 * one byte, or a pattern not understood; cut at NT_REACH_MUST bytes. */
static void test_must(void **state)
{
    (void)state;
    assert_true(must_is("(?:\\p{Lu}\\w*\\h+){0,3}Board\\h+of\\h+\\p{Lu}",
                        "Board"));
    assert_true(must_is("\\p{Lu}\\w*\\h+of\\h+\\p{Lu}", "of"));
    assert_true(must_is("x?(?:ab|cb)", "b"));
    assert_true(must_is("(?:abc|abd)+", "ab"));
    assert_true(must_is("(?i:earlier|later)", (char[]){CL('e'), CL('r'), 0}));
    assert_true(must_is("(?i:ask)", (char[]){CL('a'), 0}));
    assert_true(must_is("(?i)ks", ""));
    assert_true(must_is("(?=abc)\\d+", ""));
    assert_true(must_is("a(?<=a)b", "ab"));
    assert_true(must_is("[b]c[de]", "bc"));
    assert_true(must_is("(?:ab){2}", "abab"));
    assert_true(must_is("x(?:ab)+y", "xab") || must_is("x(?:ab)+y", "aby"));
    assert_true(must_is("(?:ab)?c|c", "c"));
    assert_true(must_is("(a) \\1", "") || must_is("(a) \\1", "a "));
    assert_true(must_is("(?*a)", ""));
    assert_true(must_is("abcdefghijklmnopqrstuvwxyz", "abcdefghijklmnop"));
    assert_true(must_is("\\d+abcdefghijklmnopqrst", "abcdefghijklmnop"));
    assert_true(must_is("abcdefghijklmnopqrst\\d+", "abcdefghijklmnop"));
    assert_true(must_is("\xc3\xa9t\xc3\xa9", "t"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_literal),
        cmocka_unit_test(test_word_test),
        cmocka_unit_test(test_caseless),
        cmocka_unit_test(test_classes),
        cmocka_unit_test(test_properties_and_ucp),
        cmocka_unit_test(test_alternation_and_optional),
        cmocka_unit_test(test_zero_width),
        cmocka_unit_test(test_gives_up),
        cmocka_unit_test(test_or_any),
        cmocka_unit_test(test_words),
        cmocka_unit_test(test_first_words),
        cmocka_unit_test(test_counted),
        cmocka_unit_test(test_first_words_next),
        cmocka_unit_test(test_first_words_next_mixed),
        cmocka_unit_test(test_space_pairs),
        cmocka_unit_test(test_must),
        cmocka_unit_test(test_superset_of_pcre2),
    };
    return cmocka_run_group_tests_name("reach", tests, NULL, NULL);
}
