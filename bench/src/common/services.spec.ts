import { benchAppEnv, type BenchServices } from './services';

const services: BenchServices = { kafkaBrokers: ['127.0.0.1:1'], schemaRegistryUrl: 'http://127.0.0.1:2', databaseUrl: 'postgres://u:p@127.0.0.1:3/d' };
const own = { secretsKey: 'k', topicPrefix: 't-', schemaPrefix: 's_' };

describe('benchAppEnv', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it("passes the apps' own settings from the driver's environment, and nothing else of it", () => {
    process.env.TRANSFORMER_SLICE_RECORDS = '5000';
    process.env.LOADER_BATCH_MAX_ROWS = '1000';
    process.env.AWS_SECRET_ACCESS_KEY = 'not for the apps';
    const env = benchAppEnv(services, own);
    expect(env.TRANSFORMER_SLICE_RECORDS).toBe('5000');
    expect(env.LOADER_BATCH_MAX_ROWS).toBe('1000');
    expect(env.AWS_SECRET_ACCESS_KEY).toBeUndefined();
  });

  it("lets the benchmark's own settings win over the driver's environment", () => {
    process.env.EXTRACTOR_SCHEDULE = 'daily';
    expect(benchAppEnv(services, own, { EXTRACTOR_SCHEDULE: 'off' }).EXTRACTOR_SCHEDULE).toBe('off');
  });
});
