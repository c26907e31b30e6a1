import { describe, expect, it } from 'vitest'
import { chain, decision, edge, end, step, trigger, workflow } from '../../testing/builders'
import { diagnosticsWithCode } from '../../testing/diagnostics'

const single = (node: ReturnType<typeof step>) =>
  workflow([trigger('start'), node, end('done')], chain('start', node.id, 'done'))

describe('expression checks', () => {
  it('reports a branch condition that does not parse, with its position', () => {
    const choose = decision('choose', ['big', 'small'], {
      branches: [
        { id: 'big', label: 'Big', condition: 'amount > ' },
        { id: 'small', label: 'Small' },
      ],
      defaultBranch: 'small',
    })
    const document = workflow(
      [trigger('start'), choose, end('done')],
      [edge('start', 'choose'), edge('choose', 'done', 'big'), edge('choose', 'done', 'small')],
    )
    const [diagnostic] = diagnosticsWithCode(document, 'expression.invalid')
    expect(diagnostic).toMatchObject({
      nodeId: 'choose',
      path: ['nodes', 1, 'data', 'branches', 0, 'condition'],
      position: { offset: 8, line: 1, column: 9 },
    })
    expect(diagnostic?.message).toContain('condition of branch "Big"')
  })

  it('checks every expression of an automated step', () => {
    const http = step('call', {
      automate: {
        connector: { kind: 'http', url: 'https://example.test', body: '{ "a": ', response: 'body.(' },
      },
      output: '$sum(1,',
    })
    const paths = diagnosticsWithCode(single(http), 'expression.invalid').map((d) =>
      d.path.slice(2).join('.'),
    )
    expect(paths).toEqual(['data.output', 'data.automate.connector.body', 'data.automate.connector.response'])
    const transform = step('shape', { automate: { connector: { kind: 'transform', expression: 'a ~ b' } } })
    expect(diagnosticsWithCode(single(transform), 'expression.invalid')[0]?.message).toContain(
      'Unknown operator',
    )
    const wait = step('wait', { automate: { connector: { kind: 'delay', until: '$now(' } } })
    expect(diagnosticsWithCode(single(wait), 'expression.invalid')[0]?.path).toEqual([
      'nodes',
      1,
      'data',
      'automate',
      'connector',
      'until',
    ])
  })

  it('accepts valid expressions', () => {
    const transform = step('shape', {
      automate: { connector: { kind: 'transform', expression: '$sum(items.price)' } },
    })
    expect(diagnosticsWithCode(single(transform), 'expression.invalid')).toEqual([])
  })
})
