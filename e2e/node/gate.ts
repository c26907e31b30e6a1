import { createServer, connect, type Server, type Socket } from 'node:net'

/**
 * What stands between a client and the runtime, as a flaky network or proxy would: `open` passes
 * everything, `no-live` refuses WebSocket upgrades (the live document) but passes the REST API,
 * `down` refuses every connection. Changing it cuts the connections already through.
 */
export type GateMode = 'open' | 'no-live' | 'down'

export class Gate {
  private mode: GateMode = 'open'
  private readonly sockets = new Set<Socket>()

  private constructor(
    private readonly server: Server,
    private readonly targetPort: () => number,
  ) {}

  static async start(targetPort: () => number): Promise<Gate> {
    const server = createServer()
    const gate = new Gate(server, targetPort)
    server.on('connection', (client) => gate.take(client))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    return gate
  }

  get origin(): string {
    const address = this.server.address()
    if (!address || typeof address === 'string') throw new Error('the gate is not listening')
    return `http://127.0.0.1:${address.port}`
  }

  set(mode: GateMode): void {
    this.mode = mode
    for (const socket of this.sockets) socket.destroy()
  }

  async close(): Promise<void> {
    this.set('down')
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }

  private take(client: Socket): void {
    this.sockets.add(client)
    client.on('close', () => this.sockets.delete(client))
    client.on('error', () => client.destroy())
    if (this.mode === 'down') return void client.destroy()
    client.once('data', (first) => {
      const upgrade = /\r\nupgrade:\s*websocket/i.test(first.toString('latin1'))
      if (this.mode === 'down' || (this.mode === 'no-live' && upgrade)) return void client.destroy()
      const upstream = connect(this.targetPort(), '127.0.0.1', () => {
        upstream.write(first)
        client.pipe(upstream)
        upstream.pipe(client)
      })
      this.sockets.add(upstream)
      upstream.on('close', () => {
        this.sockets.delete(upstream)
        client.destroy()
      })
      upstream.on('error', () => upstream.destroy())
      client.on('close', () => upstream.destroy())
    })
  }
}
