/**
 * The benchmark runners' command line: `--time <seconds per instance>`, `--instances <list>`,
 * `--peer minizinc|none`, `--seed <n>`. Instance lists are comma-separated names and ranges:
 * `ta01-ta40,la01-la05,ft10` or `1-20,241-260` (the width of the first number is kept).
 */
export interface BenchOptions {
  seconds: number;
  instances: string[];
  peer: 'minizinc' | 'none' | 'auto';
  seed: number;
}

export function readOptions(argv: string[], defaultInstances: string): BenchOptions {
  const known = new Set(['time', 'instances', 'peer', 'seed']);
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i].replace(/^--/, '');
    if (!argv[i].startsWith('--') || !known.has(name)) usage(`unknown argument "${argv[i]}"`);
    const value = argv[++i];
    if (value === undefined) usage(`--${name} needs a value`);
    values.set(name, value);
  }
  const seconds = Number(values.get('time') ?? '10');
  if (!(seconds > 0)) usage('--time must be a positive number of seconds');
  const seed = Number(values.get('seed') ?? '1');
  if (!Number.isInteger(seed)) usage('--seed must be an integer');
  const peer = values.get('peer') ?? 'auto';
  if (peer !== 'minizinc' && peer !== 'none' && peer !== 'auto') usage('--peer is minizinc or none');
  return { seconds, seed, peer, instances: expandInstances(values.get('instances') ?? defaultInstances) };
}

/** 'ta01-ta03,ft10' → ['ta01', 'ta02', 'ta03', 'ft10']; '8-10' → ['8', '9', '10'] */
export function expandInstances(spec: string): string[] {
  return spec
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .flatMap((part) => {
      const range = part.match(/^([a-z]*)(\d+)-([a-z]*)(\d+)$/i);
      if (!range) return [part];
      const [, prefix, from, otherPrefix, to] = range;
      if (otherPrefix && otherPrefix !== prefix) usage(`"${part}" mixes two prefixes`);
      if (Number(to) < Number(from)) usage(`"${part}" counts backwards`);
      return Array.from(
        { length: Number(to) - Number(from) + 1 },
        (_, k) => `${prefix}${String(Number(from) + k).padStart(from.length, '0')}`,
      );
    });
}

function usage(problem: string): never {
  console.error(
    `${problem}\nusage: --time <seconds> --instances <a01-a10,b3,...> --peer minizinc|none --seed <n>`,
  );
  process.exit(2);
}
