import { compileDocument, createWorkflowMachine, WorkflowDocument, type StepManifest } from '@conveyor/shared'
import { Engine as BpmnEngine } from 'bpmn-engine'
import { rmSync } from 'node:fs'
import { createActor } from 'xstate'
import { compileExpression } from '../src/expressions/sandbox'
import { createConveyorService } from '../src/service'
import { tempDataDir } from '../src/service/test-support/service-harness'
import { runInFlight, type RunFigures } from './in-flight'
import { tenStepBpmn, tenStepDocument } from './ten-step-workflow'

export type Contender = 'xstate' | 'conveyor' | 'bpmn-engine'

/** (a) The ceiling: XState actors of the same compiled machine, same JSONata work, nothing stored. */
async function xstateInMemory(total: number, inFlight: number): Promise<RunFigures> {
  const compiled = compileDocument(WorkflowDocument.parse(tenStepDocument))
  const machine = createWorkflowMachine(compiled)
  const { nodes } = compiled.manifest
  const expressions = new Map(
    Object.entries(nodes)
      .filter(([, node]) => node.kind === 'step')
      .map(([id, node]) => [
        id,
        compileExpression(((node as StepManifest).automate!.connector as { expression: string }).expression),
      ]),
  )
  return runInFlight(total, inFlight, (index) => {
    const actor = createActor(machine).start()
    return new Promise<void>((resolve, reject) => {
      const act = async (): Promise<void> => {
        for (;;) {
          const snapshot = actor.getSnapshot()
          if (snapshot.status === 'done') return resolve()
          const nodeId = snapshot.value as string
          const expression = expressions.get(nodeId)
          const result = expression ? await expression.evaluate(snapshot.context.data) : undefined
          actor.send({ type: 'STEP_DONE', nodeId, result })
        }
      }
      actor.send({ type: 'START', trigger: 'start', input: { n: index } })
      act().catch(reject)
    })
  })
}

/** (b) Conveyor with full durability: synchronous=FULL, snapshots, event log and audit chain. */
async function conveyorDurable(total: number, inFlight: number): Promise<RunFigures> {
  const dataDir = tempDataDir()
  const service = await createConveyorService({ dataDir })
  await service.createWorkflow(tenStepDocument)
  await service.deploy(tenStepDocument.id)
  const waiting = new Map<string, () => void>()
  const early = new Set<string>()
  service.engine.onSettled(({ id }) => {
    const done = waiting.get(id)
    if (done) done()
    else early.add(id)
  })
  const figures = await runInFlight(total, inFlight, async (index) => {
    const { instance } = await service.startInstance({ workflowId: tenStepDocument.id, input: { n: index } })
    if (early.delete(instance.id)) return
    await new Promise<void>((resolve) => waiting.set(instance.id, resolve))
    waiting.delete(instance.id)
  })
  const completed = (
    await service.listInstances({ workflowId: tenStepDocument.id, status: 'completed', limit: 1 })
  ).items.length
  if (completed === 0) throw new Error('no instance completed')
  await service.close()
  rmSync(dataDir, { recursive: true, force: true })
  return figures
}

/** (c) bpmn-engine running the equivalent BPMN process with 10 no-op service tasks (parsed once). */
async function bpmnEngine(total: number, inFlight: number): Promise<RunFigures> {
  const services = { noop: (_: unknown, next: (error: Error | null) => void) => next(null) }
  // The parsed, serialized definition, shared by every engine: no XML parsing per instance.
  const parser = new BpmnEngine({ name: 'parse' }) as unknown as {
    _serializeSource(source: string): Promise<unknown>
  }
  const sourceContext = await parser._serializeSource(tenStepBpmn)
  return runInFlight(total, inFlight, async (index) => {
    const engine = new BpmnEngine({ name: `run-${index}`, sourceContext } as ConstructorParameters<
      typeof BpmnEngine
    >[0])
    const ended = engine.waitFor('end')
    await engine.execute({ services, variables: { n: index } })
    await ended
  })
}

export const contenders: Record<Contender, (total: number, inFlight: number) => Promise<RunFigures>> = {
  xstate: xstateInMemory,
  conveyor: conveyorDurable,
  'bpmn-engine': bpmnEngine,
}
