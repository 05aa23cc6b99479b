import { defineConfig } from 'vitest/config';

// Two projects: fast unit tests next to the source, and e2e tests that run real QEMU
// (and later real Chromium). The e2e project checks its prerequisites first and fails
// with the exact install command instead of skipping.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src-main/**/*.spec.ts', 'src-renderer/**/*.spec.{ts,tsx}', 'test/unit/**/*.spec.ts'],
          environment: 'node',
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.e2e.ts'],
          environment: 'node',
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 600_000,
          // Two cores: real VMs under TCG compete for them, so e2e files run one at a time.
          fileParallelism: false,
        },
      },
    ],
  },
});
