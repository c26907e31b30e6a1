import { vi } from 'vitest'
import WebSocket from 'ws'
import type { LiveConnectionOptions } from '../../editor/src/collab/live-connection'
import { freshId, idsOf } from '../../editor/src/doc/node-ids'
import type { WorkflowStore } from '../../editor/src/doc/workflow-store'
import { stepFacts } from '../../editor/src/kinds/step/step'

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

/**
 * A new step labelled `label`: added with a new step's data, then renamed, as a person does; returns
 * its id. Built from the step's facts rather than the editor's kind registry, which brings the
 * canvas and inspector (React) with it.
 */
export function addStep(store: WorkflowStore, label: string): string {
  const id = freshId('step', idsOf(store.getSnapshot()))
  store.apply({
    type: 'addNode',
    node: { id, type: 'step', position: { x: 200, y: 120 }, data: stepFacts.newData({}) },
  })
  store.apply({ type: 'updateNodeData', id, patch: { label } })
  return id
}

export const labelsOf = (store: WorkflowStore) => store.getSnapshot().nodes.map((node) => node.data.label)

/** Generous: the machine may be busy, and a client that gets there late still gets there. */
export const eventually = (check: () => void | Promise<void>) =>
  vi.waitFor(check, { timeout: 15_000, interval: 25 })
