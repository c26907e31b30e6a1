import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { compileDocument } from '@conveyor/shared'
import { examples } from '@conveyor/examples'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runConveyor } from './testing/run-conveyor'

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url))
const exampleFile = (slug: string) => join(repoRoot, 'examples', slug, 'workflow.json')
const leadToCustomer = examples.find((example) => example.slug === 'lead-to-customer')!
let dir: string

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'conveyor-compile-'))
  const invalid = structuredClone(leadToCustomer.document) as { edges: Array<{ id: string }> }
  invalid.edges = invalid.edges.filter((edge) => edge.id !== 'e-welcome-join')
  writeFileSync(join(dir, 'invalid.json'), JSON.stringify(invalid))
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('conveyor compile', () => {
  it('prints the compiled machine and manifest as 2-space JSON, the same bytes every time', async () => {
    const first = await runConveyor(['compile', exampleFile('lead-to-customer')], { cwd: dir })
    expect(first).toMatchObject({ code: 0, stderr: '' })
    expect(first.stdout).toBe(`${JSON.stringify(compileDocument(leadToCustomer.document), null, 2)}\n`)
    const compiled = JSON.parse(first.stdout)
    expect(compiled.workflowId).toBe('lead-to-customer')
    expect(Object.keys(compiled.manifest.nodes)).toContain('start-onboarding')

    const second = await runConveyor(['compile', exampleFile('lead-to-customer')], { cwd: dir })
    expect(second.stdout).toBe(first.stdout)
  })

  it('writes to -o, relative to the directory it runs in', async () => {
    const run = await runConveyor(
      ['compile', exampleFile('order-to-cash'), '-o', 'order-to-cash.compiled.json'],
      {
        cwd: dir,
      },
    )
    expect(run.code).toBe(0)
    expect(run.stdout).toBe('')
    expect(run.stderr).toContain('compiled to order-to-cash.compiled.json')
    const written = readFileSync(join(dir, 'order-to-cash.compiled.json'), 'utf8')
    const orderToCash = examples.find((example) => example.slug === 'order-to-cash')!
    expect(written).toBe(`${JSON.stringify(compileDocument(orderToCash.document), null, 2)}\n`)
  })

  it('refuses an invalid document, printing its diagnostics and nothing on stdout', async () => {
    const run = await runConveyor(['compile', 'invalid.json', '--out', 'never.json'], { cwd: dir })
    expect(run.code).toBe(1)
    expect(run.stdout).toBe('')
    expect(run.stderr).toMatch(/^invalid\.json: error node "welcome-pack" /m)
    expect(run.stderr).toMatch(/invalid\.json: invalid, \d+ errors?\n$/)
    expect(() => readFileSync(join(dir, 'never.json'))).toThrow()
  })

  it('says so when OUT cannot be written', async () => {
    const run = await runConveyor(['compile', exampleFile('order-to-cash'), '-o', 'no-such-dir/out.json'], {
      cwd: dir,
    })
    expect(run.code).toBe(1)
    expect(run.stderr).toBe(
      'conveyor compile: no-such-dir/out.json: cannot write: no such file or directory\n',
    )
  })

  it('needs a value for -o', async () => {
    const run = await runConveyor(['compile', exampleFile('order-to-cash'), '-o'], { cwd: dir })
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/^conveyor compile: option '-o, --out <value>' argument missing\n/)
  })
})
