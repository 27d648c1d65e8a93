#!/usr/bin/env python3
"""speed.py - throughput, start-up, memory and -j scaling of newstag -f tsv,
for make bench (tests/bench/bench.sh).

Usage: speed.py BINARY DOCS_DIR TMP_DIR [COMPROMISE_MBS]

DOCS_DIR holds the CoNLL-2003 dev documents (one .txt each). The inputs,
written under TMP_DIR: those documents repeated 10 times, concatenated into
one file and as separate files (2,160 of them), and as a JSON Lines stream.
Also the time of one short article from start to finish (the sample), and
of a process per document over 50 of them: what a run per article (GNU
parallel, a shell loop) pays for each one; and the time only reading the
separate files takes, with no annotation: the file system's floor; and the
separate files as a news site's HTML pages (navigation, script, share
buttons around the article) and as NITF articles (an archive's XML), each
annotated from its markup.
Times are medians of 5 runs (wall clock), the best of them beside; peak
RSS is the child's ru_maxrss. COMPROMISE_MBS is compromise's speed on the
same documents in the same run (measured in-process by compromise.js), for
the ratio."""
import html
import json
import os
import shutil
import statistics
import subprocess
import sys
import time

REPEAT = 10


def run(args, stdin=None):
    """Wall seconds and peak RSS (MB) of one run."""
    t = time.perf_counter()
    with open(stdin or os.devnull, "rb") as inp:
        p = subprocess.Popen(args, stdin=inp, stdout=subprocess.DEVNULL)
        _, status, usage = os.wait4(p.pid, 0)
    secs = time.perf_counter() - t
    if status != 0:
        sys.exit(f"speed.py: {' '.join(args[:3])}... failed ({status})")
    return secs, usage.ru_maxrss / 1024


def median_run(args, stdin=None, n=5):
    """Median and best wall seconds of n runs, and the peak RSS. The best
    is beside the median because on a shared machine a slow spell can
    take several of five runs: the best is the one to compare builds by."""
    runs = [run(args, stdin) for _ in range(n)]
    secs = [r[0] for r in runs]
    return statistics.median(secs), min(secs), max(r[1] for r in runs)


def jobs_scaling(binary, folders):
    """Best of 3 wall times of -j 1 and -j 2 over folders, interleaved so
    that a slow spell of a shared machine falls on both."""
    times = {1: [], 2: []}
    for _ in range(3):
        for j in (1, 2):
            times[j].append(run([binary, "-r", "-j", str(j), "-f", "tsv"] + folders)[0])
    return min(times[1]), min(times[2])


def two_processes(binary, folders):
    """Best of 3 wall times of one -j 1 process over folders, and of two
    -j 1 processes started together on half the folders each: what two
    cores give this machine with nothing shared, the ceiling of -j 2."""
    one, two = [], []
    half = len(folders) // 2
    for _ in range(3):
        one.append(run([binary, "-j", "1", "-f", "tsv", "-r"] + folders)[0])
        t = time.perf_counter()
        procs = [subprocess.Popen([binary, "-j", "1", "-f", "tsv", "-r"] + part,
                                  stdout=subprocess.DEVNULL)
                 for part in (folders[:half], folders[half:])]
        if any(p.wait() != 0 for p in procs):
            sys.exit("speed.py: a run on half the folders failed")
        two.append(time.perf_counter() - t)
    return min(one), min(two)


PER_DOCS = 50


def read_floor(folder):
    """Best wall seconds of 5 passes that only open, read and close every
    file under folder, as newstag does before it annotates one: what the
    file system costs on this machine, the floor under the separate files'
    time (Python's own cost per call, well under a microsecond, is in it)."""
    files = sorted(os.path.join(d, f) for d, _, fs in os.walk(folder) for f in fs)
    best = float("inf")
    for _ in range(5):
        t = time.perf_counter()
        for f in files:
            fd = os.open(f, os.O_RDONLY)
            while os.read(fd, 1 << 20):
                pass
            os.close(fd)
        best = min(best, time.perf_counter() - t)
    return best


def per_process(binary, docs):
    """Mean wall ms of one process per document, over the first PER_DOCS
    documents (median of 3 passes), and their mean size in bytes."""
    files = sorted(os.path.join(docs, f) for f in os.listdir(docs) if f.endswith(".txt"))
    files = files[:PER_DOCS]
    passes = [sum(run([binary, "-f", "tsv", f])[0] for f in files) for _ in range(3)]
    size = sum(os.path.getsize(f) for f in files) / len(files)
    return statistics.median(passes) * 1000 / len(files), size


def inputs(docs, tmp):
    """The concatenated file, the separate files' folder and the JSON Lines
    stream, each holding the documents REPEAT times; and the size."""
    files = sorted(f for f in os.listdir(docs) if f.endswith(".txt"))
    texts = [open(os.path.join(docs, f), "rb").read() for f in files]
    concat, sep, jsonl = (os.path.join(tmp, n) for n in ("concat.txt", "sep", "stream.jsonl"))
    shutil.rmtree(sep, ignore_errors=True)
    with open(concat, "wb") as c, open(jsonl, "w") as j:
        for r in range(REPEAT):
            os.makedirs(os.path.join(sep, "%02d" % r))
            for f, t in zip(files, texts):
                c.write(t)
                with open(os.path.join(sep, "%02d" % r, f), "wb") as g:
                    g.write(t)
                j.write(json.dumps({"id": f, "text": t.decode("utf-8")}) + "\n")
    return concat, sep, jsonl, os.path.getsize(concat), len(files) * REPEAT


# A news site's page around an article: head, script, style, navigation,
# a masthead, share buttons and a footer, the article's lines as paragraphs.
PAGE_HEAD = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title} | The Daily</title>
<meta property="article:published_time" content="1996-08-30T10:00:00Z">
<link rel="stylesheet" href="/s.css"><style>.share{{display:flex}} p{{margin:0 0 1em}}</style>
<script>window.dataLayer=[];function track(e){{dataLayer.push(e)}}</script></head>
<body><header class="masthead"><a href="/">The Daily</a></header>
<nav class="site-nav"><ul>{nav}</ul></nav>
<main><article><h1>{title}</h1><div class="byline">By <a href="/staff">Staff</a></div>
<ul class="share"><li><a href="#">Share</a></li><li><a href="#">Tweet</a></li></ul>
"""
PAGE_TAIL = """</article><aside class="related"><h2>Related</h2><ul>{nav}</ul></aside></main>
<footer><p>&copy; 1996 The Daily</p></footer></body></html>
"""
NAV = "".join(f'<li><a href="/section/{i}">Section {i}</a></li>' for i in range(24))


def page(text):
    """text (bytes) as an article page of a news site."""
    lines = [html.escape(line) for line in text.decode("utf-8").split("\n") if line.strip()]
    title = lines[0] if lines else ""
    body = "".join(f'<p class="para">{line}</p>\n' for line in lines[1:])
    return (PAGE_HEAD.format(title=title, nav=NAV) + body +
            PAGE_TAIL.format(nav=NAV)).encode("utf-8")


# The same as a NITF 3.3 document, as news archives hold them (the New York
# Times Annotated Corpus): a head of metadata and classifiers, the body's
# headline, byline and paragraphs.
NITF_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<nitf change.date="June 10, 2005" change.time="19:30" version="-//IPTC//DTD NITF 3.3//EN">
<head><title>{title}</title>{meta}<docdata><doc-id id-string="{id}"/>
<date.issue norm="19960830T000000"/><identified-content>{classifiers}</identified-content>
</docdata><pubdata date.publication="19960830T000000" name="The Daily"/></head>
<body><body.head><hedline><hl1>{title}</hl1></hedline><byline>By STAFF</byline></body.head>
<body.content><block class="full_text">"""
NITF_TAIL = "</block></body.content></body></nitf>\n"
NITF_META = "".join(f'<meta name="m{i}" content="v{i}"/>' for i in range(12))
NITF_CLASSIFIERS = "".join(f'<classifier class="indexing_service" type="descriptor">Topic {i}'
                           f"</classifier>" for i in range(8))


def nitf(text, name):
    """text (bytes) as a NITF document."""
    lines = [html.escape(line) for line in text.decode("utf-8").split("\n") if line.strip()]
    title = lines[0] if lines else ""
    body = "".join(f"<p>{line}</p>" for line in lines[1:])
    return (NITF_HEAD.format(title=title, meta=NITF_META, id=name,
                             classifiers=NITF_CLASSIFIERS) + body + NITF_TAIL).encode("utf-8")


def as_markup(sep, tmp, name, ext, render):
    """The separate files rendered as markup, in a folder of their own; its
    path and size."""
    out = os.path.join(tmp, name)
    shutil.rmtree(out, ignore_errors=True)
    for d in sorted(os.listdir(sep)):
        os.makedirs(os.path.join(out, d))
        for f in sorted(os.listdir(os.path.join(sep, d))):
            with open(os.path.join(sep, d, f), "rb") as i, \
                    open(os.path.join(out, d, f[:-4] + ext), "wb") as o:
                o.write(render(i.read(), f))
    return out, sum(os.path.getsize(os.path.join(r, f))
                    for r, _, fs in os.walk(out) for f in fs)


def main():
    binary, docs, tmp = sys.argv[1:4]
    cmp_mbs = float(sys.argv[4]) if len(sys.argv) > 4 and sys.argv[4] else None
    concat, sep, jsonl, size, nfiles = inputs(docs, tmp)
    mb = size / 1e6
    start = statistics.median(run([binary])[0] for _ in range(11)) * 1000
    sample = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                          "data", "sample", "article.txt")
    one_article = statistics.median(run([binary, "-f", "tsv", sample])[0]
                                    for _ in range(11)) * 1000
    per_doc, per_bytes = per_process(binary, docs)
    one = [binary, "-j", "1", "-f", "tsv"]
    t_cat, b_cat, rss_cat = median_run(one + [concat])
    t_sep, b_sep, rss_sep = median_run(one + ["-r", sep])
    floor = read_floor(sep)
    _, _, rss_one = median_run(one + ["-r", os.path.join(sep, "00")])
    t_jl, b_jl, rss_jl = median_run(one + ["--input", "jsonl", jsonl])
    # the stream ten times over, through a pipe: memory must not grow
    big = os.path.join(tmp, "stream10.jsonl")
    with open(big, "wb") as out, open(jsonl, "rb") as f:
        data = f.read()
        for _ in range(10):
            out.write(data)
    _, rss_jl10 = run(one + ["--input", "jsonl"], stdin=big)
    site, html_size = as_markup(sep, tmp, "pages", ".html", lambda t, _: page(t))
    t_html, b_html, _ = median_run(one + ["-r", "--include", "*.html", site])
    archive, nitf_size = as_markup(sep, tmp, "nitf", ".xml", nitf)
    t_nitf, b_nitf, _ = median_run(one + ["-r", "--include", "*.xml", archive])
    j1, j2 = jobs_scaling(binary, [sep])
    # the same folder ten times over: start-up and the walk, done once
    # before the workers start, no longer weigh on the ratio
    j1x, j2x = jobs_scaling(binary, [sep] * 10)
    subs = sorted(os.path.join(sep, d) for d in os.listdir(sep))
    p1, p2 = two_processes(binary, subs * 10)
    print(f"concatenated   {mb:5.2f} MB, 1 file       {mb / t_cat:7.1f} MB/s  peak RSS {rss_cat:6.1f} MB"
          f" (best of 5: {mb / b_cat:.1f} MB/s)")
    print(f"separate       {mb:5.2f} MB, {nfiles} files  {mb / t_sep:7.1f} MB/s  peak RSS {rss_sep:6.1f} MB"
          f" (best of 5: {mb / b_sep:.1f} MB/s; RSS with {nfiles // REPEAT} files: {rss_one:.1f} MB)")
    print(f"reading only   {mb:5.2f} MB, {nfiles} files  {mb / floor:7.1f} MB/s"
          f" (open, read, close of each file and nothing else, best of 5: {floor * 1000:.1f} ms)")
    print(f"JSON Lines     {nfiles} articles        {mb / t_jl:7.1f} MB/s  peak RSS {rss_jl:6.1f} MB"
          f" (best of 5: {mb / b_jl:.1f} MB/s; RSS with {nfiles * 10} on stdin: {rss_jl10:.1f} MB)")
    print(f"HTML pages     {html_size / 1e6:5.2f} MB, {nfiles} pages  {html_size / 1e6 / t_html:7.1f} MB/s"
          f" of HTML, {mb / t_html:.1f} MB/s of their text (the separate files as a news"
          f" site's pages; best of 5: {html_size / 1e6 / b_html:.1f} MB/s)")
    print(f"NITF XML       {nitf_size / 1e6:5.2f} MB, {nfiles} files  {nitf_size / 1e6 / t_nitf:7.1f} MB/s"
          f" of XML, {mb / t_nitf:.1f} MB/s of their text (the separate files as NITF 3.3"
          f" articles; best of 5: {nitf_size / 1e6 / b_nitf:.1f} MB/s)")
    print(f"start-up       {start:6.1f} ms (newstag < /dev/null, median of 11)")
    print(f"one article    {one_article:6.1f} ms (newstag -f tsv data/sample/article.txt, "
          f"{os.path.getsize(sample) / 1000:.1f} KB, start to finish, median of 11)")
    print(f"per article    {per_doc:6.1f} ms (a process each for {PER_DOCS} dev documents of "
          f"{per_bytes / 1000:.1f} KB on average, as GNU parallel runs it; median of 3 passes)")
    print(f"-j 2 / -j 1    {j1 / j2:5.2f}x on the {nfiles} files (best of 3: {j1:.3f} s, {j2:.3f} s)")
    print(f"-j 2 / -j 1    {j1x / j2x:5.2f}x on {nfiles * 10} files, the folder ten times"
          f" (best of 3: {j1x:.3f} s, {j2x:.3f} s)")
    print(f"two processes  {p1 / p2:5.2f}x on those files, each -j 1 on half of them, against one"
          f" (best of 3: {p1:.3f} s, {p2:.3f} s): this machine's ceiling for -j 2")
    if cmp_mbs:
        print(f"compromise     {cmp_mbs:7.3f} MB/s (in-process, same documents); "
              f"newstag {mb / t_sep:.1f} MB/s on separate files: {mb / t_sep / cmp_mbs:,.0f}x faster")
    else:
        print("compromise     not run (node or the npm registry is not available)")


if __name__ == "__main__":
    main()
