import { resolveTenantMappingSettings } from '@rp/mapping';
import { type Admin, canvasTopic, ensureTopics, KafkaPublisher, platformTopics } from '@rp/messaging';
import { PULL_ORDER, pullCollection, simulatorClient } from '../common/oneroster-pull';
import { benchKafka, benchSerde, type BenchServices } from '../common/services';
import type { DistrictRecords } from '../mapping-csv/indexed-projection-context';
import { differencesFromProvisioned, ROSTER_TYPES, rosterProjections, rosterRecordsByTopic } from './kept-roster';
import type { BenchClass } from './passback-classes';
import type { PassbackEnvironment, PassbackTenant } from './passback.environment';

/** What was published per tenant (records by kind), for the report. */
export type PublishedRoster = Record<string, Record<string, number>>;

/**
 * Publishes the picked classes' Canvas courses, sections and enrollments to the run's `canvas.*` topics as the
 * transformer would (each tenant's district pulled from its IC and normalised as the extractor does, projected with
 * the tenant's default mapping settings, the same `CanvasEntityChange` values under the same keys). Run before the
 * gradebook starts: the processor rebuilds its kept roster from these topics before it is ready (ADR 0091).
 */
export async function publishKeptRoster(services: BenchServices, env: PassbackEnvironment, classes: readonly BenchClass[], admin: Admin): Promise<PublishedRoster> {
  const defs = platformTopics().filter((d) => ROSTER_TYPES.some((t) => canvasTopic(t) === d.name)).map((d) => ({ ...d, name: `${env.topicPrefix}${d.name}` }));
  await ensureTopics(admin, defs);
  const serde = benchSerde(services.schemaRegistryUrl);
  await serde.registerTopics(defs);
  const publisher = new KafkaPublisher(benchKafka(services.kafkaBrokers, 'bench-grade-passback-roster'), serde);
  await publisher.connect();
  const published: PublishedRoster = {};
  try {
    for (const tenant of env.tenants) {
      const own = new Set(classes.filter((c) => c.tenant === tenant.id).map((c) => c.classSourcedId));
      const projections = rosterProjections(tenant.id, await pulledRecords(tenant), own, resolveTenantMappingSettings(tenant.id, {}), new Date());
      const differences = differencesFromProvisioned(projections, classes.filter((c) => c.tenant === tenant.id));
      // A roster that disagrees with the SIS import in Canvas would measure waiting grades, not passback.
      if (differences.length > 0) throw new Error(`tenant ${tenant.id}: the mapping's roster differs from the classes imported into Canvas (${differences.length}: ${differences.slice(0, 5).join(', ')}…)`);
      published[tenant.id] = {};
      for (const [topic, records] of rosterRecordsByTopic(tenant.id, projections, `bench-roster-${tenant.id}`)) {
        await publisher.publish(`${env.topicPrefix}${topic}`, records);
        published[tenant.id][topic] = records.length;
      }
    }
  } finally {
    await publisher.disconnect();
  }
  return published;
}

/** The tenant's district as the extractor reads it from IC (normalised, validated records). */
export async function pulledRecords(tenant: Pick<PassbackTenant, 'id' | 'ic'>): Promise<DistrictRecords> {
  const records: DistrictRecords = { orgs: [], academicSessions: [], courses: [], classes: [], users: [], enrollments: [] };
  const lists: Record<string, unknown[]> = {
    org: records.orgs, academicSession: records.academicSessions, course: records.courses, class: records.classes, user: records.users, enrollment: records.enrollments,
  };
  const client = simulatorClient({ rosteringUrl: tenant.ic.rosteringUrl, baseUrl: tenant.ic.baseUrl }, 10_000, tenant.id);
  for (const step of PULL_ORDER) await pullCollection(client, step, (r) => lists[step.kind].push(r));
  return records;
}
