import { nodeKinds, type NodeKind } from '@conveyor/shared'
import { kindLabels } from '../doc/new-node'
import { kindIcons } from './presentation'

export const paletteMime = 'application/x-conveyor-node-kind'

/** Every node kind, added by dragging onto the canvas or by Enter/click (at the view's centre). */
export function Palette({ onAdd }: { onAdd: (kind: NodeKind) => void }) {
  return (
    <nav className="palette" aria-label="Node palette">
      <h2 className="panel-heading">Add</h2>
      <ul>
        {nodeKinds.map((kind) => (
          <li key={kind}>
            <button
              type="button"
              className={`palette__item palette__item--${kind}`}
              draggable
              aria-label={`Add ${kindLabels[kind].toLowerCase()}`}
              title={`Drag onto the diagram, or press Enter to add a ${kindLabels[kind].toLowerCase()} in the middle of the view`}
              onDragStart={(event) => {
                event.dataTransfer.setData(paletteMime, kind)
                event.dataTransfer.effectAllowed = 'copy'
              }}
              onClick={() => onAdd(kind)}
            >
              <span aria-hidden="true">{kindIcons[kind]}</span> {kindLabels[kind]}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  )
}
