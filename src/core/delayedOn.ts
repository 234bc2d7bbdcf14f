import type { Disposable } from './emitter';

/**
 * A flag that turns on only once it has wanted to be on for `delayMs`, and off once it has
 * wanted to be off for `offDelayMs` (0: at once).
 *
 * Why: what a turn's start changes outside the panel (the status bar's spinner, the view
 * title's Stop button, i.e. a context key that re-renders a toolbar) costs the workbench a
 * frame of style, layout and software raster exactly while the CLI starts the turn and the
 * first token is on its way to the panel. Measured in code-server on 2 cores, that work put
 * ~25 ms on Enter → first token (docs/benchmarks.md, "Round three, third pass"). A delayed
 * indicator is the usual cure for spinners that flash: a quick answer never shows one. Turning
 * them off re-renders the same toolbar and status bar just as the turn's end (or a Stop) goes to
 * the panel; a short off delay lets the panel show it first.
 */
export class DelayedOn implements Disposable {
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** What the pending timer will apply. */
  private pending: boolean | undefined;
  private shown = false;

  constructor(
    private readonly delayMs: number,
    private readonly apply: (on: boolean) => void,
    private readonly offDelayMs = 0,
  ) {}

  /** True once `apply(true)` ran and no `apply(false)` since. */
  get isOn(): boolean {
    return this.shown;
  }

  set(on: boolean): void {
    if (this.pending === on) return;
    this.cancel();
    if (on === this.shown) return;
    const ms = on ? this.delayMs : this.offDelayMs;
    if (ms <= 0) {
      this.flip(on);
      return;
    }
    this.pending = on;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.pending = undefined;
      this.flip(on);
    }, ms);
  }

  private flip(on: boolean): void {
    this.shown = on;
    this.apply(on);
  }

  dispose(): void {
    this.cancel();
  }

  private cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = undefined;
  }
}
