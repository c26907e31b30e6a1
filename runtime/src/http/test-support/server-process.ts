import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const mainScript = fileURLToPath(new URL('../../main.ts', import.meta.url))

export interface Started {
  child: ChildProcess
  output: () => string
  errors: () => string
  exited: Promise<number | null>
}

/** The runtime as its own process (`pnpm start` without the build), so a test can stop or kill it. */
export function runServerProcess(env: Record<string, string>): Started {
  // Node itself, not the tsx launcher, which relays signals through a second process.
  const child = spawn(process.execPath, ['--import', 'tsx', mainScript], {
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', CONVEYOR_ADMIN_TOKEN: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  let err = ''
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()))
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  return { child, output: () => out, errors: () => err, exited }
}

/** Output arrives in chunks of any size: wait for the whole line the pattern needs. */
export async function waitForOutput(started: Started, pattern: RegExp): Promise<RegExpExecArray> {
  for (let waited = 0; waited < 30_000; waited += 50) {
    const match = pattern.exec(started.output())
    if (match) return match
    if (started.child.exitCode !== null) break
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`the server printed no ${pattern}:\n${started.output()}\n${started.errors()}`)
}

/** The server's address once it listens, with a trailing slash. */
export async function waitForUrl(started: Started): Promise<string> {
  return (await waitForOutput(started, /running at (http:\/\/[^\s/]+\/)/))[1]!
}
