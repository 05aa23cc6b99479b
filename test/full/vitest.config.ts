import { defineConfig } from 'vitest/config';

// The full path: minutes of debootstrap on a cold cache, then a real Debian boot under TCG.
// Run by `npm run test:full`, never by `npm test`.
export default defineConfig({
  test: {
    include: ['test/full/**/*.full.ts'],
    environment: 'node',
    testTimeout: 30 * 60_000,
    hookTimeout: 30 * 60_000,
    fileParallelism: false,
  },
});
