import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { WorkflowDocument, type WorkflowNode } from '@conveyor/shared'
import { describe, expect, it } from 'vitest'
import { examples } from './index'

const folder = import.meta.dirname
const allNodes = examples.flatMap((example) => example.document.nodes)
const ofKind = <K extends WorkflowNode['type']>(kind: K) =>
  allNodes.filter((node): node is Extract<WorkflowNode, { type: K }> => node.type === kind)

describe('examples', () => {
  it('lists every example folder, each under its own slug and document id', () => {
    const folders = readdirSync(folder).filter((name) => existsSync(join(folder, name, 'workflow.json')))
    expect(examples.map((example) => example.slug).sort()).toEqual(folders.sort())
    for (const example of examples) expect(example.document.id).toBe(example.slug)
  })

  it.each(examples)('$slug: workflow.json is a schemaVersion 1 document with a README', ({ slug }) => {
    const json = JSON.parse(readFileSync(join(folder, slug, 'workflow.json'), 'utf8'))
    expect(json.schemaVersion).toBe(1)
    expect(WorkflowDocument.safeParse(json).error).toBeUndefined()
    expect(readFileSync(join(folder, slug, 'README.md'), 'utf8')).toContain('## ')
  })

  it.each(examples)('$slug: has an owner, a value stream, targets and lanes', ({ document }) => {
    expect(document.owner).toBeTruthy()
    expect(document.valueStream).toBeTruthy()
    expect(document.targets.length).toBeGreaterThan(0)
    expect(new Set(document.lanes.map((lane) => lane.kind))).toEqual(new Set(['role', 'team', 'system']))
  })

  it.each(examples)('$slug: every step and decision carries current-state facts', ({ document }) => {
    for (const node of document.nodes) {
      if (node.type !== 'step' && node.type !== 'decision') continue
      const facts = node.data.facts
      expect(facts, node.id).toMatchObject({
        volumePerWeek: expect.any(Number),
        handlingTimeMinutes: expect.any(Number),
        waitTimeMinutes: expect.any(Number),
        errorRate: expect.any(Number),
        costPerItem: expect.any(Number),
      })
    }
  })

  it.each(examples)(
    '$slug: lays nodes out as lane bands, left to right, without overlaps',
    ({ document }) => {
      const laneIndex = new Map(document.lanes.map((lane, index) => [lane.id, index]))
      const bandTops = document.nodes.map((node) => {
        expect(node.data.lane, `${node.id} has a lane`).toBeDefined()
        return { node, band: laneIndex.get(node.data.lane!) }
      })
      for (const { node, band } of bandTops) {
        expect(band, `${node.id} is in a lane of the document`).toBeDefined()
        const top = 40 + band! * 200
        expect(node.position.y, `${node.id} sits in its lane band`).toBeGreaterThanOrEqual(top)
        expect(node.position.y, `${node.id} sits in its lane band`).toBeLessThan(top + 200)
      }
      const spots = document.nodes.map((node) => `${node.position.x},${node.position.y}`)
      expect(new Set(spots).size).toBe(spots.length)
      const byId = new Map(document.nodes.map((node) => [node.id, node]))
      const forward = document.edges.filter(
        (edge) => byId.get(edge.target)!.position.x > byId.get(edge.source)!.position.x,
      )
      // Only rework loops point back to the left.
      expect(document.edges.length - forward.length).toBeLessThanOrEqual(1)
    },
  )

  it.each(examples)('$slug: every assistant fills in a field of its own form', ({ document }) => {
    for (const node of document.nodes) {
      if (node.type !== 'step' || !node.data.augment) continue
      const fields = node.data.augment.form.fields.map((field) => field.id)
      expect(fields, node.id).toContain(node.data.augment.assistant.field)
    }
  })

  it('together use every node kind, trigger, mode, decider, exception and outcome', () => {
    const union = <T>(values: T[]) => [...new Set(values)].sort()
    expect(union(allNodes.map((node) => node.type))).toEqual(
      ['decision', 'end', 'exception', 'fork', 'join', 'step', 'trigger'].sort(),
    )
    expect(union(ofKind('trigger').map((node) => node.data.start.kind))).toEqual(
      ['event', 'manual', 'schedule', 'webhook'].sort(),
    )
    expect(union(ofKind('step').map((node) => node.data.mode))).toEqual(['augment', 'automate', 'human'])
    expect(union(ofKind('decision').map((node) => node.data.decidedBy))).toEqual([
      'assistant',
      'person',
      'rule',
    ])
    expect(union(ofKind('exception').map((node) => node.data.on))).toEqual(['error', 'rejection', 'timeout'])
    expect(union(ofKind('end').map((node) => node.data.outcome))).toEqual([
      'cancelled',
      'completed',
      'rejected',
    ])
    expect(union(ofKind('step').flatMap((node) => node.data.automate?.connector.kind ?? []))).toEqual(
      ['delay', 'http', 'transform'].sort(),
    )
    expect(union(ofKind('exception').flatMap((node) => node.data.handling ?? []))).toEqual(
      expect.arrayContaining(['escalation', 'manual-fallback']),
    )
    expect(ofKind('step').some((node) => node.data.sla?.escalateTo)).toBe(true)
    expect(
      ofKind('trigger').some((node) => node.data.start.kind === 'schedule' && node.data.start.cron),
    ).toBe(true)
  })

  it('decisions have conditions and a default branch', () => {
    for (const decision of ofKind('decision')) {
      expect(decision.data.defaultBranch, decision.id).toBeDefined()
      if (decision.data.decidedBy === 'rule') {
        expect(
          decision.data.branches.some((branch) => branch.condition),
          decision.id,
        ).toBe(true)
      }
    }
  })

  it('automated calls go to public example hosts, never to private addresses', () => {
    for (const step of ofKind('step')) {
      const connector = step.data.automate?.connector
      if (connector?.kind !== 'http') continue
      expect(new URL(connector.url).hostname, step.id).toMatch(/\.example\.com$/)
      expect(new URL(connector.url).protocol).toBe('https:')
    }
  })
})
