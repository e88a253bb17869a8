// Runs once before the test run. Browser tests need the built web app; build it when it is
// missing or older than its sources, so `npm test` works on a fresh clone.
import { ensureWebBuilt } from './web-build';

export default async function setup(): Promise<void> {
  await ensureWebBuilt();
}
