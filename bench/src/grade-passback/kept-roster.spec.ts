import { Type } from 'avsc';
import { generateDistrict } from '@rp/fixtures';
import { resolveTenantMappingSettings } from '@rp/mapping';
import { canvasKey, platformTopics } from '@rp/messaging';
import { startOneRosterSimulator, type OneRosterSimulator } from '@rp/sim-oneroster';
import type { DistrictRecords } from '../mapping-csv/indexed-projection-context';
import { canvasCallsByKind, differencesFromProvisioned, rosterModeOf, rosterProjections, rosterRecordsByTopic } from './kept-roster';
import { pickClasses } from './passback-classes';
import { PASSBACK_DISTRICT } from './passback.environment';
import { pulledRecords } from './roster-publisher';

const TENANT = 'pb1';
const NOW = new Date('2026-12-07T12:00:00Z');

describe('grade-passback kept roster: what the transformer would have published before grades flow', () => {
  const district = generateDistrict({ seed: 100, size: PASSBACK_DISTRICT });
  const classes = pickClasses(TENANT, district, 3);
  const picked = new Set(classes.map((c) => c.classSourcedId));
  let sim: OneRosterSimulator;
  let records: DistrictRecords;

  beforeAll(async () => {
    sim = await startOneRosterSimulator({ district });
    records = await pulledRecords({ id: TENANT, ic: sim });
  });
  afterAll(() => sim.close());

  it('projects the picked classes into courses, sections and student/teacher enrollments that match the SIS import into Canvas', () => {
    const projections = rosterProjections(TENANT, records, picked, resolveTenantMappingSettings(TENANT, {}), NOW);
    expect(new Set(projections.map((p) => p.type))).toEqual(new Set(['course', 'section', 'enrollment']));
    expect(projections.filter((p) => p.type === 'course').map((p) => p.sisId).sort()).toEqual([...picked].sort());
    expect(differencesFromProvisioned(projections, classes)).toEqual([]);
    const students = classes.reduce((n, c) => n + c.students.length, 0);
    expect(projections.filter((p) => p.type === 'enrollment').length).toBeGreaterThanOrEqual(students + classes.length); // + a teacher each
  });

  it('leaves out the classes not graded: a roster of other classes is not what the benchmark provisioned', () => {
    const [one] = classes;
    const projections = rosterProjections(TENANT, records, new Set([one.classSourcedId]), resolveTenantMappingSettings(TENANT, {}), NOW);
    expect(differencesFromProvisioned(projections, [one])).toEqual([]);
    expect(differencesFromProvisioned(projections, classes)).toEqual(expect.arrayContaining([`course ${classes[1].classSourcedId}`, `student ${classes[1].students[0]} in ${classes[1].classSourcedId}`]));
  });

  it('publishes CanvasEntityChange values of the Avro contract under the transformer\'s keys, one topic per kind', () => {
    const projections = rosterProjections(TENANT, records, picked, resolveTenantMappingSettings(TENANT, {}), NOW);
    const byTopic = rosterRecordsByTopic(TENANT, projections, 'run-1');
    expect([...byTopic.keys()].sort()).toEqual(['canvas.courses', 'canvas.enrollments', 'canvas.sections']);
    const schema = Type.forSchema(platformTopics().find((d) => d.name === 'canvas.enrollments')!.valueSchema as never);
    for (const [, list] of byTopic) {
      for (const record of list) {
        expect(schema.isValid(record.value)).toBe(true);
        expect(record.key).toBe(canvasKey(TENANT, record.value!.canvasType, record.value!.sisId));
        expect(record).toMatchObject({ tenant: TENANT, syncRun: 'run-1', op: 'upsert' });
      }
    }
    const enrollment = byTopic.get('canvas.enrollments')!.find((r) => r.value!.row.user_id === classes[0].students[0])!.value!;
    expect(enrollment).toMatchObject({
      tenant: TENANT, canvasType: 'enrollment', op: 'upsert',
      row: { course_id: classes[0].classSourcedId, section_id: classes[0].classSourcedId, user_id: classes[0].students[0], role: 'student', status: 'active' },
    });
    expect(enrollment.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(enrollment.sources.length).toBeGreaterThan(0);
  });

  it.each([
    [{}, 'warm'],
    [{ roster: 'warm' }, 'warm'],
    [{ roster: 'cold' }, 'cold'],
  ])('--roster %j → %s', (flags, mode) => expect(rosterModeOf(flags as Record<string, string>)).toBe(mode));

  it('refuses any other --roster', () => expect(() => rosterModeOf({ roster: 'hot' })).toThrow('--roster must be one of warm, cold; got "hot"'));
});

describe('Canvas calls by kind', () => {
  it('sorts the simulator\'s endpoints into enrollment listings, submission listings, single reads and the rest', () => {
    expect(canvasCallsByKind({
      'GET /api/v1/courses/:id/enrollments': 30,
      'GET /api/v1/sections/:id/enrollments': 2,
      'GET /api/v1/courses/:course_id/assignments/:id/submissions': 56,
      'GET /api/v1/courses/:course_id/students/submissions': 3,
      'GET /api/v1/courses/:course_id/assignments/:id/submissions/:user_id': 15,
      'GET /api/v1/courses/:id': 4,
      'GET /api/v1/courses/:course_id/assignment_groups': 1,
      'PUT /api/v1/courses/:course_id/assignments/:id': 2,
    })).toEqual({ enrollmentListings: 32, submissionListings: 59, singleReads: 19, others: 3 });
  });
});
