# Failing systems: a closed pipe, unwritable and full output folders,
# signals in the middle of a batch, and -o kept inside its folder (sourced by
# run.sh).
fdir="$tmp/faults"
mkdir -p "$fdir/in/sub"
cat "$e2e"/articles/*.txt >"$fdir/one.txt"
for i in 1 2 3 4 5 6 7 8; do cat "$fdir/one.txt"; done >"$fdir/eight.txt"
for i in $(seq 1 120); do cp "$fdir/eight.txt" "$fdir/in/$i.txt"; done
cp "$e2e/articles/02-oil.txt" "$fdir/in/sub/oil.txt"

# A closed pipe on a big batch, with workers or without: quiet, and over at
# once rather than annotating everything into the void.
for j in 1 2; do
    sh -c "timeout 60 $wrap '$bin' -r -j $j -f tsv '$fdir/in' 2>'$tmp/err' | head -n1 >/dev/null"
    [ ! -s "$tmp/err" ] && ok || { bad "broken pipe -j $j: stderr not empty"; head -3 "$tmp/err"; }
done

# A full disk under stdout: a clear error and exit 1, for a small output
# (through stdio's buffer) and a large one (64 KB pieces written to the
# descriptor directly), with workers or without.
if [ -w /dev/full ]; then
    for j in 1 2; do
        for f in "$e2e/articles/02-oil.txt" "$fdir/eight.txt"; do
            expect 1 "stdout full -j $j" -- sh -c "$wrap '$bin' -j $j -f tsv '$f' '$f' >/dev/full"
            has "$tmp/err" "stdout full -j $j" "write error: No space left on device"
        done
    done
fi

# An -o folder that cannot be made (a file is in the way): a clear error,
# exit 1, nothing written.
: >"$fdir/afile"
expect 1 "unmakeable -o" -- nt -f tsv -o "$fdir/afile/out" "$e2e/articles/02-oil.txt"
has "$tmp/err" "unmakeable -o" "afile/out: Not a directory"
# An unwritable one (root writes anywhere: only checked as another user).
if [ "$(id -u)" != 0 ]; then
    mkdir -p "$fdir/ro" && chmod 555 "$fdir/ro"
    expect 1 "unwritable -o" -- nt -f tsv -o "$fdir/ro" "$e2e/articles/02-oil.txt"
    has "$tmp/err" "unwritable -o" "Permission denied"
    [ -z "$(ls -A "$fdir/ro")" ] && ok || bad "unwritable -o: files left"
    chmod 755 "$fdir/ro"
fi

# A full disk, simulated with ulimit -f (2 KB: every output is larger):
# each output reported, exit 1, no partial file and no temporary left.
expect 1 "file size limit" -- sh -c "ulimit -f 2; $wrap '$bin' -r -f json -o '$fdir/big' '$fdir/in/sub'"
has "$tmp/err" "file size limit" "oil.txt.json: File too large"
[ -z "$(find "$fdir/big" -type f 2>/dev/null)" ] && ok || bad "file size limit: files left"
# A real full disk when a small tmpfs can be mounted (as root): the outputs
# that fit are complete, the rest reported, no temporary left.
mkdir -p "$fdir/tmpfs"
if mount -t tmpfs -o size=64k tmpfs "$fdir/tmpfs" 2>/dev/null; then
    head -c 40000 /dev/zero >"$fdir/tmpfs/fill"
    mkdir -p "$fdir/small"
    for f in 01-basketball 02-oil 03-election 04-tech; do cp "$e2e/articles/$f.txt" "$fdir/small/"; done
    nt -r -f json -o "$fdir/small-ref" "$fdir/small" 2>/dev/null
    expect 1 "disk full" -- nt -r -f json -o "$fdir/tmpfs/o" "$fdir/small"
    has "$tmp/err" "disk full" "No space left on device"
    [ -z "$(find "$fdir/tmpfs" -name '.*')" ] && ok || bad "disk full: temporary left"
    for f in $(cd "$fdir/tmpfs/o" && find . -type f); do
        same "$fdir/tmpfs/o/$f" "$fdir/small-ref/$f" "disk full: $f"
    done
    umount "$fdir/tmpfs"
else
    echo "skip: disk full on tmpfs (cannot mount)"
fi

# SIGTERM and SIGINT in the middle of a batch, with and without workers:
# the signal's exit status, no temporary left, every finished output whole.
# (Background jobs of sh ignore SIGINT; python restores its default.)
"$bin" -r -f json -o "$fdir/ref" "$fdir/in" 2>/dev/null # 65 MB: not under valgrind
for sig in TERM INT; do
    for j in 1 2; do
        rm -rf "$fdir/part"
        python3 -c 'import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execvp(sys.argv[1], sys.argv[1:])' \
            "$bin" -r -j $j -f json -o "$fdir/part" "$fdir/in" 2>/dev/null &
        pid=$!
        # Signalled as soon as the first output is written (the batch runs
        # about a second, less with more speed): a fixed sleep could miss it.
        for _ in $(seq 200); do
            [ -n "$(find "$fdir/part" -type f 2>/dev/null | head -n 1)" ] && break
            sleep 0.02
        done
        kill -$sig $pid
        wait $pid
        st=$?
        sleep 0.3 # the workers' own cleanup, on their parent's death
        [ "$st" -ge 129 ] && ok || bad "SIG$sig -j $j: exit $st (finished before the signal?)"
        [ -z "$(find "$fdir/part" -name '.*')" ] && ok || bad "SIG$sig -j $j: temporary left"
        n=0
        for f in $(cd "$fdir/part" && find . -type f); do
            cmp -s "$fdir/part/$f" "$fdir/ref/$f" || bad "SIG$sig -j $j: $f differs"
            n=$((n + 1))
        done
        [ "$n" -lt 121 ] && ok || bad "SIG$sig -j $j: all done before the signal"
    done
done
sleep 0.2
[ -z "$(ps -eo args | grep -F -- "$fdir/part" | grep -v grep)" ] && ok || bad "signals: workers left running"

# -o never writes outside its folder: inputs named ../x.txt, by absolute
# path or through a symlink pointing elsewhere land inside it by name.
mkdir -p "$fdir/w/in" "$fdir/elsewhere"
cp "$e2e/articles/02-oil.txt" "$fdir/w/x.txt"
cp "$e2e/articles/02-oil.txt" "$fdir/elsewhere/target.txt"
ln -s "$fdir/elsewhere" "$fdir/w/in/link"
ln -s "$fdir/elsewhere/target.txt" "$fdir/w/in/file.txt"
(cd "$fdir/w/in" && $wrap "$bin" -f tsv -o ../o ../x.txt "$fdir/w/x.txt" >"$tmp/out" 2>"$tmp/err")
[ $? -eq 0 ] && ok || bad "-o ../x.txt: exit status"
[ -f "$fdir/w/o/x.txt.tsv" ] && ok || bad "-o ../x.txt: output not inside the folder"
expect 0 "-o symlinks" -- nt -r -f tsv -o "$fdir/w/o2" "$fdir/w/in"
[ -f "$fdir/w/o2/link/target.txt.tsv" ] && [ -f "$fdir/w/o2/file.txt.tsv" ] && ok || bad "-o symlinks: outputs not mirrored inside"
[ "$(find "$fdir/elsewhere" -type f | wc -l)" -eq 1 ] && ok || bad "-o: wrote outside the folder"
# Symlinks planted inside the output folder are never followed: one in place
# of a subfolder is refused, one in place of an output file is replaced.
mkdir -p "$fdir/w/o3"
ln -s "$fdir/elsewhere" "$fdir/w/o3/link"
ln -s "$fdir/elsewhere/target.txt" "$fdir/w/o3/file.txt.tsv"
expect 1 "-o planted symlinks" -- nt -r -f tsv -o "$fdir/w/o3" "$fdir/w/in"
has "$tmp/err" "-o planted symlinks" "o3/link: refusing to follow symlink"
[ -f "$fdir/w/o3/file.txt.tsv" ] && [ ! -L "$fdir/w/o3/file.txt.tsv" ] && ok || bad "-o planted file symlink: not replaced"
cmp -s "$fdir/elsewhere/target.txt" "$e2e/articles/02-oil.txt" && ok || bad "-o planted symlinks: target changed"
[ "$(find "$fdir/elsewhere" -type f | wc -l)" -eq 1 ] && ok || bad "-o planted symlinks: wrote outside"

# Symlink loops in a folder walk (a link back up, a link to itself) are
# reported, the rest annotated, exit 1.
mkdir -p "$fdir/loop/d"
printf 'Angela Merkel visited Paris.\n' >"$fdir/loop/d/a.txt"
ln -s .. "$fdir/loop/d/up"
ln -s self.txt "$fdir/loop/d/self.txt"
expect 1 "symlink loops" -- nt -r -f tsv "$fdir/loop"
has "$tmp/err" "symlink loops" "loop/d/up: symlink loop"
has "$tmp/err" "symlink loops" "loop/d/self.txt: Too many levels of symbolic links"
has "$tmp/out" "symlink loops" "PERSON	Angela Merkel"
rm -rf "$fdir"

# No usable libxml2 (an empty file in its place): plain text is annotated
# as ever; an HTML page is reported and the rest of the batch still done
# (exit 1); -f xml refuses to start (exit 2). Not under valgrind, which
# loads libraries its own way.
if [ -z "$wrap" ]; then
    mkdir -p "$fdir/nolib" "$fdir/mixed"
    : >"$fdir/nolib/libxml2.so.2"
    cp "$e2e/articles/02-oil.txt" "$fdir/mixed/a.txt"
    printf '<html><body><p>Angela Merkel spoke in Berlin.</p></body></html>\n' >"$fdir/mixed/b.html"
    nt -f tsv "$fdir/mixed/a.txt" >"$fdir/nolib-ref.tsv"
    expect 0 "no libxml2, text" -- env LD_LIBRARY_PATH="$fdir/nolib" "$bin" -f tsv "$fdir/mixed/a.txt"
    same "$tmp/out" "$fdir/nolib-ref.tsv" "no libxml2, text"
    expect 1 "no libxml2, html" -- env LD_LIBRARY_PATH="$fdir/nolib" "$bin" -f tsv "$fdir/mixed/b.html" "$fdir/mixed/a.txt"
    has "$tmp/err" "no libxml2, html" "b.html: HTML and XML need libxml2"
    has "$tmp/out" "no libxml2, html" "$(head -n 1 "$fdir/nolib-ref.tsv" | cut -f2-)"
    expect 2 "no libxml2, -f xml" -- env LD_LIBRARY_PATH="$fdir/nolib" "$bin" -f xml "$fdir/mixed/a.txt"
    has "$tmp/err" "no libxml2, -f xml" "newstag: HTML and XML need libxml2: "
    [ ! -s "$tmp/out" ] && ok || bad "no libxml2, -f xml: output written"
fi
