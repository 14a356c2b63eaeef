import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { consumerGroups, repoRoot } from './src/helm-render';

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string; target: string };
  command?: string[];
  environment?: Record<string, string | number>;
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  profiles?: string[];
  read_only?: boolean;
  cap_drop?: string[];
}

const doc = parseDocument(readFileSync(join(repoRoot, 'deploy/compose/compose.yaml'), 'utf8'), { merge: true });
const services = (doc.toJS({ maxAliasCount: -1 }) as { services: Record<string, ComposeService> }).services;
const apps = ['extractor', 'transformer', 'loader', 'events-gateway', 'gradebook', 'gradebook-writer'];

describe('deploy/compose/compose.yaml', () => {
  it('is valid YAML', () => {
    expect(doc.errors).toEqual([]);
  });

  it('runs Kafka 4.x in KRaft mode, Apicurio Registry 3.0.9, PostgreSQL 15 and Jaeger', () => {
    expect(services.kafka.image).toMatch(/apache\/kafka:4\.\d+\.\d+/);
    expect(services.kafka.environment?.KAFKA_PROCESS_ROLES).toBe('broker,controller');
    expect(JSON.stringify(services.kafka.environment)).not.toMatch(/ZOOKEEPER/i);
    expect(services['schema-registry'].image).toBe('apicurio/apicurio-registry:3.0.9');
    expect(services.postgres.image).toBe('postgres:15');
    expect(services.jaeger.image).toMatch(/jaegertracing\//);
  });

  it.each(apps)('runs %s with the shared settings, its consumer group and after migrations', (app) => {
    const svc = services[app];
    const env = svc.environment ?? {};
    expect(env).toMatchObject({
      KAFKA_BROKERS: 'kafka:9092',
      SCHEMA_REGISTRY_URL: 'http://schema-registry:8080/apis/ccompat/v7',
      HTTP_HOST: '0.0.0.0',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4318',
      SERVICE_NAME: app,
    });
    expect(String(env.DATABASE_URL)).toMatch(/^postgres:\/\/.*@postgres:5432\/rostering$/);
    expect(env.KAFKA_CONSUMER_GROUP).toBe(consumerGroups()[app]?.groupId);
    expect(svc.depends_on?.migrate).toEqual({ condition: 'service_completed_successfully' });
    expect(svc.read_only).toBe(true);
    expect(svc.cap_drop).toEqual(['ALL']);
  });

  it('builds every image from deploy/docker/Dockerfile targets and runs `ops migrate` first', () => {
    for (const app of apps.filter((a) => a !== 'gradebook-writer')) {
      expect(services[app].build).toEqual({ context: '../..', dockerfile: 'deploy/docker/Dockerfile', target: app });
    }
    expect(services['gradebook-writer'].image).toBe(services.gradebook.image);
    expect(services['gradebook-writer'].environment?.GRADEBOOK_ROLE).toBe('writer');
    expect(services.migrate.command).toEqual(['node', 'dist/apps/ops/main.js', 'migrate']);
  });

  it('requires SECRETS_KEY from the environment instead of shipping one', () => {
    expect(String(services.extractor.environment?.SECRETS_KEY)).toMatch(/^\$\{SECRETS_KEY:\?/);
  });

  it('gives the internet-facing events-gateway no SECRETS_KEY (it holds no secret)', () => {
    expect(services['events-gateway'].environment).toMatchObject({ DATABASE_URL: expect.any(String), SERVICE_NAME: 'events-gateway' });
    expect(services['events-gateway'].environment?.SECRETS_KEY).toBeUndefined();
  });

  it('publishes host ports on 127.0.0.1 only', () => {
    const ports = Object.values(services).flatMap((s) => s.ports ?? []);
    expect(ports.length).toBeGreaterThan(0);
    for (const port of ports) expect(port).toMatch(/^127\.0\.0\.1:\d+:\d+$/);
  });

  it('offers both simulators behind the `simulators` profile, run from TypeScript with @swc-node/register', () => {
    for (const sim of ['oneroster-sim', 'canvas-sim']) {
      expect(services[sim].profiles).toEqual(['simulators']);
      expect(services[sim].command?.slice(0, 3)).toEqual(['node', '-r', '@swc-node/register']);
    }
  });
});
