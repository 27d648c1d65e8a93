#!/bin/sh
# End-to-end tests: run the built binary on real articles and on hostile
# input, and compare exact outputs, exit statuses and messages.
#   NEWSTAG=./newstag tests/e2e/run.sh        run (from the repository root)
#   UPDATE=1 NEWSTAG=./newstag tests/e2e/run.sh   rewrite the golden files
# NEWSTAG_WRAP prefixes every run (e.g. valgrind).
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=$(cd "$(dirname "${NEWSTAG:-./newstag}")" && pwd)/$(basename "${NEWSTAG:-./newstag}")
wrap=${NEWSTAG_WRAP:-}
export NEWSTAG_DATA="$root/data"
e2e="$root/tests/e2e"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0

ok()   { pass=$((pass + 1)); }
bad()  { fail=$((fail + 1)); printf 'FAIL: %s\n' "$*"; }
nt()   { $wrap "$bin" "$@"; }

# expect STATUS NAME -- command...: runs it, stdout to $tmp/out, stderr to
# $tmp/err, and checks the exit status.
expect() {
    want=$1 name=$2; shift 3
    "$@" >"$tmp/out" 2>"$tmp/err"
    got=$?
    if [ "$got" -eq "$want" ]; then ok; else bad "$name: exit $got, wanted $want"; sed 's/^/  stderr: /' "$tmp/err" | head -5; fi
}
# has FILE NAME TEXT: FILE contains TEXT (fixed string).
has() {
    if grep -qF -- "$3" "$1"; then ok; else bad "$2: '$3' not in $(basename "$1")"; head -5 "$1" | sed 's/^/  /'; fi
}
same() {
    if cmp -s "$1" "$2"; then ok; else bad "$3: output differs"; diff "$2" "$1" | head -20 | sed 's/^/  /'; fi
}

. "$e2e/golden.sh"
. "$e2e/cli.sh"
. "$e2e/hostile.sh"
. "$e2e/faults.sh"
. "$e2e/custom.sh"
. "$e2e/io.sh"

echo "e2e: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
