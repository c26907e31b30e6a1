import { workflowBuilders as b } from '@conveyor/shared'
import { rmSync } from 'node:fs'
import { createApp } from '../src/app'
import { catalogOf } from '../src/http/examples-catalog'
import { listen } from '../src/http/test-support/listen'
import { createConveyorService } from '../src/service'
import { tempDataDir } from '../src/service/test-support/service-harness'

/**
 * A real server runs `instances` workflows whose transform is a catastrophic regex (seconds of
 * backtracking each, minutes for a few more characters) while /healthz is asked every 5 ms: its
 * latency says whether any expression blocks the server.
 *
 *   pnpm --filter @conveyor/runtime exec tsx bench/runaway-bench.ts [instances]
 */
const instances = Number(process.argv[2] ?? 20)
const catastrophic = `"${'a'.repeat(28)}!"`

function summary(latencies: number[]): string {
  const sorted = [...latencies].sort((x, y) => x - y)
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!
  return `${sorted.length} answers, p50 ${at(0.5).toFixed(1)} ms, p99 ${at(0.99).toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(1)} ms`
}

async function main(): Promise<void> {
  const dataDir = tempDataDir()
  const service = await createConveyorService({ dataDir })
  const server = await listen(createApp({ service, examples: catalogOf() }))
  const document = b.workflow(
    [
      b.trigger('start'),
      b.step('extract', {
        automate: { connector: { kind: 'transform', expression: `$match(${catastrophic}, /(a+)+$/)` } },
      }),
      b.end('done'),
    ],
    b.chain('start', 'extract', 'done'),
    { id: 'runaway' },
  )
  await service.createWorkflow(document)
  await service.deploy(document.id)

  let latencies: number[] = []
  let probing = true
  const probe = async () => {
    while (probing) {
      const started = performance.now()
      const health = await fetch(`${server.url}/healthz`)
      await health.arrayBuffer()
      latencies.push(performance.now() - started)
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
  }
  // First the same probes with nothing running: on a busy machine that is the floor.
  let probes = probe()
  await new Promise((resolve) => setTimeout(resolve, 3_000))
  probing = false
  await probes
  const idle = summary(latencies)
  latencies = []
  probing = true
  probes = probe()
  const started = performance.now()
  const ids = await Promise.all(
    Array.from(
      { length: instances },
      async () => (await service.startInstance({ workflowId: document.id })).instance.id,
    ),
  )
  for (;;) {
    const { items } = await service.listIncidents({ status: 'open', limit: instances })
    if (items.length >= instances) break
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  const seconds = (performance.now() - started) / 1000
  probing = false
  await probes
  const incidents = (await service.listIncidents({ status: 'open', limit: instances })).items
  const naming = incidents.filter((incident) => /time limit of \d+ ms reached/.test(incident.error)).length

  console.log(`\n${ids.length} instances each running a catastrophic regex in a transform\n`)
  console.log(
    `all in incidents after ${seconds.toFixed(1)} s; ${naming} of ${incidents.length} name the time limit`,
  )
  console.log(`/healthz with nothing running:  ${idle}`)
  console.log(`/healthz while the regexes ran: ${summary(latencies)}`)
  console.log('goal: /healthz p99 < 50 ms, every instance an incident naming the limit')

  await server.close()
  await service.close()
  rmSync(dataDir, { recursive: true, force: true })
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
