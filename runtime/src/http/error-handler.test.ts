import { describe, expect, it } from 'vitest'
import { SqlError } from '../store/sql/sql-database'
import { toApiError } from './error-handler'

const failure = (message: string, code?: string) => Object.assign(new Error(message), code ? { code } : {})

describe('a failed SQL statement as an API error', () => {
  it.each([
    ['the database refusing connections', failure('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['the database shutting down', failure('terminating connection due to administrator command', '57P01')],
    ['a connection lost mid-statement', failure('Connection terminated unexpectedly')],
    ['a connection failure by SQLSTATE', failure('connection failure', '08006')],
  ])('is 503, to send again, when it failed on %s', (_, cause) => {
    const answer = toApiError(new SqlError('SELECT 1', cause))
    expect(answer).toMatchObject({ status: 503, code: 'unavailable', retryAfterSeconds: 5 })
    expect(answer?.message).not.toContain('SELECT')
  })

  it('is left to the 500 handler when the statement itself is wrong', () => {
    expect(
      toApiError(new SqlError('SELECT nope', failure('column "nope" does not exist', '42703'))),
    ).toBeUndefined()
  })
})
