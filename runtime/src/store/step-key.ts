/** A workflow's step, by node id: settings stored this way hold for it in every deployment. */
export interface StepKey {
  workflowId: string
  nodeId: string
}

/** A step key as one string, for maps that hold something per step. */
export const stepKeyText = ({ workflowId, nodeId }: StepKey): string => `${workflowId}\u0000${nodeId}`

/** Drops what a map keyed by `stepKeyText` holds for the steps of one workflow. */
export function forgetStepsOf(map: Map<string, unknown>, workflowId: string): void {
  const prefix = `${workflowId}\u0000`
  for (const key of map.keys()) if (key.startsWith(prefix)) map.delete(key)
}
