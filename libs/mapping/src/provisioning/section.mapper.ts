import type { Class, Course } from '@rp/oneroster';
import { CanvasProjectionOf, canvasProjection } from './canvas-projection';
import { pickName } from './course-naming';
import type { SourceRef } from './ports/provisioning-entity';
import type { TenantMappingSettings } from './tenant-mapping-settings';

/** The Canvas section of a class: `section_id = class sourcedId`, inside the given Canvas course. */
export function projectSection(
  cls: Class,
  canvasCourseId: string,
  course: Course | undefined,
  settings: TenantMappingSettings,
  sources: readonly SourceRef[],
): CanvasProjectionOf<'section'> {
  const deleted = cls.status === 'tobedeleted';
  const row = {
    section_id: cls.sourcedId,
    course_id: canvasCourseId,
    name: pickName(settings.courses.sectionName, cls, course),
    status: deleted ? ('deleted' as const) : ('active' as const),
  };
  return canvasProjection('section', cls.sourcedId, row, deleted ? 'delete' : 'upsert', sources, cls.school.sourcedId);
}
