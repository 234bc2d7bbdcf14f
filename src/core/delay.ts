/** Resolves after `ms`; the timer does not keep the process alive on its own. */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** Polls `cond` every 50 ms until it holds or `ms` have passed (callers go on either way). */
export async function waitUntil(cond: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await delay(50);
}
