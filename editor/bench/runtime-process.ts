import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const repoRoot = fileURLToPath(new URL('../..', import.meta.url))

export interface RuntimeProcess {
  url: string
  token: string
  /** The process started (tsx, whose child runs the runtime). */
  pid: number | undefined
  stop(): Promise<void>
}

/** Starts the real runtime on a free port with empty data, serving the built editor. */
export async function startRuntime(): Promise<RuntimeProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'conveyor-bench-'))
  const token = 'bench-admin-token-0123456789abcdef'
  const child: ChildProcess = spawn(join(repoRoot, 'node_modules/.bin/tsx'), ['runtime/src/main.ts'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: '0',
      CONVEYOR_DATA: dataDir,
      CONVEYOR_ADMIN_TOKEN: token,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`The runtime did not start within 60 s:\n${output}`)),
      60_000,
    )
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const match = /Conveyor is running at (\S+)/.exec(output)
      if (match?.[1]) {
        clearTimeout(timer)
        resolve(match[1].replace(/\/$/, ''))
      }
    })
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`The runtime exited with code ${code}:\n${output}`))
    })
  })
  return {
    url,
    token,
    pid: child.pid,
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      await exited
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
