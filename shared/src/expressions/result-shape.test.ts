import { describe, expect, it } from 'vitest'
import { expressionAst } from './check-expression'
import { resultShape } from './result-shape'

const shapeOf = (expression: string) => {
  const { keys, other } = resultShape(expressionAst(expression))
  return { keys: keys ? [...keys].sort() : undefined, other }
}

describe('result shape', () => {
  it('knows the keys of an object written out', () => {
    expect(shapeOf('{ "duplicate": body.matches > 0, "count": body.matches }')).toEqual({
      keys: ['count', 'duplicate'],
      other: false,
    })
  })

  it('knows literals, arithmetic and comparisons are not objects', () => {
    for (const expression of ['"text"', '42', 'true', 'amount * 2', 'a = b', '"a" & b', '-a', '[1, 2]'])
      expect(shapeOf(expression), expression).toEqual({ keys: [], other: true })
  })

  it('joins the keys of either side of a condition, and reads the last expression of a block', () => {
    expect(shapeOf('ok ? { "a": 1 } : { "b": 2 }')).toEqual({ keys: ['a', 'b'], other: false })
    expect(shapeOf('ok ? { "a": 1 }')).toEqual({ keys: ['a'], other: false })
    expect(shapeOf('ok ? { "a": 1 } : "none"')).toEqual({ keys: ['a'], other: true })
    expect(shapeOf('($x := 1; { "a": $x })')).toEqual({ keys: ['a'], other: false })
  })

  it('does not guess the keys of anything else', () => {
    for (const expression of [
      'body',
      '$merge([a, b])',
      '{ key: 1 }',
      'ok ? body : { "a": 1 }',
      '$ ~> | a | {} |',
    ])
      expect(shapeOf(expression).keys, expression).toBeUndefined()
  })
})
