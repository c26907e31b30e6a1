/**
 * The simulator's future events, earliest first. Each event lives in a slot of parallel typed
 * arrays (no object per event, so a run of millions of events makes no garbage), and the binary
 * heap orders slot numbers: sifting moves one integer per level, not the event's fields. Events
 * at the same time come out in the order they were scheduled, which keeps a run the same for a seed.
 */
export class EventQueue {
  private heap = new Int32Array(1024)
  private times = new Float64Array(1024)
  private order = new Float64Array(1024)
  private kinds = new Uint8Array(1024)
  private subjects = new Int32Array(1024)
  private tags = new Int32Array(1024)
  /** Slots free for reuse, as a stack. */
  private free = new Int32Array(1024)
  private freeCount = 0
  private slotsUsed = 0
  private scheduled = 0
  size = 0

  /** The earliest event's fields after `pop`, valid until the next `pop`. */
  time = 0
  kind = 0
  subject = 0
  tag = 0

  push(time: number, kind: number, subject: number, tag: number): void {
    const slot = this.freeCount > 0 ? this.free[--this.freeCount]! : this.newSlot()
    const order = this.scheduled++
    this.times[slot] = time
    this.order[slot] = order
    this.kinds[slot] = kind
    this.subjects[slot] = subject
    this.tags[slot] = tag
    const heap = this.heap
    let at = this.size++
    // Sift up: move later parents down until the new event's place is found.
    while (at > 0) {
      const parent = (at - 1) >> 1
      const above = heap[parent]!
      const aboveTime = this.times[above]!
      if (aboveTime < time || (aboveTime === time && this.order[above]! < order)) break
      heap[at] = above
      at = parent
    }
    heap[at] = slot
  }

  /** Takes the earliest event into `time`, `kind`, `subject` and `tag`; false when none is left. */
  pop(): boolean {
    if (this.size === 0) return false
    const heap = this.heap
    const first = heap[0]!
    this.time = this.times[first]!
    this.kind = this.kinds[first]!
    this.subject = this.subjects[first]!
    this.tag = this.tags[first]!
    this.free[this.freeCount++] = first
    const last = --this.size
    if (last === 0) return true
    const moving = heap[last]!
    const time = this.times[moving]!
    const order = this.order[moving]!
    let at = 0
    // Sift down: the last event takes the root's place and moves below earlier children.
    for (;;) {
      let child = 2 * at + 1
      if (child >= last) break
      const right = child + 1
      if (right < last && this.earlier(heap[right]!, heap[child]!)) child = right
      const below = heap[child]!
      const belowTime = this.times[below]!
      if (time < belowTime || (time === belowTime && order < this.order[below]!)) break
      heap[at] = below
      at = child
    }
    heap[at] = moving
    return true
  }

  private earlier(a: number, b: number): boolean {
    const timeA = this.times[a]!
    const timeB = this.times[b]!
    return timeA < timeB || (timeA === timeB && this.order[a]! < this.order[b]!)
  }

  private newSlot(): number {
    if (this.slotsUsed === this.times.length) this.grow()
    return this.slotsUsed++
  }

  private grow(): void {
    const capacity = this.times.length * 2
    const widen = <T extends Float64Array | Int32Array | Uint8Array>(from: T, to: T): T => {
      to.set(from)
      return to
    }
    this.heap = widen(this.heap, new Int32Array(capacity))
    this.times = widen(this.times, new Float64Array(capacity))
    this.order = widen(this.order, new Float64Array(capacity))
    this.kinds = widen(this.kinds, new Uint8Array(capacity))
    this.subjects = widen(this.subjects, new Int32Array(capacity))
    this.tags = widen(this.tags, new Int32Array(capacity))
    this.free = widen(this.free, new Int32Array(capacity))
  }
}
