import { describe, expect, it } from 'vitest'
import { numberedPlaceholders } from './placeholders'

describe('numbered placeholders', () => {
  it('numbers each ? in order', () => {
    expect(
      numberedPlaceholders('INSERT INTO t (a, b) VALUES (?, ?) ON CONFLICT (a) DO UPDATE SET b = ?'),
    ).toBe('INSERT INTO t (a, b) VALUES ($1, $2) ON CONFLICT (a) DO UPDATE SET b = $3')
  })

  it('leaves a ? inside a string literal, a quoted name or a comment alone', () => {
    expect(
      numberedPlaceholders(`SELECT 'why?', 'it''s ?', "odd?name" FROM t WHERE a = ? -- is it?\nAND b = ?`),
    ).toBe(`SELECT 'why?', 'it''s ?', "odd?name" FROM t WHERE a = $1 -- is it?\nAND b = $2`)
    expect(numberedPlaceholders('SELECT /* ? */ ?')).toBe('SELECT /* ? */ $1')
  })
})
