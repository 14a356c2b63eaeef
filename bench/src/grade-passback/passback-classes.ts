import { CanvasHttpClient, SisImportClient, SisImportZipWriter } from '@rp/canvas';
import { type District, generateDistrict } from '@rp/fixtures';
import { lineItemSourcedId } from '@rp/mapping';
import type { CanvasSimulator } from '@rp/sim-canvas';
import type { PlanClass } from './grading-plan';
import { PASSBACK_CATEGORY, PASSBACK_DISTRICT, type PassbackTenant } from './passback.environment';

/** Points every benchmark assignment is worth. */
export const POINTS_POSSIBLE = 20;

/** A class picked for grading, with the due date that puts its assignments in a grading period of its school. */
export interface BenchClass extends PlanClass {
  teacher: string;
  dueAt: string;
}

/**
 * Up to `count` active classes that have the benchmark's IC category, most students first, each with an active
 * teacher and its active students.
 */
export function pickClasses(tenant: string, district: District, count: number): BenchClass[] {
  const byClass = new Map<string, { teacher?: string; students: string[] }>();
  for (const e of district.enrollments) {
    if (e.status !== 'active') continue;
    const entry = byClass.get(e.classSourcedId) ?? { students: [] };
    byClass.set(e.classSourcedId, entry);
    if (e.role === 'student') entry.students.push(e.userSourcedId);
    else if (e.role === 'teacher') entry.teacher ??= e.userSourcedId;
  }
  const withCategory = new Set(district.categories.filter((c) => c.title === PASSBACK_CATEGORY).map((c) => c.classSourcedId));
  const picked = district.classes
    .filter((c) => c.status === 'active' && withCategory.has(c.sourcedId) && byClass.get(c.sourcedId)?.teacher && byClass.get(c.sourcedId)!.students.length > 0)
    .sort((a, b) => byClass.get(b.sourcedId)!.students.length - byClass.get(a.sourcedId)!.students.length)
    .slice(0, count);
  if (picked.length === 0) throw new Error(`tenant ${tenant}: the generated district has no active class with a "${PASSBACK_CATEGORY}" category and students`);
  return picked.map((c) => ({
    tenant, classSourcedId: c.sourcedId, teacher: byClass.get(c.sourcedId)!.teacher!, students: byClass.get(c.sourcedId)!.students,
    dueAt: dueDateIn(district, c.schoolSourcedId),
  }));
}

/**
 * The benchmark's district (PASSBACK_DISTRICT), grown in whole multiples of it (same seed, same proportions: ~25
 * students per class) until it has `classes` classes `pickClasses` can grade: only about one class in four has the
 * benchmark's category, so `--classes 30` used to get 4 classes with 9 assignments each, not 30 classes.
 */
export function districtWithClasses(seed: number, classes: number, maxFactor = 32): District {
  for (let factor = 1; ; factor++) {
    const size = { ...PASSBACK_DISTRICT, students: PASSBACK_DISTRICT.students * factor, staff: PASSBACK_DISTRICT.staff * factor,
      classes: PASSBACK_DISTRICT.classes * factor, studentEnrollments: PASSBACK_DISTRICT.studentEnrollments * factor };
    const district = generateDistrict({ seed, size });
    if (factor >= maxFactor || pickClasses('size-check', district, classes).length >= classes) return district;
  }
}

/** Five days into the school's first grading period, 18:00 UTC (IC derives the grading period from the due date). */
function dueDateIn(district: District, schoolSourcedId: string): string {
  const period = district.academicSessions
    .filter((s) => s.type === 'gradingPeriod' && s.schoolSourcedId === schoolSourcedId && s.status !== 'tobedeleted')
    .sort((a, b) => a.startDate.localeCompare(b.startDate))[0];
  if (!period) throw new Error(`school ${schoolSourcedId} has no grading period`);
  return new Date(Date.parse(`${period.startDate.slice(0, 10)}T18:00:00Z`) + 5 * 86_400_000).toISOString().replace('.000Z', 'Z');
}

/**
 * Puts the classes into the tenant's Canvas root account through one real SIS import written with the product's
 * zip writer, as the loader would: course and section SIS id = class sourcedId, user SIS id = user sourcedId.
 */
export async function provisionInCanvas(canvas: CanvasSimulator, tenant: PassbackTenant, classes: readonly BenchClass[]): Promise<void> {
  const users = new Map(tenant.district.users.map((u) => [u.sourcedId, u]));
  const klasses = new Map(tenant.district.classes.map((c) => [c.sourcedId, c]));
  const zip = await SisImportZipWriter.create();
  try {
    for (const c of classes) {
      const k = klasses.get(c.classSourcedId)!;
      await zip.write('courses', { course_id: k.sourcedId, short_name: k.classCode, long_name: k.title, status: 'active' });
      await zip.write('sections', { section_id: k.sourcedId, course_id: k.sourcedId, name: k.title, status: 'active' });
    }
    const people = new Set(classes.flatMap((c) => [c.teacher, ...c.students]));
    for (const id of people) {
      const u = users.get(id)!;
      await zip.write('users', { user_id: id, login_id: u.username, first_name: u.givenName, last_name: u.familyName, status: 'active' });
    }
    for (const c of classes) {
      for (const id of [c.teacher, ...c.students]) {
        await zip.write('enrollments', { course_id: c.classSourcedId, section_id: c.classSourcedId, user_id: id, role: id === c.teacher ? 'teacher' : 'student', status: 'active' });
      }
    }
    const archive = await zip.finish();
    const client = new SisImportClient(new CanvasHttpClient({ baseUrl: canvas.baseUrl, token: tenant.canvasToken }), { polling: { initialDelayMs: 20, maxDelayMs: 200 } });
    const outcome = await client.importZip('self', archive.path);
    if (!outcome.succeeded) throw new Error(`tenant ${tenant.id}: SIS import of the benchmark classes failed (${outcome.state}): ${JSON.stringify(outcome.errors)}`);
  } finally {
    await zip.dispose();
  }
}

/** A Canvas assignment made for the benchmark and the IC lineItem it becomes. */
export interface BenchAssignment {
  tenant: string;
  classSourcedId: string;
  index: number;
  canvasId: number;
  lineItemSourcedId: string;
}

/** `perClass` "Sync to SIS" assignments in each class, in a group named after the IC category (each emits Live Events). */
export function createAssignments(canvas: CanvasSimulator, classes: readonly BenchClass[], perClass: number): BenchAssignment[] {
  const out: BenchAssignment[] = [];
  for (const c of classes) {
    const teacher = canvas.admin.account(c.tenant);
    const course = `sis_course_id:${c.classSourcedId}`;
    const group = teacher.createAssignmentGroup(course, { name: PASSBACK_CATEGORY });
    for (let index = 0; index < perClass; index++) {
      const a = teacher.createAssignment(course, {
        name: `Bench test ${index + 1}`, pointsPossible: POINTS_POSSIBLE, dueAt: c.dueAt, postToSis: true, assignmentGroupId: group.id,
      });
      out.push({ tenant: c.tenant, classSourcedId: c.classSourcedId, index, canvasId: a.id, lineItemSourcedId: lineItemSourcedId(c.tenant, String(a.id)) });
    }
  }
  return out;
}
