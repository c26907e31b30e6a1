import { isMapComplete, isReadyToRun, parseDocumentJson } from '@conveyor/shared'
import { exitCodes, singleFile, type Command } from '../command'
import { formatReport } from '../diagnostics-report'
import { readDocumentFile } from '../read-document-file'

export const validateCommand: Command = {
  usage: 'FILE [--ready] [--json]',
  summary: 'check a workflow document and list its problems',
  details: [
    'FILE      the workflow document (JSON), relative to the current directory',
    '--ready   also fail on what is still to set up before it can run (connectors, conditions, forms…)',
    '--json    print the diagnostics as a JSON array instead of text; each has a level, "map" or "run"',
    'Exits with 1 when the map has errors (its flow is not whole), 0 when it has none (warnings, notes',
    'and things to set up allowed); with --ready, also 1 while anything is left to set up.',
  ],
  options: { json: { type: 'boolean' }, ready: { type: 'boolean' } },
  run({ positionals, values }, context) {
    const file = singleFile(positionals)
    const ready = values.ready === true
    const { diagnostics } = parseDocumentJson(readDocumentFile(file, context.cwd))
    context.out(
      values.json ? `${JSON.stringify(diagnostics, null, 2)}\n` : formatReport(file, diagnostics, { ready }),
    )
    const passes = ready ? isReadyToRun(diagnostics) : isMapComplete(diagnostics)
    return passes ? exitCodes.ok : exitCodes.failed
  },
}
