/* test_cli.c - option parsing: defaults, every option in both forms, type
 * lists, error messages, --help/--version and operands. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h> /* after setjmp.h, stdarg.h, stddef.h, stdint.h */

#include "cli.h"

#define MAXARGS 64

/* argv storage for one parse; operands keep pointing into it. */
static char *args[MAXARGS + 1];

/* Parses "newstag" followed by the NULL-terminated arguments. */
static nt_cli_result parse(nt_opts *o, nt_error *err, ...)
{
    va_list ap;
    int argc = 0;
    args[argc++] = "newstag";
    va_start(ap, err);
    for (char *a; (a = va_arg(ap, char *)) != NULL;)
        args[argc++] = a;
    va_end(ap);
    args[argc] = NULL;
    err->msg[0] = '\0';
    return nt_cli_parse(argc, args, o, err);
}

/* Parses with stdout sent to a temporary file, whose content goes to out. */
static nt_cli_result parse_capture(nt_opts *o, char *out, size_t size,
                                   const char *arg)
{
    char tmpl[] = "/tmp/test_cli.XXXXXX";
    nt_error err;
    int fd = mkstemp(tmpl);
    assert_true(fd >= 0);
    fflush(stdout);
    int saved = dup(STDOUT_FILENO);
    assert_true(dup2(fd, STDOUT_FILENO) >= 0);
    nt_cli_result r = parse(o, &err, arg, NULL);
    fflush(stdout);
    assert_true(dup2(saved, STDOUT_FILENO) >= 0);
    close(saved);
    ssize_t n = pread(fd, out, size - 1, 0);
    assert_true(n >= 0);
    out[n] = '\0';
    close(fd);
    unlink(tmpl);
    return r;
}

static void test_defaults(void **state)
{
    (void)state;
    nt_opts o;
    nt_error err;
    assert_int_equal(parse(&o, &err, NULL), NT_CLI_RUN);
    assert_null(o.format);
    assert_null(o.outdir);
    assert_null(o.datadir);
    assert_int_equal(o.typemask, NT_ALL_TYPES);
    assert_int_equal(o.recursive, 0);
    assert_int_equal(o.header, 0);
    assert_int_equal(o.nincludes, 1);
    assert_string_equal(o.includes[0], "*.txt");
    assert_int_equal(o.ninputs, 0);
}

static void test_short_options(void **state)
{
    (void)state;
    nt_opts o;
    nt_error err;
    assert_int_equal(
        parse(&o, &err, "-f", "tsv", "-o", "out", "-t", "DATE", "-r", NULL),
        NT_CLI_RUN);
    assert_string_equal(o.format, "tsv");
    assert_string_equal(o.outdir, "out");
    assert_int_equal(o.typemask, NT_TYPE_BIT(NT_DATE));
    assert_int_equal(o.recursive, 1);
    /* Attached arguments and clustered flags. */
    assert_int_equal(parse(&o, &err, "-rftext", "-oout2", NULL), NT_CLI_RUN);
    assert_int_equal(o.recursive, 1);
    assert_string_equal(o.format, "text");
    assert_string_equal(o.outdir, "out2");
}

static void test_long_options(void **state)
{
    (void)state;
    nt_opts o;
    nt_error err;
    assert_int_equal(parse(&o, &err, "--format", "jsonl", "--output=out",
                           "--types", "PERSON", "--recursive", "--header",
                           "--data", "d", "--include", "*.md", NULL),
                     NT_CLI_RUN);
    assert_string_equal(o.format, "jsonl");
    assert_string_equal(o.outdir, "out");
    assert_int_equal(o.typemask, NT_TYPE_BIT(NT_PERSON));
    assert_int_equal(o.recursive, 1);
    assert_int_equal(o.header, 1);
    assert_string_equal(o.datadir, "d");
    assert_int_equal(o.nincludes, 1);
    assert_string_equal(o.includes[0], "*.md");
    /* A unique abbreviation is accepted, as getopt_long does. */
    assert_int_equal(parse(&o, &err, "--form", "tsv", NULL), NT_CLI_RUN);
    assert_string_equal(o.format, "tsv");
}

static void test_repeated_include(void **state)
{
    (void)state;
    nt_opts o;
    nt_error err;
    assert_int_equal(parse(&o, &err, "--include", "*.txt", "--include=*.md",
                           "--include", "news-*", NULL),
                     NT_CLI_RUN);
    assert_int_equal(o.nincludes, 3);
    assert_string_equal(o.includes[0], "*.txt");
    assert_string_equal(o.includes[1], "*.md");
    assert_string_equal(o.includes[2], "news-*");
}

static void test_too_many_includes(void **state)
{
    (void)state;
    nt_opts o;
    nt_error err;
    char *argv[2 + 2 * (NT_CLI_MAX_INCLUDES + 1)];
    int argc = 0;
    argv[argc++] = "newstag";
    for (int i = 0; i <= NT_CLI_MAX_INCLUDES; i++) {
        argv[argc++] = "--include";
        argv[argc++] = "*.txt";
    }
    argv[argc] = NULL;
    assert_int_equal(nt_cli_parse(argc, argv, &o, &err), NT_CLI_USAGE);
    assert_string_equal(err.msg, "too many --include globs (at most 32)");
    /* Exactly the maximum is fine. */
    assert_int_equal(nt_cli_parse(argc - 2, argv, &o, &err), NT_CLI_RUN);
    assert_int_equal(o.nincludes, NT_CLI_MAX_INCLUDES);
}

static void test_types(void **state)
{
    (void)state;
    nt_opts o;
    nt_error err;
    assert_int_equal(parse(&o, &err, "-t", "PER,loc", NULL), NT_CLI_RUN);
    assert_int_equal(o.typemask,
                     NT_TYPE_BIT(NT_PERSON) | NT_TYPE_BIT(NT_LOCATION));
    assert_int_equal(parse(&o, &err, "-t", "ORG,Organization,DATE", NULL),
                     NT_CLI_RUN);
    assert_int_equal(o.typemask,
                     NT_TYPE_BIT(NT_ORGANIZATION) | NT_TYPE_BIT(NT_DATE));
    /* Repeated -t lists add up. */
    assert_int_equal(parse(&o, &err, "-t", "PERSON", "-t", "DATE", NULL),
                     NT_CLI_RUN);
    assert_int_equal(o.typemask, NT_TYPE_BIT(NT_PERSON) | NT_TYPE_BIT(NT_DATE));
}

static void test_types_errors(void **state)
{
    (void)state;
    nt_opts o;
    nt_error err;
    /* FOO may be a custom type of a list: known once the data is loaded. */
    uint64_t mask;
    assert_int_equal(parse(&o, &err, "-t", "PERSON,FOO", NULL), NT_CLI_RUN);
    assert_int_equal(nt_cli_types(&o, &mask, &err), -1);
    assert_string_equal(err.msg, "unknown type 'FOO' in --types "
                                 "(PERSON, LOCATION, ORGANIZATION, DATE)");
    assert_int_equal(parse(&o, &err, "-t", "PERSON,F?O", NULL), NT_CLI_USAGE);
    assert_int_equal(parse(&o, &err, "--types=NONE", NULL), NT_CLI_USAGE);
    assert_string_equal(err.msg, "unknown type 'NONE' in --types "
                                 "(PERSON, LOCATION, ORGANIZATION, DATE)");
    assert_int_equal(parse(&o, &err, "-t", "-", NULL), NT_CLI_USAGE);
    assert_int_equal(parse(&o, &err, "-t", "PERSON,,DATE", NULL), NT_CLI_USAGE);
    assert_string_equal(err.msg, "empty type in --types 'PERSON,,DATE' "
                                 "(PERSON, LOCATION, ORGANIZATION, DATE)");
    assert_int_equal(parse(&o, &err, "-t", "", NULL), NT_CLI_USAGE);
    assert_int_equal(parse(&o, &err, "-t", "DATE,", NULL), NT_CLI_USAGE);
    /* Once registered (last: the registry is process-wide), FOO is a type. */
    nt_type foo;
    assert_int_equal(parse(&o, &err, "-t", "PERSON,FOO", NULL), NT_CLI_RUN);
    assert_int_equal(nt_type_intern("Foo", 3, &foo, &err), 0);
    assert_int_equal(nt_cli_types(&o, &mask, &err), 0);
    assert_true(mask == (NT_TYPE_BIT(NT_PERSON) | NT_TYPE_BIT(foo)));
    assert_string_equal(nt_type_name(foo), "FOO");
}

static void test_unknown_option(void **state)
{
    (void)state;
    nt_opts o;
    nt_error err;
    assert_int_equal(parse(&o, &err, "--foo", NULL), NT_CLI_USAGE);
    assert_string_equal(err.msg, "unknown option '--foo'");
    assert_int_equal(parse(&o, &err, "--foo=bar", "a.txt", NULL), NT_CLI_USAGE);
    assert_string_equal(err.msg, "unknown option '--foo'");
    assert_int_equal(parse(&o, &err, "-x", NULL), NT_CLI_USAGE);
    assert_string_equal(err.msg, "unknown option '-x'");
    assert_int_equal(parse(&o, &err, "-rx", NULL), NT_CLI_USAGE);
    assert_string_equal(err.msg, "unknown option '-x'");
    assert_int_equal(parse(&o, &err, "--recursive=yes", NULL), NT_CLI_USAGE);
    assert_string_equal(err.msg, "option '--recursive' takes no argument");
    assert_int_equal(parse(&o, &err, "--he", NULL), NT_CLI_USAGE);
    assert_string_equal(err.msg, "ambiguous option '--he'");
}

static void test_missing_argument(void **state)
{
    (void)state;
    nt_opts o;
    nt_error err;
    assert_int_equal(parse(&o, &err, "-f", NULL), NT_CLI_USAGE);
    assert_string_equal(err.msg, "option '-f' needs an argument");
    assert_int_equal(parse(&o, &err, "-rt", NULL), NT_CLI_USAGE);
    assert_string_equal(err.msg, "option '-t' needs an argument");
    assert_int_equal(parse(&o, &err, "a.txt", "--format", NULL), NT_CLI_USAGE);
    assert_string_equal(err.msg, "option '--format' needs an argument");
    assert_int_equal(parse(&o, &err, "--include", NULL), NT_CLI_USAGE);
    assert_string_equal(err.msg, "option '--include' needs an argument");
    assert_int_equal(parse(&o, &err, "--data", NULL), NT_CLI_USAGE);
    assert_string_equal(err.msg, "option '--data' needs an argument");
}

static void test_help(void **state)
{
    (void)state;
    nt_opts o;
    char out[4096];
    assert_int_equal(parse_capture(&o, out, sizeof out, "--help"), NT_CLI_DONE);
    assert_true(strncmp(out, "Usage: newstag [OPTIONS] [FILE|DIR]...\n", 39) ==
                0);
    assert_non_null(strstr(out, "  -f, --format FMT "));
    assert_non_null(strstr(out, "      --include GLOB "));
    assert_non_null(strstr(out, "      --version "));
    const char *last = "See newstag(1) for formats, data files and exit "
                       "status.\n";
    size_t n = strlen(out), m = strlen(last);
    assert_true(n > m);
    assert_string_equal(out + n - m, last);
    assert_int_equal(parse_capture(&o, out, sizeof out, "-h"), NT_CLI_DONE);
    assert_true(strncmp(out, "Usage: ", 7) == 0);
}

static void test_version(void **state)
{
    (void)state;
    nt_opts o;
    char out[256];
    assert_int_equal(parse_capture(&o, out, sizeof out, "--version"),
                     NT_CLI_DONE);
    assert_string_equal(out, "newstag " NT_VERSION "\n");
}

static void test_operands(void **state)
{
    (void)state;
    nt_opts o;
    nt_error err;
    assert_int_equal(parse(&o, &err, "a.txt", "-r", "-", "news/", "--", "-f",
                           "--help", NULL),
                     NT_CLI_RUN);
    assert_int_equal(o.recursive, 1);
    assert_null(o.format);
    assert_int_equal(o.ninputs, 5);
    assert_string_equal(o.inputs[0], "a.txt");
    assert_string_equal(o.inputs[1], "-");
    assert_string_equal(o.inputs[2], "news/");
    assert_string_equal(o.inputs[3], "-f");
    assert_string_equal(o.inputs[4], "--help");
}

/* A parse after an error in the middle of a cluster starts afresh. */
static void test_reparse(void **state)
{
    (void)state;
    nt_opts o;
    nt_error err;
    assert_int_equal(parse(&o, &err, "-rxf", "json", NULL), NT_CLI_USAGE);
    assert_int_equal(parse(&o, &err, "-f", "json", "b.txt", NULL), NT_CLI_RUN);
    assert_string_equal(o.format, "json");
    assert_int_equal(o.recursive, 0);
    assert_int_equal(o.ninputs, 1);
    assert_string_equal(o.inputs[0], "b.txt");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_short_options),
        cmocka_unit_test(test_long_options),
        cmocka_unit_test(test_repeated_include),
        cmocka_unit_test(test_too_many_includes),
        cmocka_unit_test(test_types),
        cmocka_unit_test(test_types_errors),
        cmocka_unit_test(test_unknown_option),
        cmocka_unit_test(test_missing_argument),
        cmocka_unit_test(test_help),
        cmocka_unit_test(test_version),
        cmocka_unit_test(test_operands),
        cmocka_unit_test(test_reparse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
