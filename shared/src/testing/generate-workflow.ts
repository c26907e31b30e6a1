import type { WorkflowDocumentInput } from '../model'
import {
  decision,
  defaultLane,
  end,
  exception,
  fork,
  humanStep,
  join,
  step,
  trigger,
  workflow,
} from './builders'
import type { EdgeInput, NodeInput } from './builders'
import { seededRandom, type Random } from './random'

export interface GenerateOptions {
  /** Roughly how many nodes to generate (the result has at least this many). */
  nodes: number
  seed: number
  /** How deep decisions, loops and forks may nest inside each other. */
  maxDepth?: number
}

/** A connection waiting for the next block's first node: a node, and the decision branch it leaves by. */
interface Loose {
  source: string
  handle?: string
}

/**
 * Generates a valid workflow of about the requested size: a trigger (sometimes two), then a
 * sequence of blocks (steps with exceptions, decisions whose branches merge or end early, rework
 * loops, nested forks and joins), then an end. Used by property tests, benchmarks and to try the
 * editor on large diagrams. The same options always give the same document.
 */
export function generateWorkflow(options: GenerateOptions): WorkflowDocumentInput {
  return new Generator(seededRandom(options.seed), options.maxDepth ?? 3).run(options.nodes)
}

class Generator {
  private readonly nodes: NodeInput[] = []
  private readonly edges: EdgeInput[] = []
  private readonly ids = new Set<string>()
  private counter = 0

  constructor(
    private readonly random: Random,
    private readonly maxDepth: number,
  ) {}

  run(size: number): WorkflowDocumentInput {
    const starts = [this.add(trigger('received'))]
    if (this.random.chance(0.3)) starts.push(this.add(trigger('imported', { start: { kind: 'webhook' } })))
    let loose: Loose[] = starts.map((source) => ({ source }))
    while (this.nodes.length < size) loose = this.block(loose, 0)
    this.connect(loose, this.add(end('done')))
    return workflow(this.nodes, this.edges, {
      id: `generated-${size}`,
      name: `Generated workflow (${size} nodes)`,
    })
  }

  private block(loose: Loose[], depth: number): Loose[] {
    const nested = depth < this.maxDepth
    const roll = this.random.next()
    if (nested && roll < 0.12) return this.forkBlock(loose, depth)
    if (nested && roll < 0.27) return this.decisionBlock(loose, depth)
    if (nested && roll < 0.35) return this.loopBlock(loose, depth)
    return this.stepBlock(loose)
  }

  private sequence(loose: Loose[], depth: number, blocks: number): Loose[] {
    for (let i = 0; i < blocks; i++) loose = this.block(loose, depth)
    return loose
  }

  private stepBlock(loose: Loose[]): Loose[] {
    const n = this.nextNumber()
    const human = this.random.chance(0.4)
    const id = this.add(
      human
        ? humanStep(`review${n}`, { sla: { within: `${this.random.int(1, 48)}h` } })
        : step(`task${n}`, {
            automate: { connector: { kind: 'transform', expression: `{ "n${n}": ${n} }` } },
          }),
    )
    this.connect(loose, id)
    const next: Loose[] = [{ source: id }]
    if (this.random.chance(0.15)) {
      const problem = this.add(
        exception(`problem${n}`, id, human ? this.random.pick(['timeout', 'rejection']) : 'error'),
      )
      if (this.random.chance(0.5)) this.link(problem, this.endNode('failed'))
      else next.push({ source: problem })
    }
    return next
  }

  private decisionBlock(loose: Loose[], depth: number): Loose[] {
    const n = this.nextNumber()
    const branches = Array.from({ length: this.random.int(2, 3) }, (_, i) => `option${i + 1}`)
    const byPerson = this.random.chance(0.25)
    const id = this.add(
      decision(`choice${n}`, branches, {
        ...(byPerson ? { decidedBy: 'person', lane: defaultLane } : {}),
        branches: branches.map((branch, i) =>
          i === branches.length - 1
            ? { id: branch, label: `Otherwise` }
            : { id: branch, label: `Over ${n * 10 + i}`, condition: `amount > ${n * 10 + i}` },
        ),
      }),
    )
    this.connect(loose, id)
    const merged: Loose[] = []
    branches.forEach((branch, i) => {
      const endsEarly = i === 0 && this.random.chance(0.2)
      if (endsEarly) return this.link(id, this.endNode('rejected'), branch)
      const blocks = this.random.int(0, 2)
      merged.push(...this.sequence([{ source: id, handle: branch }], depth + 1, blocks))
    })
    return merged
  }

  private loopBlock(loose: Loose[], depth: number): Loose[] {
    const firstNode = this.nodes.length
    const body = this.sequence(loose, depth + 1, this.random.int(1, 2))
    const entry = this.nodes[firstNode]!.id
    const n = this.nextNumber()
    const check = this.add(decision(`recheck${n}`, ['redo', 'accept']))
    this.connect(body, check)
    this.link(check, entry, 'redo')
    return [{ source: check, handle: 'accept' }]
  }

  private forkBlock(loose: Loose[], depth: number): Loose[] {
    const n = this.nextNumber()
    const split = this.add(fork(`split${n}`))
    this.connect(loose, split)
    const ends = Array.from({ length: this.random.int(2, 3) }, () =>
      this.sequence([{ source: split }], depth + 1, this.random.int(0, 2)),
    )
    const meet = this.add(join(`meet${n}`))
    for (const branchEnd of ends) this.connect(branchEnd, meet)
    return [{ source: meet }]
  }

  /** The shared end for work that stops early, added the first time it is needed. */
  private endNode(outcome: 'rejected' | 'failed'): string {
    if (!this.ids.has(outcome)) this.add(end(outcome, outcome))
    return outcome
  }

  private add(node: NodeInput): string {
    const { id } = node
    this.ids.add(id)
    this.nodes.push({ ...node, position: { x: this.nodes.length * 160, y: 0 } })
    return id
  }

  private connect(loose: readonly Loose[], target: string): void {
    for (const { source, handle } of loose) this.link(source, target, handle)
  }

  private link(source: string, target: string, handle?: string): void {
    const id = `e${this.edges.length + 1}`
    this.edges.push(handle ? { id, source, target, sourceHandle: handle } : { id, source, target })
  }

  private nextNumber(): number {
    return ++this.counter
  }
}
