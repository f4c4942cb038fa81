/**
 * A first-come async lock. PGlite has one backend; the in-process API and pglite-socket's clients
 * take turns through this gate so one side's statements never run inside the other side's open
 * transaction (measured in docs/storage.md).
 */
export class Gate {
  #tail: Promise<void> = Promise.resolve();

  /** Waits for the gate and returns the function that opens it again (call it exactly once). */
  async acquire(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((resolve) => (release = resolve));
    const previous = this.#tail;
    this.#tail = previous.then(() => next);
    await previous;
    return release;
  }

  /** Runs `fn` holding the gate. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await fn();
    } finally {
      release();
    }
  }
}
