import type { WorkflowDocument } from '@conveyor/shared'
import type { Database } from 'better-sqlite3'
import type { StoredRevision } from '../service/workflow-saves'

/**
 * The stored document a live document was last in step with, kept on disk while the live
 * document holds a draft the stored workflow cannot take (one that does not parse, or was
 * emptied). A save made while nobody has the live document loaded then merges three-way with the
 * draft when it is opened again, instead of replacing it. A row is always a revision and the
 * stored document of that revision, so a row left over is never wrong, only unused; it goes once
 * the live document is stored again.
 */
export interface DraftBases {
  get(workflowId: string): StoredRevision | undefined
  set(workflowId: string, base: StoredRevision): void
  remove(workflowId: string): void
}

/** Draft bases in their own table of the collaboration database, created on first use. */
export function createDraftBases(db: Database): DraftBases {
  db.exec(`
    CREATE TABLE IF NOT EXISTS collab_draft_bases (
      workflow_id TEXT PRIMARY KEY,
      revision INTEGER NOT NULL,
      document TEXT NOT NULL
    )
  `)
  const select = db.prepare<[string], { revision: number; document: string }>(
    'SELECT revision, document FROM collab_draft_bases WHERE workflow_id = ?',
  )
  const upsert = db.prepare(
    `INSERT INTO collab_draft_bases (workflow_id, revision, document) VALUES (?, ?, ?)
     ON CONFLICT (workflow_id) DO UPDATE SET revision = excluded.revision, document = excluded.document`,
  )
  const remove = db.prepare('DELETE FROM collab_draft_bases WHERE workflow_id = ?')
  return {
    get(workflowId) {
      const row = select.get(workflowId)
      return row && { revision: row.revision, document: JSON.parse(row.document) as WorkflowDocument }
    },
    set(workflowId, { revision, document }) {
      upsert.run(workflowId, revision, JSON.stringify(document))
    },
    remove(workflowId) {
      remove.run(workflowId)
    },
  }
}
