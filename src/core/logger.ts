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

/** Removes API keys and bearer tokens before anything reaches a log. */
export function redact(text: string): string {
  return text
    .replace(/(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/g, '$1***')
    .replace(/sk-ant-[A-Za-z0-9_-]+/g, 'sk-ant-***')
    .replace(/("?(?:ANTHROPIC_API_KEY|ANTHROPIC_AUTH_TOKEN|api[_-]?key|token)"?\s*[:=]\s*"?)[^"\s,}]+/gi, '$1***');
}

export function consoleLogger(level: 'debug' | 'info' | 'warn' = 'warn'): Logger {
  const order = { trace: 0, debug: 1, info: 2, warn: 3, error: 4 } as const;
  const min = order[level];
  const out = (lvl: keyof typeof order) => (m: string) => {
    if (order[lvl] >= min) console.error(`${lvl.toUpperCase()} ${redact(m)}`);
  };
  return { trace: out('trace'), debug: out('debug'), info: out('info'), warn: out('warn'), error: out('error') };
}
