import type { EventType } from '@conveyor/shared/protocol/event-log'
import type { Db } from './database'

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

/** Times in epoch milliseconds: from inclusive, to exclusive. */
export interface TimeWindow {
  from: number
  to: number
}

/** Rows read per page when the reader does not say: what one page costs in memory. */
export const eventPageSize = 500

const eventColumns = 'seq, at, instance_id, type, node_id, visit, entered, detail'

/**
 * The event log as its readers (the process-mining export, the simulator's calibration) read it:
 * every read is one bounded page (`LIMIT`), fetched whole, so no statement stays open while its
 * reader works and the writer's commits go on meanwhile. Paging is by key (`seq`), never by
 * offset; a read ends at `until`, the last event written when it began (`lastSeq`), so events
 * written while it runs are left to the next read.
 */
export class EventPages {
  private readonly sql

  constructor(
    db: Db,
    private readonly pageSize = eventPageSize,
  ) {
    this.sql = {
      lastSeq: db.prepare('SELECT COALESCE(MAX(seq), 0) AS seq FROM events'),
      // The log's primary key is its order: a range scan from the last page's end.
      workflowEvents: db.prepare(`SELECT ${eventColumns} FROM events
        WHERE seq > ? AND seq <= ? AND workflow_id = ? AND at >= ? AND at < ? ORDER BY seq LIMIT ?`),
      appliedSuggestions: db.prepare(`SELECT ${eventColumns} FROM events
        WHERE seq > ? AND seq <= ? AND workflow_id = ? AND type = 'assistant.applied' AND at >= ? AND at < ?
        ORDER BY seq LIMIT ?`),
      instanceEvents: db.prepare(`SELECT ${eventColumns} FROM events
        WHERE instance_id = ? AND seq > ? AND seq <= ? AND at >= ? AND at < ? ORDER BY seq LIMIT ?`),
    }
  }

  /** The last event written now: a read ends there, however long its reader takes. */
  lastSeq(): number {
    return (this.sql.lastSeq.get() as { seq: number }).seq
  }

  /** A workflow's events in the window, in the order they were written. */
  *workflowEvents(workflowId: string, window: TimeWindow, until: number): Generator<StoredEvent[]> {
    yield* this.pages((after) =>
      this.sql.workflowEvents.all(after, until, workflowId, window.from, window.to, this.pageSize),
    )
  }

  /** The same, only the suggestions the assistant applied without a person. */
  *appliedSuggestions(workflowId: string, window: TimeWindow, until: number): Generator<StoredEvent[]> {
    yield* this.pages((after) =>
      this.sql.appliedSuggestions.all(after, until, workflowId, window.from, window.to, this.pageSize),
    )
  }

  /** One instance's events in the window, in order. */
  *instanceEvents(instanceId: string, window: TimeWindow, until: number): Generator<StoredEvent[]> {
    yield* this.pages((after) =>
      this.sql.instanceEvents.all(instanceId, after, until, window.from, window.to, this.pageSize),
    )
  }

  private pages(read: (after: number) => unknown[]): Generator<StoredEvent[]> {
    return pagesByKey(
      this.pageSize,
      0,
      (after) => read(after) as StoredEvent[],
      (last) => last.seq,
    )
  }
}

/**
 * Keyset paging: reads pages of up to `pageSize` rows, each after the key of the last row of the
 * page before, until a page comes back short.
 */
export function* pagesByKey<Row, Key>(
  pageSize: number,
  first: Key,
  read: (after: Key) => Row[],
  keyOf: (last: Row) => Key,
): Generator<Row[]> {
  let after = first
  for (;;) {
    const rows = read(after)
    if (rows.length > 0) yield rows
    if (rows.length < pageSize) return
    after = keyOf(rows[rows.length - 1]!)
  }
}
