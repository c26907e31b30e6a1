import { describe, expect, it } from 'vitest'
import { WorkflowDocument } from '../model'
import { chain, end, httpStep, step, trigger, workflow } from '../testing/builders'
import { compileDocument } from './compile-document'
import { describeCompiledDiff, diffCompiled, isEmptyDiff } from './compiled-diff'

const compiled = (nodes: Parameters<typeof workflow>[0], ids: string[]) =>
  compileDocument(WorkflowDocument.parse(workflow(nodes, chain(...ids))))

const claims = () =>
  compiled(
    [trigger('received'), step('check', { label: 'Check claim' }), end('done')],
    ['received', 'check', 'done'],
  )

describe('diffCompiled', () => {
  it('a first deploy adds every node', () => {
    const diff = diffCompiled(undefined, claims())
    expect(diff.added.map((node) => [node.id, node.kind, node.label])).toEqual([
      ['check', 'step', 'Check claim'],
      ['done', 'end', 'done'],
      ['received', 'trigger', 'received'],
    ])
    expect(diff.removed).toEqual([])
    expect(diff.changed).toEqual([])
  })

  it('names added, removed and changed nodes and what changed in them', () => {
    const before = claims()
    const after = compiled(
      [
        trigger('received'),
        step('check', {
          label: 'Check claim',
          automate: { connector: { kind: 'transform', expression: '{ "checked": true }' } },
        }),
        httpStep('pay', 'https://payouts.example.com/pay'),
        end('paid'),
      ],
      ['received', 'check', 'pay', 'paid'],
    )
    const diff = diffCompiled(before, after)
    expect(diff.added.map((node) => node.id)).toEqual(['paid', 'pay'])
    expect(diff.removed.map((node) => node.id)).toEqual(['done'])
    expect(diff.changed).toEqual([
      { id: 'check', kind: 'step', label: 'Check claim', what: ['automate', 'transitions'] },
    ])
    expect(describeCompiledDiff(diff)).toEqual([
      "Added end 'paid'",
      "Added step 'pay'",
      "Changed 'Check claim' (automate, transitions)",
      "Removed end 'done'",
    ])
  })

  it('lists the nodes in the order they were drawn when given, else by id', () => {
    const order = ['received', 'check', 'done']
    expect(diffCompiled(undefined, claims(), order).added.map((node) => node.id)).toEqual(order)
  })

  it('the same workflow redeployed changes nothing', () => {
    expect(isEmptyDiff(diffCompiled(claims(), claims()))).toBe(true)
  })
})
