import { CanvasHttpClient, SisImportClient, SisImportZipWriter } from '@rp/canvas';
import type { ClassRecord, District } from '@rp/fixtures';

/** A class provisioned straight into Canvas: its course and section carry the class sourcedId. */
export interface CanvasClass {
  klass: ClassRecord;
  teacher: string;
  students: string[];
}

/**
 * Provisions IC classes into the Canvas simulator in one SIS import built with the product's zip writer — course
 * and section SIS id = class sourcedId, user SIS id = OneRoster user sourcedId, as the loader would — without
 * running the whole provisioning pipeline (for passback tests that need many classes quickly). At most
 * `maxStudents` active students per class.
 */
export async function provisionCanvasClasses(
  district: District, canvas: { baseUrl: string; token: string }, classIds: string[], maxStudents = Number.POSITIVE_INFINITY,
): Promise<CanvasClass[]> {
  const users = new Map(district.users.map((u) => [u.sourcedId, u]));
  const classes = classIds.map((id) => {
    const klass = district.classes.find((c) => c.sourcedId === id)!;
    const active = district.enrollments.filter((e) => e.classSourcedId === id && e.status === 'active');
    const teacher = active.find((e) => e.role === 'teacher')!.userSourcedId;
    return { klass, teacher, students: active.filter((e) => e.role === 'student').map((e) => e.userSourcedId).slice(0, maxStudents) };
  });
  const zip = await SisImportZipWriter.create();
  try {
    for (const { klass } of classes) {
      await zip.write('courses', { course_id: klass.sourcedId, short_name: klass.classCode, long_name: klass.title, status: 'active' });
      await zip.write('sections', { section_id: klass.sourcedId, course_id: klass.sourcedId, name: klass.title, status: 'active' });
    }
    for (const id of new Set(classes.flatMap((c) => [c.teacher, ...c.students]))) {
      const u = users.get(id)!;
      await zip.write('users', { user_id: id, login_id: u.username, first_name: u.givenName, last_name: u.familyName, status: 'active' });
    }
    for (const c of classes) {
      for (const id of [c.teacher, ...c.students]) {
        await zip.write('enrollments', {
          course_id: c.klass.sourcedId, section_id: c.klass.sourcedId, user_id: id, role: id === c.teacher ? 'teacher' : 'student', status: 'active',
        });
      }
    }
    const archive = await zip.finish();
    const client = new SisImportClient(new CanvasHttpClient({ baseUrl: canvas.baseUrl, token: canvas.token }), { polling: { initialDelayMs: 20, maxDelayMs: 200 } });
    const outcome = await client.importZip('self', archive.path);
    if (!outcome.succeeded) throw new Error(`SIS import failed (${outcome.state}): ${JSON.stringify(outcome.errors)}`);
  } finally {
    await zip.dispose();
  }
  return classes;
}
