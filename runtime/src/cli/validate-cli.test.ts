import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { mapOnlyDocument, mapOnlySetupItems } from '@conveyor/shared/testing/map-only-document'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runConveyor } from './testing/run-conveyor'

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url))
const ticketExample = JSON.parse(
  readFileSync(join(repoRoot, 'examples/ticket-to-resolution/workflow.json'), 'utf8'),
)
const stackTrace = /^\s+at .+\(?.*:\d+:\d+\)?$/m
let dir: string

/** A copy of the ticket example with one change, written to the temp dir. */
function writeVariant(name: string, change: (document: typeof ticketExample) => void): string {
  const document = structuredClone(ticketExample)
  change(document)
  writeFileSync(join(dir, name), JSON.stringify(document, null, 2))
  return name
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'conveyor-validate-'))
  writeFileSync(join(dir, 'not-json.json'), '{\n  "schemaVersion": 1,\n  "id": "broken"\n  "name": "x"\n}\n')
  writeFileSync(join(dir, 'list.json'), '[]')
  writeFileSync(join(dir, 'map-only.json'), JSON.stringify(mapOnlyDocument(), null, 2))
  writeVariant('bad-mode.json', (document) => {
    document.nodes[2].data.mode = 'robot'
  })
  writeVariant('broken-graph.json', (document) => {
    document.nodes[2].data.lane = 'nowhere'
    document.edges = document.edges.filter((edge: { id: string }) => edge.id !== 'e-route-spam')
  })
  writeVariant('warning-only.json', (document) => {
    delete document.nodes.find((node: { id: string }) => node.id === 'confirm-resolved').data.defaultBranch
  })
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('conveyor validate', () => {
  it('accepts an example, reading FILE relative to the directory it runs in', async () => {
    const run = await runConveyor(['validate', 'ticket-to-resolution/workflow.json'], {
      cwd: join(repoRoot, 'examples'),
    })
    expect(run).toMatchObject({ code: 0, stderr: '' })
    expect(run.stdout).toBe('ticket-to-resolution/workflow.json: valid, no problems\n')
  })

  it('resolves FILE against INIT_CWD, where pnpm was invoked', async () => {
    const run = await runConveyor(['validate', 'warning-only.json'], { cwd: repoRoot, initCwd: dir })
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('warning-only.json: valid, 1 warning')
  })

  it('reports warnings without failing', async () => {
    const run = await runConveyor(['validate', 'warning-only.json'], { cwd: dir })
    expect(run.code).toBe(0)
    const index = ticketExample.nodes.findIndex((node: { id: string }) => node.id === 'confirm-resolved')
    expect(run.stdout).toContain(
      `warning-only.json: warning node "confirm-resolved" field nodes[${index}].data.defaultBranch: `,
    )
    expect(run.stdout).toMatch(/\n {2}hint: \S/)
  })

  it('names the file, the node and the field of a schema error, with a hint', async () => {
    const run = await runConveyor(['validate', 'bad-mode.json'], { cwd: dir })
    expect(run.code).toBe(1)
    const [first, hint, summary] = run.stdout.trimEnd().split('\n')
    expect(first).toMatch(
      /^bad-mode\.json: error node "classify-ticket" field nodes\[2\]\.data\.mode: .*"robot"/,
    )
    expect(hint).toMatch(/^ {2}hint: \S/)
    expect(summary).toBe('bad-mode.json: invalid, 1 error')
  })

  it('lists every graph problem and counts them', async () => {
    const run = await runConveyor(['validate', 'broken-graph.json'], { cwd: dir })
    expect(run.code).toBe(1)
    expect(run.stdout).toContain('broken-graph.json: error node "classify-ticket" field nodes[2].data.lane: ')
    expect(run.stdout).toContain(
      'broken-graph.json: error node "route-ticket" field nodes[3].data.branches[0]: ',
    )
    expect(run.stdout).toMatch(/broken-graph\.json: invalid, \d+ errors\n$/)
  })

  it('prints the diagnostics array with --json', async () => {
    const run = await runConveyor(['validate', '--json', 'broken-graph.json'], { cwd: dir })
    expect(run.code).toBe(1)
    const diagnostics = JSON.parse(run.stdout)
    expect(diagnostics).toContainEqual(
      expect.objectContaining({
        code: 'lane.unknown',
        severity: 'error',
        level: 'map',
        nodeId: 'classify-ticket',
        path: ['nodes', 2, 'data', 'lane'],
        hint: expect.any(String),
      }),
    )
  })

  it('prints an empty array with --json for a clean document', async () => {
    const run = await runConveyor(
      ['validate', join(repoRoot, 'examples/order-to-cash/workflow.json'), '--json'],
      {
        cwd: dir,
      },
    )
    expect(run.code).toBe(0)
    expect(JSON.parse(run.stdout)).toEqual([])
  })

  it('passes a complete map that is not wired up yet, listing what to set up', async () => {
    const run = await runConveyor(['validate', 'map-only.json'], { cwd: dir })
    expect(run.code).toBe(0)
    expect(run.stdout).toContain(
      'map-only.json: to set up node "check-order" field nodes[1].data.automate: Step "Check order"',
    )
    expect(run.stdout).toMatch(/map-only\.json: complete map, 3 things to set up, 4 notes\n$/)
  })

  it('fails with --ready until nothing is left to set up', async () => {
    const notReady = await runConveyor(['validate', '--ready', 'map-only.json'], { cwd: dir })
    expect(notReady.code).toBe(1)
    expect(notReady.stdout).toMatch(/map-only\.json: not ready to run, 3 things to set up, 4 notes\n$/)
    const example = join(repoRoot, 'examples/order-to-cash/workflow.json')
    expect((await runConveyor(['validate', '--ready', example], { cwd: dir })).code).toBe(0)
    const broken = await runConveyor(['validate', '--ready', 'broken-graph.json'], { cwd: dir })
    expect(broken.code).toBe(1)
    expect(broken.stdout).toMatch(/broken-graph\.json: invalid, \d+ errors\n$/)
  })

  it('marks the level of each diagnostic with --json, keeping the exit code of the level asked', async () => {
    const run = await runConveyor(['validate', '--json', 'map-only.json'], { cwd: dir })
    expect(run.code).toBe(0)
    const diagnostics: Array<{ code: string; nodeId: string; level: string; severity: string }> = JSON.parse(
      run.stdout,
    )
    const blocking = diagnostics.filter((diagnostic) => diagnostic.severity === 'error')
    expect(blocking.map((diagnostic) => [diagnostic.code, diagnostic.nodeId])).toEqual(mapOnlySetupItems)
    expect(new Set(blocking.map((diagnostic) => diagnostic.level))).toEqual(new Set(['run']))
    expect(diagnostics.every((diagnostic) => ['map', 'run'].includes(diagnostic.level))).toBe(true)
    expect((await runConveyor(['validate', '--json', '--ready', 'map-only.json'], { cwd: dir })).code).toBe(1)
  })

  it('points at the line and column of broken JSON', async () => {
    const run = await runConveyor(['validate', 'not-json.json'], { cwd: dir })
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(/^not-json\.json: error: This is not valid JSON: .*\(line 4, column 3\)\.\n/)
    expect(run.stdout).not.toMatch(stackTrace)
  })

  it('says when valid JSON is not a workflow document', async () => {
    const run = await runConveyor(['validate', 'list.json'], { cwd: dir })
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(/^list\.json: error: This is not a workflow document: .*JSON object/)
  })

  it.each([
    [
      ['validate', 'missing.json'],
      1,
      'conveyor validate: missing.json: cannot read: no such file or directory\n',
    ],
    [['validate', '.'], 1, 'conveyor validate: .: cannot read: is a directory, not a file\n'],
    [['validate'], 2, 'conveyor validate: missing FILE'],
    [['validate', 'a.json', 'b.json'], 2, 'conveyor validate: expects one FILE, got 2: a.json, b.json'],
    [['validate', '--strict', 'a.json'], 2, "conveyor validate: unknown option '--strict'"],
    [['check', 'a.json'], 2, 'conveyor: unknown command "check". Commands: validate, compile'],
  ])('conveyor %j exits %i with a one-line reason and no stack trace', async (args, code, message) => {
    const run = await runConveyor(args, { cwd: dir })
    expect(run.code).toBe(code)
    expect(run.stdout).toBe('')
    expect(run.stderr.startsWith(message)).toBe(true)
    expect(run.stderr).not.toMatch(stackTrace)
  })

  it('explains itself with --help', async () => {
    const program = await runConveyor(['--help'], { cwd: dir })
    expect(program.code).toBe(0)
    expect(program.stdout).toMatch(/validate FILE \[--ready\] \[--json\]/)
    expect(program.stdout).toMatch(/compile FILE \[-o OUT\]/)
    expect(program.stdout).toContain('Exit codes: 0')
    const command = await runConveyor(['validate', '--help'], { cwd: dir })
    expect(command.code).toBe(0)
    expect(command.stdout).toMatch(/^Usage: conveyor validate FILE \[--ready\] \[--json\]\n/)
    expect(command.stdout).toContain('--json')
    expect(command.stdout).toContain('--ready')
  })
})
