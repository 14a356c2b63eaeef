import type { SisCsvSpec } from './sis-csv-spec';

export const COURSE_STATUSES = ['active', 'deleted', 'completed', 'published'] as const;
export type CourseStatus = (typeof COURSE_STATUSES)[number];
export const COURSE_FORMATS = ['on_campus', 'online', 'blended'] as const;
export type CourseFormat = (typeof COURSE_FORMATS)[number];
export const GRADE_PASSBACK_SETTINGS = ['nightly_sync', 'not_set'] as const;
export type GradePassbackSetting = (typeof GRADE_PASSBACK_SETTINGS)[number];

/** One row of courses.csv. Empty start/end date keeps the stored date; `<delete>` removes it. */
export interface CourseRow {
  course_id: string;
  short_name: string;
  long_name: string;
  account_id?: string;
  term_id?: string;
  status: CourseStatus;
  integration_id?: string;
  start_date?: string;
  end_date?: string;
  course_format?: CourseFormat;
  /** Blueprint course SIS id, or `dissociate`. */
  blueprint_course_id?: string;
  grade_passback_setting?: GradePassbackSetting;
  homeroom_course?: boolean;
  friendly_name?: string;
}

export const COURSES_CSV: SisCsvSpec<CourseRow> = {
  kind: 'courses',
  fileName: 'courses.csv',
  columns: [
    'course_id', 'short_name', 'long_name', 'account_id', 'term_id', 'status', 'integration_id',
    'start_date', 'end_date', 'course_format', 'blueprint_course_id', 'grade_passback_setting',
    'homeroom_course', 'friendly_name',
  ],
  required: ['course_id', 'short_name', 'long_name', 'status'],
  alwaysPresent: [],
  oneOf: [],
  enums: { status: COURSE_STATUSES, course_format: COURSE_FORMATS, grade_passback_setting: GRADE_PASSBACK_SETTINGS },
  booleans: ['homeroom_course'],
};
