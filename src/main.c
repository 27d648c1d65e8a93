/* main.c - the command line: options -> data -> for each input: read,
 * annotate, write. Only this file picks exit codes. */
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "cli.h"
#include "doc.h"
#include "extract.h"
#include "format.h"
#include "input.h"
#include "output.h"
#include "util.h"

enum {
    EXIT_ALL_DONE = 0,   /* every input annotated */
    EXIT_SOME_FAILED = 1, /* some input could not be read or written */
    EXIT_USAGE = 2       /* usage error, or broken data or rules files */
};

/* Everything one run of the program shares across inputs. */
typedef struct {
    const nt_opts *o;
    const nt_formatter *fmt;
    nt_fmt_opts fo;
    nt_extractor *x;
    nt_doc doc;
    nt_buf out;
    size_t ndocs; /* documents written to the stdout stream */
    int failed;
} run_state;

static void report(const char *path, const char *reason)
{
    fprintf(stderr, "newstag: %s: %s\n", path, reason);
}

static int is_dir(const char *path)
{
    struct stat st;
    return strcmp(path, "-") != 0 && stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Whether dir holds a data folder (its rules subfolder is the sign). */
static int data_at(char *buf, size_t n, const char *dir, const char *sub)
{
    char probe[PATH_MAX + 64];
    if (snprintf(buf, n, "%s/%s", dir, sub) >= (int)n ||
        snprintf(probe, sizeof probe, "%s/rules", buf) >= (int)sizeof probe)
        return 0;
    return is_dir(probe);
}

/* The data folder: --data, $NEWSTAG_DATA, data/ beside the executable (a
 * build in the source tree), ../share/newstag beside it (installed), or the
 * folder compiled in. */
static const char *find_datadir(const nt_opts *o, char *buf, size_t n)
{
    const char *env = getenv("NEWSTAG_DATA");
    if (o->datadir)
        return o->datadir;
    if (env && *env)
        return env;
    char exe[PATH_MAX];
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (len > 0) {
        exe[len] = '\0';
        const char *dir = dirname(exe);
        if (data_at(buf, n, dir, "data") || data_at(buf, n, dir, "../share/newstag"))
            return buf;
    }
    return NT_DATADIR;
}

/* Drops the entities whose type -t did not ask for. */
static void filter_types(nt_entities *ents, unsigned mask)
{
    size_t k = 0;
    for (size_t i = 0; i < ents->n; i++)
        if (mask & NT_TYPE_BIT(ents->v[i].type))
            ents->v[k++] = ents->v[i];
    ents->n = k;
}

/* Writes the buffer to stdout; a failure is final (reported at exit). */
static void flush_stdout(run_state *rs)
{
    if (rs->out.len)
        fwrite(rs->out.data, 1, rs->out.len, stdout);
    nt_buf_reset(&rs->out);
}

/* Writes one document's output file under -o: a stream of its own. */
static void write_output_file(run_state *rs, const char *rel)
{
    char name[PATH_MAX];
    nt_error err;
    nt_buf_reset(&rs->out);
    if (rs->fmt->begin)
        rs->fmt->begin(&rs->out, &rs->fo);
    rs->fmt->doc(&rs->out, &rs->doc, 0, &rs->fo);
    if (rs->fmt->end)
        rs->fmt->end(&rs->out, 1, &rs->fo);
    int fits = snprintf(name, sizeof name, "%s.%s", rel, rs->fmt->ext) <
               (int)sizeof name;
    if (!fits)
        nt_error_set(&err, "%s: file name too long", rel);
    if (!fits || nt_output_write(rs->o->outdir, name, rs->out.data,
                                 rs->out.len, &err)) {
        fprintf(stderr, "newstag: %s\n", err.msg);
        rs->failed = 1;
    }
    nt_buf_reset(&rs->out);
}

/* --ref-date wins over a date the input carries; --ref-year is kept for
 * the dateline (nt_extract looks for one when the date is still empty). */
static void set_ref_date(nt_doc *d, const nt_opts *o)
{
    d->ref_year = o->ref_year;
    if (o->ref_date) {
        snprintf(d->ref_date, sizeof d->ref_date, "%s", o->ref_date);
        d->ref_from = "option";
    }
}

/* Reads, annotates and writes one input; rel names its output under -o. */
static void annotate(run_state *rs, const char *path, const char *rel)
{
    char *text;
    size_t len;
    nt_error err;
    if (nt_input_read(path, &text, &len, &err)) {
        report(path, err.msg);
        rs->failed = 1;
        return;
    }
    nt_doc_set_text(&rs->doc, path, text, len);
    set_ref_date(&rs->doc, rs->o);
    nt_extract(rs->x, &rs->doc);
    filter_types(&rs->doc.ents, rs->o->typemask);
    if (rs->o->outdir) {
        write_output_file(rs, rel);
        return;
    }
    rs->fmt->doc(&rs->out, &rs->doc, rs->ndocs++, &rs->fo);
    flush_stdout(rs);
}

static int on_walk_file(const char *path, const char *rel, void *ctx)
{
    annotate(ctx, path, rel);
    return 0;
}

static void on_walk_error(const char *path, const char *reason, void *ctx)
{
    report(path, reason);
    ((run_state *)ctx)->failed = 1;
}

/* One operand: stdin, a file, or with -r a folder walked in sorted order. */
static void annotate_operand(run_state *rs, const char *arg)
{
    if (strcmp(arg, "-") == 0) {
        annotate(rs, "-", "stdin");
    } else if (!is_dir(arg)) {
        char *copy = nt_xstrdup(arg);
        annotate(rs, arg, basename(copy));
        free(copy);
    } else if (!rs->o->recursive) {
        report(arg, "is a directory (use -r to annotate the files below it)");
        rs->failed = 1;
    } else {
        nt_input_walk(arg, rs->o->includes, rs->o->nincludes, on_walk_file,
                      on_walk_error, rs);
    }
}

/* Several documents in one stream: more than one operand, or a folder. */
static int several_inputs(const nt_opts *o)
{
    if (o->ninputs > 1)
        return 1;
    return o->ninputs == 1 && o->recursive && is_dir(o->inputs[0]);
}

/* Picks the formatter: -f, else json for one input and jsonl for several. */
static const nt_formatter *pick_format(const nt_opts *o, int multi)
{
    if (!o->format)
        return multi ? &nt_format_jsonl : &nt_format_json;
    return nt_format_find(o->format);
}

/* Annotates every operand (stdin when none) into one stream or -o files. */
static void run_all(run_state *rs)
{
    const nt_opts *o = rs->o;
    if (!o->outdir && rs->fmt->begin)
        rs->fmt->begin(&rs->out, &rs->fo);
    if (o->ninputs == 0)
        annotate_operand(rs, "-");
    for (size_t i = 0; i < o->ninputs; i++)
        annotate_operand(rs, o->inputs[i]);
    if (!o->outdir && rs->fmt->end)
        rs->fmt->end(&rs->out, rs->ndocs, &rs->fo);
    flush_stdout(rs);
}

/* A failed write to stdout (disk full, closed descriptor) is an error too. */
static int close_stdout(void)
{
    if (fflush(stdout) != 0 || ferror(stdout) || fclose(stdout) != 0) {
        fprintf(stderr, "newstag: write error: %s\n", strerror(errno));
        return EXIT_SOME_FAILED;
    }
    return EXIT_ALL_DONE;
}

int main(int argc, char **argv)
{
    nt_opts o;
    nt_error err;
    switch (nt_cli_parse(argc, argv, &o, &err)) {
    case NT_CLI_DONE:
        return close_stdout();
    case NT_CLI_USAGE:
        fprintf(stderr, "newstag: %s\n", err.msg);
        nt_cli_usage(stderr);
        return EXIT_USAGE;
    case NT_CLI_RUN:
        break;
    }
    int multi = several_inputs(&o);
    run_state rs = {.o = &o, .fmt = pick_format(&o, multi),
                    .fo = {.header = o.header, .multi = multi && !o.outdir}};
    if (!rs.fmt) {
        fprintf(stderr, "newstag: unknown format '%s' (%s)\n", o.format,
                nt_format_names());
        return EXIT_USAGE;
    }
    char databuf[PATH_MAX + 64];
    const char *datadir = find_datadir(&o, databuf, sizeof databuf);
    if (!(rs.x = nt_extractor_load(datadir, &err))) {
        fprintf(stderr, "newstag: %s\n", err.msg);
        return EXIT_USAGE;
    }
    nt_output_install_signal_cleanup();
    nt_doc_init(&rs.doc);
    nt_buf_init(&rs.out);
    run_all(&rs);
    nt_doc_free(&rs.doc);
    nt_buf_free(&rs.out);
    nt_extractor_free(rs.x);
    int status = close_stdout();
    return rs.failed ? EXIT_SOME_FAILED : status;
}
