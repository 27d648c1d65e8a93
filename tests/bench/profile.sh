#!/bin/sh
# Where the time goes: builds newstag with frame pointers into build/prof,
# runs it under perf on CoNLL-2003 dev x10 concatenated (one 2.8 MB
# document, -f tsv), and prints the share of each stage of the pipeline
# (perf's "children" time of its function) and the hottest functions.
# With --instructions it counts instructions with callgrind instead (exact
# and the same from run to run, where perf's samples are noisy; it sees into
# the JIT code's share too) on the same document, once.
#   tests/bench/profile.sh                  (needs perf and ../shared)
#   tests/bench/profile.sh --instructions   (needs valgrind and ../shared)
set -eu
mode=${1:-perf}
root=$(cd "$(dirname "$0")/../.." && pwd)
shared=${SHARED:-$root/../shared}
tool=perf
[ "$mode" = --instructions ] && tool=valgrind
command -v $tool >/dev/null || { echo "profile.sh: $tool is not installed" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
make -C "$root" -s BUILD=build/prof BIN=build/prof/newstag \
    CFLAGS="-O3 -g -fno-omit-frame-pointer" build/prof/newstag
"$shared/eval/conll2docs" "$shared/corpora/conll2003/eng.testa" "$tmp/conll" >/dev/null
for i in 1 2 3 4 5 6 7 8 9 10; do cat "$tmp"/conll/docs/*.txt; done >"$tmp/concat.txt"
# The stages: each one's entry point in the pipeline (src/extract.c).
stages=' (nt_extractor_load_opts|nt_tokenize|nt_doc_classify|nt_gaz_match_all|nt_rules_apply|nt_caps_guess|resolve|nt_sports_retype|nt_mentions_apply|nt_timex_resolve|tsv_doc)$'
if [ "$mode" = --instructions ]; then
    valgrind -q --tool=callgrind --callgrind-out-file="$tmp/cg.out" \
        "$root/build/prof/newstag" --data "$root/data" -j 1 -f tsv \
        "$tmp/concat.txt" >/dev/null
    callgrind_annotate --auto=no --inclusive=yes "$tmp/cg.out" >"$tmp/incl.txt"
    callgrind_annotate --auto=no "$tmp/cg.out" >"$tmp/self.txt"
    echo "== instructions in all"
    grep 'PROGRAM TOTALS' "$tmp/incl.txt"
    echo "== stages (callees included; overlap resolution, inlined in"
    echo "   nt_extract, shows by its sort)"
    names=$(echo "$stages" | sed 's/^ (//; s/)\$$//')
    grep -E ":($names|nt_sortkey_sort|nt_sortkey_sort_near) \[" "$tmp/incl.txt" |
        sed 's/ *\[.*$//; s/  [^ ]*:/  /'
    echo "== PCRE2 (JIT compilation, JIT code's calls, the interpreter)"
    grep -E 'pcre2_(jit_compile|jit_match|match)_8 ' "$tmp/incl.txt"
    echo "== hottest functions (self)"
    grep -E '^ *[0-9,]+ \(' "$tmp/self.txt" | sed -n '2,21p'
    exit 0
fi
perf record -q -F 10000 -g -o "$tmp/perf.data" "$root/build/prof/newstag" \
    --data "$root/data" -j 1 -f tsv "$tmp/concat.txt" >/dev/null 2>&1
echo "== stages (share of all samples, callees included)"
perf report -i "$tmp/perf.data" --children --stdio 2>/dev/null |
    awk '/^ +[0-9.]+%/ { sub(/%/, "", $1); print $1, $NF }' |
    grep -E "$stages" |
    sort -k1,1 -rn | awk '{ printf "%6.1f%%  %s\n", $1, $2 }'
echo "== by object (JIT code has no frame pointers: the rules' matching"
echo "   shows here, not under nt_rules_apply)"
perf report -i "$tmp/perf.data" --no-children --stdio --sort dso 2>/dev/null |
    grep -E '^ +[0-9.]+%' | sed 's/\[JIT\] tid [0-9]*/PCRE2 JIT code/' | head -n 6
echo "== hottest functions (self time)"
perf report -i "$tmp/perf.data" --no-children --stdio --sort dso,sym 2>/dev/null |
    grep -E '^ +[0-9.]+%' | head -n 20
