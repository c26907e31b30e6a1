import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    projects: [
      // Simulations of many thousand items take a few seconds each when the two cores are shared with
      // other test files; the default 5 s failed such tests that pass alone in one.
      { test: { name: 'shared', root: 'shared', include: ['src/**/*.test.ts'], testTimeout: 15_000 } },
      {
        test: {
          name: 'examples',
          root: 'examples',
          include: ['**/*.test.ts'],
          exclude: ['node_modules/**'],
          testTimeout: 15_000,
        },
      },
      {
        test: {
          name: 'runtime',
          root: 'runtime',
          include: ['src/**/*.test.ts'],
          // One PostgreSQL server for the run; tests take a fresh database with freshPostgresDatabase().
          globalSetup: ['src/store/postgres/testing/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'editor',
          root: 'editor',
          include: ['src/**/*.test.{ts,tsx}'],
          // A file's first render in jsdom (React, the inspector's forms) takes several seconds on a
          // busy two-core machine; the default 5 s failed such tests that pass in one.
          testTimeout: 15_000,
        },
      },
      {
        // The editor's client code against the real runtime, in Node: the one place where both may be
        // imported (the lint rule keeps editor and runtime apart everywhere else).
        test: {
          name: 'e2e-node',
          root: 'e2e',
          include: ['node/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
})
