import { ConfigError, env, loadConfig, loadServiceConfig, secretKeyId } from '@rp/config';

const KEY = Buffer.alloc(32, 7).toString('base64');
const valid = {
  KAFKA_BROKERS: '127.0.0.1:19092, 127.0.0.1:19093',
  SCHEMA_REGISTRY_URL: 'http://127.0.0.1:18081/apis/ccompat/v7',
  DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/db',
  SECRETS_KEY: KEY,
};

describe('loadServiceConfig', () => {
  it('types and defaults the common settings', () => {
    const config = loadServiceConfig({ serviceName: 'loader', defaultHttpPort: 8083 }, valid);
    expect(config).toMatchObject({
      serviceName: 'loader',
      kafkaBrokers: ['127.0.0.1:19092', '127.0.0.1:19093'],
      httpPort: 8083,
      httpHost: '127.0.0.1',
      logLevel: 'info',
      otlpEndpoint: undefined,
    });
    expect(config.secretsKey.keyIds).toEqual([secretKeyId(Buffer.alloc(32, 7))]);
  });

  it('lets the environment override defaults and adds the app keys', () => {
    const config = loadServiceConfig(
      { serviceName: 'loader', defaultHttpPort: 8083, extra: { batchSize: env.int('LOADER_BATCH_SIZE').default(500) } },
      { ...valid, HTTP_PORT: '9000', SERVICE_NAME: 'loader-eu', LOADER_BATCH_SIZE: '20' },
    );
    expect([config.httpPort, config.serviceName, config.batchSize]).toEqual([9000, 'loader-eu', 20]);
  });

  it('lists every problem in one error and never echoes the secret key', () => {
    const bad = { ...valid, KAFKA_BROKERS: ' , ', DATABASE_URL: 'mysql://x/y', SECRETS_KEY: 'c2hvcnQta2V5', HTTP_PORT: '70000', LOG_LEVEL: 'loud' };
    let error: unknown;
    try {
      loadServiceConfig({ serviceName: 'loader', defaultHttpPort: 8083 }, bad);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const { problems, message } = error as ConfigError;
    expect(problems).toHaveLength(5);
    expect(message).toContain('KAFKA_BROKERS must list at least one');
    expect(message).toContain('DATABASE_URL must use postgres or postgresql (got mysql)');
    expect(message).toContain('SECRETS_KEY must be 32 bytes encoded as base64');
    expect(message).toContain('HTTP_PORT must be an integer between 0 and 65535');
    expect(message).toContain('LOG_LEVEL must be one of debug, info, warn, error');
    expect(message).not.toContain('c2hvcnQta2V5');
  });

  it('names missing required variables', () => {
    expect(() => loadServiceConfig({ serviceName: 's', defaultHttpPort: 1 }, {})).toThrow(
      /KAFKA_BROKERS is required[\s\S]*SCHEMA_REGISTRY_URL is required[\s\S]*DATABASE_URL is required[\s\S]*SECRETS_KEY is required/,
    );
  });
});

describe('loadServiceConfig without secrets (events-gateway)', () => {
  it('starts without SECRETS_KEY, and never reads one that is set', () => {
    const { SECRETS_KEY: _unused, ...withoutKey } = valid;
    expect(loadServiceConfig({ serviceName: 'gw', defaultHttpPort: 1, secrets: false }, withoutKey).secretsKey).toBeUndefined();
    expect(loadServiceConfig({ serviceName: 'gw', defaultHttpPort: 1, secrets: false }, valid).secretsKey).toBeUndefined();
    expect(loadServiceConfig({ serviceName: 'gw', defaultHttpPort: 1, secrets: false }, { ...withoutKey, SECRETS_KEYS: `${KEY},${KEY}` }).secretsKey).toBeUndefined();
    expect(() => loadServiceConfig({ serviceName: 'loader', defaultHttpPort: 1 }, withoutKey)).toThrow(/SECRETS_KEY is required/);
  });
});

describe('env fields', () => {
  it('parse booleans and optional values', () => {
    const schema = { dryRun: env.bool('DRY_RUN').default(false), peak: env.string('PEAK').optional() };
    expect(loadConfig(schema, { DRY_RUN: 'yes' })).toEqual({ dryRun: true, peak: undefined });
    expect(() => loadConfig(schema, { DRY_RUN: 'maybe' })).toThrow('DRY_RUN must be true or false (got "maybe")');
  });
});
