/* test_datacache.c - the compiled data file: written from a data folder's
 * lists, used while every list is as it was, ignored once one is edited,
 * added or removed, or when the file is damaged; what it gives matches what
 * the lists give. Also the blob sections it is made of. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h> /* after setjmp.h, stdarg.h, stddef.h, stdint.h */

#include "blob.h"
#include "datacache.h"
#include "tmpdir.h"

static int setup(void **state)
{
    char *dir = tmp_folder("datacache");
    tmp_mkdir(dir, "lexicon");
    tmp_mkdir(dir, "gazetteers");
    tmp_write(dir, "lexicon/title.txt", "Mr.\nPresident\n");
    tmp_write(dir, "lexicon/month.txt", "May\nJune\n");
    tmp_write(dir, "gazetteers/cities.tsv", "New York\tLOC\t70\nParis\tLOCATION\n");
    tmp_write(dir, "gazetteers/bodies.tsv", "WHO\tORG\nacme widget\tWIDGET\n");
    *state = dir;
    return 0;
}

static int teardown(void **state)
{
    tmp_remove(*state);
    free(*state);
    return 0;
}

/* The folder's lists loaded as text, as the extractor does. */
static void load_text(const char *dir, nt_lex **lx, nt_gaz **gaz)
{
    nt_error err;
    static const char *lex[] = {"lexicon/month.txt", "lexicon/title.txt"};
    static const char *gz[] = {"gazetteers/bodies.tsv", "gazetteers/cities.tsv"};
    *lx = nt_lex_new();
    *gaz = nt_gaz_new();
    for (int i = 0; i < 2; i++) {
        assert_int_equal(nt_lex_load_file(*lx, tmp_path(dir, lex[i]), &err), 0);
        assert_int_equal(nt_gaz_load_file(*gaz, tmp_path(dir, gz[i]), &err), 0);
    }
}

/* What lx and gaz answer, as a string, to compare the two ways to load. */
static void describe(const nt_lex *lx, const nt_gaz *gaz, char *out, size_t size)
{
    const char *text = "Mr. Smith of the WHO went to New York in May with an acme widget";
    nt_tokens toks;
    nt_tokens_init(&toks);
    nt_tokenize(text, strlen(text), &toks);
    size_t used = 0;
    for (size_t i = 0; i < toks.n; i++) {
        nt_entity e;
        const nt_token *t = &toks.v[i];
        used += (size_t)snprintf(out + used, size - used, "%llx;",
                                 (unsigned long long)nt_lex_lookup(lx, text + t->start,
                                                                  t->end - t->start));
        if (nt_gaz_match(gaz, text, toks.v, toks.n, i, &e))
            used += (size_t)snprintf(out + used, size - used, "[%zu-%zu %s %d %s %s:%u]",
                                     e.start, e.end, nt_type_name(e.type), e.priority,
                                     e.source, e.file, (unsigned)e.line);
    }
    char *pat = nt_lex_pattern(lx, nt_lex_class_find(lx, "title"));
    snprintf(out + used, size - used, " %s %s", nt_lex_class_name(lx, 1), pat);
    free(pat);
    nt_tokens_free(&toks);
}

static void write_cache(const char *dir)
{
    nt_lex *lx;
    nt_gaz *gaz;
    load_text(dir, &lx, &gaz);
    assert_int_equal(nt_datacache_write(dir, lx, gaz), 0);
    nt_gaz_free(gaz);
    nt_lex_free(lx);
}

/* Whether the folder's compiled file is used, and if so that it answers as
 * the lists do. */
static int cache_used(const char *dir)
{
    nt_datacache *c = nt_datacache_open(dir);
    if (!c)
        return 0;
    nt_lex *lx = nt_datacache_lex(c), *tlx;
    nt_gaz *gaz = lx ? nt_datacache_gaz(c) : NULL, *tgaz;
    int ok = lx && gaz;
    if (ok) {
        char want[2048], got[2048];
        load_text(dir, &tlx, &tgaz);
        describe(tlx, tgaz, want, sizeof want);
        describe(lx, gaz, got, sizeof got);
        assert_string_equal(got, want);
        assert_non_null(strstr(got, "cities.tsv:1]"));
        nt_gaz_free(tgaz);
        nt_lex_free(tlx);
    }
    nt_gaz_free(gaz);
    nt_lex_free(lx);
    nt_datacache_close(c);
    return ok;
}

static void test_fresh_file_used(void **state)
{
    const char *dir = *state;
    assert_false(cache_used(dir)); /* none yet */
    write_cache(dir);
    assert_true(cache_used(dir));
    /* The same folder spelled another way is the same folder. */
    char other[1100];
    snprintf(other, sizeof other, "%s/./", dir);
    assert_true(cache_used(other));
}

/* A class's words are read in the mapping until one is added to it: then
 * the pattern holds the old words and the new one. */
static void test_view_then_add(void **state)
{
    const char *dir = *state;
    write_cache(dir);
    nt_datacache *c = nt_datacache_open(dir);
    assert_non_null(c);
    nt_lex *lx = nt_datacache_lex(c);
    assert_non_null(lx);
    int title = nt_lex_class_find(lx, "title");
    char *before = nt_lex_pattern(lx, title);
    assert_string_equal(before, "(?:President|Mr\\.)");
    nt_lex_add(lx, title, "Dr.", 3);
    char *after = nt_lex_pattern(lx, title);
    assert_non_null(strstr(after, "|Mr\\."));  /* longest first, then any order */
    assert_non_null(strstr(after, "|Dr\\."));
    assert_int_equal(strlen(after), strlen(before) + strlen("|Dr\\."));
    assert_true(nt_lex_lookup(lx, "Dr.", 3) & (1ull << title));
    assert_true(nt_lex_lookup(lx, "May", 3) != 0);
    free(before);
    free(after);
    nt_lex_free(lx);
    nt_datacache_close(c);
}

static void test_stale_when_lists_change(void **state)
{
    const char *dir = *state;
    write_cache(dir);
    tmp_write(dir, "gazetteers/cities.tsv", "New York\tLOC\t70\nParis\tLOC\nRome\tLOC\n");
    assert_false(cache_used(dir)); /* edited */
    write_cache(dir);
    assert_true(cache_used(dir));
    tmp_write(dir, "lexicon/extra.txt", "word\n");
    assert_false(cache_used(dir)); /* added */
    assert_int_equal(unlink(tmp_path(dir, "lexicon/extra.txt")), 0);
    assert_true(cache_used(dir)); /* as it was */
    assert_int_equal(unlink(tmp_path(dir, "gazetteers/bodies.tsv")), 0);
    assert_false(cache_used(dir)); /* removed */
}

/* A file cut anywhere is refused, or gives what the lists give: never a
 * bad read. */
static void test_truncated_file(void **state)
{
    const char *dir = *state;
    write_cache(dir);
    char path[1100];
    snprintf(path, sizeof path, "%s/%s", dir, NT_DATACACHE_NAME);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    for (off_t n = st.st_size - 1; n >= 0; n -= n > 200 ? 97 : 1) {
        assert_int_equal(truncate(path, n), 0);
        (void)cache_used(dir);
    }
    assert_false(cache_used(dir));
}

static void test_unwritable_folder(void **state)
{
    (void)state;
    nt_lex *lx = nt_lex_new();
    nt_gaz *gaz = nt_gaz_new();
    assert_int_equal(nt_datacache_write("/nonexistent/folder", lx, gaz), -1);
    assert_null(nt_datacache_open("/nonexistent/folder"));
    nt_gaz_free(gaz);
    nt_lex_free(lx);
}

/* ---- blob sections ---- */

static void test_blob_sections(void **state)
{
    (void)state;
    FILE *f = tmpfile();
    assert_non_null(f);
    assert_int_equal(nt_blob_put(f, "abc", 3), 0);
    assert_int_equal(nt_blob_put_u64(f, 42), 0);
    assert_int_equal(nt_blob_put(f, "", 0), 0);
    assert_int_equal(nt_blob_put(f, "12345678", 8), 0);
    assert_int_equal(ftell(f), 24); /* 3 + 5 padding, 8, 0, 8 */
    uint64_t buf[3];
    rewind(f);
    assert_int_equal(fread(buf, 1, 24, f), 24);
    fclose(f);
    nt_blob b;
    nt_blob_init(&b, buf, sizeof buf);
    assert_memory_equal(nt_blob_take(&b, 3, 1), "abc", 3);
    assert_int_equal(nt_blob_u64(&b), 42);
    assert_non_null(nt_blob_take(&b, 0, 1));
    assert_memory_equal(nt_blob_take(&b, 2, 4), "12345678", 8);
    assert_int_equal(b.left, 0);
    assert_true(b.ok);
    assert_null(nt_blob_take(&b, 1, 1)); /* nothing left */
    assert_false(b.ok);
    assert_int_equal(nt_blob_u64(&b), 0);
    nt_blob_init(&b, buf, sizeof buf);
    assert_null(nt_blob_take(&b, SIZE_MAX / 2, 4)); /* overflow */
    assert_false(b.ok);
}

static void test_mapping(void **state)
{
    const char *dir = *state;
    nt_mapping m;
    tmp_write(dir, "f.bin", "hello");
    assert_int_equal(nt_mapping_open(tmp_path(dir, "f.bin"), &m), 0);
    assert_int_equal(m.size, 5);
    assert_memory_equal(m.base, "hello", 5);
    nt_mapping_close(&m);
    nt_mapping_close(&m); /* closing twice is harmless */
    tmp_write(dir, "empty.bin", "");
    assert_int_equal(nt_mapping_open(tmp_path(dir, "empty.bin"), &m), -1);
    assert_int_equal(nt_mapping_open(dir, &m), -1); /* a folder */
    assert_int_equal(nt_mapping_open(tmp_path(dir, "none"), &m), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_fresh_file_used, setup, teardown),
        cmocka_unit_test_setup_teardown(test_view_then_add, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stale_when_lists_change, setup, teardown),
        cmocka_unit_test_setup_teardown(test_truncated_file, setup, teardown),
        cmocka_unit_test(test_unwritable_folder),
        cmocka_unit_test(test_blob_sections),
        cmocka_unit_test_setup_teardown(test_mapping, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
