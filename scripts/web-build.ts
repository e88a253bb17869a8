import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const webDir = join(root, 'apps/web');
const distIndex = join(webDir, 'dist/index.html');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds apps/web into apps/web/dist unless the build is newer than every web and contracts source. */
export async function ensureWebBuilt(): Promise<void> {
  if (!existsSync(join(webDir, 'index.html'))) return; // web app not present yet
  const sourcesChanged = Math.max(
    newestMtime(join(webDir, 'src')),
    newestMtime(join(root, 'packages/contracts/src')),
    statSync(join(webDir, 'index.html')).mtimeMs,
  );
  if (existsSync(distIndex) && statSync(distIndex).mtimeMs >= sourcesChanged) return;
  // always the production build: under vitest NODE_ENV is 'test', and Vite would then bundle
  // React's development build (half again as large, slower) for the browser tests, the
  // benchmarks and the next `npm start`
  const result = spawnSync('npm', ['run', 'build', '-w', '@takt/web'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (result.status !== 0) throw new Error('building the web app failed (npm run build -w @takt/web)');
}
