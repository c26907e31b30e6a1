import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const runtimeRoot = fileURLToPath(new URL('../../../', import.meta.url))
const tsx = `${runtimeRoot}node_modules/.bin/tsx`
const main = fileURLToPath(new URL('../main.ts', import.meta.url))

export interface ConveyorRun {
  code: number
  stdout: string
  stderr: string
}

/**
 * Runs `conveyor ARGS` as its own process, the way a person does. INIT_CWD is cleared unless
 * given, so relative paths resolve against `cwd` whatever pnpm set for the test run.
 */
export function runConveyor(
  args: string[],
  options: { cwd: string; initCwd?: string },
): Promise<ConveyorRun> {
  const env: NodeJS.ProcessEnv = { ...process.env }
  delete env.INIT_CWD
  if (options.initCwd !== undefined) env.INIT_CWD = options.initCwd
  return new Promise((resolve) => {
    execFile(tsx, [main, ...args], { cwd: options.cwd, env }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0
      resolve({ code, stdout, stderr })
    })
  })
}
