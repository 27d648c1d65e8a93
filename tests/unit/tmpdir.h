/* tmpdir.h - temporary data folders for the unit tests: each test writes the
 * list and rules files it needs under a fresh mkdtemp folder, so that no test
 * depends on the shipped data/. Include after cmocka.h. */
#ifndef NT_TEST_TMPDIR_H
#define NT_TEST_TMPDIR_H

#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A new empty folder /tmp/newstag-TAG.XXXXXX; the caller frees the name. */
static inline char *tmp_folder(const char *tag)
{
    char templ[256];
    snprintf(templ, sizeof templ, "/tmp/newstag-%s.XXXXXX", tag);
    char *dir = mkdtemp(templ) ? strdup(templ) : NULL;
    assert_non_null(dir);
    return dir;
}

/* DIR/REL, in a static buffer (valid until the next call). */
static inline const char *tmp_path(const char *dir, const char *rel)
{
    static char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    return path;
}

static inline void tmp_mkdir(const char *dir, const char *rel)
{
    assert_int_equal(mkdir(tmp_path(dir, rel), 0755), 0);
}

/* Writes the string text to DIR/REL. */
static inline void tmp_write(const char *dir, const char *rel, const char *text)
{
    FILE *f = fopen(tmp_path(dir, rel), "w");
    assert_non_null(f);
    size_t n = strlen(text);
    assert_int_equal(fwrite(text, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
}

/* Removes path and everything under it (symbolic links are not followed). */
static inline void tmp_remove(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return;
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        struct dirent *de;
        while (d && (de = readdir(d)) != NULL) {
            if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
                continue;
            char *sub = malloc(strlen(path) + strlen(de->d_name) + 2);
            sprintf(sub, "%s/%s", path, de->d_name);
            tmp_remove(sub);
            free(sub);
        }
        if (d)
            closedir(d);
        rmdir(path);
    } else {
        unlink(path);
    }
}

/* Removes the folder made by tmp_folder and frees its name. */
static inline void tmp_free(char *dir)
{
    if (!dir)
        return;
    tmp_remove(dir);
    free(dir);
}

/* Fails the test unless the error message msg contains every one of the
 * NULL-terminated list of fragments. */
static inline void assert_msg_has(const char *msg, ...)
{
    va_list ap;
    va_start(ap, msg);
    for (const char *frag; (frag = va_arg(ap, const char *)) != NULL;)
        if (!strstr(msg, frag)) {
            va_end(ap);
            fail_msg("message \"%s\" lacks \"%s\"", msg, frag);
        }
    va_end(ap);
}

#endif
