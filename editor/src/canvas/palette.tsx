import { nodeKinds, type NodeKind } from '@conveyor/shared'
import { editorKind } from '../kinds/registry'

export const paletteMime = 'application/x-conveyor-node-kind'

/** Every node kind, added by dragging onto the canvas or by Enter/click (at the view's centre). */
export function Palette({ onAdd }: { onAdd: (kind: NodeKind) => void }) {
  return (
    <nav className="palette" aria-label="Node palette">
      <h2 className="panel-heading">Add</h2>
      <ul>
        {nodeKinds.map((kind) => {
          const { label, icon } = editorKind(kind)
          return (
            <li key={kind}>
              <button
                type="button"
                className={`palette__item palette__item--${kind}`}
                draggable
                aria-label={`Add ${label.toLowerCase()}`}
                title={`Drag onto the diagram, or press Enter to add a ${label.toLowerCase()} in the middle of the view`}
                onDragStart={(event) => {
                  event.dataTransfer.setData(paletteMime, kind)
                  event.dataTransfer.effectAllowed = 'copy'
                }}
                onClick={() => onAdd(kind)}
              >
                <span aria-hidden="true">{icon}</span> {label}
              </button>
            </li>
          )
        })}
      </ul>
    </nav>
  )
}
