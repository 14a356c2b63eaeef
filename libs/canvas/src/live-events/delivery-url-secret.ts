import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The secret of a tenant's unsigned Live Events delivery URL (`…/live-events/<secret>`), for Canvas subscriptions
 * whose "Sign Payload" is off. Only its SHA-256 is stored (the secret has 256 random bits, so the hash reveals
 * nothing and needs no key): the gateway, which holds no secret, can check it; nobody can read it back.
 */
export function newDeliveryUrlSecret(): { secret: string; sha256: string } {
  const secret = randomBytes(32).toString('base64url');
  return { secret, sha256: deliveryUrlSecretHash(secret) };
}

/** The stored form of a delivery URL secret (hex SHA-256). */
export function deliveryUrlSecretHash(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** True when `secret` hashes to `sha256`, compared in constant time. */
export function matchesDeliveryUrlSecret(secret: string, sha256: string | undefined): boolean {
  if (!sha256 || !/^[0-9a-f]{64}$/.test(sha256)) return false;
  return timingSafeEqual(Buffer.from(deliveryUrlSecretHash(secret), 'hex'), Buffer.from(sha256, 'hex'));
}

/** A URL path with any delivery URL secret replaced, for logs and traces. */
export function redactDeliveryPath(path: string): string {
  return path.replace(/^(\/live-events\/)[^/?#]+/, '$1[redacted]');
}
