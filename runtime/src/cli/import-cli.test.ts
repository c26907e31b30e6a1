import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { examples } from '@conveyor/examples'
import { isMapComplete, validateDocument } from '@conveyor/shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runConveyor } from './testing/run-conveyor'

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url))
const fixtures = join(repoRoot, 'shared/src/bpmn/testing/')
let dir: string

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'conveyor-import-'))
  writeFileSync(join(dir, 'broken.bpmn'), '<definitions>\n  <process>\n</definitions>')
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('conveyor import and export', () => {
  it('exports an example as BPMN that imports back into the same document', async () => {
    const example = join(repoRoot, 'examples', 'lead-to-customer', 'workflow.json')
    const exported = await runConveyor(['export', example, '--format', 'bpmn', '-o', 'lead.bpmn'], {
      cwd: dir,
    })
    expect(exported).toMatchObject({ code: 0, stdout: '' })
    expect(exported.stderr).toMatch(/exported to lead\.bpmn\n$/)
    expect(readFileSync(join(dir, 'lead.bpmn'), 'utf8')).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>/)
    const imported = await runConveyor(['import', 'lead.bpmn'], { cwd: dir })
    expect(imported.code).toBe(0)
    const leadToCustomer = examples.find((candidate) => candidate.slug === 'lead-to-customer')!
    expect(JSON.parse(imported.stdout)).toEqual(leadToCustomer.document)
  })

  it('names the formats it knows', async () => {
    const run = await runConveyor(['export', 'lead.bpmn', '--format', 'xpdl'], { cwd: dir })
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('--format must be "bpmn"')
  })

  it('writes the workflow document to -o and lists every note with its BPMN id and hint', async () => {
    const run = await runConveyor(
      ['import', join(fixtures, 'signavio-purchase.bpmn'), '-o', 'purchase.json'],
      {
        cwd: dir,
      },
    )
    expect(run.code).toBe(0)
    expect(run.stdout).toBe('')
    expect(run.stderr).toMatch(
      /signavio-purchase\.bpmn: approximated sid-CA-budget \(bpmn:CallActivity "Check budget"\): /,
    )
    expect(run.stderr).toMatch(/^ {2}hint: /m)
    expect(run.stderr).toMatch(/imported to purchase\.json\n/)
    expect(run.stderr).toMatch(/14 nodes, 12 connections, 3 lanes, 10 notes; Map complete/)
    const document = JSON.parse(readFileSync(join(dir, 'purchase.json'), 'utf8'))
    expect(document).toMatchObject({ id: 'purchase-request', name: 'Purchase request' })
    expect(isMapComplete(validateDocument(document).diagnostics)).toBe(true)
  })

  it('refuses a file that is not XML, naming the line, and writes nothing', async () => {
    const run = await runConveyor(['import', 'broken.bpmn', '-o', 'never.json'], { cwd: dir })
    expect(run.code).toBe(1)
    expect(run.stdout).toBe('')
    expect(run.stderr).toMatch(
      /broken\.bpmn: This is not well-formed XML: closing tag mismatch at line 3, column 1/,
    )
    expect(() => readFileSync(join(dir, 'never.json'))).toThrow()
  })
})
