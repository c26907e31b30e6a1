import { describeReadiness, validateDocument } from '@conveyor/shared'
import type { BpmnImportNote } from '@conveyor/shared/bpmn'
import { CliError, singleFile, exitCodes, type Command } from '../command'
import { readDocumentFile } from '../read-document-file'
import { writeOutput } from '../write-output'

/** `FILE: dropped Gateway_1 (bpmn:ExclusiveGateway "Merge"): message`, then its hint. */
function formatNote(file: string, note: BpmnImportNote): string {
  const what = `${note.bpmnType}${note.name ? ` "${note.name}"` : ''}`
  return `${file}: ${note.outcome} ${note.bpmnId || '(no id)'} (${what}): ${note.message}\n  hint: ${note.hint}\n`
}

export const importCommand: Command = {
  usage: 'FILE.bpmn [-o OUT.json]',
  summary: 'read a BPMN 2.0 file into a workflow document, listing what was approximated or dropped',
  details: [
    'FILE.bpmn      the BPMN 2.0 file (as Camunda Modeler, Signavio or Conveyor write it)',
    '-o, --out OUT  write the workflow document to OUT instead of printing it',
    'Every element that became the nearest thing Conveyor has, or was left out, is listed by its',
    'BPMN id with a hint; conditions are kept as written, to check. Exits with 1 when the file is',
    'not BPMN (nothing is written).',
  ],
  options: { out: { type: 'string', short: 'o' } },
  async run({ positionals, values }, context) {
    const file = singleFile(positionals)
    const xml = readDocumentFile(file, context.cwd)
    // Loaded here: the BPMN parser is large, and the other commands start faster without it.
    const { BpmnInputError, importBpmn } = await import('@conveyor/shared/bpmn')
    const { document, report } = await importBpmn(xml).catch((error: unknown) => {
      throw error instanceof BpmnInputError ? new CliError(`${file}: ${error.message}`) : error
    })
    for (const note of report.notes) context.err(formatNote(file, note))
    writeOutput(`${JSON.stringify(document, null, 2)}\n`, values.out, context, { file, done: 'imported to' })
    const { diagnostics } = validateDocument(document)
    context.err(
      `${file}: ${document.nodes.length} nodes, ${document.edges.length} connections, ${document.lanes.length} lanes, ${report.notes.length} notes; ${describeReadiness(diagnostics)}\n`,
    )
    return exitCodes.ok
  },
}
