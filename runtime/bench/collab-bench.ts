/**
 * Live collaboration under load: many stock y-websocket clients editing one workflow document.
 *
 *   tsx bench/collab-bench.ts                        # 50 clients × 30 s, then the ramp
 *   tsx bench/collab-bench.ts --clients 80 --seconds 20 --no-ramp
 *
 * The server (the collaboration endpoint on a real HTTP port, SQLite file in a temp folder) runs in
 * a child process that samples its own RSS and heap every 100 ms. The clients run in this process:
 * every 200 ms each sets its own key of a shared Y.Map to `[seq, sentAt]` (as a diagram edit sets
 * a node's fields), and an edit's propagation latency is the time from `sentAt` until the last of
 * the other clients has it. Each client applies every edit, so past some size the clients' process,
 * not the server, is what saturates.
 */
import { fork, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, rmSync } from 'node:fs'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { startCollabServer } from '../src/collab/test-server'

const editIntervalMs = 200
const token = 'bench-editor'
const rampStepClients = 50
const rampSeconds = 10
const rampLimitP95Ms = 100

interface ServerReport {
  /** RSS once listening, before any client: the floor the peak is measured against. */
  idleRssBytes: number
  peakRssBytes: number
  peakHeapBytes: number
  /** CPU time (user + system) the server used while serving. */
  cpuMs: number
  /** 99th percentile of the server's event-loop delay: how late its work ran. */
  loopDelayP99Ms: number
}

interface StageResult {
  clients: number
  edits: number
  /** Edits some client never received within the grace period after the run. */
  unseen: number
  /** Every client ended with the same document. */
  converged: boolean
  p50: number
  p95: number
  p99: number
  server: ServerReport
  clientsCpuMs: number
  clientsLoopDelayP99Ms: number
  /** Wall time over which the CPU times were taken: the run plus the wait for the last edits. */
  busySeconds: number
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      clients: { type: 'string', default: '50' },
      seconds: { type: 'string', default: '30' },
      'no-ramp': { type: 'boolean', default: false },
    },
  })
  const clients = Number(values.clients)
  const seconds = Number(values.seconds)
  if (!Number.isInteger(clients) || clients < 2 || !(seconds > 0)) {
    throw new Error(
      `--clients must be a whole number of at least 2 and --seconds positive, got ${clients} and ${seconds}`,
    )
  }
  // Every stock provider registers a process 'exit' listener.
  process.setMaxListeners(0)
  const [load] = loadavg()
  console.log(
    `machine: ${availableParallelism()} CPUs, load average ${load!.toFixed(1)} (other work shares them)`,
  )
  console.log(`collaboration: ${clients} clients, an edit each every ${editIntervalMs} ms, for ${seconds} s`)
  const first = await runStage(clients, seconds)
  printStage(first)
  const goal = first.p95 < 50 && first.p99 < 150 ? 'met' : 'NOT met'
  console.log(`  goal p95 < 50 ms and p99 < 150 ms on loopback: ${goal}`)
  if (values['no-ramp']) return

  console.log(`ramp: ${rampSeconds} s per step until p95 passes ${rampLimitP95Ms} ms`)
  const holds = (stage: StageResult) => stage.p95 <= rampLimitP95Ms && stage.unseen === 0 && stage.converged
  let held = 0
  let failedAt = rampStepClients
  for (let n = rampStepClients; ; n += rampStepClients) {
    const stage = await runStage(n, rampSeconds)
    printStage(stage)
    if (!holds(stage)) {
      failedAt = n
      break
    }
    held = n
  }
  // Then in steps of 10 between the last step that held and the one that did not.
  for (let n = held + 10; n < failedAt; n += 10) {
    const stage = await runStage(n, rampSeconds)
    printStage(stage)
    if (!holds(stage)) break
    held = n
  }
  console.log(`  one document holds ${held} clients with p95 ≤ ${rampLimitP95Ms} ms`)
}

function printStage(stage: StageResult): void {
  const cpuShare = (ms: number) => `${((ms / (stage.busySeconds * 1000)) * 100).toFixed(0)}%`
  const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(0)
  console.log(
    `  ${String(stage.clients).padStart(3)} clients: ${stage.edits} edits, propagation to all others ` +
      `p50 ${stage.p50.toFixed(1)} ms, p95 ${stage.p95.toFixed(1)} ms, p99 ${stage.p99.toFixed(1)} ms` +
      (stage.unseen > 0 ? `, ${stage.unseen} not seen by everyone` : '') +
      (stage.converged ? '' : ', CLIENTS DID NOT CONVERGE') +
      `; server RSS ${mib(stage.server.idleRssBytes)} MiB idle, peak ${mib(stage.server.peakRssBytes)} MiB, heap ${mib(stage.server.peakHeapBytes)} MiB` +
      `; CPU busy: server ${cpuShare(stage.server.cpuMs)}, clients ${cpuShare(stage.clientsCpuMs)}` +
      `; event-loop delay p99: server ${stage.server.loopDelayP99Ms.toFixed(0)} ms, ` +
      `clients ${stage.clientsLoopDelayP99Ms.toFixed(0)} ms`,
  )
}

async function runStage(clientCount: number, seconds: number): Promise<StageResult> {
  const workflowId = `bench-${clientCount}`
  const server = await startServerChild(workflowId)
  const pending = new Map<string, { remaining: number; sentAt: number }>()
  const latencies: number[] = []
  const clients: Array<{ doc: Y.Doc; provider: WebsocketProvider }> = []

  for (let index = 0; index < clientCount; index++) {
    const doc = new Y.Doc()
    const provider = new WebsocketProvider(server.url, workflowId, doc, {
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
      params: { token },
    })
    const edits = doc.getMap<[number, number]>('edits')
    // Updates can arrive merged, and then only a sender's latest value shows; Yjs applies a
    // client's changes in order, so seeing its edit n means having all of its edits up to n.
    const seenUpTo = new Map<string, number>()
    edits.observe((event) => {
      const now = performance.now()
      for (const sender of event.keysChanged) {
        if (sender === String(index)) continue
        const [latest] = edits.get(sender)!
        for (let seq = (seenUpTo.get(sender) ?? -1) + 1; seq <= latest; seq++) {
          const key = `${sender}:${seq}`
          const edit = pending.get(key)
          if (!edit) continue
          edit.remaining -= 1
          if (edit.remaining === 0) {
            latencies.push(now - edit.sentAt)
            pending.delete(key)
          }
        }
        seenUpTo.set(sender, latest)
      }
    })
    clients.push({ doc, provider })
  }
  await Promise.all(clients.map(({ provider }) => waitForSync(provider)))

  const timers = clients.map(({ doc }, index) => {
    let seq = 0
    const edit = () => {
      const sentAt = performance.now()
      pending.set(`${index}:${seq}`, { remaining: clientCount - 1, sentAt })
      doc.getMap('edits').set(String(index), [seq++, sentAt])
    }
    // Spread the clients over the interval instead of having them all edit at once.
    const start = setTimeout(() => {
      edit()
      timers[index] = setInterval(edit, editIntervalMs)
    }, Math.random() * editIntervalMs)
    return start
  })
  const clientsLoop = monitorEventLoopDelay({ resolution: 10 })
  clientsLoop.enable()
  const cpuBefore = process.cpuUsage()
  const wallBefore = performance.now()
  server.beginMeasuring()
  await sleep(seconds * 1000)
  for (const timer of timers) clearInterval(timer)
  const graceEnds = Date.now() + 5000
  while (pending.size > 0 && Date.now() < graceEnds) await sleep(50)

  const unseen = pending.size
  const finalStates = clients.map(({ doc }) => JSON.stringify(doc.getMap('edits').toJSON()))
  const converged = finalStates.every((state) => state === finalStates[0])
  const cpu = process.cpuUsage(cpuBefore)
  const busySeconds = (performance.now() - wallBefore) / 1000
  clientsLoop.disable()
  for (const { doc, provider } of clients) {
    provider.destroy()
    doc.destroy()
  }
  const report = await server.stop()
  latencies.sort((a, b) => a - b)
  return {
    clients: clientCount,
    edits: latencies.length + unseen,
    unseen,
    converged,
    p50: percentile(latencies, 0.5),
    p95: percentile(latencies, 0.95),
    p99: percentile(latencies, 0.99),
    server: report,
    clientsCpuMs: (cpu.user + cpu.system) / 1000,
    clientsLoopDelayP99Ms: clientsLoop.percentile(99) / 1e6,
    busySeconds,
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!
}

function waitForSync(provider: WebsocketProvider): Promise<void> {
  return provider.synced
    ? Promise.resolve()
    : new Promise((resolve) => provider.once('sync', () => resolve()))
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/** The server in its own process, so that its memory and event loop are its own. */
async function startServerChild(
  workflowId: string,
): Promise<{ url: string; beginMeasuring(): void; stop(): Promise<ServerReport> }> {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), ['--serve', workflowId], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const [ready] = (await once(child, 'message')) as [{ url: string }]
  return {
    url: ready.url,
    beginMeasuring: () => child.send('begin'),
    async stop() {
      child.send('stop')
      const [report] = (await once(child, 'message')) as [ServerReport]
      const exited = once(child, 'exit')
      child.disconnect()
      await exited
      return report
    },
  }
}

async function serveInChild(workflowId: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'collab-bench-'))
  const server = await startCollabServer({
    dataDir: dir,
    grants: { [token]: { workflowId, role: 'editor' } },
  })
  const idleRssBytes = process.memoryUsage().rss
  const peak: ServerReport = {
    idleRssBytes,
    peakRssBytes: idleRssBytes,
    peakHeapBytes: 0,
    cpuMs: 0,
    loopDelayP99Ms: 0,
  }
  const loop = monitorEventLoopDelay({ resolution: 10 })
  let cpuAtStart = process.cpuUsage()
  const sample = () => {
    const { rss, heapUsed } = process.memoryUsage()
    peak.peakRssBytes = Math.max(peak.peakRssBytes, rss)
    peak.peakHeapBytes = Math.max(peak.peakHeapBytes, heapUsed)
  }
  const sampler = setInterval(sample, 100)
  // Never outlive the benchmark, even when it crashes.
  process.once('disconnect', () => process.exit(0))
  process.send!({ url: server.url })
  process.on('message', async (message) => {
    if (message === 'begin') {
      cpuAtStart = process.cpuUsage()
      loop.enable()
      return
    }
    sample()
    clearInterval(sampler)
    const cpu = process.cpuUsage(cpuAtStart)
    peak.cpuMs = (cpu.user + cpu.system) / 1000
    loop.disable()
    peak.loopDelayP99Ms = loop.percentile(99) / 1e6
    await server.stop()
    rmSync(dir, { recursive: true, force: true })
    process.send!(peak)
  })
}

if (process.argv.includes('--serve')) {
  await serveInChild(process.argv[process.argv.indexOf('--serve') + 1]!)
} else {
  await main().catch((error: unknown) => {
    console.error(`collab-bench: ${error instanceof Error ? error.message : String(error)}`)
    process.exitCode = 1
  })
}
