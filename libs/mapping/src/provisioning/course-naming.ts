import type { Class, Course } from '@rp/oneroster';
import type { NameSource } from './tenant-mapping-settings';

function valueOf(source: NameSource, cls: Class | undefined, course: Course | undefined): string | undefined {
  switch (source) {
    case 'classTitle':
      return cls?.title;
    case 'classCode':
      return cls?.classCode;
    case 'courseTitle':
      return course?.title;
    case 'courseCode':
      return course?.courseCode;
  }
}

/**
 * First non-blank value among the configured sources. Falls back to the class title, then the course title,
 * because Canvas rejects a course or section without a name.
 */
export function pickName(sources: readonly NameSource[], cls: Class | undefined, course: Course | undefined): string {
  for (const source of [...sources, 'classTitle', 'courseTitle'] as const) {
    const value = valueOf(source, cls, course)?.trim();
    if (value) return value;
  }
  return cls?.sourcedId ?? course?.sourcedId ?? '';
}
