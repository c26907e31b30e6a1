import { describe, expect, it } from 'vitest'
import { compile } from '../../compiler'
import { chain, end, step, trigger, workflow } from '../../testing/builders'
import { diagnosticsWithCode } from '../../testing/diagnostics'
import type { StepAutonomy } from './autonomy'

const form = { fields: [{ id: 'team', label: 'Team', type: 'text' as const }] }
const assistant = {
  produces: 'classification' as const,
  instructions: 'Which team?',
  labels: ['billing', 'technical'],
  field: 'team',
  sees: ['subject'],
}
const withAutonomy = (autonomy: unknown) =>
  workflow(
    [
      trigger('start'),
      step('sort', {
        mode: 'augment',
        automate: undefined,
        lane: 'operations',
        augment: { assistant, form, autonomy: autonomy as StepAutonomy },
      }),
      end('done'),
    ],
    chain('start', 'sort', 'done'),
  )
const autonomyPath = ['nodes', 1, 'data', 'augment', 'autonomy']

describe('autonomy of an assisted step', () => {
  it('refuses a threshold or share outside 0..1, naming the step and the field', () => {
    const [threshold] = diagnosticsWithCode(withAutonomy({ threshold: 1.5 }), 'document.schema')
    expect(threshold).toMatchObject({ nodeId: 'sort', path: [...autonomyPath, 'threshold'] })
    expect(threshold!.message).toMatch(/at most 1/)
    const [share] = diagnosticsWithCode(withAutonomy({ sampleShare: -0.1 }), 'document.schema')
    expect(share).toMatchObject({ nodeId: 'sort', path: [...autonomyPath, 'sampleShare'] })
    const [level] = diagnosticsWithCode(withAutonomy({ level: 'always' }), 'document.schema')
    expect(level).toMatchObject({ nodeId: 'sort', path: [...autonomyPath, 'level'] })
  })

  it('reports a demotion bar that is not below the promotion bar', () => {
    const crossed = withAutonomy({
      promotion: { accuracy: 0.9, minReviewed: 50 },
      demotion: { accuracy: 0.9, overrides: 3, ofSampled: 5 },
    })
    expect(diagnosticsWithCode(crossed, 'step.autonomy-bars-cross')).toMatchObject([
      { nodeId: 'sort', path: [...autonomyPath, 'demotion', 'accuracy'] },
    ])
    const impossible = withAutonomy({ demotion: { accuracy: 0.5, overrides: 6, ofSampled: 5 } })
    expect(diagnosticsWithCode(impossible, 'step.autonomy-bars-cross')).toMatchObject([
      { nodeId: 'sort', path: [...autonomyPath, 'demotion', 'overrides'] },
    ])
  })

  it('reports a lane for unsure suggestions that the workflow does not have', () => {
    expect(
      diagnosticsWithCode(withAutonomy({ belowThreshold: { lane: 'nobody' } }), 'step.autonomy-unknown-lane'),
    ).toMatchObject([{ nodeId: 'sort', path: [...autonomyPath, 'belowThreshold', 'lane'] }])
    expect(
      diagnosticsWithCode(
        withAutonomy({ belowThreshold: { lane: 'operations' } }),
        'step.autonomy-unknown-lane',
      ),
    ).toEqual([])
  })

  it('compiles with every setting filled in, the level "suggest" unless the document says otherwise', () => {
    const compiled = compile(withAutonomy({ threshold: 0.8 }))
    expect(compiled.compiled?.manifest.nodes.sort).toMatchObject({
      autonomy: {
        level: 'suggest',
        threshold: 0.8,
        sampleShare: 0.1,
        belowThreshold: 'prefill',
        promotion: { accuracy: 0.95, minReviewed: 50 },
        demotion: { accuracy: 0.8, overrides: 3, ofSampled: 5 },
      },
    })
  })
})
