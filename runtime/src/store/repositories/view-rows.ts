import type { SqlExecutor, SqlValue } from '../sql'

/**
 * A list's order, newest first: the columns that order it, the last of them unique, so that each
 * row has one place and a page can start right after the last row seen (a keyset both databases
 * have, unlike SQLite's rowid).
 */
export type Keyset = readonly [string, ...string[]]

/** Instances by when they started, tasks and incidents by when they were made, the audit by its sequence. */
export const keysets = {
  instances: ['started_at', 'id'],
  tasks: ['created_at', 'id'],
  incidents: ['created_at', 'id'],
  audit: ['seq'],
} as const satisfies Record<string, Keyset>

export type ListedTable = keyof typeof keysets

/** A condition of a list and its values, one per `?` in turn. */
export interface Condition {
  sql: string
  params: readonly SqlValue[]
}

/** Reads of the query side: paged lists and single records, as stored. */
export class ViewRows {
  constructor(private readonly sql: SqlExecutor) {}

  /**
   * Up to `limit` rows of `table` meeting every condition, newest first, starting after the row
   * whose keyset values are `after` (from the start without them).
   */
  page<R>(
    table: ListedTable,
    conditions: readonly Condition[],
    after: readonly SqlValue[] | undefined,
    limit: number,
  ): Promise<R[]> {
    const keyset: Keyset = keysets[table]
    const columns = keyset.join(', ')
    const all = after
      ? [{ sql: `(${columns}) < (${keyset.map(() => '?').join(', ')})`, params: after }, ...conditions]
      : conditions
    const where = all.length > 0 ? `WHERE ${all.map((condition) => condition.sql).join(' AND ')}` : ''
    const order = keyset.map((column) => `${column} DESC`).join(', ')
    return this.sql.all<R>(`SELECT * FROM ${table} ${where} ORDER BY ${order} LIMIT ?`, [
      ...all.flatMap((condition) => condition.params),
      limit,
    ])
  }

  instance<R>(instanceId: string): Promise<R | undefined> {
    return this.sql.get<R>('SELECT * FROM instances WHERE id = ?', [instanceId])
  }

  /** The instance's events in the order they happened. */
  events<R>(instanceId: string): Promise<R[]> {
    return this.sql.all<R>('SELECT * FROM events WHERE instance_id = ? ORDER BY seq', [instanceId])
  }

  openTasks<R>(instanceId: string): Promise<R[]> {
    return this.sql.all<R>(
      "SELECT * FROM tasks WHERE instance_id = ? AND status IN ('open', 'claimed') ORDER BY created_at, id",
      [instanceId],
    )
  }

  openIncidents<R>(instanceId: string): Promise<R[]> {
    return this.sql.all<R>(
      "SELECT * FROM incidents WHERE instance_id = ? AND status = 'open' ORDER BY created_at, id",
      [instanceId],
    )
  }

  task<R>(taskId: string): Promise<R | undefined> {
    return this.sql.get<R>('SELECT * FROM tasks WHERE id = ?', [taskId])
  }

  incident<R>(incidentId: string): Promise<R | undefined> {
    return this.sql.get<R>('SELECT * FROM incidents WHERE id = ?', [incidentId])
  }
}
