import { describe, expect, it } from 'vitest'
import {
  chain,
  decision,
  edge,
  end,
  exception,
  fork,
  join,
  step,
  trigger,
  workflow,
} from '../../testing/builders'
import { diagnosticsWithCode } from '../../testing/diagnostics'

describe('connection checks', () => {
  it('reports connections from or to nodes that do not exist', () => {
    const document = workflow(
      [trigger('start'), step('work'), end('done')],
      [...chain('start', 'work', 'done'), edge('ghost', 'work'), edge('work', 'nowhere')],
    )
    expect(diagnosticsWithCode(document, 'edge.missing-source')[0]).toMatchObject({
      edgeId: 'ghost-work',
      path: ['edges', 2, 'source'],
    })
    expect(diagnosticsWithCode(document, 'edge.missing-target')[0]).toMatchObject({
      edgeId: 'work-nowhere',
      path: ['edges', 3, 'target'],
    })
  })

  it('reports a connection from a node to itself', () => {
    const choose = decision('choose', ['again', 'done'])
    const document = workflow(
      [trigger('start'), choose, end('done')],
      [edge('start', 'choose'), edge('choose', 'choose', 'again'), edge('choose', 'done', 'done')],
    )
    expect(diagnosticsWithCode(document, 'edge.self-loop')[0]).toMatchObject({
      edgeId: 'choose-choose-again',
      nodeId: 'choose',
    })
  })
})

describe('entry and exit checks', () => {
  it('reports a node that leads nowhere', () => {
    const document = workflow([trigger('start'), step('work'), end('done')], chain('start', 'work'))
    const [diagnostic] = diagnosticsWithCode(document, 'node.dead-end')
    expect(diagnostic).toMatchObject({ nodeId: 'work', path: ['nodes', 1] })
    expect(diagnostic?.message).toBe('Step "work" leads nowhere.')
  })

  it('reports a step with two ways out', () => {
    const document = workflow(
      [trigger('start'), step('work'), end('done'), end('other')],
      [...chain('start', 'work', 'done'), edge('work', 'other')],
    )
    expect(diagnosticsWithCode(document, 'node.too-many-exits')[0]).toMatchObject({ nodeId: 'work' })
  })

  it('allows several ways out of a fork', () => {
    const document = workflow(
      [trigger('start'), fork('split'), step('a'), step('b'), join('meet'), end('done')],
      [...chain('start', 'split', 'a', 'meet', 'done'), ...chain('split', 'b', 'meet')],
    )
    expect(diagnosticsWithCode(document, 'node.too-many-exits')).toEqual([])
  })

  it('reports a connection leaving an end', () => {
    const document = workflow([trigger('start'), end('done'), step('after')], chain('start', 'done', 'after'))
    expect(diagnosticsWithCode(document, 'end.has-outgoing')[0]).toMatchObject({
      nodeId: 'done',
      edgeId: 'done-after',
    })
  })

  it('reports a connection into a trigger', () => {
    const document = workflow(
      [trigger('start'), step('work'), decision('again', ['yes', 'no']), end('done')],
      [
        ...chain('start', 'work'),
        edge('work', 'again'),
        edge('again', 'start', 'yes'),
        edge('again', 'done', 'no'),
      ],
    )
    expect(diagnosticsWithCode(document, 'trigger.has-incoming')[0]).toMatchObject({
      nodeId: 'start',
      edgeId: 'again-start-yes',
      path: ['edges', 2, 'target'],
    })
  })

  it('reports a connection into an exception', () => {
    const document = workflow(
      [trigger('start'), step('work'), exception('failed', 'work'), end('done')],
      [...chain('start', 'work', 'done'), edge('failed', 'done'), edge('start', 'failed')],
    )
    expect(diagnosticsWithCode(document, 'exception.has-incoming')[0]).toMatchObject({
      nodeId: 'failed',
      edgeId: 'start-failed',
    })
  })
})
