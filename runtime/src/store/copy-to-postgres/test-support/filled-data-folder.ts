import { examples } from '@conveyor/examples'
import * as Y from 'yjs'
import { createSqlPersistence } from '../../../collab'
import { answerFrom, drive, pointedAt } from '../../../service/test-support/example-driver'
import { defaultReplies, scenarios } from '../../../service/test-support/example-scenarios'
import { startRecordingServer } from '../../../service/test-support/recording-server'
import { openHarness, tempDataDir } from '../../../service/test-support/service-harness'
import { openSqlDatabase } from '../../sql'

/**
 * A data folder as people leave it: every example workflow deployed and run through its scenarios
 * by the real service (instances, events, tasks, timers, outbox calls to a loopback server, audit),
 * and a shared document stored by collaboration. The service is closed; the folder stays.
 */
export async function filledDataFolder(): Promise<string> {
  const dataDir = tempDataDir()
  const server = await startRecordingServer()
  const harness = await openHarness({ allowPrivateHosts: ['127.0.0.1'] }, dataDir)
  try {
    await harness.service.seedExamplesIfEmpty()
    for (const example of examples) {
      await harness.service.updateWorkflow(example.document.id, pointedAt(example, server))
      await harness.service.deploy(example.document.id)
      for (const scenario of scenarios[example.slug] ?? []) {
        const answer = answerFrom(scenario.replies ?? {}, defaultReplies)
        server.reply = (request) => answer(request.path)
        await drive(harness, example, scenario)
      }
    }
  } finally {
    await harness.service.close()
    await server.close()
  }
  await storeSharedDocument(dataDir, examples[0]!.document.id, 'Moved to PostgreSQL')
  return dataDir
}

/** Stores a shared document (a compacted state and one update after it) the way collaboration does. */
async function storeSharedDocument(dataDir: string, workflowId: string, title: string): Promise<void> {
  const db = await openSqlDatabase({ dataDir })
  try {
    const persistence = createSqlPersistence(db)
    const doc = new Y.Doc()
    doc.getText('title').insert(0, title)
    await persistence.store(workflowId, Y.encodeStateAsUpdate(doc))
    await persistence.compact(workflowId)
    const before = Y.encodeStateVector(doc)
    doc.getText('title').insert(title.length, '!')
    await persistence.store(workflowId, Y.encodeStateAsUpdate(doc, before))
    doc.destroy()
  } finally {
    await db.close()
  }
}
