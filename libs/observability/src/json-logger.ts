import { trace } from '@opentelemetry/api';
import { LogLevel, redact } from '@rp/config';

const SEVERITY: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Where log lines go (stdout by default; tests pass an array collector). */
export type LogSink = (line: string) => void;

export interface LoggerOptions {
  service: string;
  level?: LogLevel;
  sink?: LogSink;
  clock?: () => Date;
  /** Fields put on every record of this logger (e.g. tenant, component). */
  fields?: Record<string, unknown>;
}

/** A structured JSON logger: one line per record, secrets redacted, trace ids from the active span. */
export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  isEnabled(level: LogLevel): boolean;
  /** A logger adding `fields` (e.g. `{ tenant: 'acme' }`) to each record. */
  child(fields: Record<string, unknown>): Logger;
}

/** Creates a JSON logger writing `{time, level, service, msg, tenant, traceId, spanId, ...fields}` lines. */
export function createLogger(options: LoggerOptions): Logger {
  const sink = options.sink ?? ((line: string) => process.stdout.write(`${line}\n`));
  const clock = options.clock ?? (() => new Date());
  const threshold = SEVERITY[options.level ?? 'info'];
  const base = options.fields ?? {};

  const write = (level: LogLevel, msg: string, fields: Record<string, unknown> = {}) => {
    if (SEVERITY[level] < threshold) return;
    const span = trace.getActiveSpan()?.spanContext();
    const { tenant, ...rest } = { ...base, ...fields };
    const record = {
      time: clock().toISOString(),
      level,
      service: options.service,
      msg,
      tenant,
      traceId: span?.traceId,
      spanId: span?.spanId,
      ...rest,
    };
    sink(JSON.stringify(redact(record)));
  };

  return {
    debug: (msg, fields) => write('debug', msg, fields),
    info: (msg, fields) => write('info', msg, fields),
    warn: (msg, fields) => write('warn', msg, fields),
    error: (msg, fields) => write('error', msg, fields),
    isEnabled: (level) => SEVERITY[level] >= threshold,
    child: (fields) => createLogger({ ...options, sink, clock, fields: { ...base, ...fields } }),
  };
}
