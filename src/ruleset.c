/* ruleset.c - compiled rules, run anchored at a start (see ruleset.h).
 *
 * Speed, with every rule firing exactly where and as it would alone:
 * - the rules of one site run as one pattern, one JIT-compiled call at a
 *   start instead of one per rule, once they are hot (see batch); before,
 *   each that may start there runs alone, interpreted (see run_each);
 * - what a rule's match can begin with and hold (see reach.h) tells where
 *   the text rules all the rules of a batch out, so that it is not run:
 *   its first bytes, and in time its first words and what follows them
 *   (see start_fits). */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "ruleset.h"

#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "bytecache.h"
#include "patshare.h"
#include "reach.h"
#include "utf8.h"
#include "util.h"
#include "wordtest.h"

/* Bounds on one match, so that a runaway pattern fails instead of hanging. */
#define MATCH_LIMIT 200000
#define DEPTH_LIMIT 5000
/* Numbered callouts go up to 255: larger batches are split. */
#define BATCH_MAX 255
/* A pattern is JIT-compiled on its HOT-th run (a batch's combined pattern
 * is compiled then), and interpreted before: a JIT compilation costs as
 * much as a few hundred interpreted runs, and on one short article most
 * of the 60 batches run a few times each (the
 * JIT compilation of all of them was a fifth of the time newstag took on
 * one article). 32 costs the sample article no more than 64 did, and is
 * 5% faster on 2,160 articles; 16 costs that article half as much again.
 * A large pattern waits longer, a run per HOT_BYTES of its compiled size:
 * its compilation costs in proportion (the 20 rules of @timeunit, 16 KB,
 * took 5 ms to JIT-compile, a third of the time of a 1.7 KB article that
 * ran them 62 times, interpreted in 0.4 ms). With a batch's rules
 * interpreted one by one (see run_each), HOT 16 or 64 changed 2,160
 * articles by under 0.3% and neither the sample article nor one of 4.6 KB;
 * HOT_BYTES 128 took 1% off 2,160 articles and made that 4.6 KB one 2.6
 * times as costly (it JIT-compiled @timeunit's batch). Since the batches'
 * repeated groups are shared (SHARE_MIN), their JIT compilation costs a
 * quarter less (@timeunit's 11.6 -> 8.5M instructions), and 80, not 64,
 * keeps a run's worth as it was: a tenth of the bench file (276 KB) 70.3
 * -> 64.0M instructions, 50 KB of it -1.2%, 216 articles -1.4%; no
 * newsdev article nor any of TempEval-3's 40 longest, each run alone,
 * changed by 0.1% (128 cost one of them 24%, 96 cost the 50 KB 7%). */
#define HOT 32
#define HOT_BYTES 80
/* A batch's combined pattern is about its rules' compiled sizes, less the
 * header each compiled pattern has and the combined one has once (PCRE2
 * 10.42: 116 to 127 bytes fewer a rule): see batch_hot_run. */
#define CODE_HEADER 120
/* In a run of many inputs a pattern is JIT-compiled before its hot run
 * when its runs so far, at that pace, promise FORECAST times its hot run
 * in the inputs still ahead (see nt_ruleset_expect): in such a run nearly
 * every batch pays its compilation back many times, and the runs before
 * the hot one were 23M instructions of the 637M of 2,160 articles. 4 took
 * 14.5M off them (216 articles: 8%), 16 10.5M, 64 8M; a single input
 * runs as before. */
#define FORECAST 4
/* Within a long text the same forecast is made by bytes: the runs so far
 * against the bytes of the process's texts so far, promised over the bytes
 * of this text still ahead (a 2.76 MB document ran 3,351 interpreted runs
 * of batches before they were hot, 15M instructions). Not before
 * TEXT_AFTER bytes, so that one early run does not compile a pattern that
 * is rare. 4,096 rather than 16,384 (instructions): the 2.76 MB file
 * -0.8%, texts of 50 KB to 276 KB -1.7% to -2.9% (CoNLL dev, TimeBank,
 * AQUAINT), 60 KB of CoNLL train +3.3%; no newsdev article nor any of
 * TempEval-3's 40 longest, each run alone, by 1% (2,048: much the same,
 * the 276 KB text a little worse). */
#define TEXT_AFTER 4096
/* A cover batch's words are read at its VOCAB_AFTER-th keyword (see
 * vocab_limit): most batches of a short article never need them. */
#define VOCAB_AFTER 64
/* The first words of a cover batch's matches are read at its
 * STARTS_AFTER-th start (see start_fits), much sooner: a start they rule
 * out saves a run, which before JIT costs about what reading them does
 * (4 took the sample article from 4.65 to 4.34 million instructions; 64
 * cost 2,160 articles 0.4 million fewer). */
#define STARTS_AFTER 4
/* A batch's keys (see keys_fit) are read at its KEYS_AFTER-th start: a
 * batch's keys can be hundreds, which read at its 4th start cost the
 * sample article 13% more instructions; at its 32nd, nothing (64 cost
 * 2,160 articles 0.2M more). */
#define KEYS_AFTER 32
/* After JUDGE_TRIAL starts judged by a batch's keys (see keys_fit), it
 * goes on judging only if it turned away at least one in JUDGE_KEEP:
 * judging a start costs a tenth of a run or so, so where it seldom saves
 * one (a month's batch, at its keywords, turns none away) it is dropped. */
#define JUDGE_TRIAL 64
#define JUDGE_KEEP 8
/* A cover batch's bytes are read from a table (see span_table) from its
 * TABLE_AFTER-th keyword on, by its byte sets before: making the table
 * costs what about ten keywords' reading by the sets does, which a short
 * article may not have (made at each batch's first keyword, it cost the
 * sample article 0.6% more instructions; at the 16th, 0.04%). */
#define TABLE_AFTER 16
/* A batch's combined pattern is compiled with each group of SHARE_MIN
 * bytes or more that it holds twice or more written once, as a subroutine
 * its copies call (see patshare.h): its JIT code is smaller and costs
 * less to make, but a call costs its matching more than the group written
 * out (PCRE2 saves and restores the group's private data). On the 2.76 MB
 * file, against no sharing, in instructions of pcre2_jit_compile /
 * pcre2_jit_match: 50 bytes -9.3M / +9.7M; 100 -8.7M / +7.4M; 150 -7.4M /
 * +5.7M; 200 -7.1M / +5.3M; 300 -5.1M / +3.1M (the JIT code of the 15
 * batches 583 KB -> 486 KB, @timeunit's 211 -> 148 KB); 500 -4.5M /
 * +2.9M. Rules by the number of copies or the bytes saved did worse
 * (three copies or more: -1.3M net at best; copies - 1 times the bytes
 * 1,000 or more: -1.9M); so did writing a shared group's own repeats out
 * in its definition (-1.6M against -2.0M). */
#define SHARE_MIN 300

unsigned nt_ruleset_hot_run(size_t size)
{
    return size / HOT_BYTES > HOT ? (unsigned)(size / HOT_BYTES) : HOT;
}

static unsigned hot_run(const pcre2_code *code)
{
    size_t size = 0;
    pcre2_pattern_info(code, PCRE2_INFO_SIZE, &size);
    return nt_ruleset_hot_run(size);
}

typedef struct {
    char *name;
    nt_type type;
    int priority;
    int span_group;
    pcre2_code *code;
    char *pattern;    /* expanded, owned: batches are built from it */
    const char *file; /* the rules file (borrowed, see nt_rule_info) */
    uint32_t line;    /* and the rule's line in it, for --explain */
    int runaway;      /* a match limit was hit and reported (once) */
    unsigned runs;    /* runs alone so far, up to hot: then JIT (see HOT) */
    unsigned hot;
    int combines;     /* it can be an alternative of a batch (see combines) */
    uint64_t found;   /* the round (nt_ruleset.round) it last fired in */
    nt_entity hit;    /* and what it found then */
} rule;

/* What a match can begin with: a first byte, and a second one (every byte
 * when the match can be one character long). */
typedef struct {
    nt_byteset first, second;
} starts;

/* Rules that run at the same place share one pcre2_match call there: their
 * patterns are the alternatives of one pattern, each an atomic group (the
 * rule's first match, as if it ran alone) followed by a callout that notes
 * the match and fails, so that the next alternative runs. */
typedef struct {
    /* The combined pattern, compiled on the batch's hot run (see
     * batch_jit), NULL before; only for JIT: before, its rules run one by
     * one (see run_each). A batch of one rule runs it alone. */
    pcre2_code *code;
    unsigned runs;    /* up to hot, then jit is set (see HOT) */
    unsigned hot;
    int jit;          /* 1: code is JIT-compiled; -1: no code or no JIT,
                         the rules run alone (see run_each) */
    size_t *rules;    /* rule indexes; callout i + 1 reports rules[i] */
    uint32_t *span;   /* span group of rules[i] in code, 0 if none */
    size_t n;
    /* What the text must hold for a rule of the batch to fire (see reach.h):
     * a first byte, a second one (when no rule matches one character),
     * and, over what a cover rule's match spans, only bytes of its reach's
     * alpha and after white space only bytes of its after_space: those
     * as SPAN_* bits by byte, in_span (see span_table: 256 bytes, owned),
     * made at its TABLE_AFTER-th keyword, NULL before. */
    nt_byteset first, second, alpha, after_space;
    uint8_t *in_span;
    /* And after white space and a byte c (ASCII) of after_space, only
     * bytes of pairs[c] (see nt_reach_space_pairs: 128 sets, owned), read
     * with in_span; NULL before, or when any byte may follow. */
    nt_byteset *pairs;
    starts *start; /* rules[i]'s first bytes, for runs one by one */
    /* The text every match of rules[i] holds (nt_reach_text): a cover
     * rule whose text is not where its match would be cannot fire (see
     * cannot_fire); NULL when no rule has any, mustless of them none. */
    nt_reach_text *must;
    size_t mustless;
    /* The words its cover rules' matches can hold (vocab.h), read at its
     * VOCAB_AFTER-th keyword; NULL before, or when they can hold any. */
    nt_wordfilter *vocab;
    unsigned keywords; /* keywords so far, up to VOCAB_AFTER */
    /* The words its rules' matches can begin with (see start_fits), read
     * at its STARTS_AFTER-th start of a cover; NULL before, or when they
     * can begin with any. */
    nt_wordfilter *starts;
    /* How they begin, as keys (see keys_fit), read at its KEYS_AFTER-th
     * start, in place of starts; NULL before, when they can begin with
     * any word, or when they turned away too few (see JUDGE_TRIAL). */
    nt_keyfilter *keys;
    unsigned tries; /* starts so far, up to KEYS_AFTER */
    unsigned judged, turned; /* starts judged by it, and turned away, up
                                to JUDGE_TRIAL */
} batch;

struct nt_ruleset_site {
    nt_rule_ids rules; /* in the order added */
    batch *b;
    size_t nb;
    int dirty; /* rules were added since the batches were built */
};


struct nt_ruleset {
    rule *r; /* by index, each owned */
    size_t n, cap;
    pcre2_match_data *md;
    pcre2_match_context *mctx; /* rules run alone */
    pcre2_match_context *bctx; /* batches: mctx with the callout */
    pcre2_jit_stack *jit_stack;
    uint64_t round; /* see nt_ruleset_next_round and rule.found */
    size_t done, ahead; /* inputs (see nt_ruleset_expect) */
    size_t text_before, text_len; /* bytes (see nt_ruleset_text) */
    /* The rules that fired in this round, nfound of them, in the order
     * they fired; room for every rule. */
    size_t *fired, nfound;
    /* Compiled patterns kept between runs (see compile), or NULL; keyed
     * after this PCRE2's version, so that another one's are never used. */
    nt_bytecache *cache;
    char version[64];
    nt_wordtests *tests; /* owned: the rules' word tests */
};

static void out_of_memory(void)
{
    fprintf(stderr, "newstag: out of memory\n");
    abort();
}

static int rule_callout(pcre2_callout_block *cb, void *data);

/* Match data and contexts are made once and shared by every rule: there is
 * no running out of memory later, in the middle of a text. */
nt_ruleset *nt_ruleset_new(void)
{
    nt_ruleset *rs = nt_xcalloc(1, sizeof *rs);
    rs->tests = nt_wordtests_new();
    rs->md = pcre2_match_data_create(32, NULL);
    rs->mctx = pcre2_match_context_create(NULL);
    rs->jit_stack = pcre2_jit_stack_create(32 * 1024, 1024 * 1024, NULL);
    if (rs->mctx) {
        pcre2_set_match_limit(rs->mctx, MATCH_LIMIT);
        pcre2_set_depth_limit(rs->mctx, DEPTH_LIMIT);
        pcre2_jit_stack_assign(rs->mctx, NULL, rs->jit_stack);
        pcre2_set_callout(rs->mctx, rule_callout, rs);
        rs->bctx = pcre2_match_context_copy(rs->mctx);
    }
    if (!rs->md || !rs->bctx || !rs->jit_stack)
        out_of_memory();
    pcre2_config(PCRE2_CONFIG_VERSION, rs->version);
    return rs;
}

void nt_ruleset_expect(nt_ruleset *rs, size_t done, size_t ahead)
{
    rs->done = done;
    rs->ahead = ahead;
}

int nt_ruleset_jit_due(unsigned runs, unsigned hot, size_t done,
                       size_t ahead)
{
    return runs >= hot ||
           (ahead && (uint64_t)runs * ahead >= (uint64_t)FORECAST * hot * done);
}

void nt_ruleset_text(nt_ruleset *rs, size_t len)
{
    rs->text_before += rs->text_len;
    rs->text_len = len;
}

int nt_ruleset_text_due(unsigned runs, unsigned hot, size_t before,
                        size_t at, size_t len)
{
    size_t done = before + at;
    return done >= TEXT_AFTER && at < len &&
           nt_ruleset_jit_due(runs, hot, done, len - at);
}

/* Whether a pattern on its runs-th run, at offset at of the text, is due
 * for JIT: by the inputs ahead or by the bytes ahead. */
static int due(const nt_ruleset *rs, unsigned runs, unsigned hot, size_t at)
{
    return nt_ruleset_jit_due(runs, hot, rs->done, rs->ahead) ||
           nt_ruleset_text_due(runs, hot, rs->text_before, at, rs->text_len);
}

void nt_ruleset_use_cache(nt_ruleset *rs, nt_bytecache *c)
{
    rs->cache = c;
}

void nt_ruleset_free(nt_ruleset *rs)
{
    if (!rs)
        return;
    for (size_t i = 0; i < rs->n; i++) {
        free(rs->r[i].name);
        free(rs->r[i].pattern);
        pcre2_code_free(rs->r[i].code);
    }
    free(rs->r);
    free(rs->fired);
    pcre2_match_data_free(rs->md);
    pcre2_match_context_free(rs->mctx);
    pcre2_match_context_free(rs->bctx);
    pcre2_jit_stack_free(rs->jit_stack);
    nt_wordtests_free(rs->tests);
    free(rs);
}

void nt_ruleset_word_test(nt_ruleset *rs, const char *name, const char *words,
                          size_t len)
{
    nt_wordtests_set(rs->tests, name, words, len);
}

/* A rule's callout: a word test fails the match where it hits (returns
 * 1), anything else lets it go on. */
static int test_callout(const nt_ruleset *rs, const pcre2_callout_block *cb)
{
    const char *s = (const char *)cb->callout_string;
    if (!s || cb->callout_string_length < 2 || s[0] != '!')
        return 0;
    return nt_wordtests_hit(rs->tests, s + 1, cb->callout_string_length - 1,
                            (const char *)cb->subject, cb->subject_length,
                            cb->current_position);
}

static int rule_callout(pcre2_callout_block *cb, void *data)
{
    return test_callout(data, cb);
}

size_t nt_ruleset_count(const nt_ruleset *rs)
{
    return rs->n;
}

void nt_rule_ids_add(nt_rule_ids *l, size_t i)
{
    l->v = nt_xgrow(l->v, &l->cap, l->n + 1, sizeof *l->v);
    l->v[l->n++] = i;
}

nt_ruleset_site *nt_ruleset_site_new(void)
{
    return nt_xcalloc(1, sizeof(nt_ruleset_site));
}

static void free_batches(nt_ruleset_site *s)
{
    for (size_t i = 0; i < s->nb; i++) {
        pcre2_code_free(s->b[i].code);
        nt_wordfilter_free(s->b[i].vocab);
        nt_wordfilter_free(s->b[i].starts);
        nt_keyfilter_free(s->b[i].keys);
        free(s->b[i].rules);
        free(s->b[i].span);
        free(s->b[i].start);
        free(s->b[i].must);
        free(s->b[i].in_span);
        free(s->b[i].pairs);
    }
    free(s->b);
    s->b = NULL;
    s->nb = 0;
}

void nt_ruleset_site_free(nt_ruleset_site *s)
{
    if (!s)
        return;
    free_batches(s);
    free(s->rules.v);
    free(s);
}

void nt_ruleset_site_add(nt_ruleset_site *s, size_t ri)
{
    nt_rule_ids_add(&s->rules, ri);
    s->dirty = 1;
}

/* The key of pattern pat[0..n) compiled with opts (kind 'C'; 'S' with its
 * repeated groups shared), or found valid (kind 'V'), in the cache. */
static void cache_key(const nt_ruleset *rs, nt_buf *key, char kind,
                      uint32_t opts, const char *pat, size_t n)
{
    char hex[9]; /* "%08x " without printf: keys are made for every rule at
                    start-up, and printf was a tenth of its instructions */
    for (int i = 0; i < 8; i++)
        hex[i] = "0123456789abcdef"[(opts >> (28 - 4 * i)) & 15];
    hex[8] = ' ';
    nt_buf_init(key);
    nt_buf_putc(key, kind);
    nt_buf_putc(key, ' ');
    nt_buf_puts(key, rs->version);
    nt_buf_putc(key, ' ');
    nt_buf_put(key, hex, 9);
    nt_buf_put(key, pat, n);
}

/* The cached compilation of key, or NULL. */
static pcre2_code *cached_code(const nt_ruleset *rs, const nt_buf *key)
{
    size_t n;
    const void *bytes = nt_bytecache_get(rs->cache, key->data, key->len, &n);
    pcre2_code *c = NULL;
    if (bytes && pcre2_serialize_get_number_of_codes(bytes) == 1 &&
        pcre2_serialize_decode(&c, 1, bytes, NULL) != 1)
        c = NULL; /* another PCRE2 build's: compiled again */
    return c;
}

static void cache_code(const nt_ruleset *rs, const nt_buf *key,
                       const pcre2_code *c)
{
    uint8_t *bytes;
    PCRE2_SIZE n;
    if (pcre2_serialize_encode(&c, 1, &bytes, &n, NULL) != 1)
        return;
    nt_bytecache_put(rs->cache, key->data, key->len, bytes, n);
    pcre2_serialize_free(bytes);
}

/* pcre2_compile of pat[0..n) with opts, with its repeated groups shared
 * (see SHARE_MIN) if share is set. */
static pcre2_code *compile_now(const char *pat, size_t n, uint32_t opts,
                               int share, int *code, PCRE2_SIZE *off)
{
    nt_buf shared;
    nt_buf_init(&shared);
    if (share && nt_patshare(pat, n, SHARE_MIN, &shared)) {
        pat = shared.data;
        n = shared.len;
    }
    pcre2_code *c = pcre2_compile((PCRE2_SPTR)pat, n, opts, code, off, NULL);
    nt_buf_free(&shared);
    return c;
}

/* pcre2_compile of pat[0..n) in UTF and UCP mode with opts (and share, as
 * compile_now), from the cache when it holds the compiled pattern
 * (compiling the rules was most of newstag's start-up), into it otherwise.
 * The cache's key is the pattern as given: a pattern found there is not
 * shared again (that was 1.05M instructions of a run on the 2.76 MB file,
 * a 15th of what sharing saved it). */
static pcre2_code *compile(const nt_ruleset *rs, const char *pat, size_t n,
                           uint32_t opts, int share, int *code,
                           PCRE2_SIZE *off)
{
    nt_buf key;
    opts |= PCRE2_UTF | PCRE2_UCP;
    cache_key(rs, &key, share ? 'S' : 'C', opts, pat, n);
    pcre2_code *c = rs->cache ? cached_code(rs, &key) : NULL;
    if (!c && (c = compile_now(pat, n, opts, share, code, off)) && rs->cache)
        cache_code(rs, &key, c);
    nt_buf_free(&key);
    return c;
}

static void refused(nt_error *err, const char *name, int code, PCRE2_SIZE off)
{
    PCRE2_UCHAR msg[256];
    pcre2_get_error_message(code, msg, sizeof msg);
    nt_error_set(err, "rule '%s': %s at offset %zu of the expanded pattern",
                 name, (const char *)msg, (size_t)off);
}

/* Compiles an expanded pattern anchored (pcre2_jit_match would ignore a
 * match-time PCRE2_ANCHORED); NULL with err set if PCRE2 refuses it. */
static pcre2_code *compile_as(const nt_ruleset *rs, const char *name,
                              const char *pat, nt_error *err)
{
    int code;
    PCRE2_SIZE off;
    pcre2_code *c =
        compile(rs, pat, strlen(pat), PCRE2_ANCHORED, 0, &code, &off);
    if (!c)
        refused(err, name, code, off);
    return c;
}

/* What the cache keeps of a pattern found valid is only that. */
int nt_ruleset_check(nt_ruleset *rs, const char *name, const char *pat,
                     nt_error *err)
{
    nt_buf key;
    size_t n;
    int code;
    PCRE2_SIZE off;
    cache_key(rs, &key, 'V', PCRE2_ANCHORED, pat, strlen(pat));
    int known = rs->cache && nt_bytecache_get(rs->cache, key.data, key.len, &n);
    pcre2_code *c = known ? NULL
                          : pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED,
                                          PCRE2_UTF | PCRE2_UCP | PCRE2_ANCHORED,
                                          &code, &off, NULL);
    if (!known && !c)
        refused(err, name, code, off);
    else if (!known && rs->cache)
        nt_bytecache_put(rs->cache, key.data, key.len, "", 0);
    pcre2_code_free(c);
    nt_buf_free(&key);
    return known || c ? 0 : -1;
}

/* Grows the shared match data to hold every group of code: with too short
 * an ovector pcre2_match returns 0 and the rule would never fire. */
static void fit_match_data(nt_ruleset *rs, const pcre2_code *code)
{
    uint32_t groups = 0;
    pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &groups);
    if (groups < pcre2_get_ovector_count(rs->md))
        return;
    pcre2_match_data_free(rs->md);
    rs->md = pcre2_match_data_create(groups + 1, NULL);
    if (!rs->md)
        out_of_memory();
}

/* Whether the construct after a '(' at p is one a rule may hold inside a
 * batch: groups, assertions and option settings, but not verbs, callouts,
 * references to groups by number or name, conditions, or extended mode (its
 * comments would run on over the rest of the batch). */
static int group_combines(const char *p)
{
    if (*p != '?')
        return *p != '*';
    p++;
    if (*p && strchr(":=!>|'<", *p))
        return 1;
    size_t opts = strspn(p, "imnsJU^-");
    return opts > 0 && (p[opts] == ':' || p[opts] == ')');
}

/* Whether pattern pat can be one alternative of a batch and still match as
 * it does alone. Conservative: when in doubt, the rule runs alone. Of the
 * callouts only word tests, which are strings: the batch's own are numbered
 * (see note_match). */
static int combines(const char *pat)
{
    for (const char *p = pat; *p; p++) {
        if (*p == '\\') {
            if (!*++p || strchr("123456789gkKQ", *p))
                return 0; /* references by number or name, \K, \Q...\E */
        } else if (*p == '(' && !group_combines(p + 1)) {
            size_t test = nt_reach_word_test(p, NULL, NULL);
            if (!test)
                return 0;
            p += test - 1; /* see note_match */
        }
    }
    return 1;
}

/* JIT comes when the rule first runs alone (see run_alone): most rules
 * run in batches only. */
long nt_ruleset_add(nt_ruleset *rs, const nt_rule_info *info, char *pat,
                    nt_error *err)
{
    pcre2_code *code = compile_as(rs, info->name, pat, err);
    if (!code)
        return -1;
    int g = pcre2_substring_number_from_name(code, (PCRE2_SPTR) "span");
    fit_match_data(rs, code);
    size_t cap = rs->cap;
    rs->r = nt_xgrow(rs->r, &rs->cap, rs->n + 1, sizeof *rs->r);
    if (rs->cap != cap)
        rs->fired = nt_xrealloc(rs->fired, rs->cap * sizeof *rs->fired);
    rs->r[rs->n] = (rule){.name = nt_xstrdup(info->name),
                          .type = info->type,
                          .priority = info->priority,
                          .span_group = g > 0 ? g : 0,
                          .code = code,
                          .hot = hot_run(code),
                          .combines = combines(pat),
                          .pattern = pat,
                          .file = info->file,
                          .line = info->line};
    return (long)rs->n++;
}

void nt_ruleset_next_round(nt_ruleset *rs)
{
    rs->round++;
    rs->nfound = 0;
}

/* A round's rules are its trigger's, which fire seldom and few at a
 * time: the ones that fired are sorted, not all of them looked at. */
void nt_ruleset_push_found(nt_ruleset *rs, nt_entities *out)
{
    size_t *f = rs->fired;
    if (!rs->nfound)
        return;
    for (size_t i = 1; i < rs->nfound; i++) /* insertion sort */
        for (size_t j = i; j > 0 && f[j - 1] > f[j]; j--) {
            size_t t = f[j];
            f[j] = f[j - 1];
            f[j - 1] = t;
        }
    for (size_t i = 0; i < rs->nfound; i++)
        nt_entities_push(out, &rs->r[f[i]].hit);
}

/* Compiles the batch of rules idx[0..n) into one pattern (see batch), its
 * repeated groups shared (see SHARE_MIN), and fills span. NULL if PCRE2
 * refuses the pattern.
 * (Guards on each alternative's first characters were tried: PCRE2 fails
 * those alternatives as fast by itself.) */
static pcre2_code *compile_batch(const nt_ruleset *rs, const size_t *idx,
                                 size_t n, uint32_t *span)
{
    nt_buf pat;
    nt_buf_init(&pat);
    uint32_t groups_before = 0;
    for (size_t i = 0; i < n; i++) {
        const rule *ru = &rs->r[idx[i]];
        uint32_t groups = 0;
        nt_buf_puts(&pat, i ? "|(?>" : "(?>"); /* "(?>%s)(?C%zu)", unprinted */
        nt_buf_puts(&pat, ru->pattern);
        nt_buf_puts(&pat, ")(?C");
        nt_buf_putu(&pat, i + 1);
        nt_buf_putc(&pat, ')');
        span[i] = ru->span_group ? groups_before + (uint32_t)ru->span_group : 0;
        pcre2_pattern_info(ru->code, PCRE2_INFO_CAPTURECOUNT, &groups);
        groups_before += groups;
    }
    int code;
    PCRE2_SIZE off;
    pcre2_code *c = compile(rs, pat.data, pat.len,
                            PCRE2_ANCHORED | PCRE2_DUPNAMES, 1, &code, &off);
    nt_buf_free(&pat);
    return c;
}

/* What a match of what reaches r can begin with. */
static starts starts_of(const nt_reach *r)
{
    return (starts){r->first, r->one ? nt_byteset_all : r->second};
}

/* The run on which the batch of rules idx[0..n) is JIT-compiled, by the
 * compiled size of its combined pattern, which is not compiled before (see
 * CODE_HEADER). */
static unsigned batch_hot_run(const nt_ruleset *rs, const size_t *idx,
                              size_t n)
{
    size_t size = 0;
    for (size_t i = 0; i < n; i++) {
        size_t one = 0;
        pcre2_pattern_info(rs->r[idx[i]].code, PCRE2_INFO_SIZE, &one);
        size += one > CODE_HEADER ? one - CODE_HEADER : 0;
    }
    return nt_ruleset_hot_run(size + CODE_HEADER);
}

/* Bits of batch.in_span by byte: no match holds the byte; it is white
 * space (after which a match holds only bytes of SPAN_AFTER); a match
 * holds it after white space. */
#define SPAN_STOP 1
#define SPAN_SPACE 2
#define SPAN_AFTER 4

/* The SPAN_* bits of every byte for b, in b->in_span: cover_limit reads
 * a byte's with one load, where the byte sets took up to three tests
 * (2,160 articles: 4.1M instructions fewer). */
static void span_table(batch *b)
{
    b->in_span = nt_xmalloc(256);
    for (unsigned c = 0; c < 256; c++) {
        unsigned w = c >> 6, i = c & 63;
        b->in_span[c] = (uint8_t)((((b->alpha.w[w] >> i) & 1) ^ 1) |
                                  ((nt_byteset_space.w[w] >> i) & 1) << 1 |
                                  ((b->after_space.w[w] >> i) & 1) << 2);
    }
}

/* Adds a batch of the rules idx[0..n) to s, which reach rc[0..n) and
 * whose matches hold must[0..n). */
static void add_batch(const nt_ruleset *rs, nt_ruleset_site *s,
                      const size_t *idx, const nt_reach *rc,
                      const nt_reach_text *must, size_t n)
{
    size_t *rules = nt_xmalloc(n * sizeof *rules);
    starts *start = nt_xmalloc(n * sizeof *start);
    nt_reach any = rc[0];
    memcpy(rules, idx, n * sizeof *idx);
    size_t mustless = 0;
    for (size_t i = 0; i < n; i++) {
        any = i ? nt_reach_or(&any, &rc[i]) : any;
        start[i] = starts_of(&rc[i]);
        mustless += !must[i].n;
    }
    nt_reach_text *texts = NULL;
    if (mustless < n && n > 1) { /* a batch of one runs it at each start */
        texts = nt_xmalloc(n * sizeof *texts);
        memcpy(texts, must, n * sizeof *texts);
    }
    starts all = starts_of(&any);
    s->b = nt_xrealloc(s->b, (s->nb + 1) * sizeof *s->b);
    s->b[s->nb++] = (batch){.hot = n > 1 ? batch_hot_run(rs, idx, n) : 0,
                            .rules = rules, .n = n,
                            .first = all.first, .second = all.second,
                            .start = start, .must = texts,
                            .mustless = mustless,
                            .alpha = any.alpha,
                            .after_space = any.after_space};
}

/* The versions of nt_reach_pattern's and nt_reach_words's readings (and
 * the other word readings) in the cache's keys: change them when reach.c
 * (or vocab.c) reads patterns otherwise. */
#define REACH_VERSION 6u
#define VOCAB_VERSION 6u

/* The cache's bytes for what a reading (kind, version) made of ru's
 * pattern, or NULL; *key is made either way, for a put after a miss (the
 * caller frees it). */
static const void *cached_reading(const nt_ruleset *rs, nt_buf *key, char kind,
                                  uint32_t version, const rule *ru, size_t *n)
{
    cache_key(rs, key, kind, version, ru->pattern, strlen(ru->pattern));
    return rs->cache ? nt_bytecache_get(rs->cache, key->data, key->len, n)
                     : NULL;
}

/* What rule ru can match (reach.h), and in *must the text its matches
 * hold, from the cache when an earlier run read them: the reading of the
 * rules' patterns was half the instructions of a run on one short
 * article. */
static nt_reach rule_reach(const nt_ruleset *rs, const rule *ru,
                           nt_reach_text *must)
{
    if (!ru->combines) {
        must->n = 0;
        return nt_reach_any();
    }
    nt_buf key;
    size_t n = 0;
    const char *v = cached_reading(rs, &key, 'R', REACH_VERSION, ru, &n);
    nt_reach r;
    if (v && n == sizeof r + sizeof *must) { /* the two, one after the other */
        memcpy(&r, v, sizeof r);
        memcpy(must, v + sizeof r, sizeof *must);
    } else {
        r = nt_reach_pattern_text(ru->pattern, must);
        if (rs->cache) {
            char both[sizeof r + sizeof *must];
            memcpy(both, &r, sizeof r);
            memcpy(both + sizeof r, must, sizeof *must);
            nt_bytecache_put(rs->cache, key.data, key.len, both, sizeof both);
        }
    }
    nt_buf_free(&key);
    return r;
}

/* Adds the rules idx[0..n) to s as one batch. */
static void add_batches(const nt_ruleset *rs, nt_ruleset_site *s,
                        const size_t *idx, size_t n)
{
    /* one block for both: an allocation and a free more a batch cost a
       short article 0.5% more instructions (malloc's consolidations) */
    nt_reach *rc = nt_xmalloc(n * (sizeof *rc + sizeof(nt_reach_text)));
    nt_reach_text *must = (nt_reach_text *)(rc + n);
    for (size_t i = 0; i < n; i++)
        rc[i] = rule_reach(rs, &rs->r[idx[i]], &must[i]);
    add_batch(rs, s, idx, rc, must, n);
    free(rc);
}

/* Compiles b's combined pattern, if not yet: 0, or -1 if PCRE2 refuses it
 * (over 64 KB compiled, say: then its rules run alone for good, the same
 * matches). Only when JIT is due: the rules run one by one before, and a
 * short text, where most batches never get hot, saves the patterns' keys
 * and copies from the cache (the sample article: 5% of its instructions). */
static int batch_code(const nt_ruleset *rs, batch *b)
{
    if (!b->code && !b->span) { /* span set: compiled, or tried */
        b->span = nt_xmalloc(b->n * sizeof *b->span);
        b->code = compile_batch(rs, b->rules, b->n, b->span);
    }
    return b->code ? 0 : -1;
}

/* Rebuilds the batches of s: the rules that combine in batches of up to
 * BATCH_MAX, the others alone. */
static void build_site(const nt_ruleset *rs, nt_ruleset_site *s)
{
    size_t *idx = nt_xmalloc((s->rules.n ? s->rules.n : 1) * sizeof *idx);
    size_t n = 0;
    free_batches(s);
    for (size_t i = 0; i < s->rules.n; i++) {
        size_t ri = s->rules.v[i];
        if (rs->r[ri].combines)
            idx[n++] = ri;
        else
            add_batches(rs, s, &ri, 1);
    }
    for (size_t i = 0; i < n; i += BATCH_MAX)
        add_batches(rs, s, idx + i, n - i < BATCH_MAX ? n - i : BATCH_MAX);
    free(idx);
    s->dirty = 0;
}


/* Whether pos falls between two letters or digits: a match never ends
 * inside a word ("Jan" must not match the start of "Janet"). */
static int inside_word(const char *text, size_t len, size_t pos)
{
    if (pos == 0 || pos >= len)
        return 0;
    size_t b = pos - 1;
    while (b > 0 && ((unsigned char)text[b] & 0xC0) == 0x80)
        b--;
    uint32_t prev, next;
    if (!nt_utf8_decode((const unsigned char *)text + b, len - b, &prev) ||
        !nt_utf8_decode((const unsigned char *)text + pos, len - pos, &next))
        return 0;
    return (nt_utf8_is_letter(prev) || nt_utf8_is_digit(prev)) &&
           (nt_utf8_is_letter(next) || nt_utf8_is_digit(next));
}

/* A rule that hit a match limit (catastrophic backtracking, most likely)
 * does not fire there; the first time, stderr says which rule it was, so
 * that a silent miss is not mistaken for a working rule. Once per process:
 * each -j worker may say it once. */
static void report_runaway(rule *ru, int rc)
{
    if (ru->runaway)
        return;
    ru->runaway = 1;
    PCRE2_UCHAR msg[120];
    if (pcre2_get_error_message(rc, msg, sizeof msg) < 0)
        snprintf((char *)msg, sizeof msg, "error %d", rc);
    fprintf(stderr,
            "newstag: %s:%u: rule %s: %s (the pattern backtracks too much; "
            "it does not fire where this happens)\n",
            ru->file ? ru->file : "?", (unsigned)ru->line, ru->name,
            (const char *)msg);
}

/* Notes that rule ri matched text[s..e) with the whole match ending at
 * mend, unless the span is empty, the match ends inside a word, or it stops
 * before min_end (a cover rule's keyword end; 0 otherwise). */
static void settle(nt_ruleset *rs, size_t ri, const char *text, size_t len,
                   size_t s, size_t e, size_t mend, size_t min_end)
{
    rule *ru = &rs->r[ri];
    if (e <= s || mend < min_end || inside_word(text, len, mend))
        return;
    ru->found = rs->round;
    rs->fired[rs->nfound++] = ri;
    ru->hit = (nt_entity){.start = s, .end = e, .type = ru->type,
                          .priority = ru->priority, .source = ru->name,
                          .line = ru->line, .file = ru->file};
}

/* Narrows a match *s..*e to span group g (0: none), when the group took
 * part in it: ov holds the match's groups, those below top set or unset. */
static void span_of(const PCRE2_SIZE *ov, uint32_t top, uint32_t g,
                    size_t *s, size_t *e)
{
    if (g && g < top && ov[2 * g] != PCRE2_UNSET) {
        *s = ov[2 * g];
        *e = ov[2 * g + 1];
    }
}

/* Runs rule ri's own pattern anchored at offset at (JIT-compiled or not),
 * and notes its match. */
static void match_rule(nt_ruleset *rs, size_t ri, const char *text,
                       size_t len, size_t at, size_t min_end)
{
    rule *ru = &rs->r[ri];
    int rc = pcre2_match(ru->code, (PCRE2_SPTR)text, len, at,
                         PCRE2_NO_UTF_CHECK, rs->md, rs->mctx);
    if (rc <= 0) {
        if (rc != PCRE2_ERROR_NOMATCH)
            report_runaway(ru, rc);
        return; /* no match, or a limit hit: the rule does not fire */
    }
    const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(rs->md);
    size_t s = ov[0], e = ov[1];
    span_of(ov, (uint32_t)rc, (uint32_t)ru->span_group, &s, &e);
    settle(rs, ri, text, len, s, e, ov[1], min_end);
}

/* Runs rule ri alone, anchored at offset at, unless it fired in this round
 * already (a cover rule at an earlier start). */
static void run_alone(nt_ruleset *rs, size_t ri, const char *text, size_t len,
                      size_t at, size_t min_end)
{
    rule *ru = &rs->r[ri];
    if (ru->found == rs->round)
        return;
    if (ru->runs < ru->hot && due(rs, ++ru->runs, ru->hot, at)) {
        ru->runs = ru->hot; /* most rules never run alone */
        pcre2_jit_compile(ru->code, PCRE2_JIT_COMPLETE);
    }
    match_rule(rs, ri, text, len, at, min_end);
}

/* What a batch's callout needs to know. */
typedef struct {
    nt_ruleset *rs;
    const batch *b;
    const char *text;
    size_t len, min_end;
} batch_run;

/* The callout at the end of each alternative of a batch: the rule's first
 * match at this start, which is what it finds alone. Returns 1 (fail) so
 * that matching goes on with the next alternative. A string callout is a
 * word test inside a rule, answered as when the rule runs alone. */
static int note_match(pcre2_callout_block *cb, void *data)
{
    const batch_run *br = data;
    if (cb->callout_string) /* a rule's own word test */
        return test_callout(br->rs, cb);
    uint32_t i = cb->callout_number - 1, g = br->b->span[i];
    size_t ri = br->b->rules[i];
    size_t s = cb->start_match, e = cb->current_position;
    if (br->rs->r[ri].found == br->rs->round)
        return 1;
    span_of(cb->offset_vector, cb->capture_top, g, &s, &e);
    settle(br->rs, ri, br->text, br->len, s, e, cb->current_position,
           br->min_end);
    return 1;
}

/* Whether a match that begins with a byte of first, and a byte of second
 * after it, may begin at at. */
static int starts_at(const nt_byteset *first, const nt_byteset *second,
                     const char *text, size_t len, size_t at)
{
    unsigned char c = (unsigned char)text[at];
    if (!nt_byteset_has(first, c))
        return 0;
    return c >= 0x80 || at + 1 >= len ||
           nt_byteset_has(second, (unsigned char)text[at + 1]);
}

/* Whether a rule of b may fire at at (see batch). */
static int can_start(const batch *b, const char *text, size_t len, size_t at)
{
    return starts_at(&b->first, &b->second, text, len, at);
}

/* Whether b runs JIT-compiled: from its hot-th run on, when PCRE2 takes
 * its combined pattern and JIT is available. Counts the run. */
static int batch_jit(const nt_ruleset *rs, batch *b, size_t at)
{
    if (!b->jit && due(rs, ++b->runs, b->hot, at)) {
        int ok = batch_code(rs, b) == 0 &&
                 pcre2_jit_compile(b->code, PCRE2_JIT_COMPLETE) == 0;
        b->jit = ok ? 1 : -1;
    }
    return b->jit == 1;
}

/* Runs those rules of b that may begin a match at at (by their own first
 * bytes) one by one, each its own pattern, as a batch's alternative matches
 * (see batch). Before a batch is hot this costs less than its pattern
 * interpreted, which tries every alternative in turn where only a few can
 * start (of the 20 of @timeunit, 6 on average) and misses the start-up
 * checks each pattern alone gets: 2,160 articles took 4.3M instructions
 * fewer (the interpreter's 28M), the sample article 8%. */
static void run_each(nt_ruleset *rs, const batch *b, const char *text,
                     size_t len, size_t at, size_t min_end)
{
    for (size_t i = 0; i < b->n; i++) {
        size_t ri = b->rules[i];
        if (!starts_at(&b->start[i].first, &b->start[i].second, text, len, at))
            continue;
        if (b->jit) /* one by one for good: each JIT-compiled when hot */
            run_alone(rs, ri, text, len, at, min_end);
        else if (rs->r[ri].found != rs->round)
            match_rule(rs, ri, text, len, at, min_end);
    }
}

/* Runs the rules of b anchored at at. A limit hit in the combined call
 * (a runaway rule, or the rules' work together) runs them again alone, so
 * that each fires or fails as it would alone and a runaway is named. */
static void run_batch(nt_ruleset *rs, batch *b, const char *text,
                      size_t len, size_t at, size_t min_end)
{
    if (b->n == 1) {
        run_alone(rs, b->rules[0], text, len, at, min_end);
        return;
    }
    if (!batch_jit(rs, b, at)) {
        run_each(rs, b, text, len, at, min_end);
        return;
    }
    batch_run br = {rs, b, text, len, min_end};
    pcre2_set_callout(rs->bctx, note_match, &br);
    int rc = pcre2_jit_match(b->code, (PCRE2_SPTR)text, len, at,
                             PCRE2_NO_UTF_CHECK, rs->md, rs->bctx);
    if (rc != PCRE2_ERROR_NOMATCH)
        for (size_t i = 0; i < b->n; i++)
            run_alone(rs, b->rules[i], text, len, at, min_end);
}

/* Where a match of a cover rule of b that reaches end may start, at the
 * earliest from from: after the last byte no such match can hold (see
 * batch). By the byte sets, before b has its table. */
static size_t cover_limit_sets(const batch *b, const char *text, size_t from,
                               size_t end)
{
    for (size_t i = end; i-- > from;) {
        unsigned char c = (unsigned char)text[i];
        if (!nt_byteset_has(&b->alpha, c) ||
            (i + 1 < end && nt_byteset_has(&nt_byteset_space, c) &&
             !nt_byteset_has(&b->after_space, (unsigned char)text[i + 1])))
            return i + 1;
    }
    return from;
}

/* Whether a match of a cover rule of b that reaches end may hold the
 * white space at text[i] (i + 1 < end) and what follows it: a byte of
 * SPAN_AFTER, and after it, while the match must reach it, a byte of b's
 * pairs for that one. */
static int space_fits(const batch *b, const char *text, size_t i, size_t end)
{
    unsigned char c = (unsigned char)text[i + 1];
    if (!(b->in_span[c] & SPAN_AFTER))
        return 0;
    return !b->pairs || c >= 0x80 || i + 2 >= end ||
           nt_byteset_has(&b->pairs[c], (unsigned char)text[i + 2]);
}

/* cover_limit_sets by b's table: one load a byte; and by its pairs. */
static size_t cover_limit(const batch *b, const char *text, size_t from,
                          size_t end)
{
    const uint8_t *span = b->in_span;
    if (!span)
        return cover_limit_sets(b, text, from, end);
    for (size_t i = end; i-- > from;) {
        unsigned v = span[(unsigned char)text[i]];
        if ((v & (SPAN_STOP | SPAN_SPACE)) &&
            ((v & SPAN_STOP) || (i + 1 < end && !space_fits(b, text, i, end))))
            return i + 1;
    }
    return from;
}

/* The words of rule ru's matches (kind 'W'), their first words ('F'), or
 * the keys they begin with ('N': nt_reach_first_words_next) (vocab.h),
 * from the cache when an earlier run (make's, for the rules shipped) read
 * them: reading a batch's patterns costs about what compiling them does. */
static nt_wordset rule_words(const nt_ruleset *rs, const rule *ru, char kind)
{
    if (!ru->combines)
        return (nt_wordset){.any = 1};
    nt_buf key;
    size_t n = 0;
    const void *v = cached_reading(rs, &key, kind, VOCAB_VERSION, ru, &n);
    nt_wordset w;
    if (!v || nt_wordset_read(&w, v, n) != 0) {
        w = kind == 'N'   ? nt_reach_first_words_next(ru->pattern)
            : kind == 'F' ? nt_reach_first_words(ru->pattern)
                          : nt_reach_words(ru->pattern);
        if (rs->cache) {
            nt_buf out;
            nt_buf_init(&out);
            nt_wordset_write(&w, &out);
            nt_bytecache_put(rs->cache, key.data, key.len, out.data, out.len);
            nt_buf_free(&out);
        }
    }
    nt_buf_free(&key);
    return w;
}

/* pairs as the cache keeps them: a mask of the bytes that have some (most
 * have none), then their sets. */
static void pairs_write(const nt_byteset pairs[128], nt_buf *out)
{
    uint64_t mask[2] = {0, 0};
    for (unsigned c = 0; c < 128; c++)
        if (pairs[c].w[0] | pairs[c].w[1] | pairs[c].w[2] | pairs[c].w[3])
            mask[c >> 6] |= 1ull << (c & 63);
    nt_buf_put(out, (const char *)mask, sizeof mask);
    for (unsigned c = 0; c < 128; c++)
        if ((mask[c >> 6] >> (c & 63)) & 1)
            nt_buf_put(out, (const char *)&pairs[c], sizeof *pairs);
}

/* pairs_write's bytes v[0..n) read back into pairs: 0, or -1 when they
 * are not such bytes. */
static int pairs_read(nt_byteset pairs[128], const uint8_t *v, size_t n)
{
    uint64_t mask[2];
    if (n < sizeof mask)
        return -1;
    memcpy(mask, v, sizeof mask);
    size_t rows = (size_t)(__builtin_popcountll(mask[0]) +
                           __builtin_popcountll(mask[1]));
    if (n != sizeof mask + rows * sizeof *pairs)
        return -1;
    v += sizeof mask;
    for (unsigned c = 0; c < 128; c++) {
        memset(&pairs[c], 0, sizeof *pairs);
        if ((mask[c >> 6] >> (c & 63)) & 1) {
            memcpy(&pairs[c], v, sizeof *pairs);
            v += sizeof *pairs;
        }
    }
    return 0;
}

/* Rule ru's pairs (nt_reach_space_pairs) in pairs, from the cache when an
 * earlier run read them (the empty value: any); -1 when any byte may
 * follow. */
static int rule_pairs(const nt_ruleset *rs, const rule *ru,
                      nt_byteset pairs[128])
{
    if (!ru->combines)
        return -1;
    nt_buf key;
    size_t n = 0;
    const void *v = cached_reading(rs, &key, 'P', REACH_VERSION, ru, &n);
    int rc;
    if (v && n == 0)
        rc = -1;
    else if (!v || pairs_read(pairs, v, n) != 0) {
        rc = nt_reach_space_pairs(ru->pattern, pairs);
        if (rs->cache) {
            nt_buf out;
            nt_buf_init(&out);
            if (rc == 0)
                pairs_write(pairs, &out);
            nt_bytecache_put(rs->cache, key.data, key.len, out.data, out.len);
            nt_buf_free(&out);
        }
    } else
        rc = 0;
    nt_buf_free(&key);
    return rc;
}

/* The pairs of b's rules, or NULL when any byte may follow (see
 * batch.pairs). */
static nt_byteset *batch_pairs(const nt_ruleset *rs, const batch *b)
{
    nt_byteset *all = nt_xcalloc(128, sizeof *all), one[128];
    for (size_t i = 0; i < b->n; i++) {
        if (rule_pairs(rs, &rs->r[b->rules[i]], one) != 0) {
            free(all);
            return NULL;
        }
        for (unsigned c = 0; c < 128; c++)
            for (int w = 0; w < 4; w++)
                all[c].w[w] |= one[c].w[w];
    }
    return all;
}

/* The words of b's rules' matches (kind 'W') or their first words ('F');
 * NULL when they can hold any word. */
static nt_wordfilter *batch_words(const nt_ruleset *rs, const batch *b,
                                  char kind)
{
    nt_wordfilter *f = nt_wordfilter_new();
    int some = 1;
    for (size_t i = 0; i < b->n && some; i++) {
        nt_wordset w = rule_words(rs, &rs->r[b->rules[i]], kind);
        some = nt_wordfilter_add(f, &w);
        nt_wordset_free(&w);
    }
    if (some)
        return f;
    nt_wordfilter_free(f);
    return NULL;
}

/* batch_keys made from the rules' readings. */
static nt_keyfilter *make_keys(const nt_ruleset *rs, const batch *b)
{
    nt_wordset *w = nt_xmalloc(b->n * sizeof *w);
    size_t n = 0;
    while (n < b->n && !(n && w[n - 1].any)) {
        w[n] = rule_words(rs, &rs->r[b->rules[n]], 'N');
        n++;
    }
    nt_keyfilter *f = nt_keyfilter_new(w, n);
    for (size_t i = 0; i < n; i++)
        nt_wordset_free(&w[i]);
    free(w);
    return f;
}

/* How b's rules' matches can begin, as keys of nt_word_lead (kind 'N');
 * NULL when they can begin with any word. From the cache (kind 'K', keyed
 * by the rules' patterns) when an earlier run made it (the empty value:
 * NULL): making the filters was 2.9M instructions of 343M on a 2.76 MB
 * text, and of 341M on 2,160 articles. */
static nt_keyfilter *batch_keys(const nt_ruleset *rs, const batch *b)
{
    if (!rs->cache)
        return make_keys(rs, b);
    nt_buf pats, key, out;
    size_t n = 0;
    nt_buf_init(&pats);
    for (size_t i = 0; i < b->n; i++) /* a NUL after each: none holds one */
        nt_buf_put(&pats, rs->r[b->rules[i]].pattern,
                   strlen(rs->r[b->rules[i]].pattern) + 1);
    cache_key(rs, &key, 'K', VOCAB_VERSION << 8 | NT_KEYFILTER_VERSION,
              pats.data, pats.len);
    nt_buf_free(&pats);
    const void *v = nt_bytecache_get(rs->cache, key.data, key.len, &n);
    nt_keyfilter *f = v && n ? nt_keyfilter_read(v, n) : NULL;
    if (!f && !(v && !n)) { /* not cached, or not such bytes */
        nt_buf_init(&out);
        if ((f = make_keys(rs, b)) != NULL)
            nt_keyfilter_write(f, &out);
        nt_bytecache_put(rs->cache, key.data, key.len, out.data, out.len);
        nt_buf_free(&out);
    }
    nt_buf_free(&key);
    return f;
}

/* Whether a rule of b may begin at at, by the text's word there (see
 * batch.starts). A match that begins there holds that word whole, or ends
 * inside it and does not fire. Not judged: a start at a character beyond
 * ASCII or of no word, or a word that runs into one beyond ASCII (a
 * match's word can too, and the words of vocab.h end there). */
static int word_fits(const batch *b, const char *text, size_t len, size_t at)
{
    char w[NT_WORDSET_CAP + 1];
    size_t n = 0;
    while (n < sizeof w && at + n < len &&
           (w[n] = nt_word_byte((unsigned char)text[at + n])))
        n++;
    if (n == 0 || (at + n < len && (unsigned char)text[at + n] >= 0x80))
        return 1;
    return nt_wordfilter_has(b->starts, w, n);
}

/* Whether a rule of b may begin at at, by how the text goes on there
 * (nt_keyfilter_judge): that word and what follows it, the next words.
 * Dropped after JUDGE_TRIAL starts if it turned away too few. */
static int keys_fit(batch *b, const char *text, size_t len, size_t at)
{
    int fits = nt_keyfilter_judge(b->keys, text, len, at);
    if (b->judged < JUDGE_TRIAL) {
        b->turned += !fits;
        if (++b->judged == JUDGE_TRIAL && b->turned * JUDGE_KEEP < JUDGE_TRIAL) {
            nt_keyfilter_free(b->keys);
            b->keys = NULL;
        }
    }
    return fits;
}

/* Whether a rule of b may begin at at, by the text there: from its
 * STARTS_AFTER-th start of a cover by its first word (as a cover's starts
 * are judged only when a keyword is near, most short texts judge few),
 * from its KEYS_AFTER-th start by its keys, which judge more but cost
 * more to read (a short text, with a few starts of each batch, would not
 * pay them back). */
static __attribute__((noinline)) int
start_fits_early(const nt_ruleset *rs, batch *b, const char *text, size_t len,
                 size_t at, int cover)
{
    if (b->tries < KEYS_AFTER) {
        if (++b->tries == STARTS_AFTER && cover)
            b->starts = batch_words(rs, b, 'F');
        if (b->tries == KEYS_AFTER) {
            b->keys = batch_keys(rs, b);
            nt_wordfilter_free(b->starts);
            b->starts = NULL;
        }
    }
    if (b->keys)
        return keys_fit(b, text, len, at);
    return !b->starts || word_fits(b, text, len, at);
}

/* Whether a rule of b may begin at at (see start_fits_early). Once b's
 * keys are read and tried, which is most starts of a long run, this is
 * the keys' judgement alone, inline in the loops over starts and sites;
 * the reading and trying stay out of line (a call a start: 2,160
 * articles took 1.7M instructions fewer, 0.4%). */
static inline int start_fits(const nt_ruleset *rs, batch *b, const char *text,
                             size_t len, size_t at, int cover)
{
    if (b->tries >= KEYS_AFTER && (!b->keys || b->judged >= JUDGE_TRIAL))
        return !b->keys || nt_keyfilter_judge(b->keys, text, len, at);
    return start_fits_early(rs, b, text, len, at, cover);
}

void nt_ruleset_run(nt_ruleset *rs, nt_ruleset_site *s, const char *text,
                    size_t len, size_t at)
{
    if (s->dirty)
        build_site(rs, s);
    for (size_t i = 0; i < s->nb; i++)
        if (can_start(&s->b[i], text, len, at) &&
            start_fits(rs, &s->b[i], text, len, at, 0))
            run_batch(rs, &s->b[i], text, len, at, 0);
}

/* Whether the word text[s..e) is judged: only a whole word of the text
 * (ASCII on both sides), of which a match holds all or nothing. */
static int whole_word(const char *text, size_t s, size_t e)
{
    return (s == 0 || (unsigned char)text[s - 1] < 0x80) &&
           (unsigned char)text[e] < 0x80;
}

/* Where a match of a cover rule of b may start to hold a keyword that
 * begins at end, at the earliest from from: after the beginning of the
 * last whole word in text[from..end) that no such match holds (a start
 * inside it is still tried: its match would hold only the word's end).
 * The word that runs into the keyword is not judged. */
static size_t vocab_limit(const batch *b, const char *text, size_t from,
                          size_t end)
{
    size_t i = end;
    while (i > from && nt_word_byte((unsigned char)text[i - 1]))
        i--;
    for (;;) {
        while (i > from && !nt_word_byte((unsigned char)text[i - 1]))
            i--;
        size_t e = i;
        while (i > from && nt_word_byte((unsigned char)text[i - 1]))
            i--;
        if (i == e)
            return from;
        char w[NT_WORDSET_CAP + 1];
        size_t n = e - i < sizeof w ? e - i : sizeof w;
        for (size_t k = 0; k < n; k++)
            w[k] = nt_word_byte((unsigned char)text[i + k]);
        if (whole_word(text, i, e) && !nt_wordfilter_has(b->vocab, w, n))
            return i + 1;
    }
}

/* The earliest start worth a look of a match of b's cover rules that holds
 * token k, the first start being at: by the bytes (cover_limit) and, once
 * b has had VOCAB_AFTER keywords, by the words. */
static size_t cover_from(const nt_ruleset *rs, batch *b, const char *text,
                         size_t at, const nt_token *k)
{
    if (b->keywords < VOCAB_AFTER && ++b->keywords == VOCAB_AFTER)
        b->vocab = batch_words(rs, b, 'W');
    if (b->keywords == TABLE_AFTER) {
        span_table(b);
        b->pairs = batch_pairs(rs, b);
    }
    size_t from = cover_limit(b, text, at, k->end);
    if (b->vocab) {
        size_t v = vocab_limit(b, text, at, k->start);
        from = v > from ? v : from;
    }
    return from;
}

/* The batches are built here, on a site's first run after rules were added
 * (see nt_ruleset_run in ruleset.h). */
void nt_ruleset_site_build(const nt_ruleset *rs, nt_ruleset_site *s)
{
    if (s->dirty)
        build_site(rs, s);
    for (size_t i = 0; i < s->nb; i++) { /* what else goes in the cache */
        if (s->b[i].n > 1)
            batch_code(rs, &s->b[i]);
        nt_wordfilter_free(batch_words(rs, &s->b[i], 'W'));
        nt_wordfilter_free(batch_words(rs, &s->b[i], 'F'));
        nt_keyfilter_free(batch_keys(rs, &s->b[i]));
        free(batch_pairs(rs, &s->b[i]));
    }
}

/* Where a match of a cover rule of b that holds text[..end) ends at the
 * latest: at the first byte after end that no such match can hold, as
 * cover_limit reads them backwards (b has its table). */
static size_t cover_end(const batch *b, const char *text, size_t len,
                        size_t end)
{
    const uint8_t *span = b->in_span;
    for (size_t i = end; i < len; i++) {
        unsigned v = span[(unsigned char)text[i]];
        if (v & SPAN_STOP)
            return i;
        if ((v & SPAN_SPACE) && i + 1 < len) {
            unsigned char c = (unsigned char)text[i + 1];
            if (!(span[c] & SPAN_AFTER))
                return i + 1;
            if (b->pairs && c < 0x80 && i + 2 < len &&
                !nt_byteset_has(&b->pairs[c], (unsigned char)text[i + 2]))
                return i + 2;
        }
    }
    return len;
}

/* Whether the text's byte t is m, a byte of an nt_reach_text: a
 * caseless letter's lowercase is t | 0x20 only for that letter's cases. */
static int must_byte(char t, char m)
{
    unsigned char u = (unsigned char)t, c = (unsigned char)m;
    return c & NT_REACH_CASELESS ? (u | 0x20) == (c & 0x7F) : u == c;
}

/* Whether text[from..to) holds m's text. */
static int holds(const char *text, size_t from, size_t to,
                 const nt_reach_text *m)
{
    for (size_t i = from; i + m->n <= to; i++) {
        size_t j = 0;
        while (j < m->n && must_byte(text[i + j], m->s[j]))
            j++;
        if (j == m->n)
            return 1;
    }
    return 0;
}

/* How many rules of b that have not fired in this round cannot fire from
 * a start at at or later for a keyword that ends at end: their match
 * would run from there to *wend at most (cover_end, worked out on the
 * first call of a keyword), which does not hold their text. */
static size_t cannot_fire(const nt_ruleset *rs, const batch *b,
                          const char *text, size_t len, size_t at, size_t end,
                          size_t *wend)
{
    size_t out = 0;
    for (size_t i = 0; i < b->n; i++)
        if (!b->must[i].n && rs->r[b->rules[i]].found != rs->round)
            return 0; /* it may fire: the rest need not be looked at */
    for (size_t i = 0; i < b->n; i++) {
        if (rs->r[b->rules[i]].found == rs->round)
            continue;
        if (*wend == SIZE_MAX)
            *wend = cover_end(b, text, len, end);
        out += !holds(text, at, *wend, &b->must[i]);
    }
    return out;
}

/* The cover rules of b for keyword k, from start token j on: each keeps its
 * first match that covers the keyword. Rules of other batches have no
 * bearing on them, so each batch runs over the starts by itself. */
static void cover_batch(nt_ruleset *rs, batch *b, const char *text,
                        size_t len, const nt_token *toks, size_t j, size_t k)
{
    size_t from = SIZE_MAX, before = rs->nfound, wend = SIZE_MAX;
    for (; j <= k; j++) {
        size_t at = toks[j].start;
        if (toks[j].shape == NT_SHAPE_PUNCT || !can_start(b, text, len, at))
            continue;
        if (from == SIZE_MAX) /* the first start worth a look */
            from = cover_from(rs, b, text, at, &toks[k]);
        if (at < from || !start_fits(rs, b, text, len, at, 1))
            continue;
        run_batch(rs, b, text, len, at, toks[k].end);
        size_t fired = rs->nfound - before;
        if (fired >= b->n) /* every rule fired: only a run fires one, so
                              asked here */
            break;
        if (fired && b->must && fired >= b->mustless && b->in_span &&
            fired + cannot_fire(rs, b, text, len, at, toks[k].end, &wend) >=
                b->n) /* the rest cannot */
            break;
    }
}

/* Each batch keeps the first match, so the longest, that covers k. */
void nt_ruleset_run_cover(nt_ruleset *rs, nt_ruleset_site *s,
                          const char *text, size_t len, const nt_token *toks,
                          size_t first, size_t k)
{
    if (s->dirty)
        build_site(rs, s);
    for (size_t i = 0; i < s->nb; i++)
        cover_batch(rs, &s->b[i], text, len, toks, first, k);
}
