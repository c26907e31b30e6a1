import { describe, expect, it } from 'vitest'
import { ApiError, errorFromResponse } from './api-error'

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })

describe('errorFromResponse', () => {
  it('carries the server’s code, message, diagnostics and wrong fields', async () => {
    const diagnostic = {
      code: 'unreachable',
      severity: 'error',
      nodeId: 'review',
      path: 'nodes[2]',
      message: 'x',
    }
    const error = await errorFromResponse(
      json(422, {
        error: {
          code: 'invalid_workflow',
          message: 'Workflow "refunds" has 1 error to fix before it can be deployed',
          details: { diagnostics: [diagnostic], fields: [{ path: 'data.amount', message: 'required' }] },
        },
      }),
    )
    expect(error).toBeInstanceOf(ApiError)
    expect(error.status).toBe(422)
    expect(error.code).toBe('invalid_workflow')
    expect(error.message).toBe('Workflow "refunds" has 1 error to fix before it can be deployed')
    expect(error.diagnostics).toEqual([diagnostic])
    expect(error.fieldErrors).toEqual([{ path: 'data.amount', message: 'required' }])
  })

  it('says what the server answered when the body is not the API’s error shape', async () => {
    const error = await errorFromResponse(
      new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }),
    )
    expect(error.message).toBe('The server answered Bad Gateway')
    expect(error.diagnostics).toEqual([])
    expect(error.fieldErrors).toEqual([])
  })

  it('tells a visitor who is not signed in how to sign in', async () => {
    const error = await errorFromResponse(
      json(401, { error: { code: 'unauthenticated', message: 'Send a token' } }),
    )
    expect(error.message).toContain('open the link printed when it started')
  })
})
