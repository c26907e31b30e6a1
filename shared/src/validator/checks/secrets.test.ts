import { describe, expect, it } from 'vitest'
import { WorkflowDocument } from '../../model'
import * as b from '../../testing/builders'
import { secretsUsedBy, unknownSecretDiagnostics } from './secrets'

const document = WorkflowDocument.parse(
  b.workflow(
    [
      b.trigger('start'),
      b.httpStep('pay', 'https://pay.example/v1?key={{secret:PAY_KEY}}', {
        headers: { 'x-signature': '{{secret:SIGNING_KEY}}' },
        body: '{ "token": "{{secret:PAY_KEY}}" }',
      }),
      b.step('note'),
      b.end('done'),
    ],
    b.chain('start', 'pay', 'note', 'done'),
  ),
)

describe('secrets a document references', () => {
  it('are listed once each, for the deployment to record', () => {
    expect(secretsUsedBy(document)).toEqual(['PAY_KEY', 'SIGNING_KEY'])
  })

  it('name each reference to a secret that is not stored, with its step and field, in the run list', () => {
    const diagnostics = unknownSecretDiagnostics(document, new Set(['PAY_KEY']))
    expect(diagnostics).toEqual([
      expect.objectContaining({
        code: 'step.unknown-secret',
        level: 'run',
        severity: 'error',
        nodeId: 'pay',
        path: ['nodes', 1, 'data', 'automate', 'connector', 'headers', 'x-signature'],
        message: expect.stringContaining('secret "SIGNING_KEY" in its headers.x-signature'),
      }),
    ])
    expect(unknownSecretDiagnostics(document, new Set(['PAY_KEY', 'SIGNING_KEY']))).toEqual([])
  })
})
