import { rmSync } from 'node:fs'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { createApp } from '../src/app'
import { catalogOf } from '../src/http/examples-catalog'
import { listen } from '../src/http/test-support/listen'
import { createConveyorService, type SqliteConveyorService } from '../src/service'
import { tempDataDir } from '../src/service/test-support/service-harness'
import { runInFlight } from './in-flight'
import { tenStepDocument } from './ten-step-workflow'

/**
 * Memory of an event-log download as the log grows: a real server streams a workflow's log as
 * OCEL and XES to a client in the same process that reads and drops every chunk. Heap is sampled
 * after a full collection every few chunks, so it shows what the download holds, not garbage.
 * If the export built the log in memory, the growth would follow the file's size.
 *
 *   pnpm --filter @conveyor/runtime exec tsx bench/event-log-bench.ts [items per round] [rounds]
 */
const perRound = Number(process.argv[2] ?? 1_000)
const rounds = Number(process.argv[3] ?? 3)

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void
const mb = (bytes: number) => bytes / (1 << 20)

async function addItems(service: SqliteConveyorService, count: number): Promise<void> {
  const settled = new Map<string, () => void>()
  const early = new Set<string>()
  const stop = service.engine.onSettled(({ id }) => {
    const done = settled.get(id)
    if (done) done()
    else early.add(id)
  })
  await runInFlight(count, 100, async (n) => {
    const { instance } = await service.startInstance({ workflowId: tenStepDocument.id, input: { n } })
    if (early.delete(instance.id)) return
    await new Promise<void>((resolve) => settled.set(instance.id, resolve))
    settled.delete(instance.id)
  })
  stop()
}

/** Downloads the log, reading every chunk; returns its size and the heap it held above the start. */
async function download(url: string, token: string) {
  gc()
  const before = process.memoryUsage().heapUsed
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } })
  if (!response.ok || !response.body) throw new Error(`${url}: ${response.status}`)
  const reader = response.body.getReader()
  let bytes = 0
  let chunks = 0
  let peak = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    bytes += value.byteLength
    if (++chunks % 16 === 0) {
      gc()
      peak = Math.max(peak, process.memoryUsage().heapUsed - before)
    }
  }
  return { bytes, chunks, heldMb: mb(peak) }
}

async function main(): Promise<void> {
  const dataDir = tempDataDir()
  const service = await createConveyorService({ dataDir })
  const { secret } = await service.createToken({ name: 'bench', role: 'viewer' })
  await service.createWorkflow(tenStepDocument)
  await service.deploy(tenStepDocument.id)
  const server = await listen(createApp({ service, examples: catalogOf() }))
  const rows = service.db.prepare('SELECT COUNT(*) AS n FROM events')
  console.log(`event-log download of a 10-step workflow, ${perRound} items added per round\n`)
  console.log('items   log rows   format   file MB   chunks   heap held MB   seconds')
  try {
    for (let round = 1; round <= rounds; round++) {
      await addItems(service, perRound)
      const count = (rows.get() as { n: number }).n
      for (const format of ['ocel', 'xes']) {
        const started = performance.now()
        const result = await download(
          `${server.url}/api/workflows/${tenStepDocument.id}/event-log?format=${format}`,
          secret,
        )
        const seconds = (performance.now() - started) / 1000
        console.log(
          `${String(round * perRound).padStart(5)} ${String(count).padStart(10)} ${format.padStart(8)} ${mb(
            result.bytes,
          )
            .toFixed(1)
            .padStart(
              9,
            )} ${String(result.chunks).padStart(8)} ${result.heldMb.toFixed(1).padStart(14)} ${seconds
            .toFixed(2)
            .padStart(9)}`,
        )
      }
    }
  } finally {
    await server.close()
    await service.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
