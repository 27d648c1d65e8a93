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
#include <sys/stat.h>
#include <unistd.h>

#include "map.h"
#include "utf8.h"
#include "util.h"

#define PREFIX_BIT (1ull << 63)
#define KEY_MAX 1024

/* Matching options of an entry, in the high bits of gaz_entry.caps. */
#define GAZ_ICASE (1u << 31)   /* any case: "iphone" matches "iPhone", "IPHONE" */
#define GAZ_NOACCENT (1u << 30) /* keyed without accents: "Zurich" = "Zürich" */
#define GAZ_FLAGS (GAZ_ICASE | GAZ_NOACCENT)
#define GAZ_LOWER (1u << 29) /* written lowercase first ("iPhone"): so matched */
/* Bit of token k (< NT_GAZ_MAX_TOKENS) in gaz_entry.caps: the entry writes
 * it capitalized, so the text may not write it lowercase ("Democratic
 * Party" is no match for "Democratic party"). */
#define GAZ_CAPITAL(k) (1u << (NT_GAZ_MAX_TOKENS + (k)))

typedef struct {
    nt_type type;
    int priority;
    const char *source; /* interned "name\0path": see intern_file */
    uint32_t caps; /* bit k: token k is an acronym and must be all caps;
                      GAZ_CAPITAL(k), GAZ_* options */
    uint32_t line; /* line in its file (--explain), 0 when added by hand */
} gaz_entry;

struct nt_gaz {
    nt_map *keys; /* key -> PREFIX_BIT | (entry index + 1) */
    gaz_entry *e;
    size_t n, cap;
    char **strings; /* interned source names */
    size_t nstrings, scap;
    nt_tokens scratch;
    uint32_t flags; /* GAZ_* flags some entry has: matching tries them */
    /* Entries that lowercase text may match (GAZ_LOWER, GAZ_ICASE): bit
     * min(n, 63) of lower_first[b] is set when one's first token is n bytes
     * starting with byte b, so most lowercase words cost no hash lookup. */
    uint64_t lower_first[256];
    int default_priority; /* of lines without one */
};

nt_gaz *nt_gaz_new(void)
{
    nt_gaz *g = nt_xcalloc(1, sizeof *g);
    g->keys = nt_map_new();
    g->default_priority = NT_GAZ_DEFAULT_PRIORITY;
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

/* Interns a source name with the path of its file stored after its NUL
 * ("countries\0data/gazetteers/countries.tsv"), so that an entry finds both
 * through its one source pointer. */
static const char *intern_file(nt_gaz *g, const char *s, const char *path)
{
    size_t n = strlen(s), pn = strlen(path);
    for (size_t i = 0; i < g->nstrings; i++)
        if (strcmp(g->strings[i], s) == 0 &&
            strcmp(g->strings[i] + strlen(g->strings[i]) + 1, path) == 0)
            return g->strings[i];
    char *v = nt_xmalloc(n + pn + 2);
    memcpy(v, s, n + 1);
    memcpy(v + n + 1, path, pn + 1);
    g->strings = nt_xgrow(g->strings, &g->scap, g->nstrings + 1, sizeof *g->strings);
    return g->strings[g->nstrings++] = v;
}

const char *nt_gaz_intern(nt_gaz *g, const char *s)
{
    return intern_file(g, s, "");
}

size_t nt_gaz_count(const nt_gaz *g)
{
    return g->n;
}

/* Appends token t of text to key (with a separating space after the first
 * token); returns the new length, or 0 when the key would not fit. */
static size_t key_append(char *key, size_t klen, const char *text,
                         const nt_token *t, int unaccent)
{
    size_t n = t->end - t->start;
    if (klen + 1 + 4 * n > KEY_MAX)
        return 0;
    if (klen)
        key[klen++] = ' ';
    else if (unaccent) /* accent-free keys live apart: they start with \1 */
        key[klen++] = '\1';
    return klen + (unaccent ? nt_utf8_fold_unaccent(text + t->start, n, key + klen)
                            : nt_utf8_fold(text + t->start, n, key + klen));
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

/* Notes the first token of a key that lowercase text may match. Folding
 * may change the length of non-ASCII words and dropping accents their first
 * byte: such keys open the filter wider. */
static void mark_lower(nt_gaz *g, const char *key, size_t klen, int unaccent)
{
    size_t n = 0, ascii = 1;
    while (n < klen && key[n] != ' ')
        ascii &= (unsigned char)key[n++] < 0x80;
    for (int b = 0; b < 256; b++)
        if (unaccent || b == (unsigned char)key[0])
            g->lower_first[b] |= ascii ? (uint64_t)1 << (n < 63 ? n : 63) : UINT64_MAX;
}

/* Adds entry ne (its caps bits aside) under the name's key: the folded
 * tokens, without accents for a GAZ_NOACCENT entry. */
static int add_entry(nt_gaz *g, const char *name, size_t n, gaz_entry ne)
{
    char *clean = nt_xmalloc(n + 1);
    nt_utf8_sanitize(name, n, clean);
    nt_tokenize(clean, n, &g->scratch);
    const nt_tokens *tk = &g->scratch;
    char key[KEY_MAX];
    size_t klen = 0;
    int unaccent = (ne.caps & GAZ_NOACCENT) != 0;
    int rc = tk->n && tk->n <= NT_GAZ_MAX_TOKENS ? 0 : -1;
    for (size_t k = 0; rc == 0 && k < tk->n; k++) {
        if (tk->v[k].shape == NT_SHAPE_UPPER)
            ne.caps |= 1u << k;
        if (tk->v[k].shape == NT_SHAPE_CAP || tk->v[k].shape == NT_SHAPE_UPPER)
            ne.caps |= GAZ_CAPITAL(k);
        if (k)
            *nt_map_slot(g->keys, key, klen) |= PREFIX_BIT;
        klen = key_append(key, klen, clean, &tk->v[k], unaccent);
        if (!klen)
            rc = -1;
    }
    if (rc == 0 && tk->v[0].shape == NT_SHAPE_LOWER)
        ne.caps |= GAZ_LOWER;
    if (rc == 0 && (ne.caps & (GAZ_LOWER | GAZ_ICASE)))
        mark_lower(g, key + unaccent, klen - unaccent, unaccent);
    if (rc == 0) {
        store(g, key, klen, &ne);
        g->flags |= ne.caps & (GAZ_FLAGS | GAZ_LOWER);
    }
    free(clean);
    return rc;
}

int nt_gaz_add(nt_gaz *g, const char *name, size_t n, nt_type type,
               int priority, const char *source)
{
    return add_entry(g, name, n, (gaz_entry){type, priority, source, 0, 0});
}

/* Acronyms in a list ("WHO", "US") match only all-caps text, so that the
 * pronouns "Who" and "Us" at a sentence start are not taken for them. */
static int caps_ok(const gaz_entry *ge, const nt_token *toks, size_t n)
{
    if (ge->caps & GAZ_ICASE)
        return 1;
    if (toks[0].shape == NT_SHAPE_LOWER && !(ge->caps & GAZ_LOWER))
        return 0;
    for (size_t k = 0; k < n; k++) {
        if ((ge->caps & (1u << k)) && toks[k].shape != NT_SHAPE_UPPER)
            return 0;
        if ((ge->caps & GAZ_CAPITAL(k)) && toks[k].shape == NT_SHAPE_LOWER)
            return 0;
    }
    return 1;
}

/* The longest entry at toks[i] among the keys with or without accents;
 * best is the length to beat (a match of the same length wins only with a
 * higher priority). */
static size_t walk(const nt_gaz *g, const char *text, const nt_token *toks,
                   size_t ntoks, size_t i, int unaccent, size_t best,
                   nt_entity *e)
{
    char key[KEY_MAX];
    size_t klen = 0;
    for (size_t k = 0; i + k < ntoks && k < NT_GAZ_MAX_TOKENS; k++) {
        const nt_token *t = &toks[i + k];
        if (k && (t->flags & NT_TOK_PARA_START))
            break;
        klen = key_append(key, klen, text, t, unaccent);
        const uint64_t *v = klen ? nt_map_get(g->keys, key, klen) : NULL;
        if (!v)
            break;
        uint32_t idx = (uint32_t)(*v & 0xffffffffu);
        const gaz_entry *ge = idx ? &g->e[idx - 1] : NULL;
        if (ge && caps_ok(ge, toks + i, k + 1) &&
            (k + 1 > best || (k + 1 == best && ge->priority > e->priority))) {
            best = k + 1;
            *e = (nt_entity){.start = toks[i].start, .end = t->end,
                             .type = ge->type, .priority = ge->priority,
                             .source = ge->source, .line = ge->line,
                             .file = ge->source + strlen(ge->source) + 1};
        }
        if (!(*v & PREFIX_BIT))
            break;
    }
    return best;
}

size_t nt_gaz_match(const nt_gaz *g, const char *text, const nt_token *toks,
                    size_t ntoks, size_t i, nt_entity *e)
{
    if (i >= ntoks || toks[i].shape == NT_SHAPE_PUNCT)
        return 0;
    size_t n = toks[i].end - toks[i].start;
    if (toks[i].shape == NT_SHAPE_LOWER &&
        !((g->lower_first[(unsigned char)text[toks[i].start]] >> (n < 63 ? n : 63)) & 1))
        return 0;
    size_t best = walk(g, text, toks, ntoks, i, 0, 0, e);
    if (g->flags & GAZ_NOACCENT)
        best = walk(g, text, toks, ntoks, i, 1, best, e);
    return best;
}

/* Matching options, as written in a 4th field or an "#option" line. */
static const struct {
    const char *name;
    uint32_t set, clear;
} gaz_options[] = {
    {"case-insensitive", GAZ_ICASE, 0},
    {"accent-insensitive", GAZ_NOACCENT, 0},
    {"default", 0, GAZ_FLAGS},
};

#define NOPTIONS (sizeof gaz_options / sizeof *gaz_options)

/* Applies the options listed in s (separated by commas, spaces or tabs) to
 * *flags. Returns 0, or -1 with err naming the unknown option. */
static int parse_options(const char *s, uint32_t *flags, nt_error *err)
{
    for (s += strspn(s, ", \t"); *s; s += strspn(s, ", \t")) {
        size_t n = strcspn(s, ", \t"), i = 0, nopt = NOPTIONS;
        while (i < nopt && !(strlen(gaz_options[i].name) == n &&
                             strncmp(gaz_options[i].name, s, n) == 0))
            i++;
        if (i == nopt) {
            nt_error_set(err, "unknown option '%.*s' (case-insensitive, "
                         "accent-insensitive, default)", (int)n, s);
            return -1;
        }
        *flags = (*flags & ~gaz_options[i].clear) | gaz_options[i].set;
        s += n;
    }
    return 0;
}

/* Parses a priority field: empty leaves *prio (the file's default). */
static int parse_priority(const char *s, int *prio, nt_error *err)
{
    char *end;
    errno = 0;
    long p = *s ? strtol(s, &end, 10) : *prio;
    if (*s && (errno || *end || p < 0 || p > 1000)) {
        nt_error_set(err, "bad priority '%s' (0-1000)", s);
        return -1;
    }
    *prio = (int)p;
    return 0;
}

/* Parses one "name<TAB>TYPE[<TAB>priority[<TAB>options]]" line (already
 * trimmed) and adds it with the file's options, which the 4th field
 * amends. A type name the program does not know becomes a custom type.
 * Returns 0, or -1 with the reason in err (the caller adds file:line). */
static int add_line(nt_gaz *g, char *line, gaz_entry ne, nt_error *err)
{
    char *f[4] = {line, NULL, NULL, NULL};
    for (int k = 1; k < 4 && f[k - 1] && (f[k] = strchr(f[k - 1], '\t')); k++)
        *f[k]++ = '\0';
    if (!f[1]) {
        nt_error_set(err, "expected name<TAB>TYPE[<TAB>priority[<TAB>options]]");
        return -1;
    }
    if (nt_type_intern(f[1], strlen(f[1]), &ne.type, err) ||
        parse_priority(f[2] ? f[2] : "", &ne.priority, err) ||
        (f[3] && parse_options(f[3], &ne.caps, err)))
        return -1;
    if (add_entry(g, line, strlen(line), ne)) {
        nt_error_set(err, "name is empty or longer than %d tokens", NT_GAZ_MAX_TOKENS);
        return -1;
    }
    return 0;
}

static const char *source_of_path(nt_gaz *g, const char *path)
{
    char *stem = nt_path_stem(path);
    const char *s = intern_file(g, stem, path);
    free(stem);
    return s;
}

/* One line of a list file: an "#option" line sets the options of the
 * lines after it, other '#' lines are comments. */
static int load_line(nt_gaz *g, char *line, gaz_entry *file, nt_error *err)
{
    if (strncmp(line, "#option", 7) == 0 && (line[7] == ' ' || line[7] == '\t'))
        return parse_options(line + 8, &file->caps, err);
    if (line[strspn(line, " \t")] == '\0' || line[0] == '#')
        return 0; /* blank (spaces and tabs only) or a comment */
    return add_line(g, line, *file, err);
}

/* A list being loaded: the gazetteer and the defaults of its file. */
struct list_file {
    nt_gaz *g;
    gaz_entry file;
};

static int load_list_line(char *line, size_t n, size_t lineno, void *ctx,
                          nt_error *why)
{
    struct list_file *lf = ctx;
    (void)n;
    lf->file.line = (uint32_t)lineno;
    return load_line(lf->g, line, &lf->file, why);
}

int nt_gaz_load_file(nt_gaz *g, const char *path, nt_error *err)
{
    struct list_file lf = {g, {.source = source_of_path(g, path),
                               .priority = g->default_priority}};
    return nt_read_lines(path, load_list_line, &lf, err);
}

/* ---- The compiled cache: FILE.ntc beside a user's list -------------- */

#define CACHE_MAGIC "NTGAZ\0\0\4" /* 4: GAZ_CAPITAL bits */
#define CACHE_TYPE_NAME 32

/* What a cache was compiled from; a mismatch means it is stale. */
typedef struct {
    char magic[8];
    uint64_t entry_size, src_size, src_mtime_sec, src_mtime_nsec;
    uint64_t n, ntypes;
    uint32_t flags, pad;
} cache_header;

static void cache_path(char *buf, size_t size, const char *path)
{
    snprintf(buf, size, "%s.ntc", path);
}

static cache_header header_for(const struct stat *st, const nt_gaz *g)
{
    cache_header h;
    memset(&h, 0, sizeof h);
    memcpy(h.magic, CACHE_MAGIC, 8);
    h.entry_size = sizeof(gaz_entry);
    h.src_size = (uint64_t)st->st_size;
    h.src_mtime_sec = (uint64_t)st->st_mtim.tv_sec;
    h.src_mtime_nsec = (uint64_t)st->st_mtim.tv_nsec;
    h.n = g ? g->n : 0;
    h.flags = g ? g->flags : 0;
    return h;
}

/* Writes g's entries (types as indexes into a table of names, sources
 * left out: one file, one source) and its map. */
static int cache_write_to(const nt_gaz *g, const cache_header *h0, FILE *f)
{
    char names[NT_MAX_TYPES][CACHE_TYPE_NAME];
    int local[NT_MAX_TYPES];
    cache_header h = *h0;
    memset(names, 0, sizeof names);
    memset(local, -1, sizeof local);
    gaz_entry *v = nt_xmalloc((g->n + 1) * sizeof *v);
    for (size_t i = 0; i < g->n; i++) {
        v[i] = g->e[i];
        v[i].source = NULL;
        if (local[v[i].type] < 0) {
            local[v[i].type] = (int)h.ntypes;
            snprintf(names[h.ntypes++], CACHE_TYPE_NAME, "%s", nt_type_name(v[i].type));
        }
        v[i].type = (nt_type)local[v[i].type];
    }
    int rc = fwrite(&h, sizeof h, 1, f) == 1 &&
                     fwrite(names, CACHE_TYPE_NAME, h.ntypes, f) == h.ntypes &&
                     fwrite(g->lower_first, sizeof g->lower_first, 1, f) == 1 &&
                     fwrite(v, sizeof *v, g->n, f) == g->n
                 ? nt_map_write(g->keys, f)
                 : -1;
    free(v);
    return rc;
}

/* Best effort: a folder that is not writable just means no cache. The file
 * is renamed into place complete, so a reader never sees half of one. */
static void cache_write(const nt_gaz *g, const char *path, const struct stat *st)
{
    char final[4096 + 8], tmp[4096 + 16];
    cache_path(final, sizeof final, path);
    snprintf(tmp, sizeof tmp, "%s.XXXXXX", final);
    int fd = mkstemp(tmp);
    if (fd >= 0)
        fchmod(fd, 0644); /* like the list itself, not mkstemp's 0600 */
    FILE *f = fd >= 0 ? fdopen(fd, "wb") : NULL;
    if (!f) {
        if (fd >= 0)
            close(fd);
        return;
    }
    cache_header h = header_for(st, g);
    int rc = cache_write_to(g, &h, f);
    if (fclose(f) != 0 || rc != 0 || rename(tmp, final) != 0)
        unlink(tmp);
}

/* nt_map_each callback: clears *ctx's flag when an entry index is out of
 * range, so that a corrupt cache cannot make matching read past g->e. */
typedef struct {
    size_t n;
    int ok;
} index_check;

static void check_index(const char *key, size_t n, uint64_t v, void *ctx)
{
    (void)key;
    (void)n;
    index_check *c = ctx;
    if ((v & 0xffffffffu) > c->n)
        c->ok = 0;
}

/* Reads a fresh cache of path into a new gazetteer, or returns NULL. */
static nt_gaz *cache_read(const char *path, const struct stat *st)
{
    char cpath[4096 + 8];
    cache_path(cpath, sizeof cpath, path);
    FILE *f = fopen(cpath, "rb");
    if (!f)
        return NULL;
    cache_header h, want = header_for(st, NULL);
    char names[NT_MAX_TYPES][CACHE_TYPE_NAME];
    nt_type types[NT_MAX_TYPES];
    nt_gaz *g = NULL;
    struct stat cst; /* the entries must fit in the cache: no huge malloc */
    int ok = fstat(fileno(f), &cst) == 0 &&
             fread(&h, sizeof h, 1, f) == 1 && memcmp(h.magic, want.magic, 8) == 0 &&
             h.entry_size == want.entry_size && h.src_size == want.src_size &&
             h.src_mtime_sec == want.src_mtime_sec &&
             h.src_mtime_nsec == want.src_mtime_nsec && h.ntypes <= NT_MAX_TYPES &&
             h.n < UINT32_MAX && h.n <= (uint64_t)cst.st_size / sizeof(gaz_entry) &&
             fread(names, CACHE_TYPE_NAME, h.ntypes, f) == h.ntypes;
    for (size_t i = 0; ok && i < h.ntypes; i++) {
        names[i][CACHE_TYPE_NAME - 1] = '\0';
        ok = nt_type_intern(names[i], strlen(names[i]), &types[i], NULL) == 0;
    }
    if (ok) {
        g = nt_gaz_new();
        g->e = nt_xmalloc((h.n + 1) * sizeof *g->e);
        g->n = g->cap = h.n;
        g->flags = h.flags;
        const char *src = source_of_path(g, path);
        ok = fread(g->lower_first, sizeof g->lower_first, 1, f) == 1 &&
             fread(g->e, sizeof *g->e, g->n, f) == g->n;
        for (size_t i = 0; ok && i < g->n; i++) {
            ok = (unsigned)g->e[i].type < h.ntypes;
            g->e[i].type = ok ? types[g->e[i].type] : NT_NONE;
            g->e[i].source = src;
        }
        nt_map *m = ok ? nt_map_read(f) : NULL;
        index_check c = {g->n, m != NULL};
        if (m) {
            nt_map_free(g->keys);
            g->keys = m;
            nt_map_each(m, check_index, &c);
        }
        ok = c.ok;
    }
    fclose(f);
    if (!ok) {
        nt_gaz_free(g);
        return NULL;
    }
    return g;
}

nt_gaz *nt_gaz_load_cached(const char *path, nt_error *err)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        nt_error_set(err, "%s: %s", path, strerror(errno));
        return NULL;
    }
    nt_gaz *g = cache_read(path, &st);
    if (g)
        return g;
    g = nt_gaz_new();
    g->default_priority = NT_GAZ_USER_PRIORITY;
    if (nt_gaz_load_file(g, path, err)) {
        nt_gaz_free(g);
        return NULL;
    }
    if (g->n >= NT_GAZ_CACHE_MIN)
        cache_write(g, path, &st);
    return g;
}
