import { callsOutside } from '../kinds/step/fallback'
import type { WorkflowDocument } from './document'

export interface ApprovalContext {
  /**
   * Whether the runtime's assistant is a service outside it (an openai-compatible provider), so
   * that augment steps and assistant decisions send the item's fields out. The document cannot
   * say: the provider is the runtime's setting.
   */
  assistantCallsOutside: boolean
}

/**
 * Whether deploying the workflow waits for a second person's approval. An explicit
 * `deploysNeedApproval` wins; left out, a deploy needs approval when the workflow reaches a
 * service outside the runtime: an automated http call, or an outside assistant.
 */
export function deploysNeedApproval(document: WorkflowDocument, context: ApprovalContext): boolean {
  if (document.deploysNeedApproval !== undefined) return document.deploysNeedApproval
  return document.nodes.some((node) => {
    // Any assistant can stop a step (its fallback's concern); only an outside one sends data out.
    if (node.type === 'step')
      return node.data.mode === 'augment' ? context.assistantCallsOutside : callsOutside(node.data)
    return node.type === 'decision' && node.data.decidedBy === 'assistant' && context.assistantCallsOutside
  })
}
