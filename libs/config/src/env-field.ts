import { SecretKeyring } from './secret-cipher';

/** One environment variable: its name, how to parse it, and whether it may be absent. */
export class EnvField<T> {
  constructor(
    readonly name: string,
    private readonly parseValue: (raw: string) => T,
    readonly required = true,
    readonly fallback?: T,
    /** A variable read instead of `name` when set (a newer spelling that takes precedence, e.g. SECRETS_KEYS). */
    readonly preferred?: { name: string; parse: (raw: string) => T },
  ) {}

  /** The same variable, but absent (or empty) yields `undefined`. */
  optional(): EnvField<T | undefined> {
    return new EnvField<T | undefined>(this.name, this.parseValue, false, undefined, this.preferred);
  }

  /** The same variable, but absent (or empty) yields `value`. */
  default(value: T): EnvField<T> {
    return new EnvField<T>(this.name, this.parseValue, false, value, this.preferred);
  }

  /** Reads `preferred` from `source` when it is set, else this variable. */
  readFrom(source: NodeJS.ProcessEnv): T {
    const preferred = this.preferred && source[this.preferred.name];
    if (this.preferred && preferred !== undefined && preferred.trim() !== '') {
      const { name, parse } = this.preferred;
      return new EnvField(name, parse).read(preferred);
    }
    try {
      return this.read(source[this.name]);
    } catch (error) {
      const missing = this.preferred && (source[this.name] ?? '').trim() === '';
      if (missing) throw new Error(`${(error as Error).message} (nor ${this.preferred!.name})`);
      throw error;
    }
  }

  /** Parses the raw value; throws a message (without the value, which may be a secret) when invalid. */
  read(raw: string | undefined): T {
    if (raw === undefined || raw.trim() === '') {
      if (this.required) throw new Error(`${this.name} is required but not set`);
      return this.fallback as T;
    }
    try {
      return this.parseValue(raw.trim());
    } catch (error) {
      throw new Error(`${this.name} ${(error as Error).message}`);
    }
  }
}

/** Builders for the usual kinds of settings. */
export const env = {
  string: (name: string) => new EnvField(name, (raw) => raw),
  int: (name: string, range: { min?: number; max?: number } = {}) =>
    new EnvField(name, (raw) => {
      const value = Number(raw);
      const { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER } = range;
      if (!/^-?\d+$/.test(raw) || value < min || value > max) {
        throw new Error(`must be an integer between ${min} and ${max} (got "${raw}")`);
      }
      return value;
    }),
  port: (name: string) => env.int(name, { min: 0, max: 65535 }),
  bool: (name: string) =>
    new EnvField(name, (raw) => {
      if (/^(true|1|yes)$/i.test(raw)) return true;
      if (/^(false|0|no)$/i.test(raw)) return false;
      throw new Error(`must be true or false (got "${raw}")`);
    }),
  list: (name: string) =>
    new EnvField(name, (raw) => {
      const items = raw.split(',').map((item) => item.trim()).filter(Boolean);
      if (items.length === 0) throw new Error('must list at least one comma-separated value');
      return items;
    }),
  url: (name: string, protocols?: string[]) =>
    new EnvField(name, (raw) => {
      let url: URL;
      try {
        url = new URL(raw);
      } catch {
        throw new Error('must be an absolute URL');
      }
      if (protocols && !protocols.includes(url.protocol.replace(/:$/, ''))) {
        throw new Error(`must use ${protocols.join(' or ')} (got ${url.protocol.replace(/:$/, '')})`);
      }
      return raw;
    }),
  oneOf: <const V extends string>(name: string, values: readonly V[]) =>
    new EnvField(name, (raw) => {
      if (!values.includes(raw as V)) throw new Error(`must be one of ${values.join(', ')} (got "${raw}")`);
      return raw as V;
    }),
  /** A base64 key of exactly `bytes` bytes, e.g. `openssl rand -base64 32`. The value never appears in messages. */
  base64Key: (name: string, bytes = 32) =>
    new EnvField(name, (raw) => {
      const key = Buffer.from(raw, 'base64');
      if (!/^[A-Za-z0-9+/]+={0,2}$/.test(raw) || key.length !== bytes) {
        throw new Error(`must be ${bytes} bytes encoded as base64 (generate one with: openssl rand -base64 ${bytes})`);
      }
      return key;
    }),
  /**
   * The secret keyring: `keysName` (comma-separated base64 keys, newest first) when set, else the single key of
   * `keyName`. Values never appear in messages.
   */
  keyring: (keysName: string, keyName: string) => {
    const one = env.base64Key(keyName, 32);
    const parseList = (raw: string) => {
      const items = raw.split(',').map((item) => item.trim()).filter(Boolean);
      if (items.length === 0) throw new Error('must list at least one comma-separated base64 key, newest first');
      return new SecretKeyring(items.map((item, index) => {
        try {
          return one.read(item);
        } catch {
          throw new Error(`key ${index + 1} must be 32 bytes encoded as base64 (generate one with: openssl rand -base64 32)`);
        }
      }));
    };
    return new EnvField<SecretKeyring>(keyName, (raw) => new SecretKeyring([one.read(raw)]), true, undefined, {
      name: keysName,
      parse: parseList,
    });
  },
};
