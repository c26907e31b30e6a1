import { examples } from '@conveyor/examples'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { answerFrom, drive, pointedAt } from './test-support/example-driver'
import { defaultReplies, scenarios } from './test-support/example-scenarios'
import { startRecordingServer, type RecordingServer } from './test-support/recording-server'
import { openHarness, type Harness } from './test-support/service-harness'

let harness: Harness
let server: RecordingServer

beforeAll(async () => {
  server = await startRecordingServer()
  harness = await openHarness({ allowPrivateHosts: ['127.0.0.1'] })
  expect(await harness.service.seedExamplesIfEmpty()).toBe(examples.length)
  expect(await harness.service.seedExamplesIfEmpty()).toBe(0)
})
afterAll(async () => {
  await harness.close()
  await server.close()
})

describe.each(examples.map((example) => [example.slug, example] as const))('example %s', (slug, example) => {
  it('deploys and runs through every node, with tasks completed through the service', async () => {
    const { service } = harness
    await service.updateWorkflow(example.document.id, pointedAt(example, server))
    const deployed = await service.deploy(example.document.id)
    expect(deployed.ok).toBe(true)
    const visited = new Set<string>()
    for (const scenario of scenarios[slug] ?? []) {
      const answer = answerFrom(scenario.replies ?? {}, defaultReplies)
      server.reply = (request) => answer(request.path)
      const outcome = await drive(harness, example, scenario)
      expect(outcome.end, scenario.name).toBe(scenario.expectEnd)
      for (const id of outcome.visited) visited.add(id)
    }
    const unvisited = example.document.nodes.map((n) => n.id).filter((id) => !visited.has(id))
    expect(unvisited).toEqual([])
    const metrics = await service.getWorkflowMetrics(example.document.id)
    expect(metrics.ended).toBe(scenarios[slug]!.length)
    expect(metrics.inProgress).toBe(0)
  })
})
