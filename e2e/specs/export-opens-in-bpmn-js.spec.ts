import { existsSync, readdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { WorkflowDocument } from '@conveyor/shared'
import { expect, test } from '../fixtures/test'

/** bpmn-js's own viewer bundle, as a page embedding it loads it: from the package, nothing fetched. */
const bpmnViewer = createRequire(import.meta.url).resolve('bpmn-js/dist/bpmn-viewer.production.min.js')

/** The examples the runtime seeds on first start, each under its folder's name. */
const examplesFolder = new URL('../../examples/', import.meta.url)
const exampleIds = readdirSync(examplesFolder).filter((name) =>
  existsSync(new URL(`${name}/workflow.json`, examplesFolder)),
)

/** What bpmn-js drew, by the Conveyor id each element came from. */
interface Drawn {
  shapes: string[]
  connections: string[]
  lanes: string[]
}

test.describe('a workflow exported as BPMN opens in bpmn-js', () => {
  test('there are examples to export', () => {
    expect(exampleIds.length).toBeGreaterThanOrEqual(5)
  })

  for (const id of exampleIds) {
    test(`the ${id} example: every node, edge and lane drawn, without warnings`, async ({ page, api }) => {
      const stored = await api.get(`/api/workflows/${id}`)
      expect(stored.status()).toBe(200)
      const { document } = (await stored.json()) as { document: WorkflowDocument }
      const exported = await api.get(`/api/workflows/${id}/export?format=bpmn`)
      expect(exported.status()).toBe(200)
      const xml = await exported.text()

      // A blank page of no origin: the app's own security policy would refuse the viewer's script.
      await page.goto('about:blank')
      await page.setContent('<div id="diagram" style="width: 1200px; height: 700px"></div>')
      await page.addScriptTag({ path: bpmnViewer })
      const outcome = await page.evaluate(async (bpmn) => {
        interface Element {
          type: string
          waypoints?: unknown
          labelTarget?: unknown
          businessObject: { id: string; $attrs: Record<string, string | undefined> }
        }
        interface Viewer {
          importXML(xml: string): Promise<{ warnings: unknown[] }>
          get(service: 'elementRegistry'): { getAll(): Element[] }
        }
        const { BpmnJS } = window as unknown as { BpmnJS: new (options: object) => Viewer }
        const viewer = new BpmnJS({ container: '#diagram' })
        try {
          const { warnings } = await viewer.importXML(bpmn)
          // An element whose id could not be kept names the Conveyor id it stands for.
          const keyOf = (element: Element) =>
            element.businessObject.$attrs['conveyor:key'] ?? element.businessObject.id
          const drawn = viewer.get('elementRegistry').getAll()
          const pool = new Set(['bpmn:Participant', 'bpmn:Process', 'bpmn:Collaboration'])
          const shapes = drawn.filter(
            (element) => !element.waypoints && !element.labelTarget && element.type !== 'label',
          )
          return {
            error: undefined,
            warnings: warnings.map(String),
            drawn: {
              shapes: shapes
                .filter((element) => element.type !== 'bpmn:Lane' && !pool.has(element.type))
                .map(keyOf),
              connections: drawn.filter((element) => element.waypoints).map(keyOf),
              lanes: shapes.filter((element) => element.type === 'bpmn:Lane').map(keyOf),
            } satisfies Drawn,
          }
        } catch (error) {
          return { error: String(error), warnings: [], drawn: undefined }
        }
      }, xml)

      expect(outcome.error).toBeUndefined()
      expect(outcome.warnings).toEqual([])
      const sorted = (ids: string[]) => [...ids].sort()
      expect(sorted(outcome.drawn!.shapes)).toEqual(sorted(document.nodes.map((node) => node.id)))
      expect(sorted(outcome.drawn!.connections)).toEqual(sorted(document.edges.map((edge) => edge.id)))
      expect(sorted(outcome.drawn!.lanes)).toEqual(sorted(document.lanes.map((lane) => lane.id)))
      expect(document.nodes.length).toBeGreaterThan(0)
    })
  }
})
