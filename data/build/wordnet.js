// wordnet.js - reads WordNet 3.0's data.noun (Debian wordnet-base) and lists its
// instance synsets (proper nouns such as rivers, cities, people) with their
// lexicographer file, the classes they are instances of, and every ancestor class.
'use strict';
const fs = require('fs');
const path = require('path');

const WN = process.env.NT_WORDNET || '/usr/share/wordnet';

function readSynsets() {
  const syn = new Map();
  const text = fs.readFileSync(path.join(WN, 'data.noun'), 'latin1');
  for (const line of text.split('\n')) {
    if (!line || line[0] === ' ') continue; // licence header lines start with spaces
    const f = line.split(' | ')[0].split(' ');
    const wc = parseInt(f[3], 16);
    const words = [];
    let i = 4;
    for (let k = 0; k < wc; k++, i += 2) words.push(f[i].replace(/\([a-z]+\)$/, '').replace(/_/g, ' '));
    const pc = +f[i++];
    const ptr = [];
    for (let k = 0; k < pc; k++, i += 4) ptr.push({ sym: f[i], off: f[i + 1], pos: f[i + 2] });
    syn.set(f[0], { off: f[0], lex: +f[1], words, ptr });
  }
  return syn;
}

// [{lex, words, classes: [first lemma of each direct class], ancestors: Set of lemmas}]
function instances() {
  const syn = readSynsets();
  const anc = new Map();
  const ancestorsOf = (s) => {
    if (anc.has(s.off)) return anc.get(s.off);
    const set = new Set();
    anc.set(s.off, set);
    for (const p of s.ptr) {
      if ((p.sym === '@' || p.sym === '@i') && p.pos === 'n') {
        const up = syn.get(p.off);
        for (const w of up.words) set.add(w);
        for (const w of ancestorsOf(up)) set.add(w);
      }
    }
    return set;
  };
  const out = [];
  for (const s of syn.values()) {
    const ins = s.ptr.filter((p) => p.sym === '@i');
    if (!ins.length) continue;
    out.push({
      lex: s.lex,
      words: s.words,
      classes: ins.map((p) => syn.get(p.off).words[0]),
      ancestors: ancestorsOf(s),
    });
  }
  return out;
}

module.exports = { instances };
