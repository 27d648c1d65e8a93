// dedupe.js - a name belongs to one list: a country is not also a city or a
// region. Removes from capitals_cities.tsv and regions.tsv every name that
// countries.tsv has (compared case-insensitively), so that the country list
// is the source reported for it and sports rules can tell national teams
// (places) from clubs. Runs after the other generators (build.sh).
'use strict';
const fs = require('fs');
const path = require('path');
const out = process.env.NT_OUT || path.join(__dirname, '..');
const read = (rel) => fs.readFileSync(path.join(out, rel), 'utf8').split('\n');
const countries = new Set(read('gazetteers/countries.tsv')
  .filter((l) => l && !l.startsWith('#')).map((l) => l.split('\t')[0].toLowerCase()));
for (const rel of ['gazetteers/capitals_cities.tsv', 'gazetteers/regions.tsv']) {
  const lines = read(rel);
  const kept = lines.filter((l) => !l || l.startsWith('#') || !countries.has(l.split('\t')[0].toLowerCase()));
  fs.writeFileSync(path.join(out, rel), kept.join('\n'));
  console.error(`dedupe.js: ${rel}: ${lines.length - kept.length} country names removed`);
}
