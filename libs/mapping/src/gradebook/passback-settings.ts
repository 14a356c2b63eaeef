/** Which Canvas assignments become OneRoster lineItems. */
export type AssignmentScope = 'post-to-sis-only' | 'all-published-graded';

/** Per-tenant grade passback settings (DESIGN.md §5). */
export interface PassbackSettings {
  /** `post-to-sis-only`: only assignments a teacher ticked "Sync to SIS"; otherwise every published graded one. */
  assignmentScope: AssignmentScope;
  /** IC category title used when no category matches the assignment group; null = refuse the assignment. */
  categoryFallbackTitle: string | null;
  /** Title of the lineItem that carries the Canvas course grade. */
  courseGradeLineItemTitle: string;
  /** IC category title for the course-grade lineItem; null = use `categoryFallbackTitle`. */
  courseGradeCategoryTitle: string | null;
  /** Which Canvas course total is sent: `current` (graded work only) or `final` (ungraded counts as 0). */
  courseGradeScore: 'current' | 'final';
  /** Send course grades at all. */
  sendCourseGrades: boolean;
  /** IC rejects longer titles (older guides: 30, newer: 50). */
  titleMaxLength: number;
  /** IC derives the grading period from the due date; without one the item cannot land. */
  requireDueDate: boolean;
  /** Refuse assignments that carry no points (0 or none). */
  requirePoints: boolean;
  /** OneRoster class from the Canvas course SIS id (one course per class) or from each section's SIS id. */
  classSource: 'course' | 'section';
  /** District default IANA zone, and overrides per school sourcedId. */
  timeZones: { districtDefault: string; bySchool: Record<string, string> };
}

export const defaultPassbackSettings: PassbackSettings = Object.freeze({
  assignmentScope: 'post-to-sis-only',
  categoryFallbackTitle: null,
  courseGradeLineItemTitle: 'Canvas course grade',
  courseGradeCategoryTitle: null,
  courseGradeScore: 'current',
  sendCourseGrades: true,
  titleMaxLength: 50,
  requireDueDate: true,
  requirePoints: true,
  classSource: 'course',
  timeZones: Object.freeze({ districtDefault: 'America/Chicago', bySchool: Object.freeze({}) }),
}) as PassbackSettings;

/** Thrown when a tenant's passback settings are invalid; the message names every problem. */
export class InvalidPassbackSettingsError extends Error {
  constructor(
    readonly tenant: string,
    readonly problems: string[],
  ) {
    super(`tenant ${tenant}: invalid grade passback settings: ${problems.join('; ')}`);
    this.name = 'InvalidPassbackSettingsError';
  }
}

/** True when `zone` is an IANA time zone this runtime knows. */
export function isValidTimeZone(zone: string): boolean {
  if (typeof zone !== 'string' || zone.trim() === '') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Merges a tenant's partial settings over the defaults and validates them once (throws on any problem). */
export function resolvePassbackSettings(tenant: string, input: Partial<PassbackSettings> = {}): PassbackSettings {
  const settings: PassbackSettings = {
    ...defaultPassbackSettings,
    ...input,
    timeZones: {
      districtDefault: input.timeZones?.districtDefault ?? defaultPassbackSettings.timeZones.districtDefault,
      bySchool: { ...(input.timeZones?.bySchool ?? {}) },
    },
  };
  const problems = passbackSettingsProblems(settings);
  if (problems.length > 0) throw new InvalidPassbackSettingsError(tenant, problems);
  return settings;
}

/** Lists what is wrong with a settings object (empty when valid). */
export function passbackSettingsProblems(s: PassbackSettings): string[] {
  const problems: string[] = [];
  if (!['post-to-sis-only', 'all-published-graded'].includes(s.assignmentScope)) {
    problems.push(`assignmentScope must be 'post-to-sis-only' or 'all-published-graded', got '${s.assignmentScope}'`);
  }
  if (s.categoryFallbackTitle !== null && !nonBlank(s.categoryFallbackTitle)) {
    problems.push('categoryFallbackTitle must be a non-empty title or null (refuse unmatched assignment groups)');
  }
  if (s.courseGradeCategoryTitle !== null && !nonBlank(s.courseGradeCategoryTitle)) {
    problems.push('courseGradeCategoryTitle must be a non-empty title or null');
  }
  const titleLimitValid = Number.isInteger(s.titleMaxLength) && s.titleMaxLength >= 1 && s.titleMaxLength <= 255;
  if (!titleLimitValid) {
    problems.push(`titleMaxLength must be an integer from 1 to 255, got ${s.titleMaxLength}`);
  }
  if (!nonBlank(s.courseGradeLineItemTitle)) {
    problems.push('courseGradeLineItemTitle must not be empty');
  } else if (titleLimitValid && s.courseGradeLineItemTitle.trim().length > s.titleMaxLength) {
    problems.push(`courseGradeLineItemTitle is longer than titleMaxLength (${s.titleMaxLength})`);
  }
  if (!['current', 'final'].includes(s.courseGradeScore)) {
    problems.push(`courseGradeScore must be 'current' or 'final', got '${s.courseGradeScore}'`);
  }
  if (!['course', 'section'].includes(s.classSource)) {
    problems.push(`classSource must be 'course' or 'section', got '${s.classSource}'`);
  }
  for (const key of ['sendCourseGrades', 'requireDueDate', 'requirePoints'] as const) {
    if (typeof s[key] !== 'boolean') problems.push(`${key} must be true or false`);
  }
  if (!isValidTimeZone(s.timeZones.districtDefault)) {
    problems.push(`timeZones.districtDefault '${s.timeZones.districtDefault}' is not an IANA time zone`);
  }
  for (const [school, zone] of Object.entries(s.timeZones.bySchool)) {
    if (!isValidTimeZone(zone)) problems.push(`time zone '${zone}' of school ${school} is not an IANA time zone`);
  }
  return problems;
}

/** The IANA zone of a school: its own setting, else the district default. */
export function schoolTimeZone(settings: PassbackSettings, schoolSourcedId: string): string {
  return settings.timeZones.bySchool[schoolSourcedId] ?? settings.timeZones.districtDefault;
}

function nonBlank(value: unknown): boolean {
  return typeof value === 'string' && value.trim() !== '';
}
