import fc from 'fast-check'
import { createMachine } from 'xstate'
import { describe, expect, it } from 'vitest'
import { buildGraph, reachableFromTriggers } from '../graph'
import { WorkflowDocument } from '../model'
import { reachableStateIds } from '../simulate/reachable-states'
import { simulate, type Simulation } from '../simulate/simulation'
import { generateWorkflow } from '../testing/generate-workflow'
import { mutateDocument } from '../testing/mutate'
import { seededRandom, type Random } from '../testing/random'
import { parseDocumentJson } from '../validator/parse-document-json'
import { validateDocument } from '../validator/validate-document'
import { compile } from './compile-document'

/** Each property is hundreds of full validations and compilations; allow for a busy machine. */
const propertyTimeout = 60_000

const generated = fc
  .record({ seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }), nodes: fc.integer({ min: 3, max: 120 }) })
  .map((options) => generateWorkflow(options))

describe('generated workflows', () => {
  it(
    'validate without errors and compile',
    () => {
      fc.assert(
        fc.property(generated, (document) => {
          const { compiled, diagnostics } = compile(document)
          expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([])
          expect(compiled).toBeDefined()
        }),
        { numRuns: 150 },
      )
    },
    propertyTimeout,
  )

  it(
    'compile to machines that can enter exactly the nodes a trigger can reach',
    () => {
      fc.assert(
        fc.property(generated, (document) => {
          const { compiled } = compile(document)
          const graph = buildGraph(WorkflowDocument.parse(document))
          const inMachine = [...reachableStateIds(compiled!.machine)].filter(
            (id) => id in compiled!.manifest.nodes,
          )
          expect(inMachine.sort()).toEqual([...reachableFromTriggers(graph)].sort())
        }),
        { numRuns: 150 },
      )
    },
    propertyTimeout,
  )

  it(
    'run from a trigger to an end when every step completes and decisions pick at random',
    () => {
      fc.assert(
        fc.property(generated, fc.integer(), (document, seed) => {
          const compiled = compile(document).compiled!
          const run = simulate(compiled)
          const random = seededRandom(seed)
          run.start('received', { amount: 10 })
          for (let events = 0; events < 5_000 && !run.done; events++) playOneEvent(run, random)
          expect(run.done).toBe(true)
          expect(['completed', 'rejected', 'failed']).toContain(run.outcome)
        }),
        { numRuns: 60 },
      )
    },
    propertyTimeout,
  )
})

function playOneEvent(run: Simulation, random: Random) {
  const { node, events } = random.pick(run.waiting())
  if (node.kind === 'decision') {
    // Prefer moving on, so rework loops end: the last branch is the one that continues.
    return run.send(random.chance(0.7) ? events[events.length - 1]! : random.pick(events))
  }
  // Mostly done; now and then one of the step's exceptions.
  run.send(events.length > 1 && random.chance(0.1) ? random.pick(events.slice(1)) : events[0]!)
}

describe('any input', () => {
  const neverThrows = (input: unknown) => {
    const validated = validateDocument(input)
    const { compiled, diagnostics } = compile(input)
    expect(Array.isArray(validated.diagnostics)).toBe(true)
    if (compiled) {
      expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([])
      expect(() => createMachine(compiled.machine as Parameters<typeof createMachine>[0])).not.toThrow()
    } else {
      expect(diagnostics.some((d) => d.severity === 'error')).toBe(true)
    }
  }

  it('is answered with diagnostics, never an exception', () => {
    fc.assert(fc.property(fc.anything(), neverThrows), { numRuns: 300 })
  })

  it('as text is answered with diagnostics, never an exception', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (text) => {
        expect(Array.isArray(parseDocumentJson(text).diagnostics)).toBe(true)
      }),
      { numRuns: 300 },
    )
  })

  it(
    'broken from a valid workflow is reported or still compiles to a working machine',
    () => {
      fc.assert(
        fc.property(generated, fc.integer(), fc.integer({ min: 1, max: 3 }), (document, seed, times) => {
          const random = seededRandom(seed)
          let mutated: unknown = document
          for (let i = 0; i < times; i++) mutated = mutateDocument(mutated, random)
          neverThrows(mutated)
          expect(Array.isArray(parseDocumentJson(JSON.stringify(mutated)).diagnostics)).toBe(true)
        }),
        { numRuns: 250 },
      )
    },
    propertyTimeout,
  )
})
