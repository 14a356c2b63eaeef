import { decryptSecret, encryptSecret, isEncryptedSecret, SecretDecryptionError } from '@rp/config';
import { randomBytes } from 'node:crypto';

const key = randomBytes(32);

describe('encryptSecret / decryptSecret', () => {
  it('round-trips and never stores the plaintext', () => {
    const stored = encryptSecret('canvas-token-7~abc', key, 'tenant:acme:canvasToken');
    expect(stored).toMatch(/^v1:[^:]+:[^:]+:[^:]+$/);
    expect(isEncryptedSecret(stored)).toBe(true);
    expect(stored).not.toContain('canvas-token');
    expect(decryptSecret(stored, key, 'tenant:acme:canvasToken')).toBe('canvas-token-7~abc');
  });

  it('uses a fresh iv, so equal secrets do not look equal', () => {
    expect(encryptSecret('same', key)).not.toEqual(encryptSecret('same', key));
  });

  it('rejects a tampered ciphertext', () => {
    const [v, iv, tag, data] = encryptSecret('client-secret', key).split(':');
    const bytes = Buffer.from(data, 'base64');
    bytes[0] ^= 1;
    expect(() => decryptSecret([v, iv, tag, bytes.toString('base64')].join(':'), key)).toThrow(SecretDecryptionError);
  });

  it('rejects the wrong key and the wrong context', () => {
    const stored = encryptSecret('client-secret', key, 'tenant:acme:icClientSecret');
    expect(() => decryptSecret(stored, randomBytes(32), 'tenant:acme:icClientSecret')).toThrow(/authentication failed/);
    expect(() => decryptSecret(stored, key, 'tenant:other:icClientSecret')).toThrow(SecretDecryptionError);
  });

  it('rejects unknown versions and malformed values', () => {
    const stored = encryptSecret('x', key);
    expect(() => decryptSecret(stored.replace(/^v1/, 'v9'), key)).toThrow(/unknown format version "v9"/);
    expect(() => decryptSecret('plaintext', key)).toThrow(/format/);
    expect(() => encryptSecret('x', randomBytes(16))).toThrow(/32 bytes/);
  });
});
