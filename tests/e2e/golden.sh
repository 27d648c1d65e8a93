# Golden outputs: every article in every format, compared byte for byte
# (sourced by run.sh). The articles are the CC0 newsdev set.
golden_formats="json jsonl tsv text"
for a in "$e2e"/articles/*.txt; do
    name=$(basename "$a" .txt)
    for f in $golden_formats; do
        gold="$e2e/golden/$name.$f"
        (cd "$e2e" && nt -f "$f" "articles/$name.txt") >"$tmp/g" 2>"$tmp/err" || bad "golden $name.$f: exit status $?"
        if [ -n "${UPDATE:-}" ]; then cp "$tmp/g" "$gold"; ok; else same "$tmp/g" "$gold" "golden $name.$f"; fi
    done
done

# Invariants over whole articles: the JSON parses, offsets lie inside the
# input, spans do not overlap, and each text equals the input bytes there.
for a in "$e2e"/articles/*.txt data/sample/article.txt; do
    nt -f json "$a" >"$tmp/j.json" 2>/dev/null
    if python3 "$e2e/check_spans.py" "$a" "$tmp/j.json" >"$tmp/err" 2>&1; then ok; else bad "spans of $(basename "$a")"; head -5 "$tmp/err"; fi
done
