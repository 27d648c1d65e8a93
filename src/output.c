/* output.c - atomic output files: each is written to a temporary file beside
 * its target and renamed over it once complete, and the folders below the
 * output folder are created without ever following a symlink, so a planted
 * link cannot send output outside of it. */
#include "output.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "util.h"

/* The temporary being written, for the signal handler: cleanup_path is only
 * read while cleanup_active is set, and both change with the signals
 * blocked. */
static char cleanup_path[PATH_MAX];
static volatile sig_atomic_t cleanup_active;

/* Unlinks the temporary being written, if any, then lets the signal end
 * the process as it would have: SA_RESETHAND restored the default action on
 * entry, and the signal, blocked while the handler runs, is delivered again
 * on return. Only async-signal-safe calls here. */
static void cleanup_on_signal(int sig)
{
    if (cleanup_active)
        unlink(cleanup_path);
    raise(sig);
}

/* A signal ignored at startup (e.g. SIGINT for a background job of a
 * non-interactive shell) is left ignored. SIGXFSZ (a write beyond ulimit
 * -f) is ignored, so that the write fails with EFBIG and is reported and
 * cleaned up like a full disk, instead of killing the process with its
 * temporary left behind (unless a handler is already set). */
void nt_output_install_signal_cleanup(void)
{
    struct sigaction xfsz;
    if (sigaction(SIGXFSZ, NULL, &xfsz) == 0 && xfsz.sa_handler == SIG_DFL)
        signal(SIGXFSZ, SIG_IGN);
    static const int sigs[] = {SIGINT, SIGTERM};
    struct sigaction sa, old;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = cleanup_on_signal;
    sa.sa_flags = SA_RESETHAND;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++)
        sigaddset(&sa.sa_mask, sigs[i]);
    for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++)
        if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler != SIG_IGN)
            sigaction(sigs[i], &sa, NULL);
}

/* Blocks (how = SIG_BLOCK) or unblocks SIGINT and SIGTERM around the
 * changes to the temporary's name and existence. */
static void block_signals(int how)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigprocmask(how, &set, NULL);
}

/* Whether rel may be written below the output folder: not empty, not
 * absolute, not naming a folder, and without a ".." component. */
static int rel_is_safe(const char *rel)
{
    size_t n = strlen(rel);
    if (n == 0 || rel[0] == '/' || rel[n - 1] == '/')
        return 0;
    for (const char *p = rel; *p; p += strcspn(p, "/")) {
        p += strspn(p, "/");
        if (strncmp(p, "..", 2) == 0 && (p[2] == '/' || p[2] == '\0'))
            return 0;
    }
    return 1;
}

/* Creates dir and its missing parents, following symlinks: the output
 * folder itself is the user's choice. Usually it exists: one stat. */
static int make_outdir(const char *dir, nt_error *err)
{
    struct stat st;
    if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
        return 0;
    char *p = nt_xstrdup(dir);
    for (char *s = p + strspn(p, "/"); (s = strchr(s, '/')) != NULL; s++) {
        *s = '\0';
        mkdir(p, 0777); /* a failure shows in the last mkdir */
        *s = '/';
    }
    free(p);
    if (mkdir(dir, 0777) == 0)
        return 0;
    if (errno == EEXIST && stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
        return 0;
    nt_error_set(err, "%s: %s", dir,
                 errno == EEXIST ? "not a directory" : strerror(errno));
    return -1;
}

/* Makes path a real folder: creates it if missing; refuses a symlink or
 * another kind of file in its place. lstat, so no link is followed. */
static int make_subdir(const char *path, nt_error *err)
{
    struct stat st;
    int rc = lstat(path, &st);
    if (rc != 0 && errno == ENOENT) {
        if (mkdir(path, 0777) == 0)
            return 0;
        if (errno == EEXIST) /* created meanwhile: check what it is */
            rc = lstat(path, &st);
    }
    if (rc != 0) {
        nt_error_set(err, "%s: %s", path, strerror(errno));
        return -1;
    }
    if (S_ISDIR(st.st_mode))
        return 0;
    nt_error_set(err, "%s: %s", path,
                 S_ISLNK(st.st_mode) ? "refusing to follow symlink"
                                     : "not a directory");
    return -1;
}

/* Creates the folders of target's rel part (target[rel_off..]) one
 * component at a time below the output folder. Each prefix is cut at the
 * first slash of a run ("a//b"): with a trailing slash lstat would follow a
 * symlink. */
static int make_parents(char *target, size_t rel_off, nt_error *err)
{
    char *p = target + rel_off;
    for (; (p = strchr(p, '/')) != NULL; p += strspn(p, "/")) {
        *p = '\0';
        int rc = make_subdir(target, err);
        *p = '/';
        if (rc != 0)
            return -1;
    }
    return 0;
}

int nt_output_write_fd(int fd, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, data, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) { /* 0: nothing written for a write of some bytes */
            if (n == 0)
                errno = EIO;
            return -1;
        }
        data += n;
        len -= (size_t)n;
    }
    return 0;
}

/* Creates the temporary ".<base>.XXXXXX" beside target and publishes its
 * name to the signal handler. Returns the open descriptor or -1. */
static int open_temp(const char *target)
{
    const char *slash = strrchr(target, '/');
    size_t dirlen = slash ? (size_t)(slash - target) + 1 : 0;
    int fd;
    if (dirlen + 1 + strlen(target + dirlen) + 8 > sizeof cleanup_path) {
        errno = ENAMETOOLONG;
        return -1;
    }
    block_signals(SIG_BLOCK);
    snprintf(cleanup_path, sizeof cleanup_path, "%.*s.%s.XXXXXX", (int)dirlen,
             target, target + dirlen);
    fd = mkstemp(cleanup_path);
    cleanup_active = fd >= 0;
    block_signals(SIG_UNBLOCK);
    return fd;
}

/* Fills the temporary and gives it the mode a new file would have. The
 * close is checked: NFS and full disks may report errors only there. */
static int fill_temp(int fd, const char *data, size_t len)
{
    mode_t mask = umask(0);
    umask(mask);
    if (nt_output_write_fd(fd, data, len) != 0 || fchmod(fd, 0666 & ~mask) != 0) {
        int e = errno;
        close(fd);
        errno = e;
        return -1;
    }
    return close(fd);
}

/* Renames the temporary over target, or removes it when rc reports a
 * failure (or the rename fails). Returns 0, or -1 with errno kept. */
static int finish_temp(int rc, const char *target)
{
    int e = errno;
    block_signals(SIG_BLOCK);
    if (rc == 0 && rename(cleanup_path, target) != 0) {
        e = errno;
        rc = -1;
    }
    if (rc != 0)
        unlink(cleanup_path);
    cleanup_active = 0;
    block_signals(SIG_UNBLOCK);
    errno = e;
    return rc;
}

/* Writes the file itself once its folder exists: temporary, fill, rename.
 * The rename replaces a symlink at target rather than writing through it. */
static int write_file(const char *target, const char *data, size_t len,
                      nt_error *err)
{
    int fd = open_temp(target);
    if (fd < 0 || finish_temp(fill_temp(fd, data, len), target) != 0) {
        nt_error_set(err, "%s: %s", target, strerror(errno));
        return -1;
    }
    return 0;
}

int nt_output_write(const char *dir, const char *rel, const char *data,
                    size_t len, nt_error *err)
{
    size_t dirlen = strlen(dir);
    nt_buf target;
    int rc;

    if (!rel_is_safe(rel)) {
        nt_error_set(err, "%s: refusing to write outside the output folder",
                     *rel ? rel : "(empty name)");
        return -1;
    }
    nt_buf_init(&target);
    nt_buf_puts(&target, dir);
    if (dirlen > 0 && dir[dirlen - 1] != '/')
        nt_buf_putc(&target, '/');
    size_t rel_off = target.len;
    nt_buf_puts(&target, rel);
    char *path = (char *)nt_buf_cstr(&target);
    rc = make_outdir(dirlen ? dir : ".", err);
    if (rc == 0)
        rc = make_parents(path, rel_off, err);
    if (rc == 0)
        rc = write_file(path, data, len, err);
    nt_buf_free(&target);
    return rc;
}
