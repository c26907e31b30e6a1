export interface RunFigures {
  instances: number
  seconds: number
  perSecond: number
  p50Ms: number
  p99Ms: number
  peakRssMb: number
  peakHeapMb: number
  /** Processor time (user + system) per instance. */
  cpuMsPerInstance: number
}

/**
 * Runs `total` instances keeping `inFlight` of them going at once; `runOne` resolves when its
 * instance has finished. Latency is from start to finish of each instance.
 */
export async function runInFlight(
  total: number,
  inFlight: number,
  runOne: (index: number) => Promise<void>,
): Promise<RunFigures> {
  const latencies: number[] = []
  let peakRss = 0
  let peakHeap = 0
  const sample = () => {
    const { rss, heapUsed } = process.memoryUsage()
    peakRss = Math.max(peakRss, rss)
    peakHeap = Math.max(peakHeap, heapUsed)
  }
  const sampler = setInterval(sample, 20)
  let next = 0
  const started = performance.now()
  const cpuBefore = process.cpuUsage()
  const worker = async () => {
    while (next < total) {
      const index = next++
      const t0 = performance.now()
      await runOne(index)
      latencies.push(performance.now() - t0)
    }
  }
  await Promise.all(Array.from({ length: inFlight }, worker))
  const seconds = (performance.now() - started) / 1000
  const cpu = process.cpuUsage(cpuBefore)
  clearInterval(sampler)
  sample()
  latencies.sort((a, b) => a - b)
  const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.ceil(p * latencies.length) - 1)]!
  return {
    instances: total,
    seconds,
    perSecond: total / seconds,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    peakRssMb: peakRss / 1_048_576,
    peakHeapMb: peakHeap / 1_048_576,
    cpuMsPerInstance: (cpu.user + cpu.system) / 1000 / total,
  }
}
