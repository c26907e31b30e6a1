/**
 * The simulator's future events, earliest first: a binary heap over parallel typed arrays (no
 * object per event, so a run of millions of events makes no garbage). Events at the same time come
 * out in the order they were scheduled, which keeps a run the same for a seed.
 */
export class EventQueue {
  private times = new Float64Array(1024)
  private order = new Float64Array(1024)
  private kinds = new Uint8Array(1024)
  private subjects = new Int32Array(1024)
  private tags = new Int32Array(1024)
  private scheduled = 0
  size = 0

  push(time: number, kind: number, subject: number, tag: number): void {
    if (this.size === this.times.length) this.grow()
    let at = this.size++
    const order = this.scheduled++
    // Sift up: move parents down until the new event's place is found.
    while (at > 0) {
      const parent = (at - 1) >> 1
      if (!this.before(time, order, parent)) break
      this.copy(parent, at)
      at = parent
    }
    this.times[at] = time
    this.order[at] = order
    this.kinds[at] = kind
    this.subjects[at] = subject
    this.tags[at] = tag
  }

  /** The earliest event's fields, valid until the next `pop`. */
  time = 0
  kind = 0
  subject = 0
  tag = 0

  /** Takes the earliest event into `time`, `kind`, `subject` and `tag`; false when none is left. */
  pop(): boolean {
    if (this.size === 0) return false
    this.time = this.times[0]!
    this.kind = this.kinds[0]!
    this.subject = this.subjects[0]!
    this.tag = this.tags[0]!
    const last = --this.size
    if (last === 0) return true
    const time = this.times[last]!
    const order = this.order[last]!
    let at = 0
    // Sift down: the last event takes the root's place, and moves down past earlier children.
    for (;;) {
      let child = 2 * at + 1
      if (child >= last) break
      if (child + 1 < last && this.earlier(child + 1, child)) child++
      if (this.before(time, order, child)) break
      this.copy(child, at)
      at = child
    }
    this.copy(last, at)
    return true
  }

  private before(time: number, order: number, index: number): boolean {
    const other = this.times[index]!
    return time < other || (time === other && order < this.order[index]!)
  }

  private earlier(a: number, b: number): boolean {
    return this.before(this.times[a]!, this.order[a]!, b)
  }

  private copy(from: number, to: number): void {
    this.times[to] = this.times[from]!
    this.order[to] = this.order[from]!
    this.kinds[to] = this.kinds[from]!
    this.subjects[to] = this.subjects[from]!
    this.tags[to] = this.tags[from]!
  }

  private grow(): void {
    const capacity = this.times.length * 2
    const times = new Float64Array(capacity)
    const order = new Float64Array(capacity)
    const kinds = new Uint8Array(capacity)
    const subjects = new Int32Array(capacity)
    const tags = new Int32Array(capacity)
    times.set(this.times)
    order.set(this.order)
    kinds.set(this.kinds)
    subjects.set(this.subjects)
    tags.set(this.tags)
    Object.assign(this, { times, order, kinds, subjects, tags })
  }
}
