import { describe, expect, it } from 'vitest'
import { WorkflowDocument, type WorkflowDocumentInput } from '../model'
import {
  chain,
  decision,
  edge,
  end,
  exception,
  fork,
  join,
  step,
  trigger,
  workflow,
} from '../testing/builders'
import { computeDominators } from './dominators'
import { analyzeForks } from './fork-blocks'
import { reachableFromTriggers } from './reachability'
import { findLoops } from './strongly-connected'
import { buildGraph, successorsOf } from './workflow-graph'

const graphOf = (input: WorkflowDocumentInput) => buildGraph(WorkflowDocument.parse(input))

/** start → check ⟨ok → done | redo → fix → check⟩; check may fail → failed → done. */
const rework = graphOf(
  workflow(
    [
      trigger('start'),
      step('check'),
      decision('ok', ['redo', 'fine']),
      step('fix'),
      exception('failed', 'check'),
      end('done'),
      step('orphan'),
    ],
    [
      ...chain('start', 'check', 'ok'),
      edge('ok', 'fix', 'redo'),
      edge('ok', 'done', 'fine'),
      edge('fix', 'check'),
      edge('failed', 'done'),
      edge('orphan', 'done'),
    ],
  ),
)

describe('graph helpers', () => {
  it('count a step’s exceptions among its successors', () => {
    expect(successorsOf(rework, 'check')).toEqual(['ok', 'failed'])
  })

  it('find what a trigger can reach', () => {
    expect([...reachableFromTriggers(rework)].sort()).toEqual([
      'check',
      'done',
      'failed',
      'fix',
      'ok',
      'start',
    ])
  })

  it('find dominators through loops', () => {
    const dominators = computeDominators(rework, ['start'])
    expect(dominators.dominates('check', 'fix')).toBe(true)
    expect(dominators.dominates('fix', 'check')).toBe(false)
    expect(dominators.dominates('ok', 'done')).toBe(false)
    expect(dominators.immediateDominator('done')).toBe('check')
    expect(dominators.immediateDominator('start')).toBeUndefined()
    expect(dominators.depth('start')).toBe(1)
    expect(dominators.depth('orphan')).toBe(0)
    expect(dominators.dominates('orphan', 'orphan')).toBe(false)
  })

  it('find loops, in document order', () => {
    expect(findLoops(rework)).toEqual([['check', 'ok', 'fix']])
  })

  it('describe parallel blocks: the join of each fork and the branch of each node', () => {
    const graph = graphOf(
      workflow(
        [
          trigger('start'),
          fork('split'),
          step('a'),
          fork('inner'),
          step('b'),
          step('c'),
          join('innerJoin'),
          join('meet'),
          end('done'),
        ],
        [
          ...chain('start', 'split', 'a', 'inner', 'b', 'innerJoin', 'meet', 'done'),
          ...chain('inner', 'c', 'innerJoin'),
          edge('split', 'meet'),
        ],
      ),
    )
    const { blocks, regionOf, problems } = analyzeForks(graph)
    expect(problems).toEqual([])
    expect(blocks.get('split')).toEqual({
      fork: 'split',
      join: 'meet',
      regions: [
        { edgeId: 'split-a', start: 'a', nodes: ['a', 'inner', 'innerJoin'] },
        { edgeId: 'split-meet', start: 'meet', nodes: [] },
      ],
    })
    expect(regionOf.get('b')).toEqual({ fork: 'inner', edgeId: 'inner-b' })
    expect(regionOf.get('innerJoin')).toEqual({ fork: 'split', edgeId: 'split-a' })
    expect(regionOf.has('meet')).toBe(false)
  })
})
