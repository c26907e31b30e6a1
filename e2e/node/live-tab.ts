import { vi } from 'vitest'
import WebSocket from 'ws'
import type { LiveConnectionOptions } from '../../editor/src/collab/live-connection'
import { createNode } from '../../editor/src/doc/new-node'
import type { WorkflowStore } from '../../editor/src/doc/workflow-store'

/** How the editor's client code reaches the runtime from Node, signed in by token. */
export function liveOptions(serverUrl: string, token: string | undefined): LiveConnectionOptions {
  return {
    serverUrl,
    token,
    WebSocketPolyfill: WebSocket as unknown as LiveConnectionOptions['WebSocketPolyfill'],
    // Tabs in one process would otherwise also reach each other without the runtime.
    disableBc: true,
  }
}

/** A new step labelled `label`, added the way the palette adds one; returns its id. */
export function addStep(store: WorkflowStore, label: string): string {
  const created = createNode(store.getSnapshot(), 'step', { x: 200, y: 120 })
  if (!created.ok) throw new Error(created.reason)
  store.apply({ type: 'addNode', node: created.node })
  store.apply({ type: 'updateNodeData', id: created.node.id, patch: { label } })
  return created.node.id
}

export const labelsOf = (store: WorkflowStore) => store.getSnapshot().nodes.map((node) => node.data.label)

/** Generous: the machine may be busy, and a client that gets there late still gets there. */
export const eventually = (check: () => void | Promise<void>) =>
  vi.waitFor(check, { timeout: 15_000, interval: 25 })
