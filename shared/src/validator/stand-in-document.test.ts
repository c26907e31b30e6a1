import { describe, expect, it } from 'vitest'
import { chain, decision, edge, end, humanStep, step, trigger, workflow } from '../testing/builders'
import { diagnosticsWithCode, errorCodes } from '../testing/diagnostics'
import { validateDocument } from './validate-document'

/** start → work → done, plus `lost`, a step nothing leads to. */
function withUnreachableStep() {
  return workflow(
    [trigger('start'), step('work'), end('done'), step('lost')],
    [...chain('start', 'work', 'done'), edge('lost', 'done')],
  )
}

describe('checking a document one field of which is not yet valid', () => {
  it('still finds flow problems elsewhere when a node name was cleared', () => {
    const document = withUnreachableStep()
    document.nodes[1]!.data.label = ''
    const { diagnostics, document: parsed } = validateDocument(document)
    expect(parsed).toBeUndefined()
    expect(diagnostics.map((d) => [d.code, d.nodeId])).toEqual([
      ['document.schema', 'work'],
      ['node.unreachable', 'lost'],
    ])
  })

  it('still finds them while a duration is half written', () => {
    const document = withUnreachableStep()
    document.nodes[1] = step('work', { sla: { within: '4' } })
    expect(errorCodes(document)).toEqual(['document.schema', 'node.unreachable'])
  })

  it('says nothing about the stand-in itself, e.g. that a placeholder expression is wrong', () => {
    const document = workflow(
      [trigger('start'), step('work', { automate: { connector: { kind: 'transform', expression: '' } } })],
      [...chain('start', 'work'), edge('work', 'work')],
    )
    const codes = validateDocument(document).diagnostics.map((d) => d.code)
    expect(codes).toContain('document.schema')
    expect(codes).not.toContain('expression.invalid')
    expect(codes).not.toContain('edge.self-loop') // the self-loop belongs to the node being fixed
  })

  it('does not take the fields of a node being fixed for missing', () => {
    const document = workflow(
      [
        trigger('start', { input: { fields: [{ id: 'amount', label: 'Amount', type: 'number' }] } }),
        humanStep('sort', { human: { form: { fields: [{ id: 'choice', label: 'Choice', type: 'text' }] } } }),
        decision('route', ['a', 'b']),
        end('done'),
      ],
      [...chain('start', 'sort', 'route'), edge('route', 'done', 'a'), edge('route', 'done', 'b')],
    )
    expect(diagnosticsWithCode(document, 'expression.unknown-field')).toEqual([])
    Object.assign(document.nodes[1]!.data, { mode: 'robot' })
    expect(errorCodes(document)).toEqual(['document.schema'])
    expect(diagnosticsWithCode(document, 'expression.unknown-field')).toEqual([])
  })

  it('reports problems of connections that are not being fixed', () => {
    const document = withUnreachableStep()
    document.nodes[1]!.data.label = ''
    document.edges.push(edge('done', 'ghost'))
    expect(errorCodes(document)).toEqual(['document.schema', 'edge.missing-target', 'node.unreachable'])
  })

  it('falls back to the schema findings alone when no placeholder is safe (an unknown kind)', () => {
    const document = withUnreachableStep()
    ;(document.nodes[1] as { type: string }).type = 'robot'
    expect(errorCodes(document)).toEqual(['document.schema'])
  })

  it('does not guess an id that others refer to', () => {
    const document = withUnreachableStep()
    document.nodes[1]!.id = '1-work'
    expect(errorCodes(document).filter((code) => code !== 'document.schema')).toEqual([])
  })

  it('leaves the input untouched', () => {
    const document = withUnreachableStep()
    document.nodes[1]!.data.label = ''
    const before = JSON.stringify(document)
    validateDocument(document)
    expect(JSON.stringify(document)).toBe(before)
  })
})
