import { CanvasHttpClient } from '../http/canvas-http.client';
import { sisId } from '../http/sis-id';
import { FakeClock } from '../testing/fake-clock';
import { json, scriptedFetch } from '../testing/scripted-fetch';
import { CanvasRestClient } from './canvas-rest.client';

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

function rest(respond: (url: URL) => Response) {
  const script = scriptedFetch(respond);
  const client = new CanvasRestClient(new CanvasHttpClient({ baseUrl: 'https://canvas.test/', token: 't', fetch: script.fetch, clock: new FakeClock() }));
  return { client, urls: () => script.requests.map((r) => decodeURIComponent(r.url.replace('https://canvas.test', ''))), raw: script.requests };
}

describe('CanvasRestClient reads', () => {
  it('addresses objects by encoded SIS id', async () => {
    const { client, raw } = rest(() => json({ id: 7, name: 'Algebra' }));
    await client.getCourse(sisId('course', 'CS/101.11é'));
    await client.getUser(sisId('user', 'S-1'));
    await client.getSection(sisId('section', 'P 1'));
    expect(raw.map((r) => r.url)).toEqual([
      'https://canvas.test/api/v1/courses/sis_course_id:CS%2F101%2E11%C3%A9',
      'https://canvas.test/api/v1/users/sis_user_id:S-1',
      'https://canvas.test/api/v1/sections/sis_section_id:P%201',
    ]);
  });

  it('unwraps terms from enrollment_terms', async () => {
    const { client } = rest(() => json({ enrollment_terms: [{ id: 1, name: 'Fall', sis_term_id: 'T1' }] }));
    expect(await collect(client.listTerms('self'))).toEqual([{ id: 1, name: 'Fall', sis_term_id: 'T1' }]);
  });

  it('reads enrollments with grades per course, section or user', async () => {
    const grades = { current_score: 91.5, final_score: 80, current_grade: 'A-', final_grade: 'B-' };
    const { client, urls } = rest(() => json([{ id: 1, user_id: 5, type: 'StudentEnrollment', grades }]));
    const [enrollment] = await collect(client.listEnrollments({ course: sisId('course', 'C1') }, { 'type[]': ['StudentEnrollment'], 'state[]': ['active', 'completed'] }));
    expect(enrollment.grades).toEqual(grades);
    await collect(client.listEnrollments({ section: 12 }));
    await collect(client.listEnrollments({ user: sisId('user', 'U1') }));
    expect(urls()).toEqual([
      '/api/v1/courses/sis_course_id:C1/enrollments?per_page=100&type[]=StudentEnrollment&state[]=active&state[]=completed',
      '/api/v1/sections/12/enrollments?per_page=100',
      '/api/v1/users/sis_user_id:U1/enrollments?per_page=100',
    ]);
  });

  it('polls submissions graded since a checkpoint for all students', async () => {
    const { client, urls } = rest(() => json([{ id: 9, score: 8, excused: false, posted_at: null }]));
    const subs = await collect(client.listStudentSubmissions(42, { graded_since: '2025-03-01T00:00:00Z', post_to_sis: true, 'include[]': ['assignment'] }));
    expect(subs[0]).toMatchObject({ id: 9, posted_at: null });
    expect(urls()).toEqual(['/api/v1/courses/42/students/submissions?per_page=100&student_ids[]=all&graded_since=2025-03-01T00:00:00Z&post_to_sis=true&include[]=assignment']);
  });

  it('reads accounts, courses, users, assignments, groups and submissions at the documented paths', async () => {
    const { client, urls } = rest(() => json([]));
    await client.getAccount('self');
    await collect(client.listSubAccounts('self'));
    await collect(client.listCourses(1, { enrollment_term_id: 3 }));
    await collect(client.listSections(sisId('course', 'C1')));
    await collect(client.listUsers(1));
    await collect(client.listAssignments(5, { post_to_sis: true }));
    await collect(client.listAssignmentGroups(5, { 'include[]': ['assignments'] }));
    await collect(client.listAssignmentSubmissions(5, 6));
    await client.getSubmission(5, 6, sisId('user', 'U1'));
    expect(urls()).toEqual([
      '/api/v1/accounts/self',
      '/api/v1/accounts/self/sub_accounts?per_page=100&recursive=true',
      '/api/v1/accounts/1/courses?per_page=100&enrollment_term_id=3',
      '/api/v1/courses/sis_course_id:C1/sections?per_page=100',
      '/api/v1/accounts/1/users?per_page=100',
      '/api/v1/courses/5/assignments?per_page=100&post_to_sis=true',
      '/api/v1/courses/5/assignment_groups?per_page=100&include[]=assignments',
      '/api/v1/courses/5/assignments/6/submissions?per_page=100',
      '/api/v1/courses/5/assignments/6/submissions/sis_user_id:U1',
    ]);
  });
});
