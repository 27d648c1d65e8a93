# Users' own lists and rules, custom types, --explain and newstag eval
# (sourced by run.sh). Inputs are in tests/e2e/custom/.
cu="$e2e/custom"
cgaz="$cu/products.tsv" crules="$cu/laws.rules" cart="$cu/article.txt"
cp "$cgaz" "$tmp/products.tsv" # a copy: the cache may be written beside it

# Custom types flow through every output format (the list from -f's error).
formats=$(nt -f nosuch "$cart" 2>&1 | sed -n "s/.*unknown format 'nosuch' (\(.*\)).*/\1/p" | tr -d ',')
[ -n "$formats" ] && ok || bad "custom: no format list"
for f in $formats; do
    expect 0 "custom -f $f" -- nt --gazetteer "$tmp/products.tsv" --rules "$crules" -f "$f" -o "$tmp/cf-$f" "$cart"
    out=$(find "$tmp/cf-$f" -type f | sort | head -n 5 | xargs cat)
    for t in PRODUCT COUNCIL LAW COMPANY; do
        case $out in *"$t"*) ok ;; *) bad "custom -f $f: no $t" ;; esac
    done
done
expect 0 "custom text" -- nt --gazetteer "$tmp/products.tsv" --rules "$crules" -f text "$cart"
has "$tmp/out" "custom text" "[iPhone 15]{PRODUCT} in [London]{LOCATION}"
has "$tmp/out" "custom text" "[Harrow Council]{COUNCIL}"
has "$tmp/out" "custom text" "[Galaxy S24]{PRODUCT}"
has "$tmp/out" "custom rule span group" "the [Clean Air Act]{LAW}"
has "$tmp/out" "accent-insensitive" "[Zürich Insurance]{ORGANIZATION}"
# case-insensitive: any case; by default a lowercase word is no name.
has "$tmp/out" "case-insensitive" "[WIDGETCO]{COMPANY} and [widgetco]{COMPANY}"
printf 'Harrow Council\tCOUNCIL\n' >"$tmp/council.tsv"
printf 'the harrow council and HARROW COUNCIL met Harrow Council.\n' >"$tmp/lc.txt"
expect 0 "case default" -- nt --gazetteer "$tmp/council.tsv" -f text "$tmp/lc.txt"
has "$tmp/out" "case default" "the harrow council and [HARROW COUNCIL]{COUNCIL} met [Harrow Council]{COUNCIL}."
printf '#option\tcase-insensitive\nHarrow Council\tCOUNCIL\n' >"$tmp/council-i.tsv"
expect 0 "case-insensitive file" -- nt --gazetteer "$tmp/council-i.tsv" -f text "$tmp/lc.txt"
has "$tmp/out" "case-insensitive file" "the [harrow council]{COUNCIL} and [HARROW COUNCIL]{COUNCIL} met [Harrow Council]{COUNCIL}."

# A #cap rule: triggered by capitalized words no word class holds.
printf 'ticker TICKER 70 #cap (?:NYSE|Nasdaq): (?<span>[A-Z]{1,5})\\b\n' >"$tmp/ticker.rules"
printf 'Acme (NYSE: ACME) and Widgetco (Nasdaq: WDGT) rose.\n' >"$tmp/ticker.txt"
expect 0 "#cap rule" -- nt --no-default-data --rules "$tmp/ticker.rules" -f text "$tmp/ticker.txt"
has "$tmp/out" "#cap rule" "Acme (NYSE: [ACME]{TICKER}) and Widgetco (Nasdaq: [WDGT]{TICKER}) rose."

# The shipped rules rely on every word of these lists beginning with a
# capital (title_person's "\p{Lu}" for its title, the possessive "?+" of
# JOIN in organization.rules): a word that does not needs them changed.
for list in title orghead; do
    if grep -v '^#' "$root/data/lexicon/$list.txt" | grep -q '^[^A-Z]'; then
        bad "$list.txt: a word without a capital (see the note in custom.sh)"
    else ok; fi
done

# The shipped organization rules alone: "and" joins a last word, not a second
# name, so before a second name the match stops at the first ("University of
# Texas", not "University" nor nothing); "and" then one word joins it.
printf 'the Zorvan University of Texas and Texas Tech.\nthe Zorvan Chamber of Commerce and Industry.\n' >"$tmp/organd.txt"
expect 0 "org and" -- nt --no-default-data --rules "$NEWSTAG_DATA/rules/organization.rules" -f text "$tmp/organd.txt"
has "$tmp/out" "org and second name" "the [Zorvan University of Texas]{ORGANIZATION} and Texas Tech."
has "$tmp/out" "org and last word" "the [Zorvan Chamber of Commerce and Industry]{ORGANIZATION}."

# -t takes the custom types once the lists are loaded.
expect 0 "custom -t" -- nt --gazetteer "$tmp/products.tsv" -t product,COUNCIL -f tsv "$cart"
if cut -f4 "$tmp/out" | grep -qvE '^(PRODUCT|COUNCIL)$'; then bad "custom -t: other types"; else ok; fi
has "$tmp/out" "custom -t" "Harrow Council"
expect 2 "custom -t unknown" -- nt --gazetteer "$tmp/products.tsv" -t GADGET "$cart"
has "$tmp/err" "custom -t unknown" "unknown type 'GADGET' in --types (PERSON, LOCATION, ORGANIZATION, DATE"

# --no-default-data: only the user's lists and rules.
expect 0 "no-default-data" -- nt --no-default-data --gazetteer "$tmp/products.tsv" --rules "$crules" -f tsv "$cart"
if cut -f4 "$tmp/out" | grep -qE '^(PERSON|LOCATION|DATE)$'; then bad "no-default-data: shipped entities"; else ok; fi
has "$tmp/out" "no-default-data" "Clean Air Act"

# --explain: the list line or rule line, and the candidates beaten.
printf '# brands\nGalaxy\tBRAND\n' >"$tmp/brands.tsv"
expect 0 "explain json" -- nt --explain --no-default-data --gazetteer "$tmp/products.tsv" --gazetteer "$tmp/brands.tsv" --rules "$crules" -f json "$cart"
has "$tmp/out" "explain json" "\"priority\": 60, \"origin\": \"$tmp/products.tsv:5\", \"beat\": []"
has "$tmp/out" "explain json" "\"priority\": 70, \"origin\": \"$crules:3\", \"beat\": []"
has "$tmp/out" "explain json" "\"priority\": 70, \"origin\": \"$tmp/products.tsv:4\", \"beat\": [{\"type\": \"BRAND\", \"text\": \"Galaxy\", \"start\": 112, \"end\": 118, \"source\": \"brands\", \"priority\": 60, \"origin\": \"$tmp/brands.tsv:2\"}]}"
expect 0 "explain tsv" -- nt --explain --header --no-default-data --gazetteer "$tmp/products.tsv" --gazetteer "$tmp/brands.tsv" -f tsv "$cart"
has "$tmp/out" "explain tsv" "$(printf 'value\torigin\tbeat')"
has "$tmp/out" "explain tsv" "$(printf 'Galaxy S24\t\t%s:4\tBRAND:112-118:brands@%s:2' "$tmp/products.tsv" "$tmp/brands.tsv")"
expect 0 "no explain" -- nt --gazetteer "$tmp/products.tsv" -f json "$cart"
if grep -q '"origin"' "$tmp/out"; then bad "origin without --explain"; else ok; fi

# Broken files: file and line, exit 2.
printf 'ok\tPRODUCT\n\nnotab\n' >"$tmp/b1.tsv"
printf 'x\tPRODUCT\t5000\n' >"$tmp/b2.tsv"
printf 'x\tBAD TYPE\n' >"$tmp/b3.tsv"
printf '# c\nx\tP\t\tcase-weird\n' >"$tmp/b4.tsv"
printf 'r1 LAW 70 @title (?:foo\n' >"$tmp/r1.rules"
printf '\n# c\nr2 LAW x @title foo\n' >"$tmp/r2.rules"
printf 'r3 LAW 70 @nosuch foo\n' >"$tmp/r3.rules"
for c in "b1.tsv:3: expected name<TAB>TYPE" "b2.tsv:1: bad priority '5000'" \
         "b3.tsv:1: bad type name 'BAD TYPE'" "b4.tsv:2: unknown option 'case-weird'"; do
    expect 2 "broken ${c%%:*}" -- nt --gazetteer "$tmp/${c%%:*}" "$cart"
    has "$tmp/err" "broken ${c%%:*}" "newstag: $tmp/$c"
done
for c in "r1.rules:1: rule 'r1': missing closing parenthesis" "r2.rules:3: bad priority 'x'" \
         "r3.rules:1: unknown word class 'nosuch'"; do
    expect 2 "broken ${c%%:*}" -- nt --rules "$tmp/${c%%:*}" "$cart"
    has "$tmp/err" "broken ${c%%:*}" "newstag: $tmp/$c"
done
expect 2 "list folder" -- nt --gazetteer "$tmp" "$cart"
has "$tmp/err" "list folder" "newstag: $tmp: is a directory"
expect 2 "rules folder" -- nt --rules "$tmp" "$cart"
expect 2 "missing list" -- nt --gazetteer "$tmp/nonexistent.tsv" "$cart"
has "$tmp/err" "missing list" "newstag: $tmp/nonexistent.tsv: No such file or directory"

# The compiled cache: written for a big list, used while fresh, remade
# when the list changes.
awk 'BEGIN { for (i = 0; i < 12000; i++) printf "Zq%dx Widget\tWIDGET\n", i }' >"$tmp/big.tsv"
printf 'The Zq11999x Widget and the Zq7x Widget.\n' >"$tmp/w.txt"
expect 0 "cache write" -- nt --gazetteer "$tmp/big.tsv" -f tsv "$tmp/w.txt"
[ -s "$tmp/big.tsv.ntc" ] && ok || bad "cache: no $tmp/big.tsv.ntc"
expect 0 "cache read" -- nt --gazetteer "$tmp/big.tsv" --explain -f tsv "$tmp/w.txt"
has "$tmp/out" "cache read" "$(printf 'Zq11999x Widget\t\t%s:12000' "$tmp/big.tsv")"
has "$tmp/out" "cache read" "Zq7x Widget"
sleep 1; printf 'Zq7x Widget\tGADGET\t90\n' >>"$tmp/big.tsv"
expect 0 "cache stale" -- nt --gazetteer "$tmp/big.tsv" -t GADGET -f tsv "$tmp/w.txt"
has "$tmp/out" "cache stale" "$(printf 'GADGET\tZq7x Widget')"
head -c 100 "$tmp/big.tsv.ntc" >"$tmp/trunc" && cp "$tmp/trunc" "$tmp/big.tsv.ntc"
touch -r "$tmp/big.tsv" "$tmp/big.tsv.ntc"
expect 0 "cache corrupt" -- nt --gazetteer "$tmp/big.tsv" -f tsv "$tmp/w.txt"
has "$tmp/out" "cache corrupt" "Zq11999x Widget"

# newstag eval on a small CoNLL gold with a custom type (no shared data).
expect 0 "eval conll" -- nt eval --gold "$cu/gold.conll" --gazetteer "$tmp/products.tsv" --by-source
has "$tmp/out" "eval conll" "type             gold   pred |      P      R     F1 |  partP  partR partF1"
has "$tmp/out" "eval conll" "COUNCIL             1      1 | 100.00 100.00 100.00 | 100.00 100.00 100.00"
has "$tmp/out" "eval conll" "PRODUCT             1      1 | 100.00 100.00 100.00 | 100.00 100.00 100.00"
has "$tmp/out" "eval by-source" "products                      2      2 100.00 |      2 100.00  $tmp/products.tsv"
expect 2 "eval no gold" -- nt eval "$cart"
has "$tmp/err" "eval no gold" "newstag eval needs --gold FILE"
expect 2 "gold outside eval" -- nt --gold "$cu/gold.conll" "$cart"
expect 2 "eval missing gold" -- nt eval --gold "$tmp/nonexistent.conll"
has "$tmp/err" "eval missing gold" "nonexistent.conll"

# Against the shared scorer on CoNLL-2003 dev, when ../shared is there.
shared="$root/../shared"
if [ -x "$shared/eval/conll2docs" ] && [ -r "$shared/corpora/conll2003/eng.testa" ]; then
    "$shared/eval/conll2docs" "$shared/corpora/conll2003/eng.testa" "$tmp/conll" 2>/dev/null
    nt -f tsv "$tmp"/conll/docs/*.txt >"$tmp/conll-pred.tsv"
    "$shared/eval/score" "$tmp/conll/gold.tsv" "$tmp/conll-pred.tsv" >"$tmp/score.out"
    # score's rows (PER LOC ORG micro), as gold pred P R F1 partialF1.
    awk '$1 ~ /^(PER|LOC|ORG|micro)$/ { print $1, $2, $3, $5, $6, $7, $9 }' "$tmp/score.out" >"$tmp/want"
    for g in "$shared/corpora/conll2003/eng.testa" "$tmp/conll/gold.tsv"; do
        expect 0 "eval vs score" -- nt eval --gold "$g"
        awk '$1 ~ /^(PERSON|LOCATION|ORGANIZATION|micro)$/ {
            t = $1; sub(/ERSON$/, "ER", t); sub(/OCATION$/, "OC", t); sub(/RGANIZATION$/, "RG", t)
            print t, $2, $3, $5, $6, $7, $11 }' "$tmp/out" >"$tmp/got"
        same "$tmp/got" "$tmp/want" "eval --gold $(basename "$g") vs score"
        [ "$(tail -n 1 "$tmp/out")" = "$(tail -n 1 "$tmp/score.out")" ] && ok || bad "eval F1 line vs score"
    done
else
    echo "skip: eval vs ../shared/eval/score (no ../shared)"
fi

# The data folder's compiled file (newstag.ntd): written by a run that finds
# none, used by the next with the same output, ignored once a list changes.
cp -pR "$root/data" "$tmp/ntdata" && rm -f "$tmp/ntdata/newstag.ntd"
expect 0 "ntd write" -- nt --data "$tmp/ntdata" --explain -f tsv "$cart"
cp "$tmp/out" "$tmp/ntd-text.tsv"
[ -s "$tmp/ntdata/newstag.ntd" ] && ok || bad "ntd: not written"
expect 0 "ntd read" -- nt --data "$tmp/ntdata" --explain -f tsv "$cart"
cmp -s "$tmp/out" "$tmp/ntd-text.tsv" && ok || bad "ntd: output differs from the lists'"
printf 'Harrow\tNONE\t99\n' >>"$tmp/ntdata/gazetteers/countries.tsv"
expect 0 "ntd stale" -- nt --data "$tmp/ntdata" -f tsv "$cart"
grep -q "Harrow Council" "$tmp/out" && bad "ntd: stale file used" || ok
printf 'garbage' >"$tmp/ntdata/newstag.ntd"
expect 0 "ntd damaged" -- nt --data "$tmp/ntdata" --explain -f tsv "$cart"
[ "$(wc -c <"$tmp/ntdata/newstag.ntd")" -gt 1000 ] && ok || bad "ntd: damaged file not replaced"

# The rules' compiled patterns (newstag.ntp): written by a run that finds
# none, then read with the same output and left alone; a user's rule adds
# its pattern; a damaged file is compiled around and written anew.
cp -pR "$root/data" "$tmp/ntpdata" && rm -f "$tmp/ntpdata/newstag.ntp"
expect 0 "ntp write" -- nt --data "$tmp/ntpdata" -f tsv "$cart"
cp "$tmp/out" "$tmp/ntp-first.tsv"
[ -s "$tmp/ntpdata/newstag.ntp" ] && ok || bad "ntp: not written"
cp -p "$tmp/ntpdata/newstag.ntp" "$tmp/ntp-first"
expect 0 "ntp read" -- nt --data "$tmp/ntpdata" -f tsv "$cart"
same "$tmp/out" "$tmp/ntp-first.tsv" "ntp read"
cmp -s "$tmp/ntpdata/newstag.ntp" "$tmp/ntp-first" && ok || bad "ntp: rewritten though complete"
printf 'harrow ORGANIZATION 90 #cap Harrow\\s+Council\n' >"$tmp/ntp-user.rules"
expect 0 "ntp user rule" -- nt --data "$tmp/ntpdata" --rules "$tmp/ntp-user.rules" -f tsv "$cart"
[ "$(wc -c <"$tmp/ntpdata/newstag.ntp")" -gt "$(wc -c <"$tmp/ntp-first")" ] && ok || bad "ntp: user rule's pattern not added"
printf 'garbage' >"$tmp/ntpdata/newstag.ntp"
expect 0 "ntp damaged" -- nt --data "$tmp/ntpdata" -f tsv "$cart"
same "$tmp/out" "$tmp/ntp-first.tsv" "ntp damaged"
[ "$(wc -c <"$tmp/ntpdata/newstag.ntp")" -gt 1000 ] && ok || bad "ntp: damaged file not replaced"
# A read-only data folder without the file (only checked as another user
# than root): the same output, nothing written.
if [ "$(id -u)" != 0 ]; then
    cp -pR "$root/data" "$tmp/ntpro" && rm -f "$tmp/ntpro/newstag.ntp" && chmod 555 "$tmp/ntpro"
    expect 0 "ntp read-only" -- nt --data "$tmp/ntpro" -f tsv "$cart"
    same "$tmp/out" "$tmp/ntp-first.tsv" "ntp read-only"
    [ ! -e "$tmp/ntpro/newstag.ntp" ] && ok || bad "ntp: written in a read-only folder"
    chmod 755 "$tmp/ntpro"
fi
