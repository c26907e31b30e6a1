import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { workflowBuilders as b } from '@conveyor/shared'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { startRuntimeProcess, type RuntimeProcess } from '../collab/test-runtime-process'
import { startRecordingServer, type RecordingServer } from '../service/test-support/recording-server'

const adminToken = 'an-admin-secret-of-some-length'
const auth = { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' }

let runtime: RuntimeProcess | undefined
let receiver: RecordingServer | undefined
let dataDir: string | undefined
afterEach(async () => {
  await runtime?.stop()
  await receiver?.close()
  if (dataDir) await rm(dataDir, { recursive: true, force: true })
  runtime = receiver = dataDir = undefined
})

/** Runs a workflow whose one step calls the loopback receiver, on a runtime started with `env`. */
async function callTheReceiver(env: Record<string, string>) {
  receiver = await startRecordingServer()
  dataDir = await mkdtemp(join(tmpdir(), 'conveyor-allow-hosts-'))
  runtime = await startRuntimeProcess({ dataDir, adminToken, more: env })
  const api = (path: string, body?: unknown) =>
    fetch(`${runtime!.url}${path.slice(1)}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: auth,
      body: body === undefined ? undefined : JSON.stringify(body),
    })
  const document = b.workflow(
    [b.trigger('start'), b.httpStep('pay', `${receiver.url}/payouts`), b.end('done')],
    b.chain('start', 'pay', 'done'),
    // Deployed at once: this is about the call, not about who approves the deploy.
    { id: 'payouts', name: 'Payouts', deploysNeedApproval: false },
  )
  expect((await api('/api/workflows', { document })).status).toBe(201)
  expect((await api('/api/workflows/payouts/deployments', {})).status).toBe(201)
  const started = (await (await api('/api/workflows/payouts/instances', { input: {} })).json()) as {
    instance: { id: string }
  }
  return vi.waitFor(
    async () => {
      const instance = (await (await api(`/api/instances/${started.instance.id}`)).json()) as {
        id: string
        status: string
      }
      if (instance.status === 'running') throw new Error('still running')
      return {
        instance,
        incidents: (await (await api(`/api/incidents?instanceId=${instance.id}`)).json()) as {
          items: Array<{ error: string }>
        },
      }
    },
    { timeout: 30_000, interval: 100 },
  )
}

describe('CONVEYOR_ALLOW_HOSTS', () => {
  it('lets an http step reach a private host it lists', async () => {
    const { instance } = await callTheReceiver({ CONVEYOR_ALLOW_HOSTS: 'payouts.internal, 127.0.0.1' })
    expect(instance.status).toBe('completed')
    expect(receiver!.requests.map((request) => request.path)).toEqual(['/payouts'])
  })

  it('without it, refuses the private host at once and the refusal names the variable', async () => {
    const { instance, incidents } = await callTheReceiver({})
    expect(instance.status).toBe('incident')
    expect(incidents.items[0]?.error).toMatch(/127\.0\.0\.1 is a private.*CONVEYOR_ALLOW_HOSTS/)
    expect(receiver!.requests).toEqual([])
  })
})
