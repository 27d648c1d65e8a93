# Bad input gets a clear error or a valid result, and loses nothing (sourced
# by run.sh).
json_ok() { python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$1" && ok || bad "$2: invalid JSON"; }

# Invalid UTF-8 and NUL bytes: valid JSON, offsets in the original bytes.
printf 'Paris \377\376 visited by Angela Merkel\000 on Monday. \300\257 Berlin\n' >"$tmp/bad.txt"
expect 0 "invalid utf-8" -- nt "$tmp/bad.txt"
json_ok "$tmp/out" "invalid utf-8"
has "$tmp/out" "invalid utf-8" '"text": "Berlin", "start": 49, "end": 55'

# An empty file and a whitespace-only file: no entities, exit 0.
: >"$tmp/empty.txt"
expect 0 "empty file" -- nt -f jsonl "$tmp/empty.txt"
has "$tmp/out" "empty file" '"entities":[],"ref_date":{"value":null,"from":"none"}}'
printf '  \n\n\t \n' >"$tmp/blank.txt"
expect 0 "blank file" -- nt -f jsonl "$tmp/blank.txt"
has "$tmp/out" "blank file" '"entities":[],"ref_date":{"value":null,"from":"none"}}'

# A long line without a newline (1 MB here; the fuzz and stress suites go
# further).
python3 -c 'import sys; sys.stdout.write("Angela Merkel met officials in Paris. " * 27000)' >"$tmp/long.txt"
expect 0 "long line" -- nt -f tsv "$tmp/long.txt"
[ "$(grep -c 'Merkel' "$tmp/out")" -eq 27000 ] && ok || bad "long line: wrong number of entities"

# A closed pipe ends the run quietly.
for i in 1 2 3 4 5 6 7 8; do cp "$e2e/articles/"*.txt "$tmp/news/"; done 2>/dev/null
sh -c "'$bin' -r -f tsv '$e2e/articles' '$e2e/articles' '$e2e/articles' 2>'$tmp/err' | head -n1 >/dev/null"
[ ! -s "$tmp/err" ] && ok || bad "broken pipe: stderr not empty"

# A long all-caps line is linear work, not quadratic (caps.c remembers the
# line it measured): 400 KB in well under the 20 s allowed.
python3 -c 'import sys; sys.stdout.write("AB, " * 100000)' >"$tmp/caps.txt"
expect 0 "long all-caps line" -- timeout 20 "$bin" -f tsv "$tmp/caps.txt"
