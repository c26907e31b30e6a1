import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { isMapComplete, validateDocument } from '@conveyor/shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runConveyor } from './testing/run-conveyor'

const fixtures = fileURLToPath(new URL('../../../shared/src/bpmn/testing/', import.meta.url))
let dir: string

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'conveyor-import-'))
  writeFileSync(join(dir, 'broken.bpmn'), '<definitions>\n  <process>\n</definitions>')
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('conveyor import', () => {
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
