import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type WebSocket from 'ws'
import { closeCodes } from './collab-connection'
import { closeCodeOf, joinDocument, openRawSocket } from './test-clients'
import { startRuntimeProcess, type RuntimeProcess } from './test-runtime-process'

const adminToken = 'oversized-frames-admin-token'
const frameBytes = 90 * 1024 * 1024
const allowedRiseBytes = 20 * 1024 * 1024

let dir: string
let runtime: RuntimeProcess

// A runtime each: memory another test's frame left behind would hide this test's.
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'collab-oversized-'))
  runtime = await startRuntimeProcess({ dataDir: dir, adminToken })
})

afterEach(async () => {
  await runtime?.stop()
  rmSync(dir, { recursive: true, force: true })
})

/**
 * Sends one 90 MB frame and returns the close code with the highest resident memory the runtime
 * reached, sampled until the connection closed.
 */
async function sendHugeFrame(socket: WebSocket): Promise<{ code: number; peakRise: number }> {
  const baseline = runtime.residentBytes()
  let peak = baseline
  const sampler = setInterval(() => (peak = Math.max(peak, runtime.residentBytes())), 5)
  socket.on('error', () => {}) // the server stops reading; the rest of the frame cannot be written
  const closed = closeCodeOf(socket)
  socket.send(Buffer.alloc(frameBytes, 1))
  const code = await closed
  clearInterval(sampler)
  peak = Math.max(peak, runtime.residentBytes())
  return { code, peakRise: peak - baseline }
}

describe('an oversized collaboration frame, against the runtime as it is started', () => {
  it('from a client without a token is refused without being read', async () => {
    const socket = await openRawSocket(`${runtime.url.replace('http', 'ws')}collab/order-to-cash`)
    const { code, peakRise } = await sendHugeFrame(socket)

    expect(code).toBe(closeCodes.unauthenticated)
    expect(peakRise).toBeLessThan(allowedRiseBytes)
    expect((await fetch(`${runtime.url}healthz`)).status).toBe(200)
  })

  it('from a signed-in editor is refused with 1009 as it arrives, not after it was buffered', async () => {
    const serverUrl = `${runtime.url.replace('http', 'ws')}collab`
    // Someone has the document open already: loading it is not what is measured.
    const ann = joinDocument(serverUrl, 'order-to-cash', { token: adminToken })
    await ann.synced
    const socket = await openRawSocket(`${serverUrl}/order-to-cash?token=${adminToken}`)
    const { code, peakRise } = await sendHugeFrame(socket)

    expect(code).toBe(closeCodes.messageTooBig)
    expect(peakRise).toBeLessThan(allowedRiseBytes)
    ann.leave()
  })
})
