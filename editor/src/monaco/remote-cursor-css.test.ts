import { describe, expect, it } from 'vitest'
import { cssString, remoteCursorCss } from './remote-cursor-css'

const peer = { cursor: null, selectedNodes: [] }

describe('remote cursors in expression editors', () => {
  it('colours each person’s selection and names their cursor', () => {
    const css = remoteCursorCss([{ ...peer, clientId: 42, name: 'Ann Archer', color: '#1f6feb' }])
    expect(css).toContain('.yRemoteSelection-42 { background-color: #1f6feb33; }')
    expect(css).toContain('.yRemoteSelectionHead-42 { border-color: #1f6feb; }')
    expect(css).toContain('.yRemoteSelectionHead-42::after { content: "Ann Archer"; background: #1f6feb; }')
  })

  it('escapes a name that tries to end the string or the rule', () => {
    const name = 'bob"; } body { display: none } .x::after { content: "</style><script>'
    const literal = cssString(name)
    expect(literal.slice(1, -1)).not.toMatch(/["{}<>;]/)
    expect(literal).toMatch(/^"bob\\22 \\3b {2}\\7d {2}body/)
    // Read back the way CSS reads escapes, the name is what the person chose.
    const decoded = literal
      .slice(1, -1)
      .replace(/\\([0-9a-f]+) /g, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    expect(decoded).toBe(name)
  })

  it('keeps characters outside ASCII whole', () => {
    expect(cssString('Zoë 😀')).toBe('"Zo\\eb  \\1f600 "')
  })
})
