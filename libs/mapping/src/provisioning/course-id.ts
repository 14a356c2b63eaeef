import type { Class } from '@rp/oneroster';
import type { ParentRef } from './ports/parent-ref';
import type { ProjectionContext } from './ports/projection-context';
import type { TenantMappingSettings } from './tenant-mapping-settings';
import { ClassTermResolution, resolveClassTerm } from './term-resolution';

/** Canvas course id of a consolidated course: one per OneRoster course × Canvas term × school. */
export function consolidatedCourseId(courseSourcedId: string, termId: string, schoolSourcedId: string): string {
  // `~` is URL-safe (sis_course_id:… lookups) and not used by IC sourcedIds; `|` is reserved for Kafka keys.
  return `${courseSourcedId}~${termId}~${schoolSourcedId}`;
}

export type CanvasCourseIdResolution =
  | { kind: 'resolved'; courseId: string; term?: Extract<ClassTermResolution, { kind: 'resolved' }> }
  | { kind: 'missing'; missing: readonly ParentRef[] }
  | { kind: 'unmappable'; problem: string };

/**
 * The Canvas course a class's section lives in: the class itself (`course-per-class`), or the consolidated
 * course of its OneRoster course, term and school (`sections-under-course`, which needs the class's sessions).
 */
export function resolveCanvasCourseId(cls: Class, ctx: ProjectionContext, settings: TenantMappingSettings): CanvasCourseIdResolution {
  if (settings.courses.strategy === 'course-per-class') return { kind: 'resolved', courseId: cls.sourcedId };
  const term = resolveClassTerm(cls, ctx, settings);
  if (term.kind !== 'resolved') return term;
  return { kind: 'resolved', courseId: consolidatedCourseId(cls.course.sourcedId, term.termId, cls.school.sourcedId), term };
}
