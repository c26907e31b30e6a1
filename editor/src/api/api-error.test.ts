import { describe, expect, it } from 'vitest'
import { ApiError, errorFromResponse } from './api-error'

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })

describe('errorFromResponse', () => {
  it('names what failed, the status and the server’s message, and carries its code, diagnostics and wrong fields', async () => {
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
      'Deploying workflow "refunds"',
    )
    expect(error).toBeInstanceOf(ApiError)
    expect(error.status).toBe(422)
    expect(error.code).toBe('invalid_workflow')
    expect(error.reason).toBe('Workflow "refunds" has 1 error to fix before it can be deployed')
    expect(error.message).toBe(
      'Deploying workflow "refunds" failed (422): Workflow "refunds" has 1 error to fix before it can be deployed; data.amount: required',
    )
    expect(error.diagnostics).toEqual([diagnostic])
    expect(error.fieldErrors).toEqual([{ path: 'data.amount', message: 'required' }])
  })

  it('says what the server answered when the body is not the API’s error shape', async () => {
    const error = await errorFromResponse(
      new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }),
      'Loading the tasks',
    )
    expect(error.message).toBe('Loading the tasks failed (502): the server answered Bad Gateway')
    expect(error.code).toBe('http_error')
    expect(error.diagnostics).toEqual([])
    expect(error.fieldErrors).toEqual([])
  })

  it('tells a visitor who is not signed in how to sign in', async () => {
    const error = await errorFromResponse(
      json(401, { error: { code: 'unauthenticated', message: 'Send a token' } }),
      'Loading the workflows',
    )
    expect(error.message).toContain('Loading the workflows failed (401)')
    expect(error.message).toContain('open the link printed when it started')
  })
})
