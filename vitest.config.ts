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
      { test: { name: 'editor', root: 'editor', include: ['src/**/*.test.{ts,tsx}'] } },
    ],
  },
})
