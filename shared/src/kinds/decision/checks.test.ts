import { describe, expect, it } from 'vitest'
import { decision, edge, end, trigger, workflow } from '../../testing/builders'
import { diagnosticsWithCode } from '../../testing/diagnostics'

const decide = (data: Parameters<typeof decision>[2], extraEdges: Array<ReturnType<typeof edge>> = []) =>
  workflow(
    [
      trigger('start'),
      decision('choose', ['approve', 'reject'], data),
      end('approved'),
      end('rejected', 'rejected'),
    ],
    [
      edge('start', 'choose'),
      edge('choose', 'approved', 'approve'),
      edge('choose', 'rejected', 'reject'),
      ...extraEdges,
    ],
  )

describe('decision checks', () => {
  it('accepts a rule decision with a default branch', () => {
    expect(diagnosticsWithCode(decide({}), 'decision.rule-without-default')).toEqual([])
  })

  it('makes a missing default an error for rule decisions', () => {
    const [diagnostic] = diagnosticsWithCode(
      decide({ defaultBranch: undefined }),
      'decision.rule-without-default',
    )
    expect(diagnostic).toMatchObject({
      nodeId: 'choose',
      severity: 'error',
      path: ['nodes', 1, 'data', 'defaultBranch'],
    })
  })

  it('makes a missing default a warning when a person decides', () => {
    const document = decide({ defaultBranch: undefined, decidedBy: 'person', lane: 'operations' })
    expect(diagnosticsWithCode(document, 'decision.without-default')[0]).toMatchObject({
      nodeId: 'choose',
      severity: 'warning',
    })
    expect(diagnosticsWithCode(document, 'decision.rule-without-default')).toEqual([])
  })

  it('reports a default that is not a branch', () => {
    expect(
      diagnosticsWithCode(decide({ defaultBranch: 'maybe' }), 'decision.unknown-default')[0],
    ).toMatchObject({
      nodeId: 'choose',
      path: ['nodes', 1, 'data', 'defaultBranch'],
    })
  })

  it('lists a rule branch without its condition as something to set up before it runs', () => {
    const document = decide({
      branches: [
        { id: 'approve', label: 'Approve' },
        { id: 'reject', label: 'Reject' },
      ],
      defaultBranch: 'reject',
    })
    expect(diagnosticsWithCode(document, 'decision.branch-without-condition')[0]).toMatchObject({
      nodeId: 'choose',
      severity: 'error',
      level: 'run',
      path: ['nodes', 1, 'data', 'branches', 0],
    })
  })

  it('needs two branches to decide between, whatever their conditions', () => {
    const single = workflow(
      [trigger('start'), decision('choose', ['approve']), end('approved')],
      [edge('start', 'choose'), edge('choose', 'approved', 'approve')],
    )
    expect(diagnosticsWithCode(single, 'decision.too-few-branches')[0]).toMatchObject({
      nodeId: 'choose',
      severity: 'error',
      level: 'map',
      path: ['nodes', 1, 'data', 'branches'],
    })
    expect(diagnosticsWithCode(decide({}), 'decision.too-few-branches')).toEqual([])
  })

  it('reports a connection that belongs to no branch', () => {
    const stray = { id: 'stray', source: 'choose', target: 'approved', sourceHandle: 'maybe' }
    const [diagnostic] = diagnosticsWithCode(decide({}, [stray]), 'decision.unknown-branch-edge')
    expect(diagnostic).toMatchObject({
      nodeId: 'choose',
      edgeId: 'stray',
      path: ['edges', 3, 'sourceHandle'],
    })
    const unlabeled = { id: 'unlabeled', source: 'choose', target: 'approved' }
    expect(
      diagnosticsWithCode(decide({}, [unlabeled]), 'decision.unknown-branch-edge')[0]?.message,
    ).toContain('without saying which branch')
  })

  it('reports a branch that leads nowhere', () => {
    const document = workflow(
      [trigger('start'), decision('choose', ['approve', 'reject']), end('approved')],
      [edge('start', 'choose'), edge('choose', 'approved', 'approve')],
    )
    expect(diagnosticsWithCode(document, 'decision.branch-without-edge')[0]).toMatchObject({
      nodeId: 'choose',
      path: ['nodes', 1, 'data', 'branches', 1],
    })
  })

  it('reports a branch with two connections', () => {
    const twice = { id: 'twice', source: 'choose', target: 'rejected', sourceHandle: 'approve' }
    expect(diagnosticsWithCode(decide({}, [twice]), 'decision.branch-multiple-edges')[0]).toMatchObject({
      nodeId: 'choose',
      path: ['nodes', 1, 'data', 'branches', 0],
    })
  })
})
