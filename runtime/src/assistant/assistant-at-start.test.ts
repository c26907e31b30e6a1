import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { loadConfig } from '../config'
import { startServer, type RunningServer } from '../http/start-server'

let dir: string
let server: RunningServer | undefined
afterEach(async () => {
  await server?.close()
  rmSync(dir, { recursive: true, force: true })
  server = undefined
})

describe('the start', () => {
  it('says which assistant augment steps ask, and that its key is not stored yet', async () => {
    dir = mkdtempSync(join(tmpdir(), 'assistant-at-start-'))
    const said: string[] = []
    const config = loadConfig({
      PORT: '0',
      CONVEYOR_DATA: dir,
      CONVEYOR_ADMIN_TOKEN: 'assistant-at-start-admin-token',
      CONVEYOR_EDITOR_DIST: join(dir, 'no-editor'),
      CONVEYOR_ASSISTANT_URL: 'http://127.0.0.1:11434/v1',
      CONVEYOR_ASSISTANT_MODEL: 'llama3.1',
      CONVEYOR_ASSISTANT_KEY_SECRET: 'ASSISTANT_KEY',
    })
    server = await startServer(config, { say: (line) => said.push(line), log: () => {} })
    expect(said).toContain('Augment steps ask the assistant at http://127.0.0.1:11434/v1 (model llama3.1).')
    expect(said.join('\n')).toContain('the secret "ASSISTANT_KEY", is not stored yet')
  })
})
