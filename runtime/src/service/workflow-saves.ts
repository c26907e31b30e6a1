import type { WorkflowDocument } from '@conveyor/shared'
import type { Actor } from '@conveyor/shared/protocol/api'

/** A stored workflow's document at one revision. */
export interface StoredRevision {
  revision: number
  document: WorkflowDocument
}

/** A committed save of a stored workflow: what it holds now and what it replaced. */
export interface WorkflowSave extends StoredRevision {
  workflowId: string
  /** The stored revision the save replaced; absent when the save created the workflow. */
  previous?: StoredRevision
  by: Actor
}

/** The listeners of workflow saves. One that throws is reported and does not stop the others. */
export class WorkflowSaveListeners {
  private readonly listeners = new Set<(save: WorkflowSave) => void>()

  onWorkflowSaved(listener: (save: WorkflowSave) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Builds the save only when someone listens (it parses the replaced document). */
  emit(save: () => WorkflowSave): void {
    if (this.listeners.size === 0) return
    const saved = save()
    for (const listener of this.listeners) {
      try {
        listener(saved)
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error)
        console.error(`A listener of saves to workflow ${saved.workflowId} failed: ${reason}`)
      }
    }
  }
}
