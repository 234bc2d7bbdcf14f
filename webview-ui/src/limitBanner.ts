import type { UsageLimitInfo } from '../../src/shared/contract';
import { h, icon } from './dom';
import { t } from './l10n';

/** The CLI's limit windows in words; an unknown one as "usage". */
function windowName(window: string | undefined): string {
  switch (window) {
    case 'five_hour':
      return t('5-hour');
    case 'seven_day':
      return t('weekly');
    case 'seven_day_opus':
      return t('weekly Opus');
    case 'seven_day_sonnet':
      return t('weekly Sonnet');
    case 'overage':
      return t('extra usage');
    default:
      return t('usage');
  }
}

/** "in 3 hours" in the panel's locale, at the coarsest unit that is at least 1. */
function relative(ms: number, locale: string | undefined): string {
  const fmt = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const minutes = Math.max(1, Math.round(ms / 60_000));
  if (minutes < 60) return fmt.format(minutes, 'minute');
  const hours = Math.round(minutes / 60);
  if (hours < 48) return fmt.format(hours, 'hour');
  return fmt.format(Math.round(hours / 24), 'day');
}

/** The reset as a clock time, with the date when it is not today. */
function clock(at: number, now: number, locale: string | undefined): string {
  const sameDay = new Date(at).toDateString() === new Date(now).toDateString();
  return new Intl.DateTimeFormat(locale, sameDay ? { timeStyle: 'short' } : { dateStyle: 'medium', timeStyle: 'short' }).format(at);
}

/**
 * The banner's sentence, or undefined once the limit's reset time has passed. Plain text:
 * everything in it is a number, a time or one of our own words.
 */
export function limitText(limit: UsageLimitInfo, now: number, locale?: string): string | undefined {
  if (limit.resetsAt !== undefined && limit.resetsAt <= now) return undefined;
  const name = windowName(limit.window);
  const reset = limit.resetsAt !== undefined ? t('It resets {0} ({1}).', relative(limit.resetsAt - now, locale), clock(limit.resetsAt, now, locale)) : '';
  const head =
    limit.level === 'reached'
      ? t("You've reached your {0} limit: Claude can't answer until it resets.", name)
      : limit.utilization !== undefined
        ? t("You've used {0}% of your {1} limit.", Math.round(limit.utilization * 100), name)
        : t("You're close to your {0} limit.", name);
  return reset ? `${head} ${reset}` : head;
}

/** Above the transcript while a usage limit is near or reached; gone when it resets. */
export class LimitBanner {
  readonly el: HTMLElement;
  private limit: UsageLimitInfo | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    this.el = h('div', { class: 'banner limit-banner', role: 'status', hidden: true });
  }

  update(limit: UsageLimitInfo | undefined): void {
    if (JSON.stringify(limit) === JSON.stringify(this.limit)) return;
    this.limit = limit;
    this.render();
  }

  private render(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const limit = this.limit;
    const now = Date.now();
    const text = limit ? limitText(limit, now) : undefined;
    this.el.hidden = text === undefined;
    this.el.classList.toggle('reached', limit?.level === 'reached');
    if (!limit || text === undefined) {
      this.el.replaceChildren();
      return;
    }
    this.el.replaceChildren(icon(limit.level === 'reached' ? 'error' : 'warning'), h('div', { class: 'banner-text' }, text));
    // Keep "in N minutes" current, and go away at the reset (a timer caps at ~24 days).
    if (limit.resetsAt !== undefined) this.timer = setTimeout(() => this.render(), Math.min(60_000, Math.max(1000, limit.resetsAt - now)));
  }
}
