import { describe, expect, it } from 'vitest'
import { chain, end, step, trigger, workflow } from '../../testing/builders'
import { diagnosticsWithCode } from '../../testing/diagnostics'

const scheduled = (cron: string, timezone?: string) =>
  workflow(
    [
      trigger('nightly', { start: { kind: 'schedule', cron, ...(timezone ? { timezone } : {}) } }),
      end('done'),
    ],
    chain('nightly', 'done'),
  )

describe('trigger checks', () => {
  it('reports a workflow with no trigger', () => {
    const document = workflow([step('work'), end('done')], chain('work', 'done'))
    const [diagnostic] = diagnosticsWithCode(document, 'trigger.none')
    expect(diagnostic).toMatchObject({ path: ['nodes'], severity: 'error' })
    expect(diagnostic?.nodeId).toBeUndefined()
  })

  it('reports an empty workflow: it cannot start either', () => {
    expect(diagnosticsWithCode(workflow([], []), 'trigger.none')).toHaveLength(1)
  })

  it('does not call every node unreachable when there is no trigger at all', () => {
    const document = workflow([step('work'), end('done')], chain('work', 'done'))
    expect(diagnosticsWithCode(document, 'node.unreachable')).toEqual([])
  })

  it('accepts readable schedules', () => {
    for (const cron of ['0 9 * * 1-5', '*/15 * * * *', '0 0 9 1 JAN MON', '@daily']) {
      expect(diagnosticsWithCode(scheduled(cron, 'Europe/Paris'), 'trigger.invalid-cron')).toEqual([])
    }
  })

  it('reports a schedule that cannot be read, saying which field', () => {
    const [diagnostic] = diagnosticsWithCode(scheduled('0 25 * * *'), 'trigger.invalid-cron')
    expect(diagnostic).toMatchObject({ nodeId: 'nightly', path: ['nodes', 0, 'data', 'start', 'cron'] })
    expect(diagnostic?.message).toContain('the hour field "25" has 25, outside 0–23')
  })

  it('reports an unknown time zone', () => {
    expect(
      diagnosticsWithCode(scheduled('0 9 * * *', 'Mars/Olympus'), 'trigger.unknown-timezone')[0],
    ).toMatchObject({
      nodeId: 'nightly',
      path: ['nodes', 0, 'data', 'start', 'timezone'],
    })
  })
})
