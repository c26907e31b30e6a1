import * as Y from 'yjs'
import type { WorkflowDocument } from '../model'
import { alignExpressionTexts } from './expression-texts'
import { edgeToY, laneToY, mapOf, metaKeys, nodeToY, withoutUndefined, type WorkflowYDoc } from './layout'

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)

/** Sets the keys whose value differs and deletes the keys that are gone. */
function updateFlatMap(map: Y.Map<unknown>, entries: Record<string, unknown>, keep: string[] = []): void {
  for (const key of [...map.keys()]) {
    if (!(key in entries) && !keep.includes(key)) map.delete(key)
  }
  for (const [key, value] of Object.entries(entries)) {
    if (!same(map.get(key), value)) map.set(key, value)
  }
}

function updateEntries<T extends { id: string }>(
  target: Y.Map<Y.Map<unknown>>,
  items: T[],
  create: (item: T, order: number) => Y.Map<unknown>,
  update: (map: Y.Map<unknown>, item: T, order: number) => void,
): void {
  const ids = new Set(items.map((item) => item.id))
  for (const id of [...target.keys()]) if (!ids.has(id)) target.delete(id)
  items.forEach((item, order) => {
    const existing = target.get(item.id)
    if (existing) update(existing, item, order)
    else target.set(item.id, create(item, order))
  })
}

/**
 * Makes the Y.Doc hold the document by changing only what differs, in one transaction: unlike
 * `writeDocument`, nodes, edges and lanes that did not change keep their Y.Maps, so what others
 * edit in them concurrently survives the merge. Expressions being typed together follow the data.
 */
export function updateDocument(y: WorkflowYDoc, document: WorkflowDocument, origin: unknown = null): void {
  const clean = withoutUndefined(document)
  y.ydoc.transact(() => {
    const meta: Record<string, unknown> = { schemaVersion: clean.schemaVersion }
    for (const key of metaKeys) if (clean[key] !== undefined) meta[key] = clean[key]
    updateFlatMap(y.meta, meta)
    updateEntries(y.nodes, clean.nodes, nodeToY, (map, node, order) => {
      const { id: _id, data, ...rest } = node
      updateFlatMap(map, { ...rest, order }, ['data'])
      const current = map.get('data')
      if (current instanceof Y.Map) updateFlatMap(current, data as Record<string, unknown>)
      else map.set('data', mapOf(data as Record<string, unknown>))
    })
    updateEntries(y.edges, clean.edges, edgeToY, (map, { id: _id, ...rest }, order) =>
      updateFlatMap(map, { ...rest, order }),
    )
    updateEntries(y.lanes, clean.lanes, laneToY, (map, { id: _id, ...rest }, order) =>
      updateFlatMap(map, { ...rest, order }),
    )
    alignExpressionTexts(y)
  }, origin)
}
