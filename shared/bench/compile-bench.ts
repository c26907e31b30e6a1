/**
 * Validation and compilation time for generated workflows of 1,000, 5,000 and 20,000 nodes.
 * Goal: 5,000 nodes under 100 ms, and 20,000 under 4.5 × the 5,000-node time (every pass linear).
 *
 * "edit" is what the editor pays on each change: the document is validated and compiled again
 * with its expressions already checked. "first" also parses every JSONata expression, which
 * JSONata makes costly (it builds its parser on each call); that share is shown on its own.
 */
import { loadavg } from 'node:os'
import v8 from 'node:v8'
import vm from 'node:vm'
import { compile } from '../src/compiler'
import { checkExpression, forgetCheckedExpressions } from '../src/expressions'
import { WorkflowDocument } from '../src/model'
import { generateWorkflow } from '../src/testing/generate-workflow'
import { expressionsOf } from '../src/validator/checks/expressions'
import { validateDocument } from '../src/validator'

v8.setFlagsFromString('--expose-gc')
const collectGarbage = vm.runInNewContext('gc') as () => void

const sizes = [1_000, 5_000, 20_000]
const runs = 15
/** Runs before timing, so the JIT has compiled the code paths being measured. */
const warmUps = 3

interface Timing {
  median: number
  best: number
}

/**
 * CPU time of this process (user + system) per run: unlike wall time it does not grow while other
 * programs take the cores, though contention still slows it, so the best run is shown beside the
 * median. Garbage is collected before each run, so a run does not pay for the one before it.
 */
function timeOf(work: () => void, before?: () => void): Timing {
  const samples: number[] = []
  for (let i = 0; i < runs; i++) {
    before?.()
    collectGarbage()
    const start = process.cpuUsage()
    work()
    const used = process.cpuUsage(start)
    samples.push((used.user + used.system) / 1000)
  }
  samples.sort((a, b) => a - b)
  return { median: samples[Math.floor(samples.length / 2)]!, best: samples[0]! }
}

interface Row {
  nodes: number
  edges: number
  expressions: number
  validate: Timing
  edit: Timing
  first: Timing
  jsonata: Timing
}

const rows: Row[] = []
for (const size of sizes) {
  const input = generateWorkflow({ nodes: size, seed: 42 })
  const first = compile(input)
  for (let i = 0; i < warmUps; i++) compile(input)
  if (!first.compiled)
    throw new Error(`generated ${size}-node workflow does not compile: ${first.diagnostics[0]?.message}`)
  const expressions = WorkflowDocument.parse(input).nodes.flatMap((node) =>
    expressionsOf(node).map((e) => e.expression),
  )
  rows.push({
    nodes: input.nodes.length,
    edges: input.edges.length,
    expressions: expressions.length,
    validate: timeOf(() => validateDocument(input)),
    edit: timeOf(() => compile(input)),
    first: timeOf(() => compile(input), forgetCheckedExpressions),
    jsonata: timeOf(() => expressions.forEach(checkExpression), forgetCheckedExpressions),
  })
}

const ms = ({ median, best }: Timing) => `${median.toFixed(1)} (best ${best.toFixed(1)})`
console.log(
  `CPU ms per run: median of ${runs} (best), Node ${process.version}, load average ${loadavg()[0]!.toFixed(1)}`,
)
console.table(
  rows.map((row) => ({
    nodes: row.nodes,
    edges: row.edges,
    expressions: row.expressions,
    'validate (edit)': ms(row.validate),
    'validate + compile (edit)': ms(row.edit),
    'validate + compile (first)': ms(row.first),
    'JSONata parsing (first)': ms(row.jsonata),
  })),
)
const at5k = rows.find((row) => row.nodes >= 5_000 && row.nodes < 20_000)!
const at20k = rows.find((row) => row.nodes >= 20_000)!
const ratio = (of: (row: Row) => Timing) => (of(at20k).median / of(at5k).median).toFixed(2)
console.log(
  `20k / 5k (medians): validate + compile (edit) ${ratio((row) => row.edit)}×, (first) ${ratio((row) => row.first)}×`,
)
