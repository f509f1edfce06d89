import { defineConfig } from 'vitest/config';

// The built files are packaged into the module's jar under jury-ui/ and served by the task API at
// "/", next to /api/v1, so the app calls the API on its own origin and needs no CORS.
export default defineConfig({
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    // The requester's and moderator's views are loaded on demand (see main.ts); Chart.js goes in
    // its own chunk with them, so contributors never download it.
    chunkSizeWarningLimit: 400,
    rollupOptions: { output: { manualChunks: { charts: ['chart.js'] } } },
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.test.ts'],
  },
});
