import type { AugmentConfig, NodeOfKind } from '../../model'
import { nameOf, type Check, type CheckContext } from '../../validator/check-context'
import { formsOf } from '../../validator/checks/forms'
import { checkAutonomy } from './autonomy-checks'
import { assistantSees } from './data-policy'

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
  if (augment && mode === 'augment') checkAssistant(context, node, augment)
  if (augment?.autonomy && mode === 'augment') checkAutonomy(context, node, augment.autonomy)
  if (!facts || Object.keys(facts).length === 0) {
    report('step.no-facts', {
      nodeId: node.id,
      path: nodePath(node.id, 'data', 'facts'),
      message: `Step ${name} has no facts about how it runs today.`,
    })
  }
}

/** The assistant fills in a field of the form, with answers that field accepts. */
function checkAssistant(context: CheckContext, node: NodeOfKind<'step'>, augment: AugmentConfig): void {
  const { assistant, form } = augment
  const path = context.nodePath(node.id, 'data', 'augment', 'assistant')
  // A draft can come from its template alone; a choice needs something of the item to go on.
  if (assistant.produces !== 'draft' && assistantSees(assistant).length === 0) {
    context.report('step.assistant-sees-nothing', {
      nodeId: node.id,
      path: [...path, 'sees'],
      message: `The assistant of step ${nameOf(node)} may read none of the item's fields: choose the ones it may read.`,
    })
  }
  const field = form.fields.find((candidate) => candidate.id === assistant.field)
  if (!field) {
    context.report('step.assistant-field-unknown', {
      nodeId: node.id,
      path: [...path, 'field'],
      message: `The assistant of step ${nameOf(node)} fills in "${assistant.field}", which is not a field of the step's form.`,
    })
    return
  }
  // A draft is free text; a classification or recommendation answers with one of its labels,
  // which a choice field refuses unless it is one of the field's options.
  const options = field.options ?? []
  if (assistant.produces === 'draft' || field.type !== 'select' || options.length === 0) return
  const outside = (assistant.labels ?? []).filter((label) => !options.includes(label))
  if (outside.length === 0) return
  const quoted = (names: readonly string[]) => names.map((label) => `"${label}"`).join(', ')
  context.report('step.assistant-label-not-option', {
    nodeId: node.id,
    path: [...path, 'labels', (assistant.labels ?? []).indexOf(outside[0]!)],
    message:
      `The assistant of step ${nameOf(node)} may answer ${quoted(outside)}, which ${outside.length === 1 ? 'is not an option' : 'are not options'} ` +
      `of field "${field.label}" (its options: ${quoted(options)}).`,
  })
}
