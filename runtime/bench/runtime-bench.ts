import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { contenders, type Contender } from './contenders'
import type { RunFigures } from './in-flight'

/**
 * One run, side by side, of the same 10-step all-automated workflow: (a) plain in-memory XState
 * actors (the ceiling), (b) Conveyor with full durability, (c) bpmn-engine. Each contender runs
 * in its own process so peak memory is its own.
 *
 *   pnpm --filter @conveyor/runtime bench [instances] [inFlight]
 */
const total = Number(process.argv[2] ?? 5_000)
const inFlight = Number(process.argv[3] ?? 100)
const only = process.argv[4] as Contender | undefined

async function main(): Promise<void> {
  if (only) {
    const figures = await contenders[only](total, inFlight)
    process.stdout.write(`${JSON.stringify(figures)}\n`)
    return
  }
  const labels: Record<Contender, string> = {
    xstate: '(a) XState in memory',
    conveyor: '(b) Conveyor durable',
    'bpmn-engine': '(c) bpmn-engine',
  }
  const results = {} as Record<Contender, RunFigures>
  for (const name of Object.keys(contenders) as Contender[]) {
    const out = execFileSync(
      process.execPath,
      [...process.execArgv, fileURLToPath(import.meta.url), String(total), String(inFlight), name],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 20 },
    )
    results[name] = JSON.parse(out.trim().split('\n').at(-1)!) as RunFigures
  }
  console.log(`\n${total} instances of a 10-step automated workflow, ${inFlight} in flight\n`)
  console.log(
    'contender                 instances/s   p50 ms   p99 ms   peak RSS MB   peak heap MB   CPU ms/instance',
  )
  for (const name of Object.keys(results) as Contender[]) {
    const r = results[name]
    console.log(
      `${labels[name].padEnd(24)} ${r.perSecond.toFixed(0).padStart(12)} ${r.p50Ms.toFixed(1).padStart(8)} ${r.p99Ms
        .toFixed(1)
        .padStart(
          8,
        )} ${r.peakRssMb.toFixed(0).padStart(13)} ${r.peakHeapMb.toFixed(0).padStart(14)} ${r.cpuMsPerInstance.toFixed(2).padStart(17)}`,
    )
  }
  const b = results.conveyor.perSecond
  console.log(
    `\nb/a = ${(b / results.xstate.perSecond).toFixed(2)}   b/c = ${(b / results['bpmn-engine'].perSecond).toFixed(2)}`,
  )
  console.log('goals: b ≥ 2,000 instances/s, b/a ≥ 0.3, p99 < 250 ms')
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
