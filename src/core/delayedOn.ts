import type { Disposable } from './emitter';

/**
 * A flag that turns on only once it has wanted to be on for `delayMs`, and off at once.
 *
 * Why: what a turn's start changes outside the panel (the status bar's spinner, the view
 * title's Stop button, i.e. a context key that re-renders a toolbar) costs the workbench a
 * frame of style, layout and software raster exactly while the CLI starts the turn and the
 * first token is on its way to the panel. Measured in code-server on 2 cores, that work put
 * ~25 ms on Enter → first token (docs/benchmarks.md, "Round three, third pass"). A delayed
 * indicator is the usual cure for spinners that flash: a quick answer never shows one.
 */
export class DelayedOn implements Disposable {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private shown = false;

  constructor(
    private readonly delayMs: number,
    private readonly apply: (on: boolean) => void,
  ) {}

  /** True once `apply(true)` ran and no `apply(false)` since. */
  get isOn(): boolean {
    return this.shown;
  }

  set(on: boolean): void {
    if (on) {
      if (this.shown || this.timer) return;
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.shown = true;
        this.apply(true);
      }, this.delayMs);
      return;
    }
    this.cancel();
    if (!this.shown) return;
    this.shown = false;
    this.apply(false);
  }

  dispose(): void {
    this.cancel();
  }

  private cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
