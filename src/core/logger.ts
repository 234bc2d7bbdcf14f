/** The core logs through this, never through VS Code: the adapter maps it onto a LogOutputChannel. */
export interface Logger {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const nullLogger: Logger = {
  trace() {},
  debug() {},
  info() {},
  warn() {},
  error() {},
};

/** Prefixes every line with a component tag, so one channel stays readable. */
export function tagged(logger: Logger, tag: string): Logger {
  const p = `[${tag}] `;
  return {
    trace: (m) => logger.trace(p + m),
    debug: (m) => logger.debug(p + m),
    info: (m) => logger.info(p + m),
    warn: (m) => logger.warn(p + m),
    error: (m) => logger.error(p + m),
  };
}

/**
 * Secret shapes removed before anything reaches a log. Each keeps its label
 * (`Bearer `, `token=`, `user:`) so a log still says what was there. Order matters: the
 * specific shapes run before the generic `name=value` rule.
 */
const SECRET_NAME = String.raw`[A-Za-z0-9_.-]*(?:password|passwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credentials?|auth)`;
const REDACTIONS: [RegExp, string][] = [
  // Authorization headers.
  [/\b(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi, '$1***'],
  [/\b(Basic\s+)[A-Za-z0-9+/=]{8,}/gi, '$1***'],
  // Vendor key prefixes, bare anywhere.
  [/\b(sk-(?:ant|proj|live|test)-)[A-Za-z0-9_-]+/g, '$1***'],
  [/\bsk-[A-Za-z0-9_-]{20,}/g, 'sk-***'],
  [/\b(gh[pousr]_|github_pat_|xox[abpr]-|glpat-)[A-Za-z0-9_-]{10,}/g, '$1***'],
  [/\b((?:AKIA|ASIA)[0-9A-Z]{4})[0-9A-Z]{12}\b/g, '$1***'],
  // A bare AWS secret key: 40 base64 characters with upper, lower and digits (not a git hash).
  [/(?<![A-Za-z0-9/+])(?=[A-Za-z0-9/+]{0,39}[A-Z])(?=[A-Za-z0-9/+]{0,39}[a-z])(?=[A-Za-z0-9/+]{0,39}[0-9])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g, '***'],
  // user:password@host in URLs.
  [/\b([a-z][a-z0-9+.-]*:\/\/[^\s/:@]+:)[^\s/@]+@/gi, '$1***@'],
  // Flags: --api-key value, --token=value.
  [/(--(?:api[-_]?key|token|auth[-_]?token|password|secret|access[-_]?token)(?:=|\s+))(?!--)[^\s"']+/gi, '$1***'],
  // name=value, name: value, "name":"value" for secret-like names (env, JSON, query strings).
  [new RegExp(String.raw`((?:^|[^A-Za-z0-9])["']?${SECRET_NAME}["']?\s*[:=]\s*["']?)(?!\*\*\*)[^"'\s,;}&]+`, 'gi'), '$1***'],
];

export function redact(text: string): string {
  let out = text;
  for (const [pattern, replacement] of REDACTIONS) out = out.replace(pattern, replacement);
  return out;
}

export function consoleLogger(level: 'debug' | 'info' | 'warn' = 'warn'): Logger {
  const order = { trace: 0, debug: 1, info: 2, warn: 3, error: 4 } as const;
  const min = order[level];
  const out = (lvl: keyof typeof order) => (m: string) => {
    if (order[lvl] >= min) console.error(`${lvl.toUpperCase()} ${redact(m)}`);
  };
  return { trace: out('trace'), debug: out('debug'), info: out('info'), warn: out('warn'), error: out('error') };
}
