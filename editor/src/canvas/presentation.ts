import type { NodeStatus } from '../app/extensions'

export const statusPresentation: Record<NodeStatus, { icon: string; label: string }> = {
  active: { icon: '▶', label: 'Active' },
  visited: { icon: '✓', label: 'Visited' },
  failed: { icon: '✕', label: 'Failed' },
  waiting: { icon: '⏳', label: 'Waiting' },
}
