import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { defineConfig } from '@playwright/test'
import { serverEnv } from './server-env'

const repoRoot = fileURLToPath(new URL('..', import.meta.url))
const editorIndex = fileURLToPath(new URL('../editor/dist/index.html', import.meta.url))
if (!existsSync(editorIndex)) {
  throw new Error(
    `The editor is not built (${editorIndex} is missing): run \`pnpm build\` before the browser tests.`,
  )
}

const server = await serverEnv()

export default defineConfig({
  testDir: './specs',
  // Two cores shared by the browser, the runtime and the runner: one test at a time.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? 'list' : [['list'], ['html', { open: 'never' }]],
  globalTeardown: './global-teardown.ts',
  use: {
    baseURL: server.baseURL,
    launchOptions: { executablePath: '/usr/bin/chromium' },
    viewport: { width: 1280, height: 720 },
    // The view jumps instead of gliding, as for anyone who asks for reduced motion: a hand that
    // grabs a handle while the view still moves would otherwise grab thin air.
    reducedMotion: 'reduce',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  webServer: {
    command: `${repoRoot}node_modules/.bin/tsx runtime/src/main.ts`,
    cwd: repoRoot,
    url: `${server.baseURL}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
    env: {
      HOST: '127.0.0.1',
      PORT: String(server.port),
      CONVEYOR_DATA: server.dataDir,
      CONVEYOR_ADMIN_TOKEN: server.adminToken,
    },
  },
})
