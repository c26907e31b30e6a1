import { availableParallelism } from 'node:os'
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads'
import type { ExpressionFailure, ExpressionLimits } from './expression-limits'

export interface EvaluationRequest {
  source: string
  /** The input's JSON text: inputs are plain JSON, and its length is the input size. */
  input: string | undefined
  limits: ExpressionLimits
}

/** The result's JSON text (undefined for no result), or why there is none. */
export type EvaluationAnswer = { result: string | undefined } | { failure: ExpressionFailure }

export interface ExpressionPoolOptions {
  /** Workers at most; evaluations beyond them wait in line (their deadline starts in a worker). */
  size?: number
  /**
   * Heap of each worker; a worker that grows past it is ended and only its evaluation fails.
   * Unset by default: on Node 20 one allocation much larger than the limit ends the whole
   * process instead, so set it only well above any single value an expression can make.
   */
  maxMemoryMb?: number
  /** Time past the expression's own limit before its worker is ended (JSONata's timeout ends
   * most runaway loops itself, which keeps the worker). */
  graceMs?: number
}

interface Job {
  request: EvaluationRequest
  settle(answer: EvaluationAnswer): void
}

interface Slot {
  worker: Worker
  /** The worker's answers: a port of their own, so a deadline can read an answer already sent. */
  answers: MessagePort
  ready: boolean
  job?: Job
  deadline?: NodeJS.Timeout
}

const workerUrl = new URL('./expression-worker.mjs', import.meta.url)

/**
 * Worker threads that evaluate user expressions with a hard deadline: a worker still busy at
 * its evaluation's deadline is terminated (and replaced on demand), so nothing an expression
 * does can block the server's event loop. Workers start on first use; an idle worker never
 * keeps a process alive, one starting or evaluating does.
 */
export class ExpressionPool {
  private readonly size: number
  private readonly maxMemoryMb: number | undefined
  private readonly graceMs: number
  private readonly slots = new Set<Slot>()
  private readonly idle: Slot[] = []
  private readonly queue: Job[] = []
  private closed = false

  constructor(options: ExpressionPoolOptions = {}) {
    this.size = Math.max(1, options.size ?? Math.min(availableParallelism(), 4))
    this.maxMemoryMb = options.maxMemoryMb
    this.graceMs = options.graceMs ?? 100
  }

  evaluate(request: EvaluationRequest): Promise<EvaluationAnswer> {
    if (this.closed) return Promise.resolve({ failure: { code: 'pool-closed' } })
    return new Promise((settle) => {
      this.queue.push({ request, settle })
      this.dispatch()
    })
  }

  /** Ends every worker; evaluations in flight or in line fail as not evaluated. */
  async close(): Promise<void> {
    this.closed = true
    for (const job of this.queue.splice(0)) job.settle({ failure: { code: 'pool-closed' } })
    const slots = [...this.slots]
    for (const slot of slots) this.settle(slot, { failure: { code: 'pool-closed' } }, false)
    await Promise.all(slots.map((slot) => this.discard(slot)))
  }

  private dispatch(): void {
    if (this.closed) return
    while (this.queue.length > 0 && this.idle.length > 0) this.start(this.idle.pop()!, this.queue.shift()!)
    // Evaluations still in line get workers started for them, up to the pool's size.
    let starting = 0
    for (const slot of this.slots) if (!slot.ready) starting++
    const wanted = Math.min(this.queue.length - starting, this.size - this.slots.size)
    for (let i = 0; i < wanted; i++) this.spawn()
  }

  private start(slot: Slot, job: Job): void {
    slot.job = job
    slot.worker.ref()
    slot.deadline = setTimeout(() => {
      // When the main thread was busy (a long commit), the answer may be in and only the timer
      // got its turn first: an answer that came in time is not a timeout.
      const waiting = receiveMessageOnPort(slot.answers)
      if (waiting) this.answered(slot, waiting.message as EvaluationAnswer | { ready: true })
      else this.settle(slot, { failure: { code: 'time-limit' } }, true)
    }, job.request.limits.timeoutMs + this.graceMs)
    slot.worker.postMessage(job.request)
  }

  /** Answers the slot's evaluation; the worker goes back to work, or is ended when `discard`. */
  private settle(slot: Slot, answer: EvaluationAnswer, discard: boolean): void {
    const job = slot.job
    clearTimeout(slot.deadline)
    slot.job = undefined
    slot.deadline = undefined
    if (discard) void this.discard(slot)
    else if (!this.closed) {
      slot.worker.unref()
      this.idle.push(slot)
    }
    job?.settle(answer)
    this.dispatch()
  }

  private async discard(slot: Slot): Promise<void> {
    if (!this.slots.delete(slot)) return
    const at = this.idle.indexOf(slot)
    if (at >= 0) this.idle.splice(at, 1)
    slot.answers.close()
    await slot.worker.terminate()
  }

  private spawn(): void {
    const { port1: answers, port2 } = new MessageChannel()
    const worker = new Worker(workerUrl, {
      // The worker is plain JavaScript: no TypeScript loader or test runner hooks to inherit.
      execArgv: [],
      workerData: { answers: port2 },
      transferList: [port2],
      resourceLimits: this.maxMemoryMb ? { maxOldGenerationSizeMb: this.maxMemoryMb } : undefined,
    })
    const slot: Slot = { worker, answers, ready: false }
    this.slots.add(slot)
    answers.on('message', (message: EvaluationAnswer | { ready: true }) => this.answered(slot, message))
    // Listening refs a port: unreference it after. The worker itself holds the process open only
    // while it starts or evaluates, never while idle.
    answers.unref()
    worker.on('error', (error: Error & { code?: string }) => {
      const code = error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'memory-limit' : 'worker-crash'
      this.lost(slot, { code, message: error.message })
    })
    worker.on('exit', (exitCode) =>
      this.lost(slot, { code: 'worker-crash', message: `exit code ${exitCode}` }),
    )
  }

  private answered(slot: Slot, message: EvaluationAnswer | { ready: true }): void {
    if (!this.slots.has(slot)) return
    if ('ready' in message) {
      slot.ready = true
      slot.worker.unref()
      this.idle.push(slot)
      this.dispatch()
    } else if (slot.job) this.settle(slot, message, false)
  }

  /** A worker that died fails only its own evaluation; the next evaluation starts a new one. */
  private lost(slot: Slot, failure: ExpressionFailure): void {
    if (slot.job) return this.settle(slot, { failure }, true)
    // A worker that dies before it is ready fails the next evaluation in line, not a retry loop.
    if (!slot.ready && this.slots.has(slot)) this.queue.shift()?.settle({ failure })
    void this.discard(slot).then(() => this.dispatch())
  }
}
