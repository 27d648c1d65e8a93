/* cli.c - the command line. One option table drives getopt_long (its option
 * array and optstring are built from it) and the usage text, so an option is
 * added in exactly one place. */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "util.h"

/* Keys of options without a short form: outside the range of characters. */
enum {
    OPT_INCLUDE = 256, OPT_HEADER, OPT_DATA, OPT_VERSION, OPT_REF_DATE,
    OPT_REF_YEAR, OPT_GAZETTEER,
    OPT_RULES, OPT_NO_DEFAULT_DATA, OPT_EXPLAIN, OPT_GOLD, OPT_BY_SOURCE,
    OPT_XPATH, OPT_OFFSETS, OPT_HTML_OFFSETS, OPT_ID_FIELD, OPT_TEXT_FIELD,
    OPT_DATE_FIELD, OPT_FILES0_FROM, OPT_PROGRESS, OPT_QUIET
};

typedef struct {
    const char *name; /* long name, without "--" */
    int key;          /* short option character, or OPT_* */
    int has_arg;      /* no_argument or required_argument */
    const char *arg;  /* argument name shown in the usage text */
    const char *help;
} cli_option;

static const cli_option options[] = {
    {"format", 'f', required_argument, "FMT",
     "output format: json, jsonl, tsv, text, xml, conll, brat, html"},
    {"output", 'o', required_argument, "DIR",
     "write one file per input below DIR, mirroring the inputs"},
    {"types", 't', required_argument, "LIST",
     "comma-separated entity types to report (default: all)"},
    {"recursive", 'r', no_argument, NULL,
     "annotate the files below DIR operands"},
    {"include", OPT_INCLUDE, required_argument, "GLOB",
     "take files matching GLOB from folders (default *.txt)"},
    {"header", OPT_HEADER, no_argument, NULL, "print a header line (tsv)"},
    {"ref-date", OPT_REF_DATE, required_argument, "DATE",
     "resolve relative dates against this date (default: input, dateline)"},
    {"ref-year", OPT_REF_YEAR, required_argument, "YEAR",
     "the year of a dateline that gives only month and day"},
    {"data", OPT_DATA, required_argument, "DIR",
     "read lexicon, gazetteers and rules from DIR"},
    {"gazetteer", OPT_GAZETTEER, required_argument, "FILE",
     "also match the names of FILE (name<TAB>TYPE[<TAB>priority])"},
    {"rules", OPT_RULES, required_argument, "FILE", "also run the rules of FILE"},
    {"no-default-data", OPT_NO_DEFAULT_DATA, no_argument, NULL,
     "only the --gazetteer and --rules files (and the word classes)"},
    {"explain", OPT_EXPLAIN, no_argument, NULL,
     "each entity's rule or list line and the candidates it beat"},
    {"gold", OPT_GOLD, required_argument, "FILE",
     "eval: gold annotations (CoNLL or newstag TSV)"},
    {"by-source", OPT_BY_SOURCE, no_argument, NULL,
     "eval: precision per rule and list too"},
    {"input", 'i', required_argument, "KIND",
     "input kind: text, html, xml or jsonl (default: by extension, content)"},
    {"xpath", OPT_XPATH, required_argument, "EXPR",
     "xml: annotate the text of the nodes EXPR selects"},
    {"html-offsets", OPT_HTML_OFFSETS, no_argument, NULL,
     "html: also each entity's byte offsets in the page (json, jsonl)"},
    {"offsets", OPT_OFFSETS, required_argument, "UNIT",
     "offsets in bytes (default), chars (code points) or utf16 units"},
    {"id-field", OPT_ID_FIELD, required_argument, "NAME",
     "jsonl: the id field (default id)"},
    {"text-field", OPT_TEXT_FIELD, required_argument, "NAME",
     "jsonl: the field holding the text (default text)"},
    {"date-field", OPT_DATE_FIELD, required_argument, "NAME",
     "jsonl: the field holding the article's date (default date)"},
    {"jobs", 'j', required_argument, "N",
     "annotate with N worker processes (default: the number of cores)"},
    {"files0-from", OPT_FILES0_FROM, required_argument, "FILE",
     "read NUL-separated input paths from FILE (- for stdin)"},
    {"null", '0', no_argument, NULL, "same as --files0-from - (find -print0)"},
    {"progress", OPT_PROGRESS, no_argument, NULL,
     "show progress on stderr even when it is not a terminal"},
    {"quiet", OPT_QUIET, no_argument, NULL, "no progress line"},
    {"help", 'h', no_argument, NULL, "print this help and exit"},
    {"version", OPT_VERSION, no_argument, NULL, "print the version and exit"},
};

#define NOPTIONS (sizeof options / sizeof *options)

static const char types_list[] = "PERSON, LOCATION, ORGANIZATION, DATE";

/* The table entry for a getopt key, or NULL. */
static const cli_option *option_by_key(int key)
{
    for (size_t i = 0; i < NOPTIONS; i++)
        if (options[i].key == key)
            return &options[i];
    return NULL;
}

/* Builds getopt_long's view of the table. The optstring starts with ':' so
 * that a missing argument is told apart from an unknown option. */
static void build_getopt(struct option *lo, char *shorts)
{
    char *s = shorts;
    *s++ = ':';
    for (size_t i = 0; i < NOPTIONS; i++) {
        lo[i] = (struct option){options[i].name, options[i].has_arg, NULL,
                                options[i].key};
        if (options[i].key < OPT_INCLUDE) {
            *s++ = (char)options[i].key;
            if (options[i].has_arg == required_argument)
                *s++ = ':';
        }
    }
    *s = '\0';
    lo[NOPTIONS] = (struct option){NULL, 0, NULL, 0};
}

void nt_cli_usage(FILE *f)
{
    fputs("Usage: newstag [OPTIONS] [FILE|DIR]...\n"
          "       newstag eval --gold FILE [--by-source] [OPTIONS] [FILE|DIR]...\n",
          f);
    for (size_t i = 0; i < NOPTIONS; i++) {
        const cli_option *o = &options[i];
        char left[64];
        snprintf(left, sizeof left, "%c%c%c --%s%s%s",
                 o->key < OPT_INCLUDE ? '-' : ' ',
                 o->key < OPT_INCLUDE ? o->key : ' ',
                 o->key < OPT_INCLUDE ? ',' : ' ', o->name, o->arg ? " " : "",
                 o->arg ? o->arg : "");
        fprintf(f, "  %-20s %s\n", left, o->help);
    }
    fputs("See newstag(1) for formats, data files and exit status.\n", f);
}

/* The names -t accepts: the built-in ones and the custom types registered
 * so far, for messages. */
static void known_types(char *buf, size_t size)
{
    size_t len = (size_t)snprintf(buf, size, "%s", types_list);
    for (unsigned t = NT_NTYPES; t < NT_MAX_TYPES && len < size; t++)
        if (strcmp(nt_type_name((nt_type)t), "?") != 0)
            len += (size_t)snprintf(buf + len, size - len, ", %s",
                                    nt_type_name((nt_type)t));
}

/* Parses the -t list into a type mask. NONE (a blocker type in data files)
 * is no reportable type, so it is refused like an unknown name. With
 * custom set, a name that may still be registered by a data file (letters,
 * digits, '_', '-') is left for nt_cli_types. */
static int parse_types(const char *list, uint64_t *mask, int custom,
                       nt_error *err)
{
    const char *p = list;
    char known[1024];
    for (;;) {
        size_t n = strcspn(p, ",");
        nt_type t;
        known_types(known, sizeof known);
        if (n == 0) {
            nt_error_set(err, "empty type in --types '%s' (%s)", list, known);
            return -1;
        }
        int found = nt_type_parse(p, n, &t) == 0, ok = found && t != NT_NONE;
        if (!ok && (found || !custom ||
                    strspn(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                              "0123456789_-") < n)) {
            nt_error_set(err, "unknown type '%.*s' in --types (%s)", (int)n, p,
                         known);
            return -1;
        }
        if (ok)
            *mask |= NT_TYPE_BIT(t);
        if (p[n] == '\0')
            return 0;
        p += n + 1;
    }
}

int nt_cli_types(const nt_opts *o, uint64_t *mask, nt_error *err)
{
    uint64_t m = 0;
    for (size_t i = 0; i < o->ntypelists; i++)
        if (parse_types(o->typelists[i], &m, 0, err))
            return -1;
    *mask = o->ntypelists ? m : NT_ALL_TYPES;
    return 0;
}

/* Appends a file option's argument to list, at most NT_CLI_MAX_FILES. */
static int add_file(const char **list, size_t *n, const char *what,
                    nt_error *err)
{
    if (*n == NT_CLI_MAX_FILES) {
        nt_error_set(err, "too many %s options (at most %d)", what,
                     NT_CLI_MAX_FILES);
        return -1;
    }
    list[(*n)++] = optarg;
    return 0;
}

/* How many long options start with the typed name ("--h": help, header):
 * getopt_long reports an ambiguous abbreviation like an unknown option. */
static size_t prefix_matches(const char *typed)
{
    size_t n = 0, len;
    if (strncmp(typed, "--", 2) != 0)
        return 0;
    typed += 2;
    len = strlen(typed);
    for (size_t i = 0; i < NOPTIONS; i++)
        n += len && strncmp(options[i].name, typed, len) == 0;
    return n;
}

/* The name of the option argv[optind - 1] refers to, as the user wrote it
 * (short or long form), for error messages. */
static void option_name(char *dst, size_t size, const char *arg,
                        const cli_option *o)
{
    int is_long = strncmp(arg, "--", 2) == 0;
    if (o && (is_long || o->key >= OPT_INCLUDE))
        snprintf(dst, size, "--%s", o->name);
    else if (o)
        snprintf(dst, size, "-%c", o->key);
    else
        snprintf(dst, size, "%.*s", (int)strcspn(arg, "="), arg);
}

/* The message for getopt's '?' (unknown option, or an argument given to a
 * long option that takes none) and ':' (missing argument). */
static void option_error(int c, int argc, char **argv, nt_error *err)
{
    const char *arg = optind > 0 && optind <= argc ? argv[optind - 1] : "";
    const cli_option *o = option_by_key(optopt);
    char name[64];
    if (c == '?' && optopt && !o) {
        nt_error_set(err, "unknown option '-%c'", optopt);
        return;
    }
    option_name(name, sizeof name, arg, o);
    if (c == '?' && !o && prefix_matches(name) > 1)
        nt_error_set(err, "ambiguous option '%s'", name);
    else if (c == ':')
        nt_error_set(err, "option '%s' needs an argument", name);
    else if (o)
        nt_error_set(err, "option '%s' takes no argument", name);
    else
        nt_error_set(err, "unknown option '%s'", name);
}

/* -j N: a whole number from 1 to 1024. */
static int parse_jobs(const char *arg, long *jobs, nt_error *err)
{
    char *end;
    long n = strtol(arg, &end, 10);
    if (*arg == '\0' || *end != '\0' || n < 1 || n > 1024) {
        nt_error_set(err, "bad --jobs '%s' (a number from 1 to 1024)", arg);
        return -1;
    }
    *jobs = n;
    return 0;
}

/* Applies one parsed option. Returns NT_CLI_RUN to go on. */
/* --ref-date YYYY-MM-DD (a real day) and --ref-year YYYY (1000-2999). */
static nt_cli_result parse_ref(int c, const char *arg, nt_opts *o,
                               nt_error *err)
{
    nt_ymd t;
    char *end;
    long y = strtol(arg, &end, 10);
    if (c == OPT_REF_DATE && nt_cal_parse(arg, &t) == 0) {
        o->ref_date = arg;
        return NT_CLI_RUN;
    }
    if (c == OPT_REF_YEAR && !*end && y >= 1000 && y <= 2999) {
        o->ref_year = (int)y;
        return NT_CLI_RUN;
    }
    nt_error_set(err, c == OPT_REF_DATE ? "bad --ref-date '%s' (YYYY-MM-DD)"
                                        : "bad --ref-year '%s' (YYYY)", arg);
    return NT_CLI_USAGE;
}

static nt_cli_result apply(int c, nt_opts *o, uint64_t *types, nt_error *err)
{
    switch (c) {
    case 'f':
        o->format = optarg;
        break;
    case 'o':
        o->outdir = optarg;
        break;
    case 'r':
        o->recursive = 1;
        break;
    case OPT_HEADER:
        o->header = 1;
        break;
    case OPT_DATA:
        o->datadir = optarg;
        break;
    case OPT_REF_DATE:
    case OPT_REF_YEAR:
        return parse_ref(c, optarg, o, err);
    case 't':
        if (parse_types(optarg, types, 1, err) ||
            add_file(o->typelists, &o->ntypelists, "-t", err))
            return NT_CLI_USAGE;
        break;
    case OPT_GAZETTEER:
        return add_file(o->gazetteers, &o->ngazetteers, "--gazetteer", err)
                   ? NT_CLI_USAGE : NT_CLI_RUN;
    case OPT_RULES:
        return add_file(o->rules, &o->nrules, "--rules", err) ? NT_CLI_USAGE
                                                              : NT_CLI_RUN;
    case OPT_NO_DEFAULT_DATA:
        o->no_default_data = 1;
        break;
    case OPT_EXPLAIN:
        o->explain = 1;
        break;
    case OPT_GOLD:
        o->gold = optarg;
        break;
    case 'i':
        o->input = optarg;
        break;
    case OPT_XPATH:
        o->xpath = optarg;
        break;
    case OPT_OFFSETS:
        o->offsets = optarg;
        break;
    case OPT_HTML_OFFSETS:
        o->html_offsets = 1;
        break;
    case OPT_ID_FIELD:
        o->id_field = optarg;
        break;
    case OPT_TEXT_FIELD:
        o->text_field = optarg;
        break;
    case OPT_DATE_FIELD:
        o->date_field = optarg;
        break;
    case OPT_FILES0_FROM:
        o->files0_from = optarg;
        break;
    case '0':
        o->files0_from = "-";
        break;
    case OPT_PROGRESS:
        o->progress = 1;
        break;
    case OPT_QUIET:
        o->progress = -1;
        break;
    case 'j':
        return parse_jobs(optarg, &o->jobs, err) ? NT_CLI_USAGE : NT_CLI_RUN;
    case OPT_BY_SOURCE:
        o->by_source = 1;
        break;
    case OPT_INCLUDE:
        if (o->nincludes == NT_CLI_MAX_INCLUDES) {
            nt_error_set(err, "too many --include globs (at most %d)",
                         NT_CLI_MAX_INCLUDES);
            return NT_CLI_USAGE;
        }
        o->includes[o->nincludes++] = optarg;
        break;
    case 'h':
        nt_cli_usage(stdout);
        return NT_CLI_DONE;
    case OPT_VERSION:
        puts("newstag " NT_VERSION);
        return NT_CLI_DONE;
    }
    return NT_CLI_RUN;
}

/* Fills o from argv. Operands keep pointing into argv (getopt_long may
 * reorder argv so that they come last). Repeated -t lists add up. optind is
 * reset first, so that the parser can run several times (tests). */
nt_cli_result nt_cli_parse(int argc, char **argv, nt_opts *o, nt_error *err)
{
    struct option lo[NOPTIONS + 1];
    char shorts[2 * NOPTIONS + 2];
    uint64_t types = 0;
    nt_cli_result r = NT_CLI_RUN;
    int c;

    memset(o, 0, sizeof *o);
    o->typemask = NT_ALL_TYPES;
    if (argc > 1 && strcmp(argv[1], "eval") == 0) { /* the eval subcommand */
        o->eval = 1;
        argc--;
        argv++;
    }
    build_getopt(lo, shorts);
    optind = 0; /* glibc: full reset, including its position in "-rf" */
    opterr = 0;
    while (r == NT_CLI_RUN &&
           (c = getopt_long(argc, argv, shorts, lo, NULL)) != -1) {
        if (c == '?' || c == ':') {
            option_error(c, argc, argv, err);
            return NT_CLI_USAGE;
        }
        r = apply(c, o, &types, err);
    }
    if (r != NT_CLI_RUN)
        return r;
    if (o->ntypelists)
        o->typemask = types;
    if (!o->eval && (o->gold || o->by_source)) {
        nt_error_set(err, "--gold and --by-source belong to 'newstag eval'");
        return NT_CLI_USAGE;
    }
    if (o->eval && !o->gold) {
        nt_error_set(err, "newstag eval needs --gold FILE");
        return NT_CLI_USAGE;
    }
    if (o->nincludes == 0)
        o->includes[o->nincludes++] = "*.txt";
    o->inputs = argv + optind;
    o->ninputs = (size_t)(argc - optind);
    return NT_CLI_RUN;
}
