/**
 * The pre-warm's safety net: a process started because the user focused the prompt box must
 * not stay behind when no prompt follows. One timer, re-armed by each new sign of composing,
 * cancelled by the prompt itself; `onIdle` runs once when it fires.
 */
export class IdleShutdown {
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly onIdle: () => void) {}

  get armed(): boolean {
    return this.timer !== undefined;
  }

  arm(ms: number): void {
    this.cancel();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.onIdle();
    }, ms);
    // An idle pre-warm must never keep a Node process (a test, the bench) alive.
    this.timer.unref?.();
  }

  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
