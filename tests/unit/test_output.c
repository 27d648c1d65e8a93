/* test_output.c - atomic output files: nested folders, exact content,
 * overwrites, refused paths and symlinks, and no temporary left behind after
 * success, failure or a signal. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h> /* after setjmp.h, stdarg.h, stddef.h, stdint.h */

#include "output.h"

/* A fresh temporary folder per test, removed afterwards. */
static int setup_tmp(void **state)
{
    char *dir = strdup("/tmp/test_output.XXXXXX");
    if (!dir || !mkdtemp(dir))
        return -1;
    *state = dir;
    umask(022);
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

/* root/rel in one of a few static buffers, reused in turn: for arguments;
 * paths kept longer are copied. */
static const char *at(const char *root, const char *rel)
{
    static char path[4][512];
    static int i;
    i = (i + 1) % 4;
    snprintf(path[i], sizeof path[i], "%s/%s", root, rel);
    return path[i];
}

/* The content of path, which must exist, into buf; returns its length. */
static size_t slurp(const char *path, char *buf, size_t size)
{
    int fd = open(path, O_RDONLY);
    assert_true(fd >= 0);
    ssize_t n = read(fd, buf, size);
    assert_true(n >= 0);
    close(fd);
    return (size_t)n;
}

/* How many entries below dir (recursively, symlinks not followed) have a
 * name starting with a dot, as temporaries do; all when hidden_only is 0. */
static size_t count_entries(const char *dir, int hidden_only)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    size_t n = 0;
    assert_non_null(d);
    while ((e = readdir(d)) != NULL) {
        char path[512];
        struct stat st;
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        n += !hidden_only || e->d_name[0] == '.';
        if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
            n += count_entries(path, hidden_only);
    }
    closedir(d);
    return n;
}

static void test_write_nested(void **state)
{
    const char *root = *state;
    static const char data[] = "{\"file\": \"a\"}\n\0tail";
    char buf[64];
    struct stat st;
    nt_error err;
    char out[512];
    snprintf(out, sizeof out, "%s/%s", root, "out/deeper");
    assert_int_equal(
        nt_output_write(out, "a/b/c.txt.json", data, sizeof data - 1, &err), 0);
    char file[512];
    snprintf(file, sizeof file, "%s/%s", root, "out/deeper/a/b/c.txt.json");
    assert_int_equal(slurp(file, buf, sizeof buf), sizeof data - 1);
    assert_memory_equal(buf, data, sizeof data - 1);
    assert_int_equal(stat(file, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0644); /* 0666 & ~umask 022 */
    assert_int_equal(stat(at(root, "out/deeper/a/b"), &st), 0);
    assert_int_equal(st.st_mode & 0777, 0755);
    assert_int_equal(count_entries(out, 1), 0);
    assert_int_equal(count_entries(out, 0), 3);
    /* An empty output, a name at the top, a folder given with a slash. */
    assert_int_equal(nt_output_write(at(root, "out/"), "e.tsv", "", 0, &err),
                     0);
    assert_int_equal(slurp(at(root, "out/e.tsv"), buf, sizeof buf), 0);
}

static void test_overwrite(void **state)
{
    const char *root = *state;
    char buf[64];
    nt_error err;
    char out[512];
    snprintf(out, sizeof out, "%s/%s", root, "out");
    assert_int_equal(
        nt_output_write(out, "x/a.json", "a long content", 14, &err), 0);
    assert_int_equal(nt_output_write(out, "x/a.json", "short", 5, &err), 0);
    assert_int_equal(slurp(at(root, "out/x/a.json"), buf, sizeof buf), 5);
    assert_memory_equal(buf, "short", 5);
    assert_int_equal(count_entries(out, 0), 2);
}

static void test_refuse_outside(void **state)
{
    const char *root = *state;
    static const char *const bad[] = {
        "../x.json", "a/../../x.json", "..", "a/..", "/etc/x.json", "",
        "a/",        "a/b/../c",
    };
    nt_error err;
    char out[512];
    snprintf(out, sizeof out, "%s/%s", root, "out");
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        assert_int_equal(nt_output_write(out, bad[i], "x", 1, &err), -1);
        assert_non_null(
            strstr(err.msg, ": refusing to write outside the output folder"));
    }
    assert_string_equal(err.msg, "a/b/../c: refusing to write outside the "
                                 "output folder");
    assert_int_equal(count_entries(root, 0), 0);
    /* Dots inside names are fine. */
    assert_int_equal(nt_output_write(out, "..a/b..c/...json", "x", 1, &err), 0);
    assert_int_equal(access(at(root, "out/..a/b..c/...json"), F_OK), 0);
}

/* A symlink planted inside the output folder, pointing outside, is never
 * followed, whether at the first level or deeper. */
static void test_refuse_symlink(void **state)
{
    const char *root = *state;
    nt_error err;
    char msg[600];
    char out[512];
    snprintf(out, sizeof out, "%s/%s", root, "out");
    assert_int_equal(mkdir(at(root, "elsewhere"), 0755), 0);
    assert_int_equal(mkdir(out, 0755), 0);
    assert_int_equal(symlink("../elsewhere", at(root, "out/evil")), 0);
    assert_int_equal(nt_output_write(out, "evil/x.json", "x", 1, &err), -1);
    snprintf(msg, sizeof msg, "%s/out/evil: refusing to follow symlink", root);
    assert_string_equal(err.msg, msg);
    /* A doubled slash must not make lstat follow the link. */
    assert_int_equal(nt_output_write(out, "evil//x.json", "x", 1, &err), -1);
    assert_string_equal(err.msg, msg);
    assert_int_equal(mkdir(at(root, "out/a"), 0755), 0);
    assert_int_equal(symlink(at(root, "elsewhere"), at(root, "out/a/evil")), 0);
    assert_int_equal(nt_output_write(out, "a/evil/b/x.json", "x", 1, &err), -1);
    snprintf(msg, sizeof msg, "%s/out/a/evil: refusing to follow symlink",
             root);
    assert_string_equal(err.msg, msg);
    assert_int_equal(count_entries(at(root, "elsewhere"), 0), 0);
    assert_int_equal(count_entries(out, 1), 0);
}

/* A symlink at the target itself is replaced, never written through. */
static void test_replace_symlink_target(void **state)
{
    const char *root = *state;
    char buf[64];
    struct stat st;
    nt_error err;
    char out[512];
    snprintf(out, sizeof out, "%s/%s", root, "out");
    assert_int_equal(mkdir(out, 0755), 0);
    int fd = open(at(root, "victim"), O_WRONLY | O_CREAT, 0644);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, "keep", 4), 4);
    close(fd);
    assert_int_equal(symlink("../victim", at(root, "out/a.json")), 0);
    assert_int_equal(nt_output_write(out, "a.json", "new", 3, &err), 0);
    assert_int_equal(lstat(at(root, "out/a.json"), &st), 0);
    assert_true(S_ISREG(st.st_mode));
    assert_int_equal(slurp(at(root, "victim"), buf, sizeof buf), 4);
    assert_memory_equal(buf, "keep", 4);
}

static void test_not_a_directory(void **state)
{
    const char *root = *state;
    char msg[600];
    nt_error err;
    int fd = open(at(root, "file"), O_WRONLY | O_CREAT, 0644);
    assert_true(fd >= 0);
    close(fd);
    /* The output folder is a regular file. */
    assert_int_equal(nt_output_write(at(root, "file"), "a.json", "x", 1, &err),
                     -1);
    snprintf(msg, sizeof msg, "%s/file: not a directory", root);
    assert_string_equal(err.msg, msg);
    /* Below a regular file. */
    assert_int_equal(
        nt_output_write(at(root, "file/out"), "a.json", "x", 1, &err), -1);
    snprintf(msg, sizeof msg, "%s/file/out: Not a directory", root);
    assert_string_equal(err.msg, msg);
    /* A regular file where rel needs a folder. */
    assert_int_equal(mkdir(at(root, "out"), 0755), 0);
    fd = open(at(root, "out/a"), O_WRONLY | O_CREAT, 0644);
    assert_true(fd >= 0);
    close(fd);
    assert_int_equal(nt_output_write(at(root, "out"), "a/b.json", "x", 1, &err),
                     -1);
    snprintf(msg, sizeof msg, "%s/out/a: not a directory", root);
    assert_string_equal(err.msg, msg);
    assert_int_equal(count_entries(root, 0), 3);
}

static void test_unwritable_folder(void **state)
{
    const char *root = *state;
    char msg[600];
    nt_error err;
    if (geteuid() == 0)
        skip(); /* root writes into folders whatever their mode */
    assert_int_equal(mkdir(at(root, "ro"), 0555), 0);
    assert_int_equal(nt_output_write(at(root, "ro"), "a.json", "x", 1, &err),
                     -1);
    snprintf(msg, sizeof msg, "%s/ro/a.json: Permission denied", root);
    assert_string_equal(err.msg, msg);
}

/* Runs child() in a forked process whose file size limit is 10 bytes, so
 * that writing the output fails like a full disk would; returns the wait
 * status. */
static int run_limited(void (*child)(const char *), const char *out)
{
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        struct rlimit rl;
        getrlimit(RLIMIT_FSIZE, &rl);
        rl.rlim_cur = 10;
        setrlimit(RLIMIT_FSIZE, &rl);
        child(out);
        _exit(0);
    }
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    return status;
}

static char big[100000];

/* Exits 0 if the write fails with the expected message. */
static void write_fails(const char *out)
{
    char msg[600];
    nt_error err;
    signal(SIGXFSZ, SIG_IGN);
    snprintf(msg, sizeof msg, "%s/a/x.json: %s", out, strerror(EFBIG));
    if (nt_output_write(out, "a/x.json", big, sizeof big, &err) != -1 ||
        strcmp(err.msg, msg) != 0)
        _exit(1);
}

static void test_write_failure(void **state)
{
    const char *root = *state;
    char out[512];
    snprintf(out, sizeof out, "%s/%s", root, "out");
    int status = run_limited(write_fails, out);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    /* Only the folder a/ is left: no target, no temporary. */
    assert_int_equal(count_entries(out, 0), 1);
}

static void term_on_xfsz(int sig)
{
    (void)sig;
    raise(SIGTERM);
}

/* SIGTERM arrives in the middle of the write (raised when the file size
 * limit is hit): the handler must remove the temporary. */
static void write_interrupted(const char *out)
{
    signal(SIGXFSZ, term_on_xfsz);
    nt_output_install_signal_cleanup();
    nt_output_write(out, "x.json", big, sizeof big, NULL);
    _exit(1); /* not reached: SIGTERM ends the process */
}

static void test_signal_cleanup(void **state)
{
    const char *root = *state;
    char out[512];
    snprintf(out, sizeof out, "%s/%s", root, "out");
    assert_int_equal(mkdir(out, 0755), 0);
    int status = run_limited(write_interrupted, out);
    assert_true(WIFSIGNALED(status));
    assert_int_equal(WTERMSIG(status), SIGTERM);
    assert_int_equal(count_entries(out, 0), 0);
}

/* An ignored SIGINT stays ignored; SIGTERM gets the handler. */
static void check_install(const char *out)
{
    struct sigaction sa;
    (void)out;
    signal(SIGINT, SIG_IGN);
    signal(SIGTERM, SIG_DFL);
    nt_output_install_signal_cleanup();
    sigaction(SIGINT, NULL, &sa);
    if (sa.sa_handler != SIG_IGN)
        _exit(1);
    sigaction(SIGTERM, NULL, &sa);
    if (sa.sa_handler == SIG_DFL || sa.sa_handler == SIG_IGN)
        _exit(2);
}

static void test_signal_install(void **state)
{
    (void)state;
    int status = run_limited(check_install, NULL);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
}

/* nt_output_write_fd writes all it is given through a pipe that takes a
 * part at a time (a child reads it and checks every byte), and reports a
 * descriptor that cannot be written. */
static void test_write_fd(void **state)
{
    (void)state;
    static char data[1 << 20];
    for (size_t i = 0; i < sizeof data; i++)
        data[i] = (char)(i * 7 + i / 251);
    int p[2];
    assert_int_equal(pipe(p), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) { /* the reader: all of data, then the end */
        close(p[1]);
        size_t got = 0;
        char buf[4096];
        ssize_t n;
        while ((n = read(p[0], buf, sizeof buf)) > 0)
            for (ssize_t k = 0; k < n; k++, got++)
                if (got >= sizeof data || buf[k] != data[got])
                    _exit(1);
        _exit(got == sizeof data ? 0 : 2);
    }
    close(p[0]);
    assert_int_equal(nt_output_write_fd(p[1], data, sizeof data), 0);
    close(p[1]);
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    errno = 0;
    assert_int_equal(nt_output_write_fd(-1, data, 10), -1);
    assert_int_equal(errno, EBADF);
}

#define TMP_TEST(f) cmocka_unit_test_setup_teardown(f, setup_tmp, teardown_tmp)

int main(void)
{
    const struct CMUnitTest tests[] = {
        TMP_TEST(test_write_nested),           TMP_TEST(test_overwrite),
        TMP_TEST(test_refuse_outside),         TMP_TEST(test_refuse_symlink),
        TMP_TEST(test_replace_symlink_target), TMP_TEST(test_not_a_directory),
        TMP_TEST(test_unwritable_folder),      TMP_TEST(test_write_failure),
        TMP_TEST(test_signal_cleanup),         TMP_TEST(test_signal_install),
        cmocka_unit_test(test_write_fd),
    };
    memset(big, 'x', sizeof big);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
