import { parseEntered } from '../store/entered'
import { EventPages } from '../store/event-pages'
import type { SqlExecutor } from '../store/sql'
import type { RunEvent } from './observe-runs'

/** Reads a workflow's event log from a moment on, in order, for calibrating the simulator. */
export class RunLog {
  private readonly events

  constructor(sql: SqlExecutor) {
    this.events = new EventPages(sql)
  }

  async *since(workflowId: string, from: number): AsyncGenerator<RunEvent> {
    const until = await this.events.lastSeq()
    const window = { from, to: Number.MAX_SAFE_INTEGER }
    for await (const page of this.events.workflowEvents(workflowId, window, until)) {
      for (const row of page) {
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
}
