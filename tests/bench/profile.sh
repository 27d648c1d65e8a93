#!/bin/sh
# Where the time goes: builds newstag with frame pointers into build/prof,
# runs it under perf on CoNLL-2003 dev x10 concatenated (one 2.8 MB
# document, -f tsv), and prints the share of each stage of the pipeline
# (perf's "children" time of its function) and the hottest functions.
#   tests/bench/profile.sh            (needs perf and ../shared)
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
shared=${SHARED:-$root/../shared}
command -v perf >/dev/null || { echo "profile.sh: perf is not installed" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
make -C "$root" -s BUILD=build/prof BIN=build/prof/newstag \
    CFLAGS="-O3 -g -fno-omit-frame-pointer" build/prof/newstag
"$shared/eval/conll2docs" "$shared/corpora/conll2003/eng.testa" "$tmp/conll" >/dev/null
for i in 1 2 3 4 5 6 7 8 9 10; do cat "$tmp"/conll/docs/*.txt; done >"$tmp/concat.txt"
perf record -q -F 10000 -g -o "$tmp/perf.data" "$root/build/prof/newstag" \
    --data "$root/data" -j 1 -f tsv "$tmp/concat.txt" >/dev/null 2>&1
echo "== stages (share of all samples, callees included)"
perf report -i "$tmp/perf.data" --children --stdio 2>/dev/null |
    awk '/^ +[0-9.]+%/ { sub(/%/, "", $1); print $1, $NF }' |
    grep -E ' (nt_extractor_load_opts|nt_tokenize|nt_doc_classify|nt_gaz_match_all|nt_rules_apply|nt_caps_guess|resolve|nt_sports_retype|nt_mentions_retype|nt_mentions_number|nt_timex_resolve|tsv_doc)$' |
    sort -k1,1 -rn | awk '{ printf "%6.1f%%  %s\n", $1, $2 }'
echo "== by object (JIT code has no frame pointers: the rules' matching"
echo "   shows here, not under nt_rules_apply)"
perf report -i "$tmp/perf.data" --no-children --stdio --sort dso 2>/dev/null |
    grep -E '^ +[0-9.]+%' | sed 's/\[JIT\] tid [0-9]*/PCRE2 JIT code/' | head -n 6
echo "== hottest functions (self time)"
perf report -i "$tmp/perf.data" --no-children --stdio --sort dso,sym 2>/dev/null |
    grep -E '^ +[0-9.]+%' | head -n 20
