#!/usr/bin/env python3
"""Checks newstag's JSON output for one input: valid JSON, entities sorted
and non-overlapping, offsets inside the input, and text equal to the input
bytes at [start, end) (invalid UTF-8 bytes appear as U+FFFD in JSON)."""
import json
import sys

TYPES = {"PERSON", "LOCATION", "ORGANIZATION", "DATE"}


def main():
    data = open(sys.argv[1], "rb").read()
    with open(sys.argv[2], encoding="utf-8") as f:
        doc = json.load(f)
    last_end = 0
    for e in doc["entities"]:
        s, t = e["start"], e["end"]
        assert 0 <= s < t <= len(data), f"span {s}-{t} outside 0-{len(data)}"
        assert s >= last_end, f"span {s}-{t} overlaps or is out of order"
        assert e["type"] in TYPES, e["type"]
        assert e["source"], "empty source"
        want = data[s:t].decode("utf-8", errors="replace")
        assert e["text"] == want, f"text {e['text']!r} != input {want!r}"
        last_end = t
    print(f"{len(doc['entities'])} entities ok")


if __name__ == "__main__":
    try:
        main()
    except (AssertionError, ValueError, KeyError) as exc:
        print(f"check_spans: {exc}", file=sys.stderr)
        sys.exit(1)
