/* cli.h - the command line: one option table drives getopt_long and the
 * usage text. */
#ifndef NT_CLI_H
#define NT_CLI_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "newstag.h"

#define NT_CLI_MAX_INCLUDES 32
#define NT_CLI_MAX_FILES 64 /* --gazetteer, --rules, -t lists */

typedef struct {
    const char *format;    /* -f; NULL: json for one input, jsonl for more */
    const char *outdir;    /* -o; NULL: stdout */
    uint64_t typemask;     /* -t; NT_ALL_TYPES by default; built-in types
                              only until nt_cli_types resolves the lists */
    const char *typelists[NT_CLI_MAX_FILES]; /* the -t arguments */
    size_t ntypelists;
    int recursive;         /* -r */
    int header;            /* --header */
    const char *includes[NT_CLI_MAX_INCLUDES]; /* --include; default "*.txt" */
    size_t nincludes;
    const char *datadir;   /* --data; NULL: NEWSTAG_DATA, ./data, installed */
    const char *ref_date;  /* --ref-date YYYY-MM-DD (checked); NULL: none */
    int ref_year;          /* --ref-year: the year of a dateline; 0: none */
    const char *gazetteers[NT_CLI_MAX_FILES]; /* --gazetteer */
    size_t ngazetteers;
    const char *rules[NT_CLI_MAX_FILES];      /* --rules */
    size_t nrules;
    int no_default_data;   /* --no-default-data */
    int explain;           /* --explain */
    int eval;              /* the eval subcommand (argv[1] == "eval") */
    const char *gold;      /* eval --gold */
    int by_source;         /* eval --by-source */
    const char *input;     /* -i: text, html, xml, jsonl; NULL: by file */
    const char *xpath;     /* --xpath: XML nodes to annotate */
    const char *offsets;   /* --offsets: bytes, chars, utf16; NULL: bytes */
    int html_offsets;      /* --html-offsets */
    const char *id_field, *text_field, *date_field; /* JSONL field names */
    const char *files0_from; /* --files0-from (-0: "-"): NUL-separated paths */
    long jobs;             /* -j; 0: the number of cores */
    int progress;          /* --progress 1, --quiet -1, else 0: on a tty */
    char **inputs;         /* operands (point into argv); none means stdin */
    size_t ninputs;
} nt_opts;

typedef enum {
    NT_CLI_RUN,  /* options parsed: annotate */
    NT_CLI_DONE, /* --help or --version printed to stdout: exit 0 */
    NT_CLI_USAGE /* misuse: err holds the message; exit 2 */
} nt_cli_result;

nt_cli_result nt_cli_parse(int argc, char **argv, nt_opts *o, nt_error *err);

/* The type mask of the -t lists, once the data files have registered their
 * custom types: -1 with err set for a name that is still unknown. */
int nt_cli_types(const nt_opts *o, uint64_t *mask, nt_error *err);

/* Prints the short usage text. */
void nt_cli_usage(FILE *f);

#endif
