import { BpmnInputError } from './bpmn-input-error'
import { createModdle, type ModdleObject, type ModdleWarning } from './moddle'
import type { NoteSink } from './note-sink'
import { checkBpmnText } from './xml-limits'

/** The parser's words and where, 1-based: moddle says "line: 0, column: 6" for the first line. */
function parserFailure(error: unknown, warnings: ModdleWarning[]): BpmnInputError {
  const text = [
    error instanceof Error ? error.message : String(error),
    ...warnings.map((w) => w.message),
  ].find((message) => /line: \d+/.test(message))
  const line = text ? Number(/line: (\d+)/.exec(text)?.[1]) + 1 : undefined
  const column = text ? Number(/column: (\d+)/.exec(text)?.[1]) + 1 : undefined
  const where = line && column ? { line, column } : undefined
  const at = where ? ` at line ${where.line}, column ${where.column}` : ''
  const nested = text ? /nested error: (.*)/.exec(text)?.[1] : undefined
  const notBpmn = /failed to parse document as <bpmn:Definitions>/.test(String(error))
  if (notBpmn) {
    const root = text ? /<([^\s>/]+)/.exec(text)?.[1] : undefined
    return new BpmnInputError(
      'not-bpmn',
      `This is not a BPMN 2.0 file: its root element${root ? ` <${root}>` : ''}${at} is not <definitions> in the BPMN 2.0 namespace (http://www.omg.org/spec/BPMN/20100524/MODEL)`,
      where,
    )
  }
  return new BpmnInputError(
    'not-xml',
    `This is not well-formed XML: ${nested ?? 'it could not be read'}${at}`,
    where,
  )
}

/** Parses BPMN 2.0 XML into its definitions, refusing what breaks the limits or is not BPMN. */
export async function readDefinitions(
  xml: string,
): Promise<{ definitions: ModdleObject; warnings: ModdleWarning[] }> {
  checkBpmnText(xml)
  let result: Awaited<ReturnType<ReturnType<typeof createModdle>['fromXML']>>
  try {
    result = await createModdle().fromXML(xml)
  } catch (error) {
    throw parserFailure(error, (error as { warnings?: ModdleWarning[] }).warnings ?? [])
  }
  const definitions = result.rootElement
  if (definitions?.$type !== 'bpmn:Definitions')
    throw parserFailure('failed to parse document as <bpmn:Definitions>', [])
  return { definitions, warnings: result.warnings }
}

/** Elements the parser skipped (not BPMN 2.0, or misplaced), as dropped notes with where they are. */
export function noteSkippedContent(warnings: ModdleWarning[], notes: NoteSink): void {
  for (const warning of warnings) {
    const first = warning.message.split('\n')[0] ?? warning.message
    const element = /unparsable content <([^\s>/]+)/.exec(first)?.[1]
    if (!element) continue
    const where = /line: (\d+)\s+column: (\d+)/.exec(warning.message)
    notes.notes.push({
      bpmnId: '',
      bpmnType: element,
      outcome: 'dropped',
      message: `<${element}>${where ? ` at line ${Number(where[1]) + 1}, column ${Number(where[2]) + 1}` : ''} is not BPMN 2.0 and was left out`,
      hint: 'Nothing to do, unless it held part of the flow.',
    })
  }
}
