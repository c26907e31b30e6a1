import type { WorkflowDocument } from '@conveyor/shared'
import { SelectField } from './fields'

const choices = [
  { value: 'always', label: 'Always' },
  { value: 'never', label: 'Never' },
] as const

/**
 * Whether deploying waits for a second person's approval. Left to the default, the runtime asks
 * for one when a step calls a service outside it (an http call, or an outside assistant).
 */
export function DeployApprovalField({
  document,
  onChange,
}: {
  document: WorkflowDocument
  onChange: (deploysNeedApproval: boolean | undefined) => void
}) {
  const setting = document.deploysNeedApproval
  return (
    <SelectField
      label="Deploys need another person's approval"
      value={setting === undefined ? undefined : setting ? 'always' : 'never'}
      options={[...choices]}
      emptyLabel="When a step calls an outside service"
      onChange={(choice) => onChange(choice === undefined ? undefined : choice === 'always')}
    />
  )
}
