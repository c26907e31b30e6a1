import { randomInt } from 'node:crypto'
import type { ApiAnswer, Replicas } from '../testing/replicas'

/** How long one request may keep being sent again before the driver gives up on it. */
const giveUpAfterMs = 120_000

/** A pause between tries: a driver backing off, not a test waiting for a state. */
export const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** A replica picked at random among the running ones (any, if none runs right now). */
function someReplica(replicas: Replicas): number {
  const running = Array.from({ length: replicas.count }, (_, i) => i).filter((i) => replicas.running(i))
  const pool = running.length > 0 ? running : Array.from({ length: replicas.count }, (_, i) => i)
  return pool[randomInt(pool.length)]!
}

/**
 * Sends the request to a random replica, again (to another random one) while the answer is 503 or
 * the connection fails, as a client behind a load balancer would; any other answer is returned. The
 * same headers go with every try, so a start's Idempotency-Key makes a retried start one instance.
 */
export async function sendToAnyReplica(
  replicas: Replicas,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<ApiAnswer & { tries: number; replica: number }> {
  const since = Date.now()
  for (let tries = 1; ; tries++) {
    const i = someReplica(replicas)
    try {
      const response = await fetch(replicas.origin(i) + path, {
        method,
        headers: {
          authorization: `Bearer ${replicas.adminToken}`,
          ...(body !== undefined && { 'content-type': 'application/json' }),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
      const text = await response.text()
      if (response.status !== 503) {
        return {
          status: response.status,
          body: text === '' ? undefined : JSON.parse(text),
          tries,
          replica: i,
        }
      }
    } catch {
      // Connection refused or cut: the replica is down or was killed mid-request.
    }
    if (Date.now() - since > giveUpAfterMs) {
      throw new Error(`${method} ${path} found no replica to answer it in ${giveUpAfterMs} ms`)
    }
    await pause(100 + randomInt(200))
  }
}

export interface ChaosPlan {
  /** How many times a random replica is killed with SIGKILL and started again. */
  kills: number
  /** After which kill PostgreSQL itself is restarted (once). */
  restartDatabaseAfterKill: number
}

/** What the killer did, in order, for the failure messages. */
export type ChaosLog = string[]

/**
 * Kills a random replica with SIGKILL at random moments (1.5–4 s apart) and starts it again 1–3 s
 * later, `plan.kills` times; once, right after a chosen kill's restart, restarts PostgreSQL.
 */
export async function runKiller(
  replicas: Replicas,
  plan: ChaosPlan,
  restartDatabase: () => Promise<void>,
  log: ChaosLog,
): Promise<void> {
  const since = Date.now()
  const at = () => `${((Date.now() - since) / 1000).toFixed(1)} s`
  for (let kill = 1; kill <= plan.kills; kill++) {
    await pause(1_500 + randomInt(2_500))
    const i = randomInt(replicas.count)
    await replicas.kill(i)
    log.push(`${at()}: killed replica ${i}`)
    await pause(1_000 + randomInt(2_000))
    await replicas.restart(i)
    log.push(`${at()}: replica ${i} back`)
    if (kill === plan.restartDatabaseAfterKill) {
      await restartDatabase()
      log.push(`${at()}: PostgreSQL restarted`)
    }
  }
}

/** Runs `work` over every item with at most `inFlight` at once. */
export async function forEachAtMost<T>(
  items: readonly T[],
  inFlight: number,
  work: (item: T) => Promise<void>,
) {
  let next = 0
  const lane = async () => {
    while (next < items.length) await work(items[next++]!)
  }
  await Promise.all(Array.from({ length: inFlight }, lane))
}
