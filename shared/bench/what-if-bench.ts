/**
 * The what-if simulator on 100,000 items of a 20-step workflow: four lanes of people, automated
 * steps that sometimes fail into a manual fallback, a rework loop and SLAs that escalate.
 * Goal: under 2 s per run in Node.
 */
import { loadavg } from 'node:os'
import { simulateWhatIf } from '../src/what-if'
import { twentySteps, twentyStepScenario } from './twenty-step-workflow'

const items = 100_000
const runs = 5

const document = twentySteps()
const scenario = twentyStepScenario
const samples: number[] = []
let visits = 0
let verdict = ''
for (let i = 0; i < runs; i++) {
  const start = process.cpuUsage()
  const result = simulateWhatIf(document, scenario, { items, seed: i + 1 })
  const used = process.cpuUsage(start)
  samples.push((used.user + used.system) / 1000)
  visits = result.steps.reduce((sum, step) => sum + step.visitsPerItem, 0) * items
  verdict = result.verdict
}
samples.sort((a, b) => a - b)
console.log(
  `What-if: ${items.toLocaleString('en')} items, ${Math.round(visits).toLocaleString('en')} visits to people's work, Node ${process.version}, load average ${loadavg()[0]!.toFixed(1)}`,
)
console.log(
  `CPU ms per run: median ${samples[Math.floor(runs / 2)]!.toFixed(0)}, best ${samples[0]!.toFixed(0)} (goal < 2000)`,
)
console.log(verdict)
