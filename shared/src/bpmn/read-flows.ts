import { childOf, listOf, textOf, type ModdleObject } from './moddle'

/** A sequence flow as read from the file, by the BPMN ids of its ends. */
export interface Flow {
  bpmnId: string
  element: ModdleObject
  source: string
  target: string
  name?: string
  condition?: string
  language?: string
}

export function readFlows(process: ModdleObject): Flow[] {
  return listOf(process, 'flowElements')
    .filter((element) => element.$type === 'bpmn:SequenceFlow')
    .flatMap((element) => {
      const source = childOf(element, 'sourceRef')?.get('id')
      const target = childOf(element, 'targetRef')?.get('id')
      if (typeof source !== 'string' || typeof target !== 'string') return []
      const expression = childOf(element, 'conditionExpression')
      const condition = textOf(expression, 'body')?.trim()
      const name = textOf(element, 'name')?.replace(/\s+/g, ' ').trim()
      return [
        {
          bpmnId: String(element.get('id')),
          element,
          source,
          target,
          ...(name ? { name: name.slice(0, 200) } : {}),
          ...(condition ? { condition, language: textOf(expression, 'language') } : {}),
        },
      ]
    })
}

/**
 * Joins the flows around each element left out: its incoming flows go on to where its outgoing
 * flows went. A flow keeps its id (and its name and condition) when the element had one way out.
 */
export function bypass(flows: Flow[], leftOut: ReadonlySet<string>): Flow[] {
  let current = flows
  for (const id of leftOut) {
    const incoming = current.filter((flow) => flow.target === id)
    const outgoing = current.filter((flow) => flow.source === id)
    const joined = (into: Flow): Flow[] =>
      outgoing.length === 1
        ? [{ ...into, target: outgoing[0]!.target }]
        : outgoing.map((out) =>
            incoming.length === 1
              ? { ...out, source: into.source, name: out.name ?? into.name }
              : { ...out, bpmnId: `${into.bpmnId}-${out.bpmnId}`, source: into.source },
          )
    // In place, so a decision's branches keep the file's order.
    current = current
      .filter((flow) => flow.source !== id)
      .flatMap((flow) => (flow.target === id ? joined(flow) : [flow]))
      .filter((flow) => flow.source !== flow.target)
  }
  return current
}
