import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'shared', root: 'shared', include: ['src/**/*.test.ts'] } },
      {
        test: { name: 'examples', root: 'examples', include: ['**/*.test.ts'], exclude: ['node_modules/**'] },
      },
      {
        test: {
          name: 'runtime',
          root: 'runtime',
          include: ['src/**/*.test.ts'],
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
