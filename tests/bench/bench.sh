#!/bin/sh
# make bench: accuracy and speed, printed as numbers.
#  1. CoNLL-2003 dev (eng.testa) converted with ../shared/eval/conll2docs and
#     scored with ../shared/eval/score: exact micro-F1 over PER/LOC/ORG and
#     per type.
#  2. newsdev (16 modern articles): entity F1 and TimeML date scores.
#  3. Throughput of `newstag -f tsv` over the dev documents, concatenated
#     (x10) and as separate files: MB/s, median of 5 runs.
# Usage: tests/bench/bench.sh [BINARY]   (SHARED=path overrides ../shared)
set -eu
bin=${1:-./newstag}
shared=${SHARED:-$(cd "$(dirname "$0")/../.." && pwd)/../shared}
eval_dir="$shared/eval"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "== accuracy: CoNLL-2003 dev (eng.testa), exact match"
"$eval_dir/conll2docs" "$shared/corpora/conll2003/eng.testa" "$tmp/conll" >/dev/null
"$bin" -f tsv "$tmp"/conll/docs/*.txt >"$tmp/conll.tsv"
"$eval_dir/score" "$tmp/conll/gold.tsv" "$tmp/conll.tsv" | tee "$tmp/conll.score"

# compromise, the rule-based JavaScript library, on the same documents and in
# the same run (when node and the npm registry are there).
if command -v node >/dev/null && (cd "$tmp" && npm install --silent --no-audit --no-fund compromise@14.17.0 >/dev/null 2>&1); then
    here=$(cd "$(dirname "$0")" && pwd)
    NODE_PATH="$tmp/node_modules" node "$here/compromise.js" "$tmp"/conll/docs/*.txt >"$tmp/cmp.tsv" 2>"$tmp/cmp.speed"
    echo "== compromise 14.17.0 on the same documents"
    "$eval_dir/score" "$tmp/conll/gold.tsv" "$tmp/cmp.tsv" | tee "$tmp/cmp.score"
    ours=$(tail -n 1 "$tmp/conll.score" | awk '{print $2}')
    theirs=$(tail -n 1 "$tmp/cmp.score" | awk '{print $2}')
    echo "newstag $ours vs compromise $theirs F1: +$(echo "$ours $theirs" | awk '{printf "%.2f", $1 - $2}') points; $(cat "$tmp/cmp.speed")"
    NODE_PATH="$tmp/node_modules" node "$here/compromise.js" "$shared"/corpora/newsdev/docs/*.txt >"$tmp/cmp-news.tsv" 2>/dev/null
    echo "compromise on newsdev: $("$eval_dir/score" "$shared/corpora/newsdev/gold.tsv" "$tmp/cmp-news.tsv" | tail -n 1)"
else
    echo "(compromise not run: node or the npm registry is not available)"
fi

echo "== accuracy: newsdev (16 modern articles)"
news="$shared/corpora/newsdev"
"$bin" -f tsv "$news"/docs/*.txt >"$tmp/news.tsv"
"$eval_dir/score" "$news/gold.tsv" "$tmp/news.tsv" | tail -n 1 | sed 's/^/entities /'
"$bin" -f tsv --header "$news"/docs/*.txt >"$tmp/news-h.tsv"
"$eval_dir/score-timex" "$news/gold-dates.tsv" "$tmp/news-h.tsv" --types DATE,TIME,DURATION,SET | tail -n 1 | sed 's/^/dates /'

echo "== speed: newstag -f tsv, median of 5 runs"
for i in 1 2 3 4 5 6 7 8 9 10; do cat "$tmp"/conll/docs/*.txt; done >"$tmp/concat.txt"
python3 - "$bin" "$tmp/concat.txt" "$tmp/conll/docs" <<'PY'
import glob, os, statistics, subprocess, sys, time
bin_, concat, docs = sys.argv[1:4]
files = sorted(glob.glob(os.path.join(docs, "*.txt")))

def median_mbs(args, nbytes):
    times = []
    for _ in range(5):
        t = time.perf_counter()
        subprocess.run(args, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - t)
    return nbytes / 1e6 / statistics.median(times)

size = os.path.getsize(concat)
sep = sum(os.path.getsize(f) for f in files)
t = time.perf_counter()
subprocess.run([bin_], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, check=True)
start_ms = (time.perf_counter() - t) * 1000
print(f"concatenated  {size / 1e6:6.1f} MB  {median_mbs([bin_, '-f', 'tsv', concat], size):7.1f} MB/s")
print(f"separate      {len(files):6d} files {median_mbs([bin_, '-f', 'tsv'] + files, sep):7.1f} MB/s")
print(f"start-up      {start_ms:6.1f} ms (newstag < /dev/null)")
PY
echo "F1 $(tail -n 1 "$tmp/conll.score" | awk '{print $2}')"
