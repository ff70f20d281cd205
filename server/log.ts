// A small namespaced logger for the server: `const log = logger('sfu')`, then `log.info('worker started', pid)` prints
// `[phonghop:sfu] worker started 1234`. LOG_LEVEL (debug, info, warn, error, silent) sets what is printed: info by
// default, warn when NODE_ENV=test so that passing tests stay quiet. Everything goes to stderr: stdout belongs to
// what the server prints for people and scripts (the setup link, `npm run demo -- --json`). Errors passed as details
// are printed by Node's console, stack included.

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Logger {
  debug(message: string, ...details: unknown[]): void;
  info(message: string, ...details: unknown[]): void;
  warn(message: string, ...details: unknown[]): void;
  error(message: string, ...details: unknown[]): void;
}

const RANK: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3, silent: 4 };

function isLogLevel(value: string): value is LogLevel {
  return (LOG_LEVELS as readonly string[]).includes(value);
}

/** The level in force: LOG_LEVEL when it names one, else warn under tests and info otherwise. Read at each call. */
export function logLevel(env: NodeJS.ProcessEnv = process.env): LogLevel {
  const wanted = env['LOG_LEVEL']?.trim().toLowerCase() ?? '';
  if (isLogLevel(wanted)) return wanted;
  return env['NODE_ENV'] === 'test' ? 'warn' : 'info';
}

export function logger(namespace: string): Logger {
  const prefix = `[phonghop:${namespace}]`;
  const at =
    (level: Exclude<LogLevel, 'silent'>) =>
    (message: string, ...details: unknown[]): void => {
      if (RANK[level] < RANK[logLevel()]) return;
      // console.warn and console.error both write to stderr; error keeps console.error so its output stays findable.
      if (level === 'warn') console.warn(prefix, message, ...details);
      else console.error(prefix, message, ...details);
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
