import type { Random } from './random'

/**
 * Breaks a document in one random way a person, a bad merge or a buggy client might: deletes or
 * duplicates a node or a connection, points a connection elsewhere, or overwrites a field with an
 * odd value. Returns a new document; the input is left alone.
 */
export function mutateDocument(document: unknown, random: Random): unknown {
  const copy = structuredClone(document) as { nodes: unknown; edges: unknown }
  // An earlier mutation may have replaced the lists themselves; mutate fresh ones then.
  if (!Array.isArray(copy.nodes)) copy.nodes = []
  if (!Array.isArray(copy.edges) || copy.edges.some((edge) => edge === null || typeof edge !== 'object'))
    copy.edges = []
  return mutateLists(copy as { nodes: unknown[]; edges: Array<Record<string, unknown>> }, random)
}

function mutateLists(
  copy: { nodes: unknown[]; edges: Array<Record<string, unknown>> },
  random: Random,
): unknown {
  const anyNode = () => random.int(0, Math.max(0, copy.nodes.length - 1))
  const anyEdge = () => random.int(0, Math.max(0, copy.edges.length - 1))
  const nodeId = () => (copy.nodes[anyNode()] as { id?: unknown } | undefined)?.id ?? 'missing'
  switch (random.int(0, 6)) {
    case 0:
      copy.nodes.splice(anyNode(), 1)
      break
    case 1:
      copy.edges.splice(anyEdge(), 1)
      break
    case 2:
      if (copy.edges.length > 0) copy.edges[anyEdge()]!.target = nodeId()
      break
    case 3:
      if (copy.edges.length > 0) copy.edges[anyEdge()]!.source = nodeId()
      break
    case 4:
      if (copy.nodes.length > 0) copy.nodes.push(structuredClone(copy.nodes[anyNode()]))
      break
    case 5:
      if (copy.edges.length > 0)
        copy.edges.push({ ...copy.edges[anyEdge()]!, id: `extra${random.int(0, 999)}` })
      break
    default:
      overwriteSomewhere(copy, random)
  }
  return copy
}

const oddValues: unknown[] = [null, 0, -1, '', 'x', [], {}, true, 'a ~ b', '99 * * * *', 'fork', 'join']

function overwriteSomewhere(root: unknown, random: Random): void {
  let target = root as Record<string, unknown>
  for (let depth = 0; depth < 6; depth++) {
    const keys = Object.keys(target)
    if (keys.length === 0) return
    const key = random.pick(keys)
    const next = target[key]
    if (next === null || typeof next !== 'object' || random.chance(0.25)) {
      target[key] = random.pick(oddValues)
      return
    }
    target = next as Record<string, unknown>
  }
}
