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
})
