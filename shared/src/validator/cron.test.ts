import { describe, expect, it } from 'vitest'
import { checkCron } from './cron'

describe('checkCron', () => {
  it.each([
    '* * * * *',
    '0 9 * * 1-5',
    '*/5 8-18 * * MON-FRI',
    '30 0 9 1,15 * *',
    '0 12 L * *',
    '0 9 ? * 5#2',
    '0 9 * * 5L',
    '0 0 1 jan,jul *',
    '0 0 * * 7',
    '@weekly',
  ])('accepts %s', (cron) => {
    expect(checkCron(cron)).toEqual({ ok: true })
  })

  it.each([
    ['', 'has 1 field; a schedule needs 5 (or 6 with seconds)'],
    ['* * * *', 'has 4 fields'],
    ['60 * * * *', 'the minute field "60" has 60, outside 0–59'],
    ['* * 0 * *', 'the day of month field "0" has 0, outside 1–31'],
    ['* * * 13 *', 'outside 1–12'],
    ['* * * * 8', 'outside 0–7'],
    ['* * * * FUNDAY', 'which is not a weekday'],
    ['*/0 * * * *', 'has a step of 0'],
    ['*/x * * * *', 'is not a whole number'],
    ['10-5 * * * *', 'runs backwards'],
    ['1,,2 * * * *', 'has an empty part'],
    ['? * * * *', 'which is not a minute'],
  ])('rejects "%s"', (cron, problem) => {
    const result = checkCron(cron)
    expect(result.ok).toBe(false)
    expect(result.ok ? '' : result.message).toContain(problem)
  })
})
