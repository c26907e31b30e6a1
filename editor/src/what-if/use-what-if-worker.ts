import type { Calibration, WorkflowDocument } from '@conveyor/shared'
import { useCallback, useEffect, useRef } from 'react'
import type { WhatIfRequest, WhatIfResponse } from './what-if-messages'

/** Items per run: enough for steady p99s, quick enough to wait for. */
const items = 20_000
/** One seed for every run, so the same scenario always shows the same figures (as the runtime's API does). */
const seed = 1

interface Waiting {
  resolve: (answer: WhatIfResponse) => void
  reject: (error: Error) => void
}

/**
 * A simulation worker for as long as the view is open: `run` sends it a scenario (and the figures
 * fitted to runs, if any) and resolves with its answer. The worker starts on the first run and ends when the view closes.
 */
export function useWhatIfWorker() {
  const worker = useRef<Worker | null>(null)
  const waiting = useRef(new Map<number, Waiting>())
  const nextId = useRef(0)
  useEffect(() => {
    const runs = waiting.current
    return () => {
      worker.current?.terminate()
      worker.current = null
      runs.clear()
    }
  }, [])
  return useCallback(
    (document: WorkflowDocument, scenario: unknown, calibration?: Calibration): Promise<WhatIfResponse> => {
      if (!worker.current) {
        const started = new Worker(new URL('./what-if.worker.ts', import.meta.url), { type: 'module' })
        started.onmessage = (event: MessageEvent<WhatIfResponse>) => {
          waiting.current.get(event.data.id)?.resolve(event.data)
          waiting.current.delete(event.data.id)
        }
        // A run that throws takes the worker with it: every run waiting fails, the next run starts a new one.
        started.onerror = (event) => {
          event.preventDefault()
          for (const run of waiting.current.values())
            run.reject(new Error(`The simulation stopped: ${event.message || 'unknown error'}`))
          waiting.current.clear()
          started.terminate()
          if (worker.current === started) worker.current = null
        }
        worker.current = started
      }
      const id = ++nextId.current
      const request: WhatIfRequest = {
        id,
        document,
        scenario,
        items,
        seed,
        findVolumeLimit: true,
        ...(calibration && { calibration }),
      }
      const target = worker.current
      return new Promise((resolve, reject) => {
        waiting.current.set(id, { resolve, reject })
        target.postMessage(request)
      })
    },
    [],
  )
}
