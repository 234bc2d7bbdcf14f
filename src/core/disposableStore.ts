import type { Disposable } from './emitter';

/**
 * Owns subscriptions and other disposables: `dispose()` disposes each once, in the order they
 * were added, and later calls do nothing. Anything added after that is disposed at once, so a
 * subscription made by a late callback cannot outlive its owner.
 */
export class DisposableStore implements Disposable {
  private items: Disposable[] = [];
  private disposed = false;

  get isDisposed(): boolean {
    return this.disposed;
  }

  add<T extends Disposable>(item: T): T {
    if (this.disposed) disposeAll([item]);
    else this.items.push(item);
    return item;
  }

  /** Disposes what the store holds now and keeps it open for more (e.g. a view's webview that is replaced). */
  clear(): void {
    disposeAll(this.items.splice(0));
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.clear();
  }
}

/** Disposes every item even when one throws; the first error is rethrown after the rest ran. */
function disposeAll(items: Disposable[]): void {
  let first: { err: unknown } | undefined;
  for (const item of items) {
    try {
      item.dispose();
    } catch (err) {
      first ??= { err };
    }
  }
  if (first) throw first.err;
}
