import type { NodeOfKind } from '../../model'
import { nameOf, type Check, type CheckContext } from '../check-context'
import { formsOf } from './forms'

/** The active mode of each step has what it needs to run. */
export const checkSteps: Check = (context) => {
  for (const node of context.graph.nodes.values()) {
    for (const { form, path } of formsOf(node)) {
      form.fields.forEach((field, index) => {
        if (field.type === 'select' && (field.options?.length ?? 0) === 0) {
          context.report('step.select-without-options', {
            nodeId: node.id,
            path: context.nodePath(node.id, ...path, 'fields', index, 'options'),
            message: `Field "${field.label}" of ${nameOf(node)} is a choice with no options.`,
          })
        }
      })
    }
    if (node.type === 'step') checkStep(context, node)
  }
}

function checkStep(context: CheckContext, node: NodeOfKind<'step'>): void {
  const { report, nodePath } = context
  const { mode, automate, augment, facts } = node.data
  const name = nameOf(node)
  if (mode === 'automate' && !automate) {
    report('step.missing-config', {
      nodeId: node.id,
      path: nodePath(node.id, 'data', 'automate'),
      message: `Step ${name} is automated but has no connector saying what to run.`,
    })
  }
  if (mode === 'augment' && !augment) {
    report('step.missing-config', {
      nodeId: node.id,
      path: nodePath(node.id, 'data', 'augment'),
      message: `Step ${name} is assisted but has no assistant task.`,
    })
  }
  if (augment && mode === 'augment') {
    const field = augment.assistant.field
    if (!augment.form.fields.some((candidate) => candidate.id === field)) {
      report('step.assistant-field-unknown', {
        nodeId: node.id,
        path: nodePath(node.id, 'data', 'augment', 'assistant', 'field'),
        message: `The assistant of step ${name} fills in "${field}", which is not a field of the step's form.`,
      })
    }
  }
  if (!facts || Object.keys(facts).length === 0) {
    report('step.no-facts', {
      nodeId: node.id,
      path: nodePath(node.id, 'data', 'facts'),
      message: `Step ${name} has no facts about how it runs today.`,
    })
  }
}
