import { workflowBuilders as b } from '@conveyor/shared'
import { afterEach, describe, expect, it } from 'vitest'
import { startRecordingServer, type RecordingServer } from '../service/test-support/recording-server'
import { openHarness, tempDataDir, waitForTask, type Harness } from '../service/test-support/service-harness'
import type { ServiceOptions } from '../service/types'

let harness: Harness | undefined
let server: RecordingServer | undefined
afterEach(async () => {
  await harness?.close()
  await server?.close()
  harness = undefined
  server = undefined
})

const triage = b.workflow(
  [
    b.trigger('start'),
    b.step('classify', {
      mode: 'augment',
      lane: 'operations',
      augment: {
        assistant: {
          produces: 'classification',
          instructions: 'Which team handles this ticket?',
          labels: ['billing', 'technical'],
          field: 'team',
          sees: ['subject'],
        },
        form: {
          fields: [
            { id: 'team', label: 'Team', type: 'select', options: ['billing', 'technical'], required: true },
          ],
        },
      },
    }),
    b.step('reply', {
      mode: 'augment',
      lane: 'operations',
      augment: {
        assistant: {
          produces: 'draft',
          instructions: 'Draft a reply',
          template: 'Hello {{customer.name}}, about {{subject}}',
          field: 'reply',
        },
        form: { fields: [{ id: 'reply', label: 'Reply', type: 'longtext', required: true }] },
      },
    }),
    b.end('done'),
  ],
  b.chain('start', 'classify', 'reply', 'done'),
)

async function deployed(options: ServiceOptions = {}, dataDir?: string) {
  harness = await openHarness(options, dataDir)
  await harness.service.createWorkflow(triage)
  await harness.service.deploy('test-workflow')
  return harness.service
}

async function ticket(service: Harness['service'], subject: string) {
  const { instance } = await service.startInstance({
    workflowId: 'test-workflow',
    input: { subject, customer: { name: 'Ada' } },
  })
  return waitForTask(service, instance.id, 'classify')
}

describe('local assistant', () => {
  it('learns from the verdicts people give and keeps what it learnt across restarts', async () => {
    const dataDir = tempDataDir()
    let service = await deployed({}, dataDir)
    const first = await ticket(service, 'app crashes with an error')
    expect(first.suggestion).toMatchObject({ provider: 'local', value: 'billing', field: 'team' })
    expect(first.prefill).toEqual({ team: 'billing' })
    const examples: Array<[string, string]> = [
      ['app crashes with an error', 'technical'],
      ['invoice charged twice refund', 'billing'],
      ['error message when saving crashes', 'technical'],
      ['refund for my invoice please', 'billing'],
    ]
    await service.completeTask(first.id, { data: { team: 'technical' } })
    expect((await service.getTask(first.id)).verdict).toBe('override')
    for (const [subject, team] of examples.slice(1)) {
      const task = await ticket(service, subject)
      await service.completeTask(task.id, { data: { team } })
    }
    await harness!.service.close()
    harness = await openHarness({}, dataDir)
    service = harness.service
    const next = await ticket(service, 'the app shows an error and crashes')
    expect(next.suggestion?.value).toBe('technical')
    expect(next.suggestion?.confidence).toBeGreaterThan(0.5)
    expect(next.suggestion?.explanation).toMatch(/Learnt from 4 earlier decisions/)
    await service.completeTask(next.id, { data: { team: 'technical' } })
    expect((await service.getTask(next.id)).verdict).toBe('accept')
    const draft = await waitForTask(service, next.instanceId, 'reply')
    expect(draft.prefill).toEqual({ reply: 'Hello Ada, about the app shows an error and crashes' })
    await service.completeTask(draft.id, { data: { reply: 'Hello Ada, we are on it.' } })
    expect((await service.getTask(draft.id)).verdict).toBe('edit')
    const metrics = await service.getWorkflowMetrics('test-workflow')
    expect(metrics.steps.classify!.overrideRate).toBeCloseTo(1 / 5)
    expect(metrics.steps.reply!.overrideRate).toBe(0)
  })

  it('learns nothing from a verdict whose transaction is rolled back', async () => {
    const service = await deployed()
    const task = await ticket(service, 'app crashes with an error')
    // A fault in the store: the transaction that records the verdict fails.
    service.db.exec(`CREATE TRIGGER refuse_verdicts BEFORE UPDATE ON tasks
      BEGIN SELECT RAISE(ABORT, 'injected fault'); END`)
    await expect(service.completeTask(task.id, { data: { team: 'technical' } })).rejects.toThrow()
    const suggestion = await service.engine.options.assistant.suggest({
      workflowId: 'test-workflow',
      nodeId: 'classify',
      produces: 'classification',
      instructions: 'Which team handles this ticket?',
      labels: ['billing', 'technical'],
      field: 'team',
      data: { subject: 'app crashes with an error' },
    })
    expect(suggestion).toMatchObject({
      value: 'billing',
      explanation: 'No decisions to learn from yet; suggesting the first option.',
    })
    expect(service.db.prepare('SELECT COUNT(*) AS n FROM classifier_models').get()).toEqual({ n: 0 })
  })
})

describe('openai-compatible assistant', () => {
  it('asks the configured server for structured output and shows the suggestion', async () => {
    server = await startRecordingServer()
    server.reply = () => ({
      status: 200,
      body: {
        choices: [
          {
            message: {
              content: JSON.stringify({
                value: 'technical',
                confidence: 0.9,
                explanation: 'Mentions a crash.',
              }),
            },
          },
        ],
      },
    })
    const service = await deployed({
      assistant: {
        provider: 'openai-compatible',
        baseUrl: `${server.url}/v1`,
        model: 'small-model',
        apiKeySecret: 'ASSISTANT_KEY',
      },
    })
    await service.setSecret({ name: 'ASSISTANT_KEY', value: 'sk-test-0123456789' })
    const task = await ticket(service, 'app crashes')
    expect(task.suggestion).toEqual({
      provider: 'openai-compatible',
      produces: 'classification',
      field: 'team',
      value: 'technical',
      confidence: 0.9,
      explanation: 'Mentions a crash.',
    })
    const [request] = server.requests
    expect(request).toMatchObject({ method: 'POST', path: '/v1/chat/completions' })
    expect(request!.headers.authorization).toBe('Bearer sk-test-0123456789')
    expect(request!.body).toMatchObject({ model: 'small-model', response_format: { type: 'json_schema' } })

    // The key is read from the store at each call: a rotated one is sent at once, a deleted one fails
    // the suggestion and the task goes to people without one.
    await service.setSecret({ name: 'ASSISTANT_KEY', value: 'sk-rotated-0123456789', mode: 'replace' })
    await ticket(service, 'app crashes again')
    expect(server.requests[1]!.headers.authorization).toBe('Bearer sk-rotated-0123456789')
    await service.deleteSecret('ASSISTANT_KEY')
    const withoutKey = await ticket(service, 'app crashes once more')
    expect(server.requests).toHaveLength(2)
    expect(withoutKey.suggestion).toBeUndefined()
    expect(withoutKey.assistantError).toBe('the assistant\'s key, the secret "ASSISTANT_KEY", is not stored')
  })

  it('is sent only the fields the step lets it read, and the audit names them without their values', async () => {
    server = await startRecordingServer()
    server.reply = () => ({
      status: 200,
      body: { choices: [{ message: { content: '{"value": "billing", "explanation": "An invoice."}' } }] },
    })
    const service = await deployed({
      assistant: { provider: 'openai-compatible', baseUrl: server.url, model: 'm' },
    })
    const { instance } = await service.startInstance({
      workflowId: 'test-workflow',
      input: { subject: 'invoice twice', customer: { name: 'Ada', iban: 'DE89370400440532013000' } },
    })
    const task = await waitForTask(service, instance.id, 'classify')
    expect(task.suggestion?.value).toBe('billing')
    const sent = JSON.stringify(server.requests[0]!.body)
    expect(sent).toContain('invoice twice')
    expect(sent).not.toContain('Ada')
    expect(sent).not.toContain('DE89370400440532013000')
    const [asked] = (await service.listAudit({ action: 'assistant.asked', instanceId: instance.id })).items
    expect(asked?.detail).toEqual({ provider: 'openai-compatible', fields: ['subject'] })
  })

  it('carries the confidence the model reports, else one derived from its token probabilities, else none', async () => {
    server = await startRecordingServer()
    const answers = [
      { content: '{"value": "billing", "confidence": 0.7, "explanation": "An invoice."}' },
      {
        content: '{"value": "billing", "explanation": "An invoice."}',
        logprobs: { content: [{ logprob: Math.log(0.9) }, { logprob: Math.log(0.4) }] },
      },
      { content: '{"value": "billing", "explanation": "An invoice."}' },
    ]
    server.reply = () => {
      const { content, logprobs } = answers.shift()!
      return { status: 200, body: { choices: [{ message: { content }, logprobs }] } }
    }
    const service = await deployed({
      assistant: { provider: 'openai-compatible', baseUrl: server.url, model: 'm' },
    })
    expect((await ticket(service, 'invoice twice')).suggestion?.confidence).toBe(0.7)
    expect((await ticket(service, 'invoice again')).suggestion?.confidence).toBe(0.6)
    expect((await ticket(service, 'invoice once more')).suggestion).not.toHaveProperty('confidence')
    expect(server.requests[0]!.body).toMatchObject({ logprobs: true })
  })

  it('falls back to the manual path when the answer does not fit or does not come', async () => {
    server = await startRecordingServer()
    server.reply = () => ({
      status: 200,
      body: { choices: [{ message: { content: '{"value": "sales", "explanation": "?"}' } }] },
    })
    const service = await deployed({
      assistant: { provider: 'openai-compatible', baseUrl: server.url, model: 'm', timeoutMs: 200 },
    })
    const offList = await ticket(service, 'hello')
    expect(offList.suggestion).toBeUndefined()
    expect(offList.prefill).toEqual({})
    expect(offList.assistantError).toMatch(/not one of the options/)
    server.reply = () => ({ status: 200, body: {}, delayMs: 1_000 })
    const slow = await ticket(service, 'hello again')
    expect(slow.assistantError).toBeDefined()
    await service.completeTask(slow.id, { data: { team: 'billing' } })
    expect((await service.getTask(slow.id)).verdict).toBeUndefined()
    const metrics = await service.getWorkflowMetrics('test-workflow')
    expect(metrics.steps.classify!.assistantFallbacks).toBe(2)
  })
})

describe('assistant decisions', () => {
  it('recommends the branch whose condition holds, else asks the assistant; people confirm or override', async () => {
    harness = await openHarness()
    const { service } = harness
    await service.createWorkflow(
      b.workflow(
        [
          b.trigger('start'),
          b.decision('route', ['hard', 'easy'], { decidedBy: 'assistant', lane: 'operations' }),
          b.end('a'),
          b.end('b'),
        ],
        [b.edge('start', 'route'), b.edge('route', 'a', 'hard'), b.edge('route', 'b', 'easy')],
      ),
    )
    await service.deploy('test-workflow')
    const ruled = await service.startInstance({ workflowId: 'test-workflow', input: { choice: 'hard' } })
    const byRule = await waitForTask(service, ruled.instance.id, 'route')
    expect(byRule).toMatchObject({ kind: 'decision', prefill: { branch: 'hard' } })
    expect(byRule.suggestion).toMatchObject({ provider: 'rule', value: 'hard', confidence: 1 })
    expect(byRule.suggestion?.explanation).toContain('choice = "hard"')
    await service.completeTask(byRule.id, { branch: 'hard' })
    expect((await service.getTask(byRule.id)).verdict).toBe('accept')

    const open = await service.startInstance({ workflowId: 'test-workflow', input: { choice: 'unsure' } })
    const byAssistant = await waitForTask(service, open.instance.id, 'route')
    expect(byAssistant.suggestion).toMatchObject({ provider: 'local', produces: 'recommendation' })
    await expect(service.completeTask(byAssistant.id, { branch: 'nowhere' })).rejects.toMatchObject({
      code: 'invalid',
      errors: [{ path: 'branch' }],
    })
    await service.completeTask(byAssistant.id, { branch: 'easy' })
    expect((await service.getTask(byAssistant.id)).verdict).toBe('override')
  })
})
