import { generateDistrict } from '@rp/fixtures';
import { createProjectionContext, projectionHash, resolveTenantMappingSettings } from '@rp/mapping';
import { startOneRosterSimulator, type OneRosterSimulator } from '@rp/sim-oneroster';
import { PULL_ORDER, pullCollection, simulatorClient } from '../common/oneroster-pull';
import { districtSizeFor } from '../common/district-scale';
import { projectDistrict, writeSisZip } from './district-projection';
import { DistrictRecords, indexedProjectionContext } from './indexed-projection-context';

/** The mapping benchmark's own pieces over a small generated district pulled from the simulator. */
describe('projecting a whole district for the mapping benchmark', () => {
  let sim: OneRosterSimulator;
  const records: DistrictRecords = { orgs: [], academicSessions: [], courses: [], classes: [], users: [], enrollments: [] };
  const now = new Date('2026-10-01T12:00:00Z');
  const settings = resolveTenantMappingSettings('bench', {});

  beforeAll(async () => {
    sim = await startOneRosterSimulator({ district: generateDistrict({ seed: 3, size: districtSizeFor('300') }) });
    const lists: Record<string, unknown[]> = {
      org: records.orgs, academicSession: records.academicSessions, course: records.courses,
      class: records.classes, user: records.users, enrollment: records.enrollments,
    };
    const client = simulatorClient(sim, 500);
    for (const step of PULL_ORDER) {
      const stats = await pullCollection(client, step, (r) => lists[step.kind].push(r));
      expect(stats).toMatchObject({ invalid: 0, records: lists[step.kind].length });
    }
  }, 60_000);
  afterAll(() => sim.close());

  it('pulled every generated record of the rostering collections', () => {
    expect(records.users.length).toBeGreaterThan(300);
    expect(records.enrollments.length).toBeGreaterThan(1_000);
  });

  it('the indexed context gives exactly the projections of @rp/mapping\'s reference context', () => {
    const indexed = projectDistrict(records, indexedProjectionContext('bench', now, records), settings);
    const reference = projectDistrict(records, createProjectionContext('bench', now, records), settings);
    expect(indexed.waiting).toBe(0);
    expect(indexed.projections.map(projectionHash)).toEqual(reference.projections.map(projectionHash));
  });

  it('projects every entity in dependency order with nothing waiting, and zips one Canvas row per projection', async () => {
    const run = projectDistrict(records, indexedProjectionContext('bench', now, records), settings);
    expect(run.entities).toBe(Object.values(records).reduce((n, list) => n + list.length, 0));
    expect(run.waiting).toBe(0);
    expect(run.byType.enrollment).toBeGreaterThan(1_000);
    expect(run.byType.course).toBe(records.classes.length);
    const { zip } = await writeSisZip(run.projections);
    const zipped = Object.fromEntries(zip.files.map((f) => [f.kind, f.rows]));
    expect(zipped).toEqual({
      accounts: run.byType.account, terms: run.byType.term, courses: run.byType.course,
      sections: run.byType.section, users: run.byType.user, enrollments: run.byType.enrollment,
    });
    expect(zip.zipBytes).toBeGreaterThan(0);
    expect(zip.uncompressedBytes).toBeGreaterThan(zip.zipBytes);
  });
});
