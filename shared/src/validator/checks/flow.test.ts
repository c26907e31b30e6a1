import { describe, expect, it } from 'vitest'
import { chain, decision, edge, end, exception, step, trigger, workflow } from '../../testing/builders'
import { diagnosticsWithCode, errorCodes } from '../../testing/diagnostics'

describe('flow checks', () => {
  it('reports nodes no trigger leads to', () => {
    const document = workflow(
      [trigger('start'), step('work'), end('done'), step('orphan'), step('orphan2')],
      [...chain('start', 'work', 'done'), ...chain('orphan', 'orphan2', 'done')],
    )
    expect(diagnosticsWithCode(document, 'node.unreachable').map((d) => d.nodeId)).toEqual([
      'orphan',
      'orphan2',
    ])
  })

  it('counts an exception as reachable through its step', () => {
    const document = workflow(
      [trigger('start'), step('work'), end('done'), exception('failed', 'work'), end('stopped', 'failed')],
      [...chain('start', 'work', 'done'), edge('failed', 'stopped')],
    )
    expect(errorCodes(document)).toEqual([])
  })

  it('reports only the exception when it is attached to something other than a step', () => {
    // Its own error says what is wrong; the exception and the path behind it are not reported
    // again as unreachable.
    const document = workflow(
      [
        trigger('start'),
        decision('ok', ['yes', 'no']),
        end('done'),
        exception('failed', 'ok'),
        step('tidy-up'),
        end('stopped', 'failed'),
      ],
      [
        ...chain('start', 'ok'),
        edge('ok', 'done', 'yes'),
        edge('ok', 'done', 'no'),
        ...chain('failed', 'tidy-up', 'stopped'),
      ],
    )
    expect(errorCodes(document)).toEqual(['exception.not-attached'])
  })

  it('still reports a node behind a misattached exception that nothing else leads to', () => {
    const document = workflow(
      [trigger('start'), step('work'), end('done'), exception('failed', 'ghost'), step('orphan')],
      [...chain('start', 'work', 'done'), edge('failed', 'done'), edge('orphan', 'done')],
    )
    expect(diagnosticsWithCode(document, 'node.unreachable').map((d) => d.nodeId)).toEqual(['orphan'])
  })

  it('accepts a rework loop with a way out', () => {
    const document = workflow(
      [trigger('start'), step('prepare'), step('check'), decision('ok', ['redo', 'fine']), end('done')],
      [
        ...chain('start', 'prepare', 'check', 'ok'),
        edge('ok', 'prepare', 'redo'),
        edge('ok', 'done', 'fine'),
      ],
    )
    expect(errorCodes(document)).toEqual([])
  })

  it('reports a loop with no way out, naming its steps', () => {
    const document = workflow(
      [trigger('start'), step('a'), step('b'), step('c'), end('done'), exception('failed', 'b')],
      [...chain('start', 'a', 'b', 'c', 'a'), edge('failed', 'done')],
    )
    const [diagnostic] = diagnosticsWithCode(document, 'loop.no-exit')
    expect(diagnostic).toMatchObject({ nodeId: 'a', severity: 'error' })
    expect(diagnostic?.message).toBe('Work going round "a", "b", "c" can never leave that loop.')
  })
})
