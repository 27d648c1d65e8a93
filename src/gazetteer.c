/* gazetteer.c - name lists as a hash of token sequences.
 *
 * Each name is tokenized like a document and its folded tokens, joined by
 * single spaces, become a key. Every proper prefix of a name is marked too,
 * so matching at a token extends one token at a time and stops as soon as no
 * longer name can follow: lookup cost is proportional to the match length. */
#include "gazetteer.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "map.h"
#include "utf8.h"
#include "util.h"

#define PREFIX_BIT (1ull << 63)
#define KEY_MAX 1024

typedef struct {
    nt_type type;
    int priority;
    const char *source;
    uint32_t caps; /* bit k: token k is an acronym and must be all caps */
} gaz_entry;

struct nt_gaz {
    nt_map *keys; /* key -> PREFIX_BIT | (entry index + 1) */
    gaz_entry *e;
    size_t n, cap;
    char **strings; /* interned source names */
    size_t nstrings, scap;
    nt_tokens scratch;
};

nt_gaz *nt_gaz_new(void)
{
    nt_gaz *g = nt_xcalloc(1, sizeof *g);
    g->keys = nt_map_new();
    nt_tokens_init(&g->scratch);
    return g;
}

void nt_gaz_free(nt_gaz *g)
{
    if (!g)
        return;
    nt_map_free(g->keys);
    free(g->e);
    for (size_t i = 0; i < g->nstrings; i++)
        free(g->strings[i]);
    free(g->strings);
    nt_tokens_free(&g->scratch);
    free(g);
}

const char *nt_gaz_intern(nt_gaz *g, const char *s)
{
    for (size_t i = 0; i < g->nstrings; i++)
        if (strcmp(g->strings[i], s) == 0)
            return g->strings[i];
    g->strings = nt_xgrow(g->strings, &g->scap, g->nstrings + 1, sizeof *g->strings);
    return g->strings[g->nstrings++] = nt_xstrdup(s);
}

size_t nt_gaz_count(const nt_gaz *g)
{
    return g->n;
}

/* Appends token t of text to key (with a separating space after the first
 * token); returns the new length, or 0 when the key would not fit. */
static size_t key_append(char *key, size_t klen, const char *text,
                         const nt_token *t)
{
    size_t n = t->end - t->start;
    if (klen + 1 + 4 * n > KEY_MAX)
        return 0;
    if (klen)
        key[klen++] = ' ';
    return klen + nt_utf8_fold(text + t->start, n, key + klen);
}

/* Records entry index idx under key, keeping the higher-priority entry when
 * the name is already there. */
static void store(nt_gaz *g, const char *key, size_t klen, const gaz_entry *ne)
{
    uint64_t *v = nt_map_slot(g->keys, key, klen);
    uint32_t old = (uint32_t)(*v & 0xffffffffu);
    if (old && g->e[old - 1].priority >= ne->priority)
        return;
    g->e = nt_xgrow(g->e, &g->cap, g->n + 1, sizeof *g->e);
    g->e[g->n++] = *ne;
    *v = (*v & PREFIX_BIT) | (uint64_t)g->n;
}

int nt_gaz_add(nt_gaz *g, const char *name, size_t n, nt_type type,
               int priority, const char *source)
{
    char *clean = nt_xmalloc(n + 1);
    nt_utf8_sanitize(name, n, clean);
    nt_tokenize(clean, n, &g->scratch);
    const nt_tokens *tk = &g->scratch;
    char key[KEY_MAX];
    size_t klen = 0;
    gaz_entry ne = {type, priority, source, 0};
    int rc = tk->n && tk->n <= NT_GAZ_MAX_TOKENS ? 0 : -1;
    for (size_t k = 0; rc == 0 && k < tk->n; k++) {
        if (tk->v[k].shape == NT_SHAPE_UPPER)
            ne.caps |= 1u << k;
        if (k)
            *nt_map_slot(g->keys, key, klen) |= PREFIX_BIT;
        klen = key_append(key, klen, clean, &tk->v[k]);
        if (!klen)
            rc = -1;
    }
    if (rc == 0)
        store(g, key, klen, &ne);
    free(clean);
    return rc;
}

/* Acronyms in a list ("WHO", "US") match only all-caps text, so that the
 * pronouns "Who" and "Us" at a sentence start are not taken for them. */
static int caps_ok(const gaz_entry *ge, const nt_token *toks, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if ((ge->caps & (1u << k)) && toks[k].shape != NT_SHAPE_UPPER)
            return 0;
    return 1;
}

size_t nt_gaz_match(const nt_gaz *g, const char *text, const nt_token *toks,
                    size_t ntoks, size_t i, nt_entity *e)
{
    if (i >= ntoks || toks[i].shape == NT_SHAPE_LOWER ||
        toks[i].shape == NT_SHAPE_PUNCT)
        return 0;
    char key[KEY_MAX];
    size_t klen = 0, best = 0;
    for (size_t k = 0; i + k < ntoks && k < NT_GAZ_MAX_TOKENS; k++) {
        const nt_token *t = &toks[i + k];
        if (k && (t->flags & NT_TOK_PARA_START))
            break;
        klen = key_append(key, klen, text, t);
        const uint64_t *v = klen ? nt_map_get(g->keys, key, klen) : NULL;
        if (!v)
            break;
        uint32_t idx = (uint32_t)(*v & 0xffffffffu);
        if (idx && caps_ok(&g->e[idx - 1], toks + i, k + 1)) {
            best = k + 1;
            *e = (nt_entity){.start = toks[i].start, .end = t->end,
                             .type = g->e[idx - 1].type,
                             .priority = g->e[idx - 1].priority,
                             .source = g->e[idx - 1].source};
        }
        if (!(*v & PREFIX_BIT))
            break;
    }
    return best;
}

/* Parses one "name<TAB>TYPE[<TAB>priority]" line (already trimmed) and adds
 * it. Returns 0, or -1 with the reason in err (the caller adds file:line). */
static int add_line(nt_gaz *g, char *line, const char *source, nt_error *err)
{
    char *tab1 = strchr(line, '\t');
    if (!tab1) {
        nt_error_set(err, "expected name<TAB>TYPE[<TAB>priority]");
        return -1;
    }
    char *type_s = tab1 + 1, *tab2 = strchr(type_s, '\t');
    size_t tlen = tab2 ? (size_t)(tab2 - type_s) : strlen(type_s);
    nt_type type;
    if (nt_type_parse(type_s, tlen, &type) != 0) {
        nt_error_set(err, "unknown type '%.*s'", (int)tlen, type_s);
        return -1;
    }
    long prio = NT_GAZ_DEFAULT_PRIORITY;
    if (tab2) {
        char *end;
        errno = 0;
        prio = strtol(tab2 + 1, &end, 10);
        if (errno || end == tab2 + 1 || *end || prio < 0 || prio > 1000) {
            nt_error_set(err, "bad priority '%s' (0-1000)", tab2 + 1);
            return -1;
        }
    }
    if (nt_gaz_add(g, line, (size_t)(tab1 - line), type, (int)prio, source)) {
        nt_error_set(err, "name is empty or longer than %d tokens", NT_GAZ_MAX_TOKENS);
        return -1;
    }
    return 0;
}

static const char *source_of_path(nt_gaz *g, const char *path)
{
    char *stem = nt_path_stem(path);
    const char *s = nt_gaz_intern(g, stem);
    free(stem);
    return s;
}

int nt_gaz_load_file(nt_gaz *g, const char *path, nt_error *err)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        nt_error_set(err, "%s: %s", path, strerror(errno));
        return -1;
    }
    const char *source = source_of_path(g, path);
    char *line = NULL;
    size_t cap = 0, lineno = 0;
    ssize_t got;
    int rc = 0;
    while (rc == 0 && (got = getline(&line, &cap, f)) >= 0) {
        lineno++;
        while (got > 0 && (line[got - 1] == '\n' || line[got - 1] == '\r'))
            line[--got] = '\0';
        if (got == 0 || line[0] == '#')
            continue;
        nt_error why;
        if ((rc = add_line(g, line, source, &why)) != 0)
            nt_error_set(err, "%s:%zu: %s", path, lineno, why.msg);
    }
    free(line);
    fclose(f);
    return rc;
}
