#!/bin/sh
# make bench: accuracy and speed, printed as numbers.
#  1. CoNLL-2003 dev (eng.testa) converted with ../shared/eval/conll2docs and
#     scored with ../shared/eval/score: exact micro-F1 over PER/LOC/ORG and
#     per type.
#  2. newsdev (16 modern articles): entity F1 and TimeML date scores, each
#     article against its creation date (dct.tsv, --ref-date).
#  2b. TempEval-3 training data (TimeBank + AQUAINT) converted with
#     ../shared/eval/timeml2docs, each document run with --ref-date from its
#     dct.tsv and scored with score-timex; chrono-node (npm) beside it on the
#     same documents when node and the registry are there.
#  3. Speed (tests/bench/speed.py): `newstag -f tsv` over the dev documents
#     x10, concatenated, as 2,160 files and as JSON Lines: MB/s (median of
#     5, and the best of 5), peak RSS, start-up, one article and a process
#     per article (what a run per file pays), -j 2 against -j 1, and the
#     ratio to compromise's speed measured above.
# Usage: tests/bench/bench.sh [BINARY]   (SHARED=path overrides ../shared)
set -eu
bin=${1:-./newstag}
shared=${SHARED:-$(cd "$(dirname "$0")/../.." && pwd)/../shared}
eval_dir="$shared/eval"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
here=$(cd "$(dirname "$0")" && pwd)

# Runs newstag on each document of DCT (doc<TAB>YYYY-MM-DD) in DOCS with its
# reference date, into OUT: one TSV with a header, as score-timex reads it.
dates_run() { # DOCS DCT OUT
    printf 'file\tstart\tend\ttype\ttext\tvalue\n' >"$3"
    while IFS="$(printf '\t')" read -r doc dct; do
        case "$dct" in [0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]) ;; *) continue ;; esac
        "$bin" -f tsv --ref-date "$dct" "$1/${doc%.txt}.txt" >>"$3"
    done <"$2"
}

echo "== accuracy: CoNLL-2003 dev (eng.testa), exact match"
"$eval_dir/conll2docs" "$shared/corpora/conll2003/eng.testa" "$tmp/conll" >/dev/null
"$bin" -f tsv "$tmp"/conll/docs/*.txt >"$tmp/conll.tsv"
"$eval_dir/score" "$tmp/conll/gold.tsv" "$tmp/conll.tsv" | tee "$tmp/conll.score"

# compromise, the rule-based JavaScript library, on the same documents and in
# the same run (when node and the npm registry are there).
if command -v node >/dev/null && (cd "$tmp" && npm install --silent --no-audit --no-fund compromise@14.17.0 >/dev/null 2>&1); then
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
dates_run "$news/docs" "$news/dct.tsv" "$tmp/news-h.tsv"
"$eval_dir/score-timex" "$news/gold-dates.tsv" "$tmp/news-h.tsv" --types DATE,TIME,DURATION,SET | tail -n 1 | sed 's/^/dates /'

echo "== dates: TempEval-3 training (TimeBank + AQUAINT), --ref-date per document"
te="$shared/corpora/tempeval3/TBAQ-cleaned"
mkdir -p "$tmp/te3/docs"
for part in TimeBank AQUAINT; do
    "$eval_dir/timeml2docs" "$te/$part" "$tmp/te3-$part" >/dev/null 2>&1
    cp "$tmp/te3-$part"/docs/*.txt "$tmp/te3/docs/"
    cat "$tmp/te3-$part/dct.tsv" >>"$tmp/te3/dct.tsv"
done
{ cat "$tmp/te3-TimeBank/gold.tsv"; tail -n +2 "$tmp/te3-AQUAINT/gold.tsv"; } >"$tmp/te3/gold.tsv"
dates_run "$tmp/te3/docs" "$tmp/te3/dct.tsv" "$tmp/te3.tsv"
"$eval_dir/score-timex" "$tmp/te3/gold.tsv" "$tmp/te3.tsv" 2>/dev/null | tee "$tmp/te3.score"
if command -v node >/dev/null && (cd "$tmp" && npm install --silent --no-audit --no-fund chrono-node@2.10.3 >/dev/null 2>&1); then
    NODE_PATH="$tmp/node_modules" node "$here/chrono-timex.js" "$tmp/te3/docs" "$tmp/te3/dct.tsv" >"$tmp/chrono.tsv"
    NODE_PATH="$tmp/node_modules" node "$here/chrono-timex.js" "$news/docs" "$news/dct.tsv" >"$tmp/chrono-news.tsv"
    echo "TempEval-3 newstag:     $(tail -n 1 "$tmp/te3.score")"
    echo "TempEval-3 chrono-node: $("$eval_dir/score-timex" "$tmp/te3/gold.tsv" "$tmp/chrono.tsv" 2>/dev/null | tail -n 1)"
    echo "newsdev    newstag:     $("$eval_dir/score-timex" "$news/gold-dates.tsv" "$tmp/news-h.tsv" | tail -n 1)"
    echo "newsdev    chrono-node: $("$eval_dir/score-timex" "$news/gold-dates.tsv" "$tmp/chrono-news.tsv" | tail -n 1)"
else
    echo "(chrono-node not run: node or the npm registry is not available)"
fi

echo "== speed: newstag -f tsv on CoNLL-2003 dev x10, one core, median of 5 runs"
cmp_mbs=$(sed -n 's/^compromise: \([0-9.]*\) MB\/s$/\1/p' "$tmp/cmp.speed" 2>/dev/null || true)
python3 "$here/speed.py" "$bin" "$tmp/conll/docs" "$tmp" "$cmp_mbs" # writes $tmp/concat.txt
echo "== a user's list of 1,000,000 names (--gazetteer): load time and annotation speed"
python3 - "$bin" "$tmp/million.tsv" "$tmp/concat.txt" <<'PY'
import os, random, statistics, subprocess, sys, time
bin_, lst, concat = sys.argv[1:4]
random.seed(7)
syl = "ka lo mi ra ve tor zan qui bel dor fen gra hul jin kes mar nol pra sul tek vin wex yor zul".split()
seen = set()
with open(lst, "w") as f:
    while len(seen) < 1000000:
        n = " ".join("".join(random.choice(syl) for _ in range(random.randint(2, 4))).capitalize()
                     for _ in range(random.randint(1, 3)))
        if n not in seen:
            seen.add(n)
            f.write(n + "\tPRODUCT\n")

def secs(args, stdin=subprocess.DEVNULL):
    t = time.perf_counter()
    subprocess.run(args, check=True, stdin=stdin, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t

base = statistics.median(secs([bin_]) for _ in range(3))
first = secs([bin_, "--gazetteer", lst])           # parses, writes the cache
cached = statistics.median(secs([bin_, "--gazetteer", lst]) for _ in range(5))
size = os.path.getsize(concat)
plain = statistics.median(secs([bin_, "-f", "tsv", concat]) for _ in range(3))
withl = statistics.median(secs([bin_, "-f", "tsv", "--gazetteer", lst, concat]) for _ in range(3))
print(f"load, first run  {first - base:6.2f} s (parse and write {os.path.basename(lst)}.ntc, "
      f"{os.path.getsize(lst + '.ntc') / 1e6:.0f} MB)")
print(f"load, cached     {cached - base:6.2f} s (median of 5, start-up without the list subtracted)")
print(f"annotation       {size / 1e6 / (plain - base):6.1f} MB/s without the list, "
      f"{size / 1e6 / (withl - cached):6.1f} MB/s with it (load times subtracted)")
PY
echo "F1 $(tail -n 1 "$tmp/conll.score" | awk '{print $2}')"
