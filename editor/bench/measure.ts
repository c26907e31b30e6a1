import type { Page } from 'playwright-core'

/** Milliseconds since navigation started until nodes are on screen and a frame has been painted after. */
export async function timeToInteractiveRender(page: Page, nodeSelector: string): Promise<number> {
  await page.waitForSelector(nodeSelector, { state: 'visible', timeout: 60_000 })
  return page.evaluate(
    () =>
      new Promise<number>((resolve) =>
        requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now()))),
      ),
  )
}

/** Frames per second the page painted while `gesture` ran. */
export async function framesPerSecond(page: Page, gesture: () => Promise<void>): Promise<number> {
  // A string, not a function: tsx would wrap a named helper in a `__name` call the page lacks.
  await page.evaluate(`(() => {
    const state = { frames: 0, running: true, started: performance.now() }
    window.__frames = state
    const count = () => {
      if (!state.running) return
      state.frames++
      requestAnimationFrame(count)
    }
    requestAnimationFrame(count)
  })()`)
  await gesture()
  return page.evaluate(() => {
    const state = (window as unknown as { __frames: { frames: number; running: boolean; started: number } })
      .__frames
    state.running = false
    return (state.frames * 1000) / (performance.now() - state.started)
  })
}

/** A point of the canvas with no node under it, where a drag pans the view. */
export async function emptyCanvasPoint(page: Page): Promise<{ x: number; y: number }> {
  const point = await page.evaluate(() => {
    const pane = document.querySelector('.react-flow__pane')?.getBoundingClientRect()
    if (!pane) return null
    for (let fy = 0.05; fy < 1; fy += 0.05) {
      for (let fx = 0.05; fx < 1; fx += 0.05) {
        const x = pane.left + pane.width * fx
        const y = pane.top + pane.height * fy
        const element = document.elementFromPoint(x, y)
        if (
          element?.closest('.react-flow__pane') &&
          !element.closest('.react-flow__node, .react-flow__edge, .react-flow__panel')
        ) {
          return { x, y }
        }
      }
    }
    return null
  })
  if (!point) throw new Error('No empty spot on the canvas to pan from')
  return point
}

/** Moves the mouse from `from` by (dx, dy) with the button held, over `steps` events about a frame apart. */
export async function drag(
  page: Page,
  from: { x: number; y: number },
  dx: number,
  dy: number,
  steps = 90,
): Promise<void> {
  await page.mouse.move(from.x, from.y)
  await page.mouse.down()
  for (let step = 1; step <= steps; step++) {
    // Back and forth, so long gestures stay on screen.
    const phase = Math.sin((step / steps) * Math.PI * 2)
    await page.mouse.move(from.x + dx * phase, from.y + dy * phase)
    await page.waitForTimeout(16)
  }
  await page.mouse.up()
}
