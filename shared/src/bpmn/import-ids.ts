import { Id } from '../model'

/**
 * Conveyor ids are stricter than BPMN's (a letter first, 64 characters at most, no dots), so a
 * BPMN id that does not fit is made to fit, and one that then clashes gets a number. Each kind
 * of id (node, edge, lane, branch) is its own namespace.
 */
export class IdNamespace {
  private readonly taken = new Set<string>()
  private readonly byBpmnId = new Map<string, string>()

  /** The Conveyor id for `bpmnId`: `preferred` (a `conveyor:key`) when it is free and valid. */
  claim(bpmnId: string, preferred?: string): string {
    const known = this.byBpmnId.get(bpmnId)
    if (known !== undefined) return known
    const wanted = preferred !== undefined && Id.safeParse(preferred).success ? preferred : fitted(bpmnId)
    let id = wanted
    for (let n = 2; this.taken.has(id); n++) id = `${wanted.slice(0, 60)}-${n}`
    this.taken.add(id)
    this.byBpmnId.set(bpmnId, id)
    return id
  }

  of(bpmnId: string): string | undefined {
    return this.byBpmnId.get(bpmnId)
  }
}

function fitted(raw: string): string {
  const cleaned = raw.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^[^A-Za-z]+/, '')
  return (cleaned || `n-${raw.replace(/[^A-Za-z0-9]/g, '') || 'x'}`).slice(0, 64)
}

/** A readable id from a name: `Order to cash` → `order-to-cash`. */
export function idFromName(name: string | undefined): string | undefined {
  const slug = name
    ?.toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^[^a-z]+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/, '')
  return slug || undefined
}
