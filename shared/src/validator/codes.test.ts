import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { diagnosticCodes } from './codes'

function testSources(directory: string): string {
  return readdirSync(directory, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.test.ts') && entry.name !== 'codes.test.ts')
    .map((entry) => readFileSync(join(entry.parentPath, entry.name), 'utf8'))
    .join('\n')
}

describe('diagnostic codes', () => {
  it('are stable kebab-case names under a dotted area', () => {
    for (const code of Object.keys(diagnosticCodes)) expect(code).toMatch(/^[a-z]+\.[a-z]+(-[a-z]+)*$/)
  })

  it('each come with a summary and advice in plain words', () => {
    for (const info of Object.values(diagnosticCodes)) {
      expect(info.summary.length).toBeGreaterThan(10)
      expect(info.hint.length).toBeGreaterThan(10)
    }
  })

  it('each have a test that makes the validator report them', () => {
    // A kind's own checks are tested in its folder.
    const sources = testSources(import.meta.dirname) + testSources(join(import.meta.dirname, '../kinds'))
    const untested = Object.keys(diagnosticCodes).filter((code) => !sources.includes(`'${code}'`))
    expect(untested).toEqual([])
  })
})
