import { describe, expect, it } from 'vitest'
import { expressionAst } from './check-expression'
import { fieldReferences } from './field-references'

const read = (expression: string) => fieldReferences(expressionAst(expression)!).map((r) => r.names.join('.'))

describe('field references', () => {
  it.each([
    ['amout > 5000', ['amout']],
    ['data.amount * 2', ['data.amount']],
    ['$$.amount', ['amount']],
    ['$.amount', ['amount']],
    ['`cost centre` = "A"', ['cost centre']],
    ['category in ["access", "hardware"]', ['category']],
    ['$sum(items.price) > limit', ['items.price', 'limit']],
    ['answer ? answer : resolution', ['answer', 'answer', 'resolution']],
    ['{ "to": data.email, "total": $round(amount, 2) }', ['data.email', 'amount']],
    ['($rate := rate; total * $rate)', ['rate', 'total']],
    ['$map(items, function($item) { $item.price * rate })', ['items', 'rate']],
    ['items ~> $filter(function($i) { $i.ok })', ['items']],
  ])('%s reads %j', (expression, names) => {
    expect(read(expression)).toEqual(names)
  })

  it('leaves out what is read from values found along a path, in a filter, grouping or sort', () => {
    expect(read('items[price > 10].name')).toEqual(['items'])
    expect(read('items{ name: price }')).toEqual(['items'])
    expect(read('items^(price).name')).toEqual(['items'])
    expect(read('items.(price * quantity)')).toEqual(['items'])
    expect(read('items@$i.name')).toEqual(['items'])
    expect(read('$ ~> | order | { "status": state } |')).toEqual([])
  })

  it('still reads the input through $$ inside a filter', () => {
    expect(read('items[price > $$.limit]')).toEqual(['items', 'limit'])
  })

  it('ignores variables, functions, literals and wildcards', () => {
    expect(read('$x.amount + $count($y) & "amount" & $string(42)')).toEqual([])
    expect(read('*.amount')).toEqual([])
    expect(read('**.amount')).toEqual([])
    expect(read('$now()')).toEqual([])
    expect(read('true and null = null')).toEqual([])
    expect(read('/amount/')).toEqual([])
  })

  it('says where each name ends', () => {
    const [reference] = fieldReferences(expressionAst('1 + data.amout')!)
    expect(reference).toEqual({ names: ['data', 'amout'], ends: [8, 14] })
  })
})
