import { describe, expect, it } from 'vitest'
import { chain, end, step, trigger, workflow } from '../../testing/builders'
import { diagnosticsWithCode } from '../../testing/diagnostics'
import { urlProblem } from './urls'

const calling = (url: string) =>
  workflow(
    [
      trigger('start'),
      step('call', { automate: { connector: { kind: 'http', method: 'POST', url } } }),
      end('done'),
    ],
    chain('start', 'call', 'done'),
  )

describe('URL checks', () => {
  it('reports a URL that is not an address, naming the step and the URL', () => {
    const [diagnostic] = diagnosticsWithCode(calling('not a url'), 'step.invalid-url')
    expect(diagnostic).toMatchObject({
      severity: 'error',
      nodeId: 'call',
      path: ['nodes', 1, 'data', 'automate', 'connector', 'url'],
    })
    expect(diagnostic?.message).toBe(
      'The URL of step "call", "not a url", is not a whole address starting with https:// or http://.',
    )
  })

  it('reports an address of another scheme', () => {
    const [diagnostic] = diagnosticsWithCode(calling('ftp://files.example.com/in'), 'step.invalid-url')
    expect(diagnostic?.message).toContain('uses ftp:, but steps can only call http and https addresses')
  })

  it.each([
    ['a relative path', '/api/v1/orders', 'is not a whole address'],
    ['a host without a scheme', 'api.example.com/v1', 'is not a whole address'],
    ['no host', 'https:///v1/orders', 'has no host'],
    ['a placeholder host', 'https://{{host}}/v1/orders', 'has a placeholder in its host'],
    ['a placeholder scheme', '{{scheme}}://api.example.com', 'is not a whole address'],
    ['a broken port', 'https://api.example.com:99999/x', 'is not a valid address'],
    ['a file address', 'file:///etc/passwd', 'uses file:'],
  ])('reports %s', (_, url, problem) => {
    expect(urlProblem(url)).toContain(problem)
  })

  it.each([
    'https://api.example.com/v1/orders',
    'HTTP://localhost:8080/hook',
    'https://api.example.com/v1/orders/{{orderId}}?customer={{data.customerId}}',
    'https://[::1]:8443/x',
  ])('accepts %s', (url) => {
    expect(urlProblem(url)).toBeUndefined()
    expect(diagnosticsWithCode(calling(url), 'step.invalid-url')).toEqual([])
  })

  it('leaves the URL of a connector kept aside for another mode alone', () => {
    const document = calling('not a url')
    const node = document.nodes[1]!
    if (node.type === 'step') Object.assign(node.data, { mode: 'human', lane: 'operations' })
    expect(diagnosticsWithCode(document, 'step.invalid-url')).toEqual([])
  })
})
