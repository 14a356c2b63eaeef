import type {
  AcademicSessionRecord, CategoryRecord, ClassRecord, CourseRecord, District, EnrollmentRecord, OrgRecord, UserRecord,
} from '@rp/fixtures';

export interface RosterTables {
  orgs: OrgRecord;
  academicSessions: AcademicSessionRecord;
  courses: CourseRecord;
  classes: ClassRecord;
  users: UserRecord;
  enrollments: EnrollmentRecord;
  categories: CategoryRecord;
}
export type RosterKind = keyof RosterTables;
export const ROSTER_KINDS: readonly RosterKind[] = ['orgs', 'academicSessions', 'courses', 'classes', 'users', 'enrollments', 'categories'];

/**
 * The provider's data: records by sourcedId in insertion order (the default response order). Secondary indexes
 * and query results are cached per `version`; every mutation bumps it.
 */
export class RosterStore {
  private tables = new Map<RosterKind, Map<string, RosterTables[RosterKind]>>();
  private cache = new Map<string, unknown>();
  version = 0;

  constructor(district?: District) {
    this.load(district);
  }

  load(district?: District): void {
    for (const kind of ROSTER_KINDS) {
      const rows = (district?.[kind] ?? []) as RosterTables[RosterKind][];
      this.tables.set(kind, new Map(rows.map((r) => [r.sourcedId, r])));
    }
    this.touch();
  }

  touch(): void {
    this.version++;
    this.cache.clear();
  }

  table<K extends RosterKind>(kind: K): Map<string, RosterTables[K]> {
    return this.tables.get(kind) as Map<string, RosterTables[K]>;
  }

  get<K extends RosterKind>(kind: K, id: string): RosterTables[K] | undefined {
    return this.table(kind).get(id);
  }

  all<K extends RosterKind>(kind: K): RosterTables[K][] {
    return this.memo(`all:${kind}`, () => [...this.table(kind).values()]);
  }

  /** Records of `kind` grouped by a key (e.g. enrollments by class), built once per version. */
  groupBy<K extends RosterKind>(kind: K, name: string, keys: (r: RosterTables[K]) => string[]): Map<string, RosterTables[K][]> {
    return this.memo(`group:${kind}:${name}`, () => {
      const groups = new Map<string, RosterTables[K][]>();
      for (const r of this.table(kind).values()) {
        for (const key of keys(r)) {
          const list = groups.get(key);
          if (list) list.push(r);
          else groups.set(key, [r]);
        }
      }
      return groups;
    });
  }

  memo<T>(key: string, build: () => T): T {
    if (!this.cache.has(key)) this.cache.set(key, build());
    return this.cache.get(key) as T;
  }

  put<K extends RosterKind>(kind: K, record: RosterTables[K]): void {
    this.table(kind).set(record.sourcedId, record);
    this.touch();
  }

  counts(): Record<RosterKind, number> {
    return Object.fromEntries(ROSTER_KINDS.map((k) => [k, this.table(k).size])) as Record<RosterKind, number>;
  }
}
