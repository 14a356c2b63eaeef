import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const LEGACY_VERSION = 'v1';
const VERSION = 'v2';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A stored secret cannot be read: wrong key, wrong context, tampered or malformed. Permanent. */
export class SecretDecryptionError extends Error {
  constructor(reason: string) {
    super(`cannot decrypt secret: ${reason}; check SECRETS_KEYS (or SECRETS_KEY) and re-enter the secret if its key is gone`);
    this.name = 'SecretDecryptionError';
  }
}

function assertKey(key: Buffer): void {
  if (key.length !== 32) throw new Error(`secret key must be 32 bytes (got ${key.length})`);
}

/**
 * A key's public id: the first 6 bytes of SHA-256 over a label and the key, in hex. Stored beside each ciphertext so
 * the right key is picked after a rotation; it reveals nothing usable about a 256-bit key.
 */
export function secretKeyId(key: Buffer): string {
  assertKey(key);
  return createHash('sha256').update('rostering-secret-key-id:').update(key).digest('hex').slice(0, 12);
}

function seal(plaintext: string, key: Buffer, context: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, secretKeyId(key), iv.toString('base64'), tag.toString('base64'), data.toString('base64')].join(':');
}

interface ParsedSecret {
  /** Absent for the v1 format, which predates key ids. */
  keyId?: string;
  iv: Buffer;
  tag: Buffer;
  data: Buffer;
}

function parse(ciphertext: string): ParsedSecret {
  const parts = ciphertext.split(':');
  const version = parts[0];
  if (version === VERSION && parts.length === 5) return check({ keyId: parts[1], ...buffers(parts.slice(2)) });
  if (version === LEGACY_VERSION && parts.length === 4) return check(buffers(parts.slice(1)));
  if (version !== VERSION && version !== LEGACY_VERSION && parts.length >= 4) {
    throw new SecretDecryptionError(`unknown format version "${version}"`);
  }
  throw new SecretDecryptionError('not in the v2:<key id>:<iv>:<tag>:<data> (or v1:<iv>:<tag>:<data>) format');
}

function buffers([iv, tag, data]: string[]): Omit<ParsedSecret, 'keyId'> {
  return { iv: Buffer.from(iv, 'base64'), tag: Buffer.from(tag, 'base64'), data: Buffer.from(data, 'base64') };
}

function check(parsed: ParsedSecret): ParsedSecret {
  if (parsed.iv.length !== IV_BYTES || parsed.tag.length !== TAG_BYTES) throw new SecretDecryptionError('malformed iv or tag');
  return parsed;
}

function open(parsed: ParsedSecret, key: Buffer, context: string): string | undefined {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, parsed.iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(parsed.tag);
    return Buffer.concat([decipher.update(parsed.data), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}

const AUTH_FAILED = 'authentication failed (wrong key or context, or the value was altered)';

/**
 * The secret keys in force, newest first (`SECRETS_KEYS`; `SECRETS_KEY` is a one-key list). Encrypts with the
 * newest; decrypts with whichever key a ciphertext names, so keys rotate without re-entering secrets: add the new
 * key in front, run `ops secrets rotate`, then drop the old one. Never serialises its keys.
 */
export class SecretKeyring {
  readonly #keys: ReadonlyMap<string, Buffer>;
  readonly #newest: Buffer;

  constructor(keys: readonly Buffer[]) {
    if (keys.length === 0) throw new Error('a secret keyring needs at least one key');
    keys.forEach(assertKey);
    this.#keys = new Map(keys.map((key) => [secretKeyId(key), key]));
    this.#newest = keys[0];
  }

  /** A keyring as given, or a one-key keyring around a bare key. */
  static of(keys: SecretKeyring | Buffer | readonly Buffer[]): SecretKeyring {
    if (keys instanceof SecretKeyring) return keys;
    return new SecretKeyring(Buffer.isBuffer(keys) ? [keys] : keys);
  }

  /** Id of the key new ciphertexts are sealed with. */
  get currentKeyId(): string {
    return secretKeyId(this.#newest);
  }

  /** Ids of every key, newest first. */
  get keyIds(): string[] {
    return [...this.#keys.keys()];
  }

  encrypt(plaintext: string, context = ''): string {
    return seal(plaintext, this.#newest, context);
  }

  decrypt(ciphertext: string, context = ''): string {
    const parsed = parse(ciphertext);
    if (parsed.keyId !== undefined) {
      const key = this.#keys.get(parsed.keyId);
      if (!key) throw new SecretDecryptionError(`it was sealed with key ${parsed.keyId}, which is not among the configured keys`);
      const plain = open(parsed, key, context);
      if (plain === undefined) throw new SecretDecryptionError(AUTH_FAILED);
      return plain;
    }
    for (const key of this.#keys.values()) {
      const plain = open(parsed, key, context);
      if (plain !== undefined) return plain;
    }
    throw new SecretDecryptionError(AUTH_FAILED);
  }

  /** True when a ciphertext is not sealed with the newest key (or predates key ids): `ops secrets rotate` reseals it. */
  isStale(ciphertext: string): boolean {
    return parse(ciphertext).keyId !== this.currentKeyId;
  }

  toJSON(): string {
    return `<${this.#keys.size} secret key${this.#keys.size === 1 ? '' : 's'}: ${this.keyIds.join(', ')}>`;
  }
}

/**
 * Encrypts with AES-256-GCM into `v2:<key id>:<iv>:<tag>:<data>` (base64 parts). `context` (e.g.
 * `tenant:acme:canvasToken`) is authenticated, so a ciphertext copied to another tenant or column does not decrypt.
 */
export function encryptSecret(plaintext: string, key: Buffer, context = ''): string {
  return SecretKeyring.of(key).encrypt(plaintext, context);
}

/** Decrypts what `encryptSecret` produced (or the older v1 format) with the same key and context. */
export function decryptSecret(ciphertext: string, key: Buffer, context = ''): string {
  return SecretKeyring.of(key).decrypt(ciphertext, context);
}

/** True when a stored value is in an encrypted format (so plaintext never gets stored by mistake). */
export function isEncryptedSecret(value: string): boolean {
  return /^(v1|v2:[0-9a-f]{12}):[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]*$/.test(value);
}
