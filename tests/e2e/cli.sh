# The command line: operands, formats, options and exit statuses (sourced by
# run.sh).
art="$e2e/articles/05-nato.txt"

expect 0 "help" -- nt --help
has "$tmp/out" "help" "Usage"
expect 0 "version" -- nt --version
has "$tmp/out" "version" "newstag 0.1.0"
expect 2 "unknown option" -- nt --frobnicate
has "$tmp/err" "unknown option" "frobnicate"
expect 2 "unknown format" -- nt -f yaml "$art"
has "$tmp/err" "unknown format" "unknown format 'yaml'"
expect 2 "unknown type" -- nt -t PERSON,FOO "$art"
has "$tmp/err" "unknown type" "FOO"

# stdin, and "-", give the same JSON as the file, named "-".
expect 0 "stdin" -- sh -c "$wrap '$bin' < '$art'"
has "$tmp/out" "stdin" '{"file": "-", "entities": ['
cp "$tmp/out" "$tmp/stdin.json"
expect 0 "dash" -- sh -c "$wrap '$bin' - < '$art'"
same "$tmp/out" "$tmp/stdin.json" "dash operand"

# -t keeps only the asked types; DATE is the whole time family, whose TSV
# type column holds the TIMEX3 type.
expect 0 "types" -- nt -t DATE -f tsv "$art"
if cut -f4 "$tmp/out" | grep -qvE '^(DATE|TIME|DURATION|SET)$'; then bad "types: other types reported"; else ok; fi
has "$tmp/out" "types" "June 3"

# --ref-date resolves relative dates and wins over the dateline; a dateline
# takes its year from --ref-year; a date that does not exist is misuse.
printf 'BRUSSELS, March 4 (Reuters) - They met on Friday and will meet again next week.\n' >"$tmp/ref.txt"
expect 0 "ref-date" -- nt --ref-date 2015-05-09 -f tsv "$tmp/ref.txt"
has "$tmp/out" "ref-date" "$(printf 'DATE\tFriday\t2015-05-08')"
has "$tmp/out" "ref-date week" "$(printf 'DATE\tnext week\t2015-W20')"
expect 0 "ref-date json" -- nt --ref-date 2015-05-09 "$tmp/ref.txt"
has "$tmp/out" "ref-date json" '"ref_date": {"value": "2015-05-09", "from": "option"}'
has "$tmp/out" "timex json" '"timex": "DATE", "value": "2015-05-08"'
expect 0 "dateline" -- nt --ref-year 2011 "$tmp/ref.txt"
has "$tmp/out" "dateline" '"ref_date": {"value": "2011-03-04", "from": "dateline"}'
expect 2 "bad ref-date" -- nt --ref-date 2015-02-30 "$tmp/ref.txt"
has "$tmp/err" "bad ref-date" "2015-02-30"
expect 2 "bad ref-year" -- nt --ref-year 15 "$tmp/ref.txt"

# tsv header only with --header.
expect 0 "tsv header" -- nt -f tsv --header "$art"
if [ "$(head -n1 "$tmp/out")" = "$(printf 'file\tstart\tend\ttype\ttext\tvalue')" ]; then ok; else bad "tsv header line"; fi

# A folder: without -r an error naming it; with -r every *.txt below it in
# sorted order, jsonl by default; --include widens the selection.
mkdir -p "$tmp/news/b" "$tmp/news/a"
printf 'Angela Merkel visited Paris on Monday.\n' >"$tmp/news/b/2.txt"
printf 'NATO met in Brussels.\n' >"$tmp/news/a/1.txt"
printf 'Reuters reported from Moscow.\n' >"$tmp/news/c.text"
expect 1 "dir without -r" -- nt "$tmp/news"
has "$tmp/err" "dir without -r" "$tmp/news: is a directory"
expect 0 "recursive" -- nt -r "$tmp/news"
if [ "$(wc -l <"$tmp/out")" -eq 2 ] && head -n1 "$tmp/out" | grep -q '"file":"[^"]*news/a/1.txt"'; then ok; else bad "recursive: two sorted jsonl lines"; cat "$tmp/out"; fi
expect 0 "include" -- nt -r --include '*.txt' --include '*.text' -f tsv "$tmp/news"
has "$tmp/out" "include" "Moscow"

# Several files: jsonl by default, -f json gives one array.
expect 0 "several json" -- nt -f json "$tmp/news/a/1.txt" "$tmp/news/b/2.txt"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d)==2' "$tmp/out" && ok || bad "several json: not an array of 2"

# A missing file is reported, the others still annotated, exit 1.
expect 1 "missing file" -- nt -f tsv "$tmp/nope.txt" "$tmp/news/a/1.txt"
has "$tmp/err" "missing file" "$tmp/nope.txt: No such file or directory"
has "$tmp/out" "missing file" "Brussels"

# -o mirrors the tree, one file per input, no temporary files left.
expect 0 "output dir" -- nt -r -f tsv -o "$tmp/out.d" "$tmp/news"
[ -f "$tmp/out.d/a/1.txt.tsv" ] && [ -f "$tmp/out.d/b/2.txt.tsv" ] && ok || bad "output dir: files missing"
has "$tmp/out.d/b/2.txt.tsv" "output dir" "Paris"
[ -z "$(find "$tmp/out.d" -name '.*' -type f)" ] && ok || bad "output dir: temporary files left"
[ ! -s "$tmp/out" ] && ok || bad "output dir: stdout not empty"

# Broken data: a rules file that does not compile names file and line, exit 2.
cp -R "$root/data" "$tmp/data"
printf 'broken PERSON 50 @title (unclosed\n' >>"$tmp/data/rules/person.rules"
expect 2 "broken rules" -- nt --data "$tmp/data" "$art"
has "$tmp/err" "broken rules" "person.rules:"
has "$tmp/err" "broken rules" "missing closing parenthesis"
expect 2 "missing data" -- nt --data "$tmp/no-such-data" "$art"
