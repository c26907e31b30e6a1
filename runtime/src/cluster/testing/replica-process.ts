import type { ChildProcess } from 'node:child_process'
import { runServerProcess } from '../../http/test-support/server-process'

/** How long a replica gets to listen and answer `/healthz` (slow on 2 shared cores with several starting). */
const readyWithinMs = 90_000

/** What the start-up refusal of a database another server serves from says (http/start-server). */
const refusalPattern =
  /Another Conveyor server is (?:serving from this PostgreSQL database|using the data folder)/

/** A replica that could not start because another server holds its database or data folder. */
export class ReplicaRefusedError extends Error {
  override name = 'ReplicaRefusedError'
  constructor(
    readonly replicaId: string,
    /** The refused process's own words. */
    readonly reason: string,
  ) {
    super(`Replica ${replicaId} was refused: ${reason}`)
  }
}

/** A replica that stopped, or never became ready, for any other reason. */
export class ReplicaStartError extends Error {
  override name = 'ReplicaStartError'
}

/** One running `conveyor serve` process. */
export interface ReplicaProcess {
  readonly child: ChildProcess
  readonly pid: number
  /** Where it listens, without a trailing slash: `http://127.0.0.1:PORT`. */
  readonly origin: string
  readonly port: number
  /** Resolves with the exit code (null when ended by a signal) once the process is gone. */
  readonly exited: Promise<number | null>
  output(): string
}

/**
 * Starts the runtime as its own process (`pnpm start`'s entry, without the build) with `env`, and
 * resolves once it listens, answers `/healthz` with 200 and owns partitions. A process that exits first rejects:
 * with `ReplicaRefusedError` when another server holds its store, else `ReplicaStartError`; both
 * carry what it printed.
 */
export async function startReplicaProcess(
  replicaId: string,
  env: Record<string, string>,
): Promise<ReplicaProcess> {
  const started = runServerProcess(env)
  const printed = () => `${started.output()}${started.errors()}`.trim()
  const stopped = started.exited.then((code): never => {
    const said = printed()
    const refused = refusalPattern.exec(said)
    if (refused) throw new ReplicaRefusedError(replicaId, lineAt(said, refused.index))
    throw new ReplicaStartError(`Replica ${replicaId} exited (code ${code}) before it was ready:\n${said}`)
  })
  // A later exit is the caller's to watch through `exited`; only the race below reads this one.
  stopped.catch(() => {})
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new ReplicaStartError(
            `Replica ${replicaId} was not ready within ${readyWithinMs} ms:\n${printed()}`,
          ),
        ),
      readyWithinMs,
    )
  })
  late.catch(() => {})
  try {
    const origin = await Promise.race([listeningOrigin(started.child), stopped, late])
    await Promise.race([ready(origin), stopped, late])
    return {
      child: started.child,
      pid: started.child.pid!,
      origin,
      port: Number(new URL(origin).port),
      exited: started.exited,
      output: printed,
    }
  } catch (error) {
    if (started.child.exitCode === null && started.child.signalCode === null) {
      started.child.kill('SIGKILL')
      await started.exited
    }
    throw error
  } finally {
    clearTimeout(timer)
  }
}

/** Resolves with the server's origin as soon as it prints where it runs. */
function listeningOrigin(child: ChildProcess): Promise<string> {
  return new Promise((resolve) => {
    let text = ''
    const onData = (chunk: Buffer) => {
      text += chunk.toString()
      const match = /running at (http:\/\/[^\s/]+)\//.exec(text)
      if (!match) return
      child.stdout!.off('data', onData)
      resolve(match[1]!)
    }
    child.stdout!.on('data', onData)
  })
}

/** How often readiness is asked again while a replica waits for its share of the partitions. */
const askEveryMs = 100

/**
 * Ready: `/healthz` answers 200 and the replica owns partitions. On PostgreSQL a replica joining
 * others owns none until they hand over its share, which takes up to a claim round (2 s); work
 * sent to it meanwhile is handed on, which is not the serving a test or the bench wants to see.
 * A 503 (stopped after a failed write) never turns.
 */
async function ready(origin: string): Promise<void> {
  for (;;) {
    const response = await fetch(`${origin}/healthz`)
    const health = (await response.json()) as { replica?: { partitions: number } }
    if (response.status !== 200) {
      throw new ReplicaStartError(`${origin}/healthz answered ${response.status}: ${JSON.stringify(health)}`)
    }
    if (health.replica === undefined || health.replica.partitions > 0) return
    await new Promise((resolve) => setTimeout(resolve, askEveryMs))
  }
}

function lineAt(text: string, index: number): string {
  const end = text.indexOf('\n', index)
  return text.slice(index, end === -1 ? undefined : end).trim()
}
