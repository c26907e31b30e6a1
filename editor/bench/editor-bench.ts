/**
 * The editor with big diagrams, in Chromium against the built app served by the real runtime:
 * time to open 500, 2,000 and 5,000 nodes, frame rate while panning and while dragging a node, while
 * panning at fit view (nodes in their compact form), and
 * the JavaScript a visitor downloads (gzipped). Run `pnpm build` first.
 */
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { chromium, type Page } from 'playwright-core'
import { isMonaco, recordScripts, totalBytes } from './bundle-size'
import { generateDiagram } from './generate-diagram'
import { drag, emptyCanvasPoint, framesPerSecond, timeToInteractiveRender } from './measure'
import { startRuntime, type RuntimeProcess } from './runtime-process'

const distDir = fileURLToPath(new URL('../dist', import.meta.url))
const sizes = [500, 2_000, 5_000]
const goals: Record<number, { openMs?: number; panFps?: number }> = {
  2_000: { openMs: 1_500, panFps: 50 },
  5_000: { panFps: 30 },
}
const initialJsGoalKb = 350
const nodeSelector = '.react-flow__node'

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`
const mark = (ok: boolean) => (ok ? 'ok' : 'MISSED')

async function createWorkflow(runtime: RuntimeProcess, size: number): Promise<string> {
  const document = generateDiagram(size)
  const response = await fetch(`${runtime.url}/api/workflows`, {
    method: 'POST',
    headers: { authorization: `Bearer ${runtime.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ document }),
  })
  if (!response.ok) throw new Error(`Creating the ${size}-node workflow failed: ${await response.text()}`)
  return document.id
}

/**
 * The centre of a node well inside the canvas: near the pane's edges React Flow pans the view while
 * a node is dragged, which would measure panning instead of dragging.
 */
async function visibleNodeCenter(page: Page): Promise<{ x: number; y: number }> {
  const pane = await page.locator('.react-flow').boundingBox()
  if (!pane) throw new Error('The canvas is not on screen')
  const margin = 150
  for (const node of await page.locator(nodeSelector).all()) {
    const box = await node.boundingBox()
    if (!box) continue
    const center = { x: box.x + box.width / 2, y: box.y + box.height / 2 }
    if (
      center.x > pane.x + margin &&
      center.y > pane.y + margin &&
      center.x < pane.x + pane.width - margin &&
      center.y < pane.y + pane.height - margin
    ) {
      return center
    }
  }
  throw new Error('No node is on screen to drag')
}

async function benchSize(page: Page, runtime: RuntimeProcess, size: number) {
  const id = await createWorkflow(runtime, size)
  await page.goto(`${runtime.url}/workflows/${id}`)
  const openMs = await timeToInteractiveRender(page, nodeSelector)
  await page.waitForTimeout(500)
  const panFps = await framesPerSecond(page, async () => drag(page, await emptyCanvasPoint(page), 300, 180))
  const dragFps = await framesPerSecond(page, async () => drag(page, await visibleNodeCenter(page), 120, 80))
  // Fit view goes no further out than names read: nodes in their compact form, many more on screen.
  await page.getByRole('button', { name: 'Fit view', exact: true }).click()
  await page.waitForTimeout(800)
  const compactFps = await framesPerSecond(page, async () =>
    drag(page, await emptyCanvasPoint(page), 300, 180),
  )
  const goal = goals[size] ?? {}
  const openNote = goal.openMs ? ` (goal < ${goal.openMs} ms: ${mark(openMs < goal.openMs)})` : ''
  const panNote = goal.panFps ? ` (goal ≥ ${goal.panFps}: ${mark(panFps >= goal.panFps)})` : ''
  console.log(
    `${String(size).padStart(5)} nodes: open ${Math.round(openMs)} ms${openNote}; ` +
      `pan ${panFps.toFixed(1)} fps${panNote}; drag a node ${dragFps.toFixed(1)} fps; ` +
      `pan at fit view (compact nodes) ${compactFps.toFixed(1)} fps`,
  )
}

async function main() {
  if (!existsSync(`${distDir}/index.html`)) throw new Error(`${distDir} is missing: run \`pnpm build\` first`)
  const runtime = await startRuntime()
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' })
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
    console.log(`Editor benchmark (Chromium ${browser.version()}, viewport 1440×900)`)

    const initial = recordScripts(page)
    await page.goto(`${runtime.url}/?token=${runtime.token}`, { waitUntil: 'networkidle' })
    const initialScripts = await initial.stop()
    const opening = recordScripts(page)
    await page.goto(`${runtime.url}/workflows/${await createWorkflow(runtime, 10)}`)
    await timeToInteractiveRender(page, nodeSelector)
    await page.waitForLoadState('networkidle')
    const editorScripts = await opening.stop()

    for (const size of sizes) await benchSize(page, runtime, size)

    const initialBytes = totalBytes(initialScripts)
    const editorBytes = totalBytes(editorScripts, (path) => !isMonaco(path))
    console.log(
      `initial JS (gzip, ${initialScripts.size} files): ${kb(initialBytes)} (goal < ${initialJsGoalKb} KB: ${mark(initialBytes < initialJsGoalKb * 1024)})`,
    )
    console.log(
      `JS to open a workflow, without Monaco (gzip, ${editorScripts.size} files): ${kb(editorBytes)}`,
    )
  } finally {
    await browser.close()
    await runtime.stop()
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
