import type { NodeKind } from '../model'

/**
 * BPMN tools draw tasks 100 wide with about 50 between them; the canvas draws steps 200 wide. A
 * BPMN coordinate times this scale is a canvas position (both are top-left corners), so an
 * imported diagram keeps its layout without nodes overlapping, and an exported one looks as
 * BPMN tools draw it. Halving and doubling are exact, so positions survive a round trip.
 */
export const canvasPerBpmnUnit = 2

/** The size each kind is drawn at in BPMN (tasks, events and gateways as BPMN tools draw them). */
export const bpmnShapeSizes: Record<NodeKind, { width: number; height: number }> = {
  trigger: { width: 36, height: 36 },
  step: { width: 100, height: 80 },
  decision: { width: 50, height: 50 },
  exception: { width: 36, height: 36 },
  fork: { width: 50, height: 50 },
  join: { width: 50, height: 50 },
  end: { width: 36, height: 36 },
  note: { width: 100, height: 30 },
}

export const toCanvas = (bpmn: number) => bpmn * canvasPerBpmnUnit
export const toBpmn = (canvas: number) => canvas / canvasPerBpmnUnit
