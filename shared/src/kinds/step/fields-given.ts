import type { NodeOfKind } from '../../model'
import { formFieldsGiven } from '../form-fields-given'
import type { GivenField } from '../kind-spec'
import { stepResultShape } from './result-shape'

/**
 * Where the runtime saves a step's answer (`saveResult`): under `saveAs` when given; a person's
 * form answers field by field; a result reshaped by `output` or made by a connector merged in when
 * it is an object (its keys, when they can be known), kept under the step's id otherwise.
 */
export function stepFieldsGiven(node: NodeOfKind<'step'>): GivenField[] | 'unknown' {
  const { saveAs, output, mode, label } = node.data
  const form =
    mode === 'human' ? node.data.human?.form : mode === 'augment' ? node.data.augment?.form : undefined
  const answeredByForm = output === undefined && mode !== 'automate'
  if (saveAs !== undefined) {
    return answeredByForm && form
      ? formFieldsGiven(form, saveAs)
      : [{ path: [saveAs], label: `${label}: result` }]
  }
  if (answeredByForm) return formFieldsGiven(form)
  const shape = stepResultShape(node.data)
  if (shape.keys === undefined) return 'unknown'
  return [
    ...[...shape.keys].map((key) => ({ path: [key], label: `${label}: ${key}` })),
    ...(shape.other ? [{ path: [node.id], label: `${label}: result` }] : []),
  ]
}
