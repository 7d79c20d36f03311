/**
 * Loads the curated destination files (knowledge/destinations/*.json), validates each one against
 * {@link DestinationDataset} and caches the result per directory for the life of the process.
 *
 * Invalid data fails fast: a {@link DatasetError} names the file and the offending field path
 * (`knowledge/destinations/beijing.json: attractions[3].hours: unparsable opening hours ...`).
 * The default folder is resolved from this module's location, never from the working directory.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DestinationDataset } from '../dataset/schema.js';

/** Repository root (two levels above knowledge/offline/). */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** knowledge/destinations/ of this checkout. */
export const DEFAULT_DESTINATIONS_DIR = fileURLToPath(new URL('../destinations/', import.meta.url));

/** Curated data that failed to load or validate. */
export class DatasetError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'DatasetError';
  }
}

/** One validated destination file. */
export interface LoadedDestination {
  /** Absolute path of the file. */
  file: string;
  /** Path relative to the repository root with `/` separators, e.g. `knowledge/destinations/beijing.json`. */
  relPath: string;
  /** `curated:<relPath>`: the provenance source of every record from this file. */
  source: string;
  data: DestinationDataset;
}

export interface LoadOptions {
  /** Folder to read instead of knowledge/destinations/ (tests use fixtures). */
  dir?: string | undefined;
}

const cache = new Map<string, LoadedDestination[]>();

/** `a.b[3].c` for a zod issue path. */
function fieldPath(parts: readonly PropertyKey[]): string {
  let out = '';
  for (const p of parts) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out || '(root)';
}

function relative(file: string): string {
  const rel = path.relative(REPO_ROOT, file);
  return (rel.startsWith('..') ? file : rel).split(path.sep).join('/');
}

/** Parses and validates one file; throws {@link DatasetError} naming the file and field. */
export function loadDestinationFile(file: string): LoadedDestination {
  const relPath = relative(file);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new DatasetError(`${relPath}: not readable JSON: ${(err as Error).message}`, relPath);
  }
  const parsed = DestinationDataset.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues;
    const first = issues[0];
    const field = first ? fieldPath(first.path) : '(root)';
    const summary = issues
      .slice(0, 5)
      .map((i) => `${fieldPath(i.path)}: ${i.message}`)
      .join('; ');
    const more = issues.length > 5 ? ` (+${issues.length - 5} more)` : '';
    throw new DatasetError(`${relPath}: invalid destination dataset: ${summary}${more}`, relPath, field);
  }
  return { file, relPath, source: `curated:${relPath}`, data: parsed.data };
}

/**
 * Every `*.json` in the folder, validated, sorted by file name; cached per folder. Two files for the
 * same city id are an error. A missing folder yields no destinations.
 */
export function loadDestinations(options: LoadOptions = {}): LoadedDestination[] {
  const dir = path.resolve(options.dir ?? DEFAULT_DESTINATIONS_DIR);
  const hit = cache.get(dir);
  if (hit) return hit;
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.json'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') names = [];
    else throw err;
  }
  names.sort();
  const loaded = names.map((n) => loadDestinationFile(path.join(dir, n)));
  const seen = new Map<string, string>();
  for (const d of loaded) {
    const other = seen.get(d.data.city.id);
    if (other) {
      throw new DatasetError(
        `${d.relPath}: city.id "${d.data.city.id}" is already used by ${other}`,
        d.relPath,
        'city.id',
      );
    }
    seen.set(d.data.city.id, d.relPath);
  }
  cache.set(dir, loaded);
  return loaded;
}

/** Forgets cached folders (tests that write fixtures). */
export function clearDatasetCache(): void {
  cache.clear();
}
