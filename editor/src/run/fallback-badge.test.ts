import type { StepFallbackView } from '@conveyor/shared/protocol/step-fallback'
import { describe, expect, it } from 'vitest'
import { manualBadge, manualBadges } from './fallback-badge'

const since = new Date(2026, 11, 5, 10, 42).toISOString()
const state = (nodeId: string, manual: boolean): StepFallbackView => ({
  workflowId: 'payouts',
  nodeId,
  manual,
  since: manual ? since : null,
  by: manual ? 'system' : null,
  reason: manual ? 'vendor outage' : null,
  failuresInARow: 0,
  breakAfter: 5,
  lane: 'payments',
})

describe('the manual badge', () => {
  it('says since when and why a step is done by hand, and nothing for an automatic one', () => {
    expect(manualBadge(state('pay', true))).toMatch(/^Manual since 10:42 — vendor outage$/)
    expect(manualBadge(state('pay', false))).toBeUndefined()
  })

  it('paints a badge on each manual step and nothing on the others', () => {
    const overlay = manualBadges([state('pay', true), state('ship', false), state('notify', true)])
    expect(Object.keys(overlay).sort()).toEqual(['notify', 'pay'])
    expect(overlay.pay).toEqual({ badges: [expect.stringMatching(/^Manual since 10:42 — vendor outage$/)] })
  })
})
