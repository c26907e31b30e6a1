import { describe, expect, it } from 'vitest'
import { chain, edge, end, exception, humanStep, step, trigger, workflow } from '../../testing/builders'
import { diagnosticsWithCode } from '../../testing/diagnostics'

const withExceptions = (...exceptions: ReturnType<typeof exception>[]) =>
  workflow(
    [
      trigger('start'),
      humanStep('review', { sla: { within: '2d' } }),
      step('pay'),
      end('done'),
      end('failed', 'failed'),
      ...exceptions,
    ],
    [...chain('start', 'review', 'pay', 'done'), ...exceptions.map((node) => edge(node.id, 'failed'))],
  )

describe('exception checks', () => {
  it('accepts one exception of each kind on a step', () => {
    const document = withExceptions(
      exception('late', 'review', 'timeout'),
      exception('refused', 'review', 'rejection'),
      exception('broken', 'pay', 'error'),
    )
    expect(diagnosticsWithCode(document, 'exception.duplicate')).toEqual([])
    expect(diagnosticsWithCode(document, 'exception.cannot-happen')).toEqual([])
    expect(diagnosticsWithCode(document, 'node.unreachable')).toEqual([])
  })

  it('reports an exception attached to no step', () => {
    const [missing] = diagnosticsWithCode(
      withExceptions(exception('lost', 'ghost')),
      'exception.not-attached',
    )
    expect(missing).toMatchObject({ nodeId: 'lost', path: ['nodes', 5, 'data', 'attachedTo'] })
    const [onEnd] = diagnosticsWithCode(withExceptions(exception('odd', 'done')), 'exception.not-attached')
    expect(onEnd?.message).toContain('attached to end')
  })

  it('reports two exceptions for the same problem on one step', () => {
    const document = withExceptions(exception('first', 'pay'), exception('second', 'pay'))
    const [diagnostic] = diagnosticsWithCode(document, 'exception.duplicate')
    expect(diagnostic).toMatchObject({ nodeId: 'second', path: ['nodes', 6, 'data', 'on'] })
    expect(diagnostic?.message).toContain('"first"')
  })

  it('warns about a rejection of an automated step and a timeout with no time limit', () => {
    const document = withExceptions(
      exception('refused', 'pay', 'rejection'),
      exception('late', 'pay', 'timeout'),
    )
    const diagnostics = diagnosticsWithCode(document, 'exception.cannot-happen')
    expect(diagnostics.map((d) => [d.nodeId, d.severity])).toEqual([
      ['refused', 'warning'],
      ['late', 'warning'],
    ])
  })

  it('reports a timeout exception on a step whose SLA breach escalates instead', () => {
    const document = workflow(
      [
        trigger('start'),
        humanStep('review', { sla: { within: '2d', escalateTo: 'operations' } }),
        end('done'),
        end('failed', 'failed'),
        exception('late', 'review', 'timeout'),
      ],
      [...chain('start', 'review', 'done'), edge('late', 'failed')],
    )
    const [diagnostic] = diagnosticsWithCode(document, 'sla.escalation-hides-timeout')
    expect(diagnostic).toMatchObject({
      severity: 'error',
      nodeId: 'review',
      path: ['nodes', 1, 'data', 'sla', 'escalateTo'],
    })
    expect(diagnostic?.message).toContain('"late"')
    expect(diagnostic?.message).toContain('the escalation wins')
    expect(diagnostic?.message).toContain('never runs')
  })

  it("says an escalating step's timeout exception still catches its connector timing out", () => {
    const document = workflow(
      [
        trigger('start'),
        step('pay', {
          sla: { within: '1h', escalateTo: 'operations' },
          automate: { connector: { kind: 'transform', expression: '1' }, timeout: '30s' },
        }),
        end('done'),
        end('failed', 'failed'),
        exception('late', 'pay', 'timeout'),
      ],
      [...chain('start', 'pay', 'done'), edge('late', 'failed')],
    )
    const [diagnostic] = diagnosticsWithCode(document, 'sla.escalation-hides-timeout')
    expect(diagnostic?.message).toContain('only when a connector attempt times out')
  })

  it('accepts an escalation beside error and rejection exceptions', () => {
    const document = withExceptions(exception('refused', 'review', 'rejection'))
    const escalating = {
      ...document,
      nodes: document.nodes.map((node) =>
        node.id === 'review' && node.type === 'step'
          ? { ...node, data: { ...node.data, sla: { within: '2d', escalateTo: 'operations' } } }
          : node,
      ),
    }
    expect(diagnosticsWithCode(escalating, 'sla.escalation-hides-timeout')).toEqual([])
  })
})
