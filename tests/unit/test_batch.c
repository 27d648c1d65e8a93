/* test_batch.c - the -j worker pool: results come back in input order with
 * what each input wrote to stderr, whatever the number of workers; inputs
 * go to whichever process is free, so a slow one holds up no other. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "batch.h"

/* Input i: i documents ("d<i>.<k>"), a message on stderr for odd inputs,
 * failed for multiples of 3. Each worker sleeps a little on even inputs so
 * that they finish out of order. */
static void work(size_t i, nt_batch_result *r, void *ctx)
{
    (void)ctx;
    if (i % 2 == 0)
        usleep(2000);
    for (size_t k = 0; k < i; k++) {
        nt_buf *b = k == 0 ? &r->first : &r->rest;
        nt_buf_printf(b, "d%zu.%zu;", i, k);
        if (k == 0)
            nt_buf_printf(&r->later, ",d%zu.0;", i);
        r->ndocs++;
    }
    if (i % 2)
        fprintf(stderr, "input %zu\n", i);
    r->failed = i % 3 == 0;
    r->bytes = 10 * i;
    r->errors = i % 2;
}

typedef struct {
    nt_buf out, err;
    size_t next, ndocs, bytes, errors;
    int failed, in_order;
} collected;

static void sink(size_t i, const nt_batch_result *r, void *ctx)
{
    collected *c = ctx;
    c->in_order &= i == c->next++;
    const nt_buf *head = c->ndocs ? &r->later : &r->first;
    nt_buf_put(&c->out, head->data, head->len);
    nt_buf_put(&c->out, r->rest.data, r->rest.len);
    nt_buf_put(&c->err, r->err.data, r->err.len);
    c->ndocs += r->ndocs;
    c->bytes += r->bytes;
    c->errors += r->errors;
    c->failed |= r->failed;
}

static void run(size_t n, size_t jobs, collected *c)
{
    nt_error err;
    memset(c, 0, sizeof *c);
    c->in_order = 1;
    nt_buf_init(&c->out);
    nt_buf_init(&c->err);
    assert_int_equal(nt_batch_run(n, jobs, work, sink, c, &err), 0);
    nt_buf_cstr(&c->out);
    nt_buf_cstr(&c->err);
}

static void test_order(void **state)
{
    (void)state;
    collected a, b;
    run(7, 1, &a);
    run(7, 3, &b);
    assert_true(a.in_order && b.in_order);
    assert_string_equal(a.out.data, "d1.0;,d2.0;d2.1;,d3.0;d3.1;d3.2;,d4.0;d4.1;d4.2;d4.3;"
                                    ",d5.0;d5.1;d5.2;d5.3;d5.4;,d6.0;d6.1;d6.2;d6.3;d6.4;d6.5;");
    assert_string_equal(b.out.data, a.out.data);
    assert_string_equal(b.err.data, "input 1\ninput 3\ninput 5\n");
    assert_int_equal(b.ndocs, 21);
    assert_int_equal(b.bytes, 210);
    assert_int_equal(b.errors, 3);
    assert_int_equal(b.failed, 1);
    for (collected *c = &a; c; c = c == &a ? &b : NULL) {
        nt_buf_free(&c->out);
        nt_buf_free(&c->err);
    }
}

/* Results far larger than one write of a worker (16 KB): sent in pieces,
 * they still come back whole and in order. */
static void test_many_results(void **state)
{
    (void)state;
    collected a, b;
    run(300, 1, &a);
    run(300, 2, &b);
    assert_true(a.in_order && b.in_order);
    assert_true(a.out.len > 10 * 32 * 1024);
    assert_int_equal(b.out.len, a.out.len);
    assert_memory_equal(b.out.data, a.out.data, a.out.len);
    assert_string_equal(b.err.data, a.err.data);
    assert_int_equal(b.ndocs, 300 * 299 / 2);
    for (collected *c = &a; c; c = c == &a ? &b : NULL) {
        nt_buf_free(&c->out);
        nt_buf_free(&c->err);
    }
}

/* Input 0 takes 300 ms, the others none: the process that has it (the
 * parent or the worker) annotates nothing else meanwhile, the other one
 * all the rest. Each result names its process. */
static void slow_first(size_t i, nt_batch_result *r, void *ctx)
{
    (void)ctx;
    if (i == 0)
        usleep(300000);
    nt_buf_printf(&r->first, "%ld\n", (long)getpid());
    nt_buf_printf(&r->later, "%ld\n", (long)getpid());
    r->ndocs = 1;
}

static void test_slow_input(void **state)
{
    (void)state;
    collected c;
    nt_error err;
    memset(&c, 0, sizeof c);
    c.in_order = 1;
    nt_buf_init(&c.out);
    nt_buf_init(&c.err);
    assert_int_equal(nt_batch_run(40, 2, slow_first, sink, &c, &err), 0);
    assert_true(c.in_order);
    long first = strtol(nt_buf_cstr(&c.out), NULL, 10);
    size_t same = 0, lines = 0;
    for (char *p = c.out.data; *p; p = strchr(p, '\n') + 1, lines++)
        same += strtol(p, NULL, 10) == first;
    assert_int_equal(lines, 40);
    assert_int_equal(same, 1);
    nt_buf_free(&c.out);
    nt_buf_free(&c.err);
}

/* Inputs that take no time, so that the processes claim them in a race:
 * each one is annotated once and comes back in its place. */
static void tiny(size_t i, nt_batch_result *r, void *ctx)
{
    (void)ctx;
    nt_buf_printf(&r->first, "%zu\n", i);
    nt_buf_printf(&r->later, "%zu\n", i);
    r->ndocs = 1;
}

static void test_race(void **state)
{
    (void)state;
    for (int round = 0; round < 5; round++) {
        collected c;
        nt_error err;
        memset(&c, 0, sizeof c);
        c.in_order = 1;
        nt_buf_init(&c.out);
        nt_buf_init(&c.err);
        assert_int_equal(nt_batch_run(40000, 4, tiny, sink, &c, &err), 0);
        assert_true(c.in_order);
        const char *p = nt_buf_cstr(&c.out);
        for (size_t i = 0; i < 40000; i++) {
            char *end;
            assert_int_equal(strtoul(p, &end, 10), i);
            p = end + 1;
        }
        assert_int_equal(*p, '\0');
        nt_buf_free(&c.out);
        nt_buf_free(&c.err);
    }
}

static void test_more_jobs_than_inputs(void **state)
{
    (void)state;
    collected c;
    run(2, 8, &c);
    assert_string_equal(c.out.data, "d1.0;");
    assert_int_equal(c.failed, 1); /* input 0 */
    nt_buf_free(&c.out);
    nt_buf_free(&c.err);
    assert_true(nt_batch_cores() >= 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_order),
        cmocka_unit_test(test_slow_input),
        cmocka_unit_test(test_race),
        cmocka_unit_test(test_many_results),
        cmocka_unit_test(test_more_jobs_than_inputs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
