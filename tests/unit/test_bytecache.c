/* test_bytecache.c - values kept by key across a save and a new open;
 * a missing, truncated or damaged file gives misses, never other bytes;
 * an unwritable place fails the save and nothing else. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h> /* after setjmp.h, stdarg.h, stddef.h, stdint.h */

#include "bytecache.h"
#include "tmpdir.h"

static int setup(void **state)
{
    *state = tmp_folder("bytecache");
    return 0;
}

static int teardown(void **state)
{
    tmp_free(*state);
    return 0;
}

/* The value of key, as a string ("(none)" when absent). */
static const char *value(nt_bytecache *c, const char *key)
{
    static char buf[256];
    size_t n;
    const char *v = nt_bytecache_get(c, key, strlen(key), &n);
    if (!v)
        return "(none)";
    assert_true(n < sizeof buf);
    memcpy(buf, v, n);
    buf[n] = '\0';
    return buf;
}

static void put(nt_bytecache *c, const char *key, const char *v)
{
    nt_bytecache_put(c, key, strlen(key), v, strlen(v));
}

static void test_missing_file(void **state)
{
    nt_bytecache *c = nt_bytecache_open(tmp_path(*state, "none.ntp"));
    assert_string_equal(value(c, "a"), "(none)");
    assert_false(nt_bytecache_changed(c));
    put(c, "a", "one");
    put(c, "", "empty key");
    put(c, "b", "");
    assert_true(nt_bytecache_changed(c));
    assert_string_equal(value(c, "a"), "one");
    assert_string_equal(value(c, ""), "empty key");
    assert_string_equal(value(c, "b"), "");
    /* an empty value may come without bytes (a NULL pointer): nothing is
     * read from it (the sanitizers watch) */
    nt_bytecache_put(c, "z", 1, NULL, 0);
    assert_string_equal(value(c, "z"), "");
    put(c, "a", "two"); /* a key put again takes the new value */
    assert_string_equal(value(c, "a"), "two");
    nt_bytecache_free(c);
}

/* Values of every size modulo 8 (the file pads them). */
static void fill(nt_bytecache *c)
{
    char key[32], v[64];
    for (int i = 0; i < 40; i++) {
        snprintf(key, sizeof key, "key %d", i);
        memset(v, 'a' + i % 26, sizeof v);
        nt_bytecache_put(c, key, strlen(key), v, (size_t)i);
    }
}

static void expect_filled(nt_bytecache *c, int damaged)
{
    char key[32], v[64];
    for (int i = 0; i < 40; i++) {
        snprintf(key, sizeof key, "key %d", i);
        memset(v, 'a' + i % 26, sizeof v);
        size_t n;
        const char *got = nt_bytecache_get(c, key, strlen(key), &n);
        if (damaged && !got)
            continue;
        assert_non_null(got);
        assert_int_equal(n, i);
        assert_memory_equal(got, v, n);
    }
}

/* A file of the values of fill at path (a buffer of 1024 bytes). */
static void saved_filled(char *path, const char *dir, const char *name)
{
    snprintf(path, 1024, "%s", tmp_path(dir, name));
    nt_bytecache *c = nt_bytecache_open(path);
    fill(c);
    assert_int_equal(nt_bytecache_save(c), 0);
    nt_bytecache_free(c);
}

static void test_save_and_open(void **state)
{
    char path[1024];
    saved_filled(path, *state, "c.ntp");
    nt_bytecache *c = nt_bytecache_open(path);
    assert_false(nt_bytecache_changed(c));
    expect_filled(c, 0);
    /* What is put next is saved with what the file held. */
    put(c, "new", "value");
    put(c, "key 3", "xyz");
    assert_int_equal(nt_bytecache_save(c), 0);
    nt_bytecache_free(c);
    c = nt_bytecache_open(path);
    assert_string_equal(value(c, "new"), "value");
    assert_string_equal(value(c, "key 3"), "xyz");
    assert_string_equal(value(c, "key 4"), "eeee");
    nt_bytecache_free(c);
}

/* Each byte of the file overwritten in turn: every lookup then finds the
 * value as it was, or nothing (the sanitizers and valgrind watch reads). */
static void test_damage_gives_misses(void **state)
{
    char path[1024];
    nt_bytecache *c;
    saved_filled(path, *state, "d.ntp");
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    unsigned char orig[8192];
    size_t size = fread(orig, 1, sizeof orig, f);
    fclose(f);
    assert_true(size > 100 && size < sizeof orig);
    for (size_t at = 0; at < size; at++) {
        unsigned char copy[8192];
        memcpy(copy, orig, size);
        copy[at] ^= 0x5a;
        f = fopen(path, "wb");
        assert_non_null(f);
        assert_int_equal(fwrite(copy, 1, size, f), size);
        fclose(f);
        c = nt_bytecache_open(path);
        expect_filled(c, 1);
        nt_bytecache_free(c);
    }
    assert_int_equal(truncate(path, (off_t)size / 2), 0);
    c = nt_bytecache_open(path);
    assert_string_equal(value(c, "key 1"), "(none)");
    nt_bytecache_free(c);
}

static void test_unwritable(void **state)
{
    nt_bytecache *c = nt_bytecache_open(tmp_path(*state, "no/such/dir/c.ntp"));
    put(c, "a", "b");
    assert_int_equal(nt_bytecache_save(c), -1);
    assert_string_equal(value(c, "a"), "b");
    nt_bytecache_free(c);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_missing_file),
        T(test_save_and_open),
        T(test_damage_gives_misses),
        T(test_unwritable),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
