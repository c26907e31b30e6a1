import { z } from 'zod'
import type { SimRandom } from './random'

/**
 * How long a piece of work takes, in minutes. `exponential` is memoryless (the queueing textbook's
 * case), `lognormal` is the usual shape of people's handling times (most quick, a long tail),
 * `fixed` suits machines, and `empirical` replays observed durations.
 */
export const Distribution = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('exponential'), meanMinutes: z.number().nonnegative() }).strict(),
  z
    .object({
      kind: z.literal('lognormal'),
      meanMinutes: z.number().positive(),
      /** The standard deviation of the durations themselves (not of their logarithm). */
      sdMinutes: z.number().nonnegative(),
    })
    .strict(),
  z.object({ kind: z.literal('fixed'), minutes: z.number().nonnegative() }).strict(),
  z
    .object({
      kind: z.literal('empirical'),
      minutes: z.array(z.number().nonnegative()).min(1, 'give at least one observed duration').max(100_000),
    })
    .strict(),
])
export type Distribution = z.infer<typeof Distribution>

/** Draws one duration in minutes. */
export type Sampler = (random: SimRandom) => number

export function samplerOf(distribution: Distribution): Sampler {
  switch (distribution.kind) {
    case 'exponential': {
      const mean = distribution.meanMinutes
      return (random) => -mean * Math.log(random.nextPositive())
    }
    case 'lognormal': {
      // Moments of the durations turned into the parameters of their logarithm.
      const { meanMinutes: mean, sdMinutes: sd } = distribution
      const sigma2 = Math.log(1 + (sd * sd) / (mean * mean))
      const mu = Math.log(mean) - sigma2 / 2
      const sigma = Math.sqrt(sigma2)
      return (random) => Math.exp(mu + sigma * random.normal())
    }
    case 'fixed': {
      const minutes = distribution.minutes
      return () => minutes
    }
    case 'empirical': {
      const observed = distribution.minutes
      return (random) => observed[Math.floor(random.next() * observed.length)]!
    }
  }
}

export function meanOf(distribution: Distribution): number {
  switch (distribution.kind) {
    case 'exponential':
    case 'lognormal':
      return distribution.meanMinutes
    case 'fixed':
      return distribution.minutes
    case 'empirical':
      return distribution.minutes.reduce((sum, minutes) => sum + minutes, 0) / distribution.minutes.length
  }
}

/** The same shape, every duration times `factor`. */
export function scaleDistribution(distribution: Distribution, factor: number): Distribution {
  switch (distribution.kind) {
    case 'exponential':
      return { kind: 'exponential', meanMinutes: distribution.meanMinutes * factor }
    case 'lognormal':
      return {
        kind: 'lognormal',
        meanMinutes: distribution.meanMinutes * factor,
        sdMinutes: distribution.sdMinutes * factor,
      }
    case 'fixed':
      return { kind: 'fixed', minutes: distribution.minutes * factor }
    case 'empirical':
      return { kind: 'empirical', minutes: distribution.minutes.map((minutes) => minutes * factor) }
  }
}
