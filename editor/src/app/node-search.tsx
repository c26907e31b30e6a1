import type { WorkflowDocument } from '@conveyor/shared'
import { useId, useState } from 'react'
import { NodeChoices } from './node-choices'

/** Find a node by name (or id); Enter jumps to the first match. */
export function NodeSearch({
  document,
  onFound,
}: {
  document: WorkflowDocument
  onFound: (nodeId: string) => void
}) {
  const [query, setQuery] = useState('')
  const listId = useId()
  const needle = query.trim().toLowerCase()
  const matches = needle
    ? document.nodes
        .filter(
          (node) => node.data.label.toLowerCase().includes(needle) || node.id.toLowerCase().includes(needle),
        )
        .slice(0, 8)
    : []
  const choose = (nodeId: string) => {
    onFound(nodeId)
    setQuery('')
  }
  return (
    <div className="node-search" role="search">
      <input
        type="search"
        aria-label="Find a node by name"
        placeholder="Find a node…"
        value={query}
        // Names the list only while it is shown: a reference to nothing is an error for assistive technology.
        aria-controls={needle ? listId : undefined}
        onChange={(event) => setQuery(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && matches[0]) choose(matches[0].id)
          if (event.key === 'Escape') setQuery('')
        }}
      />
      {needle ? (
        <NodeChoices
          id={listId}
          className="node-search__results"
          label="Matching nodes"
          nodes={matches}
          empty={`No node matches “${query}”`}
          onChoose={choose}
        />
      ) : null}
    </div>
  )
}
