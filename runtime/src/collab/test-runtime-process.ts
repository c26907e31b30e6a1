import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { vi } from 'vitest'

const mainScript = fileURLToPath(new URL('../main.ts', import.meta.url))

export interface RuntimeProcess {
  /** `http://127.0.0.1:<port>/` */
  url: string
  child: ChildProcess
  /** Everything the process has written to standard output and error so far. */
  output(): string
  /** The process's resident memory now, in bytes (Linux `/proc`). */
  residentBytes(): number
  stop(): Promise<void>
}

/**
 * The runtime as `pnpm start` runs it (`main.ts`, through start-server), in a process of its own so
 * that its memory can be measured apart from the test's.
 */
export async function startRuntimeProcess(env: {
  dataDir: string
  adminToken: string
  /** Any other variables, as an operator would set them. */
  more?: Record<string, string>
}): Promise<RuntimeProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', mainScript], {
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: '0',
      CONVEYOR_DATA: env.dataDir,
      CONVEYOR_ADMIN_TOKEN: env.adminToken,
      ...env.more,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  // Starting takes a while on a busy machine: tsx compiles, the examples are stored.
  const url = await vi.waitFor(
    () => {
      if (child.exitCode !== null) throw new Error(`the runtime exited:\n${output}`)
      const match = /running at (http:\/\/[^\s/]+\/)/.exec(output)
      if (!match) throw new Error(`the runtime has not started yet:\n${output}`)
      return match[1]!
    },
    { timeout: 60_000, interval: 50 },
  )
  return {
    url,
    child,
    output: () => output,
    residentBytes() {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8')
      const kib = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1]
      if (kib === undefined) throw new Error(`no VmRSS in /proc/${child.pid}/status`)
      return Number(kib) * 1024
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM')
      await exited
    },
  }
}
