/** A workflow's step, by node id: settings stored this way hold for it in every deployment. */
export interface StepKey {
  workflowId: string
  nodeId: string
}
