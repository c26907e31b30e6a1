import type { EventType } from '@conveyor/shared/protocol/event-log'
import type { SqlExecutor, SqlValue } from './sql'

/** One event-log row as it is read. */
export interface StoredEvent {
  seq: number
  at: number
  instance_id: string
  type: EventType
  node_id: string | null
  visit: number | null
  /** Nodes the transition entered (see `parseEntered`). */
  entered: string | null
  /** JSON, if any. */
  detail: string | null
}

/** An event-log row with the workflow and deployment it belongs to. */
export interface DeployedEvent extends StoredEvent {
  workflow_id: string
  deployment_id: string
}

/** Times in epoch milliseconds: from inclusive, to exclusive. */
export interface TimeWindow {
  from: number
  to: number
}

/** Rows read per page when the reader does not say: what one page costs in memory. */
export const eventPageSize = 500

const eventColumns = 'seq, at, instance_id, type, node_id, visit, entered, detail'

// The log's primary key is its order: each page is a range scan from the last page's end.
const workflowEvents = `SELECT ${eventColumns} FROM events
  WHERE seq > ? AND seq <= ? AND workflow_id = ? AND at >= ? AND at < ? ORDER BY seq LIMIT ?`
const appliedSuggestions = `SELECT ${eventColumns} FROM events
  WHERE seq > ? AND seq <= ? AND workflow_id = ? AND type = 'assistant.applied' AND at >= ? AND at < ?
  ORDER BY seq LIMIT ?`
const workflowLog = `SELECT ${eventColumns}, workflow_id, deployment_id FROM events
  WHERE seq > ? AND seq <= ? AND workflow_id = ? ORDER BY seq LIMIT ?`
const instanceEvents = `SELECT ${eventColumns} FROM events
  WHERE instance_id = ? AND seq > ? AND seq <= ? AND at >= ? AND at < ? ORDER BY seq LIMIT ?`

/**
 * The event log as its readers (the process-mining export, the simulator's calibration) read it:
 * every read is one bounded page (`LIMIT`), fetched whole, so no statement stays open while its
 * reader works and the writer's commits go on meanwhile. Paging is by key (`seq`), never by
 * offset; a read ends at `until`, the last event written when it began (`lastSeq`), so events
 * written while it runs are left to the next read.
 */
export class EventPages {
  constructor(
    private readonly sql: SqlExecutor,
    private readonly pageSize = eventPageSize,
  ) {}

  /** The last event written now: a read ends there, however long its reader takes. */
  async lastSeq(): Promise<number> {
    const row = await this.sql.get<{ seq: number }>('SELECT COALESCE(MAX(seq), 0) AS seq FROM events')
    return row?.seq ?? 0
  }

  /** A workflow's events in the window, in the order they were written. */
  workflowEvents(workflowId: string, window: TimeWindow, until: number): AsyncGenerator<StoredEvent[]> {
    return this.pages(workflowEvents, (after) => [after, until, workflowId, window.from, window.to])
  }

  /** The same, only the suggestions the assistant applied without a person. */
  appliedSuggestions(workflowId: string, window: TimeWindow, until: number): AsyncGenerator<StoredEvent[]> {
    return this.pages(appliedSuggestions, (after) => [after, until, workflowId, window.from, window.to])
  }

  /** A workflow's whole log, each event with its deployment: what its metrics are recomputed from. */
  workflowLog(workflowId: string, until: number): AsyncGenerator<DeployedEvent[]> {
    return this.pages<DeployedEvent>(workflowLog, (after) => [after, until, workflowId])
  }

  /** One instance's events in the window, in order. */
  instanceEvents(instanceId: string, window: TimeWindow, until: number): AsyncGenerator<StoredEvent[]> {
    return this.pages(instanceEvents, (after) => [instanceId, after, until, window.from, window.to])
  }

  private pages<Row extends StoredEvent = StoredEvent>(
    query: string,
    params: (after: number) => SqlValue[],
  ): AsyncGenerator<Row[]> {
    return pagesByKey(
      this.pageSize,
      0,
      (after) => this.sql.all<Row>(query, [...params(after), this.pageSize]),
      (last) => last.seq,
    )
  }
}

/**
 * Keyset paging: reads pages of up to `pageSize` rows, each after the key of the last row of the
 * page before, until a page comes back short.
 */
export async function* pagesByKey<Row, Key>(
  pageSize: number,
  first: Key,
  read: (after: Key) => Promise<Row[]>,
  keyOf: (last: Row) => Key,
): AsyncGenerator<Row[]> {
  let after = first
  for (;;) {
    const rows = await read(after)
    if (rows.length > 0) yield rows
    if (rows.length < pageSize) return
    after = keyOf(rows[rows.length - 1]!)
  }
}
