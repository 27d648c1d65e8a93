// lexicon.js - data/lexicon/: the hand-written word classes (title, month,
// weekday, orgsuffix, orghead) and common.txt from SCOWL.
'use strict';
const L = require('./lib.js');

const COMMON_MAX = 35; // SCOWL levels 10, 20 and 35: the most common words

const HAND_CLASSES = {
  'title.txt': 'title - words that directly precede a person\'s name: honorifics, ranks, offices, roles.',
  'month.txt': 'month - month names and abbreviations.',
  'weekday.txt': 'weekday - weekday names.',
  'orgsuffix.txt': 'orgsuffix - legal forms and corporate words ending company names.',
  'orghead.txt': 'orghead - head nouns of organization names ("X Party", "Ministry of X").',
};

for (const [file, what] of Object.entries(HAND_CLASSES)) {
  L.writeWords(`lexicon/${file}`, [
    what,
    `Hand-written (general knowledge). ${L.GENERATED(file)}`,
  ], L.handLines(file));
}

// Lowercase single words, letters only (an inner hyphen or apostrophe allowed).
const lv = L.scowlLevels(['english', 'american', 'british'], COMMON_MAX);
const common = [...lv.keys()].filter((w) => /^\p{Ll}+(?:[-'’]\p{Ll}+)*$/u.test(w) && !/'s$/.test(w));
L.writeWords('lexicon/common.txt', [
  'common - common English words, lowercase, one a line. ' + L.GENERATED(''),
  `Source: SCOWL english-words, american-words and british-words, levels <= ${COMMON_MAX}`,
  '(Debian scowl 2020.12.07-2, Copyright 2000-2020 Kevin Atkinson and others; see data/SOURCES.md).',
], common);
