import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { detailZoom, legibleTextSize, legibleZoom, nameSize, shapeZoom, zoomLevel } from './zoom-levels'

const css = readFileSync(new URL('../styles/canvas.css', import.meta.url), 'utf8')

/** The font size the stylesheet gives a rule's selector, in pixels. */
function fontSize(selector: string): number {
  const start = css.indexOf(`${selector} {`)
  expect(start, `canvas.css styles ${selector}`).toBeGreaterThanOrEqual(0)
  const block = css.slice(start, css.indexOf('}', start))
  return Number(/font-size:\s*(\d+)px/.exec(block)?.[1])
}

describe('zoom levels', () => {
  it('draw names at a legible size at the smallest zoom of each level, with the sizes the stylesheet uses', () => {
    expect(fontSize('.flow-node__label')).toBe(nameSize.detail)
    expect(fontSize('.flow-node.is-compact > .flow-node__label')).toBe(nameSize.compact)
    expect(nameSize.detail * detailZoom).toBeGreaterThanOrEqual(legibleTextSize)
    expect(nameSize.compact * legibleZoom).toBeGreaterThanOrEqual(legibleTextSize)
  })

  it('switch from full detail to the compact form to plain shapes as the view zooms out', () => {
    expect(zoomLevel(1)).toBe('detail')
    expect(zoomLevel(detailZoom)).toBe('detail')
    expect(zoomLevel(detailZoom - 0.01)).toBe('compact')
    expect(zoomLevel(legibleZoom)).toBe('compact')
    expect(zoomLevel(shapeZoom)).toBe('compact')
    expect(zoomLevel(shapeZoom - 0.01)).toBe('shape')
    expect(shapeZoom).toBeLessThan(legibleZoom)
  })
})
