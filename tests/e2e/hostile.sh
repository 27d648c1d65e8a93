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

# Each class of invalid UTF-8 (lone continuation byte, overlong forms, a
# surrogate, sequences cut short mid-text and at the end): exit 0, valid
# JSON, offsets in the original bytes, text as the input bytes (U+FFFD for
# the bad ones).
printf 'Lone \200 continuation, overlong \300\257 and \340\200\257, surrogate \355\240\200, truncated \342\202 then Angela Merkel in Berlin. Cut \360\237' >"$tmp/utf8.txt"
expect 0 "utf-8 classes" -- nt "$tmp/utf8.txt"
python3 "$e2e/check_spans.py" "$tmp/utf8.txt" "$tmp/out" >/dev/null && ok || bad "utf-8 classes: spans"
has "$tmp/out" "utf-8 classes" '"text": "Angela Merkel", "start": 75, "end": 88'

# A 2 MB token and a 20,000-word capitalized "name": valid output, quickly.
python3 -c 'import sys; sys.stdout.write("Paris " + "x" * 2000000 + " Berlin")' >"$tmp/token.txt"
expect 0 "long token" -- timeout 60 $wrap "$bin" "$tmp/token.txt"
python3 "$e2e/check_spans.py" "$tmp/token.txt" "$tmp/out" >/dev/null && ok || bad "long token: spans"
has "$tmp/out" "long token" '"text": "Berlin", "start": 2000007'
python3 -c 'import sys; sys.stdout.write("Visiting " + " ".join(["Abcdefgh"] * 20000) + " said.")' >"$tmp/name.txt"
expect 0 "long name" -- timeout 60 $wrap "$bin" "$tmp/name.txt"
python3 "$e2e/check_spans.py" "$tmp/name.txt" "$tmp/out" >/dev/null && ok || bad "long name: spans"

# Binary files in a folder are annotated like any text (invalid bytes are
# matched as U+FFFD; offsets stay in the file's bytes): exit 0, valid output.
mkdir -p "$tmp/binfolder"
head -c 20000 "$bin" >"$tmp/binfolder/prog.txt"
printf 'Angela Merkel visited Paris.\n' >"$tmp/binfolder/news.txt"
expect 0 "binary in folder" -- nt -r -f jsonl "$tmp/binfolder"
[ "$(wc -l <"$tmp/out")" -eq 2 ] && ok || bad "binary in folder: two documents"
has "$tmp/out" "binary in folder" '"text":"Angela Merkel"'
jsonl_lines_ok() { python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1])]' "$1" && ok || bad "$2: invalid JSON Lines"; }
jsonl_lines_ok "$tmp/out" "binary in folder"

# 10,000 nested HTML elements: libxml2 reads 256 levels; deeper pages are
# refused with a message rather than annotated with their text cut.
python3 -c 'import sys; sys.stdout.write("<html><body>" + "<div>" * 10000 + "Angela Merkel visited Paris." + "</div>" * 10000 + "</body></html>")' >"$tmp/nested.html"
expect 1 "nested html" -- nt -f tsv "$tmp/nested.html"
has "$tmp/err" "nested html" "nested.html: line 1: elements nested too deeply (over 256)"
python3 -c 'import sys; sys.stdout.write("<html><body>" + "<div>" * 250 + "Angela Merkel visited Paris." + "</div>" * 250 + "</body></html>")' >"$tmp/deep.html"
expect 0 "deep html" -- nt -f tsv "$tmp/deep.html"
has "$tmp/out" "deep html" "PERSON	Angela Merkel"

# A rule that backtracks catastrophically hits PCRE2's match limit: named
# once on stderr, no hang, the other rules and lists still work.
printf 'runaway BOOM 70 #cap (?:[A-Za-z]+\\s?)*[0-9]\n' >"$tmp/runaway.rules"
python3 -c 'import sys; sys.stdout.write("Angela Merkel said the alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau upsilon phi chi psi omega. " * 50)' >"$tmp/runaway.txt"
expect 0 "runaway rule" -- timeout 60 $wrap "$bin" --rules "$tmp/runaway.rules" -f tsv "$tmp/runaway.txt"
has "$tmp/err" "runaway rule" "runaway.rules:1: rule runaway: match limit exceeded"
[ "$(wc -l <"$tmp/err")" -eq 1 ] && ok || bad "runaway rule: reported more than once"
[ "$(grep -c 'PERSON	Angela Merkel' "$tmp/out")" -eq 50 ] && ok || bad "runaway rule: other entities lost"

# 100 MB without a newline (about 3 s and 700 MB of memory here; a denser
# 100 MB with an entity every 16 bytes takes 10 s and 2.2 GB). Skipped under
# valgrind (NEWSTAG_WRAP), which would take many minutes.
if [ -z "$wrap" ]; then
    python3 -c '
import sys
s = b"the committee said on the record that prices would rise again, " * 15 + b"Angela Merkel met officials in Paris. "
sys.stdout.buffer.write(s * (100 * 1024 * 1024 // len(s)))' >"$tmp/big.txt"
    expect 0 "100 MB line" -- timeout 120 "$bin" -f tsv "$tmp/big.txt"
    [ "$(grep -c 'PERSON	Angela Merkel' "$tmp/out")" -eq 106671 ] && ok || bad "100 MB line: wrong number of names"
    rm -f "$tmp/big.txt" "$tmp/out"
fi
