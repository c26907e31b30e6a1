import { describe, expect, it } from 'vitest'
import { migrateProgress } from './migrate-progress'

function copyInPages(progress: ReturnType<typeof migrateProgress>, name: string, rows: number, page: number) {
  for (let copied = page; copied < rows + page; copied += page) {
    progress.onRows({ name, copied: Math.min(copied, rows), of: rows })
  }
  progress.onTable({ name, rows })
}

describe('migrate progress', () => {
  it('says each table when done and a large one every 100,000 rows on the way', () => {
    const lines: string[] = []
    const progress = migrateProgress((line) => lines.push(line))
    copyInPages(progress, 'events', 250_000, 1_000)
    copyInPages(progress, 'audit', 120_000, 700)
    copyInPages(progress, 'tokens', 3, 1_000)
    expect(lines).toEqual([
      '  events: 100,000 of 250,000 rows\n',
      '  events: 200,000 of 250,000 rows\n',
      '  events: 250,000 rows copied\n',
      '  audit: 100,100 of 120,000 rows\n',
      '  audit: 120,000 rows copied\n',
      '  tokens: 3 rows copied\n',
    ])
  })

  it('does not announce the last page of a table twice when it ends on a round number', () => {
    const lines: string[] = []
    copyInPages(
      migrateProgress((line) => lines.push(line)),
      'events',
      200_000,
      1_000,
    )
    expect(lines).toEqual(['  events: 100,000 of 200,000 rows\n', '  events: 200,000 rows copied\n'])
  })
})
