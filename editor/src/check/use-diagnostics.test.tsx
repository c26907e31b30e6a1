// @vitest-environment jsdom
import { WorkflowDocument, workflowBuilders as b } from '@conveyor/shared'
import { cleanup, renderHook } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { useDiagnostics } from './use-diagnostics'

afterEach(cleanup)

const document = WorkflowDocument.parse(
  b.workflow(
    [
      b.trigger('start'),
      b.httpStep('pay', 'https://payouts.example/v1', {
        headers: { authorization: 'Bearer {{secret:PAYOUT_KEY}}' },
      }),
      b.end('done'),
    ],
    b.chain('start', 'pay', 'done'),
  ),
)

const codes = (stored?: ReadonlySet<string>) =>
  renderHook(() => useDiagnostics(document, stored)).result.current.diagnostics.map((d) => d.code)

describe('the run list in the editor', () => {
  it('names a reference to a secret the runtime does not hold', () => {
    expect(codes(new Set(['OTHER_KEY']))).toContain('step.unknown-secret')
    expect(codes(new Set(['PAYOUT_KEY']))).not.toContain('step.unknown-secret')
  })

  it('doubts no reference while the runtime has not said what it holds', () => {
    expect(codes(undefined)).not.toContain('step.unknown-secret')
  })
})
