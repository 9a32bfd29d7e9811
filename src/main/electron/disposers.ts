export type Disposer = () => void | Promise<void>;

/**
 * Long-lived things register their disposer here as they start; shutdown runs them in reverse
 * order, so what started first (the core) stops last. One failing disposer does not stop the rest.
 */
export class DisposerStack {
  private readonly disposers: Disposer[] = [];
  private running: Promise<void> | null = null;

  add(disposer: Disposer): void {
    if (this.running) {
      // Started while shutting down: stop it at once rather than leak it.
      void Promise.resolve()
        .then(disposer)
        .catch(() => undefined);
      return;
    }
    this.disposers.push(disposer);
  }

  get size(): number {
    return this.disposers.length;
  }

  /** Runs every disposer once, newest first; later calls wait for the same run. */
  disposeAll(onError: (err: unknown) => void = () => undefined): Promise<void> {
    this.running ??= (async () => {
      while (this.disposers.length > 0) {
        const dispose = this.disposers.pop() as Disposer;
        try {
          await dispose();
        } catch (err) {
          onError(err);
        }
      }
    })();
    return this.running;
  }
}
