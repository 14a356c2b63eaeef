import { decryptSecret, encryptSecret, env, isEncryptedSecret, loadConfig, SecretDecryptionError, SecretKeyring, secretKeyId } from '@rp/config';
import { createCipheriv, randomBytes } from 'node:crypto';

const key = randomBytes(32);

describe('encryptSecret / decryptSecret', () => {
  it('round-trips and never stores the plaintext', () => {
    const stored = encryptSecret('canvas-token-7~abc', key, 'tenant:acme:canvasToken');
    expect(stored).toMatch(new RegExp(`^v2:${secretKeyId(key)}:[^:]+:[^:]+:[^:]+$`));
    expect(isEncryptedSecret(stored)).toBe(true);
    expect(stored).not.toContain('canvas-token');
    expect(decryptSecret(stored, key, 'tenant:acme:canvasToken')).toBe('canvas-token-7~abc');
  });

  it('uses a fresh iv, so equal secrets do not look equal', () => {
    expect(encryptSecret('same', key)).not.toEqual(encryptSecret('same', key));
  });

  it('rejects a tampered ciphertext', () => {
    const [v, id, iv, tag, data] = encryptSecret('client-secret', key).split(':');
    const bytes = Buffer.from(data, 'base64');
    bytes[0] ^= 1;
    expect(() => decryptSecret([v, id, iv, tag, bytes.toString('base64')].join(':'), key)).toThrow(SecretDecryptionError);
  });

  it('rejects the wrong key and the wrong context', () => {
    const stored = encryptSecret('client-secret', key, 'tenant:acme:icClientSecret');
    expect(() => decryptSecret(stored, randomBytes(32), 'tenant:acme:icClientSecret')).toThrow(/not among the configured keys/);
    expect(() => decryptSecret(stored, key, 'tenant:other:icClientSecret')).toThrow(SecretDecryptionError);
  });

  it('rejects unknown versions and malformed values', () => {
    const stored = encryptSecret('x', key);
    expect(() => decryptSecret(stored.replace(/^v2/, 'v9'), key)).toThrow(/unknown format version "v9"/);
    expect(() => decryptSecret('plaintext', key)).toThrow(/format/);
    expect(() => encryptSecret('x', randomBytes(16))).toThrow(/32 bytes/);
  });
});

/** What `encryptSecret` stored before key ids existed: v1:<iv>:<tag>:<data>. */
function legacyV1(plaintext: string, legacyKey: Buffer, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', legacyKey, iv, { authTagLength: 16 });
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64'), cipher.getAuthTag().toString('base64'), data.toString('base64')].join(':');
}

describe('SecretKeyring (key rotation)', () => {
  const oldKey = randomBytes(32);
  const newKey = randomBytes(32);
  const ctx = 'tenant:acme:canvas.token';

  it('opens a ciphertext sealed with an older key of the list, and with the pre-key-id v1 format', () => {
    const rotating = new SecretKeyring([newKey, oldKey]);
    expect(rotating.decrypt(encryptSecret('old-token', oldKey, ctx), ctx)).toBe('old-token');
    expect(rotating.decrypt(legacyV1('legacy-token', oldKey, ctx), ctx)).toBe('legacy-token');
    expect(isEncryptedSecret(legacyV1('x', oldKey, ctx))).toBe(true);
  });

  it('seals with the newest key only, so the old key is no longer needed for what it sealed', () => {
    const sealed = new SecretKeyring([newKey, oldKey]).encrypt('new-token', ctx);
    expect(sealed.split(':')[1]).toBe(secretKeyId(newKey));
    expect(new SecretKeyring([newKey]).decrypt(sealed, ctx)).toBe('new-token');
    expect(() => new SecretKeyring([oldKey]).decrypt(sealed, ctx)).toThrow(new RegExp(`key ${secretKeyId(newKey)}, which is not among`));
  });

  it.each([
    ['sealed with the newest key', () => encryptSecret('x', newKey), false],
    ['sealed with an older key', () => encryptSecret('x', oldKey), true],
    ['in the v1 format (no key id)', () => legacyV1('x', newKey, ''), true],
  ])('calls a ciphertext %s stale: %s', (_name, make, stale) => {
    expect(new SecretKeyring([newKey, oldKey]).isStale(make())).toBe(stale);
  });

  it('never serialises its keys', () => {
    const ring = new SecretKeyring([newKey, oldKey]);
    const text = JSON.stringify({ ring }) + String(ring.toJSON());
    for (const k of [newKey, oldKey]) expect(text).not.toContain(k.toString('base64'));
    expect(text).toContain(secretKeyId(newKey));
  });
});

describe('env.keyring (SECRETS_KEYS / SECRETS_KEY)', () => {
  const schema = { keys: env.keyring('SECRETS_KEYS', 'SECRETS_KEY') };
  const b64 = (k: Buffer) => k.toString('base64');
  const a = randomBytes(32);
  const b = randomBytes(32);

  it.each([
    ['SECRETS_KEY alone is a one-key list', { SECRETS_KEY: b64(a) }, [a]],
    ['SECRETS_KEYS lists newest first', { SECRETS_KEYS: `${b64(b)}, ${b64(a)}` }, [b, a]],
    ['SECRETS_KEYS wins over SECRETS_KEY', { SECRETS_KEYS: b64(b), SECRETS_KEY: b64(a) }, [b]],
  ])('%s', (_name, source, keys) => {
    expect(loadConfig(schema, source).keys.keyIds).toEqual(keys.map(secretKeyId));
  });

  it.each([
    ['neither is set', {}, 'SECRETS_KEY is required but not set (nor SECRETS_KEYS)'],
    ['a listed key is not 32 bytes', { SECRETS_KEYS: `${b64(a)},c2hvcnQ=` }, 'SECRETS_KEYS key 2 must be 32 bytes'],
    ['SECRETS_KEY is not 32 bytes', { SECRETS_KEY: 'c2hvcnQ=' }, 'SECRETS_KEY must be 32 bytes'],
  ])('refuses when %s, without echoing a key', (_name, source, message) => {
    expect(() => loadConfig(schema, source)).toThrow(message);
    try {
      loadConfig(schema, source);
    } catch (error) {
      expect((error as Error).message).not.toContain(b64(a));
    }
  });
});
