import * as Y from 'yjs'
import type { WorkflowDocument } from '../model'
import { alignExpressionTexts } from './expression-texts'
import { edgeToY, laneToY, mapOf, metaKeys, nodeToY, withoutUndefined, type WorkflowYDoc } from './layout'

type Fields = Record<string, unknown>

/** Deep equality of JSON values, whatever the order of their keys. */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  const keysA = Object.keys(a)
  const keysB = Object.keys(b)
  if (keysA.length !== keysB.length) return false
  return keysA.every((key) => key in b && sameJson((a as Fields)[key], (b as Fields)[key]))
}

/** Sets (or deletes) in the map each field whose value differs between base and theirs. */
function applyChangedFields(map: Y.Map<unknown>, base: Fields, theirs: Fields): void {
  for (const key of new Set([...Object.keys(base), ...Object.keys(theirs)])) {
    if (sameJson(base[key], theirs[key])) continue
    if (theirs[key] === undefined) map.delete(key)
    else map.set(key, theirs[key])
  }
}

interface EntryRules<T extends { id: string }> {
  create: (item: T, order: number) => Y.Map<unknown>
  /** The element's top-level fields as stored in its Y.Map (`order` included). */
  fields: (item: T, order: number) => Fields
  /** Fields kept in a nested Y.Map, merged key by key. */
  nested?: (map: Y.Map<unknown>, base: T, theirs: T) => void
}

/**
 * Applies base → theirs to one keyed collection; returns the ids it removed and the ids it
 * added or changed.
 */
function mergeEntries<T extends { id: string }>(
  target: Y.Map<Y.Map<unknown>>,
  base: T[],
  theirs: T[],
  rules: EntryRules<T>,
): { removed: Set<string>; touched: Set<string> } {
  const before = new Map(base.map((item, order) => [item.id, { item, order }]))
  const after = new Set(theirs.map((item) => item.id))
  const removed = new Set<string>()
  const touched = new Set<string>()
  for (const id of before.keys()) {
    if (after.has(id) || !target.has(id)) continue
    target.delete(id)
    removed.add(id)
  }
  theirs.forEach((item, order) => {
    const previous = before.get(item.id)
    const live = target.get(item.id)
    if (!previous) {
      // Added by the save (if also added live under the same id, the save's element replaces it).
      target.set(item.id, rules.create(item, order))
      touched.add(item.id)
      return
    }
    // Deleted live: the deletion stands, whatever the save changed in it.
    if (!live) return
    if (previous.order === order && sameJson(previous.item, item)) return
    applyChangedFields(live, rules.fields(previous.item, previous.order), rules.fields(item, order))
    rules.nested?.(live, previous.item, item)
    touched.add(item.id)
  })
  return { removed, touched }
}

function metaOf(document: WorkflowDocument): Fields {
  const meta: Fields = { schemaVersion: document.schemaVersion }
  for (const key of metaKeys) meta[key] = document[key]
  return meta
}

const withoutId = <T extends { id: string }>({ id: _id, ...rest }: T): Fields => rest

const nodeRules: EntryRules<WorkflowDocument['nodes'][number]> = {
  create: nodeToY,
  fields: ({ id: _id, data: _data, ...rest }, order) => ({ ...rest, order }),
  nested: (map, base, theirs) => {
    const data = map.get('data')
    if (data instanceof Y.Map) applyChangedFields(data, base.data as Fields, theirs.data as Fields)
    else map.set('data', mapOf(theirs.data as Fields))
  },
}

const edgeRules: EntryRules<WorkflowDocument['edges'][number]> = {
  create: edgeToY,
  fields: (edge, order) => ({ ...withoutId(edge), order }),
}

const laneRules: EntryRules<WorkflowDocument['lanes'][number]> = {
  create: laneToY,
  fields: (lane, order) => ({ ...withoutId(lane), order }),
}

/**
 * Three-way merge of a saved document into a live Y.Doc: applies to the Y.Doc only what changed
 * between `base` (the stored document the Y.Doc was last in step with) and `theirs` (the newly
 * saved one), element by element (nodes, edges and lanes added, removed or changed) and field by
 * field (a node's type, position and size, each key of its data, each field of an edge or a lane,
 * each document-level field such as the name). What was edited in the Y.Doc since it was in step
 * with `base` stays wherever the save did not change the same thing. The rules, for an explicit
 * save meeting live edits:
 *
 * - The same field changed on both sides: the save's value wins.
 * - A deletion on either side wins over changes on the other: an element the save removed goes,
 *   even if it was edited live; one removed live stays removed, even if the save changed it.
 * - The same id added on both sides: the save's element replaces the live one.
 * - Edges follow their nodes: an edge the merge added or changed, or one attached to a node the
 *   merge removed, goes when one of its ends is no longer a node (so a node removed by the save
 *   takes along the edges drawn to it live, and an edge the save drew to a node removed live is
 *   not added).
 * - Order: an element whose position in the document's lists changed takes the save's position.
 *
 * Comments and anything else kept in the Y.Doc beside the workflow are untouched, but for the
 * texts of expressions being typed together, which follow the merged data. Merging into a
 * Y.Doc that still equals `base` leaves it equal to `theirs`. Everything happens in one
 * transaction; when base and theirs are equal nothing is written.
 */
export function mergeDocument(
  y: WorkflowYDoc,
  base: WorkflowDocument,
  theirs: WorkflowDocument,
  origin: unknown = null,
): void {
  const before = withoutUndefined(base)
  const after = withoutUndefined(theirs)
  if (sameJson(before, after)) return
  y.ydoc.transact(() => {
    applyChangedFields(y.meta, metaOf(before), metaOf(after))
    mergeEntries(y.lanes, before.lanes, after.lanes, laneRules)
    const nodes = mergeEntries(y.nodes, before.nodes, after.nodes, nodeRules)
    const edges = mergeEntries(y.edges, before.edges, after.edges, edgeRules)
    for (const [id, edge] of [...y.edges.entries()]) {
      const source = edge.get('source') as string
      const target = edge.get('target') as string
      const concerned = edges.touched.has(id) || nodes.removed.has(source) || nodes.removed.has(target)
      if (concerned && !(y.nodes.has(source) && y.nodes.has(target))) y.edges.delete(id)
    }
    alignExpressionTexts(y)
  }, origin)
}
