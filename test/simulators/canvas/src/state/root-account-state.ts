import { randomBytes, randomUUID } from 'node:crypto';
import type { RootAccountConfig } from '../options';
import type {
  Account,
  Assignment,
  AssignmentGroup,
  Course,
  Enrollment,
  ObserverLink,
  Section,
  Submission,
  Term,
  User,
} from './model';
import type { SisImportRecord } from '../sis-import/import-record';
import type { FaultSwitches } from '../faults';
import { IndexedTable, ListIndex } from './indexed-table';

/** Which enrollments: by user, section and/or course. */
export type EnrollmentScope = Partial<Pick<Enrollment, 'userId' | 'sectionId' | 'courseId'>>;

type Table = 'account' | 'term' | 'course' | 'section' | 'user' | 'enrollment' | 'group' | 'assignment' | 'submission' | 'sisImport' | 'progress';

/**
 * Everything one root account (one district's Canvas) holds. Root accounts never share objects,
 * ids or imports, so tenants are isolated by construction.
 */
export class RootAccountState {
  readonly key: string;
  readonly name: string;
  readonly shard: number;
  readonly uuid: string;
  readonly hostname: string;
  readonly tokens: Set<string>;
  /** Tokens that authenticate but lack the SIS import permission. */
  readonly tokensWithoutSisImport: Set<string>;
  /** `expires_at` per token (absent: the token never expires). */
  readonly tokenExpiresAt: Map<string, string>;
  sisImportsEnabled: boolean;
  webhookUrl: string | undefined;
  /** The subscription's "Sign Payload": off, deliveries are the plain event JSON. */
  signPayload: boolean;

  private counters = new Map<Table, number>();
  accounts = new IndexedTable<Account>(['sisId', 'integrationId']);
  terms = new IndexedTable<Term>(['sisId', 'integrationId']);
  courses = new IndexedTable<Course>(['sisId', 'integrationId', 'uuid']);
  sections = new IndexedTable<Section>(['sisId', 'integrationId', 'courseId']);
  users = new IndexedTable<User>(['sisId', 'integrationId', 'uuid', { field: 'loginId', key: (v) => (typeof v === 'string' ? v.toLowerCase() : v) }]);
  enrollments = new IndexedTable<Enrollment>(['userId', 'sectionId', 'courseId']);
  observerLinks: ObserverLink[] = [];
  private readonly linksByStudent = new ListIndex<ObserverLink, number>((l) => l.studentId);
  assignmentGroups = new Map<number, AssignmentGroup>();
  assignments = new Map<number, Assignment>();
  submissions = new Map<number, Submission>();
  imports = new Map<number, SisImportRecord>();
  /** Last course scores per enrollment, to emit course_grade_change only on change. */
  lastScores = new Map<number, Record<string, number | null>>();
  /** Every import state transition in order, so tests can prove imports never overlapped. */
  importLog: { importId: number; workflowState: string }[] = [];
  faults: FaultSwitches = {};

  constructor(config: RootAccountConfig, private readonly now: () => number) {
    this.key = config.key;
    this.name = config.name ?? config.key;
    this.shard = config.shard ?? 2107;
    this.uuid = randomBytes(20).toString('base64url').slice(0, 40);
    this.hostname = `${config.key}.canvas.local`;
    this.tokensWithoutSisImport = new Set(config.tokensWithoutSisImport ?? []);
    this.tokens = new Set([...config.tokens, ...this.tokensWithoutSisImport]);
    this.tokenExpiresAt = new Map(Object.entries(config.tokenExpiresAt ?? {}));
    this.sisImportsEnabled = config.sisImportsEnabled ?? true;
    this.webhookUrl = config.webhookUrl;
    this.signPayload = config.signPayload ?? true;
    this.seed();
  }

  /** The root account itself (local id 1) and its default term, as in a fresh Canvas. */
  private seed(): void {
    const at = this.now();
    const root: Account = {
      id: this.nextId('account'), sisId: null, integrationId: null, stuck: new Set(), sisImportId: null,
      createdAt: at, updatedAt: at, name: this.name, parentId: null, workflowState: 'active',
    };
    this.accounts.set(root.id, root);
    const term: Term = {
      id: this.nextId('term'), sisId: null, integrationId: null, stuck: new Set(), sisImportId: null,
      createdAt: at, updatedAt: at, name: 'Default Term', startAt: null, endAt: null, workflowState: 'active',
    };
    this.terms.set(term.id, term);
  }

  /** Forget everything (replay tests): same tokens, ids restart at 1. */
  wipe(): void {
    this.counters.clear();
    for (const table of [this.accounts, this.terms, this.courses, this.sections, this.users, this.enrollments,
      this.assignmentGroups, this.assignments, this.submissions, this.imports, this.lastScores] as Map<number, unknown>[]) {
      table.clear();
    }
    this.observerLinks = [];
    this.importLog = [];
    this.seed();
  }

  nextId(table: Table): number {
    const next = (this.counters.get(table) ?? 0) + 1;
    this.counters.set(table, next);
    return next;
  }

  get rootAccount(): Account {
    return this.accounts.get(1)!;
  }
  get defaultTerm(): Term {
    return this.terms.get(1)!;
  }

  /** Canvas global id (shard × 10^13 + local id) as Live Events print it. */
  globalId(localId: number): string {
    return `${this.shard}${String(localId).padStart(13, '0')}`;
  }

  newUuid(): string {
    return randomUUID().replace(/-/g, '') + randomBytes(4).toString('hex');
  }

  bySis<T extends { sisId: string | null }>(table: Map<number, T>, sisId: string): T | undefined {
    if (table instanceof IndexedTable && table.indexes('sisId')) return (table as unknown as IndexedTable<T & { id: number }>).first('sisId', sisId);
    for (const row of table.values()) if (row.sisId === sisId) return row;
    return undefined;
  }

  byIntegration<T extends { integrationId: string | null }>(table: Map<number, T>, id: string): T | undefined {
    if (table instanceof IndexedTable && table.indexes('integrationId')) {
      return (table as unknown as IndexedTable<T & { id: number }>).first('integrationId', id);
    }
    for (const row of table.values()) if (row.integrationId === id) return row;
    return undefined;
  }

  /** The user holding this login (case-insensitive), deleted logins excepted. */
  userByLogin(loginId: string): User | undefined {
    return this.users.where('loginId', loginId).find((user) => user.loginState !== 'deleted');
  }

  /** The observer links whose observee is this student. */
  observerLinksOf(studentId: number): ObserverLink[] {
    return this.linksByStudent.of(this.observerLinks, studentId);
  }

  /** The course's default section, created on first need like Canvas does. */
  defaultSectionOf(course: Course): Section {
    const existing = this.sections.where('courseId', course.id).find((s) => s.defaultSection);
    if (existing) return existing;
    const at = this.now();
    const section: Section = {
      id: this.nextId('section'), sisId: null, integrationId: null, stuck: new Set(), sisImportId: null,
      createdAt: at, updatedAt: at, name: course.name, courseId: course.id, nonxlistCourseId: null,
      defaultSection: true, workflowState: 'active', startAt: null, endAt: null,
    };
    this.sections.set(section.id, section);
    return section;
  }

  /**
   * Enrollments of a user, section or course (at least one given; all given must match), narrowed by `filter`.
   * Looked up by index: the smallest of the named sets is scanned.
   */
  enrollmentsOf(by: EnrollmentScope, filter: (e: Enrollment) => boolean = () => true): Enrollment[] {
    const scopes = (['userId', 'sectionId', 'courseId'] as const).filter((field) => by[field] !== undefined);
    if (scopes.length === 0) throw new Error('enrollmentsOf needs a userId, sectionId or courseId');
    const candidates = scopes.map((field) => this.enrollments.where(field, by[field]!)).reduce((a, b) => (b.length < a.length ? b : a));
    return candidates.filter((e) => scopes.every((field) => e[field] === by[field]) && filter(e));
  }
}
