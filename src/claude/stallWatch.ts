/** What the watch reports: a turn went silent (`stalled`), or spoke again after it did. */
export type StallReport = { turnId: string; stalled: boolean; silentMs: number };

/**
 * Notices a turn whose stream made no progress for `limitMs` while no tool runs (a tool may
 * be silent for minutes; start-up before the first line is not a stall either). It never ends
 * the turn; the user decides (Stop / Retry). `limitMs` 0 watches nothing.
 */
export class StallWatch {
  /** When the last stdout line came. */
  private lastLineAt = 0;
  /**
   * `lastLineAt` was taken in this synchronous run of lines. The lines of one stdout chunk
   * arrive in one run (a few ms at most), so one clock read per run is as good as one per
   * line for a limit of seconds; a clock read per line cost ~0.3 µs, a tenth of parsing it.
   */
  private lineStamped = false;
  private readonly unstamp = (): void => {
    this.lineStamped = false;
  };
  private timer: NodeJS.Timeout | undefined;
  /** The watched turn, once it was reported stalled (and not yet heard from again). */
  private stalledTurn: string | undefined;
  /** The CLI has written a line in this turn: silence before it is start-up, not a stall. */
  private turnHeard = false;
  /** Tool calls between their tool_use and tool_result: silence then is a tool, not a stall. */
  private readonly runningTools = new Set<string>();

  constructor(
    private readonly limitMs: number,
    private readonly report: (r: StallReport) => void,
  ) {}

  /**
   * Watches a turn until `unwatch` (or until `stillCurrent` says it ended). One timer per
   * turn, not one per line: it wakes when the silence could first reach the limit and re-arms
   * for the rest if a line came meanwhile.
   */
  watch(turnId: string, stillCurrent: () => boolean): void {
    this.unwatch();
    const limit = this.limitMs;
    if (!(limit > 0)) return;
    this.lastLineAt = Date.now();
    this.turnHeard = false;
    const check = () => {
      if (!stillCurrent()) return;
      const silent = Date.now() - this.lastLineAt;
      if (silent >= limit && this.turnHeard && this.runningTools.size === 0 && this.stalledTurn !== turnId) {
        this.stalledTurn = turnId;
        this.report({ turnId, stalled: true, silentMs: silent });
      }
      this.timer = setTimeout(check, silent >= limit ? limit : limit - silent);
      this.timer.unref?.();
    };
    this.timer = setTimeout(check, limit);
    this.timer.unref?.();
  }

  unwatch(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.stalledTurn = undefined;
    this.runningTools.clear();
  }

  /** A stdout line came: the turn is heard, and a stalled one is reported moving again. */
  heard(): void {
    if (!this.lineStamped) {
      this.lineStamped = true;
      this.lastLineAt = Date.now();
      queueMicrotask(this.unstamp);
    }
    this.turnHeard = true;
    const stalled = this.stalledTurn;
    if (stalled !== undefined) {
      this.stalledTurn = undefined;
      this.report({ turnId: stalled, stalled: false, silentMs: 0 });
    }
  }

  toolStarted(toolUseId: string): void {
    this.runningTools.add(toolUseId);
  }

  toolEnded(toolUseId: string): void {
    this.runningTools.delete(toolUseId);
  }
}
