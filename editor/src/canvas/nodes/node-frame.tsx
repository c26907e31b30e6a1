import type { WorkflowNode } from '@conveyor/shared'
import type { ReactNode } from 'react'
import type { NodeOverlayEntry } from '../../app/extensions'
import type { ProblemMark } from '../flow-types'
import { statusPresentation } from '../presentation'
import { useZoomLevel } from '../zoom-levels'
import { ExitControls } from './exit-controls'

interface NodeFrameProps {
  node: WorkflowNode
  /** Its kind's icon, drawn before its name. */
  icon: string
  overlay?: NodeOverlayEntry
  problem?: ProblemMark
  freeExits?: ReadonlyArray<string | null>
  selected: boolean
  className?: string
  /** Handles, drawn at every zoom so edges stay attached (hidden by CSS when zoomed out). */
  handles: ReactNode
  children?: ReactNode
}

/** What every node kind shares: its shape, name, run status, badges and problem marker. */
export function NodeFrame({
  node,
  icon,
  overlay,
  problem,
  freeExits,
  selected,
  className = '',
  handles,
  children,
}: NodeFrameProps) {
  const level = useZoomLevel()
  const status = overlay?.status
  const classes = [
    'flow-node',
    `flow-node--${node.type}`,
    className,
    selected ? 'is-selected' : '',
    status ? `is-${status}` : '',
    problem ? `has-${problem.severity}` : '',
    level === 'shape' ? 'is-plain' : '',
    level === 'compact' ? 'is-compact' : '',
  ]
  return (
    <div className={classes.join(' ')} data-node-id={node.id}>
      {handles}
      {level === 'compact' ? <span className="flow-node__label">{node.data.label}</span> : null}
      {level !== 'detail' ? null : (
        <>
          <div className="flow-node__title">
            <span className="flow-node__kind" aria-hidden="true">
              {icon}
            </span>
            <span className="flow-node__label">{node.data.label}</span>
          </div>
          {children}
          <ExitControls node={node} freeExits={freeExits} />
          {status || overlay?.badges?.length ? (
            <div className="flow-node__overlay">
              {status ? (
                <span className={`status status--${status}`}>
                  <span aria-hidden="true">{statusPresentation[status].icon}</span>{' '}
                  {statusPresentation[status].label}
                </span>
              ) : null}
              {overlay?.badges?.map((badge, index) => (
                <span className="badge" key={index}>
                  {badge}
                </span>
              ))}
            </div>
          ) : null}
          {problem ? (
            <div className={`flow-node__problem problem--${problem.severity}`} title={problem.message}>
              <span aria-hidden="true">{problem.severity === 'error' ? '✖' : '⚠'}</span>{' '}
              {problem.count === 1 ? problem.message : `${problem.count} problems: ${problem.message}`}
            </div>
          ) : null}
        </>
      )}
    </div>
  )
}
