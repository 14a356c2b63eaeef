import type {
  AcademicSessionRecord, ClassRecord, District, EnrollmentRecord, OrgRecord, UserRecord,
} from '@rp/fixtures';
import type { CanvasView } from './canvas-view';

/**
 * The Canvas a tenant with DEFAULT mapping settings must end up with, computed independently of @rp/mapping
 * from DESIGN.md §4 and docs/adr/0005 (written here in the simplest code that states the rules):
 * - the district is the root account; each school is a sub-account (account_id = sourcedId);
 * - schoolYear/semester/term sessions are terms (grading periods are not); Canvas end = day before the
 *   exclusive OneRoster endDate;
 * - a class is a course + one section (ids = class sourcedId), unpublished, in its school's sub-account and in
 *   the nearest term holding all its sessions; short name = classCode, long/section name = class title;
 * - users: user_id = sourcedId, login = username, preferred first name when present, enabledUser=false →
 *   suspended; guardians only when observers are on;
 * - enrollments keyed section:user:role; student→student, teacher→teacher, aide/proctor→ta, administrator
 *   skipped; a tobedeleted/ended enrollment or a tobedeleted user/class is not active (drop policy);
 * - observers (setting `observers.enabled`): guardian/parent → each student among its agents.
 */
export interface RosterSnapshot {
  orgs: OrgRecord[];
  academicSessions: AcademicSessionRecord[];
  classes: ClassRecord[];
  users: UserRecord[];
  enrollments: EnrollmentRecord[];
}

export interface ExpectationOptions {
  observers?: boolean;
  /** Today, for ended enrollments (UTC calendar date; tenants use the default time zone). */
  now?: Date;
  /** Records the pipeline must have refused (dead-lettered): treated as never received. */
  refused?: ReadonlySet<string>;
}

const TERM_TYPES = ['schoolYear', 'semester', 'term'];
const OBSERVER_ROLES = ['guardian', 'parent', 'relative'];

const dayBefore = (date: string): string => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
};

/** The snapshot of a generated district or of the OneRoster simulator's current store. */
export function rosterOf(source: District | { all(kind: string): unknown[] }): RosterSnapshot {
  if ('orgs' in source) return source;
  const all = <T>(kind: string) => source.all(kind) as T[];
  return {
    orgs: all('orgs'), academicSessions: all('academicSessions'), classes: all('classes'),
    users: all('users'), enrollments: all('enrollments'),
  };
}

export function expectedCanvas(roster: RosterSnapshot, options: ExpectationOptions = {}): CanvasView {
  const refused = options.refused ?? new Set<string>();
  const today = (options.now ?? new Date()).toISOString().slice(0, 10);
  const present = <T extends { sourcedId: string }>(rows: T[]) => rows.filter((r) => !refused.has(r.sourcedId));
  const sessions = new Map(present(roster.academicSessions).map((s) => [s.sourcedId, s]));
  const users = new Map(present(roster.users).map((u) => [u.sourcedId, u]));
  const classes = new Map(present(roster.classes).map((c) => [c.sourcedId, c]));
  const view: CanvasView = { accounts: {}, terms: {}, courses: {}, sections: {}, users: {}, enrollments: {}, observers: [] };

  for (const org of present(roster.orgs)) {
    if (org.type === 'school' && org.status === 'active') view.accounts[org.sourcedId] = { parent: '', name: org.name };
  }
  for (const s of sessions.values()) {
    if (TERM_TYPES.includes(s.type) && s.status === 'active') {
      view.terms[s.sourcedId] = { name: s.title, start: s.startDate, end: dayBefore(s.endDate) };
    }
  }
  for (const c of classes.values()) {
    if (c.status !== 'active') continue;
    view.courses[c.sourcedId] = {
      name: c.title, code: c.classCode || c.title, account: c.schoolSourcedId, term: termOfClass(c, sessions), state: 'claimed',
    };
    view.sections[c.sourcedId] = { name: c.title, course: c.sourcedId };
  }
  const isObserverOnly = (u: UserRecord) => u.roles.length > 0 && u.roles.every((r) => OBSERVER_ROLES.includes(r.role));
  const provisioned = (u: UserRecord) => !isObserverOnly(u) || !!options.observers;
  for (const u of users.values()) {
    if (u.status !== 'active' || !provisioned(u)) continue;
    view.users[u.sourcedId] = {
      login: u.username.trim(),
      name: `${u.preferredFirstName?.trim() || u.givenName} ${u.familyName}`.trim(),
      email: u.email?.trim() || null,
      state: u.enabledUser ? 'active' : 'suspended',
    };
  }
  for (const e of present(roster.enrollments)) {
    const role = ({ student: 'student', teacher: 'teacher', aide: 'ta', proctor: 'ta' } as Record<string, string>)[e.role];
    const user = users.get(e.userSourcedId);
    const cls = classes.get(e.classSourcedId);
    if (!role || !user || !cls || !provisioned(user)) continue;
    const active = e.status === 'active' && user.status === 'active' && cls.status === 'active' && today < e.endDate;
    if (active) view.enrollments[`${cls.sourcedId}:${user.sourcedId}:${role}`] = { course: cls.sourcedId, state: 'active' };
  }
  if (options.observers) {
    for (const g of users.values()) {
      if (!g.roles.some((r) => OBSERVER_ROLES.includes(r.role))) continue;
      for (const studentId of g.agentSourcedIds) {
        const student = users.get(studentId);
        if (!student || !student.roles.some((r) => r.role === 'student')) continue;
        if (g.status === 'active' && student.status === 'active') view.observers.push(`${g.sourcedId}:${student.sourcedId}`);
      }
    }
  }
  return view;
}

/** The session itself or its nearest ancestor that is a Canvas term type. */
function termChain(id: string, sessions: Map<string, AcademicSessionRecord>): AcademicSessionRecord[] {
  const chain: AcademicSessionRecord[] = [];
  for (let s = sessions.get(id); s; s = s.parentSourcedId ? sessions.get(s.parentSourcedId) : undefined) {
    if (TERM_TYPES.includes(s.type)) chain.push(s);
  }
  return chain;
}

/** One session → its term; several → the nearest term containing all of them (e.g. S1 + S2 → the year), else the earliest. */
function termOfClass(c: ClassRecord, sessions: Map<string, AcademicSessionRecord>): string {
  const chains = [...new Set(c.termSourcedIds)].map((id) => termChain(id, sessions)).filter((ch) => ch.length > 0);
  const nearest = [...new Set(chains.map((ch) => ch[0].sourcedId))];
  if (nearest.length === 1) return nearest[0];
  const common = chains[0].find((s) => chains.every((ch) => ch.some((o) => o.sourcedId === s.sourcedId)));
  if (common) return common.sourcedId;
  return chains.map((ch) => ch[0]).sort((a, b) => a.startDate.localeCompare(b.startDate))[0].sourcedId;
}
