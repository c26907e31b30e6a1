import type { Outcome } from '../kinds/end/schema'
import { RouteKind, Work, type CompiledLane, type CompiledModel, type CompiledNode } from './compiled-model'
import { EventQueue } from './event-queue'
import { simRandom, type SimRandom } from './random'

/** An item moving through the workflow, and what it has cost so far. */
interface Item {
  arrival: number
  touched: boolean
  breached: boolean
  cost: number
  done: boolean
  moves: number
  /** Arrivals so far at each merge of parallel branches, by node index. */
  merges: Map<number, number> | undefined
  /** Its tokens, once it runs branches in parallel (so finishing can withdraw the others). */
  tokens: Token[] | undefined
}

const State = { Moving: 0, Queued: 1, Serving: 2, Machine: 3, Gone: 4 } as const
type State = (typeof State)[keyof typeof State]

/** Where one strand of an item's work is: a node, and in which queue or whose hands. */
interface Token {
  id: number
  item: Item
  node: number
  /** Counts entries into nodes: an SLA timer holds the visit it was set for. */
  visit: number
  /** Counts scheduled work: a finished-work event holds the serial it was scheduled with. */
  serial: number
  state: State
  lane: number
  queuedAt: number
  /** Counts enqueues: a queue entry whose ticket is stale was withdrawn. */
  ticket: number
  /** A person is doing the work a machine handed over. */
  fallback: boolean
}

interface LaneState {
  lane: CompiledLane
  queue: Token[]
  tickets: number[]
  head: number
  /** Tokens waiting in the queue (withdrawn entries left in the array are not counted). */
  waiting: number
  busy: number
  lastChange: number
  queueArea: number
  busyArea: number
  waitSum: number
  served: number
  openingScheduled: boolean
}

const Event = { Arrival: 0, WorkDone: 1, SlaDue: 2, LaneOpens: 3 } as const

// Imported constants copied into this module: a transpiled import is read through a getter on
// every use, which the hot loop would pay millions of times.
const personWork = Work.Person
const machineWork = Work.Machine
const { Next, Branch, Split, Merge, Finish } = RouteKind

/** An item moving more often than this is caught in a loop that does not end. */
const maxMovesPerItem = 10_000

export interface RawNodeFigures {
  visits: number
  breaches: number
  waitSum: number
  served: number
}

export interface RawLaneFigures {
  id: string
  name: string
  people: number
  /** Over the arrival window: time-integrals of people busy and of items waiting. */
  busyArea: number
  queueArea: number
  /** People's open minutes in the arrival window. */
  openMinutes: number
  waitSum: number
  served: number
}

/** What one run counted, before it is turned into figures. */
export interface RawRun {
  arrived: number
  leadTimes: Float64Array
  /** When each ended item ended, in the order they ended. */
  endTimes: Float64Array
  ended: number
  touchless: number
  breachedItems: number
  cost: number
  outcomes: Record<Outcome, number>
  looped: number
  lastArrival: number
  lanes: RawLaneFigures[]
  nodes: RawNodeFigures[]
}

/** Runs `items` arrivals through the model until every one has ended or can go no further. */
export function simulateModel(model: CompiledModel, items: number, seed: number): RawRun {
  return new Simulation(model, items, simRandom(seed)).run()
}

class Simulation {
  private readonly events = new EventQueue()
  private readonly tokens: Token[] = []
  private readonly lanes: LaneState[]
  private readonly nodes: CompiledNode[]
  private readonly nodeFigures: RawNodeFigures[]
  private readonly leadTimes: Float64Array
  private readonly endTimes: Float64Array
  private readonly outcomes: Record<Outcome, number> = { completed: 0, rejected: 0, cancelled: 0, failed: 0 }
  private arrived = 0
  private ended = 0
  private touchless = 0
  private breachedItems = 0
  private cost = 0
  private looped = 0
  private lastArrival = 0
  private openClock = 0
  private windowLanes: RawLaneFigures[] | undefined

  constructor(
    private readonly model: CompiledModel,
    private readonly items: number,
    private readonly random: SimRandom,
  ) {
    this.nodes = model.nodes
    this.lanes = model.lanes.map((lane) => ({
      lane,
      queue: [],
      tickets: [],
      head: 0,
      waiting: 0,
      busy: 0,
      lastChange: 0,
      queueArea: 0,
      busyArea: 0,
      waitSum: 0,
      served: 0,
      openingScheduled: false,
    }))
    this.nodeFigures = model.nodes.map(() => ({ visits: 0, breaches: 0, waitSum: 0, served: 0 }))
    this.leadTimes = new Float64Array(items)
    this.endTimes = new Float64Array(items)
  }

  run(): RawRun {
    if (this.items > 0 && this.model.perHour > 0) this.scheduleArrival()
    const events = this.events
    while (events.pop()) {
      const now = events.time
      switch (events.kind) {
        case Event.Arrival:
          this.arrive(now)
          break
        case Event.WorkDone: {
          const token = this.tokens[events.subject]!
          if (token.serial === events.tag && !token.item.done) this.workDone(token, now)
          break
        }
        case Event.SlaDue: {
          const token = this.tokens[events.subject]!
          if (token.visit === events.tag && !token.item.done && token.state !== State.Gone)
            this.breach(token, now)
          break
        }
        case Event.LaneOpens: {
          const lane = this.lanes[events.subject]!
          lane.openingScheduled = false
          this.startWork(lane, now)
          break
        }
      }
    }
    return {
      arrived: this.arrived,
      leadTimes: this.leadTimes.subarray(0, this.ended),
      endTimes: this.endTimes.subarray(0, this.ended),
      ended: this.ended,
      touchless: this.touchless,
      breachedItems: this.breachedItems,
      cost: this.cost,
      outcomes: this.outcomes,
      looped: this.looped,
      lastArrival: this.lastArrival,
      lanes: this.windowLanes ?? this.laneFigures(this.lastArrival),
      nodes: this.nodeFigures,
    }
  }

  private scheduleArrival(): void {
    // Exponential gaps in open time, laid onto the calendar: a Poisson stream while arrivals are open.
    this.openClock += (-60 / this.model.perHour) * Math.log(this.random.nextPositive())
    const calendar = this.model.calendar
    const at = calendar ? calendar.atOpenMinutes(this.openClock) : this.openClock
    this.events.push(at, Event.Arrival, 0, 0)
  }

  private arrive(now: number): void {
    this.arrived++
    this.lastArrival = now
    if (this.arrived < this.items) this.scheduleArrival()
    else this.windowLanes = this.laneFigures(now)
    const item: Item = {
      arrival: now,
      touched: false,
      breached: false,
      cost: 0,
      done: false,
      moves: 0,
      merges: undefined,
      tokens: undefined,
    }
    const { starts, startCumulative } = this.model
    this.enter(this.newToken(item), starts[pick(startCumulative, this.random.next())]!, now)
  }

  private newToken(item: Item): Token {
    const token: Token = {
      id: this.tokens.length,
      item,
      node: -1,
      visit: 0,
      serial: 0,
      state: State.Moving,
      lane: -1,
      queuedAt: 0,
      ticket: 0,
      fallback: false,
    }
    this.tokens.push(token)
    return token
  }

  /** Moves a token into a node and on through every node that takes no time. */
  private enter(token: Token, first: number, now: number): void {
    const item = token.item
    let at = first
    while (at >= 0) {
      if (item.done) return this.retire(token)
      if (++item.moves > maxMovesPerItem) {
        this.looped++
        return this.finish(token, now, 'failed')
      }
      const node = this.nodes[at]!
      token.node = at
      token.visit++
      token.state = State.Moving
      this.nodeFigures[at]!.visits++
      if (node.slaMinutes !== Infinity)
        this.events.push(now + node.slaMinutes, Event.SlaDue, token.id, token.visit)
      if (node.work === personWork) return this.enqueue(token, node.lane, now)
      if (node.work === machineWork) {
        token.state = State.Machine
        item.cost += node.cost
        this.events.push(now + node.sample(this.random), Event.WorkDone, token.id, ++token.serial)
        return
      }
      at = this.routeOn(token, node, now)
    }
  }

  /** Where a token goes after its node's work: a node index, or -1 when it has stopped. */
  private routeOn(token: Token, node: CompiledNode, now: number): number {
    switch (node.route) {
      case Next:
        return node.targets[0]!
      case Branch:
        return node.targets[pick(node.cumulative, this.random.next())]!
      case Split: {
        const item = token.item
        item.tokens ??= [token]
        for (let i = 1; i < node.targets.length; i++) {
          const branch = this.newToken(item)
          item.tokens.push(branch)
          this.enter(branch, node.targets[i]!, now)
        }
        return item.done ? -1 : node.targets[0]!
      }
      case Merge: {
        const item = token.item
        item.merges ??= new Map()
        const arrived = (item.merges.get(token.node) ?? 0) + 1
        if (arrived < node.branches) {
          item.merges.set(token.node, arrived)
          this.retire(token)
          return -1
        }
        item.merges.delete(token.node)
        return node.targets[0]!
      }
      case Finish:
        this.finish(token, now, node.outcome)
        return -1
    }
    return -1
  }

  private workDone(token: Token, now: number): void {
    const node = this.nodes[token.node]!
    if (token.state === State.Serving) this.leaveHands(token, now)
    token.state = State.Moving
    const handedOver = token.fallback
    token.fallback = false
    if (!handedOver && node.failureRate > 0 && this.random.next() < node.failureRate) {
      if (node.onFailure < 0) return this.finish(token, now, 'failed')
      return this.enter(token, node.onFailure, now)
    }
    const fallback = node.fallback
    if (!handedOver && fallback && this.random.next() < fallback.rate) {
      token.fallback = true
      return this.enqueue(token, fallback.lane, now)
    }
    const next = this.routeOn(token, node, now)
    if (next >= 0) this.enter(token, next, now)
  }

  private breach(token: Token, now: number): void {
    const node = this.nodes[token.node]!
    this.nodeFigures[token.node]!.breaches++
    token.item.breached = true
    if (node.escalateTo >= 0) {
      // Non-interrupting: work still waiting moves to the escalation lane; work under way stays.
      if (token.state === State.Queued && token.lane !== node.escalateTo) {
        this.leaveQueue(token, now)
        this.enqueue(token, node.escalateTo, now)
      }
      return
    }
    if (node.onTimeout < 0) return
    this.withdraw(token, now)
    this.enter(token, node.onTimeout, now)
  }

  private enqueue(token: Token, laneIndex: number, now: number): void {
    const lane = this.lanes[laneIndex]!
    this.markLane(lane, now)
    token.state = State.Queued
    token.lane = laneIndex
    token.queuedAt = now
    lane.queue.push(token)
    lane.tickets.push(++token.ticket)
    lane.waiting++
    this.startWork(lane, now)
  }

  /** Hands waiting work to free people, if the lane is open now (else when it next opens). */
  private startWork(lane: LaneState, now: number): void {
    if (lane.busy >= lane.lane.people || lane.waiting === 0) return
    const calendar = lane.lane.calendar
    if (calendar && !calendar.isOpen(now)) {
      if (!lane.openingScheduled) {
        lane.openingScheduled = true
        this.events.push(calendar.nextOpening(now), Event.LaneOpens, this.lanes.indexOf(lane), 0)
      }
      return
    }
    while (lane.busy < lane.lane.people && lane.waiting > 0) {
      const token = lane.queue[lane.head]!
      const ticket = lane.tickets[lane.head]!
      lane.head++
      if (token.ticket !== ticket || token.state !== State.Queued) continue
      this.markLane(lane, now)
      lane.waiting--
      lane.busy++
      this.serve(token, lane, now)
    }
    if (lane.head > 4096 && lane.head * 2 > lane.queue.length) {
      lane.queue = lane.queue.slice(lane.head)
      lane.tickets = lane.tickets.slice(lane.head)
      lane.head = 0
    }
  }

  private serve(token: Token, lane: LaneState, now: number): void {
    const node = this.nodes[token.node]!
    const item = token.item
    item.touched = true
    lane.waitSum += now - token.queuedAt
    lane.served++
    const figures = this.nodeFigures[token.node]!
    figures.waitSum += now - token.queuedAt
    figures.served++
    let minutes: number
    if (token.fallback) {
      minutes = node.fallback!.sample(this.random)
      item.cost += node.fallback!.cost
    } else if (node.assisted && this.random.next() >= node.assisted.overrideRate) {
      minutes = node.assisted.review(this.random)
      item.cost += node.assisted.reviewCost
    } else {
      minutes = node.sample(this.random)
      item.cost += node.cost
    }
    token.state = State.Serving
    this.events.push(now + minutes, Event.WorkDone, token.id, ++token.serial)
  }

  /** Stops whatever a token is doing: out of a queue, out of a person's hands, or off a machine. */
  private withdraw(token: Token, now: number): void {
    if (token.state === State.Queued) this.leaveQueue(token, now)
    else if (token.state === State.Serving) this.leaveHands(token, now)
    token.serial++
    token.state = State.Moving
  }

  private leaveQueue(token: Token, now: number): void {
    const lane = this.lanes[token.lane]!
    this.markLane(lane, now)
    lane.waiting--
    token.ticket++
    token.state = State.Moving
  }

  private leaveHands(token: Token, now: number): void {
    const lane = this.lanes[token.lane]!
    this.markLane(lane, now)
    lane.busy--
    token.state = State.Moving
    this.startWork(lane, now)
  }

  private retire(token: Token): void {
    token.state = State.Gone
  }

  private finish(token: Token, now: number, outcome: Outcome): void {
    const item = token.item
    item.done = true
    this.retire(token)
    for (const other of item.tokens ?? []) {
      if (other === token || other.state === State.Gone) continue
      this.withdraw(other, now)
      this.retire(other)
    }
    this.endTimes[this.ended] = now
    this.leadTimes[this.ended++] = now - item.arrival
    this.outcomes[outcome]++
    if (!item.touched) this.touchless++
    if (item.breached) this.breachedItems++
    this.cost += item.cost
  }

  private markLane(lane: LaneState, now: number): void {
    const span = now - lane.lastChange
    if (span > 0) {
      lane.queueArea += lane.waiting * span
      lane.busyArea += lane.busy * span
      lane.lastChange = now
    }
  }

  private laneFigures(windowEnd: number): RawLaneFigures[] {
    return this.lanes.map((lane) => {
      this.markLane(lane, windowEnd)
      const calendar = lane.lane.calendar
      return {
        id: lane.lane.id,
        name: lane.lane.name,
        people: lane.lane.people,
        busyArea: lane.busyArea,
        queueArea: lane.queueArea,
        openMinutes: calendar ? calendar.openUntil(windowEnd) : windowEnd,
        waitSum: lane.waitSum,
        served: lane.served,
      }
    })
  }
}

/** The index of the first cumulative share above `draw`. */
function pick(cumulative: Float64Array, draw: number): number {
  let index = 0
  while (index < cumulative.length - 1 && draw >= cumulative[index]!) index++
  return index
}
