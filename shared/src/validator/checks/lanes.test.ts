import { describe, expect, it } from 'vitest'
import { chain, decision, edge, end, humanStep, step, trigger, workflow } from '../../testing/builders'
import { diagnosticsWithCode } from '../../testing/diagnostics'

const single = (node: ReturnType<typeof step>) =>
  workflow([trigger('start'), node, end('done')], chain('start', node.id, 'done'))

describe('lane checks', () => {
  it('reports a node in a lane that does not exist', () => {
    expect(diagnosticsWithCode(single(step('work', { lane: 'finance' })), 'lane.unknown')[0]).toMatchObject({
      nodeId: 'work',
      path: ['nodes', 1, 'data', 'lane'],
    })
  })

  it('reports work for people with no lane', () => {
    expect(
      diagnosticsWithCode(single(humanStep('review', { lane: undefined })), 'lane.missing')[0],
    ).toMatchObject({
      nodeId: 'review',
      path: ['nodes', 1, 'data', 'lane'],
    })
    const assisted = step('draft', {
      mode: 'augment',
      augment: {
        assistant: { produces: 'draft', instructions: 'Draft a reply', field: 'reply' },
        form: { fields: [{ id: 'reply', label: 'Reply', type: 'longtext' }] },
      },
    })
    expect(diagnosticsWithCode(single(assisted), 'lane.missing')[0]?.nodeId).toBe('draft')
  })

  it('reports a decision made by a person with no lane, but not a rule decision', () => {
    const byPerson = workflow(
      [trigger('start'), decision('choose', ['a', 'b'], { decidedBy: 'person' }), end('done')],
      [edge('start', 'choose'), edge('choose', 'done', 'a'), edge('choose', 'done', 'b')],
    )
    expect(diagnosticsWithCode(byPerson, 'lane.missing')[0]?.nodeId).toBe('choose')
    expect(diagnosticsWithCode(single(step('work')), 'lane.missing')).toEqual([])
  })

  it('reports an SLA escalating to a lane that does not exist', () => {
    const document = single(humanStep('review', { sla: { within: '4h', escalateTo: 'managers' } }))
    expect(diagnosticsWithCode(document, 'sla.unknown-lane')[0]).toMatchObject({
      nodeId: 'review',
      path: ['nodes', 1, 'data', 'sla', 'escalateTo'],
    })
  })
})
