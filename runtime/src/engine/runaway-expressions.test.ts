import { workflowBuilders as b } from '@conveyor/shared'
import { afterEach, describe, expect, it } from 'vitest'
import { createHarness, type Harness } from '../http/test-support/app-harness'
import { listen } from '../http/test-support/listen'

let harness: Harness | undefined
let server: { url: string; close(): Promise<void> } | undefined
afterEach(async () => {
  await server?.close()
  await harness?.close()
  server = undefined
  harness = undefined
})

// Backtracking takes time that doubles with each "a": seconds for 27 of them, minutes for 30.
const catastrophic = `"${'a'.repeat(27)}!"`

const transformWorkflow = b.workflow(
  [
    b.trigger('start'),
    b.step('extract', {
      automate: {
        connector: { kind: 'transform', expression: `{ "m": $match(${catastrophic}, /(a+)+$/) }` },
      },
    }),
    b.end('done'),
  ],
  b.chain('start', 'extract', 'done'),
  { id: 'runaway-transform' },
)

const decisionWorkflow = b.workflow(
  [
    b.trigger('start'),
    b.decision('route', ['odd', 'plain'], {
      branches: [
        { id: 'odd', label: 'odd', condition: `$contains(${catastrophic}, /(a+)+$/)` },
        { id: 'plain', label: 'plain' },
      ],
    }),
    b.end('odd-end'),
    b.end('plain-end'),
  ],
  [b.edge('start', 'route'), b.edge('route', 'odd-end', 'odd'), b.edge('route', 'plain-end', 'plain')],
  { id: 'runaway-decision' },
)

describe('a runaway expression in a running workflow', () => {
  it('ends as an incident naming the time limit while /healthz keeps answering', async () => {
    harness = await createHarness()
    server = await listen(harness.app)
    const { service } = harness
    for (const document of [transformWorkflow, decisionWorkflow]) {
      await service.createWorkflow(document)
      const deployed = await service.deploy(document.id)
      if (!deployed.ok) throw new Error(JSON.stringify(deployed.diagnostics))
    }
    const ids = await Promise.all(
      [transformWorkflow, decisionWorkflow].map(
        async (document) => (await service.startInstance({ workflowId: document.id })).instance.id,
      ),
    )

    // /healthz answers counted while the expressions run: a blocked event loop answers none.
    let answers = 0
    const deadline = Date.now() + 30_000
    for (;;) {
      const statuses = await Promise.all(ids.map(async (id) => (await service.getInstance(id)).status))
      if (statuses.every((status) => status !== 'running')) break
      if (Date.now() > deadline) throw new Error(`the instances are still ${statuses.join(', ')}`)
      const health = await fetch(`${server.url}/healthz`)
      expect(health.status).toBe(200)
      answers++
    }
    expect(answers).toBeGreaterThanOrEqual(3)

    for (const [id, nodeId, what] of [
      [ids[0]!, 'extract', 'transform expression'],
      [ids[1]!, 'route', 'condition of branch "odd"'],
    ] as const) {
      expect((await service.getInstance(id)).status).toBe('incident')
      const [incident] = (await service.listIncidents({ instanceId: id, status: 'open' })).items
      expect(incident).toMatchObject({ nodeId, status: 'open' })
      expect(incident!.error).toBe(`${what}: expression failed: took too long (time limit of 500 ms reached)`)
    }
  })
})
