import {
  editExpression,
  expressionKey,
  expressionText,
  expressionTextsMap,
  keepExpressionTextsInStep,
  type ExpressionFieldRef,
} from '@conveyor/shared/ydoc/expression-texts'
import * as Y from 'yjs'
import { localOrigin } from '../doc/apply-change'
import { typingStepMs, type WorkflowStore } from '../doc/workflow-store'

const typedField = 'typed field'
const typedAt = 'typed at'

/**
 * Expression fields typed together in the workflow's live document (see
 * `shared/src/ydoc/expression-texts.ts`). Typing is this tab's own edit (`localOrigin`), so it is
 * saved and counted like any other, and it sits on the diagram's undo stack: a burst of keystrokes
 * in one field is one step, and undoing it takes back only this person's characters.
 */
export class SharedExpressions {
  /** The field being typed into while its transaction runs. */
  private typing: string | null = null

  constructor(readonly store: WorkflowStore) {}

  /** Starts keeping texts and data in step; returns the function that stops it. */
  start(): () => void {
    const { undoManager, y } = this.store
    const stop = keepExpressionTextsInStep(y)
    undoManager.addToScope(expressionTextsMap(y.ydoc))
    undoManager.on('stack-item-added', this.groupTyping)
    return () => {
      stop()
      undoManager.off('stack-item-added', this.groupTyping)
    }
  }

  /** The field's text (made on first use), or null when the field is gone. */
  textOf(field: ExpressionFieldRef): Y.Text | null {
    return expressionText(this.store.y, field)
  }

  /** Applies `edit` to the field's text; the data string follows in the same transaction. */
  type(field: ExpressionFieldRef, text: Y.Text, edit: (text: Y.Text) => void): void {
    this.typing = expressionKey(field)
    try {
      editExpression(this.store.y, field, text, edit, localOrigin)
    } finally {
      this.typing = null
    }
  }

  private groupTyping = ({ stackItem, type }: { stackItem: Y.UndoManager['undoStack'][0]; type: string }) => {
    const field = this.typing
    if (field === null || type !== 'undo') return
    const stack = this.store.undoManager.undoStack
    const previous = stack.at(-2)
    const now = Date.now()
    if (
      previous?.meta.get(typedField) === field &&
      now - Number(previous.meta.get(typedAt)) < typingStepMs &&
      stack.at(-1) === stackItem
    ) {
      previous.insertions = Y.mergeDeleteSets([previous.insertions, stackItem.insertions])
      previous.deletions = Y.mergeDeleteSets([previous.deletions, stackItem.deletions])
      previous.meta.set(typedAt, now)
      stack.pop()
      return
    }
    stackItem.meta.set(typedField, field)
    stackItem.meta.set(typedAt, now)
  }
}
