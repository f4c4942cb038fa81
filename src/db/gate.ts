/**
 * An async lock with two lanes. PGlite has one backend; the in-process API and pglite-socket's
 * clients take turns through this gate so one side's statements never run inside the other side's
 * open transaction (measured in docs/storage.md). Waiters in the urgent lane go first: a webhook
 * delivery waiting to be stored (and answered 200) should not queue behind background jobs
 * (measured in docs/webhook.md).
 */
export type Lane = 'urgent' | 'normal';

export class Gate {
  #held = false;
  #handOffScheduled = false;
  readonly #waiting: Record<Lane, Array<() => void>> = { urgent: [], normal: [] };

  /** Waits for the gate and returns the function that opens it again (call it exactly once). */
  async acquire(lane: Lane = 'normal'): Promise<() => void> {
    if (this.#held || this.#handOffScheduled) await new Promise<void>((resolve) => this.#waiting[lane].push(resolve));
    else this.#held = true;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const urgent = this.#waiting.urgent.shift();
      if (urgent) {
        urgent(); // the gate passes straight to the urgent waiter
        return;
      }
      this.#held = false;
      if (this.#waiting.normal.length > 0) {
        // Embedded statements resolve without the event loop: handing the gate from one background
        // statement to the next as a microtask would keep requests unread until the queue drained.
        // One macrotask in between lets the poll phase read them (and their stores go first).
        this.#handOffScheduled = true;
        setImmediate(() => this.#handOff());
      }
    };
  }

  #handOff(): void {
    this.#handOffScheduled = false;
    const next = this.#waiting.urgent.shift() ?? this.#waiting.normal.shift();
    if (next) {
      this.#held = true;
      next();
    }
  }

  /** Runs `fn` holding the gate. */
  async run<T>(fn: () => Promise<T>, lane: Lane = 'normal'): Promise<T> {
    const release = await this.acquire(lane);
    try {
      return await fn();
    } finally {
      release();
    }
  }
}
