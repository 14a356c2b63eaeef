import { CanvasHttpClient, SisImportClient, SisImportZipWriter } from '@rp/canvas';
import type { ClassRecord, District } from '@rp/fixtures';

export interface ProvisionedClass {
  klass: ClassRecord;
  teacher: string;
  students: string[];
  /** Students enrolled in the class in IC but dropped (deleted) in Canvas. */
  dropped: string[];
  /** Students enrolled in the class in IC whose Canvas users exist but whose enrollments have not been imported yet. */
  withheld: string[];
}

/**
 * Test support: provisions one IC class into the Canvas simulator through a real SIS import built with the product's
 * zip writer — course and section SIS id = class sourcedId, user SIS id = OneRoster user sourcedId — so the gradebook
 * sees exactly what the loader would have produced. `dropCount` students are imported as deleted enrollments;
 * `withheldCount` students (the first ones) as users without their enrollment (it has not reached Canvas yet).
 */
export async function provisionClass(
  district: District, canvas: { baseUrl: string; token: string }, classSourcedId: string, dropCount = 1, withheldCount = 0,
): Promise<ProvisionedClass> {
  const klass = district.classes.find((c) => c.sourcedId === classSourcedId)!;
  const enrollments = district.enrollments.filter((e) => e.classSourcedId === classSourcedId && e.status === 'active');
  const teacher = enrollments.find((e) => e.role === 'teacher')!.userSourcedId;
  const studentIds = enrollments.filter((e) => e.role === 'student').map((e) => e.userSourcedId);
  const dropped = studentIds.slice(studentIds.length - dropCount);
  const withheld = studentIds.slice(0, withheldCount);
  const users = new Map(district.users.map((u) => [u.sourcedId, u]));
  const zip = await SisImportZipWriter.create();
  try {
    await zip.write('courses', { course_id: klass.sourcedId, short_name: klass.classCode, long_name: klass.title, status: 'active' });
    await zip.write('sections', { section_id: klass.sourcedId, course_id: klass.sourcedId, name: klass.title, status: 'active' });
    for (const id of [teacher, ...studentIds]) {
      const u = users.get(id)!;
      await zip.write('users', { user_id: id, login_id: u.username, first_name: u.givenName, last_name: u.familyName, status: 'active' });
    }
    for (const id of [teacher, ...studentIds].filter((s) => !withheld.includes(s))) {
      await zip.write('enrollments', {
        course_id: klass.sourcedId, section_id: klass.sourcedId, user_id: id, role: id === teacher ? 'teacher' : 'student',
        status: dropped.includes(id) ? 'deleted' : 'active',
      });
    }
    const archive = await zip.finish();
    const client = new SisImportClient(new CanvasHttpClient({ baseUrl: canvas.baseUrl, token: canvas.token }), { polling: { initialDelayMs: 20, maxDelayMs: 100 } });
    const outcome = await client.importZip('self', archive.path);
    if (!outcome.succeeded) throw new Error(`SIS import failed (${outcome.state}): ${JSON.stringify(outcome.errors)}`);
  } finally {
    await zip.dispose();
  }
  return { klass, teacher, students: studentIds.filter((s) => !dropped.includes(s) && !withheld.includes(s)), dropped, withheld };
}
