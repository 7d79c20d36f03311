/**
 * Loads the bundled gazetteer data (`cities.json` beside this file) into the parser's in-memory
 * gazetteer. Reads the file once per process, at the first call.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGazetteer } from '../../agents/nlu/gazetteer.js';
import type { Gazetteer, GazetteerData } from '../../agents/nlu/gazetteer.js';

let data: GazetteerData | undefined;
let gazetteer: Gazetteer | undefined;

export function loadGazetteerData(): GazetteerData {
  data ??= JSON.parse(
    readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'cities.json'), 'utf8'),
  ) as GazetteerData;
  return data;
}

export function loadGazetteer(): Gazetteer {
  gazetteer ??= createGazetteer(loadGazetteerData());
  return gazetteer;
}

/** Chinese names in the data (for a segmenter's user dictionary). */
export function chinesePlaceNames(): string[] {
  const out: string[] = [];
  for (const p of loadGazetteerData().places) {
    for (const n of [p.zh, ...(p.aliases ?? [])]) if (n && /\p{Script=Han}/u.test(n)) out.push(n);
  }
  return out;
}
