/**
 * Runs tasks one after another, each starting once the one before has settled (whether it
 * resolved or rejected).
 */
export class TransactionQueue {
  private tail: Promise<unknown> = Promise.resolve()

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task)
    this.tail = result.catch(() => undefined)
    return result
  }

  /** Resolves once every task queued so far has settled. */
  drained(): Promise<void> {
    return this.tail.then(() => undefined)
  }
}
