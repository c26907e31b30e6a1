import { describe, expect, it } from 'vitest'
import { chain, edge, end, humanStep, step, trigger, workflow, type NodeInput } from '../../testing/builders'
import { diagnosticsWithCode } from '../../testing/diagnostics'

const field = (id: string) => ({ id, label: id, type: 'text' as const })
const started = (fields: string[] = ['amount', 'currency', 'email']) =>
  trigger('start', { input: { fields: fields.map(field) } })

/** A rule decision on `condition`, after the given steps. */
function deciding(condition: string, steps: NodeInput[] = [], start: NodeInput = started()) {
  const route: NodeInput = {
    id: 'route',
    type: 'decision',
    position: { x: 0, y: 0 },
    data: {
      label: 'Route',
      branches: [
        { id: 'big', label: 'Big', condition },
        { id: 'small', label: 'Small' },
      ],
      defaultBranch: 'small',
    },
  }
  return workflow(
    [start, ...steps, route, end('done')],
    [
      ...chain('start', ...steps.map((s) => s.id), 'route'),
      edge('route', 'done', 'big'),
      edge('route', 'done', 'small'),
    ],
  )
}

const unknownFields = (document: unknown) =>
  diagnosticsWithCode(document, 'expression.unknown-field').map((d) => d.message)

describe('field reference checks', () => {
  it('warns about a condition on a field that nothing provides, with the nearest known name', () => {
    const [diagnostic] = diagnosticsWithCode(deciding('amout > 5000'), 'expression.unknown-field')
    expect(diagnostic).toMatchObject({
      severity: 'warning',
      nodeId: 'route',
      path: ['nodes', 1, 'data', 'branches', 0, 'condition'],
      position: { offset: 0, line: 1, column: 1 },
    })
    expect(diagnostic?.message).toBe(
      'The condition of branch "Big" of "Route" (route) reads "amout", but no trigger input, form or step result of this workflow provides "amout", so it is always empty. Did you mean "amount"?',
    )
  })

  it('points at the name inside the expression, and names nothing when no field is close', () => {
    const [diagnostic] = diagnosticsWithCode(deciding('amount > 5 and total > 1'), 'expression.unknown-field')
    expect(diagnostic?.position).toMatchObject({ offset: 15 })
    expect(diagnostic?.message).toContain('provides "total", so it is always empty.')
    expect(diagnostic?.message).not.toContain('Did you mean')
  })

  it('knows the fields of forms, of results written out, and of results saved under a name', () => {
    const steps = [
      humanStep('review', { human: { form: { fields: [field('decision')] } } }),
      step('score', {
        automate: { connector: { kind: 'transform', expression: '{ "score": amount / 10 }' } },
      }),
      step('rate', { automate: { connector: { kind: 'transform', expression: 'amount * 0.2' } } }),
      step('lookup', {
        automate: {
          connector: { kind: 'http', url: 'https://api.example.com/x', response: '{ "risk": body.risk }' },
        },
      }),
      step('fetch', {
        saveAs: 'customer',
        automate: { connector: { kind: 'http', url: 'https://api.example.com/y' } },
      }),
      humanStep('tag', { output: '{ "tagged": true }', human: { form: { fields: [field('label')] } } }),
    ]
    const condition =
      'decision = "ok" and score > 1 and rate > 2 and risk = "low" and customer.vip and tagged and amount > 0'
    expect(unknownFields(deciding(condition, steps))).toEqual([])
    expect(unknownFields(deciding('label = "x"', steps))).toHaveLength(1) // reshaped by its output
  })

  it('knows a scheduled start carries its planned time', () => {
    const scheduled = trigger('start', { start: { kind: 'schedule', cron: '0 9 * * 1' } })
    expect(unknownFields(deciding('scheduledAt > "2026"', [], scheduled))).toEqual([])
    expect(unknownFields(deciding('scheduledAtt > "2026"', [], scheduled))[0]).toContain(
      'Did you mean "scheduledAt"?',
    )
  })

  it('says nothing where fields nobody declares may be in the data', () => {
    // A start without an input form takes any input.
    expect(unknownFields(deciding('amout > 5000', [], trigger('start')))).toEqual([])
    // An http answer saved as it comes may hold any field, from that step on...
    const call = step('call', { automate: { connector: { kind: 'http', url: 'https://api.example.com' } } })
    expect(unknownFields(deciding('amout > 5000', [call]))).toEqual([])
    // ...and so may a transform whose result keys are not written out.
    const merge = step('merge', {
      automate: { connector: { kind: 'transform', expression: '$merge([{ "x": amount }, { "y": 1 }])' } },
    })
    expect(unknownFields(deciding('amout > 5000', [merge]))).toEqual([])
  })

  it('still warns before a step that brings in undeclared fields', () => {
    const document = workflow(
      [
        started(),
        step('prepare', { automate: { connector: { kind: 'transform', expression: '{ "total": amout }' } } }),
        step('call', { automate: { connector: { kind: 'http', url: 'https://api.example.com' } } }),
        step('after', { automate: { connector: { kind: 'transform', expression: '{ "x": anything }' } } }),
        end('done'),
      ],
      chain('start', 'prepare', 'call', 'after', 'done'),
    )
    expect(diagnosticsWithCode(document, 'expression.unknown-field').map((d) => d.nodeId)).toEqual([
      'prepare',
    ])
  })

  it('does not take functions, variables, strings, the context or values inside lists for fields', () => {
    const condition =
      '$sum(items.price) > $$.amount and $x = "amout" and $string($now()) != "" and ' +
      'items[prize > 1] and $map(items, function($i) { $i.cost * amount }) and $.currency = "EUR"'
    expect(unknownFields(deciding(condition, [], started(['amount', 'currency', 'items'])))).toEqual([])
  })

  it('reads $$ as the whole instance data', () => {
    expect(unknownFields(deciding('$$.amout > 1'))[0]).toContain('reads "amout"')
  })

  it('leaves an expression that does not parse to its own error', () => {
    const document = deciding('amout >')
    expect(diagnosticsWithCode(document, 'expression.invalid')).toHaveLength(1)
    expect(unknownFields(document)).toEqual([])
  })

  it('knows a request body reads the instance as data', () => {
    const calling = (body: string) =>
      workflow(
        [
          started(),
          step('send', { automate: { connector: { kind: 'http', url: 'https://api.example.com', body } } }),
          end('done'),
        ],
        chain('start', 'send', 'done'),
      )
    expect(unknownFields(calling('{ "to": data.email, "amount": data.amount }'))).toEqual([])
    const [bare] = diagnosticsWithCode(calling('{ "to": email }'), 'expression.unknown-field')
    expect(bare?.message).toBe(
      'The request body of "send" reads "email", but it is computed from { data }, which has no "email". Did you mean "data.email"?',
    )
    expect(bare?.hint).toContain('data.<field>')
    expect(unknownFields(calling('{ "to": data.emial }'))[0]).toContain(
      'reads "data.emial", but no trigger input, form or step result of this workflow provides "emial", so it is always empty. Did you mean "data.email"?',
    )
  })

  it('knows a response mapping reads status, headers and body, and an output mapping data and result', () => {
    const mapping = (response: string, output: string) =>
      workflow(
        [
          started(),
          step('call', {
            output,
            automate: { connector: { kind: 'http', url: 'https://api.example.com', response } },
          }),
          end('done'),
        ],
        chain('start', 'call', 'done'),
      )
    expect(
      unknownFields(
        mapping('{ "ok": status = 200, "id": body.id }', '{ "id": result.id, "a": data.amount }'),
      ),
    ).toEqual([])
    const messages = unknownFields(mapping('{ "id": bdy.id }', '{ "id": reslt.id }'))
    expect(messages).toHaveLength(2)
    expect(messages[0]).toContain(
      'computed from { data, result }, which has no "reslt". Did you mean "result"?',
    )
    expect(messages[1]).toContain(
      'computed from the response ({ status, headers, body }), which has no "bdy". Did you mean "body"?',
    )
  })
})
