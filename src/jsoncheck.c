/* jsoncheck.c - a strict check of one JSON object (see jsoncheck.h): RFC
 * 8259's grammar, by recursive descent, with jansson's lexer in mind where
 * it decides (numbers, literals, white space). */
#include "jsoncheck.h"

#include <string.h>

#include "jsonstr.h"

typedef struct {
    const char *s;
    size_t n, i;
    nt_buf *scratch;
} scan;

static int value(scan *c, int depth);

/* JSON's white space, the only white space jansson's lexer skips (not
 * \f, which nt_textb_is_ws takes). */
static void skip_ws(scan *c)
{
    while (c->i < c->n && (c->s[c->i] == ' ' || c->s[c->i] == '\t' ||
                           c->s[c->i] == '\n' || c->s[c->i] == '\r'))
        c->i++;
}

static int at(const scan *c, char ch)
{
    return c->i < c->n && c->s[c->i] == ch;
}

static int digit_at(const scan *c)
{
    return c->i < c->n && c->s[c->i] >= '0' && c->s[c->i] <= '9';
}

/* Past the digits at c->i; how many there were. */
static size_t skip_digits(scan *c)
{
    size_t from = c->i;
    while (digit_at(c))
        c->i++;
    return c->i - from;
}

/* The string at c->i (its quote), checked by decoding it; a key must not
 * hold a NUL. */
static int string(scan *c, int key)
{
    size_t j = c->i + 1;
    while (j < c->n && c->s[j] != '"')
        j += c->s[j] == '\\' ? 2 : 1;
    if (j >= c->n)
        return 0;
    nt_buf_reset(c->scratch);
    if (nt_jsonstr_decode(c->s + c->i, j + 1 - c->i, c->scratch) != 0 ||
        (key && c->scratch->len &&
         memchr(c->scratch->data, '\0', c->scratch->len)))
        return 0;
    c->i = j + 1;
    return 1;
}

/* -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? as jansson's lexer reads
 * it ("01" ends the number after the 0: what follows then fails), short
 * enough that no real overflows. */
static int number(scan *c)
{
    size_t from = c->i;
    if (at(c, '-'))
        c->i++;
    if (at(c, '0'))
        c->i++;
    else if (!skip_digits(c))
        return 0;
    if (at(c, '.')) {
        c->i++;
        if (!skip_digits(c))
            return 0;
    }
    if (at(c, 'e') || at(c, 'E')) {
        c->i++;
        if (at(c, '+') || at(c, '-'))
            c->i++;
        size_t e = skip_digits(c);
        if (e == 0 || e > 2)
            return 0;
    }
    return c->i - from <= NT_JSONCHECK_NUMBER;
}

/* true, false or null; a letter after it fails as what follows. */
static int literal(scan *c, const char *word)
{
    size_t k = strlen(word);
    if (c->n - c->i < k || memcmp(c->s + c->i, word, k) != 0)
        return 0;
    c->i += k;
    return 1;
}

/* What follows an element of a group closed by close: a comma (1) or
 * close (0, past it); -1 for anything else. */
static int next_element(scan *c, char close)
{
    skip_ws(c);
    if (at(c, ',')) {
        c->i++;
        skip_ws(c);
        return 1;
    }
    if (!at(c, close))
        return -1;
    c->i++;
    return 0;
}

/* Past a group's opening and the white space after it: 1 when close
 * follows at once (then past it too), the group empty. */
static int empty_group(scan *c, char close)
{
    c->i++;
    skip_ws(c);
    if (!at(c, close))
        return 0;
    c->i++;
    return 1;
}

/* An object's key, the colon and the white space around it. */
static int member_key(scan *c)
{
    if (!at(c, '"') || !string(c, 1))
        return 0;
    skip_ws(c);
    if (!at(c, ':'))
        return 0;
    c->i++;
    skip_ws(c);
    return 1;
}

/* The object (close '}') or array (']') at c->i, inside depth groups. */
static int group(scan *c, int depth, char close)
{
    if (empty_group(c, close))
        return 1;
    for (;;) {
        if ((close == '}' && !member_key(c)) || !value(c, depth))
            return 0;
        int more = next_element(c, close);
        if (more <= 0)
            return more == 0;
    }
}

/* The value at c->i, inside depth groups. */
static int value(scan *c, int depth)
{
    if (c->i >= c->n)
        return 0;
    switch (c->s[c->i]) {
    case '"':
        return string(c, 0);
    case '{':
    case '[':
        return depth < NT_JSONCHECK_DEPTH &&
               group(c, depth + 1, c->s[c->i] == '{' ? '}' : ']');
    case 't':
        return literal(c, "true");
    case 'f':
        return literal(c, "false");
    case 'n':
        return literal(c, "null");
    default:
        return number(c);
    }
}

int nt_jsoncheck_object(const char *s, size_t n, nt_buf *scratch)
{
    scan c = {s, n, 0, scratch};
    skip_ws(&c);
    if (!at(&c, '{') || !value(&c, 0))
        return 0;
    skip_ws(&c);
    return c.i == n;
}
