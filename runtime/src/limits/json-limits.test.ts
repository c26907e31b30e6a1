import { describe, expect, it } from 'vitest'
import { jsonWithinLimits, JsonLimitError, pathTooDeep, textTooDeep } from './json-limits'

const nest = (levels: number): unknown => {
  let value: unknown = 1
  for (let i = 0; i < levels; i++) value = { a: value }
  return value
}

describe('JSON limits', () => {
  it('finds the path where a value first nests too deep, at any depth without recursion', () => {
    expect(pathTooDeep(nest(64))).toBeUndefined()
    expect(pathTooDeep(nest(65))).toBe('.a'.repeat(64))
    expect(pathTooDeep({ list: [[[{}]]] }, 3)).toBe('.list[0][0]')
    expect(pathTooDeep({ 'two words': { x: 1 } }, 1)).toBe('["two words"]')
    expect(pathTooDeep(nest(100_000))).toBe('.a'.repeat(64))
  })

  it('scans JSON text for nesting without parsing it, ignoring brackets inside strings', () => {
    expect(textTooDeep('[[1]]', 2)).toBeUndefined()
    expect(textTooDeep('{"a":\n [[1]]}', 2)).toEqual({ line: 2, column: 3 })
    expect(textTooDeep('{"a": "[[[[[\\"[[["}', 2)).toBeUndefined()
    expect(textTooDeep('[' + '{"a":'.repeat(100), 64)).toEqual({ line: 1, column: 2 + 63 * 5 })
  })

  it('names the value, the limit and where, for depth and for size', () => {
    expect(() => jsonWithinLimits(nest(70), 'result')).toThrow(
      /^result nests deeper than 64 levels \(the limit\), at result\.a\.a/,
    )
    const big = { text: 'x'.repeat(1024 * 1024) }
    expect(() => jsonWithinLimits(big, 'data')).toThrow(JsonLimitError)
    expect(() => jsonWithinLimits(big, 'data')).toThrow('data is larger than 1 MiB (the limit)')
    expect(jsonWithinLimits({ amount: 250 }, 'input')).toBe('{"amount":250}')
  })
})
