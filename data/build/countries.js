// countries.js - data/gazetteers/countries.tsv (LOCATION) and
// nationalities.tsv (NONE) from world-countries (ODbL-1.0) and
// i18n-iso-countries (MIT), plus hand/countries.tsv and hand/nationalities.tsv.
'use strict';
const L = require('./lib.js');

const SRC = process.env.NT_SRC;
const wc = require(`${SRC}/world-countries/package/countries.json`);
const iso = require(`${SRC}/i18n-iso-countries/package/langs/en.json`).countries;

// Upper-case codes of 2-4 letters kept as names; all others ("IN", "IT",
// "AT", "BE", "NO", "ME", "AM"...) are too ambiguous.
const CODES = new Set(['US', 'USA', 'UK', 'UAE', 'DRC', 'PRC', 'DPRK']);
const drop = L.handSet('countries-drop.txt');

// A usable country name: Latin script, starts with a capital, no inverted
// "Korea, Republic of" or "(Malvinas)" forms, no ambiguous codes or words.
function usable(n) {
  if (!/^[\p{Script=Latin}\p{M}\p{N} .'’-]+$/u.test(n)) return false;
  if (!/^\p{Lu}/u.test(n) || drop.has(n)) return false;
  if (/^[A-Z.]{2,4}$/.test(n) && !CODES.has(n)) return false;
  return true;
}
// Alternative spellings also must not be common words ("Island" for Iceland);
// the common and official names are kept (China, Turkey, Chile).
const usableAlt = (n) => usable(n) && (n.includes(' ') || L.wordLevel(n.toLowerCase()) > 50);

const prio = (n) => (n.includes(' ') ? 60 : 50);
const names = [];
const add = (n, alt) => { if (alt ? usableAlt(n) : usable(n)) names.push({ name: n, type: 'LOCATION', prio: prio(n) }); };
for (const c of wc) {
  add(c.name.common);
  add(c.name.official);
  for (const a of c.altSpellings) if (/^[\x20-\x7e]+$/.test(a)) add(a, true); // ASCII spellings only
}
for (const v of Object.values(iso)) for (const n of [].concat(v)) add(n, true);
const hand = L.handTsv('countries.tsv');
// Hand entries decide the priority of a name they list.
const handKeys = new Set(hand.map((e) => e.name.toLowerCase()));
L.writeTsv('gazetteers/countries.tsv', [
  'countries - country names, official and alternative spellings, historical names (LOCATION).',
  L.GENERATED('countries.tsv'),
  'Licence: ODbL-1.0 (Open Database License), as a database derived from world-countries.',
  'Sources: world-countries 5.1.0 by Mohammed Le Doze (https://github.com/mledoze/countries),',
  'ODbL-1.0; i18n-iso-countries 7.14.0 (MIT); hand/countries.tsv (hand-written).',
], [...names.filter((e) => !handKeys.has(e.name.toLowerCase())), ...hand]);

// Demonyms: "Antiguan, Barbudan" and "Kittitian or Nevisian" list two. Plurals
// are made for "-an", "-i", "-er" and similar endings only ("-ese", "-ish",
// "Swiss" take none). A demonym that is also a country name (world-countries
// gives "Djibouti", "Gibraltar") is left out: the place wins.
const dem = new Set();
for (const c of wc) {
  const d = c.demonyms && c.demonyms.eng;
  if (!d) continue;
  for (const g of [d.m, d.f]) for (const x of (g || '').split(/,\s*|\s+or\s+/)) if (x) dem.add(x.trim());
}
const placeKeys = new Set([...names, ...hand].map((e) => e.name.toLowerCase()));
const out = [];
for (const d of dem) {
  if (!/^\p{Lu}/u.test(d) || drop.has(d) || placeKeys.has(d.toLowerCase())) continue;
  out.push({ name: d, type: 'NONE' });
  if (/(an|i|er|ot|[^s]e|k|ino|ina)$/.test(d) && !/ese$/.test(d)) out.push({ name: d + 's', type: 'NONE' });
}
L.writeTsv('gazetteers/nationalities.tsv', [
  'nationalities - demonyms and nationality adjectives, ethnic and religious groups, languages:',
  'known non-entities (NONE), never guessed as names. ' + L.GENERATED('nationalities.tsv'),
  'Licence: ODbL-1.0 (Open Database License), as a database derived from world-countries.',
  'Sources: world-countries 5.1.0 demonyms by Mohammed Le Doze (https://github.com/mledoze/countries),',
  'ODbL-1.0; plurals made by build/countries.js; hand/nationalities.tsv (hand-written).',
], [...out, ...L.handTsv('nationalities.tsv')]);
