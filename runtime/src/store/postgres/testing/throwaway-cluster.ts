import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** A PostgreSQL server for one test run: its admin URL, and how to stop and delete it. */
export interface ThrowawayCluster {
  /** `postgres://postgres@127.0.0.1:PORT/postgres`: a superuser, trusted on loopback only. */
  url: string
  /**
   * Stops the server (fast: every connection is cut), runs `whileDown`, and starts it again on
   * the same port, resolving once it accepts connections.
   */
  restart(whileDown?: () => Promise<void>): Promise<void>
  stop(): void
}

export const installHint =
  'Install PostgreSQL (Debian: `apt-get install -y postgresql`; `.ci/run` and `npm test` do it when run as root), ' +
  'or set CONVEYOR_TEST_DATABASE_URL to a server whose user may create databases, ' +
  'such as postgres://postgres@127.0.0.1:5432/postgres.'

/** The newest installed PostgreSQL's programs (Debian keeps each major version in its own folder). */
export function postgresBinDir(): string | undefined {
  const root = '/usr/lib/postgresql'
  if (!existsSync(root)) return undefined
  const versions = readdirSync(root)
    .filter((name) => existsSync(join(root, name, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a))
  return versions[0] === undefined ? undefined : join(root, versions[0], 'bin')
}

/**
 * Starts a fresh cluster in a new temporary folder, on a free loopback port. PostgreSQL refuses
 * to run as root, so as root it runs as the `postgres` user (which owns the folder); otherwise as
 * whoever we are. Durability is off: the cluster lives only as long as the tests.
 */
export async function startThrowawayCluster(): Promise<ThrowawayCluster> {
  const bin = postgresBinDir()
  if (bin === undefined) throw new Error(`No PostgreSQL found under /usr/lib/postgresql. ${installHint}`)
  const asRoot = process.getuid?.() === 0
  const folder = mkdtempSync(join(tmpdir(), 'conveyor-postgres-'))
  const dataDir = join(folder, 'data')
  const socketDir = join(folder, 'socket')
  mkdirSync(socketDir)
  if (asRoot) {
    const owner = postgresUser()
    for (const path of [folder, socketDir]) chownSync(path, owner.uid, owner.gid)
  }
  const commandLine = (program: string, args: string[]) =>
    asRoot ? ['runuser', '-u', 'postgres', '--', join(bin, program), ...args] : [join(bin, program), ...args]
  const run = (program: string, args: string[]) => {
    const [command, ...commandArgs] = commandLine(program, args)
    const result = spawnSync(command!, commandArgs, { cwd: folder, encoding: 'utf8' })
    if (result.status !== 0) {
      throw new Error(`${program} failed: ${(result.stderr || result.stdout || String(result.error)).trim()}`)
    }
  }
  /** As `run`, without holding up the event loop while the program works. */
  const runAside = (program: string, args: string[]) =>
    new Promise<void>((resolve, reject) => {
      const [command, ...commandArgs] = commandLine(program, args)
      let output = ''
      const child = spawn(command!, commandArgs, { cwd: folder })
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
      child.once('error', reject)
      child.once('close', (code) =>
        code === 0 ? resolve() : reject(new Error(`${program} failed: ${output.trim()}`)),
      )
    })
  const stopArgs = ['-D', dataDir, '-m', 'immediate', '-w', 'stop']
  const watchdog = stopWhenGone(process.pid, folder, commandLine('pg_ctl', stopArgs))
  const stop = () => {
    watchdog.kill()
    try {
      if (existsSync(join(dataDir, 'postmaster.pid'))) {
        run('pg_ctl', stopArgs)
      }
    } finally {
      rmSync(folder, { recursive: true, force: true })
    }
  }
  try {
    // Trust applies to local sockets and loopback addresses only (initdb's default pg_hba.conf).
    run('initdb', ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync'])
    const port = await freeLoopbackPort()
    const startArgs = (options: string) => [
      '-D',
      dataDir,
      '-l',
      join(folder, 'server.log'),
      '-o',
      options,
      '-w',
      'start',
    ]
    const options = [
      `-p ${port}`,
      `-k ${socketDir}`,
      '-c listen_addresses=127.0.0.1',
      '-c fsync=off',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
    ].join(' ')
    run('pg_ctl', startArgs(options))
    const restart = async (whileDown?: () => Promise<void>) => {
      await runAside('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', 'stop'])
      await whileDown?.()
      await runAside('pg_ctl', startArgs(options))
    }
    return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, restart, stop }
  } catch (error) {
    stop()
    throw error
  }
}

/**
 * A detached shell that stops the cluster and deletes its folder once `parent` is gone, so that a
 * test run killed before its teardown (Ctrl-C, kill -9) leaves no server behind.
 */
function stopWhenGone(parent: number, folder: string, stopCommand: string[]): ChildProcess {
  const script =
    'parent=$1; folder=$2; shift 2; while kill -0 "$parent" 2>/dev/null; do sleep 1; done; "$@"; rm -rf "$folder"'
  const watchdog = spawn('sh', ['-c', script, 'sh', String(parent), folder, ...stopCommand], {
    detached: true,
    stdio: 'ignore',
  })
  watchdog.unref()
  return watchdog
}

function postgresUser(): { uid: number; gid: number } {
  try {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim())
    return { uid: id('-u'), gid: id('-g') }
  } catch {
    throw new Error(
      `There is no "postgres" user to run PostgreSQL as (it refuses to run as root). ${installHint}`,
    )
  }
}

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}
