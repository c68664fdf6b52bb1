type Fields = Record<string, unknown>;

export interface Logger {
  info(message: string, fields?: Fields): void;
  warn(message: string, fields?: Fields): void;
  error(message: string, fields?: Fields): void;
}

/** One JSON line per entry on stdout/stderr, which CloudWatch Logs keeps as structured records. */
export function jsonLogger(base: Fields = {}): Logger {
  const write = (level: string, message: string, fields: Fields = {}) => {
    const line = JSON.stringify({ level, message, timestamp: new Date().toISOString(), ...base, ...fields });
    if (level === 'ERROR') console.error(line);
    else console.log(line);
  };
  return {
    info: (message, fields) => write('INFO', message, fields),
    warn: (message, fields) => write('WARN', message, fields),
    error: (message, fields) => write('ERROR', message, fields),
  };
}

/** An error as log fields: for the operator's eyes only, never for a response body. */
export function describeError(cause: unknown): unknown {
  return cause instanceof Error ? { name: cause.name, message: cause.message, stack: cause.stack } : cause;
}
