import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `npm run dev -w @takt/web` serves the SPA with hot reload and sends /api to a Takt server
// started beside it (`npm start`, port 3000). The test run and `takt start` serve apps/web/dist.
export default defineConfig({
  plugins: [react()],
  server: {
    proxy: { '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false } },
  },
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1500 },
});
