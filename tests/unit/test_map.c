/* test_map.c - the hash map behind word classes and gazetteers: insert,
 * lookup and update, growth to 100k keys, binary keys, absent keys,
 * insertion-order iteration, and the copy written to a file and used in
 * place (the compiled data files), damaged copies included. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h> /* after setjmp.h, stdarg.h, stddef.h, stdint.h */

#include "map.h"

static uint64_t get_or(const nt_map *m, const char *key, size_t n,
                       uint64_t absent)
{
    const uint64_t *v = nt_map_get(m, key, n);
    return v ? *v : absent;
}

static void test_insert_get_update(void **state)
{
    (void)state;
    nt_map *m = nt_map_new();
    assert_int_equal(nt_map_count(m), 0);

    uint64_t *v = nt_map_slot(m, "paris", 5);
    assert_non_null(v);
    assert_int_equal(*v, 0); /* a new key starts at 0 */
    *v = 42;
    assert_int_equal(nt_map_count(m), 1);
    assert_int_equal(get_or(m, "paris", 5, 99), 42);

    /* The same key again: the stored value, not a fresh 0, and no new key. */
    v = nt_map_slot(m, "paris", 5);
    assert_int_equal(*v, 42);
    *v |= 1ull << 63;
    assert_int_equal(nt_map_count(m), 1);
    assert_int_equal(get_or(m, "paris", 5, 99), 42 | (1ull << 63));

    *nt_map_slot(m, "rome", 4) = 7;
    assert_int_equal(nt_map_count(m), 2);
    assert_int_equal(get_or(m, "rome", 4, 99), 7);
    assert_int_equal(get_or(m, "paris", 5, 99), 42 | (1ull << 63));

    /* Only the first n bytes of the key count. */
    assert_int_equal(get_or(m, "romeo", 4, 99), 7);
    nt_map_free(m);
}

static void test_absent(void **state)
{
    (void)state;
    nt_map *m = nt_map_new();
    assert_null(nt_map_get(m, "x", 1));
    assert_null(nt_map_get(m, "", 0));

    *nt_map_slot(m, "abc", 3) = 1;
    *nt_map_slot(m, "a", 1) = 2;
    assert_null(nt_map_get(m, "ab", 2));   /* a prefix of a key */
    assert_null(nt_map_get(m, "abcd", 4)); /* a key plus a byte */
    assert_null(nt_map_get(m, "ABC", 3));  /* keys are bytes: no folding */
    assert_null(nt_map_get(m, "", 0));
    assert_null(nt_map_get(m, "b", 1));
    /* Looking up never inserts. */
    assert_int_equal(nt_map_count(m), 2);
    nt_map_free(m);
}

/* Many lookups under way at once (nt_map_ask): each ends with what
 * nt_map_get says, present or absent, whatever order they end in. */
static void test_asks_in_flight(void **state)
{
    (void)state;
    nt_map *m = nt_map_new();
    char keys[64][40];
    for (unsigned i = 0; i < 1000; i++) {
        char k[40];
        int n =
            snprintf(k, sizeof k, i % 3 ? "key-%u" : "a-much-longer-key-%u", i);
        *nt_map_slot(m, k, (size_t)n) = i + 1;
    }
    nt_map_ask q[64];
    for (unsigned i = 0; i < 64; i++) { /* every other one absent */
        unsigned j = i % 2 ? i * 15 : 1000 + i;
        snprintf(keys[i], sizeof keys[i],
                 j % 3 ? "key-%u" : "a-much-longer-key-%u", j);
        nt_map_ask_start(m, keys[i], strlen(keys[i]), &q[i]);
    }
    for (unsigned i = 64; i-- > 0;) {
        const uint64_t *v = nt_map_ask_end(m, &q[i]);
        assert_ptr_equal(v, nt_map_get(m, keys[i], strlen(keys[i])));
        if (i % 2) {
            assert_non_null(v);
            assert_int_equal(*v, i * 15 + 1);
        } else {
            assert_null(v);
        }
    }
    nt_map_free(m);
}

/* nt_map_ask_prefetch of an ask filled by hand (key, length, hash)
 * answers as nt_map_get, present or absent, short keys and long, with
 * many under way at once and ended in reverse order. */
static void test_asks_prefetch(void **state)
{
    (void)state;
    nt_map *m = nt_map_new();
    char keys[40][40];
    for (unsigned i = 0; i < 500; i++) {
        char k[40];
        int n = snprintf(k, sizeof k, i % 2 ? "w%u" : "a-longer-word-%u", i);
        *nt_map_slot(m, k, (size_t)n) = 7 * i + 1;
    }
    nt_map_ask q[40];
    for (unsigned i = 0; i < 40; i++) { /* every third one absent */
        unsigned j = i % 3 ? i * 11 : 600 + i;
        int n = snprintf(keys[i], sizeof keys[i],
                         j % 2 ? "w%u" : "a-longer-word-%u", j);
        q[i] = (nt_map_ask){keys[i], (size_t)n, nt_map_hash(keys[i], (size_t)n)};
        nt_map_ask_prefetch(m, &q[i]);
    }
    for (unsigned i = 40; i-- > 0;) {
        const uint64_t *v = nt_map_ask_end(m, &q[i]);
        assert_ptr_equal(v, nt_map_get(m, keys[i], strlen(keys[i])));
        if (i % 3) {
            assert_non_null(v);
            assert_int_equal(*v, 7 * (i * 11) + 1);
        } else {
            assert_null(v);
        }
    }
    nt_map_free(m);
}

/* nt_map_ask_start_hashed with the key's hash answers as nt_map_get,
 * present or absent, short keys and long. */
static void test_asks_hashed(void **state)
{
    (void)state;
    nt_map *m = nt_map_new();
    const char *keys[] = {"a", "ab", "abc", "abcdefgh", "abcdefghijkl",
                          "abcdefghijklmnopq", "zz"};
    for (size_t i = 0; i + 1 < sizeof keys / sizeof *keys; i++)
        *nt_map_slot(m, keys[i], strlen(keys[i])) = i + 1;
    nt_map_ask q;
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
        size_t n = strlen(keys[i]);
        nt_map_ask_start_hashed(m, keys[i], n, nt_map_hash(keys[i], n), &q);
        assert_ptr_equal(nt_map_ask_end(m, &q), nt_map_get(m, keys[i], n));
    }
    assert_null(nt_map_get(m, "zz", 2));
    nt_map_free(m);
}

static void test_empty_key(void **state)
{
    (void)state;
    nt_map *m = nt_map_new();
    *nt_map_slot(m, "", 0) = 5;
    *nt_map_slot(m, "\0", 1) = 6;
    assert_int_equal(nt_map_count(m), 2);
    assert_int_equal(get_or(m, "", 0, 99), 5);
    assert_int_equal(get_or(m, "\0", 1, 99), 6);
    nt_map_free(m);
}

/* 100k keys force many doublings of the probe table and of the key arena;
 * every key must keep its own value afterwards. */
static void test_many_keys(void **state)
{
    (void)state;
    enum { N = 100000 };
    nt_map *m = nt_map_new();
    char key[32];
    for (uint64_t i = 0; i < N; i++) {
        int n = snprintf(key, sizeof key, "key%llu", (unsigned long long)i);
        uint64_t *v = nt_map_slot(m, key, (size_t)n);
        assert_int_equal(*v, 0);
        *v = i * 3 + 1;
    }
    assert_int_equal(nt_map_count(m), N);
    for (uint64_t i = 0; i < N; i++) {
        int n = snprintf(key, sizeof key, "key%llu", (unsigned long long)i);
        const uint64_t *v = nt_map_get(m, key, (size_t)n);
        if (!v || *v != i * 3 + 1)
            fail_msg("%s: got %s %llu", key, v ? "value" : "NULL",
                     v ? (unsigned long long)*v : 0ull);
    }
    assert_null(nt_map_get(m, "key100000", 9));
    assert_null(nt_map_get(m, "key", 3));
    /* Updating after growth changes the value in place. */
    *nt_map_slot(m, "key77777", 8) = 5;
    assert_int_equal(get_or(m, "key77777", 8, 99), 5);
    assert_int_equal(nt_map_count(m), N);
    nt_map_free(m);
}

/* Keys of every length up to 2000 bytes, all prefixes of one another. */
static void test_long_keys(void **state)
{
    (void)state;
    enum { L = 2000 };
    char *buf = malloc(L);
    assert_non_null(buf);
    for (size_t i = 0; i < L; i++)
        buf[i] = (char)('a' + i % 26);
    nt_map *m = nt_map_new();
    for (size_t n = 0; n <= L; n++)
        *nt_map_slot(m, buf, n) = n + 1000;
    assert_int_equal(nt_map_count(m), L + 1);
    for (size_t n = 0; n <= L; n++)
        assert_int_equal(get_or(m, buf, n, 0), n + 1000);
    nt_map_free(m);
    free(buf);
}

/* NUL is an ordinary byte: these four keys are all different. */
static void test_binary_keys(void **state)
{
    (void)state;
    nt_map *m = nt_map_new();
    *nt_map_slot(m, "a\0b", 3) = 1;
    *nt_map_slot(m, "a\0c", 3) = 2;
    *nt_map_slot(m, "a", 1) = 3;
    *nt_map_slot(m, "a\0", 2) = 4;
    *nt_map_slot(m, "\xff\xfe\0\x01", 4) = 5;
    assert_int_equal(nt_map_count(m), 5);
    assert_int_equal(get_or(m, "a\0b", 3, 0), 1);
    assert_int_equal(get_or(m, "a\0c", 3, 0), 2);
    assert_int_equal(get_or(m, "a", 1, 0), 3);
    assert_int_equal(get_or(m, "a\0", 2, 0), 4);
    assert_int_equal(get_or(m, "\xff\xfe\0\x01", 4, 0), 5);
    assert_null(nt_map_get(m, "a\0d", 3));
    assert_null(nt_map_get(m, "a\0\0", 3));
    nt_map_free(m);
}

/* ---- iteration ---- */

typedef struct {
    char keys[64][16];
    size_t lens[64];
    uint64_t vals[64];
    size_t n;
} seen;

static void collect(const char *key, size_t n, uint64_t v, void *ctx)
{
    seen *s = ctx;
    assert_true(s->n < 64 && n <= 16);
    memcpy(s->keys[s->n], key, n);
    s->lens[s->n] = n;
    s->vals[s->n] = v;
    s->n++;
}

static void test_each_insertion_order(void **state)
{
    (void)state;
    nt_map *m = nt_map_new();
    seen s = {0};
    nt_map_each(m, collect, &s);
    assert_int_equal(s.n, 0);

    /* Keys chosen so that hash order would differ from insertion order. */
    static const char *const keys[] = {"zulu",    "alpha", "mike",  "b\0x",
                                       "charlie", "",      "yankee"};
    static const size_t lens[] = {4, 5, 4, 3, 7, 0, 6};
    for (size_t i = 0; i < 7; i++)
        *nt_map_slot(m, keys[i], lens[i]) = 100 + i;
    /* Updating a key does not move it. */
    *nt_map_slot(m, "alpha", 5) = 1;
    nt_map_each(m, collect, &s);
    assert_int_equal(s.n, 7);
    for (size_t i = 0; i < 7; i++) {
        assert_int_equal(s.lens[i], lens[i]);
        assert_memory_equal(s.keys[i], keys[i], lens[i]);
        assert_int_equal(s.vals[i], i == 1 ? 1 : 100 + i);
    }
    nt_map_free(m);
}

/* Iteration order survives the table growing. */
static void test_each_after_growth(void **state)
{
    (void)state;
    nt_map *m = nt_map_new();
    char key[16];
    for (int i = 0; i < 60; i++) {
        int n = snprintf(key, sizeof key, "k%d", 59 - i);
        *nt_map_slot(m, key, (size_t)n) = (uint64_t)i;
    }
    seen s = {0};
    nt_map_each(m, collect, &s);
    assert_int_equal(s.n, 60);
    for (int i = 0; i < 60; i++) {
        int n = snprintf(key, sizeof key, "k%d", 59 - i);
        assert_int_equal(s.lens[i], (size_t)n);
        assert_memory_equal(s.keys[i], key, (size_t)n);
        assert_int_equal(s.vals[i], (uint64_t)i);
    }
    nt_map_free(m);
}

/* Clearing forgets every key; the map is then as good as new. */
static void test_clear(void **state)
{
    (void)state;
    nt_map *m = nt_map_new();
    char key[16];
    for (int i = 0; i < 1000; i++) {
        int n = snprintf(key, sizeof key, "w%d", i);
        *nt_map_slot(m, key, (size_t)n) = (uint64_t)i + 1;
    }
    nt_map_clear(m);
    assert_int_equal(nt_map_count(m), 0);
    assert_null(nt_map_get(m, "w0", 2));
    assert_null(nt_map_get(m, "w999", 4));
    seen s = {0};
    nt_map_each(m, collect, &s);
    assert_int_equal(s.n, 0);

    /* Old keys come back as new ones, with 0, in the new order. */
    uint64_t *v = nt_map_slot(m, "w5", 2);
    assert_int_equal(*v, 0);
    *v = 55;
    *nt_map_slot(m, "new", 3) = 66;
    assert_int_equal(nt_map_count(m), 2);
    assert_int_equal(get_or(m, "w5", 2, 0), 55);
    assert_int_equal(get_or(m, "new", 3, 0), 66);
    assert_null(nt_map_get(m, "w6", 2));
    nt_map_each(m, collect, &s);
    assert_int_equal(s.n, 2);
    assert_memory_equal(s.keys[0], "w5", 2);
    assert_memory_equal(s.keys[1], "new", 3);
    assert_int_equal(s.vals[1], 66);
    /* A few keys in a large table are cleared one by one: none is left,
     * and the table takes keys again as when new. */
    nt_map_clear(m);
    nt_map_clear(m);
    assert_int_equal(nt_map_count(m), 0);
    assert_null(nt_map_get(m, "w5", 2));
    assert_null(nt_map_get(m, "new", 3));
    for (int i = 0; i < 1000; i++) {
        int n = snprintf(key, sizeof key, "x%d", i);
        assert_int_equal(*nt_map_slot(m, key, (size_t)n), 0);
        *nt_map_slot(m, key, (size_t)n) = (uint64_t)i + 7;
    }
    for (int i = 0; i < 1000; i++) {
        int n = snprintf(key, sizeof key, "x%d", i);
        assert_int_equal(get_or(m, key, (size_t)n, 0), (uint64_t)i + 7);
    }
    assert_null(nt_map_get(m, "w5", 2));
    assert_int_equal(nt_map_count(m), 1000);
    nt_map_free(m);
}

/* The hash as first written, a byte at a time past the last whole 8:
 * the compiled tables (newstag.ntd) hold its values, so nt_map_hash must
 * give the same for every key. */
static uint64_t hash_as_written(const char *key, size_t n)
{
    uint64_t h = 0x9e3779b97f4a7c15ull ^ ((uint64_t)n * 0xc2b2ae3d27d4eb4full);
    for (; n >= 8; key += 8, n -= 8) {
        uint64_t w;
        memcpy(&w, key, 8);
        h = (h ^ w) * 0x87c37b91114253d5ull;
        h ^= h >> 31;
    }
    if (n) {
        uint64_t w = 0;
        for (size_t i = 0; i < n; i++)
            w |= (uint64_t)(unsigned char)key[i] << (8 * i);
        h = (h ^ w) * 0x87c37b91114253d5ull;
    }
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ull;
    return h ^ (h >> 33);
}

static void test_hash_unchanged(void **state)
{
    (void)state;
    char key[40];
    unsigned x = 12345;
    for (int round = 0; round < 200; round++)
        for (size_t n = 0; n <= 33; n++) {
            for (size_t i = 0; i < n; i++) {
                x = x * 1103515245u + 12345u;
                key[i] = (char)(x >> 16); /* any byte, 0x80-0xff and NUL too */
            }
            assert_true(nt_map_hash(key, n) == hash_as_written(key, n));
        }
}

/* nt_map_hash16 of a key's two zero-padded 8-byte loads is nt_map_hash of
 * the key, for every length up to 16 and any bytes (the word memo's keys
 * are hashed this way for the compiled tables). */
static void test_hash16(void **state)
{
    (void)state;
    unsigned x = 777;
    for (int round = 0; round < 500; round++)
        for (size_t n = 0; n <= 16; n++) {
            char key[16] = {0};
            uint64_t w[2];
            for (size_t i = 0; i < n; i++) {
                x = x * 1103515245u + 12345u;
                key[i] = (char)(round % 2 ? x >> 16 : 'a' + (x >> 16) % 26);
            }
            memcpy(w, key, 16);
            if (nt_map_hash16(w[0], w[1], n) != nt_map_hash(key, n))
                fail_msg("length %zu, round %d", n, round);
        }
}

static void test_hash(void **state)
{
    (void)state;
    /* Deterministic, and sensitive to every byte including NULs. */
    assert_true(nt_map_hash("abc", 3) == nt_map_hash("abcd", 3));
    assert_true(nt_map_hash("abc", 3) != nt_map_hash("abd", 3));
    assert_true(nt_map_hash("a\0b", 3) != nt_map_hash("a\0c", 3));
    assert_true(nt_map_hash("", 0) != nt_map_hash("\0", 1));
    assert_true(nt_map_hash("a", 1) != nt_map_hash("a\0", 2));
    /* A change of one byte at any place, in a whole 8-byte block or in
     * the tail, changes the hash. */
    char a[24], b[24];
    for (size_t n = 1; n <= sizeof a; n++)
        for (size_t i = 0; i < n; i++) {
            memset(a, 'x', n);
            memcpy(b, a, n);
            b[i] = 'y';
            assert_true(nt_map_hash(a, n) != nt_map_hash(b, n));
        }
    /* Similar keys spread over the low bits the table indexes by: no
     * bucket of 1,024 gets more than twice its share of 100,000 keys. */
    static unsigned buckets[1024];
    for (unsigned i = 0; i < 100000; i++) {
        int n = snprintf(a, sizeof a, "w%u", i);
        buckets[nt_map_hash(a, (size_t)n) & 1023]++;
    }
    for (size_t i = 0; i < 1024; i++)
        assert_true(buckets[i] > 40 && buckets[i] < 200);
    nt_map_free(NULL); /* accepted */
}

/* ---- nt_map_write / nt_map_view ---- */

/* The bytes nt_map_write gives for m, in an 8-byte aligned buffer. */
static unsigned char *serialize(const nt_map *m, size_t *size)
{
    FILE *f = tmpfile();
    assert_non_null(f);
    assert_int_equal(nt_map_write(m, f), 0);
    long n = ftell(f);
    assert_true(n > 0 && n % 8 == 0);
    unsigned char *buf = malloc((size_t)n + 64);
    assert_non_null(buf);
    rewind(f);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *size = (size_t)n;
    return buf;
}

/* A view of buf[0..n) followed by `after` (which must be left unread); the
 * bytes are copied into *keep, which the caller frees after the map. */
static nt_map *view(const unsigned char *buf, size_t n, const char *after,
                    unsigned char **keep)
{
    size_t k = strlen(after);
    *keep = malloc(n + k + 8);
    assert_non_null(*keep);
    if (n)
        memcpy(*keep, buf, n);
    memcpy(*keep + n, after, k);
    nt_blob b;
    nt_blob_init(&b, *keep, n + k);
    nt_map *m = nt_map_view(&b);
    if (m) /* the map's bytes were taken, and only those */
        assert_int_equal(b.left, k);
    return m;
}

/* Key i of the sample maps, "k\1<i>\0x"; returns its length. */
static size_t sample_key(char *key, int i)
{
    int n = snprintf(key, 24, "k\x01%d", i);
    key[n] = '\0';
    key[n + 1] = 'x';
    return (size_t)n + 2;
}

static nt_map *sample_map(int nkeys)
{
    nt_map *m = nt_map_new();
    char key[32];
    for (int i = 0; i < nkeys; i++)
        *nt_map_slot(m, key, sample_key(key, i)) = (uint64_t)i * 7 + 1;
    return m;
}

/* A serialized map's slots (see serialize) follow its 3-number header;
 * the offsets of a slot's fields are map.c's. */
enum { SLOT_SIZE = 32, SLOT_LEN1 = 12, SLOT_HEAD = 20, HEAD_SIZE = 12 };

/* A view whose slots hold the keys' lengths and hashes but a head one
 * byte off: each key of 1-12 bytes is found only with its head intact,
 * whichever byte of it differs (the head is compared without memcmp, in
 * loads that overlap). */
static void test_head_compare(void **state)
{
    (void)state;
    nt_map *m = nt_map_new();
    const char *word = "abcdefghijklmnop";
    for (size_t n = 1; n <= 16; n++)
        *nt_map_slot(m, word, n) = n;
    size_t size;
    unsigned char *buf = serialize(m, &size);
    uint64_t nslots;
    memcpy(&nslots, buf + 8, 8);
    for (size_t n = 1; n <= 16; n++) {
        unsigned char *s = NULL;
        for (size_t i = 0; i < nslots; i++) {
            unsigned char *c = buf + 24 + i * SLOT_SIZE;
            uint32_t len1;
            memcpy(&len1, c + SLOT_LEN1, 4);
            if (len1 == n + 1)
                s = c;
        }
        assert_non_null(s);
        for (size_t i = 0; i < (n < HEAD_SIZE ? n : HEAD_SIZE); i++) {
            unsigned char *keep;
            s[SLOT_HEAD + i] ^= 0x20;
            nt_map *r = view(buf, size, "", &keep);
            assert_non_null(r);
            assert_null(nt_map_get(r, word, n));
            s[SLOT_HEAD + i] ^= 0x20;
            nt_map_free(r);
            free(keep);
        }
        unsigned char *keep;
        nt_map *r = view(buf, size, "", &keep);
        assert_int_equal(get_or(r, word, n, 0), n);
        nt_map_free(r);
        free(keep);
    }
    free(buf);
    nt_map_free(m);
}

static void test_write_view(void **state)
{
    (void)state;
    enum { N = 1000 };
    nt_map *m = sample_map(N);
    size_t size;
    unsigned char *buf = serialize(m, &size), *keep, *keep2;
    nt_map *r = view(buf, size, "after", &keep);
    assert_non_null(r);
    assert_int_equal(nt_map_count(r), N);
    char key[32];
    for (int i = 0; i < N; i++) {
        size_t n = sample_key(key, i);
        assert_int_equal(get_or(r, key, n, 0), (uint64_t)i * 7 + 1);
    }
    assert_null(nt_map_get(r, key, sample_key(key, N)));
    assert_null(nt_map_get(r, "", 0));
    /* The view iterates in the same order, and a change copies it into an
     * ordinary map, leaving the mapped bytes as they were. */
    seen s = {0};
    nt_map *small = sample_map(50);
    unsigned char *b2 = serialize(small, &size);
    nt_map *r2 = view(b2, size, "", &keep2);
    assert_non_null(r2);
    nt_map_each(r2, collect, &s);
    assert_int_equal(s.n, 50);
    for (int i = 0; i < 50; i++) {
        size_t n = sample_key(key, i);
        assert_int_equal(s.lens[i], n);
        assert_memory_equal(s.keys[i], key, n);
    }
    for (int i = 0; i < 500; i++) {
        int n = snprintf(key, sizeof key, "new%d", i);
        *nt_map_slot(r2, key, (size_t)n) = (uint64_t)i;
    }
    assert_int_equal(nt_map_count(r2), 550);
    assert_int_equal(get_or(r2, "new499", 6, 0), 499);
    assert_int_equal(get_or(r2, key, sample_key(key, 49), 0), 49 * 7 + 1);
    assert_memory_equal(keep2, b2, size);
    nt_map_free(r2);
    free(keep2);
    nt_map_free(small);
    free(b2);
    nt_map_free(r);
    free(keep);
    nt_map_free(m);
    free(buf);
}

static void test_write_view_empty(void **state)
{
    (void)state;
    nt_map *m = nt_map_new();
    size_t size;
    unsigned char *buf = serialize(m, &size), *keep;
    nt_map *r = view(buf, size, "", &keep);
    assert_non_null(r);
    assert_int_equal(nt_map_count(r), 0);
    assert_null(nt_map_get(r, "a", 1));
    nt_map_clear(r);
    *nt_map_slot(r, "a", 1) = 3;
    assert_int_equal(get_or(r, "a", 1, 0), 3);
    nt_map_free(r);
    free(keep);
    nt_map_free(m);
    free(buf);
}

/* Every copy cut short of its last key byte is refused (the padding after
 * it may go). */
static void test_view_truncated(void **state)
{
    (void)state;
    nt_map *m = sample_map(10);
    size_t size;
    unsigned char *buf = serialize(m, &size), *keep;
    uint64_t hdr[3];
    memcpy(hdr, buf, sizeof hdr);
    size_t whole = 24 + hdr[1] * 32 + (hdr[1] + 7) / 8 * 8 +
                   (hdr[0] * 4 + 7) / 8 * 8 + hdr[2];
    for (size_t n = 0; n <= size; n++) {
        nt_map *r = view(buf, n, "", &keep);
        if ((r != NULL) != (n >= whole))
            fail_msg("a copy cut at %zu of %zu bytes was %s", n, size,
                     r ? "accepted" : "refused");
        nt_map_free(r);
        free(keep);
    }
    nt_map_free(m);
    free(buf);
}

/* Every sample key is either found with its value or absent, and an
 * absent key is absent: what a damaged view may answer, without reading
 * outside it (the sanitizers and valgrind watch) or probing for ever. */
static void expect_sane(const nt_map *r, int nkeys)
{
    char key[32];
    for (int i = 0; i < nkeys; i++) {
        uint64_t v = get_or(r, key, sample_key(key, i), 0);
        assert_true(v == 0 || v == (uint64_t)i * 7 + 1);
    }
    assert_null(nt_map_get(r, "absent", 6));
    seen s = {0};
    nt_map_each(r, collect, &s);
}

/* A view checks its shape (counts, sizes) when made, its contents when
 * used. The layout: three counts (keys, slots, key bytes), the slots (32
 * bytes: value, hash tag, key length + 1, key offset, first 12 key bytes),
 * a control byte a slot (0: empty, else 0x80 | the tag's low 7 bits; padded
 * to 8), the insertion order (4 bytes a key, padded to 8), the key bytes. */
static void test_view_corrupt(void **state)
{
    (void)state;
    nt_map *m = sample_map(10);
    size_t size;
    unsigned char *buf = serialize(m, &size), *bad = malloc(size), *keep;
    assert_non_null(bad);
    uint64_t hdr[3];
    memcpy(hdr, buf, sizeof hdr);
    assert_int_equal(hdr[0], 10);
    size_t slots_at = 24, ctrl_at = slots_at + hdr[1] * 32,
           order_at = ctrl_at + ((hdr[1] + 7) & ~(size_t)7);
    uint64_t v;

    /* Refused: a slot count that is not a power of two, more keys than
     * half the slots, a key arena longer than the copy. */
    memcpy(bad, buf, size);
    v = hdr[1] - 1;
    memcpy(bad + 8, &v, 8);
    assert_null(view(bad, size, "", &keep));
    free(keep);
    memcpy(bad, buf, size);
    v = hdr[1] / 2 + 1;
    memcpy(bad, &v, 8);
    assert_null(view(bad, size, "", &keep));
    free(keep);
    memcpy(bad, buf, size);
    v = hdr[2] + 9;
    memcpy(bad + 16, &v, 8);
    assert_null(view(bad, size, "", &keep));
    free(keep);

    /* Accepted but harmless: every slot taken (a lookup must still end),
     * with keys said to be long and to lie outside the arena; an insertion
     * order naming slots past the table; and a change then copies only
     * the sound keys. */
    const uint32_t lens[] = {1, 40, UINT32_MAX};
    for (size_t k = 0; k < 3; k++) {
        memcpy(bad, buf, size);
        for (size_t i = 0; i < hdr[1]; i++) {
            uint32_t off = UINT32_MAX - 5, tag;
            memcpy(bad + slots_at + 32 * i + 12, &lens[k], 4);
            memcpy(bad + slots_at + 32 * i + 16, &off, 4);
            memcpy(&tag, bad + slots_at + 32 * i + 8, 4);
            bad[ctrl_at + i] = (unsigned char)(0x80 | (tag & 0x7f));
        }
        alarm(60);
        nt_map *r = view(bad, size, "", &keep);
        assert_non_null(r);
        expect_sane(r, 10);
        alarm(0);
        nt_map_free(r);
        free(keep);
    }
    memcpy(bad, buf, size);
    for (size_t k = 0; k < hdr[0]; k++) {
        uint32_t past = (uint32_t)hdr[1] + (uint32_t)k;
        memcpy(bad + order_at + 4 * k, &past, 4);
    }
    nt_map *r = view(bad, size, "", &keep);
    assert_non_null(r);
    expect_sane(r, 10);
    *nt_map_slot(r, "new", 3) = 5;
    assert_int_equal(nt_map_count(r), 1);
    nt_map_free(r);
    free(keep);

    /* Counts far beyond what the copy holds. */
    uint64_t huge[3] = {1ull << 31, 1ull << 32, 0};
    assert_null(view((const unsigned char *)huge, sizeof huge, "", &keep));
    free(keep);
    uint64_t huge_keys[3] = {0, 1, UINT64_MAX - 8};
    assert_null(
        view((const unsigned char *)huge_keys, sizeof huge_keys, "", &keep));
    free(keep);

    nt_map_free(m);
    free(buf);
    free(bad);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_insert_get_update),
        cmocka_unit_test(test_absent),
        cmocka_unit_test(test_asks_in_flight),
        cmocka_unit_test(test_empty_key),
        cmocka_unit_test(test_many_keys),
        cmocka_unit_test(test_long_keys),
        cmocka_unit_test(test_binary_keys),
        cmocka_unit_test(test_each_insertion_order),
        cmocka_unit_test(test_each_after_growth),
        cmocka_unit_test(test_clear),
        cmocka_unit_test(test_hash),
        cmocka_unit_test(test_hash16),
        cmocka_unit_test(test_hash_unchanged),
        cmocka_unit_test(test_asks_hashed),
        cmocka_unit_test(test_asks_prefetch),
        cmocka_unit_test(test_head_compare),
        cmocka_unit_test(test_write_view),
        cmocka_unit_test(test_write_view_empty),
        cmocka_unit_test(test_view_truncated),
        cmocka_unit_test(test_view_corrupt),
    };
    return cmocka_run_group_tests_name("map", tests, NULL, NULL);
}
