import { describe, expect, it } from 'vitest'
import { chain, decision, edge, end, fork, join, step, trigger, workflow } from '../../testing/builders'
import { diagnosticsWithCode, errorCodes } from '../../testing/diagnostics'

const nodes = (...ids: string[]) =>
  ids.map((id) => {
    if (id.startsWith('fork')) return fork(id)
    if (id.startsWith('join')) return join(id)
    if (id.startsWith('end')) return end(id)
    if (id === 'start') return trigger(id)
    return step(id)
  })

describe('parallel block checks', () => {
  it('accepts nested forks, and a branch that may finish early at an end', () => {
    const document = workflow(
      [
        ...nodes('start', 'fork1', 'a', 'fork2', 'b', 'c', 'join2', 'd', 'join1', 'end1', 'end2'),
        decision('ok', ['stop', 'go']),
      ],
      [
        ...chain('start', 'fork1', 'a', 'fork2', 'b', 'join2', 'join1', 'end1'),
        ...chain('fork2', 'c', 'join2'),
        ...chain('fork1', 'd', 'ok'),
        edge('ok', 'end2', 'stop'),
        edge('ok', 'join1', 'go'),
      ],
    )
    expect(errorCodes(document)).toEqual([])
  })

  it('accepts an empty branch straight to the join', () => {
    const document = workflow(nodes('start', 'fork1', 'a', 'join1', 'end1'), [
      ...chain('start', 'fork1', 'a', 'join1', 'end1'),
      edge('fork1', 'join1'),
    ])
    expect(errorCodes(document)).toEqual([])
  })

  it('reports a fork whose branches never meet', () => {
    const document = workflow(nodes('start', 'fork1', 'a', 'b', 'end1', 'end2'), [
      ...chain('start', 'fork1', 'a', 'end1'),
      ...chain('fork1', 'b', 'end2'),
    ])
    expect(diagnosticsWithCode(document, 'fork.no-join')[0]).toMatchObject({
      nodeId: 'fork1',
      path: ['nodes', 1],
    })
  })

  it('reports a branch that never reaches the join', () => {
    const document = workflow(nodes('start', 'fork1', 'a', 'b', 'join1', 'end1', 'end2'), [
      ...chain('start', 'fork1', 'a', 'join1', 'end1'),
      ...chain('fork1', 'b', 'end2'),
    ])
    expect(diagnosticsWithCode(document, 'fork.branch-without-join')[0]).toMatchObject({
      nodeId: 'fork1',
      edgeId: 'fork1-b',
    })
  })

  it('reports branches ending at different joins', () => {
    const document = workflow(nodes('start', 'fork1', 'a', 'b', 'join1', 'join2', 'end1'), [
      ...chain('start', 'fork1', 'a', 'join1', 'end1'),
      ...chain('fork1', 'b', 'join2', 'end1'),
    ])
    const [diagnostic] = diagnosticsWithCode(document, 'fork.joins-differ')
    expect(diagnostic?.nodeId).toBe('fork1')
    expect(diagnostic?.message).toContain('"join1", "join2"')
  })

  it('reports branches that cross into each other', () => {
    const document = workflow(nodes('start', 'fork1', 'a', 'b', 'c', 'join1', 'end1'), [
      ...chain('start', 'fork1', 'a', 'c', 'join1', 'end1'),
      ...chain('fork1', 'b', 'c'),
    ])
    expect(diagnosticsWithCode(document, 'fork.branch-crossed').map((d) => d.nodeId)).toContain('c')
  })

  it('reports a loop from after the join back into a branch', () => {
    const document = workflow(
      [...nodes('start', 'fork1', 'a', 'b', 'join1', 'end1'), decision('again', ['redo', 'fine'])],
      [
        ...chain('start', 'fork1', 'a', 'join1', 'again'),
        ...chain('fork1', 'b', 'join1'),
        edge('again', 'a', 'redo'),
        edge('again', 'end1', 'fine'),
      ],
    )
    expect(diagnosticsWithCode(document, 'fork.branch-crossed')[0]?.nodeId).toBe('a')
  })

  it('accepts a rework loop around the whole block', () => {
    const document = workflow(
      [...nodes('start', 'prepare', 'fork1', 'a', 'b', 'join1', 'end1'), decision('again', ['redo', 'fine'])],
      [
        ...chain('start', 'prepare', 'fork1', 'a', 'join1', 'again'),
        ...chain('fork1', 'b', 'join1'),
        edge('again', 'prepare', 'redo'),
        edge('again', 'end1', 'fine'),
      ],
    )
    expect(errorCodes(document)).toEqual([])
  })

  it('reports a connection into the join from outside the fork', () => {
    const document = workflow(
      [...nodes('start', 'fork1', 'a', 'b', 'join1', 'end1'), decision('first', ['skip', 'go'])],
      [
        ...chain('start', 'first'),
        edge('first', 'join1', 'skip'),
        edge('first', 'fork1', 'go'),
        ...chain('fork1', 'a', 'join1', 'end1'),
        ...chain('fork1', 'b', 'join1'),
      ],
    )
    expect(diagnosticsWithCode(document, 'join.entered-from-outside')[0]).toMatchObject({
      nodeId: 'join1',
      edgeId: 'first-join1-skip',
    })
  })

  it('reports two forks ending at one join', () => {
    const document = workflow(
      [
        ...nodes('start', 'fork1', 'fork2', 'a', 'b', 'c', 'd', 'join1', 'end1'),
        decision('which', ['one', 'two']),
      ],
      [
        ...chain('start', 'which'),
        edge('which', 'fork1', 'one'),
        edge('which', 'fork2', 'two'),
        ...chain('fork1', 'a', 'join1', 'end1'),
        ...chain('fork1', 'b', 'join1'),
        ...chain('fork2', 'c', 'join1'),
        ...chain('fork2', 'd', 'join1'),
      ],
    )
    expect(diagnosticsWithCode(document, 'join.shared')[0]).toMatchObject({ nodeId: 'join1' })
  })

  it('reports a join that closes no fork, and a join with one way in', () => {
    const document = workflow(nodes('start', 'a', 'join1', 'end1'), chain('start', 'a', 'join1', 'end1'))
    expect(diagnosticsWithCode(document, 'join.without-fork')[0]?.nodeId).toBe('join1')
    expect(diagnosticsWithCode(document, 'join.single-incoming')[0]?.nodeId).toBe('join1')
  })

  it('warns about a fork with a single branch', () => {
    const document = workflow(
      nodes('start', 'fork1', 'a', 'join1', 'end1'),
      chain('start', 'fork1', 'a', 'join1', 'end1'),
    )
    expect(diagnosticsWithCode(document, 'fork.single-branch')[0]).toMatchObject({
      nodeId: 'fork1',
      severity: 'warning',
    })
  })
})
