// compromise.js - runs compromise (the rule-based JavaScript NLP library)
// over text files and prints its people, places and organizations as the
// TSV the shared scorer reads: doc start end type text (byte offsets).
// Usage: NODE_PATH=DIR/node_modules node compromise.js FILE...
'use strict';
const fs = require('fs');
const path = require('path');
const nlp = require('compromise');

const KINDS = [['people', 'PER'], ['places', 'LOC'], ['organizations', 'ORG']];

// compromise's spans count UTF-16 units and keep trailing punctuation
// ("Brussels."): trim that, then convert to UTF-8 byte offsets.
function span(text, off) {
  let s = off.start, e = off.start + off.length;
  while (e > s && /[\s.,;:!?'"’”)\]]/.test(text[e - 1])) e--;
  while (s < e && /[\s"'“‘(\[]/.test(text[s])) s++;
  return [Buffer.byteLength(text.slice(0, s)), Buffer.byteLength(text.slice(0, e)), text.slice(s, e)];
}

let bytes = 0;
const t0 = process.hrtime.bigint();
const rows = [];
for (const file of process.argv.slice(2)) {
  const text = fs.readFileSync(file, 'utf8');
  bytes += Buffer.byteLength(text);
  const doc = nlp(text);
  for (const [fn, type] of KINDS)
    for (const m of doc[fn]().json({ offset: true })) {
      const [s, e, t] = span(text, m.offset);
      if (e > s) rows.push([path.basename(file), s, e, type, t.replace(/\s/g, ' ')].join('\t'));
    }
}
const secs = Number(process.hrtime.bigint() - t0) / 1e9;
process.stdout.write(rows.join('\n') + '\n');
process.stderr.write(`compromise: ${(bytes / 1e6 / secs).toFixed(3)} MB/s\n`);
