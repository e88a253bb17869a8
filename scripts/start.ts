// `npm start`: builds the web app when its build is missing or stale, then runs `takt start`.
import { ensureWebBuilt } from './web-build';

await ensureWebBuilt();
process.argv = [process.argv[0], 'takt', 'start'];
await import('../apps/server/src/cli/takt');
