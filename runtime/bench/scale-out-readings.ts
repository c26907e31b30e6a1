import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import pg from 'pg'

/** One measured instance as the database recorded it (ms, the server's clock). */
export interface EndedInstance {
  id: string
  status: string
  started_at: number
  ended_at: number
}

/**
 * What the bench reads from the replicas' database, on a connection of its own: how many of the
 * workflow's instances started since `from` have ended, and their times.
 */
export interface InstanceReadings {
  endedSince(workflowId: string, from: number): Promise<number>
  statusesSince(workflowId: string, from: number): Promise<Record<string, number>>
  instancesSince(workflowId: string, from: number): Promise<EndedInstance[]>
  /** The PostgreSQL backend serving these reads, left out of PostgreSQL's CPU (none on SQLite). */
  readonly backendPid?: number
  close(): Promise<void>
}

const endedSql =
  'SELECT count(*) AS n FROM instances WHERE workflow_id = $1 AND started_at >= $2 AND ended_at IS NOT NULL'
const statusesSql =
  'SELECT status, count(*) AS n FROM instances WHERE workflow_id = $1 AND started_at >= $2 GROUP BY status'
const instancesSql =
  'SELECT id, status, started_at, ended_at FROM instances WHERE workflow_id = $1 AND started_at >= $2 AND ended_at IS NOT NULL'

const countsOf = (rows: { status: string; n: number | string }[]) =>
  Object.fromEntries(rows.map((row) => [row.status, Number(row.n)]))

/** Reads `conveyor.db` in the data folder the replica serves from, read-only beside it (WAL). */
export function sqliteReadings(dataDir: string): InstanceReadings {
  const db = new Database(join(dataDir, 'conveyor.db'), { readonly: true })
  const sqlite = (sql: string) => db.prepare(sql.replace(/\$\d/g, '?'))
  const ended = sqlite(endedSql)
  const statuses = sqlite(statusesSql)
  const instances = sqlite(instancesSql)
  return {
    endedSince: async (workflowId, from) => (ended.get(workflowId, from) as { n: number }).n,
    statusesSince: async (workflowId, from) =>
      countsOf(statuses.all(workflowId, from) as { status: string; n: number }[]),
    instancesSince: async (workflowId, from) => instances.all(workflowId, from) as EndedInstance[],
    close: async () => {
      db.close()
    },
  }
}

/** Reads the PostgreSQL database on one connection, whose backend is known so its CPU is left out. */
export async function postgresReadings(url: string): Promise<InstanceReadings> {
  const client = new pg.Client({ connectionString: url, application_name: 'conveyor-bench-driver' })
  await client.connect()
  const backendPid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid
  const rows = async <Row extends object>(sql: string, workflowId: string, from: number) =>
    (await client.query<Row>(sql, [workflowId, from])).rows
  return {
    backendPid,
    endedSince: async (workflowId, from) =>
      Number((await rows<{ n: string }>(endedSql, workflowId, from))[0]!.n),
    statusesSince: async (workflowId, from) => countsOf(await rows(statusesSql, workflowId, from)),
    instancesSince: async (workflowId, from) =>
      (await rows<Record<keyof EndedInstance, string>>(instancesSql, workflowId, from)).map((row) => ({
        id: row.id,
        status: row.status,
        started_at: Number(row.started_at),
        ended_at: Number(row.ended_at),
      })),
    close: () => client.end(),
  }
}

const ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100

interface ProcessTimes {
  ppid: number
  /** utime + stime, ms. */
  ownMs: number
  /** cutime + cstime: its children that ended and were waited for, ms. */
  childrenMs: number
}

/** /proc/PID/stat's times; undefined once the process is gone. */
function timesOf(pid: number): ProcessTimes | undefined {
  let stat: string
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  } catch {
    return undefined
  }
  // Fields after the command name (which may hold spaces), from field 3 (state) on.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  const at = (field: number) => Number(fields[field - 3])
  const ms = (ticks: number) => (ticks * 1000) / ticksPerSecond
  return { ppid: at(4), ownMs: ms(at(14) + at(15)), childrenMs: ms(at(16) + at(17)) }
}

/** CPU ms used so far by a process and the children it waited for. */
export function processCpuMs(pid: number): number {
  const times = timesOf(pid)
  if (times === undefined) throw new Error(`Process ${pid} is gone: its CPU time cannot be read`)
  return times.ownMs + times.childrenMs
}

/**
 * CPU ms used so far by the PostgreSQL server that runs backend `backendPid`: the postmaster, every
 * process it started (backends of the replicas, the WAL writer, the checkpointer…) and those that
 * ended, except the backend `backendPid` itself (the bench's own reads). Needs to see the server's
 * processes in /proc: the same machine, and root or the server's user.
 */
export function postgresCpuMs(backendPid: number): number {
  const postmaster = timesOf(backendPid)?.ppid
  const server = postmaster === undefined ? undefined : timesOf(postmaster)
  if (postmaster === undefined || server === undefined) {
    throw new Error(`The PostgreSQL server of backend ${backendPid} is not visible in /proc`)
  }
  let total = server.ownMs + server.childrenMs
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === backendPid) continue
    const times = timesOf(Number(entry))
    if (times?.ppid === postmaster) total += times.ownMs
  }
  return total
}
