/* main.c - the command line: options -> data -> for each input: read,
 * annotate, write. Only this file picks exit codes. */
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "batch.h"
#include "buf.h"
#include "cli.h"
#include "doc.h"
#include "eval.h"
#include "extract.h"
#include "format.h"
#include "input.h"
#include "offsets.h"
#include "output.h"
#include "progress.h"
#include "reader.h"
#include "util.h"

enum {
    EXIT_ALL_DONE = 0,   /* every input annotated */
    EXIT_SOME_FAILED = 1, /* some input could not be read or written */
    EXIT_USAGE = 2       /* usage error, or broken data or rules files */
};

/* One input to annotate: a path and the name of its output under -o, or
 * an error to report in its place (an unreadable folder). The strings are
 * offsets into run_state's names (NO_STRING for none). */
typedef struct {
    size_t path, rel, reason;
    int regular; /* a walk found it a regular file: read without a stat */
} input_item;

#define NO_STRING SIZE_MAX

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
    nt_reader *reader; /* input kinds: text, HTML, XML, JSON Lines */
    nt_off_unit unit;  /* --offsets */
    nt_offconv conv;
    nt_progress progress;
    input_item *items; /* the inputs, collected before annotation */
    size_t nitems, itemcap;
    nt_buf names; /* the items' strings, NUL-ended, end to end: one block,
                     where a block each took 3 mallocs an input and, under
                     -j, a copy-on-write fault for nearly every page of them
                     as the parent freed them at the end */
    size_t jobs, done; /* processes sharing the items; items this one took */
    size_t stream_size, stream_done; /* a JSON Lines file's size, and the
                                        bytes of text annotated from it */
    nt_batch_result *cap; /* in a -j worker: where the stream output goes */
    int fmt_default;   /* no -f: a JSON Lines stream on stdin gets jsonl */
    int index_matters; /* the format renders a stream's first document
                          differently (json's comma, text's banner) */
} run_state;

/* An item's string at offset at of rs->names; NULL for NO_STRING. */
static const char *item_string(const run_state *rs, size_t at)
{
    return at == NO_STRING ? NULL : rs->names.data + at;
}

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
static void filter_types(nt_entities *ents, uint64_t mask)
{
    size_t k = 0;
    for (size_t i = 0; i < ents->n; i++)
        if (mask & NT_TYPE_BIT(ents->v[i].type))
            ents->v[k++] = ents->v[i];
    ents->n = k;
}

/* stdout's buffer (see buffer_stdout), and the errno of a failed write
 * that went around it (put_stdout), reported at exit with stdio's own. */
#define STDOUT_BUFFER (64 * 1024)
static int stdout_errno;

/* Writes data[0..len) to stdout. As much as stdout's buffer holds or more
 * (a long document's spill, a -j worker's output) goes straight to its
 * descriptor once what stdio holds has gone out: through fwrite, each byte
 * was first copied into the buffer (on a 2.8 MB document, 0.8% of the
 * instructions). A failure is final. */
static void put_stdout(const char *data, size_t len)
{
    if (len >= STDOUT_BUFFER && !stdout_errno && fflush(stdout) == 0) {
        if (nt_output_write_fd(fileno(stdout), data, len) != 0)
            stdout_errno = errno ? errno : EIO;
    } else if (len) {
        fwrite(data, 1, len, stdout);
    }
}

/* Writes a buffer to stdout and empties it; a failure is final (reported
 * at exit). */
static void spill_stdout(nt_buf *out, void *ctx)
{
    (void)ctx;
    put_stdout(out->data, out->len);
    nt_buf_reset(out);
}

static void flush_stdout(run_state *rs)
{
    spill_stdout(&rs->out, NULL);
}

/* Writes data to rel.ext under -o, reporting a failure. */
static void write_named(run_state *rs, const char *rel, const char *ext,
                        const char *data, size_t len)
{
    char name[PATH_MAX];
    nt_error err;
    int fits = snprintf(name, sizeof name, "%s.%s", rel, ext) <
               (int)sizeof name;
    if (!fits)
        nt_error_set(&err, "%s: file name too long", rel);
    if (!fits || nt_output_write(rs->o->outdir, name, data, len, &err)) {
        fprintf(stderr, "newstag: %s\n", err.msg);
        rs->failed = 1;
    }
}

/* Renders the annotated document, offsets counted afresh. */
static void render(run_state *rs, size_t index)
{
    nt_offconv_reset(&rs->conv, rs->unit, rs->doc.text, rs->doc.len);
    rs->fmt->doc(&rs->out, &rs->doc, index, &rs->fo);
}

/* brat and the like under -o: each document's annotations and its text
 * side by side, named after the input without its extension (with the
 * line number for a JSON Lines document). */
static void write_pair(run_state *rs, const char *rel)
{
    char base[PATH_MAX];
    const char *slash = strrchr(rel, '/'), *dot = strrchr(rel, '.');
    int n = dot && dot > (slash ? slash : rel) ? (int)(dot - rel) : (int)strlen(rel);
    if (rs->doc.src && rs->doc.src->kind == NT_IN_JSONL)
        snprintf(base, sizeof base, "%.*s-%zu", n, rel, rs->doc.src->line);
    else
        snprintf(base, sizeof base, "%.*s", n, rel);
    nt_buf_reset(&rs->out);
    render(rs, 0);
    write_named(rs, base, rs->fmt->ext, rs->out.data, rs->out.len);
    write_named(rs, base, rs->fmt->text_ext, rs->doc.text, rs->doc.len);
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

/* Whether the format renders a stream's first document unlike the others:
 * an empty document rendered both ways tells. */
static int index_matters(run_state *rs)
{
    nt_doc empty;
    nt_buf a, b;
    nt_doc_init(&empty);
    nt_buf_init(&a);
    nt_buf_init(&b);
    rs->fmt->doc(&a, &empty, 0, &rs->fo);
    rs->fmt->doc(&b, &empty, 1, &rs->fo);
    int differ = a.len != b.len || (a.len && memcmp(a.data, b.data, a.len));
    nt_buf_free(&a);
    nt_buf_free(&b);
    nt_doc_free(&empty);
    return differ;
}

/* In a -j worker: renders the document into the result, its input's first
 * document both as the stream's first and as a later one when the format
 * tells them apart (batch.h). */
static void capture(run_state *rs)
{
    nt_batch_result *r = rs->cap;
    nt_buf_reset(&rs->out);
    render(rs, r->ndocs);
    nt_buf_put(r->ndocs ? &r->rest : &r->first, rs->out.data, rs->out.len);
    if (r->ndocs == 0 && rs->index_matters) {
        nt_buf_reset(&rs->out);
        render(rs, 1);
        nt_buf_put(&r->later, rs->out.data, rs->out.len);
    }
    nt_buf_reset(&rs->out);
    r->ndocs++;
}

/* Without -f, a JSON Lines stream on stdin (known as such only once read)
 * is answered in JSON Lines, a line for a line. */
static void adopt_jsonl(run_state *rs)
{
    if (rs->fmt_default && !rs->fo.multi && rs->doc.src &&
        rs->doc.src->kind == NT_IN_JSONL)
        rs->fmt = &nt_format_jsonl;
}

/* Under -o (but for the text formats' pairs of files) the documents of one
 * input make one output file, a stream of their own: its start, ... */
static int own_stream(const run_state *rs)
{
    return rs->o->outdir && !rs->fmt->text_ext;
}

static void docs_begin(run_state *rs)
{
    if (own_stream(rs) && rs->fmt->begin)
        rs->fmt->begin(&rs->out, &rs->fo);
}

/* ... and its end, after n documents. */
static void docs_end(run_state *rs, const char *rel, size_t n)
{
    if (own_stream(rs)) {
        if (rs->fmt->end)
            rs->fmt->end(&rs->out, n, &rs->fo);
        write_named(rs, rel, rs->fmt->ext, rs->out.data, rs->out.len);
        nt_buf_reset(&rs->out);
    }
}

/* In a JSON Lines file the extractor hears of the bytes still ahead, as
 * run_item tells it of the inputs ahead: the lines of one file are many
 * documents, and a long run JIT-compiles its rules early. (The file's
 * bytes hold the JSON around the texts too: a little more than ahead.) */
static void expect_stream(run_state *rs, size_t len)
{
    if (!rs->stream_size)
        return;
    rs->stream_done += len;
    nt_extractor_expect(rs->x, rs->stream_done,
                        rs->stream_size > rs->stream_done
                            ? rs->stream_size - rs->stream_done
                            : 0);
}

/* Annotates the documents the reader has (a JSON Lines input holds many);
 * *n counts those of the input's own stream. */
static void annotate_docs(run_state *rs, const char *path, const char *rel,
                          size_t *n)
{
    nt_error err;
    int rc, pairs = rs->o->outdir && rs->fmt->text_ext;
    while ((rc = nt_reader_next(rs->reader, &rs->doc, &err)) != 0) {
        if (rc < 0) {
            report(path, err.msg);
            rs->failed = 1;
            rs->progress.errors++;
            continue;
        }
        set_ref_date(&rs->doc, rs->o);
        expect_stream(rs, rs->doc.len);
        nt_extract(rs->x, &rs->doc);
        filter_types(&rs->doc.ents, rs->o->typemask);
        if (pairs) {
            write_pair(rs, rel);
        } else if (rs->o->outdir) {
            render(rs, (*n)++);
        } else if (rs->cap) {
            capture(rs);
        } else {
            if (rs->ndocs == 0)
                adopt_jsonl(rs);
            rs->fo.spill = spill_stdout; /* a long document streams out */
            render(rs, rs->ndocs++);
            rs->fo.spill = NULL;
            flush_stdout(rs);
        }
    }
}

static void read_failed(run_state *rs, const char *path, const char *why)
{
    report(path, why);
    rs->failed = 1;
    rs->progress.errors++;
}

/* The end of the last whole line of s's unread bytes; 0 if none. */
static size_t whole_lines(const nt_input_stream *s)
{
    size_t n = s->len;
    while (n > 0 && s->buf[n - 1] != '\n')
        n--;
    return n;
}

/* A JSON Lines input, its lines annotated as they come: memory holds one
 * piece of the input (a megabyte, or the longest line), however long the
 * stream, and a pipe's lines are answered before it ends. Returns the
 * bytes read. */
static size_t annotate_stream(run_state *rs, nt_input_stream *s,
                              const char *path, const char *rel, size_t *n)
{
    nt_error err;
    size_t total = 0;
    int opened = 0;
    rs->stream_size = s->regular ? s->size : 0; /* a pipe's size is unknown */
    rs->stream_done = 0;
    for (;;) {
        size_t cut = s->eof ? s->len : whole_lines(s);
        if (cut) {
            char *block = nt_input_stream_take(s, cut);
            if (opened) {
                nt_reader_more(rs->reader, block, cut);
            } else {
                nt_reader_open(rs->reader, path, block, cut);
                opened = 1;
            }
            total += cut;
            annotate_docs(rs, path, rel, n);
            if (!s->regular)
                fflush(stdout); /* what a pipe gave is answered */
        }
        if (s->eof)
            break;
        if (nt_input_stream_read(s, &err)) {
            read_failed(rs, path, err.msg);
            break;
        }
    }
    rs->stream_size = 0;
    return total;
}

/* Whether buf[0..len) holds nothing but white space and a BOM: the kind of
 * an input is told by its first other byte. */
static int all_blank(const char *buf, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (!strchr(" \t\r\n\xEF\xBB\xBF", buf[i]) || !buf[i])
            return 0;
    return 1;
}

/* Reads the start of s, enough to tell its kind. */
static int read_start(nt_input_stream *s, nt_error *err)
{
    do {
        if (nt_input_stream_read(s, err))
            return -1;
    } while (!s->eof && all_blank(s->buf, s->len));
    return 0;
}

/* Reads, annotates and writes one input; rel names its output under -o. A
 * JSON Lines input is read a piece at a time, any other whole. */
static void annotate(run_state *rs, const input_item *it)
{
    const char *path = item_string(rs, it->path), *rel = item_string(rs, it->rel);
    nt_input_stream s;
    nt_error err;
    size_t n = 0, len = 0;
    if ((it->regular ? nt_input_stream_open_regular(&s, path, &err)
                     : nt_input_stream_open(&s, path, &err)) ||
        read_start(&s, &err)) {
        read_failed(rs, path, err.msg);
        nt_input_stream_close(&s);
        nt_progress_file(&rs->progress, 0);
        return;
    }
    if (nt_reader_kind(rs->reader, path, s.buf, s.len) == NT_IN_JSONL) {
        docs_begin(rs);
        len = annotate_stream(rs, &s, path, rel, &n);
        docs_end(rs, rel, n);
    } else if (nt_input_stream_read_all(&s, &err)) {
        read_failed(rs, path, err.msg);
    } else {
        len = s.len;
        nt_reader_open(rs->reader, path, nt_input_stream_take(&s, s.len), len);
        docs_begin(rs);
        annotate_docs(rs, path, rel, &n);
        docs_end(rs, rel, n);
    }
    nt_input_stream_close(&s);
    nt_progress_file(&rs->progress, len);
}

/* Keeps s (NULL: none) in rs->names; returns its offset there. */
static size_t keep_string(run_state *rs, const char *s)
{
    if (!s)
        return NO_STRING;
    size_t at = rs->names.len;
    nt_buf_put(&rs->names, s, strlen(s) + 1);
    return at;
}

/* Queues an input (reason NULL) or an error to report in its place. */
static input_item *add_item(run_state *rs, const char *path, const char *rel,
                            const char *reason)
{
    rs->items = nt_xgrow(rs->items, &rs->itemcap, rs->nitems + 1,
                         sizeof *rs->items);
    rs->items[rs->nitems] = (input_item){keep_string(rs, path),
                                         keep_string(rs, rel),
                                         keep_string(rs, reason), 0};
    return &rs->items[rs->nitems++];
}

/* The walk hands over regular files only (nt_input_walk). */
static int on_walk_file(const char *path, const char *rel, void *ctx)
{
    add_item(ctx, path, rel, NULL)->regular = 1;
    return 0;
}

static void on_walk_error(const char *path, const char *reason, void *ctx)
{
    add_item(ctx, path, NULL, reason);
}

/* One operand: stdin, a file, or with -r a folder walked in sorted order. */
static void annotate_operand(run_state *rs, const char *arg)
{
    if (strcmp(arg, "-") == 0) {
        add_item(rs, "-", "stdin", NULL);
    } else if (!is_dir(arg)) {
        char *copy = nt_xstrdup(arg);
        add_item(rs, arg, basename(copy), NULL);
        free(copy);
    } else if (!rs->o->recursive) {
        add_item(rs, arg, NULL,
                 "is a directory (use -r to annotate the files below it)");
    } else {
        nt_input_walk(arg, rs->o->includes, rs->o->nincludes, on_walk_file,
                      on_walk_error, rs);
    }
}

/* Several documents in one stream: more than one operand, or a folder. */
static int several_inputs(const nt_opts *o)
{
    if (o->ninputs > 1 || o->files0_from)
        return 1;
    if (o->input && strcmp(o->input, "jsonl") == 0)
        return 1; /* a document a line */
    if (!o->input && o->ninputs == 1 &&
        nt_reader_detect(NT_IN_AUTO, o->inputs[0], "", 0) == NT_IN_JSONL)
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

/* Annotates queued input i, or reports its error. The extractor hears of
 * the inputs after it, this process's share of them: a long run
 * JIT-compiles its rules early. */
static void run_item(run_state *rs, size_t i)
{
    const input_item *it = &rs->items[i];
    if (it->reason != NO_STRING) {
        report(item_string(rs, it->path), item_string(rs, it->reason));
        rs->failed = 1;
        rs->progress.errors++;
    } else {
        nt_extractor_expect(rs->x, ++rs->done,
                            (rs->nitems - i - 1) / rs->jobs);
        annotate(rs, it);
    }
}

/* Under -j: annotates input i into r (see batch.h), in a worker or in the
 * parent; what batch_sink counts is put back as it was. */
static void batch_item(size_t i, nt_batch_result *r, void *ctx)
{
    run_state *rs = ctx;
    nt_progress progress = rs->progress;
    int failed = rs->failed;
    rs->cap = r;
    rs->failed = 0;
    rs->progress.enabled = 0; /* batch_sink draws the line */
    rs->progress.errors = 0;
    run_item(rs, i);
    r->failed = rs->failed;
    r->errors = rs->progress.errors;
    r->bytes = (size_t)(rs->progress.bytes - progress.bytes);
    rs->cap = NULL;
    rs->failed = failed;
    rs->progress = progress;
}

/* In the parent: input i's result, in input order. */
static void batch_sink(size_t i, const nt_batch_result *r, void *ctx)
{
    run_state *rs = ctx;
    const nt_buf *head = rs->ndocs && rs->index_matters ? &r->later : &r->first;
    (void)i;
    flush_stdout(rs); /* what begin wrote */
    put_stdout(head->data, head->len);
    put_stdout(r->rest.data, r->rest.len);
    fwrite(r->err.data ? r->err.data : "", 1, r->err.len, stderr);
    rs->ndocs += r->ndocs;
    rs->failed |= r->failed;
    rs->progress.errors += r->errors;
    nt_progress_file(&rs->progress, r->bytes);
}

/* Annotates the queued inputs: in this process, or with -j N (default: one
 * worker per core) in worker processes when there are several. */
static void run_items(run_state *rs)
{
    size_t jobs = rs->o->jobs > 0 ? (size_t)rs->o->jobs : nt_batch_cores();
    nt_error err;
    if (jobs > rs->nitems)
        jobs = rs->nitems;
    rs->jobs = jobs ? jobs : 1;
    if (jobs <= 1) {
        for (size_t i = 0; i < rs->nitems; i++)
            run_item(rs, i);
    } else {
        /* what begin wrote goes first: the parent annotates too, into
         * rs->out, before it takes back the first result */
        flush_stdout(rs);
        if (nt_batch_run(rs->nitems, jobs, batch_item, batch_sink, rs, &err)) {
            fprintf(stderr, "newstag: %s\n", err.msg);
            rs->failed = 1;
        }
    }
    free(rs->items);
    rs->items = NULL;
    rs->nitems = rs->itemcap = 0;
    rs->names.len = 0;
}

/* --files0-from: every path of a NUL-separated list (find -print0), as if
 * given as operands. An empty name is an error, as in GNU du and wc. */
static void annotate_files0(run_state *rs, const char *list)
{
    char *data;
    size_t len;
    nt_error err;
    if (nt_input_read(list, &data, &len, &err)) {
        add_item(rs, list, NULL, err.msg);
        return;
    }
    for (size_t i = 0; i < len;) {
        size_t n = strlen(data + i); /* nt_input_read NUL-terminates */
        if (n == 0) {
            add_item(rs, list, NULL, "empty file name in the list");
        } else {
            annotate_operand(rs, data + i);
        }
        i += n + 1;
    }
    free(data);
}

/* Annotates every operand (stdin when none) into one stream or -o files. */
static void run_all(run_state *rs)
{
    const nt_opts *o = rs->o;
    if (!o->outdir && rs->fmt->begin)
        rs->fmt->begin(&rs->out, &rs->fo);
    if (o->ninputs == 0 && !o->files0_from)
        annotate_operand(rs, "-");
    for (size_t i = 0; i < o->ninputs; i++)
        annotate_operand(rs, o->inputs[i]);
    if (o->files0_from)
        annotate_files0(rs, o->files0_from);
    run_items(rs);
    if (!o->outdir && rs->fmt->end)
        rs->fmt->end(&rs->out, rs->ndocs, &rs->fo);
    flush_stdout(rs);
}

/* The reader for -i, --xpath and the JSONL field names, and the offset
 * options; NULL after reporting a bad value. */
static nt_reader *open_reader(const nt_opts *o, run_state *rs)
{
    nt_reader_opts ro = {.xpath = o->xpath, .id_field = o->id_field,
                         .text_field = o->text_field,
                         .date_field = o->date_field};
    if (o->input && nt_reader_kind_parse(o->input, &ro.kind)) {
        fprintf(stderr, "newstag: unknown input kind '%s' (text, html, xml, jsonl)\n",
                o->input);
        return NULL;
    }
    if (o->offsets && nt_off_unit_parse(o->offsets, &rs->unit)) {
        fprintf(stderr, "newstag: unknown offsets unit '%s' (bytes, chars, utf16)\n",
                o->offsets);
        return NULL;
    }
    rs->fo.conv = &rs->conv;
    rs->fo.html_offsets = o->html_offsets;
    return nt_reader_new(&ro);
}

/* A failed write to stdout (disk full, closed descriptor) is an error too. */
static int close_stdout(void)
{
    if (stdout_errno || fflush(stdout) != 0 || ferror(stdout) || fclose(stdout) != 0) {
        fprintf(stderr, "newstag: write error: %s\n",
                strerror(stdout_errno ? stdout_errno : errno));
        return EXIT_SOME_FAILED;
    }
    return EXIT_ALL_DONE;
}

/* newstag eval: annotates the gold file's documents and prints the scores.
 * A gold file that cannot be read or parsed is a usage error. */
static int run_eval(const nt_opts *o, nt_extractor *x)
{
    nt_eval_opts eo = {.gold = o->gold, .by_source = o->by_source,
                       .typemask = o->typemask, .types_given = o->ntypelists > 0,
                       .inputs = (const char *const *)o->inputs,
                       .ninputs = o->ninputs};
    nt_error err;
    int rc = nt_eval_run(x, &eo, stdout, &err);
    nt_extractor_free(x);
    if (rc)
        fprintf(stderr, "newstag: %s\n", err.msg);
    int status = close_stdout();
    return rc ? EXIT_USAGE : status;
}

/* Output to a file or a pipe goes out in writes of 64 KB rather than
 * stdio's 4 KB (a system call each: 850 of them for 2,160 small files);
 * a terminal keeps its lines. What a pipe gives is still answered as it
 * comes (see annotate_stream). */
static void buffer_stdout(void)
{
    static char buf[STDOUT_BUFFER]; /* glibc would ignore the size without it */
    if (!isatty(STDOUT_FILENO))
        setvbuf(stdout, buf, _IOFBF, sizeof buf);
}

/* Documents come one after another, each needing buffers about as large
 * as the last: keep freed memory for the next one instead of handing it
 * back to the system and faulting it in again (glibc returns memory above
 * 128 KB at the top of the heap, and serves blocks of 128 KB and more with
 * mmap, per document). Peak memory stays that of the largest document.
 * Blocks of 2 MB and more are mapped on their own, of huge pages (util.c's
 * huge_block), and kept by the arrays that grew to them; smaller ones come
 * from the heap, whose first 8 MB are made of huge pages too: what the
 * bench's 2,160 files take at most. With the large blocks out of it, a
 * long document's smaller arrays stay in those 8 MB, where they were in
 * 4 KB pages past the large ones (the bench's 2.8 MB document: 914 -> 427
 * page faults, 4-7% less CPU). */
static void keep_freed_memory(void)
{
#ifdef M_TRIM_THRESHOLD
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
    mallopt(M_MMAP_THRESHOLD, 2 << 20);
#endif
    (void)nt_heap_huge_pages(8 << 20);
}

int main(int argc, char **argv)
{
    nt_opts o;
    nt_error err;
    keep_freed_memory();
    buffer_stdout();
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
    if (rs.fmt->prepare && rs.fmt->prepare(&err)) {
        fprintf(stderr, "newstag: %s\n", err.msg);
        return EXIT_USAGE;
    }
    char databuf[PATH_MAX + 64];
    nt_extract_opts xo = {
        .datadir = find_datadir(&o, databuf, sizeof databuf),
        .gazetteers = o.gazetteers, .ngazetteers = o.ngazetteers,
        .rules = o.rules, .nrules = o.nrules,
        .no_default_data = o.no_default_data, .explain = o.explain};
    rs.fo.explain = o.explain;
    rs.fmt_default = !o.format;
    if (!(rs.x = nt_extractor_load_opts(&xo, &err)) ||
        nt_cli_types(&o, &o.typemask, &err)) {
        fprintf(stderr, "newstag: %s\n", err.msg);
        nt_extractor_free(rs.x);
        return EXIT_USAGE;
    }
    if (o.eval)
        return run_eval(&o, rs.x);
    if (!(rs.reader = open_reader(&o, &rs))) {
        nt_extractor_free(rs.x);
        return EXIT_USAGE;
    }
    nt_output_install_signal_cleanup();
    nt_doc_init(&rs.doc);
    nt_buf_init(&rs.out);
    nt_buf_init(&rs.names);
    nt_progress_init(&rs.progress, o.progress);
    rs.index_matters = index_matters(&rs);
    run_all(&rs);
    nt_progress_done(&rs.progress);
    nt_doc_free(&rs.doc);
    nt_buf_free(&rs.out);
    nt_buf_free(&rs.names);
    nt_reader_free(rs.reader);
    nt_extractor_free(rs.x);
    int status = close_stdout();
    return rs.failed ? EXIT_SOME_FAILED : status;
}
