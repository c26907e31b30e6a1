import type { NodeKind } from '@conveyor/shared'
import { decisionKind } from './decision'
import type { EditorKind } from './editor-kind'
import { endKind } from './end'
import { exceptionKind } from './exception'
import { forkKind } from './fork'
import { joinKind } from './join'
import { noteKind } from './note'
import { stepKind } from './step'
import { triggerKind } from './trigger'

/**
 * The editor's kind registry: one entry per node kind, so a kind left out fails the type check.
 * The canvas, the document layer and the inspector read a kind's look, size, handles, new data,
 * component and form here, never from a table of their own.
 */
export const editorKinds: { readonly [K in NodeKind]: EditorKind<K> } = {
  trigger: triggerKind,
  step: stepKind,
  decision: decisionKind,
  exception: exceptionKind,
  fork: forkKind,
  join: joinKind,
  end: endKind,
  note: noteKind,
}

/**
 * The entry of a kind, for what every kind has (its size, label, handles, form) called with a
 * node of that kind: the registry pairs each kind with its own nodes, which TypeScript cannot
 * follow through a lookup by `node.type`.
 */
export function editorKind(kind: NodeKind): EditorKind<NodeKind> {
  return editorKinds[kind] as EditorKind<NodeKind>
}
