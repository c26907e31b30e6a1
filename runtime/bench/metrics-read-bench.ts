/**
 * How long reading a workflow's metrics takes as its event log grows: from the tallies kept with
 * the log (what the API and /metrics serve) against a full recomputation from the log (what they
 * did before), at each size.
 *
 *   tsx bench/metrics-read-bench.ts                 # 10k, 100k and 1M events
 *   tsx bench/metrics-read-bench.ts 10000 50000
 *
 * Each size gets its own SQLite file in a temp folder, filled with items of a four-node workflow
 * (a checked, approved claim: ten events each, some rejected and looped back) spread over 30 days,
 * written straight into the log; the tallies are then built once from it, as on a first start.
 */
import { workflowBuilders as b } from '@conveyor/shared'
import { mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { MetricsSource } from '../src/metrics/metrics-source'
import { openDatabase, type Db } from '../src/store/database'
import { sqliteSqlDatabase } from '../src/store/sql/sqlite-sql-database'

const sizes = process.argv.slice(2).map(Number)
const eventCounts = sizes.length > 0 ? sizes : [10_000, 100_000, 1_000_000]
const day = 86_400_000

const document = b.workflow(
  [
    b.trigger('start'),
    b.step('check', {
      automate: { connector: { kind: 'http', method: 'POST', url: 'https://checks.example' } },
    }),
    b.step('approve', { mode: 'human', facts: { costPerItem: 9 } }),
    b.end('done'),
  ],
  b.chain('start', 'check', 'approve', 'done'),
  { id: 'wf' },
)

function fill(db: Db, events: number): void {
  db.prepare(
    `INSERT INTO deployments (id, workflow_id, version, document, compiled, deployed_at, deployed_by)
    VALUES ('d1', 'wf', 1, ?, '{}', 0, 'bench')`,
  ).run(JSON.stringify(document))
  const instance =
    db.prepare(`INSERT INTO instances (id, workflow_id, deployment_id, version, trigger_id, status,
    outcome, active_nodes, snapshot, visits, started_at, updated_at, ended_at)
    VALUES (?, 'wf', 'd1', 1, 'start', 'completed', 'completed', '[]', '{}', '{}', ?, ?, ?)`)
  const event =
    db.prepare(`INSERT INTO events (at, instance_id, workflow_id, deployment_id, type, node_id, visit,
    entered, detail) VALUES (?, ?, 'wf', 'd1', ?, ?, ?, ?, ?)`)
  const items = Math.ceil(events / 10)
  let written = 0
  db.transaction(() => {
    for (let i = 0; i < items && written < events; i++) {
      const id = `item-${i}`
      const t0 = Math.floor((i / items) * 30 * day)
      const rework = i % 7 === 0
      const rows: Array<[number, string, string | null, number | null, string | null, string | null]> = [
        [t0, 'START', null, null, 'start:1', null],
        [t0, 'STEP_DONE', 'start', 1, 'check:1', null],
        [t0 + 800, 'STEP_DONE', 'check', 1, 'approve:1', null],
        [t0 + 800, 'task.created', 'approve', 1, null, null],
        [t0 + 60_000 + (i % 50) * 1000, 'task.claimed', 'approve', 1, null, null],
      ]
      const visit = rework ? 2 : 1
      if (rework) rows.push([t0 + 90_000, 'STEP_REJECTED', 'approve', 1, 'approve:2', null])
      rows.push(
        [t0 + 300_000, 'task.completed', 'approve', visit, null, '{"verdict":null,"waitedMs":60000}'],
        [t0 + 300_000, 'STEP_DONE', 'approve', visit, 'done:1', null],
        [t0 + 300_000, 'finished', null, null, null, '{"outcome":"completed"}'],
      )
      instance.run(id, t0, t0 + 300_000, t0 + 300_000)
      for (const [at, type, nodeId, v, entered, detail] of rows) {
        if (written++ >= events) break
        event.run(at, id, type, nodeId, v, entered, detail)
      }
    }
  })()
}

/** Median of `runs` timings of `work`, in milliseconds. */
async function time(runs: number, work: () => unknown): Promise<number> {
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const start = performance.now()
    await work()
    times.push(performance.now() - start)
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!
}

const rows: string[] = []
for (const events of eventCounts) {
  const dir = mkdtempSync(join(tmpdir(), 'conveyor-metrics-bench-'))
  try {
    const db = openDatabase(dir)
    fill(db, events)
    const source = new MetricsSource(sqliteSqlDatabase(db))
    const buildStart = performance.now()
    await source.store.catchUp()
    const buildMs = performance.now() - buildStart
    const kept = await time(21, () => source.workflow('wf'))
    const recomputed = await time(events >= 1_000_000 ? 1 : 3, () => source.recompute('wf'))
    rows.push(
      `| ${events.toLocaleString('en')} | ${kept.toFixed(2)} | ${recomputed.toFixed(0)} | ${Math.round(recomputed / kept).toLocaleString('en')}× | ${(buildMs / 1000).toFixed(1)} |`,
    )
    console.log(rows.at(-1))
    db.close()
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
console.log(`\nMetrics read time, load average ${loadavg()[0]!.toFixed(1)}:\n`)
console.log('| events | kept tallies ms | full recomputation ms | ratio | first build s |')
console.log('| -----: | --------------: | --------------------: | ----: | -----------: |')
for (const row of rows) console.log(row)
