import { checkScenario } from '@conveyor/shared'
import { describe, expect, it } from 'vitest'
import { exampleDocument } from '../doc/test-documents'
import { emptyDraft, problemText, scenarioOf, scenarioTargets } from './scenario-draft'

const document = exampleDocument('ticket-to-resolution')
const baselinePeople = { helpdesk: 1, tier1: 14, tier2: 6, 'support-lead': 1 }

describe('the What if form into a scenario', () => {
  it('asks for nothing but the volume when nothing else was changed', () => {
    expect(scenarioOf(emptyDraft, baselinePeople)).toEqual({ volumeFactor: 1 })
  })

  it('sends only the lanes whose people changed, the step switched and the SLA changed', () => {
    const scenario = scenarioOf(
      {
        ...emptyDraft,
        volume: '2',
        people: { tier1: 14, tier2: 8 },
        step: 'classify-ticket',
        mode: 'augment',
        overridePercent: '25',
        slaNode: 'route-ticket',
        sla: ' 4h ',
      },
      baselinePeople,
    )
    expect(scenario).toEqual({
      volumeFactor: 2,
      lanes: { tier2: { people: 8 } },
      steps: { 'classify-ticket': { mode: 'augment', overrideRate: 0.25 } },
      sla: { 'route-ticket': '4h' },
    })
    expect(checkScenario(document, scenario).ok).toBe(true)
  })

  it('offers the steps to switch and the steps and decisions whose SLA may change', () => {
    const { steps, timed } = scenarioTargets(document)
    const ids = (nodes: Array<{ id: string }>) => nodes.map((node) => node.id)
    expect(ids(steps)).toContain('classify-ticket')
    expect(ids(steps)).not.toContain('route-ticket')
    expect(ids(timed)).toEqual(expect.arrayContaining(['classify-ticket', 'route-ticket']))
    expect(timed.every((node) => node.type === 'step' || node.type === 'decision')).toBe(true)
  })

  it('takes an empty SLA as none', () => {
    expect(scenarioOf({ ...emptyDraft, slaNode: 'route-ticket', sla: '' }, baselinePeople)).toMatchObject({
      sla: { 'route-ticket': null },
    })
  })

  it("names each wrong field in the form's words", () => {
    const checked = checkScenario(
      document,
      scenarioOf(
        {
          ...emptyDraft,
          volume: '',
          people: { tier2: -1 },
          step: 'classify-ticket',
          overridePercent: '150',
          slaNode: 'route-ticket',
          sla: 'soon',
        },
        baselinePeople,
      ),
    )
    expect(checked.ok).toBe(false)
    const texts = checked.ok ? [] : checked.problems.map((problem) => problemText(problem, document))
    expect(texts).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Volume: /),
        'People in Tier 2 specialists: must be 0 or more',
        'Taken back by people (Classify ticket): must be from 0 to 100%',
        'SLA of Route ticket: must be a number and a unit, like "30m", "4h" or "2d"',
      ]),
    )
  })
})
