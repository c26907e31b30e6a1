import { describe, expect, it } from 'vitest'
import { compile, compileDocument } from '../compiler/compile-document'
import { WorkflowDocument, nodeKinds } from '../model'
import { activeNodeIds, simulate } from '../simulate/simulation'
import {
  chain,
  decision,
  edge,
  end,
  exception,
  fork,
  humanStep,
  join,
  step,
  trigger,
  workflow,
} from '../testing/builders'
import { exitHandlesOf, kindSpecs, runClassOf } from '.'

/** Every kind once: a person checks, a rule decides, two automated branches run in parallel, one waits. */
const everyKind = compileDocument(
  WorkflowDocument.parse(
    workflow(
      [
        trigger('received'),
        humanStep('check'),
        exception('checkRejected', 'check', 'rejection'),
        decision('route', ['manual', 'auto']),
        decision('ask', ['yes', 'no'], { decidedBy: 'person', lane: 'operations' }),
        fork('split'),
        step('charge'),
        step('pause', { automate: { connector: { kind: 'delay', duration: '1h' } } }),
        join('meet'),
        end('done'),
        end('refused', 'rejected'),
      ],
      [
        ...chain('received', 'check', 'route'),
        edge('route', 'ask', 'manual'),
        edge('route', 'split', 'auto'),
        edge('ask', 'split', 'yes'),
        edge('ask', 'refused', 'no'),
        edge('checkRejected', 'refused'),
        edge('split', 'charge'),
        edge('split', 'pause'),
        ...chain('charge', 'meet', 'done'),
        edge('pause', 'meet'),
      ],
    ),
  ),
)

describe('the kind registry', () => {
  it('has a spec for every kind of the document format', () => {
    expect(Object.keys(kindSpecs).sort()).toEqual([...nodeKinds].sort())
  })

  it('classes what happens at each node for whoever runs it', () => {
    const classes = Object.fromEntries(
      Object.entries(everyKind.manifest.nodes).map(([id, node]) => [id, runClassOf(node)]),
    )
    expect(classes).toEqual({
      received: 'pass-through',
      check: 'person',
      checkRejected: 'pass-through',
      route: 'automatic',
      ask: 'person',
      split: 'idle',
      charge: 'automatic',
      pause: 'clock',
      meet: 'pass-through',
      done: 'idle',
      refused: 'idle',
    })
  })

  it('names the exits of a node: a decision’s branches, one handle otherwise, none for an end', () => {
    const document = WorkflowDocument.parse(
      workflow([decision('route', ['a', 'b']), step('work'), end('done')], []),
    )
    expect(document.nodes.map(exitHandlesOf)).toEqual([['a', 'b'], [null], []])
  })

  it('lists a fork with the nodes inside it as active, or only the innermost nodes', () => {
    const run = simulate(everyKind)
    run.start('received')
    run.complete('received')
    run.complete('check')
    run.decide('route', 'auto')
    expect(run.activeNodes()).toEqual(['split', 'charge', 'pause'])
    const value = { split: { '$branch:split-charge': 'charge', '$branch:split-pause': 'pause' } }
    expect(activeNodeIds(everyKind, value, { leavesOnly: true })).toEqual(['charge', 'pause'])
    expect(run.waiting().map((node) => node.nodeId)).toEqual(['charge', 'pause'])
    run.stop()
  })
})

describe('a note', () => {
  const note = {
    id: 'remember',
    type: 'note' as const,
    position: { x: 0, y: 0 },
    data: { label: 'Ask finance about the limit', description: 'Before we automate the charge.' },
  }
  const withNote = (nodes: ReturnType<typeof trigger>[]) =>
    workflow([...nodes, note], chain('received', 'charge', 'done'))

  it('is saved with the document, and the validator and compiler leave it out of the flow', () => {
    const { compiled, diagnostics } = compile(withNote([trigger('received'), step('charge'), end('done')]))
    expect(diagnostics).toEqual([])
    expect(Object.keys(compiled!.manifest.nodes).sort()).toEqual(['charge', 'done', 'received'])
    expect(compiled!.machine.states).not.toHaveProperty('remember')
    expect(
      WorkflowDocument.parse(withNote([trigger('received'), step('charge'), end('done')])).nodes,
    ).toContainEqual(note)
  })

  it('keeps the positions of the nodes after it in what the validator reports', () => {
    const { diagnostics } = compile(
      workflow([note, trigger('received'), step('charge')], chain('received', 'charge')),
    )
    expect(diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.path])).toEqual([
      ['node.dead-end', ['nodes', 2]],
    ])
  })
})
