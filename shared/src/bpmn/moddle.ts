// The package's entry has no typings; this pulls the declaration in wherever the parser is used.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- an ambient module declaration
/// <reference path="./bpmn-moddle.d.ts" />
import { BpmnModdle, type ModdleObject, type ModdleWarning } from 'bpmn-moddle'
import { conveyorExtension } from './conveyor-extension'

export type { BpmnModdle, ModdleObject, ModdleWarning }

/** A moddle that reads and writes BPMN 2.0 with DI and the `conveyor:` extension. */
export function createModdle(): BpmnModdle {
  return new BpmnModdle({ conveyor: conveyorExtension })
}

/** The elements of a list property (`flowElements`, `lanes`, …), empty when there are none. */
export function listOf(element: ModdleObject | undefined, property: string): ModdleObject[] {
  const value = element?.get(property)
  return Array.isArray(value) ? (value as ModdleObject[]) : []
}

/** A property holding one element (`bounds`, `conditionExpression`, `attachedToRef`, …). */
export function childOf(element: ModdleObject | undefined, property: string): ModdleObject | undefined {
  const value = element?.get(property)
  return value && typeof value === 'object' ? (value as ModdleObject) : undefined
}

export function textOf(element: ModdleObject | undefined, property: string): string | undefined {
  const value = element?.get(property)
  return typeof value === 'string' ? value : undefined
}

export function numberOf(element: ModdleObject | undefined, property: string): number | undefined {
  const value = element?.get(property)
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined
}

/** The text of an element's `documentation`, paragraphs joined by a blank line. */
export function documentationOf(element: ModdleObject): string | undefined {
  const texts = listOf(element, 'documentation')
    .map((documentation) => textOf(documentation, 'text')?.trim())
    .filter((text): text is string => !!text)
  return texts.length > 0 ? texts.join('\n\n') : undefined
}

/** The JSON text of an element's `<conveyor:data>`, if it has one. */
export function conveyorDataOf(element: ModdleObject): string | undefined {
  const data = listOf(childOf(element, 'extensionElements'), 'values').find(
    (value) => value.$type === 'conveyor:Data',
  )
  return textOf(data, 'json')
}
