/**
 * How long `conveyor migrate` takes to copy a data folder into PostgreSQL and verify it, by size:
 * each folder is filled by the real service with items of the 10-step workflow (each item leaves
 * its instance row, a dozen events and audit rows), then copied into a fresh database of a
 * throwaway cluster.
 *
 *   tsx bench/migrate-bench.ts                # 2,000 and 10,000 items
 *   tsx bench/migrate-bench.ts 50000
 */
import { rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { loadavg } from 'node:os'
import { createConveyorService } from '../src/service'
import { tempDataDir } from '../src/service/test-support/service-harness'
import { copyDataFolderToPostgres } from '../src/store/copy-to-postgres'
import { startThrowawayCluster } from '../src/store/postgres/testing/throwaway-cluster'
import { createBenchDatabase } from './bench-database'
import { runInFlight } from './in-flight'
import { tenStepDocument } from './ten-step-workflow'

const sizes = process.argv.slice(2).map(Number)
const itemCounts = sizes.length > 0 ? sizes : [2_000, 10_000]

async function filledFolder(items: number): Promise<string> {
  const dataDir = tempDataDir()
  const service = await createConveyorService({ dataDir })
  await service.createWorkflow(tenStepDocument)
  await service.deploy(tenStepDocument.id)
  const finished = new Map<string, () => void>()
  const early = new Set<string>()
  service.engine.onSettled(({ id }) => {
    const done = finished.get(id)
    if (done) done()
    else early.add(id)
  })
  await runInFlight(items, 100, async (index) => {
    const { instance } = await service.startInstance({ workflowId: tenStepDocument.id, input: { n: index } })
    if (early.delete(instance.id)) return
    await new Promise<void>((resolve) => finished.set(instance.id, resolve))
    finished.delete(instance.id)
  })
  await service.close()
  return dataDir
}

async function main(): Promise<void> {
  const cluster = await startThrowawayCluster()
  try {
    console.log(
      `\nconveyor migrate: a data folder copied into PostgreSQL and verified (load ${loadavg()[0]!.toFixed(1)})\n`,
    )
    console.log('items   folder MB   rows copied   seconds   rows/s')
    for (const items of itemCounts) {
      const dataDir = await filledFolder(items)
      try {
        const megabytes = statSync(join(dataDir, 'conveyor.db')).size / 2 ** 20
        const url = await createBenchDatabase(cluster.url, `migrate_bench_${items}`)
        const started = performance.now()
        const report = await copyDataFolderToPostgres(dataDir, url)
        const seconds = (performance.now() - started) / 1000
        const rows = report.tables.reduce((sum, table) => sum + table.rows, 0)
        console.log(
          `${String(items).padStart(6)} ${megabytes.toFixed(0).padStart(11)} ${String(rows).padStart(13)} ${seconds.toFixed(2).padStart(9)} ${(rows / seconds).toFixed(0).padStart(8)}`,
        )
      } finally {
        rmSync(dataDir, { recursive: true, force: true })
      }
    }
  } finally {
    cluster.stop()
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
