import { LoggerService } from '@nestjs/common';
import { Logger } from './json-logger';

/** Lets Nest (`NestFactory.create(..., { logger })`) write through the JSON logger. */
export class NestJsonLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...params: unknown[]): void {
    this.logger.info(...this.format(message, params));
  }

  error(message: unknown, ...params: unknown[]): void {
    // Nest passes (message, stack?, context?)
    const [msg, fields] = this.format(message, params);
    const stack = params.length >= 2 && typeof params[0] === 'string' ? params[0] : undefined;
    this.logger.error(msg, stack ? { ...fields, stack } : fields);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.logger.warn(...this.format(message, params));
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.logger.debug(...this.format(message, params));
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.logger.debug(...this.format(message, params));
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.logger.error(...this.format(message, params));
  }

  private format(message: unknown, params: unknown[]): [string, Record<string, unknown>] {
    const context = params.length > 0 && typeof params[params.length - 1] === 'string' ? params[params.length - 1] : undefined;
    const fields: Record<string, unknown> = context ? { context } : {};
    if (message instanceof Error) return [message.message, { ...fields, err: message }];
    if (typeof message === 'object' && message !== null) return ['', { ...fields, ...message }];
    return [String(message), fields];
  }
}
