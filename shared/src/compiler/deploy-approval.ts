import { sendsDataOut, type OutsideContext } from '../kinds'
import type { WorkflowDocument } from '../model'

/**
 * Whether deploying the workflow waits for a second person's approval. An explicit
 * `deploysNeedApproval` wins; left out, a deploy needs approval when the workflow sends items'
 * data to a service outside the runtime: an automated http call, or an outside assistant.
 */
export function deploysNeedApproval(document: WorkflowDocument, context: OutsideContext): boolean {
  if (document.deploysNeedApproval !== undefined) return document.deploysNeedApproval
  return document.nodes.some((node) => sendsDataOut(node, context))
}
