import type { ClassContext, GradingPeriodWindow } from '@rp/mapping';
import { type Category, normaliseRecord, OneRosterPermanentError } from '@rp/oneroster';
import { TtlCache } from '../shared/ttl-cache';
import type { TenantGradebookContext } from '../tenant/tenant-context';

type Raw = Record<string, unknown>;
const refId = (value: unknown): string | undefined => (value && typeof value === 'object' ? ((value as Raw).sourcedId as string | undefined) : undefined);
const active = (r: Raw) => r.status !== 'tobedeleted';

/** Grading periods as the mapping wants them; IC may flag a closed grading window in metadata. */
export function toGradingPeriodWindow(raw: Raw): GradingPeriodWindow {
  const meta = (raw.metadata ?? {}) as Raw;
  const closed = meta.gradingWindowOpen === false || meta.gradingWindowOpen === 'false';
  return {
    sourcedId: String(raw.sourcedId),
    title: String(raw.title ?? raw.sourcedId),
    startDate: String(raw.startDate).slice(0, 10),
    endDate: String(raw.endDate).slice(0, 10),
    ...(closed ? { open: false } : {}),
  };
}

/**
 * The IC side of a class: its school, the categories it may use, and the school's grading periods (the
 * gradingPeriod sessions under the school's terms). Cached per class / school for a short time.
 */
export class ClassContextReader {
  private readonly classes: TtlCache<ClassContext | null>;
  private readonly periods: TtlCache<GradingPeriodWindow[]>;

  constructor(ttlMs: number, now: () => number = Date.now) {
    this.classes = new TtlCache(ttlMs, now);
    this.periods = new TtlCache(ttlMs, now);
  }

  /** The class context, or null when IC does not know the class (then the lineItem is refused with that reason). */
  classContext(ctx: TenantGradebookContext, classSourcedId: string): Promise<ClassContext | null> {
    return this.classes.get(`${ctx.tenant}|${classSourcedId}`, async () => {
      const raw = await ctx.rostering.get('classes', classSourcedId);
      if (!raw || !active(raw)) return null;
      const klass = normaliseRecord('class', raw).record as Raw;
      const schoolSourcedId = refId(klass.school);
      if (!schoolSourcedId) return null;
      const [categories, gradingPeriods] = await Promise.all([this.categories(ctx, classSourcedId), this.schoolPeriods(ctx, schoolSourcedId)]);
      return { classSourcedId, schoolSourcedId, categories, gradingPeriods };
    });
  }

  private async categories(ctx: TenantGradebookContext, classSourcedId: string): Promise<Category[]> {
    const list: Category[] = [];
    try {
      for await (const raw of ctx.gradebook.categoriesForClass(classSourcedId)) list.push(normaliseRecord('category', raw).record as unknown as Category);
    } catch (error) {
      if (!(error instanceof OneRosterPermanentError && error.status === 404)) throw error;
    }
    return list;
  }

  private schoolPeriods(ctx: TenantGradebookContext, schoolSourcedId: string): Promise<GradingPeriodWindow[]> {
    return this.periods.get(`${ctx.tenant}|${schoolSourcedId}`, async () => {
      const byId = new Map<string, GradingPeriodWindow>();
      for await (const term of ctx.rostering.scopedRecords('termsForSchool', [schoolSourcedId])) {
        if (!active(term)) continue;
        for await (const raw of ctx.rostering.scopedRecords('gradingPeriodsForTerm', [String(term.sourcedId)])) {
          const period = normaliseRecord('academicSession', raw).record as Raw;
          if (active(period) && period.type === 'gradingPeriod') byId.set(String(period.sourcedId), toGradingPeriodWindow(period));
        }
      }
      return [...byId.values()];
    });
  }
}
