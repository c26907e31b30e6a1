import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createConveyorService, type SqliteConveyorService } from '../service'

let service: SqliteConveyorService | undefined
let dataDir: string | undefined
afterEach(async () => {
  await service?.close()
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
})

describe('what the metrics show of work waiting for a replica', () => {
  it('counts a pending timer long past due, and how long the oldest call has waited', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'conveyor-backlog-'))
    const now = 1_800_000_000_000
    // Nothing runs in this process: the timer stays pending, as if its owner were gone.
    service = await createConveyorService({ dataDir, runWorkflows: false, now: () => now })
    await service.sql.run(
      `INSERT INTO timers (id, instance_id, node_id, visit, kind, due_at, status) VALUES
         ('late', 'i1', 'wait', 1, 'delay', ?, 'pending'), ('soon', 'i2', 'wait', 1, 'delay', ?, 'pending')`,
      [now - 60_000, now - 1_000],
    )
    await service.sql.run(
      `INSERT INTO outbox (id, instance_id, node_id, visit, status, created_at, updated_at)
       VALUES ('i1:call:1', 'i1', 'call', 1, 'pending', ?, ?)`,
      [now - 90_000, now - 90_000],
    )
    const metrics = await service.renderPrometheusMetrics()
    expect(metrics).toContain('conveyor_timers_overdue{} 1')
    expect(metrics).toContain('conveyor_outbox_oldest_pending_seconds{} 90')
    // A SQLite folder has no leases or commands to watch.
    expect(metrics).not.toContain('conveyor_commands_pending')
  })
})
