import { DecidedBy, type Branch } from '@conveyor/shared'
import { freshId } from '../../doc/node-ids'
import { FactsEditor, SlaEditor } from '../../inspector/common-editors'
import { Section, SelectField, TextField } from '../../inspector/fields'
import type { KindFormProps } from '../../inspector/kind-form-props'
import { ConditionField } from '../../inspector/rules/condition-field'
import { ruleFieldsAt } from '../../inspector/rules/rule-fields'

const decidedByLabels = {
  rule: 'A rule (conditions)',
  assistant: 'The assistant recommends, a person confirms',
  person: 'A person picks',
}

export function DecisionForm({ node, document, update, apply }: KindFormProps<'decision'>) {
  const { branches, defaultBranch } = node.data
  const ruleFields = node.data.decidedBy === 'rule' ? ruleFieldsAt(document, node.id) : []
  const edgesOf = (branchId: string) =>
    document.edges.filter((edge) => edge.source === node.id && edge.sourceHandle === branchId)
  /** Renaming a branch renames the edge that carries it, so the file says the same as the canvas. */
  const setBranch = (index: number, patch: Partial<Branch>) => {
    const next = branches.map((branch, at) => (at === index ? { ...branch, ...patch } : branch))
    const clean = next.map((branch) => (branch.condition ? branch : { id: branch.id, label: branch.label }))
    const relabel = patch.label
      ? edgesOf(branches[index]!.id).map((edge) => ({
          type: 'updateEdge' as const,
          id: edge.id,
          label: patch.label,
        }))
      : []
    apply({ type: 'updateNodeData', id: node.id, patch: { branches: clean } }, ...relabel)
  }
  /** A branch goes with the edge leaving through it, in one change. */
  const remove = (index: number) => {
    const removed = branches[index]!
    const patch = {
      branches: branches.filter((_, at) => at !== index),
      ...(defaultBranch === removed.id ? { defaultBranch: undefined } : {}),
    }
    const edgeIds = edgesOf(removed.id).map((edge) => edge.id)
    apply({ type: 'updateNodeData', id: node.id, patch }, { type: 'deleteElements', nodeIds: [], edgeIds })
  }
  const add = () => {
    const id = freshId(
      'branch',
      branches.map((branch) => branch.id),
    )
    update({ branches: [...branches, { id, label: `Branch ${branches.length + 1}` }] })
  }
  return (
    <>
      <Section title="Decision">
        <SelectField
          label="Decided by"
          value={node.data.decidedBy}
          options={DecidedBy.options.map((value) => ({ value, label: decidedByLabels[value] }))}
          onChange={(decidedBy) => decidedBy && update({ decidedBy })}
        />
        <TextField
          label="Question"
          value={node.data.question}
          onCommit={(question) => update({ question })}
        />
      </Section>
      <Section title="Branches">
        <ol className="branches">
          {branches.map((branch, index) => (
            <li key={branch.id}>
              <TextField
                label={`Name of branch ${index + 1}`}
                value={branch.label}
                required
                onCommit={(label) => label && setBranch(index, { label })}
              />
              {node.data.decidedBy === 'rule' ? (
                <ConditionField
                  label={`Condition for ${branch.label}`}
                  value={branch.condition}
                  fields={ruleFields}
                  field={{ nodeId: node.id, path: ['branches', { id: branch.id }, 'condition'] }}
                  onCommit={(condition) => setBranch(index, { condition })}
                />
              ) : null}
              <button
                type="button"
                className="is-destructive"
                onClick={() => remove(index)}
                disabled={branches.length === 1}
              >
                Remove branch {branch.label}
              </button>
            </li>
          ))}
        </ol>
        <button type="button" onClick={add}>
          Add branch
        </button>
        <SelectField
          label="Default branch (when no condition holds)"
          value={defaultBranch}
          emptyLabel="None"
          options={branches.map((branch) => ({ value: branch.id, label: branch.label }))}
          onChange={(next) => update({ defaultBranch: next })}
        />
      </Section>
      <SlaEditor value={node.data.sla} lanes={document.lanes} onChange={(sla) => update({ sla })} />
      <FactsEditor value={node.data.facts} onChange={(facts) => update({ facts })} />
    </>
  )
}
