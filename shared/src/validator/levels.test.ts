import { describe, expect, it } from 'vitest'
import { decision, edge, end, humanStep, trigger, workflow } from '../testing/builders'
import { mapOnlyDocument, mapOnlySetupItems } from '../testing/map-only-document'
import { diagnosticCodes } from './codes'
import { atLevel, describeReadiness, isMapComplete, isReadyToRun, mapProblems, setupItems } from './levels'
import { validateDocument } from './validate-document'

const codesOf = (diagnostics: ReadonlyArray<{ code: string; nodeId?: string }>) =>
  diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.nodeId])

describe('two levels of done', () => {
  it('every diagnostic carries the level of its code', () => {
    const { diagnostics } = validateDocument(mapOnlyDocument())
    expect(diagnostics.length).toBeGreaterThan(0)
    for (const diagnostic of diagnostics)
      expect(diagnostic.level).toBe(diagnosticCodes[diagnostic.code].level)
  })

  it('a map without its wiring is a complete map with one thing to set up per missing piece', () => {
    const { document, diagnostics } = validateDocument(mapOnlyDocument())
    expect(document, 'a map that only lacks wiring still parses').toBeDefined()
    expect(codesOf(mapProblems(diagnostics))).toEqual([])
    expect(isMapComplete(diagnostics)).toBe(true)
    expect(codesOf(setupItems(diagnostics))).toEqual(mapOnlySetupItems)
    expect(isReadyToRun(diagnostics)).toBe(false)
    expect(diagnostics.map((d) => d.code)).not.toContain('validator.internal')
    expect(describeReadiness(diagnostics)).toBe('Map complete · 3 things to set up before it can run')
    expect(describeReadiness(diagnostics, { short: true })).toBe('Map complete · 3 things to set up')
  })

  it('each thing to set up names its node by label', () => {
    const labels = new Map(mapOnlyDocument().nodes.map((node) => [node.id, node.data.label]))
    for (const item of setupItems(validateDocument(mapOnlyDocument()).diagnostics)) {
      expect(item.message).toContain(`"${labels.get(item.nodeId!)}"`)
    }
  })

  it('a step without its assistant at all is one thing to set up, not a cascade', () => {
    const document = mapOnlyDocument()
    const draft = document.nodes.find((node) => node.id === 'draft-reply')!
    if (draft.type === 'step') delete draft.data.augment
    const items = setupItems(validateDocument(document).diagnostics)
    expect(codesOf(items.filter((item) => item.nodeId === 'draft-reply'))).toEqual([
      ['step.missing-config', 'draft-reply'],
    ])
  })

  it('a flow that is not whole is a problem on the map, whatever is set up', () => {
    const document = mapOnlyDocument()
    document.edges = document.edges.filter((edge) => edge.id !== 'e6')
    const { diagnostics } = validateDocument(document)
    expect(codesOf(mapProblems(diagnostics))).toEqual([['node.dead-end', 'approve-refund']])
    expect(isMapComplete(diagnostics)).toBe(false)
    expect(describeReadiness(diagnostics)).toBe('1 problem on the map')
  })

  it('people’s work without a lane is a problem on the map', () => {
    const document = mapOnlyDocument()
    const approve = document.nodes.find((node) => node.id === 'approve-refund')!
    delete approve.data.lane
    expect(codesOf(mapProblems(validateDocument(document).diagnostics))).toEqual([
      ['lane.missing', 'approve-refund'],
    ])
  })

  it('an invalid condition is something to set up, never a problem on the map', () => {
    const document = mapOnlyDocument()
    const over = document.nodes.find((node) => node.id === 'over-100')!
    if (over.type === 'decision') over.data.branches[0]!.condition = 'amount >'
    const { diagnostics } = validateDocument(document)
    expect(isMapComplete(diagnostics)).toBe(true)
    expect(setupItems(diagnostics).map((item) => item.code)).toContain('expression.invalid')
  })

  it('a workflow with nothing left to set up is ready to run', () => {
    const document = workflow(
      [trigger('start'), humanStep('review'), decision('choose', ['approve', 'reject']), end('done')],
      [
        edge('start', 'review'),
        edge('review', 'choose'),
        edge('choose', 'done', 'approve'),
        edge('choose', 'done', 'reject'),
      ],
    )
    const { diagnostics } = validateDocument(document)
    expect(isReadyToRun(diagnostics)).toBe(true)
    expect(describeReadiness(diagnostics)).toBe('Map complete · ready to run')
    expect(atLevel(diagnostics, 'run')).toEqual([])
  })
})
