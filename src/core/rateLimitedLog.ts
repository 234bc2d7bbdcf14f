/**
 * A log sink that lets at most `max` messages through per window and then counts the rest,
 * so a CLI spewing bad lines costs a few log lines a minute, not one per line.
 * The count of suppressed messages is logged when the next window opens, or on `flush()`.
 */
export class RateLimitedLog {
  private windowStart = Number.NEGATIVE_INFINITY;
  private passed = 0;
  private suppressed = 0;

  constructor(
    private readonly sink: (message: string) => void,
    private readonly max = 5,
    private readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  log(message: string): void {
    const t = this.now();
    if (t - this.windowStart >= this.windowMs) {
      this.flush();
      this.windowStart = t;
      this.passed = 0;
    }
    if (this.passed < this.max) {
      this.passed++;
      this.sink(message);
    } else {
      this.suppressed++;
    }
  }

  /** Reports what was held back, e.g. when the process exits. */
  flush(): void {
    if (this.suppressed === 0) return;
    this.sink(`suppressed ${this.suppressed} similar message${this.suppressed === 1 ? '' : 's'}`);
    this.suppressed = 0;
  }
}
