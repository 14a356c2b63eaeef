import { testServices, uniqueName } from '@rp/testing';

describe('testServices', () => {
  it('names services:up when the environment is incomplete', () => {
    expect(() => testServices({ KAFKA_BROKERS: '127.0.0.1:1' })).toThrow(/npm run services:up/);
  });

  it('splits a broker list', () => {
    const env = { KAFKA_BROKERS: 'a:1, b:2', SCHEMA_REGISTRY_URL: 'http://r', DATABASE_URL: 'postgres://d' };
    expect(testServices(env).kafkaBrokers).toEqual(['a:1', 'b:2']);
  });

  it('makes names that differ between calls and are safe as topic names', () => {
    const a = uniqueName('Msg Test');
    expect(a).toMatch(/^msg-test-[a-z0-9]+$/);
    expect(uniqueName('Msg Test')).not.toEqual(a);
  });
});
