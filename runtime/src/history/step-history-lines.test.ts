import type { AuditEntry } from '@conveyor/shared/protocol/api'
import { describe, expect, it } from 'vitest'
import { describeAuditEntry, historyLine } from './step-history-lines'

const entry = (action: string, detail: Record<string, unknown>, actor = 'system'): AuditEntry => ({
  seq: 7,
  at: '2026-03-02T10:42:00.000Z',
  actor,
  action,
  workflowId: 'triage',
  nodeId: 'classify',
  detail,
  prevHash: 'a',
  hash: 'b',
})

const figures = {
  window: 50,
  reviewed: 50,
  accepted: 49,
  accuracy: 0.98,
  sampledReviewed: 0,
  sampledOverrides: 0,
}

describe('a step’s history in words', () => {
  it('says who, in people’s words: a person by name, the runtime as Conveyor', () => {
    const line = historyLine(entry('step.switched-to-manual', { reason: 'vendor outage' }, 'user:alice'))
    expect(line).toEqual({
      seq: 7,
      at: '2026-03-02T10:42:00.000Z',
      by: 'alice',
      action: 'step.switched-to-manual',
      text: 'Switched to manual: vendor outage',
    })
    expect(historyLine(entry('autonomy.proposed', { from: 'suggest', to: 'auto-apply', figures })).by).toBe(
      'Conveyor',
    )
  })

  it('tells a promotion proposed, approved and declined with the accuracy behind it', () => {
    expect(
      describeAuditEntry(entry('autonomy.proposed', { from: 'suggest', to: 'auto-apply', figures })),
    ).toBe('Promotion from Suggest to Auto-apply proposed: accuracy 98% over the last 50 reviews')
    const approved = {
      from: { level: 'suggest', threshold: 0.9 },
      to: { level: 'auto-apply', threshold: 0.9 },
      proposalId: 'p1',
      proposal: 'approved',
      figures,
    }
    expect(describeAuditEntry(entry('autonomy.changed', approved, 'user:alice'))).toBe(
      'Promotion to Auto-apply approved (confidence threshold 90%); accuracy 98% over the last 50 reviews',
    )
    const superseded = { ...approved, to: { level: 'suggest', threshold: 0.85 }, proposal: 'superseded' }
    expect(describeAuditEntry(entry('autonomy.changed', superseded, 'user:alice'))).toBe(
      'Autonomy kept at Suggest, in place of the proposed promotion (confidence threshold 90% → 85%); accuracy 98% over the last 50 reviews',
    )
    expect(
      describeAuditEntry(
        entry('autonomy.declined', { level: 'auto-apply', threshold: 0.9, figures }, 'user:bo'),
      ),
    ).toBe('Promotion to Auto-apply declined (accuracy 98% over the last 50 reviews)')
  })

  it('tells a demotion with the reason the runtime gave', () => {
    const detail = {
      from: 'auto-apply',
      to: 'suggest',
      reason: '3 of the last 5 sampled reviews were overrides (bar: 3 of 5)',
      figures: { ...figures, sampledReviewed: 5, sampledOverrides: 3 },
    }
    expect(describeAuditEntry(entry('autonomy.demoted', detail))).toBe(
      'Demoted from Auto-apply to Suggest: 3 of the last 5 sampled reviews were overrides (bar: 3 of 5)',
    )
  })

  it('tells the circuit breaker apart from a person switching', () => {
    const tripped = {
      reason: '5 failures in a row; the last: HTTP 503',
      failuresInARow: 5,
      breakAfter: 5,
      lastError: 'HTTP 503',
      instanceId: 'i-1',
    }
    expect(describeAuditEntry(entry('step.switched-to-manual', tripped))).toBe(
      'Switched itself to manual after 5 failed calls in a row (the limit is 5); the last: HTTP 503',
    )
    expect(
      describeAuditEntry(entry('step.switched-to-automatic', { reason: 'vendor is back' }, 'user:al')),
    ).toBe('Switched back to automatic: vendor is back')
  })

  it('tells the workflow’s pilots: started on a share or a segment, rolled back with why, promoted', () => {
    expect(describeAuditEntry(entry('pilot.started', { version: 3, share: 0.3 }, 'user:alice'))).toBe(
      'Pilot of version 3 started on 30% of new items',
    )
    expect(describeAuditEntry(entry('pilot.started', { version: 3, segment: 'region = "north"' }))).toBe(
      'Pilot of version 3 started on the new items where region = "north"',
    )
    expect(
      describeAuditEntry(
        entry('pilot.rolled-back', { version: 3, reason: 'Errors: 4% vs 1% — over the limit' }),
      ),
    ).toBe('Pilot of version 3 rolled back: Errors: 4% vs 1% — over the limit')
    expect(describeAuditEntry(entry('pilot.promoted', { version: 3 }))).toBe(
      'Pilot of version 3 promoted: it now takes every new item',
    )
  })
})
