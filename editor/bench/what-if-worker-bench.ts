/**
 * The editor's What if worker (as built) in Chromium: 100,000 items of the 20-step workflow the
 * Node benchmark simulates (`shared/bench/what-if-bench.ts`), timed in the page from the request to
 * the answer. The worker answers a comparison: today and the scenario, two runs of 100,000 items
 * (asked without the volume search, which the tab adds). Goal: under 2 s of CPU per run, as in Node
 * (the wall time is printed too; on a busy machine it measures the neighbours). Run `pnpm build` first.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import { twentySteps, twentyStepScenario } from '../../shared/bench/twenty-step-workflow'
import type { WhatIfRequest, WhatIfResponse } from '../src/what-if/what-if-messages'
import { startRuntime } from './runtime-process'

const items = 100_000
const runs = 5
const goalMs = 2_000
const assetsDir = fileURLToPath(new URL('../dist/assets', import.meta.url))

if (!existsSync(assetsDir)) {
  console.error('Build the editor first: pnpm build')
  process.exit(1)
}
const workerFile = readdirSync(assetsDir).find((name) => /^what-if\.worker-.*\.js$/.test(name))
if (!workerFile) throw new Error(`No what-if worker in ${assetsDir}`)

/**
 * CPU milliseconds used so far by this process's descendants other than the runtime (the browser's
 * processes), read from /proc: on a shared machine, wall time says more about the neighbours.
 */
function browserCpuMs(runtimePid: number | undefined): number {
  const parents = new Map<number, number>()
  const cpu = new Map<number, number>()
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      // Fields after the command name (which may hold spaces): state, ppid, … utime (14th), stime (15th).
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      parents.set(Number(entry), Number(fields[1]))
      cpu.set(Number(entry), ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond)
    } catch {
      // The process ended while being read.
    }
  }
  const isOurs = (pid: number): boolean => {
    for (let at = parents.get(pid); at !== undefined && at > 1; at = parents.get(at)) {
      if (at === runtimePid) return false
      if (at === process.pid) return true
    }
    return false
  }
  let total = 0
  for (const [pid, ms] of cpu) if (pid !== runtimePid && isOurs(pid)) total += ms
  return total
}
const ticksPerSecond = 100

const runtime = await startRuntime()
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' })
try {
  const page = await browser.newPage()
  // The worker loads from the runtime, as the editor's page loads it.
  await page.goto(`${runtime.url}/?token=${runtime.token}`, { waitUntil: 'networkidle' })
  const samples: number[] = []
  const cpuSamples: number[] = []
  let verdict = ''
  for (let seed = 1; seed <= runs; seed++) {
    const request: WhatIfRequest = {
      id: seed,
      document: twentySteps(),
      scenario: twentyStepScenario,
      items,
      seed,
      findVolumeLimit: false,
    }
    const cpuBefore = browserCpuMs(runtime.pid)
    const { ms, answer } = await page.evaluate(
      ({ url, request }) =>
        new Promise<{ ms: number; answer: WhatIfResponse }>((resolve, reject) => {
          const worker = new Worker(url, { type: 'module' })
          worker.onerror = (event) => reject(new Error(event.message))
          // Started before the clock: what is timed is the simulation, not loading the worker.
          worker.onmessage = () => {
            const start = performance.now()
            worker.onmessage = (event: MessageEvent<WhatIfResponse>) => {
              resolve({ ms: performance.now() - start, answer: event.data })
              worker.terminate()
            }
            worker.postMessage(request)
          }
          worker.postMessage({ ...request, id: 0, items: 100 })
        }),
      { url: `/assets/${workerFile}`, request },
    )
    if (!answer.ok) throw new Error(`The worker refused the scenario: ${JSON.stringify(answer.problems)}`)
    // The browser's CPU over the whole exchange, less nothing: a slight overestimate of the worker's.
    cpuSamples.push((browserCpuMs(runtime.pid) - cpuBefore) / 2)
    samples.push(ms / 2)
    verdict = answer.comparison.verdict
  }
  samples.sort((a, b) => a - b)
  cpuSamples.sort((a, b) => a - b)
  const median = cpuSamples[Math.floor(runs / 2)]!
  console.log(
    `What-if in the editor's worker (Chromium ${browser.version()}): ${items.toLocaleString('en')} items of a 20-step workflow, load average ${loadavg()[0]!.toFixed(1)}`,
  )
  console.log(
    `CPU ms per run: median ${median.toFixed(0)}, best ${cpuSamples[0]!.toFixed(0)} (goal < ${goalMs}) ${median < goalMs ? 'ok' : 'MISSED'}; ` +
      `wall ms: median ${samples[Math.floor(runs / 2)]!.toFixed(0)}, best ${samples[0]!.toFixed(0)}`,
  )
  console.log(verdict)
} finally {
  await browser.close()
  await runtime.stop()
}
