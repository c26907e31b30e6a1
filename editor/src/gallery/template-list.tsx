import type { ExampleSummary } from '@conveyor/shared/protocol/api'

interface TemplateListProps {
  examples: ExampleSummary[]
  busy: boolean
  onUse: (example: ExampleSummary) => void
}

/** The bundled examples, each a starting point that becomes a workflow of one's own. */
export function TemplateList({ examples, busy, onUse }: TemplateListProps) {
  return (
    <ul className="template-list" aria-label="Templates">
      {examples.map((example) => (
        <li key={example.slug}>
          <strong>{example.name}</strong>
          {example.valueStream && <span className="muted"> · {example.valueStream}</span>}
          {example.description && <p className="muted">{example.description}</p>}
          <button
            type="button"
            disabled={busy}
            aria-label={`Use template ${example.name}`}
            onClick={() => onUse(example)}
          >
            Use template
          </button>
        </li>
      ))}
    </ul>
  )
}
