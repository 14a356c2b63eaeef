import type { ClassContext, GradingPeriodWindow } from '@rp/mapping';
import { type Category, normaliseRecord, OneRosterPermanentError } from '@rp/oneroster';
import { TtlCache } from '../cache/ttl-cache';
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

const isNotFound = (error: unknown) => error instanceof OneRosterPermanentError && error.status === 404;

/** A grading period with the term it belongs to (for providers without nested endpoints). */
interface PeriodOfTerm {
  term?: string;
  window: GradingPeriodWindow;
}

/**
 * The IC side of a class: its school, the categories it may use, and the school's grading periods (the
 * gradingPeriod sessions under the school's terms). Cached per class / school for a short time.
 * A provider without nested endpoints (`/schools/{id}/terms` → 404) is remembered per tenant; its grading periods
 * come from the `/gradingPeriods` collection instead, those under the class's own terms (sessions name no school).
 */
export class ClassContextReader {
  private readonly classes: TtlCache<ClassContext | null>;
  private readonly periods: TtlCache<GradingPeriodWindow[]>;
  private readonly allPeriods: TtlCache<PeriodOfTerm[]>;
  private readonly withoutNestedEndpoints = new Set<string>();

  constructor(ttlMs: number, now: () => number = Date.now) {
    this.classes = new TtlCache(ttlMs, now);
    this.periods = new TtlCache(ttlMs, now);
    this.allPeriods = new TtlCache(ttlMs, now);
  }

  /** The class context, or null when IC does not know the class (then the lineItem is refused with that reason). */
  classContext(ctx: TenantGradebookContext, classSourcedId: string): Promise<ClassContext | null> {
    return this.classes.get(`${ctx.tenant}|${classSourcedId}`, async () => {
      const raw = await ctx.rostering.get('classes', classSourcedId);
      if (!raw || !active(raw)) return null;
      const klass = normaliseRecord('class', raw).record as Raw;
      const schoolSourcedId = refId(klass.school);
      if (!schoolSourcedId) return null;
      const terms = (Array.isArray(klass.terms) ? klass.terms : []).map(refId).filter((id): id is string => !!id);
      const [categories, gradingPeriods] = await Promise.all([this.categories(ctx, classSourcedId), this.gradingPeriods(ctx, schoolSourcedId, terms)]);
      return { classSourcedId, schoolSourcedId, categories, gradingPeriods };
    });
  }

  private async categories(ctx: TenantGradebookContext, classSourcedId: string): Promise<Category[]> {
    const list: Category[] = [];
    try {
      for await (const raw of ctx.gradebook.categoriesForClass(classSourcedId)) list.push(normaliseRecord('category', raw).record as unknown as Category);
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
    return list;
  }

  private async gradingPeriods(ctx: TenantGradebookContext, schoolSourcedId: string, classTerms: string[]): Promise<GradingPeriodWindow[]> {
    if (!this.withoutNestedEndpoints.has(ctx.tenant)) {
      try {
        return await this.schoolPeriods(ctx, schoolSourcedId);
      } catch (error) {
        if (!isNotFound(error)) throw error;
        this.withoutNestedEndpoints.add(ctx.tenant); // feature detected once: the provider has no nested endpoints
      }
    }
    const all = await this.allPeriods.get(ctx.tenant, async () => {
      const list: PeriodOfTerm[] = [];
      for await (const raw of ctx.rostering.records('gradingPeriods')) {
        const period = normaliseRecord('academicSession', raw).record as Raw;
        if (active(period) && period.type === 'gradingPeriod') list.push({ term: refId(period.parent), window: toGradingPeriodWindow(period) });
      }
      return list;
    });
    return all.filter((p) => p.term !== undefined && classTerms.includes(p.term)).map((p) => p.window);
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
