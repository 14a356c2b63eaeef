import type { Class, Course } from '@rp/oneroster';
import { canvasAccountIdForOrg } from './account.mapper';
import { canvasEndDate, canvasStartDate } from './canvas-dates';
import { CanvasProjection, CanvasProjectionOf, canvasProjection, uniqueProjections } from './canvas-projection';
import { resolveCanvasCourseId } from './course-id';
import { pickName } from './course-naming';
import { MissingParentsError, missingParents } from './dependencies';
import type { ProjectionContext } from './ports/projection-context';
import { contextWith } from './projection-context';
import type { SourceRef } from './ports/provisioning-entity';
import { ProvisioningMappingError } from './provisioning-mapping.error';
import { projectSection } from './section.mapper';
import type { TenantMappingSettings } from './tenant-mapping-settings';
import { ClassTermResolution, resolveClassTerm } from './term-resolution';

type ResolvedTerm = Extract<ClassTermResolution, { kind: 'resolved' }>;

function lineage(cls: Class, term: ResolvedTerm | undefined): SourceRef[] {
  return [
    { type: 'class', sourcedId: cls.sourcedId },
    { type: 'course', sourcedId: cls.course.sourcedId },
    { type: 'org', sourcedId: cls.school.sourcedId },
    ...(term?.sessions ?? []).map((s) => ({ type: 'academicSession' as const, sourcedId: s.sourcedId })),
  ];
}

/** Term of an active class; a missing parent or an unmappable term is an error here (callers check first). */
function termOf(cls: Class, ctx: ProjectionContext, settings: TenantMappingSettings): ResolvedTerm | undefined {
  const term = resolveClassTerm(cls, ctx, settings);
  if (term.kind === 'resolved') return term;
  if (cls.status === 'tobedeleted') return undefined;
  if (term.kind === 'missing') throw new MissingParentsError(ctx.tenant, { kind: 'class', sourcedId: cls.sourcedId }, term.missing);
  throw new ProvisioningMappingError(ctx.tenant, { kind: 'class', sourcedId: cls.sourcedId }, term.problem);
}

function courseRow(
  courseId: string,
  cls: Class,
  course: Course | undefined,
  term: ResolvedTerm | undefined,
  ctx: ProjectionContext,
  settings: TenantMappingSettings,
  status: 'active' | 'deleted',
) {
  const consolidated = settings.courses.strategy === 'sections-under-course';
  const naming = settings.courses;
  const school = ctx.org(cls.school.sourcedId) ?? { sourcedId: cls.school.sourcedId, type: 'school' as const };
  const span = consolidated ? undefined : term?.span;
  return {
    course_id: courseId,
    short_name: pickName(naming.shortName, consolidated ? undefined : cls, course),
    long_name: pickName(naming.longName, consolidated ? undefined : cls, course),
    account_id: canvasAccountIdForOrg(school, settings),
    term_id: term?.termId,
    status: status === 'deleted' ? ('deleted' as const) : naming.publish ? ('published' as const) : ('active' as const),
    // A class spanning terms that share no Canvas term keeps the earliest term and opens for the whole span.
    start_date: span ? canvasStartDate(span.startDate, settings.timeZone) : undefined,
    end_date: span ? canvasEndDate(span.endDate, settings.timeZone) : undefined,
  };
}

/** Whether another active class still maps to the same consolidated Canvas course. */
function courseStillUsed(cls: Class, courseId: string, ctx: ProjectionContext, settings: TenantMappingSettings): boolean {
  return ctx.classesOfCourse(cls.course.sourcedId).some((other) => {
    if (other.sourcedId === cls.sourcedId || other.status !== 'active') return false;
    const resolved = resolveCanvasCourseId(other, ctx, settings);
    return resolved.kind === 'resolved' && resolved.courseId === courseId;
  });
}

/**
 * Projects a class into its Canvas course and section. course-per-class: `course_id = section_id = class
 * sourcedId`, names from the class/course per settings, account = school, term per strategy. sections-under-course:
 * the section sits in the consolidated course of (course, term, school), which is deleted only with its last class.
 */
export function projectClass(cls: Class, ctx: ProjectionContext, settings: TenantMappingSettings): CanvasProjection[] {
  const missing = missingParents({ kind: 'class', record: cls }, ctx, settings);
  if (missing.length > 0) throw new MissingParentsError(ctx.tenant, { kind: 'class', sourcedId: cls.sourcedId }, missing);
  const term = termOf(cls, ctx, settings);
  const course = ctx.course(cls.course.sourcedId);
  const sources = lineage(cls, term);
  const deleted = cls.status === 'tobedeleted';
  const resolved = resolveCanvasCourseId(cls, ctx, settings);
  if (resolved.kind !== 'resolved') return []; // unreachable: missingParents and termOf cover these cases
  const courseId = resolved.courseId;
  const dropCourse =
    deleted && (settings.courses.strategy === 'course-per-class' || !courseStillUsed(cls, courseId, ctx, settings));
  const row = courseRow(courseId, cls, course, term, ctx, settings, dropCourse ? 'deleted' : 'active');
  const courseProjection: CanvasProjectionOf<'course'> = canvasProjection(
    'course', courseId, row, dropCourse ? 'delete' : 'upsert', sources, cls.school.sourcedId,
  );
  return [courseProjection, projectSection(cls, courseId, course, settings, sources)];
}

/**
 * Projects a OneRoster course: its title and code feed the names of the Canvas courses of its classes, so the
 * course re-projects every known class that is ready (classes still waiting for parents are skipped).
 */
export function projectCourse(course: Course, ctx: ProjectionContext, settings: TenantMappingSettings): CanvasProjection[] {
  const ready = ctx
    .classesOfCourse(course.sourcedId)
    .filter((cls) => cls.status === 'active' && missingParents({ kind: 'class', record: cls }, ctx, settings).length === 0);
  const withCourse = contextWith(ctx, { kind: 'course', record: course });
  return uniqueProjections(ready.flatMap((cls) => safeProjectClass(cls, withCourse, settings)));
}

function safeProjectClass(cls: Class, ctx: ProjectionContext, settings: TenantMappingSettings): CanvasProjection[] {
  try {
    return projectClass(cls, ctx, settings);
  } catch (error) {
    // An unmappable sibling class is reported when that class itself is projected, not via its course.
    if (error instanceof ProvisioningMappingError) return [];
    throw error;
  }
}
