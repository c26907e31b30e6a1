/**
 * BPMN ids are unique across a whole file, while a workflow's nodes, edges and lanes each have
 * their own. The first to ask for an id gets it; a later one gets `<id>_2` and keeps its own id in
 * `conveyor:key`, which the importer reads back.
 */
export class BpmnIdRegistry {
  private readonly taken = new Set<string>()

  take(wanted: string): string {
    let id = wanted
    for (let n = 2; this.taken.has(id); n++) id = `${wanted}_${n}`
    this.taken.add(id)
    return id
  }
}
