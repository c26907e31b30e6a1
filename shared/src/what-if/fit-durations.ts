import type { Distribution } from './distribution'

/**
 * The distribution that best explains observed durations (minutes): exponential or lognormal,
 * each fitted by maximum likelihood, whichever gives the observations the higher likelihood.
 * Durations of zero (work done at once) cannot come from either, so observations holding any are
 * replayed as they are (empirical).
 */
export function fitDurations(minutes: readonly number[]): Distribution {
  const n = minutes.length
  if (n === 0) throw new Error('fitDurations needs at least one observed duration')
  if (minutes.some((value) => !(value > 0))) return { kind: 'empirical', minutes: [...minutes] }
  let sum = 0
  let sumLog = 0
  for (const value of minutes) {
    sum += value
    sumLog += Math.log(value)
  }
  const mean = sum / n
  const mu = sumLog / n
  let squares = 0
  for (const value of minutes) squares += (Math.log(value) - mu) ** 2
  const sigma2 = squares / n
  if (sigma2 === 0) return { kind: 'fixed', minutes: mean }
  // Log-likelihoods at the fitted parameters: exponential (rate 1/mean) and lognormal (mu, sigma²).
  const exponential = -n * Math.log(mean) - n
  const lognormal = -sumLog - (n / 2) * Math.log(2 * Math.PI * sigma2) - n / 2
  if (exponential >= lognormal) return { kind: 'exponential', meanMinutes: mean }
  const fittedMean = Math.exp(mu + sigma2 / 2)
  return {
    kind: 'lognormal',
    meanMinutes: fittedMean,
    sdMinutes: fittedMean * Math.sqrt(Math.exp(sigma2) - 1),
  }
}
