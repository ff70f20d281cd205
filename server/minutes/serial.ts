// One step at a time per record: signing, finalising and filing await in the middle (PDF rendering, the key, the
// archive), and two steps of the same record interleaving would each save over the other's lifecycle.
export class KeyedSerial {
  readonly #tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const next = previous.then(task, task);
    const tail = next.catch(() => undefined);
    this.#tails.set(key, tail);
    // Forgotten once idle, so that the map does not keep one entry per meeting ever touched.
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
    return next;
  }
}
