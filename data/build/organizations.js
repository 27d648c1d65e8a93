// organizations.js - the gazetteers written wholly by hand:
// data/gazetteers/organizations.tsv (ORGANIZATION) from hand/organizations.txt
// and events.tsv (NONE: competitions, festivals, awards, indices) from
// hand/events.txt. Hand lines are "name[<TAB>priority]".
'use strict';
const L = require('./lib.js');

function read(file, type, multiPrio) {
  return L.handLines(file).map((l) => {
    const [name, prio] = l.split('\t');
    const p = prio ? +prio : (name.trim().includes(' ') ? multiPrio : 50);
    return { name, type, prio: p };
  });
}

L.writeTsv('gazetteers/organizations.tsv', [
  'organizations - international bodies, governments, parties, media, companies, exchanges,',
  'universities, sports bodies and clubs (ORGANIZATION). ' + L.GENERATED('organizations.txt'),
  'Hand-written from general knowledge; licence: MIT, like newstag (see data/SOURCES.md).',
  'Priorities: 60 unambiguous names of two or more words, 50 one word, 30-40 names that are also',
  'places or words (Barcelona, Liverpool, Apple) so that context rules can override them.',
], read('organizations.txt', 'ORGANIZATION', 60));

L.writeTsv('gazetteers/events.tsv', [
  'events - competitions, tournaments, festivals, awards, market indices: MISC in CoNLL terms,',
  'so known non-entities (NONE) here. ' + L.GENERATED('events.txt'),
  'Hand-written from general knowledge; licence: MIT, like newstag (see data/SOURCES.md).',
], read('events.txt', 'NONE', 50));
