import type { EventType } from '@conveyor/shared/protocol/event-log'
import type { Db } from '../store/database'
import { parseEntered } from '../store/entered'
import type { RunEvent } from './observe-runs'

interface EventRow {
  at: number
  instance_id: string
  type: EventType
  node_id: string | null
  visit: number | null
  entered: string | null
  detail: string | null
}

/** Reads a workflow's event log from a moment on, in order, for calibrating the simulator. */
export class RunLog {
  private readonly events

  constructor(db: Db) {
    // Through the instances: the event log is indexed by instance only, to keep its writes cheap.
    this.events = db.prepare(`SELECT e.at, e.instance_id, e.type, e.node_id, e.visit, e.entered, e.detail
      FROM instances i JOIN events e ON e.instance_id = i.id
      WHERE i.workflow_id = ? AND e.at >= ? ORDER BY e.seq`)
  }

  *since(workflowId: string, from: number): Generator<RunEvent> {
    for (const row of this.events.iterate(workflowId, from) as IterableIterator<EventRow>) {
      yield {
        at: row.at,
        instanceId: row.instance_id,
        type: row.type,
        nodeId: row.node_id,
        visit: row.visit,
        detail: row.detail ? (JSON.parse(row.detail) as Record<string, unknown>) : null,
      }
      for (const { nodeId, visit } of parseEntered(row.entered))
        yield { at: row.at, instanceId: row.instance_id, type: 'entered', nodeId, visit, detail: null }
    }
  }
}
