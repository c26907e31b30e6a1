import type { Lane } from '../model'
import type { IdNamespace } from './import-ids'
import { documentationOf, listOf, textOf, type ModdleObject } from './moddle'
import type { NoteSink } from './note-sink'

export interface ReadLanes {
  lanes: Lane[]
  /** The lane of each flow node, by BPMN id. */
  laneOf: Map<string, string>
}

const laneKinds = new Set(['role', 'team', 'system'])
const cleanName = (name: string | undefined, fallback: string) =>
  (name?.replace(/\s+/g, ' ').trim() || fallback).slice(0, 200)

/** The lanes with no lanes inside them; lanes holding lanes are noted and left out. */
function leafLanes(laneSets: ModdleObject[], notes: NoteSink): ModdleObject[] {
  return laneSets.flatMap((laneSet) =>
    listOf(laneSet, 'lanes').flatMap((lane) => {
      const children = listOf(lane.get('childLaneSet') as ModdleObject | undefined, 'lanes')
      if (children.length === 0) return [lane]
      notes.add(
        lane,
        'approximated',
        'A lane holding lanes was left out; the lanes inside it became lanes of their own',
        'Nothing to do, unless its name should be part of theirs.',
      )
      return leafLanes([lane.get('childLaneSet') as ModdleObject], notes)
    }),
  )
}

/**
 * The lanes of one process: its leaf lanes, or the pool itself when the pool has none (a pool
 * is the organisation that does the work). Sorted top to bottom when the file draws them all.
 */
export function readLanes(
  processes: Array<{ process: ModdleObject; participant?: ModdleObject }>,
  ids: IdNamespace,
  boundsOf: (element: ModdleObject) => { y: number } | undefined,
  notes: NoteSink,
): ReadLanes {
  const found: Array<{ lane: Lane; y?: number }> = []
  const laneOf = new Map<string, string>()
  for (const { process, participant } of processes) {
    const leaves = leafLanes(listOf(process, 'laneSets'), notes)
    for (const element of leaves) {
      const kind = textOf(element, 'conveyor:kind')
      const description = documentationOf(element)
      const lane: Lane = {
        id: ids.claim(String(element.get('id')), textOf(element, 'conveyor:key')),
        name: cleanName(textOf(element, 'name'), 'Lane'),
        kind: kind && laneKinds.has(kind) ? (kind as Lane['kind']) : 'role',
        ...(description ? { description } : {}),
      }
      found.push({ lane, y: boundsOf(element)?.y })
      for (const node of listOf(element, 'flowNodeRef')) laneOf.set(String(node.get('id')), lane.id)
    }
    if (leaves.length === 0 && participant) {
      const lane: Lane = {
        id: ids.claim(String(participant.get('id'))),
        name: cleanName(textOf(participant, 'name') ?? textOf(process, 'name'), 'Pool'),
        kind: 'team',
      }
      found.push({ lane, y: boundsOf(participant)?.y })
      for (const node of listOf(process, 'flowElements')) laneOf.set(String(node.get('id')), lane.id)
    }
  }
  if (found.every((entry) => entry.y !== undefined)) found.sort((a, b) => a.y! - b.y!)
  return { lanes: found.map((entry) => entry.lane), laneOf }
}
