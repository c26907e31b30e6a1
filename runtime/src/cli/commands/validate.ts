import { hasErrors, parseDocumentJson } from '@conveyor/shared'
import { exitCodes, singleFile, type Command } from '../command'
import { formatReport } from '../diagnostics-report'
import { readDocumentFile } from '../read-document-file'

export const validateCommand: Command = {
  usage: 'FILE [--json]',
  summary: 'check a workflow document and list its problems',
  details: [
    'FILE      the workflow document (JSON), relative to the current directory',
    '--json    print the diagnostics as a JSON array instead of text',
    'Exits with 1 when the document has errors, 0 when it has none (warnings and notes allowed).',
  ],
  options: { json: { type: 'boolean' } },
  run({ positionals, values }, context) {
    const file = singleFile(positionals)
    const { diagnostics } = parseDocumentJson(readDocumentFile(file, context.cwd))
    context.out(values.json ? `${JSON.stringify(diagnostics, null, 2)}\n` : formatReport(file, diagnostics))
    return hasErrors(diagnostics) ? exitCodes.failed : exitCodes.ok
  },
}
