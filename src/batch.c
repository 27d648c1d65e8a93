/* batch.c - the worker pool of -j: fork, one pipe per worker, results
 * framed as a header and four byte strings, taken back in input order.
 * Inputs are handed out as they come: each process, the parent too, claims
 * the next one from a counter in shared memory, so a slow input or a busy
 * core holds up no one. */
#ifdef __linux__
#define _GNU_SOURCE /* F_SETPIPE_SZ */
#endif
#include "batch.h"

#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef __linux__
#include <fcntl.h>
#include <sys/prctl.h>
#endif

#include "output.h"
#include "util.h"

/* The fixed part of a result on the wire. */
typedef struct {
    uint64_t item; /* the input it is of */
    uint64_t ndocs, bytes, errors, failed;
    uint64_t len[4]; /* first, later, rest, err */
} frame;

size_t nt_batch_cores(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (size_t)n : 1;
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

/* What an input writes to stderr, kept for its result: stderr points at
 * a memory stream while the input is annotated (glibc's stderr is a
 * variable a program may set), which costs no system call, where a file
 * standing in for fd 2 cost three an input, a tenth of -j's time on small
 * files. What is written to fd 2 itself (a crash report) goes out as it
 * comes. */
typedef struct {
    FILE *mem, *real;
    char *buf; /* the stream's, with size bytes written since the last take */
    size_t size;
} capture;

static int capture_open(capture *c)
{
    memset(c, 0, sizeof *c);
    c->mem = open_memstream(&c->buf, &c->size);
    return c->mem ? 0 : -1;
}

static void capture_close(capture *c)
{
    if (c->mem)
        fclose(c->mem);
    free(c->buf);
}

static void capture_begin(capture *c)
{
    fflush(stderr);
    c->real = stderr;
    stderr = c->mem;
}

/* Appends what was written since capture_begin to err, and puts stderr
 * back. */
static void capture_end(capture *c, nt_buf *err)
{
    fflush(c->mem);
    if (c->size) {
        nt_buf_put(err, c->buf, c->size);
        rewind(c->mem); /* the next size counts from the start again */
    }
    stderr = c->real;
}

/* A worker sends its results in writes of about 16 KB (some ten small
 * articles), so that the parent, which looks for them between articles of
 * its own, finds them soon; and at most a quarter of its pipe, as a write
 * that does not fit holds the worker until the parent takes some. */
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
    return size / 4 < 16 * 1024 ? (size_t)size / 4 : 16 * 1024;
}

static void flush_wire(int fd, nt_buf *wire)
{
    if (nt_output_write_fd(fd, wire->data, wire->len))
        _exit(4); /* the parent is gone (a closed pipe downstream) */
    nt_buf_reset(wire);
}

/* What the processes share (an anonymous shared mapping): who claimed each
 * input (0: nobody yet, k + 1: process k, the parent being 0), which tells
 * the parent where to find its result; and where the unclaimed ones begin. */
typedef struct {
    size_t next; /* every input before it is claimed */
    uint32_t owner[];
} board;

static board *board_new(size_t n)
{
    size_t size = sizeof(board) + n * sizeof(uint32_t);
    void *m = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
                   -1, 0);
    return m == MAP_FAILED ? NULL : m; /* zero-filled */
}

static void board_free(board *b, size_t n)
{
    if (b)
        munmap(b, sizeof(board) + n * sizeof(uint32_t));
}

/* Claims the first unclaimed input for process k; n when none is left.
 * The owner is set in the same step (a compare-and-swap), so that an input
 * is never claimed but of unknown owner, even if its claimer dies. */
static size_t claim(board *b, size_t n, size_t k)
{
    for (;;) {
        size_t i = __atomic_load_n(&b->next, __ATOMIC_ACQUIRE);
        if (i >= n)
            return n;
        uint32_t none = 0;
        int mine = __atomic_compare_exchange_n(&b->owner[i], &none,
                                               (uint32_t)k + 1, 0,
                                               __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
        /* claimed now, by k or by another: next moves past it (whoever
         * gets there first; a failed exchange overwrites its expected
         * value, hence the copy) */
        size_t seen = i;
        __atomic_compare_exchange_n(&b->next, &seen, i + 1, 0, __ATOMIC_ACQ_REL,
                                    __ATOMIC_ACQUIRE);
        if (mine)
            return i;
    }
}

static uint32_t owner_of(board *b, size_t i)
{
    return __atomic_load_n(&b->owner[i], __ATOMIC_ACQUIRE);
}

/* A worker, process k: claims inputs until none is left, each result
 * framed onto fd (in increasing input order). Never returns. */
static _Noreturn void worker(size_t k, board *b, size_t n, int fd,
                             nt_batch_fn fn, void *ctx)
{
    capture cap;
    if (capture_open(&cap))
        _exit(3);
    nt_batch_result r;
    nt_buf wire;
    size_t flush = flush_at(fd);
    result_init(&r);
    nt_buf_init(&wire);
    for (size_t i; (i = claim(b, n, k)) < n;) {
        result_reset(&r);
        capture_begin(&cap);
        fn(i, &r, ctx);
        capture_end(&cap, &r.err);
        frame f = {i, r.ndocs, r.bytes, r.errors, (uint64_t)r.failed,
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
    capture_close(&cap);
    _exit(0);
}

/* Reads the framed result of input item from in into r: -1 if the pipe
 * ends first, or holds another input's. */
static int read_result(pipe_in *in, size_t item, nt_batch_result *r)
{
    frame f;
    nt_buf *parts[4] = {&r->first, &r->later, &r->rest, &r->err};
    result_reset(r);
    if (read_in(in, &f, sizeof f) || f.item != item)
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

/* Starts workers 1 .. jobs - 1 (the parent is process 0); fds[k - 1] is
 * the read end of worker k's pipe. Returns how many started. */
static size_t start(board *b, size_t n, size_t jobs, nt_batch_fn fn,
                    void *ctx, int *fds, pid_t *pids)
{
    size_t k;
    pid_t parent = getpid();
    fflush(NULL); /* nothing buffered is written twice */
    for (k = 0; k + 1 < jobs; k++) {
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
            worker(k + 1, b, n, p[1], fn, ctx);
        }
        close(p[1]);
        fds[k] = p[0];
        pids[k] = pid;
    }
    return k;
}

/* At most this many results of inputs the parent claimed wait for their
 * turn: it runs ahead of a slow worker by that much, no more. */
#define AHEAD 64

/* Inputs the parent annotates of its own, when a worker's result was not
 * there yet, before it looks again: a look is a poll, a system call, and
 * one after each of its inputs was some 9,000 calls on 21,600 files (the
 * worker's results come ten or so at a time anyway, see flush_at). */
#define OWN_BURST 4

/* The parent's side: the results of the inputs it annotated, in a ring in
 * input order (it claims in increasing order), while it waited for a
 * worker's. */
typedef struct {
    board *b;
    size_t n;
    nt_batch_fn fn;
    void *ctx;
    pipe_in *ins;          /* ins[k - 1]: worker k's pipe */
    nt_batch_result *done; /* ring of AHEAD results, oldest at head */
    size_t *item;          /* the input of each */
    size_t head, ndone;
    capture cap;           /* the parent's inputs' stderr */
    int captured;          /* cap could be opened (else stderr is as is) */
} pool;

/* Claims an input and annotates it into the ring, its stderr captured as
 * a worker's is (the sink writes it in its turn). 0 when none was left. */
static int run_own(pool *p)
{
    size_t i = claim(p->b, p->n, 0);
    if (i >= p->n)
        return 0;
    size_t slot = (p->head + p->ndone) % AHEAD;
    nt_batch_result *r = &p->done[slot];
    result_reset(r);
    if (p->captured)
        capture_begin(&p->cap);
    p->fn(i, r, p->ctx);
    if (p->captured)
        capture_end(&p->cap, &r->err);
    p->item[slot] = i;
    p->ndone++;
    return 1;
}

/* Whether worker k's next result can be read without waiting. */
static int ready(const pipe_in *in)
{
    struct pollfd pf = {in->fd, POLLIN, 0};
    return in->at < in->end || poll(&pf, 1, 0) > 0;
}

/* Input i's result into *r (a ring slot, or tmp filled from a pipe): the
 * parent annotates inputs of its own while the worker that has i is not
 * done with it. -1: that worker died. */
static int take(pool *p, size_t i, nt_batch_result *tmp, nt_batch_result **r)
{
    for (;;) {
        if (p->ndone && p->item[p->head] == i) {
            *r = &p->done[p->head];
            p->head = (p->head + 1) % AHEAD;
            p->ndone--;
            return 0;
        }
        uint32_t k = owner_of(p->b, i);
        int waiting = k > 1 && !ready(&p->ins[k - 2]);
        if ((k == 0 || waiting) && p->ndone < AHEAD && run_own(p)) {
            for (int b = 1; waiting && b < OWN_BURST && p->ndone < AHEAD; b++)
                if (!run_own(p))
                    break;
            continue; /* k == 0: the parent claims i, or one after it */
        }
        if (k == 0) /* a worker claimed it after k was read, and the rest
                       too (the parent found none left to run): a parent
                       descheduled between the two did report "a worker
                       died" */
            k = owner_of(p->b, i);
        if (k <= 1)
            return -1; /* unclaimed with nothing left, or the parent's yet
                          not in the ring: cannot be */
        *r = tmp;
        return read_result(&p->ins[k - 2], i, tmp);
    }
}

static void pool_init(pool *p, board *b, size_t n, nt_batch_fn fn, void *ctx,
                      const int *fds, size_t started)
{
    *p = (pool){.b = b, .n = n, .fn = fn, .ctx = ctx};
    p->ins = nt_xcalloc(started + 1, sizeof *p->ins);
    for (size_t k = 0; k < started; k++)
        p->ins[k] = (pipe_in){fds[k], nt_xmalloc(PIPE_IN_CAP), PIPE_IN_CAP, 0, 0};
    p->done = nt_xcalloc(AHEAD, sizeof *p->done);
    p->item = nt_xcalloc(AHEAD, sizeof *p->item);
    for (size_t j = 0; j < AHEAD; j++)
        result_init(&p->done[j]);
    p->captured = capture_open(&p->cap) == 0;
}

static void pool_free(pool *p, size_t started)
{
    for (size_t k = 0; k < started; k++)
        free(p->ins[k].buf);
    for (size_t j = 0; j < AHEAD; j++)
        result_free(&p->done[j]);
    capture_close(&p->cap);
    free(p->ins);
    free(p->done);
    free(p->item);
}

int nt_batch_run(size_t n, size_t jobs, nt_batch_fn fn, nt_batch_sink sink,
                 void *ctx, nt_error *err)
{
    board *b = board_new(n);
    if (!b) {
        nt_error_set(err, "cannot share the inputs among workers: %s",
                     strerror(errno));
        return -1;
    }
    int *fds = nt_xcalloc(jobs, sizeof *fds);
    pid_t *pids = nt_xcalloc(jobs, sizeof *pids);
    void *apart = nt_heap_apart(); /* fewer copy-on-write faults */
    size_t started = start(b, n, jobs, fn, ctx, fds, pids);
    pool p;
    nt_batch_result tmp, *r;
    int rc = 0;
    pool_init(&p, b, n, fn, ctx, fds, started);
    result_init(&tmp);
    if (started + 1 < jobs)
        nt_error_set(err, "cannot start %zu workers: %s", jobs - 1,
                     strerror(errno)), rc = -1;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        if (take(&p, i, &tmp, &r) != 0) {
            nt_error_set(err, "a worker died before input %zu", i + 1);
            rc = -1;
            break;
        }
        sink(i, r, ctx);
    }
    for (size_t k = 0; k < started; k++) {
        close(fds[k]);
        if (rc)
            kill(pids[k], SIGTERM);
        while (waitpid(pids[k], NULL, 0) < 0 && errno == EINTR)
            ;
    }
    pool_free(&p, started);
    result_free(&tmp);
    board_free(b, n);
    free(apart);
    free(fds);
    free(pids);
    return rc;
}
