import { describe, expect, it } from 'vitest'
import { chain, end, step, trigger, workflow } from '../testing/builders'
import { diagnosticsWithCode, errorCodes } from '../testing/diagnostics'
import { parseDocumentJson } from './parse-document-json'
import { validateDocument } from './validate-document'

const valid = () => workflow([trigger('start'), step('work'), end('done')], chain('start', 'work', 'done'))

describe('validateDocument', () => {
  it('accepts a small valid workflow and returns it with defaults applied', () => {
    const result = validateDocument(valid())
    expect(errorCodes(valid())).toEqual([])
    expect(result.document?.targets).toEqual([])
    expect(result.document?.nodes.find((node) => node.id === 'done')).toMatchObject({
      data: { outcome: 'completed' },
    })
  })

  it('migrates a draft document (version 0, nodes called steps)', () => {
    const { schemaVersion: _, nodes, ...rest } = valid()
    const result = validateDocument({ ...rest, steps: nodes })
    expect(result.document?.nodes).toHaveLength(3)
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([])
  })

  it('reports a document of a newer version without guessing', () => {
    const [diagnostic] = diagnosticsWithCode({ ...valid(), schemaVersion: 99 }, 'document.version')
    expect(diagnostic?.message).toContain('newer')
  })

  it('reports something that is not an object', () => {
    for (const input of [null, 42, 'workflow', [valid()]]) {
      expect(errorCodes(input)).toEqual(['document.version'])
    }
  })

  it('words schema problems for people and names the node and the path', () => {
    const document = valid()
    document.nodes[1] = step('work', { mode: 'robot' as 'human' })
    const [diagnostic] = diagnosticsWithCode(document, 'document.schema')
    expect(diagnostic).toMatchObject({
      nodeId: 'work',
      path: ['nodes', 1, 'data', 'mode'],
      severity: 'error',
    })
    expect(diagnostic?.message).toBe(
      'Node "work", data.mode: must be one of "automate", "augment", "human", not "robot".',
    )
  })

  it('says a required field is missing, and names unknown fields', () => {
    const document = valid() as unknown as { nodes: Array<{ data: Record<string, unknown> }> }
    delete document.nodes[0]!.data.start
    document.nodes[2]!.data.colour = 'red'
    const messages = diagnosticsWithCode(document, 'document.schema').map((d) => d.message)
    expect(messages).toContain('Node "start", data.start: is missing.')
    expect(messages).toContain('Node "done", data: has a field the workflow format does not know: colour.')
  })

  it('takes the currency of costs as an ISO 4217 code, and names a wrong one', () => {
    expect(errorCodes({ ...valid(), currency: 'CHF' })).toEqual([])
    for (const currency of ['euro', 'XYZ']) {
      const [diagnostic] = diagnosticsWithCode({ ...valid(), currency }, 'document.schema')
      expect(diagnostic).toMatchObject({ path: ['currency'], severity: 'error' })
      expect(diagnostic?.message).toContain('ISO 4217')
    }
  })

  it('names connections by id and unknown node kinds by the accepted ones', () => {
    const document = valid() as unknown as {
      nodes: Array<{ type: string }>
      edges: Array<{ target: unknown }>
    }
    document.nodes[1]!.type = 'task'
    document.edges[0]!.target = 7
    const diagnostics = diagnosticsWithCode(document, 'document.schema')
    expect(diagnostics.find((d) => d.nodeId === 'work')?.message).toBe(
      'Node "work", type: must be one of "trigger", "step", "decision", "exception", "fork", "join", "end", "note", not "task".',
    )
    expect(diagnostics.find((d) => d.edgeId === 'start-work')).toMatchObject({
      path: ['edges', 0, 'target'],
      message: 'Connection "start-work", target: must be a text, not a number.',
    })
  })

  it('turns an internal failure into a diagnostic instead of throwing', () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('unreadable')
        },
      },
    )
    const [diagnostic] = diagnosticsWithCode(hostile, 'validator.internal')
    expect(diagnostic?.message).toContain('unreadable')
  })
})

describe('parseDocumentJson', () => {
  it('reads and validates JSON text', () => {
    const result = parseDocumentJson(JSON.stringify(valid(), null, 2))
    expect(result.document?.id).toBe('test-workflow')
  })

  it('reads a file that starts with a byte-order mark', () => {
    expect(parseDocumentJson(`\uFEFF${JSON.stringify(valid())}`).document?.id).toBe('test-workflow')
  })

  it('points at the line and column of a JSON mistake', () => {
    const result = parseDocumentJson('{\n  "id": "x",\n  "name": "y",,\n}')
    expect(result.document).toBeUndefined()
    expect(result.diagnostics).toHaveLength(1)
    expect(result.diagnostics[0]).toMatchObject({
      code: 'document.not-json',
      position: { line: 3, column: 15 },
    })
    expect(result.diagnostics[0]?.message).toMatch(/^This is not valid JSON: .*\(line 3, column 15\)\.$/)
  })

  it('reports text that ends too early at its end', () => {
    const [diagnostic] = parseDocumentJson('{"nodes": [').diagnostics
    expect(diagnostic?.position).toEqual({ offset: 11, line: 1, column: 12 })
  })
})
