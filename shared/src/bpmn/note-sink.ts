import type { BpmnImportNote, BpmnImportOutcome } from './import-report'
import { textOf, type ModdleObject } from './moddle'

/** `bpmn:DataStoreReference` → `data store reference`. */
export const describeType = (type: string) =>
  type
    .replace(/^bpmn:/, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()

/** Collects the report's notes, each naming the BPMN element it is about. */
export class NoteSink {
  readonly notes: BpmnImportNote[] = []

  add(
    element: ModdleObject,
    outcome: BpmnImportOutcome,
    message: string,
    hint: string,
    nodeId?: string,
  ): void {
    const name = textOf(element, 'name')?.replace(/\s+/g, ' ').trim()
    this.notes.push({
      bpmnId: String(element.get('id') ?? ''),
      bpmnType: element.$type,
      ...(name ? { name } : {}),
      outcome,
      ...(nodeId ? { nodeId } : {}),
      message,
      hint,
    })
  }
}
