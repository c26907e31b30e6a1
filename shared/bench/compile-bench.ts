/**
 * Validation and compilation time for generated workflows of 1,000, 5,000 and 20,000 nodes.
 * Goal: 5,000 nodes under 100 ms, and 20,000 under 4.5 × the 5,000-node time (every pass linear).
 *
 * "edit" is what the editor pays on each change: the document is validated and compiled again
 * with its expressions already checked. "first" also parses every JSONata expression, which
 * JSONata makes costly (it builds its parser on each call); that share is shown on its own.
 */
import v8 from 'node:v8'
import vm from 'node:vm'
import { compile } from '../src/compiler'
import { checkExpression, forgetCheckedExpressions } from '../src/expressions'
import { WorkflowDocument } from '../src/model'
import { generateWorkflow } from '../src/testing/generate-workflow'
import { expressionsOf } from '../src/validator/checks/expressions'
import { validateDocument } from '../src/validator'

// Collect garbage before each sample, so a run does not pay for the one before it.
v8.setFlagsFromString('--expose-gc')
const collectGarbage = vm.runInNewContext('gc') as () => void

const sizes = [1_000, 5_000, 20_000]
const runs = 9

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]!
}

/**
 * Median CPU time of this process (user + system), which unlike wall time does not grow when
 * other programs share the machine's cores; GC helper threads count too.
 */
function timeOf(work: () => void, before?: () => void): number {
  const samples: number[] = []
  for (let i = 0; i < runs; i++) {
    before?.()
    collectGarbage()
    const start = process.cpuUsage()
    work()
    const used = process.cpuUsage(start)
    samples.push((used.user + used.system) / 1000)
  }
  return median(samples)
}

interface Row {
  nodes: number
  edges: number
  expressions: number
  validate: number
  edit: number
  first: number
  jsonata: number
}

const rows: Row[] = []
for (const size of sizes) {
  const input = generateWorkflow({ nodes: size, seed: 42 })
  const first = compile(input)
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

const ms = (value: number) => `${value.toFixed(1)} ms`
console.log(`median CPU time of ${runs} runs, Node ${process.version}`)
console.table(
  rows.map((row) => ({
    nodes: row.nodes,
    edges: row.edges,
    expressions: row.expressions,
    'validate (edit)': ms(row.validate),
    'validate + compile (edit)': ms(row.edit),
    'validate + compile (first)': ms(row.first),
    'of which JSONata parsing': ms(row.jsonata),
  })),
)
const at5k = rows.find((row) => row.nodes >= 5_000 && row.nodes < 20_000)!
const at20k = rows.find((row) => row.nodes >= 20_000)!
console.log(`20k / 5k, validate + compile (edit):  ${(at20k.edit / at5k.edit).toFixed(2)}×`)
console.log(`20k / 5k, validate + compile (first): ${(at20k.first / at5k.first).toFixed(2)}×`)
