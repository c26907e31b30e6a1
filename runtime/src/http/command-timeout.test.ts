import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { CommandTimeoutError } from '../cluster/commands'
import { errorHandler } from './error-handler'

describe('a request handed to another replica that gave no answer in time', () => {
  it('is a 503 with Retry-After, saying the request may still complete', async () => {
    const logged: string[] = []
    const app = new Hono()
    app.onError(errorHandler((line) => logged.push(line)))
    app.post('/api/tasks/t1/complete', () => {
      throw new CommandTimeoutError('c-1', 'task.complete', 12, 30_000)
    })

    const response = await app.request('/api/tasks/t1/complete', { method: 'POST' })

    expect(response.status).toBe(503)
    expect(response.headers.get('retry-after')).toBe('5')
    expect(await response.json()).toEqual({
      error: {
        code: 'not_answered',
        message:
          'Command c-1 (task.complete, partition 12) got no outcome within 30000 ms. ' +
          'It stays queued and may still complete later: look before sending it again.',
        details: { commandId: 'c-1' },
      },
    })
    expect(logged).toEqual([])
  })
})
