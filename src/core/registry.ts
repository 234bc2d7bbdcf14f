import type { Disposable } from './emitter';

/**
 * Holds one controller per workspace folder, created on first use. Creating a controller
 * spawns nothing: processes start only with the first prompt.
 */
export class SessionRegistry<T extends { dispose(): Promise<void> | void }> implements Disposable {
  private readonly items = new Map<string, T>();
  private disposed = false;

  constructor(private readonly create: (key: string) => T) {}

  get(key: string): T {
    if (this.disposed) throw new Error('The session registry is disposed.');
    let item = this.items.get(key);
    if (!item) {
      item = this.create(key);
      this.items.set(key, item);
    }
    return item;
  }

  peek(key: string): T | undefined {
    return this.items.get(key);
  }

  keys(): string[] {
    return [...this.items.keys()];
  }

  values(): T[] {
    return [...this.items.values()];
  }

  /** Disposes one folder's controller, e.g. when the folder leaves the workspace. */
  async remove(key: string): Promise<void> {
    const item = this.items.get(key);
    this.items.delete(key);
    await item?.dispose();
  }

  async disposeAll(): Promise<void> {
    this.disposed = true;
    const all = [...this.items.values()];
    this.items.clear();
    await Promise.allSettled(all.map(async (i) => i.dispose()));
  }

  dispose(): void {
    void this.disposeAll();
  }
}
