/* test_progress.c - the progress line: counted always, drawn only when
 * enabled, ended with a newline. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "progress.h"

/* Runs the calls with stderr sent to a temporary file; returns what was
 * written there (into buf). */
static void capture(int mode, char *buf, size_t size, nt_progress *p)
{
    FILE *tmp = tmpfile();
    int saved = dup(STDERR_FILENO);
    fflush(stderr);
    dup2(fileno(tmp), STDERR_FILENO);
    nt_progress_init(p, mode);
    nt_progress_file(p, 1000000);
    p->errors++;
    nt_progress_file(p, 500000);
    nt_progress_done(p);
    fflush(stderr);
    dup2(saved, STDERR_FILENO);
    close(saved);
    rewind(tmp);
    size_t n = fread(buf, 1, size - 1, tmp);
    buf[n] = '\0';
    fclose(tmp);
}

static void test_forced(void **state)
{
    (void)state;
    char buf[256];
    nt_progress p;
    capture(1, buf, sizeof buf, &p);
    assert_int_equal(p.files, 2);
    assert_true(p.bytes == 1500000.0);
    assert_non_null(strstr(buf, "\rnewstag: 2 files, "));
    assert_non_null(strstr(buf, " MB/s, 1 errors \n"));
}

static void test_quiet(void **state)
{
    (void)state;
    char buf[256];
    nt_progress p;
    capture(-1, buf, sizeof buf, &p);
    assert_int_equal(p.files, 2);
    assert_string_equal(buf, "");
    capture(0, buf, sizeof buf, &p); /* stderr is a file: not a terminal */
    assert_string_equal(buf, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_forced),
        cmocka_unit_test(test_quiet),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
