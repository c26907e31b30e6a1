// @vitest-environment jsdom
import type { StepAutonomyView } from '@conveyor/shared/protocol/step-autonomy'
import type { StepFallbackView } from '@conveyor/shared/protocol/step-fallback'
import type { StepHistoryLine } from '@conveyor/shared/protocol/step-history'
import { cleanup, configure, fireEvent, render, screen, within } from '@testing-library/react'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { apiOrigin } from '../api/api-origin'
import { exampleDocument } from '../doc/test-documents'
import { StepInForce } from './step-in-force'

const document = exampleDocument('it-hr-triage')
const nodeOf = (id: string) => document.nodes.find((node) => node.id === id)!
const stepPath = '/api/workflows/it-hr-triage/steps/classify-request'

const figures = {
  window: 50,
  reviewed: 50,
  accepted: 49,
  accuracy: 0.98,
  sampledReviewed: 0,
  sampledOverrides: 0,
}

/** What the stand-in runtime holds for the step; null: not deployed (404). */
let fallback: StepFallbackView | null
let autonomy: StepAutonomyView | null
let history: StepHistoryLine[]
let posted: Array<{ path: string; body: unknown }>
let server: Server

function freshState() {
  fallback = {
    workflowId: 'it-hr-triage',
    nodeId: 'classify-request',
    manual: false,
    since: null,
    by: null,
    reason: null,
    failuresInARow: 0,
    breakAfter: 5,
    lane: 'service-desk',
  }
  autonomy = {
    workflowId: 'it-hr-triage',
    nodeId: 'classify-request',
    level: 'suggest',
    threshold: 0.9,
    source: 'document',
    setAt: null,
    setBy: null,
    settings: {
      level: 'suggest',
      threshold: 0.9,
      sampleShare: 0.1,
      belowThreshold: 'prefill',
      promotion: { accuracy: 0.95, minReviewed: 50 },
      demotion: { accuracy: 0.8, overrides: 3, ofSampled: 10 },
    },
    figures,
    proposal: {
      id: 'p1',
      level: 'auto-apply',
      threshold: 0.9,
      figures,
      proposedAt: '2026-03-02T10:40:00.000Z',
    },
  }
  history = [
    {
      seq: 9,
      at: '2026-03-02T10:40:00.000Z',
      by: 'Conveyor',
      action: 'autonomy.proposed',
      text: 'Promotion from Suggest to Auto-apply proposed: accuracy 98% over the last 50 reviews',
    },
    {
      seq: 4,
      at: '2026-03-01T09:00:00.000Z',
      by: 'alice',
      action: 'step.switched-to-automatic',
      text: 'Switched back to automatic: the assistant is back',
    },
  ]
  posted = []
}

function answer(path: string, method: string, body: unknown): [number, unknown] {
  if (method === 'POST') posted.push({ path, body })
  if (path === `${stepPath}/history`)
    return [200, { workflowId: 'it-hr-triage', nodeId: 'classify-request', items: history }]
  if (path === `${stepPath}/fallback` && fallback) return [200, fallback]
  if (path === `${stepPath}/autonomy` && autonomy) {
    if (method === 'POST') {
      const change = body as { level: StepAutonomyView['level']; threshold: number }
      autonomy = {
        ...autonomy,
        ...change,
        source: 'policy',
        setBy: 'user:owen',
        setAt: '2026-03-02T10:45:00.000Z',
        proposal: null,
      }
      history = [
        {
          seq: 10,
          at: autonomy.setAt!,
          by: 'owen',
          action: 'autonomy.changed',
          text: 'Promotion to Auto-apply approved',
        },
        ...history,
      ]
    }
    return [200, autonomy]
  }
  if (path === `${stepPath}/autonomy/decline` && autonomy) {
    autonomy = { ...autonomy, proposal: null }
    return [200, autonomy]
  }
  return [404, { error: { code: 'not_found', message: `deployed workflow "it-hr-triage" was not found` } }]
}

// The first answers of a fresh jsdom and server can take over a second on a busy machine.
configure({ asyncUtilTimeout: 10_000 })

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8')
      const [status, body] = answer(
        request.url ?? '',
        request.method ?? 'GET',
        text ? JSON.parse(text) : undefined,
      )
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  apiOrigin.value = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))
beforeEach(freshState)
afterEach(cleanup)

const open = (nodeId = 'classify-request') =>
  render(<StepInForce workflowId="it-hr-triage" node={nodeOf(nodeId)} document={document} />)

// Each test waits on real HTTP round trips, slow on a busy machine.
describe('a running step in the inspector', { timeout: 30_000 }, () => {
  it('shows the autonomy in force with the accuracy behind it, and approves the proposed promotion', async () => {
    open()
    const inForce = await screen.findByRole('region', { name: 'Autonomy in force' })
    expect(inForce.textContent).toContain('Suggest from 90% confidence · as deployed')
    expect(inForce.textContent).toContain('98% of the last 50 reviews accepted as suggested')
    const proposal = within(inForce).getByRole('group', { name: 'Proposed promotion' })
    expect(proposal.textContent).toContain('Proposed: Auto-apply from 90% confidence')

    fireEvent.click(within(proposal).getByRole('button', { name: 'Approve Auto-apply' }))
    await screen.findByText(/Auto-apply/, { selector: 'strong' })
    expect(posted).toEqual([{ path: `${stepPath}/autonomy`, body: { level: 'auto-apply', threshold: 0.9 } }])
    expect(screen.queryByRole('group', { name: 'Proposed promotion' })).toBeNull()
    expect(screen.getByRole('region', { name: 'Autonomy in force' }).textContent).toContain('set by owen')
    const lines = within(screen.getByRole('region', { name: 'History of Classify request' })).getAllByRole(
      'listitem',
    )
    expect(lines[0]!.textContent).toContain('owen — Promotion to Auto-apply approved')
  })

  it('declines a proposal, and changes the level and threshold for new items', async () => {
    open()
    const inForce = await screen.findByRole('region', { name: 'Autonomy in force' })
    fireEvent.click(within(inForce).getByRole('button', { name: 'Decline' }))
    await expect
      .poll(() => screen.queryByRole('group', { name: 'Proposed promotion' }), { timeout: 10_000 })
      .toBeNull()
    expect(posted).toEqual([{ path: `${stepPath}/autonomy/decline`, body: undefined }])

    const change = within(inForce).getByRole('form', { name: 'Change autonomy' })
    const apply = within(change).getByRole('button', { name: 'Change autonomy' }) as HTMLButtonElement
    expect(apply.disabled).toBe(true)
    fireEvent.change(within(change).getByLabelText('Level for new items'), { target: { value: 'automate' } })
    fireEvent.change(within(change).getByLabelText('Confidence threshold (%)'), { target: { value: '75' } })
    fireEvent.click(apply)
    await screen.findByText('Automate', { selector: 'strong' })
    expect(posted[1]).toEqual({ path: `${stepPath}/autonomy`, body: { level: 'automate', threshold: 0.75 } })
  })

  it('shows the step’s history newest first, with when and who', async () => {
    open()
    const region = await screen.findByRole('region', { name: 'History of Classify request' })
    expect(
      within(region)
        .getAllByRole('listitem')
        .map((item) => item.textContent?.split(' · ')[1]),
    ).toEqual([
      'Conveyor — Promotion from Suggest to Auto-apply proposed: accuracy 98% over the last 50 reviews',
      'alice — Switched back to automatic: the assistant is back',
    ])
  })

  it('switches the step to manual with a reason', async () => {
    open()
    const switches = await screen.findByRole('region', { name: 'Manual fallback' })
    fireEvent.change(within(switches).getByLabelText('Why (Classify request)'), {
      target: { value: 'assistant outage' },
    })
    fireEvent.click(within(switches).getByRole('button', { name: 'Switch Classify request to manual' }))
    await expect
      .poll(() => posted)
      .toEqual([{ path: `${stepPath}/fallback`, body: { manual: true, reason: 'assistant outage' } }])
  })

  it('says a step not yet deployed can be switched once it is, and shows nothing for steps that call nothing outside', async () => {
    fallback = null
    autonomy = null
    open()
    expect((await screen.findByText(/^Not deployed yet/)).textContent).toContain(
      'Classify request can be switched',
    )
    expect(screen.queryByRole('region', { name: 'Autonomy in force' })).toBeNull()
    cleanup()
    const { container } = open('it-fulfil')
    expect(container.textContent).toBe('')
  })
})
