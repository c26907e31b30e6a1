/**
 * The simulator's seeded random source: sfc32, seeded through splitmix32. Its period is at least
 * 2^32 and about 2^127 on average, far beyond the tens of millions of draws a long run makes, and
 * it uses only 32-bit integer arithmetic, so a seed gives the same numbers in every JavaScript engine.
 */
export interface SimRandom {
  /** A float in [0, 1). */
  next(): number
  /** A float in (0, 1]: safe to take the logarithm of. */
  nextPositive(): number
  /** A standard normal draw (mean 0, standard deviation 1). */
  normal(): number
}

export function simRandom(seed: number): SimRandom {
  let mix = seed >>> 0
  const splitmix = () => {
    mix = (mix + 0x9e3779b9) >>> 0
    let z = mix
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
    return (z ^ (z >>> 16)) >>> 0
  }
  let a = splitmix()
  let b = splitmix()
  let c = splitmix()
  let d = splitmix()
  const next32 = () => {
    const t = (((a + b) >>> 0) + d) >>> 0
    d = (d + 1) >>> 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) >>> 0
    c = (c << 21) | (c >>> 11)
    c = (c + t) >>> 0
    return t
  }
  // Discard the first draws: they still carry the seed's structure.
  for (let i = 0; i < 12; i++) next32()
  const next = () => next32() / 4294967296
  const nextPositive = () => (next32() + 1) / 4294967296
  let spareNormal: number | undefined
  const normal = () => {
    if (spareNormal !== undefined) {
      const spare = spareNormal
      spareNormal = undefined
      return spare
    }
    // Box–Muller: two independent normals from two uniforms; the second is kept for the next call.
    const radius = Math.sqrt(-2 * Math.log(nextPositive()))
    const angle = 2 * Math.PI * next()
    spareNormal = radius * Math.sin(angle)
    return radius * Math.cos(angle)
  }
  return { next, nextPositive, normal }
}
