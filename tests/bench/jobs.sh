#!/bin/sh
# -j against -j 1 on a folder of 1,000 articles (the 16 newsdev articles of
# tests/e2e/articles, repeated, in ten subfolders): best and median wall
# time of 9 interleaved runs each, and a check that the outputs are equal.
#   tests/bench/jobs.sh ./newstag [JOBS]
set -eu
bin=${1:-./newstag}
jobs=${2:-$(nproc)}
root=$(cd "$(dirname "$0")/../.." && pwd)
export NEWSTAG_DATA="${NEWSTAG_DATA:-$root/data}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 - "$root/tests/e2e/articles" "$tmp/news" <<'PY'
import os, sys
src, dst = sys.argv[1], sys.argv[2]
names = sorted(os.listdir(src))
for i in range(1000):
    d = os.path.join(dst, '%02d' % (i // 100))
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(src, names[i % len(names)])) as f, \
         open(os.path.join(d, '%04d.txt' % i), 'w') as g:
        g.write(f.read())
PY
"$bin" -r -j 1 -f jsonl "$tmp/news" >"$tmp/j1"
"$bin" -r -j "$jobs" -f jsonl "$tmp/news" >"$tmp/jn"
cmp -s "$tmp/j1" "$tmp/jn" || { echo "jobs: -j $jobs output differs from -j 1"; exit 1; }
python3 - "$bin" "$tmp/news" "$jobs" <<'PY'
import statistics, subprocess, sys, time
binary, folder, jobs = sys.argv[1], sys.argv[2], sys.argv[3]
runs = {'1': [], jobs: []}
for _ in range(9):
    for j in runs:
        t = time.perf_counter()
        subprocess.run([binary, '-r', '-j', j, '-f', 'jsonl', folder],
                       stdout=subprocess.DEVNULL, check=True)
        runs[j].append(time.perf_counter() - t)
for j, ts in runs.items():
    print('-j %-3s best %.3f s  median %.3f s' % (j, min(ts), statistics.median(ts)))
print('speed-up (best): %.2fx' % (min(runs['1']) / min(runs[jobs])))
PY
