/* input.c - reading one input into memory, and the sorted directory walk. */
#include "input.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "util.h"

/* Buffer size for inputs of unknown size (pipes, terminals). */
#define READ_CHUNK 65536

/* Reads fd to its end into a buffer of initial size cap, growing it as
 * needed; regular files are pre-sized so one read usually does. The buffer
 * always keeps a spare byte for the NUL, so a file that fits exactly meets
 * its EOF without a reallocation. Returns 0 or -1 with err set. */
static int read_all(int fd, size_t cap, char **data, size_t *len, nt_error *err)
{
    const size_t limit = NT_INPUT_MAX + 2; /* data, one byte over, NUL */
    char *buf = nt_xmalloc(cap);
    size_t n = 0;
    for (;;) {
        if (n + 1 == cap) {
            if (cap == limit) {
                free(buf);
                nt_error_set(err, "file too large");
                return -1;
            }
            cap = cap > limit / 2 ? limit : 2 * cap;
            buf = nt_xrealloc(buf, cap);
        }
        ssize_t r = read(fd, buf + n, cap - 1 - n);
        if (r == 0)
            break;
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            nt_error_set(err, "%s", strerror(errno));
            free(buf);
            return -1;
        }
        n += (size_t)r;
    }
    buf[n] = '\0'; /* n < cap - 1: a full buffer is grown or refused first */
    *data = buf;
    *len = n;
    return 0;
}

/* The first buffer size for fd: the file's size plus two spare bytes (see
 * read_all) for a regular file, a fixed chunk otherwise. Refuses
 * directories and regular files above NT_INPUT_MAX. */
static int initial_size(int fd, size_t *cap, nt_error *err)
{
    struct stat st;
    if (fstat(fd, &st) != 0) {
        nt_error_set(err, "%s", strerror(errno));
        return -1;
    }
    if (S_ISDIR(st.st_mode)) {
        nt_error_set(err, "is a directory");
        return -1;
    }
    if (!S_ISREG(st.st_mode) || st.st_size <= 0) {
        *cap = READ_CHUNK;
        return 0;
    }
    if ((unsigned long long)st.st_size > NT_INPUT_MAX) {
        nt_error_set(err, "file too large");
        return -1;
    }
    *cap = (size_t)st.st_size + 2;
    return 0;
}

int nt_input_read(const char *path, char **data, size_t *len, nt_error *err)
{
    int is_stdin = strcmp(path, "-") == 0;
    int fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
    size_t cap;
    int rc;

    *data = NULL;
    *len = 0;
    if (fd < 0) {
        nt_error_set(err, "%s", strerror(errno));
        return -1;
    }
    rc = initial_size(fd, &cap, err);
    if (rc == 0)
        rc = read_all(fd, cap, data, len, err);
    if (!is_stdin)
        close(fd);
    return rc;
}

/* ---- an input a piece at a time ---- */

/* What a large file or a pipe is read in. */
#define STREAM_PIECE (1024 * 1024)

int nt_input_stream_open(nt_input_stream *s, const char *path, nt_error *err)
{
    memset(s, 0, sizeof *s);
    s->is_stdin = strcmp(path, "-") == 0;
    s->fd = s->is_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (s->fd < 0 || fstat(s->fd, &st) != 0) {
        nt_error_set(err, "%s", strerror(errno));
        nt_input_stream_close(s);
        return -1;
    }
    if (S_ISDIR(st.st_mode)) {
        nt_error_set(err, "is a directory");
        nt_input_stream_close(s);
        return -1;
    }
    /* a regular file up to a megabyte in one read (and one more for its
     * end), a larger one or a pipe a piece at a time */
    s->first_cap = S_ISREG(st.st_mode) && st.st_size > 0 &&
                           (unsigned long long)st.st_size < STREAM_PIECE
                       ? (size_t)st.st_size + 2
                       : STREAM_PIECE;
    s->regular = S_ISREG(st.st_mode);
    if (s->regular && st.st_size > 0 &&
        (unsigned long long)st.st_size <= NT_INPUT_MAX)
        s->size = (size_t)st.st_size;
    return 0;
}

/* What a file opened without its size is first read in: most articles
 * fit. */
#define UNSIZED_PIECE 65536

int nt_input_stream_open_regular(nt_input_stream *s, const char *path,
                                 nt_error *err)
{
    memset(s, 0, sizeof *s);
    s->fd = open(path, O_RDONLY | O_CLOEXEC);
    if (s->fd < 0) {
        nt_error_set(err, "%s", strerror(errno));
        return -1;
    }
    s->first_cap = UNSIZED_PIECE;
    s->regular = s->unsized = 1;
    return 0;
}

/* A file opened without its size that filled its first piece: its size
 * now, so that the rest comes in one more read (as nt_input_stream_open
 * would have read it), or a piece at a time if it is large. */
static int learn_size(nt_input_stream *s, nt_error *err)
{
    struct stat st;
    if (fstat(s->fd, &st) != 0) {
        nt_error_set(err, "%s", strerror(errno));
        return -1;
    }
    s->unsized = 0;
    if (S_ISREG(st.st_mode) && st.st_size > 0 &&
        (unsigned long long)st.st_size <= NT_INPUT_MAX) {
        s->size = (size_t)st.st_size;
        if (s->size + 2 > s->cap && s->size < STREAM_PIECE) {
            s->cap = s->size + 2;
            s->buf = nt_xrealloc(s->buf, s->cap);
        }
    }
    return 0;
}

int nt_input_stream_read(nt_input_stream *s, nt_error *err)
{
    if (s->unsized && s->got && s->len + 1 >= s->cap && learn_size(s, err))
        return -1;
    if (s->len + 1 >= s->cap) { /* one spare byte: see take */
        if (s->cap > NT_INPUT_MAX) {
            nt_error_set(err, "file too large");
            return -1;
        }
        s->cap = s->cap ? 2 * s->cap : s->first_cap;
        s->buf = nt_xrealloc(s->buf, s->cap);
    }
    for (;;) {
        size_t ask = s->cap - 1 - s->len;
        ssize_t r = read(s->fd, s->buf + s->len, ask);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            nt_error_set(err, "%s", strerror(errno));
            return -1;
        }
        s->len += (size_t)r;
        s->got += (size_t)r;
        /* A regular file that gave fewer bytes than asked, and all it held
         * when opened (or it was opened unsized), is at its end: no further
         * read to hear so (a syscall per file, a tenth of the time on small
         * files). Had it grown, the read would have given more. */
        s->eof = r == 0 || ((size_t)r < ask &&
                            (s->unsized || (s->size && s->got == s->size)));
        return 0;
    }
}

int nt_input_stream_read_all(nt_input_stream *s, nt_error *err)
{
    while (!s->eof)
        if (nt_input_stream_read(s, err))
            return -1;
    return 0;
}

char *nt_input_stream_take(nt_input_stream *s, size_t n)
{
    if (n == s->len && s->buf) { /* all of it: the buffer itself, not a
                                    copy (a whole file, most often) */
        char *block = s->buf;
        block[n] = '\0'; /* the spare byte: see nt_input_stream_read */
        s->buf = NULL;
        s->len = s->cap = 0;
        return block;
    }
    char *block = nt_xmalloc(n + 1);
    memcpy(block, s->buf, n);
    block[n] = '\0';
    memmove(s->buf, s->buf + n, s->len - n);
    s->len -= n;
    return block;
}

void nt_input_stream_close(nt_input_stream *s)
{
    if (s->fd >= 0 && !s->is_stdin)
        close(s->fd);
    s->fd = -1;
    free(s->buf);
    s->buf = NULL;
    s->len = s->cap = 0;
}

/* ---- directory walk ---- */

/* A directory on the path from the walked root to the current one. */
typedef struct {
    dev_t dev;
    ino_t ino;
} dir_id;

typedef struct {
    const char *const *globs;
    size_t nglobs;
    nt_walk_file_fn on_file;
    nt_walk_error_fn on_error;
    void *ctx;
    nt_buf path;    /* the current path, dir as given joined with rel */
    size_t rel_off; /* where rel starts in path */
    dir_id *stack;  /* the directories being walked, root first */
    size_t depth, cap;
    size_t errors;
    int stopped;
} walker;

static void walk_dir(walker *w);

static void report(walker *w, const char *reason)
{
    w->errors++;
    if (w->on_error)
        w->on_error(nt_buf_cstr(&w->path), reason, w->ctx);
}

/* A directory entry: its name, its first eight bytes as a number that
 * orders as strcmp does (big-endian, zero-padded), and readdir's type
 * (DT_UNKNOWN when the file system does not tell). */
typedef struct {
    uint64_t prefix;
    char *name;
    unsigned char type;
} entry;

static uint64_t name_prefix(const char *name)
{
    uint64_t v = 0;
    for (int i = 0; i < 8; i++) {
        v = v << 8 | (unsigned char)name[i];
        if (!name[i]) {
            v <<= 8 * (7 - i);
            break;
        }
    }
    return v;
}

/* By name, as strcmp orders them: by the prefixes, which decide but
 * between names that share their first eight bytes (a folder of
 * "0001.txt"... sorted with a fifth fewer instructions than by strcmp
 * alone, qsort's own work the rest). */
static int cmp_entries(const void *a, const void *b)
{
    const entry *x = a, *y = b;
    if (x->prefix != y->prefix)
        return x->prefix < y->prefix ? -1 : 1;
    return (x->prefix & 0xFF) ? strcmp(x->name + 8, y->name + 8) : 0;
}

static void free_entries(entry *es, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(es[i].name);
    free(es);
}

/* fnmatch(glob, name, 0) == 0: for a glob of '*' and plain characters
 * after it (the default "*.txt"), whether name ends with them (fnmatch
 * took 380 instructions a file of a folder). */
static int glob_matches(const char *glob, const char *name)
{
    if (glob[0] == '*' && !strpbrk(glob + 1, "*?[\\")) {
        size_t n = strlen(name), k = strlen(glob + 1);
        return n >= k && memcmp(name + n - k, glob + 1, k) == 0;
    }
    return fnmatch(glob, name, 0) == 0;
}

static int matches(const walker *w, const char *name)
{
    for (size_t i = 0; i < w->nglobs; i++)
        if (glob_matches(w->globs[i], name))
            return 1;
    return 0;
}

/* The entries of the directory at w->path, "." and ".." left out, sorted
 * by name with strcmp; NULL after reporting an error. Regular files that
 * no glob matches are left out too, when readdir tells the type. Only one
 * directory is open at a time, however deep the walk. */
static entry *read_entries(walker *w, size_t *count)
{
    DIR *d = opendir(nt_buf_cstr(&w->path));
    entry *es = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;

    if (!d) {
        report(w, strerror(errno));
        return NULL;
    }
    for (errno = 0; (e = readdir(d)) != NULL; errno = 0) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (e->d_type == DT_REG && !matches(w, e->d_name))
            continue; /* saves a stat; other types are decided by stat */
        es = nt_xgrow(es, &cap, n + 1, sizeof *es);
        es[n++] = (entry){name_prefix(e->d_name), nt_xstrdup(e->d_name),
                          e->d_type};
    }
    if (errno) {
        report(w, strerror(errno));
        free_entries(es, n);
        closedir(d);
        return NULL;
    }
    closedir(d);
    if (n)
        qsort(es, n, sizeof *es, cmp_entries);
    *count = n;
    return es;
}

/* Whether the directory st is already on the current path: descending into
 * it again would never end. */
static int on_path(const walker *w, const struct stat *st)
{
    for (size_t i = 0; i < w->depth; i++)
        if (w->stack[i].dev == st->st_dev && w->stack[i].ino == st->st_ino)
            return 1;
    return 0;
}

/* Descends into the directory st at w->path unless that would loop. */
static void enter_dir(walker *w, const struct stat *st)
{
    if (on_path(w, st)) {
        report(w, "symlink loop");
        return;
    }
    w->stack = nt_xgrow(w->stack, &w->cap, w->depth + 1, sizeof *w->stack);
    w->stack[w->depth++] = (dir_id){st->st_dev, st->st_ino};
    walk_dir(w);
    w->depth--;
}

/* Visits entry e of the directory at w->path. A file readdir calls regular
 * is taken as it is (a folder of 100,000 articles costs no stat per file);
 * for the rest stat follows symlinks, so a dangling one or a chain too long
 * is reported here. Other kinds of files (fifos, devices, sockets) are
 * passed over. */
static void visit(walker *w, const entry *e)
{
    size_t saved = w->path.len;
    const char *name = e->name;
    struct stat st;

    if (saved > 0 && w->path.data[saved - 1] != '/')
        nt_buf_putc(&w->path, '/');
    nt_buf_puts(&w->path, name);
    const char *path = nt_buf_cstr(&w->path);
    if (e->type == DT_REG) {
        if (w->on_file(path, path + w->rel_off, w->ctx) != 0)
            w->stopped = 1; /* read_entries kept only matching names */
    } else if (stat(path, &st) != 0)
        report(w, strerror(errno));
    else if (S_ISDIR(st.st_mode))
        enter_dir(w, &st);
    else if (S_ISREG(st.st_mode) && matches(w, name) &&
             w->on_file(path, path + w->rel_off, w->ctx) != 0)
        w->stopped = 1;
    w->path.len = saved;
}

/* Walks the directory at w->path: its names are collected and sorted
 * first, then visited, so the walk holds one sorted list per level. */
static void walk_dir(walker *w)
{
    size_t n = 0;
    entry *es = read_entries(w, &n);
    if (!es)
        return;
    for (size_t i = 0; i < n && !w->stopped; i++)
        visit(w, &es[i]);
    free_entries(es, n);
}

size_t nt_input_walk(const char *dir, const char *const *globs, size_t nglobs,
                     nt_walk_file_fn on_file, nt_walk_error_fn on_error,
                     void *ctx)
{
    walker w = {.globs = globs,
                .nglobs = nglobs,
                .on_file = on_file,
                .on_error = on_error,
                .ctx = ctx};
    struct stat st;
    size_t len = strlen(dir);

    nt_buf_init(&w.path);
    nt_buf_put(&w.path, dir, len);
    w.rel_off = len + (len > 0 && dir[len - 1] != '/');
    if (stat(dir, &st) != 0)
        report(&w, strerror(errno));
    else if (!S_ISDIR(st.st_mode))
        report(&w, strerror(ENOTDIR));
    else
        enter_dir(&w, &st);
    nt_buf_free(&w.path);
    free(w.stack);
    return w.stopped ? (size_t)-1 : w.errors;
}
