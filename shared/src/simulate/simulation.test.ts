import { describe, expect, it } from 'vitest'
import { compileDocument } from '../compiler/compile-document'
import type { CompiledWorkflow } from '../compiler/compiled'
import { WorkflowDocument, type WorkflowDocumentInput } from '../model'
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
import { saveResultInto } from './implementations'
import { simulate } from './simulation'

const compiled = (input: WorkflowDocumentInput): CompiledWorkflow =>
  compileDocument(WorkflowDocument.parse(input))

/** Receive → check → decide: approve → pay → paid, reject → rejected; pay may fail → failed. */
const approval = compiled(
  workflow(
    [
      trigger('received'),
      trigger('imported', { start: { kind: 'webhook' } }),
      humanStep('check'),
      decision('verdict', ['reject', 'approve']),
      step('pay'),
      exception('payFailed', 'pay'),
      end('paid'),
      end('rejected', 'rejected'),
      end('failed', 'failed'),
    ],
    [
      ...chain('received', 'check', 'verdict'),
      edge('imported', 'check'),
      edge('verdict', 'pay', 'approve'),
      edge('verdict', 'rejected', 'reject'),
      ...chain('pay', 'paid'),
      edge('payFailed', 'failed'),
    ],
  ),
)

describe('simulate', () => {
  it('waits for a START naming one of its triggers', () => {
    const run = simulate(approval)
    expect(run.activeNodes()).toEqual([])
    expect(run.can({ type: 'START', trigger: 'nope' })).toBe(false)
    run.start('imported', { amount: 120 })
    expect(run.activeNodes()).toEqual(['imported'])
    expect(run.data).toEqual({ amount: 120 })
  })

  it('follows the approve branch to its end', () => {
    const run = simulate(approval)
    run.start('received', { amount: 120 })
    run.complete('received')
    run.complete('check', { checkedBy: 'ana' })
    expect(run.can({ type: 'DECIDE', nodeId: 'verdict', branch: 'maybe' })).toBe(false)
    run.decide('verdict', 'approve')
    run.complete('pay', 'tx-1')
    expect(run.done).toBe(true)
    expect(run.finalNode).toBe('paid')
    expect(run.outcome).toBe('completed')
    expect(run.path).toEqual(['received', 'check', 'verdict', 'pay', 'paid'])
    expect(run.data).toEqual({ amount: 120, checkedBy: 'ana', pay: 'tx-1' })
  })

  it('follows the reject branch to its end', () => {
    const run = simulate(approval)
    run.start('received')
    run.complete('received')
    run.complete('check')
    run.decide('verdict', 'reject')
    expect(run.outcome).toBe('rejected')
    expect(run.path).toEqual(['received', 'check', 'verdict', 'rejected'])
  })

  it('leaves a failed step through its exception', () => {
    const run = simulate(approval)
    run.start('received')
    run.complete('received')
    run.complete('check')
    run.decide('verdict', 'approve')
    expect(run.can({ type: 'STEP_TIMEOUT', nodeId: 'pay' })).toBe(false)
    run.send({ type: 'STEP_FAILED', nodeId: 'pay', error: 'bank unreachable' })
    expect(run.activeNodes()).toEqual(['payFailed'])
    run.complete('payFailed')
    expect(run.outcome).toBe('failed')
  })

  it('lists what each waiting node reacts to', () => {
    const run = simulate(approval)
    run.start('received')
    run.complete('received')
    run.complete('check')
    expect(run.waiting()).toEqual([
      {
        nodeId: 'verdict',
        node: approval.manifest.nodes.verdict,
        events: [
          { type: 'DECIDE', nodeId: 'verdict', branch: 'reject' },
          { type: 'DECIDE', nodeId: 'verdict', branch: 'approve' },
        ],
      },
    ])
    run.decide('verdict', 'approve')
    expect(run.waiting().map((waiting) => waiting.events)).toEqual([
      [
        { type: 'STEP_DONE', nodeId: 'pay' },
        { type: 'STEP_FAILED', nodeId: 'pay', error: 'failed' },
      ],
    ])
    run.complete('pay')
    expect(run.waiting()).toEqual([])
  })

  it('ignores events for nodes that are not active', () => {
    const run = simulate(approval)
    run.start('received')
    run.complete('check')
    expect(run.activeNodes()).toEqual(['received'])
  })

  it('can be cancelled at any point', () => {
    const run = simulate(approval)
    run.start('received')
    run.complete('received')
    run.send({ type: 'CANCEL' })
    expect(run.done).toBe(true)
    expect(run.finalNode).toBe('$cancelled')
    expect(run.outcome).toBe('cancelled')
  })

  it('goes round a rework loop until the check passes', () => {
    const run = simulate(
      compiled(
        workflow(
          [
            trigger('start'),
            humanStep('draft'),
            humanStep('review'),
            decision('ok', ['redo', 'fine']),
            end('done'),
          ],
          [
            ...chain('start', 'draft', 'review', 'ok'),
            edge('ok', 'draft', 'redo'),
            edge('ok', 'done', 'fine'),
          ],
        ),
      ),
    )
    run.start('start')
    run.complete('start')
    for (let round = 0; round < 2; round++) {
      run.complete('draft')
      run.complete('review')
      run.decide('ok', 'redo')
    }
    run.complete('draft')
    run.complete('review')
    run.decide('ok', 'fine')
    expect(run.outcome).toBe('completed')
    expect(run.path.filter((id) => id === 'draft')).toHaveLength(3)
  })
})

describe('simulate parallel work', () => {
  /** split → (a → inner fork (b, c) → innerJoin) and (d → check: stop → halted | go) → meet → done. */
  const parallel = compiled(
    workflow(
      [
        trigger('start'),
        fork('split'),
        step('a'),
        fork('inner'),
        step('b'),
        step('c'),
        join('innerJoin'),
        step('d'),
        decision('check', ['stop', 'go']),
        join('meet'),
        end('done'),
        end('halted', 'cancelled'),
      ],
      [
        ...chain('start', 'split', 'a', 'inner', 'b', 'innerJoin', 'meet', 'done'),
        ...chain('inner', 'c', 'innerJoin'),
        ...chain('split', 'd', 'check'),
        edge('check', 'halted', 'stop'),
        edge('check', 'meet', 'go'),
      ],
    ),
  )

  it('runs nested branches side by side and meets at each join', () => {
    const run = simulate(parallel)
    run.start('start')
    run.complete('start')
    expect(run.activeNodes()).toEqual(['split', 'a', 'd'])
    run.complete('a')
    expect(run.activeNodes()).toEqual(['split', 'inner', 'b', 'c', 'd'])
    run.complete('c')
    run.complete('b')
    expect(run.activeNodes()).toEqual(['split', 'innerJoin', 'd'])
    run.complete('innerJoin')
    expect(run.activeNodes()).toEqual(['split', 'd'])
    run.complete('d')
    run.decide('check', 'go')
    expect(run.activeNodes()).toEqual(['meet'])
    run.complete('meet')
    expect(run.outcome).toBe('completed')
    expect(run.path).toEqual([
      'start',
      'split',
      'a',
      'd',
      'inner',
      'b',
      'c',
      'innerJoin',
      'check',
      'meet',
      'done',
    ])
  })

  it('finishes the whole instance when a branch reaches an end', () => {
    const run = simulate(parallel)
    run.start('start')
    run.complete('start')
    run.complete('d')
    run.decide('check', 'stop')
    expect(run.done).toBe(true)
    expect(run.finalNode).toBe('halted')
    expect(run.outcome).toBe('cancelled')
  })

  it('lets an exception inside a branch lead on to the join', () => {
    const run = simulate(
      compiled(
        workflow(
          [
            trigger('start'),
            fork('split'),
            step('a'),
            exception('aFailed', 'a'),
            step('b'),
            join('meet'),
            end('done'),
          ],
          [
            ...chain('start', 'split', 'a', 'meet', 'done'),
            ...chain('split', 'b', 'meet'),
            edge('aFailed', 'meet'),
          ],
        ),
      ),
    )
    run.start('start')
    run.complete('start')
    run.send({ type: 'STEP_FAILED', nodeId: 'a', error: 'down' })
    expect(run.activeNodes()).toEqual(['split', 'aFailed', 'b'])
    run.complete('aFailed')
    run.complete('b')
    expect(run.activeNodes()).toEqual(['meet'])
    run.complete('meet')
    expect(run.outcome).toBe('completed')
  })

  it('works when a node has the same id as the workflow', () => {
    const run = simulate(
      compiled(
        workflow(
          [trigger('start'), step('test-workflow'), end('done')],
          chain('start', 'test-workflow', 'done'),
        ),
      ),
    )
    run.start('start')
    run.complete('start')
    expect(run.activeNodes()).toEqual(['test-workflow'])
    run.complete('test-workflow')
    expect(run.outcome).toBe('completed')
  })
})

describe('saveResultInto', () => {
  const data = { amount: 5 }
  it('puts the result under saveAs when given', () => {
    expect(saveResultInto(data, { ok: true }, { nodeId: 'n', saveAs: 'check' })).toEqual({
      amount: 5,
      check: { ok: true },
    })
  })
  it('merges a plain object in', () => {
    expect(saveResultInto(data, { amount: 6, ok: true }, { nodeId: 'n' })).toEqual({ amount: 6, ok: true })
  })
  it('keeps any other result under the node id', () => {
    expect(saveResultInto(data, [1, 2], { nodeId: 'n' })).toEqual({ amount: 5, n: [1, 2] })
    expect(saveResultInto(data, 'text', { nodeId: 'n' })).toEqual({ amount: 5, n: 'text' })
  })
  it('leaves the data alone when there is no result', () => {
    expect(saveResultInto(data, undefined, { nodeId: 'n', saveAs: 'x' })).toBe(data)
  })
})
