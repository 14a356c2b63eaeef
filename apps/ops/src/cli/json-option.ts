import { readFileSync } from 'node:fs';
import { UserError } from '../ops-errors';

/** Reads a file's text (injectable for tests). */
export type ReadText = (path: string) => string;

const readUtf8: ReadText = (path) => readFileSync(path, 'utf8');

/** Parses a `JSON|@file` flag value into an object; errors name the flag and what to fix. */
export function parseJsonObjectOption(flag: string, raw: string, readText: ReadText = readUtf8): Record<string, unknown> {
  let text = raw;
  let source = `--${flag}`;
  if (raw.startsWith('@')) {
    const path = raw.slice(1);
    source = `--${flag} file ${path}`;
    try {
      text = readText(path);
    } catch (error) {
      throw new UserError(`${source} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); check the path`);
    }
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UserError(`${source} is not valid JSON (${(error as Error).message}); pass a JSON object or @path/to/file.json`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UserError(`${source} must be a JSON object, e.g. '{"terms":{"strategy":"school-year"}}'`);
  }
  return value as Record<string, unknown>;
}

/** Parses a positive integer flag value. */
export function parsePositiveInt(flag: string, raw: string): number {
  if (!/^\d+$/.test(raw) || Number(raw) <= 0) throw new UserError(`--${flag} must be a positive integer (got "${raw}")`);
  return Number(raw);
}
