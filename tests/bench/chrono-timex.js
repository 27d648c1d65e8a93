#!/usr/bin/env node
// chrono-timex.js - runs chrono-node (the JavaScript date parser) over a
// folder of documents, each against its reference date, and prints the
// same TSV as `newstag -f tsv --header` so that score-timex compares both.
// Usage: NODE_PATH=DIR/node_modules node chrono-timex.js DOCS DCT.tsv
// (DCT.tsv: doc<TAB>YYYY-MM-DD, doc with or without .txt). chrono finds
// dates and times only: an expression with an hour is a TIME, else a DATE.
'use strict';
const fs = require('fs');
const path = require('path');
const chrono = require('chrono-node');

const [docs, dctFile] = process.argv.slice(2);
const pad = (n, w) => String(n).padStart(w, '0');

// The TIMEX3 value of a chrono result at the precision chrono is sure of.
function value(r) {
  const c = r.start;
  const y = pad(c.get('year'), 4), m = pad(c.get('month'), 2), d = pad(c.get('day'), 2);
  if (c.isCertain('hour'))
    return ['TIME', `${y}-${m}-${d}T${pad(c.get('hour'), 2)}:${pad(c.get('minute'), 2)}`];
  if (c.isCertain('day') || c.isCertain('weekday'))
    return ['DATE', `${y}-${m}-${d}`];
  if (c.isCertain('month'))
    return ['DATE', `${y}-${m}`];
  return ['DATE', y];
}

const field = s => s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
const out = ['file\tstart\tend\ttype\ttext\tvalue'];
for (const line of fs.readFileSync(dctFile, 'utf8').split('\n')) {
  const [doc, dct] = line.split('\t');
  if (!doc || doc === 'doc' || !/^\d{4}-\d\d-\d\d$/.test(dct || '')) continue;
  const name = doc.endsWith('.txt') ? doc : doc + '.txt';
  const text = fs.readFileSync(path.join(docs, name), 'utf8');
  const [Y, M, D] = dct.split('-').map(Number);
  for (const r of chrono.parse(text, new Date(Y, M - 1, D, 12))) {
    const start = Buffer.byteLength(text.slice(0, r.index));
    const end = start + Buffer.byteLength(r.text);
    const [type, v] = value(r);
    out.push([name, start, end, type, field(r.text), v].join('\t'));
  }
}
process.stdout.write(out.join('\n') + '\n');
