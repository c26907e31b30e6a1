import { describe, expect, it } from 'vitest'
import { chain, decision, edge, end, humanStep, step, trigger, workflow } from '../../testing/builders'
import { diagnosticsWithCode } from '../../testing/diagnostics'

describe('id checks', () => {
  it('reports a second node with the same id', () => {
    const document = workflow(
      [trigger('start'), step('work'), step('work'), end('done')],
      chain('start', 'work', 'done'),
    )
    const [diagnostic] = diagnosticsWithCode(document, 'id.duplicate-node')
    expect(diagnostic).toMatchObject({ nodeId: 'work', path: ['nodes', 2, 'id'], severity: 'error' })
    expect(diagnostic?.message).toBe('Nodes 2 and 3 both have the id "work".')
  })

  it('reports a second connection with the same id', () => {
    const edges = chain('start', 'work', 'done')
    edges[1]!.id = edges[0]!.id
    const document = workflow([trigger('start'), step('work'), end('done')], edges)
    expect(diagnosticsWithCode(document, 'id.duplicate-edge')[0]).toMatchObject({
      edgeId: 'start-work',
      path: ['edges', 1, 'id'],
    })
  })

  it('reports a second lane with the same id', () => {
    const document = workflow([trigger('start'), end('done')], chain('start', 'done'), {
      lanes: [
        { id: 'ops', name: 'Ops' },
        { id: 'ops', name: 'Ops again' },
      ],
    })
    expect(diagnosticsWithCode(document, 'id.duplicate-lane')[0]).toMatchObject({ path: ['lanes', 1, 'id'] })
  })

  it('reports two branches of one decision with the same id', () => {
    const choose = decision('choose', ['yes', 'yes'])
    const document = workflow(
      [trigger('start'), choose, end('done')],
      [edge('start', 'choose'), edge('choose', 'done', 'yes')],
    )
    expect(diagnosticsWithCode(document, 'id.duplicate-branch')[0]).toMatchObject({
      nodeId: 'choose',
      path: ['nodes', 1, 'data', 'branches', 1, 'id'],
    })
  })

  it('reports two fields of one form with the same id', () => {
    const field = { id: 'amount', label: 'Amount', type: 'number' as const }
    const review = humanStep('review', { human: { form: { fields: [field, field] } } })
    const document = workflow([trigger('start'), review, end('done')], chain('start', 'review', 'done'))
    expect(diagnosticsWithCode(document, 'id.duplicate-field')[0]).toMatchObject({
      nodeId: 'review',
      path: ['nodes', 1, 'data', 'human', 'form', 'fields', 1, 'id'],
    })
  })
})
