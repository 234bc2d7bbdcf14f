/**
 * The panel's strings in the user's language. The host sends VS Code's bundle for the display
 * language with the first snapshot (contract `snapshot.l10n`; absent for English), and main.ts
 * sets it before the UI is built. Keys are the English text, as in the host's `vscode.l10n.t`,
 * and `npm run l10n` collects every `t('…')` of this folder into l10n/bundle.l10n.json.
 */
let bundle: Readonly<Record<string, string>> = {};

export function setBundle(b: Readonly<Record<string, string>> | undefined): void {
  bundle = b ?? {};
}

/** The translation of `key` (else `key` itself), with `{0}`, `{1}`… replaced by the arguments. */
export function t(key: string, ...args: (string | number)[]): string {
  const message = Object.prototype.hasOwnProperty.call(bundle, key) ? bundle[key] : key;
  return args.length === 0 ? message : message.replace(/\{(\d+)\}/g, (m, i: string) => (Number(i) < args.length ? String(args[Number(i)]) : m));
}
