export interface Disposable {
  dispose(): void;
}

/** A minimal typed event emitter; the core cannot use vscode.EventEmitter. */
export class Emitter<T> implements Disposable {
  private listeners = new Set<(value: T) => void>();
  /**
   * The listeners as an array, rebuilt only when they change: a stream fires once per token,
   * and copying the set on every fire was a measurable part of it. Never mutated, so a
   * listener that subscribes or unsubscribes during a fire does not change that fire.
   */
  private current: readonly ((value: T) => void)[] = [];

  readonly event = (listener: (value: T) => void): Disposable => {
    this.listeners.add(listener);
    this.current = [...this.listeners];
    return {
      dispose: () => {
        if (this.listeners.delete(listener)) this.current = [...this.listeners];
      },
    };
  };

  fire(value: T): void {
    const listeners = this.current;
    for (let i = 0; i < listeners.length; i++) {
      try {
        listeners[i](value);
      } catch (err) {
        // One broken listener must not stop the stream for the others.
        queueMicrotask(() => {
          throw err;
        });
      }
    }
  }

  dispose(): void {
    this.listeners.clear();
    this.current = [];
  }
}
