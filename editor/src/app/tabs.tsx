import { useId, useRef, type KeyboardEvent, type ReactNode } from 'react'

export interface TabDefinition {
  id: string
  title: string
  render: () => ReactNode
}

interface TabsProps {
  label: string
  tabs: TabDefinition[]
  selected: string
  onSelect: (id: string) => void
}

/** WAI-ARIA tabs: arrow keys move between tabs, only the selected panel is rendered. */
export function Tabs({ label, tabs, selected, onSelect }: TabsProps) {
  const prefix = useId()
  const list = useRef<HTMLDivElement>(null)
  const current = tabs.find((tab) => tab.id === selected) ?? tabs[0]
  const onKeyDown = (event: KeyboardEvent) => {
    const index = tabs.findIndex((tab) => tab.id === current?.id)
    const step = { ArrowRight: 1, ArrowLeft: -1, Home: -index, End: tabs.length - 1 - index }[event.key]
    if (step === undefined) return
    event.preventDefault()
    const next = tabs[(index + step + tabs.length) % tabs.length]!
    onSelect(next.id)
    list.current?.ownerDocument.getElementById(`${prefix}-tab-${next.id}`)?.focus()
  }
  return (
    <div className="tabs">
      <div role="tablist" aria-label={label} className="tabs__list" ref={list} onKeyDown={onKeyDown}>
        {tabs.map((tab) => (
          <button
            key={tab.id}
            id={`${prefix}-tab-${tab.id}`}
            type="button"
            role="tab"
            aria-selected={tab.id === current?.id}
            aria-controls={`${prefix}-panel-${tab.id}`}
            tabIndex={tab.id === current?.id ? 0 : -1}
            className="tabs__tab"
            onClick={() => onSelect(tab.id)}
          >
            {tab.title}
          </button>
        ))}
      </div>
      {current ? (
        <div
          role="tabpanel"
          id={`${prefix}-panel-${current.id}`}
          aria-labelledby={`${prefix}-tab-${current.id}`}
          className="tabs__panel"
        >
          {current.render()}
        </div>
      ) : null}
    </div>
  )
}
