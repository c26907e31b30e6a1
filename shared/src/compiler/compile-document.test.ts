import { createMachine } from 'xstate'
import { describe, expect, it } from 'vitest'
import { WorkflowDocument } from '../model'
import {
  chain,
  decision,
  edge,
  end,
  exception,
  fork,
  humanStep,
  join,
  step,
  trigger,
  workflow,
} from '../testing/builders'
import { mapOnlyDocument } from '../testing/map-only-document'
import { compile, compileDocument } from './compile-document'
import { CompileError } from './compile-error'

const parse = (input: unknown) => WorkflowDocument.parse(input)

const invoiceFlow = () =>
  workflow(
    [
      trigger('received', { input: { fields: [{ id: 'amount', label: 'Amount', type: 'number' }] } }),
      step('extract', {
        saveAs: 'invoice',
        automate: { connector: { kind: 'transform', expression: '{"n": 1}' } },
      }),
      humanStep('approve', { sla: { within: '2d' } }),
      exception('late', 'approve', 'timeout'),
      exception('refused', 'approve', 'rejection'),
      end('paid'),
      end('stopped', 'rejected'),
    ],
    [...chain('received', 'extract', 'approve', 'paid'), edge('late', 'paid'), edge('refused', 'stopped')],
  )

describe('compileDocument', () => {
  it('gives every node a state whose id is the node id, starting from $start', () => {
    const { machine } = compileDocument(parse(invoiceFlow()))
    expect(machine.initial).toBe('$start')
    expect(Object.keys(machine.states)).toEqual([
      '$start',
      '$cancelled',
      'approve',
      'extract',
      'late',
      'paid',
      'received',
      'refused',
      'stopped',
    ])
    for (const [key, state] of Object.entries(machine.states)) expect(state.id).toBe(key)
    expect(machine.states.$start!.on!.START).toEqual([
      {
        target: '#received',
        guard: { type: 'triggeredBy', params: { trigger: 'received' } },
        actions: [{ type: 'startWith' }],
      },
    ])
    expect(machine.on).toEqual({ CANCEL: { target: '#$cancelled' } })
    expect(machine.states.paid).toEqual({ id: 'paid', type: 'final', meta: { kind: 'end' } })
  })

  it('saves step results and routes failures to the attached exceptions', () => {
    const { machine } = compileDocument(parse(invoiceFlow()))
    expect(machine.states.extract!.on!.STEP_DONE).toEqual({
      target: '#approve',
      guard: { type: 'isNode', params: { nodeId: 'extract' } },
      actions: [{ type: 'saveResult', params: { nodeId: 'extract', saveAs: 'invoice' } }],
    })
    const approve = machine.states.approve!.on!
    expect(approve.STEP_TIMEOUT).toEqual({
      target: '#late',
      guard: { type: 'isNode', params: { nodeId: 'approve' } },
    })
    expect(approve.STEP_REJECTED).toMatchObject({ target: '#refused' })
    expect(approve.STEP_FAILED).toBeUndefined()
  })

  it('writes a manifest with every default filled in', () => {
    const { manifest } = compileDocument(parse(invoiceFlow()))
    expect(manifest.triggers).toEqual(['received'])
    expect(manifest.lanes).toEqual({ operations: { name: 'Operations', kind: 'role' } })
    expect(manifest.nodes.extract).toEqual({
      kind: 'step',
      label: 'extract',
      mode: 'automate',
      automate: {
        connector: { kind: 'transform', expression: '{"n": 1}' },
        retry: { maxAttempts: 3, initialDelay: '1s', backoffFactor: 2, maxDelay: '5m' },
      },
      saveAs: 'invoice',
      exceptions: {},
    })
    expect(manifest.nodes.approve).toMatchObject({
      kind: 'step',
      mode: 'human',
      lane: 'operations',
      form: { fields: [] },
      sla: { within: '2d' },
      exceptions: { timeout: 'late', rejection: 'refused' },
    })
    expect(manifest.nodes.stopped).toEqual({ kind: 'end', label: 'stopped', outcome: 'rejected' })
    expect(manifest.nodes.late).toEqual({
      kind: 'exception',
      label: 'late',
      attachedTo: 'approve',
      on: 'timeout',
    })
  })

  it('keeps only the active mode of a step, and the decision and trigger settings the runner needs', () => {
    const assistant = {
      produces: 'classification' as const,
      instructions: 'Sort it',
      labels: ['a', 'b'],
      field: 'kind',
      sees: ['summary'],
    }
    const form = { fields: [{ id: 'kind', label: 'Kind', type: 'text' as const }] }
    const document = workflow(
      [
        trigger('nightly', { start: { kind: 'schedule', cron: '0 2 * * *', timezone: 'Europe/Paris' } }),
        step('sort', {
          mode: 'augment',
          lane: 'operations',
          augment: { assistant, form },
          human: { form: { fields: [] } },
        }),
        decision('route', ['a', 'b'], {
          question: 'Which queue?',
          sla: { within: '1h', escalateTo: 'operations' },
        }),
        end('done'),
      ],
      [...chain('nightly', 'sort', 'route'), edge('route', 'done', 'a'), edge('route', 'done', 'b')],
    )
    const { manifest } = compileDocument(parse(document))
    expect(manifest.nodes.sort).toEqual({
      kind: 'step',
      label: 'sort',
      lane: 'operations',
      mode: 'augment',
      assistant,
      form: { fields: [{ id: 'kind', label: 'Kind', type: 'text', required: false }] },
      autonomy: expect.objectContaining({ level: 'suggest' }),
      exceptions: {},
      // Without a fallback of its own, the step's lane does its form by hand.
      fallback: {
        lane: 'operations',
        form: { fields: [{ id: 'kind', label: 'Kind', type: 'text', required: false }] },
      },
    })
    expect(manifest.nodes.route).toEqual({
      kind: 'decision',
      label: 'route',
      decidedBy: 'rule',
      question: 'Which queue?',
      branches: [
        { id: 'a', label: 'a', condition: 'choice = "a"' },
        { id: 'b', label: 'b' },
      ],
      defaultBranch: 'b',
      sla: { within: '1h', escalateTo: 'operations' },
    })
    expect(manifest.nodes.nightly).toEqual({
      kind: 'trigger',
      label: 'nightly',
      start: { kind: 'schedule', cron: '0 2 * * *', timezone: 'Europe/Paris' },
    })
  })

  it('compiles a fork into a parallel state whose branches end in final states', () => {
    const document = workflow(
      [trigger('start'), fork('split'), step('a'), step('b'), join('meet'), end('done')],
      [
        ...chain('start', 'split', 'a', 'meet', 'done'),
        ...chain('split', 'b', 'meet'),
        edge('split', 'meet'),
      ],
    )
    const split = compileDocument(parse(document)).machine.states.split!
    expect(split.type).toBe('parallel')
    expect(split.onDone).toEqual({ target: '#meet' })
    expect(Object.keys(split.states!)).toEqual(['$branch:split-a', '$branch:split-b', '$branch:split-meet'])
    expect(split.states!['$branch:split-a']).toMatchObject({
      initial: 'a',
      states: { $joined: { id: '$joined:split-a', type: 'final' }, a: { id: 'a' } },
    })
    expect(split.states!['$branch:split-a']!.states!.a!.on!.STEP_DONE).toMatchObject({
      target: '#$joined:split-a',
    })
    expect(split.states!['$branch:split-meet']).toEqual({
      initial: '$joined',
      states: { $joined: { id: '$joined:split-meet', type: 'final' } },
    })
  })

  it('loads in XState', () => {
    const { machine } = compileDocument(parse(invoiceFlow()))
    expect(() => createMachine(machine as Parameters<typeof createMachine>[0])).not.toThrow()
  })

  it('refuses a document with errors, carrying the diagnostics', () => {
    const broken = parse(workflow([trigger('start'), step('work')], chain('start', 'work')))
    expect(() => compileDocument(broken)).toThrow(CompileError)
    try {
      compileDocument(broken)
    } catch (error) {
      expect((error as CompileError).diagnostics.map((d) => d.code)).toContain('node.dead-end')
      expect((error as CompileError).message).toContain('Step "work" leads nowhere')
    }
  })

  it('compiles a complete map for the simulator, but only a ready workflow for deploying', () => {
    expect(compile(mapOnlyDocument()).compiled).toBeUndefined()
    const { compiled } = compile(mapOnlyDocument(), { level: 'map' })
    expect(compiled?.manifest.nodes['check-order']).toMatchObject({ kind: 'step', mode: 'automate' })
    expect(() => createMachine(compiled!.machine as Parameters<typeof createMachine>[0])).not.toThrow()
    const notWhole = mapOnlyDocument()
    notWhole.edges = notWhole.edges.filter((edge) => edge.id !== 'e8')
    expect(compile(notWhole, { level: 'map' }).compiled).toBeUndefined()
  })

  it('compiles anything through compile() without throwing', () => {
    expect(compile('nonsense').compiled).toBeUndefined()
    expect(compile('nonsense').diagnostics[0]?.code).toBe('document.version')
    const { compiled, diagnostics } = compile(invoiceFlow())
    expect(compiled?.workflowId).toBe('test-workflow')
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([])
  })
})

describe('compiled output is deterministic', () => {
  const bytes = (input: unknown) => JSON.stringify(compile(input).compiled)

  it('gives the same bytes for the same document, and for a copy', () => {
    const document = invoiceFlow()
    expect(bytes(document)).toBe(bytes(document))
    expect(bytes(structuredClone(document))).toBe(bytes(document))
  })

  it('does not depend on the order nodes, edges or fields were written in', () => {
    const document = invoiceFlow()
    document.nodes.push(
      step('notify', {
        automate: {
          connector: {
            kind: 'http',
            url: 'https://example.test/hook',
            headers: { 'X-One': '1', Accept: 'json' },
          },
          retry: { maxAttempts: 5 },
        },
      }),
    )
    document.edges = [...chain('received', 'extract', 'notify', 'approve'), ...document.edges.slice(2)]
    const reversed = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(reversed)
      if (value === null || typeof value !== 'object') return value
      return Object.fromEntries(
        Object.entries(value)
          .reverse()
          .map(([key, field]) => [key, reversed(field)]),
      )
    }
    const reordered = {
      ...(reversed(document) as typeof document),
      nodes: [...document.nodes].reverse().map(reversed),
      edges: [...document.edges].reverse().map(reversed),
    }
    expect(compile(document).diagnostics.filter((d) => d.severity === 'error')).toEqual([])
    expect(bytes(reordered)).toBe(bytes(document))
  })
})
