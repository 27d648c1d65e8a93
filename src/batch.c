/* batch.c - the worker pool of -j: fork, one pipe per worker, results
 * framed as a header and four byte strings, taken back in input order. */
#ifdef __linux__
#define _GNU_SOURCE /* F_SETPIPE_SZ */
#endif
#include "batch.h"

#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef __linux__
#include <fcntl.h>
#include <sys/prctl.h>
#endif

#include "util.h"

/* The fixed part of a result on the wire. */
typedef struct {
    uint64_t ndocs, bytes, errors, failed;
    uint64_t len[4]; /* first, later, rest, err */
} frame;

size_t nt_batch_cores(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (size_t)n : 1;
}

static int write_all(int fd, const void *p, size_t n)
{
    const char *c = p;
    while (n) {
        ssize_t w = write(fd, c, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        c += w;
        n -= (size_t)w;
    }
    return 0;
}

/* The parent's end of a worker's pipe, read in large pieces: a result is
 * a header and four strings, and five reads for each of thousands of small
 * files would cost the parent (which shares the cores with the workers)
 * more than its copying. */
typedef struct {
    int fd;
    char *buf;
    size_t cap, at, end; /* unread bytes are buf[at..end) */
} pipe_in;

#define PIPE_IN_CAP (256 * 1024)

static int read_in(pipe_in *in, void *p, size_t n)
{
    char *c = p;
    while (n) {
        if (in->at == in->end) {
            ssize_t r = read(in->fd, in->buf, in->cap);
            if (r < 0 && errno == EINTR)
                continue;
            if (r <= 0)
                return -1;
            in->at = 0;
            in->end = (size_t)r;
        }
        size_t k = in->end - in->at < n ? in->end - in->at : n;
        memcpy(c, in->buf + in->at, k);
        in->at += k;
        c += k;
        n -= k;
    }
    return 0;
}

static void result_init(nt_batch_result *r)
{
    memset(r, 0, sizeof *r);
    nt_buf_init(&r->first);
    nt_buf_init(&r->later);
    nt_buf_init(&r->rest);
    nt_buf_init(&r->err);
}

static void result_reset(nt_batch_result *r)
{
    nt_buf_reset(&r->first);
    nt_buf_reset(&r->later);
    nt_buf_reset(&r->rest);
    nt_buf_reset(&r->err);
    r->ndocs = r->bytes = r->errors = 0;
    r->failed = 0;
}

static void result_free(nt_batch_result *r)
{
    nt_buf_free(&r->first);
    nt_buf_free(&r->later);
    nt_buf_free(&r->rest);
    nt_buf_free(&r->err);
}

/* Reads back what the item wrote to stderr (a temporary file standing in
 * for fd 2) and empties it for the next item. Most items write nothing:
 * then it costs one lseek. */
static void take_stderr(int tmp, nt_buf *err)
{
    fflush(stderr);
    off_t n = lseek(tmp, 0, SEEK_END);
    if (n == 0)
        return;
    if (n > 0) {
        char *p = nt_xmalloc((size_t)n);
        if (pread(tmp, p, (size_t)n, 0) == n)
            nt_buf_put(err, p, (size_t)n);
        free(p);
    }
    if (ftruncate(tmp, 0) != 0 || lseek(tmp, 0, SEEK_SET) < 0)
        nt_buf_puts(err, "newstag: cannot reuse the worker's stderr file\n");
}

/* A worker sends its results in writes of a quarter of its pipe (256 KB
 * of a widened one): one wake-up of the parent per result would take a
 * core from the workers (with two cores and three processes) thousands of
 * times over a folder of small files; and a write that does not fit
 * would hold the worker until the parent, taking results in input order,
 * comes to it. */
static size_t flush_at(int fd)
{
    long size = 64 * 1024; /* Linux's default */
#if defined(__linux__) && defined(F_GETPIPE_SZ)
    long got = fcntl(fd, F_GETPIPE_SZ);
    if (got > 0)
        size = got;
#else
    (void)fd;
#endif
    return (size_t)size / 4;
}

static void flush_wire(int fd, nt_buf *wire)
{
    if (write_all(fd, wire->data, wire->len))
        _exit(4); /* the parent is gone (a closed pipe downstream) */
    nt_buf_reset(wire);
}

/* A worker: items k, k + jobs, ... each framed onto fd. Never returns. */
static _Noreturn void worker(size_t k, size_t n, size_t jobs, int fd,
                             nt_batch_fn fn, void *ctx)
{
    FILE *tf = tmpfile();
    if (!tf || dup2(fileno(tf), STDERR_FILENO) < 0)
        _exit(3);
    nt_batch_result r;
    nt_buf wire;
    size_t flush = flush_at(fd);
    result_init(&r);
    nt_buf_init(&wire);
    for (size_t i = k; i < n; i += jobs) {
        result_reset(&r);
        fn(i, &r, ctx);
        take_stderr(fileno(tf), &r.err);
        frame f = {r.ndocs, r.bytes, r.errors, (uint64_t)r.failed,
                   {r.first.len, r.later.len, r.rest.len, r.err.len}};
        nt_buf_put(&wire, &f, sizeof f);
        nt_buf_put(&wire, r.first.data, r.first.len);
        nt_buf_put(&wire, r.later.data, r.later.len);
        nt_buf_put(&wire, r.rest.data, r.rest.len);
        nt_buf_put(&wire, r.err.data, r.err.len);
        if (wire.len >= flush)
            flush_wire(fd, &wire);
    }
    flush_wire(fd, &wire);
    result_free(&r);
    nt_buf_free(&wire);
    _exit(0);
}

/* Reads one framed result from in into r. */
static int read_result(pipe_in *in, nt_batch_result *r)
{
    frame f;
    nt_buf *parts[4] = {&r->first, &r->later, &r->rest, &r->err};
    result_reset(r);
    if (read_in(in, &f, sizeof f))
        return -1;
    for (int i = 0; i < 4; i++) {
        if (f.len[i] > ((size_t)-1) / 2)
            return -1;
        parts[i]->data = nt_xgrow(parts[i]->data, &parts[i]->cap,
                                  (size_t)f.len[i] + 1, 1);
        if (read_in(in, parts[i]->data, (size_t)f.len[i]))
            return -1;
        parts[i]->len = (size_t)f.len[i];
    }
    r->ndocs = f.ndocs;
    r->bytes = f.bytes;
    r->errors = f.errors;
    r->failed = (int)f.failed;
    return 0;
}

/* In a new worker: a SIGTERM when the parent dies (killed by a signal, say),
 * so that the worker's handler removes its temporary output and it stops,
 * rather than writing on for a parent that is gone. Linux only; elsewhere
 * the worker stops at its next result, when the pipe is closed. */
static void stop_with(pid_t parent)
{
#ifdef __linux__
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (getppid() != parent) /* died before prctl */
        _exit(0);
#else
    (void)parent;
#endif
}

/* A worker that runs ahead of the others would stall on a full pipe while
 * the parent waits, in input order, on a slower one. A megabyte (Linux's
 * limit for any user; 64 KB by default) lets the workers drift apart by
 * hundreds of small files. Best effort: a user over the kernel's quota of
 * pipe memory keeps a small one. */
static void widen_pipe(int fd)
{
#if defined(__linux__) && defined(F_SETPIPE_SZ)
    (void)fcntl(fd, F_SETPIPE_SZ, 1024 * 1024);
#else
    (void)fd;
#endif
}

/* Starts the workers; fds[k] is the read end of worker k's pipe. */
static size_t start(size_t n, size_t jobs, nt_batch_fn fn, void *ctx,
                    int *fds, pid_t *pids)
{
    size_t k;
    pid_t parent = getpid();
    fflush(NULL); /* nothing buffered is written twice */
    for (k = 0; k < jobs; k++) {
        int p[2];
        if (pipe(p) != 0)
            break;
        widen_pipe(p[0]);
        pid_t pid = fork();
        if (pid < 0) {
            close(p[0]);
            close(p[1]);
            break;
        }
        if (pid == 0) {
            stop_with(parent);
            for (size_t j = 0; j < k; j++)
                close(fds[j]);
            close(p[0]);
            free(fds);
            free(pids);
            worker(k, n, jobs, p[1], fn, ctx);
        }
        close(p[1]);
        fds[k] = p[0];
        pids[k] = pid;
    }
    return k;
}

int nt_batch_run(size_t n, size_t jobs, nt_batch_fn fn, nt_batch_sink sink,
                 void *ctx, nt_error *err)
{
    int *fds = nt_xcalloc(jobs, sizeof *fds);
    pid_t *pids = nt_xcalloc(jobs, sizeof *pids);
    size_t started = start(n, jobs, fn, ctx, fds, pids);
    pipe_in *ins = nt_xcalloc(jobs, sizeof *ins);
    nt_batch_result r;
    int rc = 0;
    result_init(&r);
    for (size_t k = 0; k < started; k++)
        ins[k] = (pipe_in){fds[k], nt_xmalloc(PIPE_IN_CAP), PIPE_IN_CAP, 0, 0};
    if (started < jobs) {
        nt_error_set(err, "cannot start %zu workers: %s", jobs, strerror(errno));
        rc = -1;
    }
    for (size_t i = 0; rc == 0 && i < n; i++) {
        if (read_result(&ins[i % jobs], &r) != 0) {
            nt_error_set(err, "a worker died before input %zu", i + 1);
            rc = -1;
            break;
        }
        sink(i, &r, ctx);
    }
    for (size_t k = 0; k < started; k++) {
        free(ins[k].buf);
        close(fds[k]);
        if (rc)
            kill(pids[k], SIGTERM);
        while (waitpid(pids[k], NULL, 0) < 0 && errno == EINTR)
            ;
    }
    result_free(&r);
    free(ins);
    free(fds);
    free(pids);
    return rc;
}
