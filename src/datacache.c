/* datacache.c - the compiled data file: a header (magic, the lists'
 * signature), the lexicon's sections, then the gazetteer's. */
#include "datacache.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "blob.h"
#include "map.h"
#include "util.h"

#define MAGIC "NTDATA\0\7" /* 2: inline-key slots; 3: tables 3/4 full; 4: control bytes; 5: word hash; 6: PREFIX_LOWER_BIT; 7: the gazetteer's NEXT_ANY bits */

struct nt_datacache {
    nt_mapping map;
    nt_blob at; /* what is still to be read */
    char gazdir[4096];
};

typedef struct {
    char magic[8];
    uint64_t signature;
} header;

/* Folds one list's file name, size and modification time into *h (the
 * name without its folder: "data" and "./data" are one folder). */
static void sign_file(uint64_t *h, const char *path)
{
    struct stat st;
    uint64_t v[4] = {0, 0, 0, 0};
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    v[0] = nt_map_hash(base, strlen(base));
    if (stat(path, &st) == 0) {
        v[1] = (uint64_t)st.st_size;
        v[2] = (uint64_t)st.st_mtim.tv_sec;
        v[3] = (uint64_t)st.st_mtim.tv_nsec;
    }
    *h = nt_map_hash((const char *)v, sizeof v) ^ (*h * 31);
}

/* A hash of the lists of DATADIR/SUB with SUFFIX, in load order. */
static void sign_folder(uint64_t *h, const char *datadir, const char *sub,
                        const char *suffix)
{
    char dir[4096];
    size_t n = 0;
    snprintf(dir, sizeof dir, "%s/%s", datadir, sub);
    char **paths = nt_dir_files(dir, suffix, &n, NULL);
    for (size_t i = 0; i < n; i++)
        sign_file(h, paths[i]);
    *h ^= n;
    nt_strv_free(paths, paths ? n : 0);
}

/* What the lists of datadir are now; the build's version is part of it. */
static header header_for(const char *datadir)
{
    header hd;
    memset(&hd, 0, sizeof hd);
    memcpy(hd.magic, MAGIC, sizeof hd.magic);
    hd.signature = nt_map_hash(NT_VERSION, strlen(NT_VERSION));
    sign_folder(&hd.signature, datadir, "lexicon", ".txt");
    sign_folder(&hd.signature, datadir, "gazetteers", ".tsv");
    return hd;
}

static void file_path(char *buf, size_t size, const char *datadir)
{
    snprintf(buf, size, "%s/%s", datadir, NT_DATACACHE_NAME);
}

nt_datacache *nt_datacache_open(const char *datadir)
{
    char path[4096 + 32];
    file_path(path, sizeof path, datadir);
    nt_datacache *c = nt_xcalloc(1, sizeof *c);
    if (nt_mapping_open(path, &c->map)) {
        free(c);
        return NULL;
    }
    nt_blob_init(&c->at, c->map.base, c->map.size);
    header want = header_for(datadir);
    const header *h = nt_blob_take(&c->at, 1, sizeof *h);
    if (!h || memcmp(h, &want, sizeof want) != 0) {
        nt_datacache_close(c);
        return NULL;
    }
    snprintf(c->gazdir, sizeof c->gazdir, "%s/gazetteers", datadir);
    return c;
}

nt_lex *nt_datacache_lex(nt_datacache *c)
{
    return nt_lex_view(&c->at);
}

nt_gaz *nt_datacache_gaz(nt_datacache *c)
{
    return nt_gaz_view(&c->at, c->gazdir, NULL);
}

void nt_datacache_close(nt_datacache *c)
{
    if (!c)
        return;
    nt_mapping_close(&c->map);
    free(c);
}

/* What nt_blob_write_file calls. */
typedef struct {
    header h;
    const nt_lex *lx;
    const nt_gaz *gaz;
} job;

static int write_all(FILE *f, const void *ctx)
{
    const job *j = ctx;
    return nt_blob_put(f, &j->h, sizeof j->h) || nt_lex_write(j->lx, f) ||
                   nt_gaz_write(j->gaz, f)
               ? -1
               : 0;
}

int nt_datacache_write(const char *datadir, const nt_lex *lx, const nt_gaz *gaz)
{
    char path[4096 + 32];
    file_path(path, sizeof path, datadir);
    job j = {header_for(datadir), lx, gaz};
    return nt_blob_write_file(path, 0644, write_all, &j);
}
