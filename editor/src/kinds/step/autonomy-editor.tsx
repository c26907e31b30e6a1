import { autonomyDefaults, type AutonomyLevel, type Lane, type StepAutonomy } from '@conveyor/shared'
import { NumberField, Section, SelectField } from '../../inspector/fields'

export const levelOptions: ReadonlyArray<{ value: AutonomyLevel; label: string }> = [
  { value: 'suggest', label: 'Suggest: a person reviews every suggestion' },
  { value: 'auto-apply', label: 'Auto-apply: confident suggestions apply without a person' },
  { value: 'automate', label: 'Automate: every suggestion applies without a person' },
]

/** Below-threshold choices as one select: the two plain settings, then one entry per lane. */
const laneChoice = (lane: string) => `lane:${lane}`

/**
 * The document's defaults for how far the step's suggestions are trusted. The runtime holds the
 * level in force; it proposes promotions and demotes on the bars the document sets.
 */
export function AutonomyEditor({
  value,
  lanes,
  onChange,
}: {
  value: StepAutonomy | undefined
  lanes: readonly Lane[]
  onChange: (autonomy: StepAutonomy | undefined) => void
}) {
  const current = value ?? {}
  const set = (change: Partial<StepAutonomy>) => {
    const next: Record<string, unknown> = { ...current, ...change }
    for (const key of Object.keys(next)) if (next[key] === undefined) delete next[key]
    onChange(Object.keys(next).length > 0 ? (next as StepAutonomy) : undefined)
  }
  const below = current.belowThreshold
  return (
    <Section title="Autonomy">
      <SelectField
        label="Level to start at"
        value={current.level}
        options={levelOptions}
        emptyLabel={`Default (${autonomyDefaults.level})`}
        onChange={(level) => set({ level })}
      />
      <NumberField
        label="Confidence threshold (0–1)"
        hint="From this confidence up a suggestion may apply without a person"
        value={current.threshold}
        placeholder={String(autonomyDefaults.threshold)}
        min={0}
        max={1}
        onCommit={(threshold) => set({ threshold })}
      />
      <NumberField
        label="Share still reviewed (0–1)"
        hint="Of the suggestions that could apply, this share still goes to people, so accuracy stays measured"
        value={current.sampleShare}
        placeholder={String(autonomyDefaults.sampleShare)}
        min={0}
        max={1}
        onCommit={(sampleShare) => set({ sampleShare })}
      />
      <SelectField
        label="Below the threshold"
        value={typeof below === 'object' ? laneChoice(below.lane) : below}
        options={[
          { value: 'prefill', label: 'Prefill the task as usual' },
          { value: 'no-prefill', label: 'Leave the task blank' },
          ...lanes.map((lane) => ({ value: laneChoice(lane.id), label: `Send to ${lane.name}` })),
        ]}
        emptyLabel="Default (prefill)"
        onChange={(choice) =>
          set({
            belowThreshold:
              choice === undefined || choice === 'prefill' || choice === 'no-prefill'
                ? choice
                : { lane: choice.slice('lane:'.length) },
          })
        }
      />
    </Section>
  )
}
