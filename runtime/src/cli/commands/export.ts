import { parseDocumentJson } from '@conveyor/shared'
import { CliError, exitCodes, singleFile, type Command } from '../command'
import { formatReport } from '../diagnostics-report'
import { readDocumentFile } from '../read-document-file'
import { writeOutput } from '../write-output'

const formats = ['bpmn']

export const exportCommand: Command = {
  usage: 'FILE --format bpmn [-o OUT.bpmn]',
  summary: 'write a workflow document as BPMN 2.0 XML with its diagram, for BPMN tools',
  details: [
    'FILE           the workflow document (JSON), relative to the current directory',
    '--format bpmn  BPMN 2.0 XML with DI (positions, lanes, waypoints), as bpmn-js and Camunda read it',
    '-o, --out OUT  write it to OUT instead of printing it',
    'Modes, forms and connectors ride along in the conveyor: extension: `conveyor import` reads the',
    'file back into the same document. A document that is not a workflow is refused (exit 1).',
  ],
  options: { format: { type: 'string' }, out: { type: 'string', short: 'o' } },
  async run({ positionals, values }, context) {
    const file = singleFile(positionals)
    if (typeof values.format !== 'string' || !formats.includes(values.format)) {
      throw new CliError(
        `--format must be ${formats.map((known) => `"${known}"`).join(' or ')}`,
        exitCodes.usage,
      )
    }
    const { document, diagnostics } = parseDocumentJson(readDocumentFile(file, context.cwd))
    if (!document) {
      context.err(formatReport(file, diagnostics))
      return exitCodes.failed
    }
    // Loaded here: the BPMN writer is large, and the other commands start faster without it.
    const { exportBpmn } = await import('@conveyor/shared/bpmn')
    writeOutput(await exportBpmn(document), values.out, context, { file, done: 'exported to' })
    return exitCodes.ok
  },
}
