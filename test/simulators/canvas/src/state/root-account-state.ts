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
  sisImportsEnabled: boolean;
  webhookUrl: string | undefined;

  private counters = new Map<Table, number>();
  accounts = new Map<number, Account>();
  terms = new Map<number, Term>();
  courses = new Map<number, Course>();
  sections = new Map<number, Section>();
  users = new Map<number, User>();
  enrollments = new Map<number, Enrollment>();
  observerLinks: ObserverLink[] = [];
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
    this.tokens = new Set(config.tokens);
    this.sisImportsEnabled = config.sisImportsEnabled ?? true;
    this.webhookUrl = config.webhookUrl;
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
    for (const row of table.values()) if (row.sisId === sisId) return row;
    return undefined;
  }

  byIntegration<T extends { integrationId: string | null }>(table: Map<number, T>, id: string): T | undefined {
    for (const row of table.values()) if (row.integrationId === id) return row;
    return undefined;
  }

  userByLogin(loginId: string): User | undefined {
    const wanted = loginId.toLowerCase();
    for (const user of this.users.values()) {
      if (user.loginState !== 'deleted' && user.loginId.toLowerCase() === wanted) return user;
    }
    return undefined;
  }

  /** The course's default section, created on first need like Canvas does. */
  defaultSectionOf(course: Course): Section {
    for (const s of this.sections.values()) if (s.courseId === course.id && s.defaultSection) return s;
    const at = this.now();
    const section: Section = {
      id: this.nextId('section'), sisId: null, integrationId: null, stuck: new Set(), sisImportId: null,
      createdAt: at, updatedAt: at, name: course.name, courseId: course.id, nonxlistCourseId: null,
      defaultSection: true, workflowState: 'active', startAt: null, endAt: null,
    };
    this.sections.set(section.id, section);
    return section;
  }

  enrollmentsOf(filter: (e: Enrollment) => boolean): Enrollment[] {
    return [...this.enrollments.values()].filter(filter);
  }
}
