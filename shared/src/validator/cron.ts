/**
 * Reads five-field (minute hour day month weekday) or six-field (with seconds first) cron
 * expressions the way the runtime's scheduler does, so a schedule that passes here also runs.
 */
export type CronCheck = { ok: true } | { ok: false; message: string }

interface FieldRule {
  name: string
  min: number
  max: number
  names?: readonly string[]
  /** Accepts `?` and `L` (day of month) or `n#k` / `nL` (weekday). */
  special?: 'day' | 'weekday'
}

const months = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC']
const weekdays = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT']

const second: FieldRule = { name: 'second', min: 0, max: 59 }
const fiveFields: FieldRule[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31, special: 'day' },
  { name: 'month', min: 1, max: 12, names: months },
  { name: 'weekday', min: 0, max: 7, names: weekdays, special: 'weekday' },
]
const nicknames = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@hourly'])

export function checkCron(expression: string): CronCheck {
  const text = expression.trim()
  if (nicknames.has(text.toLowerCase())) return { ok: true }
  const parts = text.split(/\s+/)
  if (parts.length !== 5 && parts.length !== 6) {
    return {
      ok: false,
      message: `has ${parts.length} field${parts.length === 1 ? '' : 's'}; a schedule needs 5 (or 6 with seconds)`,
    }
  }
  const rules = parts.length === 6 ? [second, ...fiveFields] : fiveFields
  for (let i = 0; i < parts.length; i++) {
    const problem = checkField(parts[i]!, rules[i]!)
    if (problem) return { ok: false, message: `the ${rules[i]!.name} field "${parts[i]}" ${problem}` }
  }
  return { ok: true }
}

function checkField(field: string, rule: FieldRule): string | undefined {
  for (const item of field.split(',')) {
    const problem = checkItem(item, rule)
    if (problem) return problem
  }
  return undefined
}

function checkItem(item: string, rule: FieldRule): string | undefined {
  if (item === '') return 'has an empty part'
  if (rule.special && (item === '?' || item === 'L'))
    return item === 'L' && rule.special === 'weekday' ? 'cannot use "L" alone' : undefined
  if (rule.special === 'weekday') {
    const nth = /^(\w+)#([1-5])$/.exec(item) ?? /^(\w+)L$/.exec(item)
    if (nth) return valueProblem(nth[1]!, rule)
  }
  const [range, step, extra] = item.split('/')
  if (extra !== undefined) return 'has more than one "/"'
  if (step !== undefined && !/^\d+$/.test(step)) return `has a step "${step}" that is not a whole number`
  if (step !== undefined && Number(step) === 0) return 'has a step of 0'
  if (range === '*') return undefined
  const [from, to, more] = range!.split('-')
  if (more !== undefined) return 'has a range with more than one "-"'
  const fromProblem = valueProblem(from!, rule)
  if (fromProblem) return fromProblem
  if (to === undefined) return undefined
  const toProblem = valueProblem(to, rule)
  if (toProblem) return toProblem
  if (valueOf(from!, rule) > valueOf(to, rule)) return `has a range "${range}" that runs backwards`
  return undefined
}

function valueProblem(text: string, rule: FieldRule): string | undefined {
  const value = valueOf(text, rule)
  if (Number.isNaN(value)) return `has "${text}", which is not a ${rule.name}`
  if (value < rule.min || value > rule.max) return `has ${text}, outside ${rule.min}–${rule.max}`
  return undefined
}

function valueOf(text: string, rule: FieldRule): number {
  if (/^\d+$/.test(text)) return Number(text)
  const named = rule.names?.indexOf(text.toUpperCase()) ?? -1
  if (named < 0) return Number.NaN
  return rule.names === months ? named + 1 : named
}
