import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { workflowBuilders as b } from '@conveyor/shared'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { startRuntimeProcess, type RuntimeProcess } from '../collab/test-runtime-process'
import { startRecordingServer, type RecordingServer } from '../service/test-support/recording-server'

const adminToken = 'an-admin-secret-of-some-length'
const value = 'pk_live_Zx81-secret-7Qe'
const auth = { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' }

let runtime: RuntimeProcess
let receiver: RecordingServer
let dataDir: string
/** Every API answer the test read, to look for the value in. */
const answers: string[] = []

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the answers of many routes, read loosely
type Answer = { status: number; json: any }

async function api(method: string, path: string, body?: unknown): Promise<Answer> {
  const response = await fetch(`${runtime.url}${path.slice(1)}`, {
    method,
    headers: auth,
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await response.text()
  answers.push(text)
  return { status: response.status, json: text ? JSON.parse(text) : undefined }
}

async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true })
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name))
}

beforeAll(async () => {
  receiver = await startRecordingServer()
  // The service echoes what it was sent, as a careless one might in an error or a log field.
  receiver.reply = (request) => ({
    status: 200,
    body: { accepted: true, youSent: request.headers.authorization, body: request.body },
  })
  dataDir = await mkdtemp(join(tmpdir(), 'conveyor-secret-calls-'))
  runtime = await startRuntimeProcess({
    dataDir,
    adminToken,
    more: {
      CONVEYOR_ALLOW_HOSTS: '127.0.0.1',
      CONVEYOR_ACCESS_LOG: '1',
      CONVEYOR_SECRET_KEY: Buffer.alloc(32, 9).toString('base64'),
    },
  })
})
afterAll(async () => {
  await runtime.stop()
  await receiver.close()
  await rm(dataDir, { recursive: true, force: true })
})

describe('a secret in an http call', () => {
  it('reaches the service and nothing the runtime keeps, shows or logs', async () => {
    expect((await api('PUT', '/api/secrets/PAYOUT_KEY', { value })).status).toBe(201)
    const document = b.workflow(
      [
        b.trigger('start'),
        b.httpStep('pay', `${receiver.url}/payouts?key={{secret:PAYOUT_KEY}}`, {
          headers: { authorization: 'Bearer {{ secret:PAYOUT_KEY }}' },
          // A reference arriving in the data is not a secret the step was written to send.
          body: '{ "apiKey": "{{secret:PAYOUT_KEY}}", "note": data.note }',
        }),
        b.end('done'),
      ],
      b.chain('start', 'pay', 'done'),
      // Deployed at once: this is about the call, not about who approves the deploy.
      { id: 'payouts', name: 'Payouts', deploysNeedApproval: false },
    )
    expect((await api('POST', '/api/workflows', { document })).status).toBe(201)
    const deployed = await api('POST', '/api/workflows/payouts/deployments', {})
    expect(deployed.status).toBe(201)
    expect(deployed.json.deployment.secrets).toEqual(['PAYOUT_KEY'])
    const started = await api('POST', '/api/workflows/payouts/instances', {
      input: { note: '{{secret:OTHER_KEY}}' },
    })
    const instance = await vi.waitFor(
      async () => {
        const { json } = await api('GET', `/api/instances/${started.json.instance.id}`)
        if (json.status === 'running') throw new Error('still running')
        return json
      },
      { timeout: 30_000, interval: 100 },
    )
    expect(instance.status).toBe('completed')

    const [sent] = receiver.requests
    expect(sent?.headers.authorization).toBe(`Bearer ${value}`)
    expect(sent?.path).toBe(`/payouts?key=${value}`)
    expect(sent?.body).toEqual({ apiKey: value, note: '{{secret:OTHER_KEY}}' })
    // The echo was redacted before the instance kept it.
    expect(JSON.stringify(instance)).toContain('Bearer [secret PAYOUT_KEY]')

    for (const path of [
      '/api/workflows/payouts',
      '/api/workflows/payouts/deployments',
      '/api/workflows/payouts/deployments/1',
      `/api/instances?workflowId=payouts`,
      '/api/audit?limit=500',
      '/api/secrets',
      '/api/incidents',
    ]) {
      expect((await api('GET', path)).status).toBe(200)
    }
    for (const answer of answers) expect(answer).not.toContain(value)

    await runtime.stop()
    expect(runtime.output()).toContain('PUT /api/secrets/PAYOUT_KEY 201')
    expect(runtime.output()).not.toContain(value)
    const files = await filesUnder(dataDir)
    expect(files.some((file) => file.endsWith('conveyor.db'))).toBe(true)
    for (const file of files) {
      expect(await readFile(file, 'latin1'), file).not.toContain(value)
    }
  })
})
