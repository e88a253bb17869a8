import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** Every module the file imports, directly or not, within the engine's sources. */
function importGraph(entry: string): { files: string[]; external: string[] } {
  const files = new Set<string>();
  const external = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const source = readFileSync(file, 'utf8');
    for (const [, specifier] of source.matchAll(/(?:import|export)[^'";]*?from\s+'([^']+)'/g)) {
      if (!specifier.startsWith('.')) external.add(specifier);
      else visit(join(dirname(file), `${specifier}.ts`));
    }
  };
  visit(entry);
  return { files: [...files], external: [...external] };
}

const here = dirname(fileURLToPath(import.meta.url));

describe('engine entry points', () => {
  it('keeps node: modules out of the main entry', () => {
    const { files, external } = importGraph(join(here, 'index.ts'));
    expect(files.length).toBeGreaterThan(10);
    expect(external.filter((s) => s.startsWith('node:'))).toEqual([]);
  });

  it('gives worker threads their own entry', async () => {
    expect(importGraph(join(here, 'worker/index.ts')).external).toContain('node:worker_threads');
    const worker = await import('@takt/engine/worker');
    expect(typeof worker.runInWorker).toBe('function');
    const main = await import('@takt/engine');
    expect('runInWorker' in main).toBe(false);
  });
});
