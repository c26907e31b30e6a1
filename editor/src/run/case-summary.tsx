import type { CaseField } from '@conveyor/shared/protocol/api'
import { useId } from 'react'
import { formatValue } from './format'

/** The item a task is about: the fields its step needs, by label, with their values as people write them. */
export function CaseSummary({ fields }: { fields: CaseField[] }) {
  const headingId = useId()
  if (fields.length === 0) return null
  return (
    <section className="case-summary" aria-labelledby={headingId}>
      <h3 id={headingId}>About this item</h3>
      <dl>
        {fields.map((field) => (
          <div key={field.path}>
            <dt>{field.label}</dt>
            <dd className={field.type === 'longtext' ? 'case-summary__long' : undefined}>
              {formatValue(field.value, field.type)}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  )
}
