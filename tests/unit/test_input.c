/* test_input.c - reading files and stdin exactly, read errors, and the
 * sorted directory walk over a tree built in a temporary folder. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h> /* after setjmp.h, stdarg.h, stddef.h, stdint.h */

#include "buf.h"
#include "input.h"

/* A fresh temporary folder per test, removed afterwards. */
static int setup_tmp(void **state)
{
    char *dir = strdup("/tmp/test_input.XXXXXX");
    if (!dir || !mkdtemp(dir))
        return -1;
    *state = dir;
    return 0;
}

static int teardown_tmp(void **state)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "chmod -R u+rwx '%s'; rm -rf '%s'",
             (char *)*state, (char *)*state);
    int rc = system(cmd);
    free(*state);
    return rc == 0 ? 0 : -1;
}

/* Writes n bytes to root/rel. */
static void put_file(const char *root, const char *rel, const char *s, size_t n)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", root, rel);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, s, n), (ssize_t)n);
    close(fd);
}

static void make_dir(const char *root, const char *rel)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", root, rel);
    assert_int_equal(mkdir(path, 0755), 0);
}

static void make_link(const char *root, const char *rel, const char *target)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", root, rel);
    assert_int_equal(symlink(target, path), 0);
}

static char *join(const char *root, const char *rel)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", root, rel);
    return path;
}

/* ---- nt_input_read ---- */

static void test_read_exact(void **state)
{
    const char *root = *state;
    static const char bytes[] = "ab\0cd\n\xff\xfe end";
    char *data;
    size_t len;
    nt_error err;
    put_file(root, "a.txt", bytes, sizeof bytes - 1);
    assert_int_equal(nt_input_read(join(root, "a.txt"), &data, &len, &err), 0);
    assert_int_equal(len, sizeof bytes - 1);
    assert_memory_equal(data, bytes, len);
    assert_int_equal(data[len], '\0');
    free(data);
}

static void test_read_empty(void **state)
{
    const char *root = *state;
    char *data;
    size_t len = 99;
    nt_error err;
    put_file(root, "empty.txt", "", 0);
    assert_int_equal(nt_input_read(join(root, "empty.txt"), &data, &len, &err),
                     0);
    assert_int_equal(len, 0);
    assert_non_null(data);
    assert_int_equal(data[0], '\0');
    free(data);
}

static void test_read_errors(void **state)
{
    const char *root = *state;
    char *data = (char *)1;
    size_t len;
    nt_error err;
    assert_int_equal(
        nt_input_read(join(root, "missing.txt"), &data, &len, &err), -1);
    assert_string_equal(err.msg, "No such file or directory");
    assert_null(data);
    assert_int_equal(nt_input_read(root, &data, &len, &err), -1);
    assert_string_equal(err.msg, "is a directory");
    assert_null(data);
}

/* A sparse file just above the limit is refused from its size alone. */
static void test_read_too_large(void **state)
{
    const char *root = *state;
    char *data;
    size_t len;
    nt_error err;
    int fd = open(join(root, "big.txt"), O_WRONLY | O_CREAT, 0644);
    assert_true(fd >= 0);
    if (ftruncate(fd, (off_t)NT_INPUT_MAX + 1) != 0) {
        close(fd);
        skip(); /* the file system has no sparse files this large */
    }
    close(fd);
    assert_int_equal(nt_input_read(join(root, "big.txt"), &data, &len, &err),
                     -1);
    assert_string_equal(err.msg, "file too large");
}

static void test_read_unreadable(void **state)
{
    const char *root = *state;
    char *data;
    size_t len;
    nt_error err;
    if (geteuid() == 0)
        skip(); /* root reads files whatever their mode: nothing to test */
    put_file(root, "secret.txt", "x", 1);
    assert_int_equal(chmod(join(root, "secret.txt"), 0), 0);
    assert_int_equal(nt_input_read(join(root, "secret.txt"), &data, &len, &err),
                     -1);
    assert_string_equal(err.msg, "Permission denied");
}

/* Reads "-" with stdin made the read end of a pipe that a child fills
 * with more than one read chunk, so the buffer has to grow. */
static void test_read_stdin_pipe(void **state)
{
    (void)state;
    enum { N = 300000 };
    int p[2];
    char *data;
    size_t len;
    nt_error err;
    assert_int_equal(pipe(p), 0);
    fflush(stdout);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        static char text[N];
        close(p[0]);
        for (size_t i = 0; i < N; i++)
            text[i] = (char)('a' + i % 26);
        for (size_t off = 0; off < N;) {
            ssize_t w = write(p[1], text + off, N - off);
            if (w <= 0)
                _exit(1);
            off += (size_t)w;
        }
        _exit(0);
    }
    close(p[1]);
    int saved = dup(STDIN_FILENO);
    assert_true(dup2(p[0], STDIN_FILENO) >= 0);
    close(p[0]);
    int rc = nt_input_read("-", &data, &len, &err);
    assert_true(dup2(saved, STDIN_FILENO) >= 0);
    close(saved);
    waitpid(pid, NULL, 0);
    assert_int_equal(rc, 0);
    assert_int_equal(len, N);
    for (size_t i = 0; i < N; i++)
        assert_int_equal(data[i], 'a' + i % 26);
    assert_int_equal(data[N], '\0');
    free(data);
}

/* ---- nt_input_walk ---- */

/* What a walk saw, one "F path|rel" or "E path|reason" line each. */
typedef struct {
    nt_buf log;
    int stop_after; /* stop the walk after this many files; 0: never */
    int files;
} visits;

static int on_file(const char *path, const char *rel, void *ctx)
{
    visits *v = ctx;
    nt_buf_printf(&v->log, "F %s|%s\n", path, rel);
    return ++v->files == v->stop_after;
}

static void on_error(const char *path, const char *reason, void *ctx)
{
    visits *v = ctx;
    nt_buf_printf(&v->log, "E %s|%s\n", path, reason);
}

/* Walks dir and compares the visits with expect, in which every "%s"
 * stands for root. */
static void check_walk(const char *dir, const char *const *globs, size_t nglobs,
                       size_t nerrors, const char *root, const char *expect)
{
    visits v = {.stop_after = 0};
    nt_buf want;
    nt_buf_init(&v.log);
    nt_buf_init(&want);
    for (const char *p = expect; *p; p++) {
        if (p[0] == '%' && p[1] == 's') {
            nt_buf_puts(&want, root);
            p++;
        } else {
            nt_buf_putc(&want, *p);
        }
    }
    size_t n = nt_input_walk(dir, globs, nglobs, on_file, on_error, &v);
    assert_string_equal(nt_buf_cstr(&v.log), nt_buf_cstr(&want));
    assert_int_equal(n, nerrors);
    nt_buf_free(&v.log);
    nt_buf_free(&want);
}

/* root: .hidden.txt a/{b.txt c/{d.txt e.md} x.jpg fifo.txt} aa.txt b.txt
 * z.md */
static void build_tree(const char *root)
{
    put_file(root, ".hidden.txt", "h", 1);
    make_dir(root, "a");
    put_file(root, "a/b.txt", "b", 1);
    make_dir(root, "a/c");
    put_file(root, "a/c/d.txt", "d", 1);
    put_file(root, "a/c/e.md", "e", 1);
    put_file(root, "a/x.jpg", "x", 1);
    assert_int_equal(mkfifo(join(root, "a/fifo.txt"), 0644), 0);
    put_file(root, "aa.txt", "aa", 2);
    put_file(root, "b.txt", "b", 1);
    put_file(root, "z.md", "z", 1);
}

static void test_walk_sorted(void **state)
{
    const char *root = *state;
    const char *const globs[] = {"*.txt", "*.md"};
    build_tree(root);
    check_walk(root, globs, 2, 0, root,
               "F %s/.hidden.txt|.hidden.txt\n"
               "F %s/a/b.txt|a/b.txt\n"
               "F %s/a/c/d.txt|a/c/d.txt\n"
               "F %s/a/c/e.md|a/c/e.md\n"
               "F %s/aa.txt|aa.txt\n"
               "F %s/b.txt|b.txt\n"
               "F %s/z.md|z.md\n");
    /* One glob; the folder given with a trailing slash. */
    char dir[512];
    snprintf(dir, sizeof dir, "%s/a/", root);
    check_walk(dir, globs, 1, 0, root,
               "F %s/a/b.txt|b.txt\n"
               "F %s/a/c/d.txt|c/d.txt\n");
}

/* Names that share their first eight bytes or fewer, in strcmp's order;
 * globs of '*' and plain characters (compared by their end) beside one
 * that fnmatch reads. */
static void test_walk_order_globs(void **state)
{
    const char *root = *state;
    static const char *const names[] = {
        "report-2024-b.txt", "report-2024-a.txt", "report-2.txt",
        "report-2024.txt", "r.txt", "report.txt", "\xC3\xA9t\xC3\xA9.txt",
        ".txt", "txt", "a.text", "b1.text", "b22.text"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        put_file(root, names[i], "x", 1);
    const char *const globs[] = {"*.txt", "b?.text"};
    check_walk(root, globs, 2, 0, root,
               "F %s/.txt|.txt\n"
               "F %s/b1.text|b1.text\n"
               "F %s/r.txt|r.txt\n"
               "F %s/report-2.txt|report-2.txt\n"
               "F %s/report-2024-a.txt|report-2024-a.txt\n"
               "F %s/report-2024-b.txt|report-2024-b.txt\n"
               "F %s/report-2024.txt|report-2024.txt\n"
               "F %s/report.txt|report.txt\n"
               "F %s/\xC3\xA9t\xC3\xA9.txt|\xC3\xA9t\xC3\xA9.txt\n");
}

/* a/up points back to root and a/self to a: both are reported once and
 * the walk goes on; a link to a sibling folder is followed. */
static void test_walk_symlink_loop(void **state)
{
    const char *root = *state;
    const char *const globs[] = {"*.txt"};
    make_dir(root, "a");
    put_file(root, "a/1.txt", "1", 1);
    make_link(root, "a/self", ".");
    make_link(root, "a/up", "..");
    put_file(root, "a/z.txt", "z", 1);
    make_link(root, "b", "a/self/..");
    put_file(root, "c.txt", "c", 1);
    make_dir(root, "d");
    make_link(root, "d/to-a", "../a");
    check_walk(root, globs, 1, 5, root,
               "F %s/a/1.txt|a/1.txt\n"
               "E %s/a/self|symlink loop\n"
               "E %s/a/up|symlink loop\n"
               "F %s/a/z.txt|a/z.txt\n"
               "E %s/b|symlink loop\n"
               "F %s/c.txt|c.txt\n"
               "F %s/d/to-a/1.txt|d/to-a/1.txt\n"
               "E %s/d/to-a/self|symlink loop\n"
               "E %s/d/to-a/up|symlink loop\n"
               "F %s/d/to-a/z.txt|d/to-a/z.txt\n");
}

static void test_walk_dangling(void **state)
{
    const char *root = *state;
    const char *const globs[] = {"*.txt"};
    make_link(root, "gone.txt", "nowhere.txt");
    make_link(root, "m.txt", "m.txt");
    put_file(root, "z.txt", "z", 1);
    check_walk(root, globs, 1, 2, root,
               "E %s/gone.txt|No such file or directory\n"
               "E %s/m.txt|Too many levels of symbolic links\n"
               "F %s/z.txt|z.txt\n");
}

static void test_walk_unreadable_dir(void **state)
{
    const char *root = *state;
    const char *const globs[] = {"*.txt"};
    if (geteuid() == 0)
        skip(); /* root opens folders whatever their mode: nothing to test */
    make_dir(root, "locked");
    put_file(root, "locked/a.txt", "a", 1);
    put_file(root, "z.txt", "z", 1);
    assert_int_equal(chmod(join(root, "locked"), 0), 0);
    check_walk(root, globs, 1, 1, root,
               "E %s/locked|Permission denied\n"
               "F %s/z.txt|z.txt\n");
}

static void test_walk_bad_root(void **state)
{
    const char *root = *state;
    const char *const globs[] = {"*.txt"};
    char path[512];
    put_file(root, "f.txt", "f", 1);
    snprintf(path, sizeof path, "%s/f.txt", root);
    check_walk(path, globs, 1, 1, root, "E %s/f.txt|Not a directory\n");
    snprintf(path, sizeof path, "%s/none", root);
    check_walk(path, globs, 1, 1, root,
               "E %s/none|No such file or directory\n");
}

static void test_walk_stop(void **state)
{
    const char *root = *state;
    const char *const globs[] = {"*"};
    visits v = {.stop_after = 2};
    build_tree(root);
    nt_buf_init(&v.log);
    assert_int_equal(nt_input_walk(root, globs, 1, on_file, on_error, &v),
                     (size_t)-1);
    assert_int_equal(v.files, 2);
    nt_buf_free(&v.log);
}

/* ---- nt_input_stream ---- */

/* n bytes of letters in a repeating run of 23 (so that a piece read out
 * of place shows); the caller frees them. */
static char *letters(size_t n)
{
    char *bytes = malloc(n);
    assert_non_null(bytes);
    for (size_t i = 0; i < n; i++)
        bytes[i] = (char)('a' + i % 23);
    return bytes;
}

/* ROOT/small.txt, 100 of bytes, opened with open_fn, then 50 more of them
 * appended before its first read: read whole, to its new end. */
static void expect_grown(const char *root, const char *bytes,
                         int (*open_fn)(nt_input_stream *, const char *,
                                        nt_error *))
{
    nt_input_stream s;
    nt_error err;
    put_file(root, "small.txt", bytes, 100);
    assert_int_equal(open_fn(&s, join(root, "small.txt"), &err), 0);
    FILE *f = fopen(join(root, "small.txt"), "ab");
    assert_non_null(f);
    assert_int_equal(fwrite(bytes + 100, 1, 50, f), 50);
    assert_int_equal(fclose(f), 0);
    assert_int_equal(nt_input_stream_read_all(&s, &err), 0);
    assert_int_equal(s.len, 150);
    assert_memory_equal(s.buf, bytes, 150);
    nt_input_stream_close(&s);
}

/* A small file comes in one read; a large one (3 MB) in pieces of at most
 * a megabyte, which take hands out whole and in order. */
static void test_stream_pieces(void **state)
{
    const char *root = *state;
    size_t big = 3 * 1024 * 1024 + 17;
    char *bytes = letters(big);
    put_file(root, "small.txt", bytes, 100);
    put_file(root, "big.txt", bytes, big);
    nt_input_stream s;
    nt_error err;
    assert_int_equal(nt_input_stream_open(&s, join(root, "small.txt"), &err), 0);
    assert_int_equal(nt_input_stream_read(&s, &err), 0);
    assert_int_equal(s.len, 100);
    assert_true(s.eof); /* all it held when opened, and a short read */
    nt_input_stream_close(&s);

    /* A file that grows after it is opened is read to its new end. */
    expect_grown(root, bytes, nt_input_stream_open);

    assert_int_equal(nt_input_stream_open(&s, join(root, "big.txt"), &err), 0);
    size_t got = 0, reads = 0;
    while (!s.eof) {
        assert_int_equal(nt_input_stream_read(&s, &err), 0);
        reads++;
        assert_true(s.len <= 1024 * 1024);
        size_t n = s.len / 2 + 1 < s.len ? s.len / 2 + 1 : s.len;
        char *block = nt_input_stream_take(&s, n);
        assert_memory_equal(block, bytes + got, n);
        assert_int_equal(block[n], '\0');
        got += n;
        free(block);
    }
    size_t left = s.len;
    char *rest = nt_input_stream_take(&s, left);
    assert_memory_equal(rest, bytes + got, left);
    assert_int_equal(got + left, big);
    free(rest);
    assert_true(reads >= 4);
    nt_input_stream_close(&s);

    assert_int_equal(nt_input_stream_open(&s, join(root, "big.txt"), &err), 0);
    assert_int_equal(nt_input_stream_read_all(&s, &err), 0);
    assert_int_equal(s.len, big);
    assert_memory_equal(s.buf, bytes, big);
    nt_input_stream_close(&s);

    /* Taking all that was read hands the buffer over, and reading goes on
     * into a new one. */
    assert_int_equal(nt_input_stream_open(&s, join(root, "big.txt"), &err), 0);
    assert_int_equal(nt_input_stream_read(&s, &err), 0);
    size_t first = s.len;
    char *whole = nt_input_stream_take(&s, first);
    assert_memory_equal(whole, bytes, first);
    assert_int_equal(whole[first], '\0');
    assert_int_equal(s.len, 0);
    assert_int_equal(nt_input_stream_read_all(&s, &err), 0);
    assert_int_equal(first + s.len, big);
    assert_memory_equal(s.buf, bytes + first, s.len);
    char *rest2 = nt_input_stream_take(&s, s.len);
    assert_int_equal(rest2[big - first], '\0');
    free(whole);
    free(rest2);
    nt_input_stream_close(&s);
    free(bytes);
}

static void test_stream_errors(void **state)
{
    const char *root = *state;
    nt_input_stream s;
    nt_error err;
    assert_int_equal(nt_input_stream_open(&s, join(root, "missing"), &err), -1);
    assert_string_equal(err.msg, "No such file or directory");
    assert_int_equal(nt_input_stream_open(&s, root, &err), -1);
    assert_string_equal(err.msg, "is a directory");
    nt_input_stream_close(&s); /* harmless after a failed open */
}

/* A file opened as regular, without a stat: a small one ends with its one
 * read; a larger one is sized after its first piece and comes in one more
 * read; a large one and a growing one are read whole; a directory fails at
 * its read, a missing file at the open. */
static void test_stream_regular(void **state)
{
    const char *root = *state;
    size_t big = 3 * 1024 * 1024 + 17, mid = 200 * 1000;
    char *bytes = letters(big);
    put_file(root, "small.txt", bytes, 100);
    put_file(root, "mid.txt", bytes, mid);
    put_file(root, "big.txt", bytes, big);
    nt_input_stream s;
    nt_error err;
    assert_int_equal(nt_input_stream_open_regular(&s, join(root, "small.txt"), &err), 0);
    assert_int_equal(nt_input_stream_read(&s, &err), 0);
    assert_int_equal(s.len, 100);
    assert_true(s.eof); /* a short read: no second read to hear it */
    nt_input_stream_close(&s);

    assert_int_equal(nt_input_stream_open_regular(&s, join(root, "mid.txt"), &err), 0);
    assert_int_equal(nt_input_stream_read(&s, &err), 0);
    assert_false(s.eof);
    assert_true(s.len < mid);
    assert_int_equal(nt_input_stream_read(&s, &err), 0);
    assert_true(s.eof);
    assert_int_equal(s.len, mid);
    assert_memory_equal(s.buf, bytes, mid);
    nt_input_stream_close(&s);

    assert_int_equal(nt_input_stream_open_regular(&s, join(root, "big.txt"), &err), 0);
    assert_int_equal(nt_input_stream_read_all(&s, &err), 0);
    assert_int_equal(s.len, big);
    assert_memory_equal(s.buf, bytes, big);
    char *whole = nt_input_stream_take(&s, s.len);
    assert_int_equal(whole[big], '\0');
    free(whole);
    nt_input_stream_close(&s);

    /* Grown between the open and the read: read to its new end. */
    expect_grown(root, bytes, nt_input_stream_open_regular);

    assert_int_equal(nt_input_stream_open_regular(&s, join(root, "missing"), &err), -1);
    assert_string_equal(err.msg, "No such file or directory");
    nt_input_stream_close(&s); /* harmless after a failed open */
    assert_int_equal(nt_input_stream_open_regular(&s, root, &err), 0);
    assert_int_equal(nt_input_stream_read(&s, &err), -1);
    assert_string_equal(err.msg, strerror(EISDIR));
    nt_input_stream_close(&s);
    free(bytes);
}

#define TMP_TEST(f) cmocka_unit_test_setup_teardown(f, setup_tmp, teardown_tmp)

int main(void)
{
    const struct CMUnitTest tests[] = {
        TMP_TEST(test_read_exact),      TMP_TEST(test_read_empty),
        TMP_TEST(test_read_errors),     TMP_TEST(test_read_too_large),
        TMP_TEST(test_read_unreadable), TMP_TEST(test_read_stdin_pipe),
        TMP_TEST(test_walk_sorted),     TMP_TEST(test_walk_order_globs),
        TMP_TEST(test_walk_symlink_loop),
        TMP_TEST(test_walk_dangling),   TMP_TEST(test_walk_unreadable_dir),
        TMP_TEST(test_walk_bad_root),   TMP_TEST(test_walk_stop),
        TMP_TEST(test_stream_pieces),   TMP_TEST(test_stream_errors),
        TMP_TEST(test_stream_regular),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
