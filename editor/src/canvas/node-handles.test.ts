import { describe, expect, it } from 'vitest'
import { exceptionHandle } from '../doc/connection-rules'
import { nodeSize } from '../doc/geometry'
import { exampleDocument } from '../doc/test-documents'
import { handlesOf } from './node-handles'

const document = exampleDocument('order-to-cash')
const node = (id: string) => document.nodes.find((entry) => entry.id === id)!
const centre = (handle: { x: number; y: number; width?: number; height?: number }) => ({
  x: handle.x + (handle.width ?? 0) / 2,
  y: handle.y + (handle.height ?? 0) / 2,
})

describe('computed handle positions', () => {
  it('give a decision one source handle per branch, top to bottom, on its right edge', () => {
    const decision = node('credit-check')
    const handles = handlesOf(decision).filter((handle) => handle.type === 'source')
    expect(handles.map((handle) => handle.id)).toEqual(['prepaid', 'within-limit', 'over-limit'])
    const ys = handles.map((handle) => centre(handle).y)
    expect([...ys].sort((a, b) => a - b)).toEqual(ys)
    for (const handle of handles) expect(centre(handle).x).toBeGreaterThan(nodeSize('decision').width - 10)
  })

  it('give a step an input, an output and the exception handle at the bottom', () => {
    const handles = handlesOf(node('review-credit'))
    expect(handles.map((handle) => [handle.type, handle.id])).toEqual([
      ['target', null],
      ['source', null],
      ['source', exceptionHandle],
    ])
    expect(centre(handles[2]!).y).toBeGreaterThan(nodeSize('step').height - 10)
  })

  it('give triggers no input and ends no output', () => {
    expect(handlesOf(node('order-received')).map((handle) => handle.type)).toEqual(['source'])
    expect(handlesOf(node('cash-collected')).map((handle) => handle.type)).toEqual(['target'])
  })
})
