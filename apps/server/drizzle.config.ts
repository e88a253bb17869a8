import { defineConfig } from 'drizzle-kit';

// Tables live beside each module (src/modules/<domain>/tables.ts) and in the platform.
// `npm run db:generate -w @takt/server` writes the SQL migrations applied at start.
export default defineConfig({
  dialect: 'postgresql',
  schema: ['./src/platform/tables.ts', './src/modules/*/tables.ts', './src/modules/*/tables/*.ts'],
  out: './migrations',
});
