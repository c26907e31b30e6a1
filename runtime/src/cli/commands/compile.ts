import { compile, hasErrors, parseDocumentJson } from '@conveyor/shared'
import { exitCodes, singleFile, type Command } from '../command'
import { formatDiagnostic, formatReport } from '../diagnostics-report'
import { readDocumentFile } from '../read-document-file'
import { writeOutput } from '../write-output'

export const compileCommand: Command = {
  usage: 'FILE [-o OUT]',
  summary: 'compile a workflow document to its XState machine and manifest',
  details: [
    'FILE           the workflow document (JSON), relative to the current directory',
    '-o, --out OUT  write the compiled JSON to OUT instead of printing it',
    'Documents not ready to run are not compiled: their problems are listed and the exit code is 1.',
  ],
  options: { out: { type: 'string', short: 'o' } },
  run({ positionals, values }, context) {
    const file = singleFile(positionals)
    const parsed = parseDocumentJson(readDocumentFile(file, context.cwd))
    // A document that is not JSON never reaches the compiler; the rest it validates itself.
    const result: ReturnType<typeof compile> = parsed.document ? compile(parsed.document) : parsed
    const { compiled, diagnostics } = result
    if (!compiled || hasErrors(diagnostics)) {
      context.err(formatReport(file, diagnostics, { ready: true }))
      return exitCodes.failed
    }
    for (const diagnostic of diagnostics) {
      if (diagnostic.severity === 'warning') context.err(formatDiagnostic(file, diagnostic))
    }
    const json = `${JSON.stringify(compiled, null, 2)}\n`

    writeOutput(json, values.out, context, { file, done: 'compiled to' })
    return exitCodes.ok
  },
}
