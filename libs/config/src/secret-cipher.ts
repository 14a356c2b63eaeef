import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A stored secret cannot be read: wrong key, wrong context, tampered or malformed. Permanent. */
export class SecretDecryptionError extends Error {
  constructor(reason: string) {
    super(`cannot decrypt secret: ${reason}; check SECRETS_KEY and re-enter the secret if it was rotated`);
    this.name = 'SecretDecryptionError';
  }
}

function assertKey(key: Buffer): void {
  if (key.length !== 32) throw new Error(`secret key must be 32 bytes (got ${key.length})`);
}

/**
 * Encrypts with AES-256-GCM into `v1:<iv>:<tag>:<data>` (base64 parts). `context` (e.g. `tenant:acme:canvasToken`)
 * is authenticated, so a ciphertext copied to another tenant or column does not decrypt.
 */
export function encryptSecret(plaintext: string, key: Buffer, context = ''): string {
  assertKey(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, iv.toString('base64'), tag.toString('base64'), data.toString('base64')].join(':');
}

/** Decrypts what `encryptSecret` produced with the same key and context; throws SecretDecryptionError otherwise. */
export function decryptSecret(ciphertext: string, key: Buffer, context = ''): string {
  assertKey(key);
  const parts = ciphertext.split(':');
  if (parts.length !== 4) throw new SecretDecryptionError('not in the v1:<iv>:<tag>:<data> format');
  const [version, ivText, tagText, dataText] = parts;
  if (version !== VERSION) throw new SecretDecryptionError(`unknown format version "${version}"`);
  const iv = Buffer.from(ivText, 'base64');
  const tag = Buffer.from(tagText, 'base64');
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new SecretDecryptionError('malformed iv or tag');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(Buffer.from(dataText, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretDecryptionError('authentication failed (wrong key or context, or the value was altered)');
  }
}

/** True when a stored value is in the encrypted format (so plaintext never gets stored by mistake). */
export function isEncryptedSecret(value: string): boolean {
  return /^v1:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]*$/.test(value);
}
