import type { WorkflowDocumentInput } from '@conveyor/shared'

export const stepCount = 10
const stepIds = Array.from({ length: stepCount }, (_, i) => `step-${i + 1}`)

/** Trigger → 10 automated steps, each a no-op JSONata transform → end. */
export const tenStepDocument: WorkflowDocumentInput = {
  schemaVersion: 1,
  id: 'ten-step-bench',
  name: 'Ten automated steps',
  lanes: [{ id: 'system', name: 'System', kind: 'system' }],
  nodes: [
    {
      id: 'start',
      type: 'trigger',
      position: { x: 0, y: 0 },
      data: { label: 'Start', start: { kind: 'manual' } },
    },
    ...stepIds.map((id, i) => ({
      id,
      type: 'step' as const,
      position: { x: (i + 1) * 200, y: 0 },
      data: {
        label: `Step ${i + 1}`,
        lane: 'system',
        mode: 'automate' as const,
        automate: { connector: { kind: 'transform' as const, expression: '{}' } },
      },
    })),
    { id: 'done', type: 'end', position: { x: 2400, y: 0 }, data: { label: 'Done', outcome: 'completed' } },
  ],
  edges: ['start', ...stepIds, 'done'].slice(1).map((target, i, all) => {
    const source = i === 0 ? 'start' : all[i - 1]!
    return { id: `${source}-${target}`, source, target }
  }),
}

/** The same process in BPMN 2.0: a start event, 10 service tasks, an end event. */
export const tenStepBpmn = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <process id="tenSteps" isExecutable="true">
    <startEvent id="start" />
${stepIds.map((id) => `    <serviceTask id="${id}" implementation="\${environment.services.noop}" />`).join('\n')}
    <endEvent id="done" />
${['start', ...stepIds, 'done']
  .slice(1)
  .map((target, i, all) => {
    const source = i === 0 ? 'start' : all[i - 1]!
    return `    <sequenceFlow id="${source}-${target}" sourceRef="${source}" targetRef="${target}" />`
  })
  .join('\n')}
  </process>
</definitions>`
