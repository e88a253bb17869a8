/**
 * Where the public instances live: `../shared/bench` beside the project root (never copied
 * into the repository), and their best-known values.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type BestKnown, parseBounds } from '../src/formats/bounds';

export function benchFolder(name: string): string {
  const folder = resolve(import.meta.dirname, '../../../../shared/bench', name);
  if (!existsSync(folder)) {
    console.error(`no benchmark instances at ${folder} (expected ../shared/bench beside the project root)`);
    process.exit(1);
  }
  return folder;
}

/** The text of a file in the folder, or null when it does not exist. */
export function readInstance(folder: string, file: string): string | null {
  const path = resolve(folder, file);
  return existsSync(path) ? readFileSync(path, 'utf8') : null;
}

export function readBounds(folder: string): Map<string, BestKnown> {
  const bounds = parseBounds(readFileSync(resolve(folder, 'bounds.tsv'), 'utf8'));
  if (!bounds.ok) {
    console.error(`${folder}/bounds.tsv: ${bounds.error.message}`);
    process.exit(1);
  }
  return bounds.value;
}
