import type { WorkflowDocument } from '@conveyor/shared'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Role } from '../../runtime/src/auth/roles'
import { startServer, type RunningServer } from '../../runtime/src/http/start-server'

const adminToken = 'node-e2e-admin-token-0123456789'

/**
 * The runtime as `pnpm start` runs it (API, live collaboration, SQLite in a data folder) on a free
 * loopback port. Stopping it is what SIGTERM does (editors disconnected, everything stored);
 * starting it again reuses the folder and the port, so clients that kept retrying come back.
 */
export class RuntimeUnderTest {
  /** Lines the runtime logged as unexpected errors. */
  readonly errors: string[] = []
  private server: RunningServer | undefined

  private constructor(
    readonly dataDir: string,
    private port: number,
  ) {}

  static async start(): Promise<RuntimeUnderTest> {
    const runtime = new RuntimeUnderTest(await mkdtemp(join(tmpdir(), 'conveyor-node-e2e-')), 0)
    await runtime.restart()
    return runtime
  }

  get origin(): string {
    return `http://127.0.0.1:${this.port}`
  }

  /** The y-websocket server URL, as the editor derives it from the page's origin. */
  get collabUrl(): string {
    return `ws://127.0.0.1:${this.port}/collab`
  }

  async stop(): Promise<void> {
    await this.server?.close()
    this.server = undefined
  }

  async restart(): Promise<void> {
    await this.stop()
    this.server = await startServer(
      {
        host: '127.0.0.1',
        port: this.port,
        dataDir: this.dataDir,
        adminToken,
        editorDist: join(this.dataDir, 'no-editor-here'),
      },
      { say: () => {}, log: (line) => this.errors.push(line) },
    )
    this.port = this.server.port
  }

  async remove(): Promise<void> {
    await this.stop()
    await rm(this.dataDir, { recursive: true, force: true })
  }

  /** A token issued to `name`, as an admin does through the API. */
  async tokenFor(name: string, role: Role): Promise<string> {
    const { secret } = (await this.post('/api/tokens', { name, role })) as { secret: string }
    return secret
  }

  async createWorkflow(name: string): Promise<string> {
    const { id } = (await this.post('/api/workflows', { name })) as { id: string }
    return id
  }

  /** `GET /api/workflows/{id}` as an admin: the stored revision and document. */
  async storedWorkflow(id: string): Promise<{ revision: number; document: WorkflowDocument }> {
    const response = await fetch(`${this.origin}/api/workflows/${encodeURIComponent(id)}`, {
      headers: { authorization: `Bearer ${adminToken}` },
    })
    if (!response.ok)
      throw new Error(`GET workflow ${id} answered ${response.status}: ${await response.text()}`)
    return (await response.json()) as { revision: number; document: WorkflowDocument }
  }

  private async post(path: string, body: unknown): Promise<unknown> {
    const response = await fetch(`${this.origin}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
    if (response.status !== 201)
      throw new Error(`POST ${path} answered ${response.status}: ${await response.text()}`)
    return response.json()
  }
}
