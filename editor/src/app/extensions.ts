import type { WorkflowDocument, WorkflowNode } from '@conveyor/shared'
import type { ComponentType } from 'react'
import type * as Y from 'yjs'

/** How a node is painted by simulate, runs or metrics: a status (shown by icon and text) and badges. */
export type NodeStatus = 'active' | 'visited' | 'failed' | 'waiting'
export interface NodeOverlayEntry {
  status?: NodeStatus
  badges?: string[]
}
export type NodeOverlay = Record<string, NodeOverlayEntry>

export interface EditorExtensionProps {
  workflowId: string
  /** The workflow document currently shown on the canvas (updated as people edit). */
  doc: WorkflowDocument
  /** The live shared document behind it, for collaboration data kept beside the workflow (comments). */
  ydoc: Y.Doc
  /** Ids of the nodes selected on the canvas. */
  selectedNodeIds: ReadonlySet<string>
  /** Paints this extension's overlay on the canvas; `null` removes it. Each extension has its own layer. */
  setOverlay: (overlay: NodeOverlay | null) => void
  /** Selects a node on the canvas and centres the view on it. */
  focusNode: (nodeId: string) => void
  /** Resolves once the runtime has the workflow as shown here (before deploying it), or throws why not. */
  storeChanges: () => Promise<void>
}

export interface ToolbarItem {
  id: string
  /** Lower comes first; built-in items use 0–99. */
  order?: number
  /** Only for people who may change the workflow (the runtime refuses it to viewers): hidden in view-only mode. */
  editorsOnly?: boolean
  Component: ComponentType<EditorExtensionProps>
}

export interface PanelTab {
  id: string
  /** The tab's accessible name and visible title. */
  title: string
  order?: number
  Component: ComponentType<EditorExtensionProps>
}

export interface NodeSectionProps {
  workflowId: string
  /** The node inspected (the only one selected). */
  node: WorkflowNode
  document: WorkflowDocument
}

/** A part of the inspector below a node's own form: what the runtime says about the node now. */
export interface NodeSection {
  id: string
  order?: number
  Component: ComponentType<NodeSectionProps>
}

const toolbarItems = new Map<string, ToolbarItem>()
const panelTabs = new Map<string, PanelTab>()
const nodeSections = new Map<string, NodeSection>()

const byOrder = <T extends { order?: number }>(items: Iterable<T>): T[] =>
  [...items].sort((a, b) => (a.order ?? 100) - (b.order ?? 100))

/** Adds (or replaces, by id) a toolbar item on the editor page. Call at module load. */
export function registerToolbarItem(item: ToolbarItem): void {
  toolbarItems.set(item.id, item)
}

/** Adds (or replaces, by id) a tab in the editor's side panel. Call at module load. */
export function registerPanelTab(tab: PanelTab): void {
  panelTabs.set(tab.id, tab)
}

/** Adds (or replaces, by id) a section of the node inspector. Call at module load. */
export function registerNodeSection(section: NodeSection): void {
  nodeSections.set(section.id, section)
}

/** The toolbar items, in order; in view-only mode without those only editors may use. */
export function getToolbarItems(readOnly = false): ToolbarItem[] {
  return byOrder(toolbarItems.values()).filter((item) => !(readOnly && item.editorsOnly))
}

export function getPanelTabs(): PanelTab[] {
  return byOrder(panelTabs.values())
}

export function getNodeSections(): NodeSection[] {
  return byOrder(nodeSections.values())
}
