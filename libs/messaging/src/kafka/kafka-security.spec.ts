import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, kafkaSecurityVariables, loadKafkaSecurity } from '@rp/config';
import { kafkaSecurityOverrides, schemaRegistryAccess } from '@rp/messaging';

const dir = mkdtempSync(join(tmpdir(), 'kafka-security-'));
const pem = (name: string, label = 'CERTIFICATE') => {
  const path = join(dir, name);
  writeFileSync(path, `-----BEGIN ${label}-----\nTUlJ${name}\n-----END ${label}-----\n`);
  return path;
};
const ca = pem('ca.pem');
const cert = pem('client.pem');
const key = pem('client.key', 'PRIVATE KEY');
const notPem = join(dir, 'notes.txt');
writeFileSync(notPem, 'hello');

describe('Kafka and schema registry security settings', () => {
  it.each([
    ['nothing set: the plain listener', {}, {}],
    ['SASL_SSL with SCRAM and a private CA', {
      KAFKA_SECURITY_PROTOCOL: 'SASL_SSL', KAFKA_SSL_CA_FILE: ca, KAFKA_SASL_USERNAME: 'rp', KAFKA_SASL_PASSWORD: 'pw',
    }, { ssl: { ca: [expect.stringContaining('TUlJca.pem')] }, sasl: { mechanism: 'scram-sha-512', username: 'rp', password: 'pw' } }],
    ['SASL_SSL with PLAIN (any case) and the system CAs', {
      KAFKA_SECURITY_PROTOCOL: 'SASL_SSL', KAFKA_SASL_MECHANISM: 'PLAIN', KAFKA_SASL_USERNAME: 'rp', KAFKA_SASL_PASSWORD: 'pw',
    }, { ssl: true, sasl: { mechanism: 'plain', username: 'rp', password: 'pw' } }],
    ['SSL with a client certificate (mutual TLS)', {
      KAFKA_SECURITY_PROTOCOL: 'SSL', KAFKA_SSL_CA_FILE: ca, KAFKA_SSL_CERT_FILE: cert, KAFKA_SSL_KEY_FILE: key,
    }, { ssl: { ca: [expect.any(String)], cert: expect.stringContaining('TUlJclient.pem'), key: expect.stringContaining('PRIVATE KEY') } }],
  ])('%s', (_name, source, expected) => {
    expect(kafkaSecurityOverrides(loadKafkaSecurity(source))).toEqual(expected);
  });

  it.each([
    ['SASL without credentials', { KAFKA_SECURITY_PROTOCOL: 'SASL_SSL' }, 'needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD'],
    ['credentials without SASL', { KAFKA_SASL_USERNAME: 'rp', KAFKA_SASL_PASSWORD: 'pw' }, 'set it to SASL_SSL'],
    ['a CA on the plain listener', { KAFKA_SSL_CA_FILE: ca }, 'set it to SSL or SASL_SSL'],
    ['a certificate without its key', { KAFKA_SECURITY_PROTOCOL: 'SSL', KAFKA_SSL_CERT_FILE: cert }, 'go together'],
    ['a registry user without password', { SCHEMA_REGISTRY_USERNAME: 'rp' }, 'SCHEMA_REGISTRY_USERNAME and SCHEMA_REGISTRY_PASSWORD go together'],
    ['an unknown mechanism', { KAFKA_SASL_MECHANISM: 'gssapi' }, 'KAFKA_SASL_MECHANISM must be one of scram-sha-512, scram-sha-256, plain'],
    ['a CA file that does not exist', { KAFKA_SECURITY_PROTOCOL: 'SSL', KAFKA_SSL_CA_FILE: join(dir, 'missing.pem') }, 'cannot be read (ENOENT)'],
    ['a CA file that is not PEM', { KAFKA_SECURITY_PROTOCOL: 'SSL', KAFKA_SSL_CA_FILE: notPem }, 'holds no PEM block'],
  ])('refuses %s at start-up, naming the variables', (_name, source, message) => {
    expect(() => loadKafkaSecurity(source)).toThrow(ConfigError);
    expect(() => loadKafkaSecurity(source)).toThrow(message);
  });

  it('gives the registry client basic auth and the CA', () => {
    const access = schemaRegistryAccess(loadKafkaSecurity({ SCHEMA_REGISTRY_USERNAME: 'rp', SCHEMA_REGISTRY_PASSWORD: 'pw', SCHEMA_REGISTRY_CA_FILE: ca }));
    expect(access).toEqual({ auth: { username: 'rp', password: 'pw' }, ca: expect.stringContaining('BEGIN CERTIFICATE') });
    expect(schemaRegistryAccess(loadKafkaSecurity({}))).toEqual({});
  });

  it('hands exactly the security variables on to a child process', () => {
    expect(kafkaSecurityVariables({ KAFKA_SECURITY_PROTOCOL: 'SASL_SSL', KAFKA_SASL_PASSWORD: 'pw', DATABASE_URL: 'x', SECRETS_KEY: 'k' }))
      .toEqual({ KAFKA_SECURITY_PROTOCOL: 'SASL_SSL', KAFKA_SASL_PASSWORD: 'pw' });
  });
});
