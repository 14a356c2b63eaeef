import type { KafkaConfig, SASLOptions } from 'kafkajs';
import type { KafkaSecurityConfig } from '@rp/config';

/** How to reach the schema registry: basic auth and a private CA, both optional. */
export interface SchemaRegistryAccess {
  auth?: { username: string; password: string };
  /** PEM of the CA that signed an https registry's certificate. */
  ca?: string;
}

/** The kafkajs `ssl` / `sasl` settings the security variables describe (none for PLAINTEXT). */
export function kafkaSecurityOverrides(c: Partial<KafkaSecurityConfig>): Pick<KafkaConfig, 'ssl' | 'sasl'> {
  const protocol = c.kafkaSecurityProtocol ?? 'PLAINTEXT';
  const out: Pick<KafkaConfig, 'ssl' | 'sasl'> = {};
  if (protocol === 'SSL' || protocol === 'SASL_SSL') {
    const custom = c.kafkaSslCa || c.kafkaSslCert;
    out.ssl = custom
      ? {
        ...(c.kafkaSslCa ? { ca: [c.kafkaSslCa] } : {}),
        ...(c.kafkaSslCert ? { cert: c.kafkaSslCert, key: c.kafkaSslPrivateKey } : {}),
      }
      : true;
  }
  if (protocol === 'SASL_SSL' || protocol === 'SASL_PLAINTEXT') {
    out.sasl = {
      mechanism: c.kafkaSaslMechanism ?? 'scram-sha-512',
      username: c.kafkaSaslUsername ?? '',
      password: c.kafkaSaslPassword ?? '',
    } as SASLOptions;
  }
  return out;
}

/** The registry access the security variables describe. */
export function schemaRegistryAccess(c: Partial<KafkaSecurityConfig>): SchemaRegistryAccess {
  return {
    ...(c.schemaRegistryUsername && c.schemaRegistryPassword
      ? { auth: { username: c.schemaRegistryUsername, password: c.schemaRegistryPassword } }
      : {}),
    ...(c.schemaRegistryCa ? { ca: c.schemaRegistryCa } : {}),
  };
}
