import { startCanvasSimulator, type CanvasSimulator } from '../index';
import { api, csv, importAndWait, zipOf } from '../testing/test-kit';

/**
 * The REST list endpoints the project and its tests call, pinned to what ../shared/docs/canvas.md documents:
 * courses `state[]` (created, claimed, available, completed, deleted, all; default all but deleted), enrollments
 * `state[]` (active, invited, … ; default active and invited; the `current_and_*` groups on user queries) and
 * `type[]`, users `search_term`, and paging by `per_page` (default 10, 1..100) with `Link` rels.
 */
const T = 'tok-acme';
const ids = (body: { sis_course_id?: string; sis_user_id?: string }[]) => body.map((x) => x.sis_course_id ?? x.sis_user_id).sort();

describe('Canvas simulator list endpoints, as docs/canvas.md describes them', () => {
  let sim: CanvasSimulator;

  beforeAll(async () => {
    sim = await startCanvasSimulator({ rootAccounts: [{ key: 'acme', tokens: [T] }], throttle: false });
    const users = Array.from({ length: 23 }, (_, i) => `U${String(i + 1).padStart(2, '0')},u${i + 1}@x.org,Student,Number${i + 1},active`);
    await importAndWait(sim, 'acme', T, zipOf({
      'courses.csv': csv('course_id,short_name,long_name,status',
        'UNPUB,U,Unpublished,active', 'PUB,P,Published,published', 'DONE,D,Concluded,completed', 'GONE,G,Deleted,deleted'),
      'sections.csv': csv('section_id,course_id,name,status', 'S1,PUB,Period 1,active'),
      'users.csv': csv('user_id,login_id,first_name,last_name,status', ...users, 'ADA,ada@x.org,Ada,Lovelace,active', 'TCH,tch@x.org,Tim,Teach,active'),
      'enrollments.csv': csv('course_id,user_id,role,section_id,status',
        'PUB,ADA,student,S1,active', 'PUB,U01,student,S1,inactive', 'PUB,U02,student,S1,completed', 'PUB,U03,student,S1,deleted',
        'PUB,TCH,teacher,S1,active'),
    }));
  });
  afterAll(() => sim.close());

  const courses = async (query: string) => ids((await api(sim, T, `/api/v1/accounts/self/courses?per_page=100${query}`)).body);

  it.each([
    ['no state[]: every course but deleted', '', ['DONE', 'PUB', 'UNPUB']],
    ['created (unpublished)', '&state[]=created', ['UNPUB']],
    ['claimed (unpublished)', '&state[]=claimed', ['UNPUB']],
    ['available (published)', '&state[]=available', ['PUB']],
    ['completed', '&state[]=completed', ['DONE']],
    ['deleted', '&state[]=deleted', ['GONE']],
    ['several', '&state[]=available&state[]=completed', ['DONE', 'PUB']],
    ['all', '&state[]=all', ['DONE', 'GONE', 'PUB', 'UNPUB']],
  ])('courses state[] %s', async (_what, query, expected) => {
    expect(await courses(query)).toEqual(expected);
  });

  const enrollments = async (path: string, query: string) =>
    ((await api(sim, T, `${path}?per_page=100${query}`)).body as { sis_user_id: string; enrollment_state: string }[])
      .map((e) => `${e.sis_user_id}:${e.enrollment_state}`).sort();

  it.each([
    ['no state[]: active and invited', '', ['ADA:active', 'TCH:active']],
    ['inactive', '&state[]=inactive', ['U01:inactive']],
    ['completed', '&state[]=completed', ['U02:completed']],
    ['deleted', '&state[]=deleted', ['U03:deleted']],
    ['active and completed', '&state[]=active&state[]=completed', ['ADA:active', 'TCH:active', 'U02:completed']],
    ['type[] StudentEnrollment', '&type[]=StudentEnrollment', ['ADA:active']],
    ['type[] TeacherEnrollment', '&type[]=TeacherEnrollment', ['TCH:active']],
  ])('course enrollments %s', async (_what, query, expected) => {
    expect(await enrollments('/api/v1/courses/sis_course_id:PUB/enrollments', query)).toEqual(expected);
  });

  it.each([
    ['current_and_concluded', 'U02', ['U02:completed']],
    ['current_and_invited', 'ADA', ['ADA:active']],
  ])('user enrollments state[]=%s', async (state, user, expected) => {
    expect(await enrollments(`/api/v1/users/sis_user_id:${user}/enrollments`, `&state[]=${state}`)).toEqual(expected);
  });

  it('users search_term matches name, login or SIS id, case-insensitively', async () => {
    const search = async (term: string) => ids((await api(sim, T, `/api/v1/accounts/self/users?per_page=100&search_term=${encodeURIComponent(term)}`)).body);
    expect(await search('lovelace')).toEqual(['ADA']);
    expect(await search('TCH@X')).toEqual(['TCH']);
    expect(await search('number2')).toEqual(['U02', 'U20', 'U21', 'U22', 'U23']);
  });

  it('pages 10 by default, per_page clamped to 1..100, following Link rel="next" until it is absent', async () => {
    const first = await api(sim, T, '/api/v1/accounts/self/users');
    expect(first.body).toHaveLength(10);
    const seen: string[] = [];
    let url: string | undefined = '/api/v1/accounts/self/users?per_page=7';
    let pages = 0;
    while (url) {
      const page = await api(sim, T, url.replace(sim.baseUrl, ''));
      seen.push(...(page.body as { sis_user_id: string }[]).map((u) => u.sis_user_id));
      const link = page.headers.get('link') ?? '';
      expect(link).toContain('rel="current"');
      expect(link).toContain('rel="first"');
      url = /<([^>]+)>; rel="next"/.exec(link)?.[1];
      pages++;
    }
    expect(pages).toBe(4); // 25 users, 7 per page
    expect(new Set(seen).size).toBe(25);
    expect((await api(sim, T, '/api/v1/accounts/self/users?per_page=500')).body).toHaveLength(25);
    expect((await api(sim, T, '/api/v1/accounts/self/users?per_page=0')).body).toHaveLength(1);
  });
});
