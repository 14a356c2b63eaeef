/** What Canvas says of a submission's timing: its `late`/`missing` flags and the teacher's `late_policy_status` override. */
export interface SubmissionTiming {
  late?: boolean | null;
  missing?: boolean | null;
  /** Set by a teacher in the gradebook (`late`, `missing`, `extended`, `none`), or null when Canvas decides. */
  late_policy_status?: string | null;
}

/**
 * Late and missing as the result carries them to IC. Canvas computes `late`/`missing` from the due date; a teacher's
 * `late_policy_status` overrides it: `late` or `missing` marks it so whatever the dates say, and `none` or
 * `extended` clears both (an extension or an excused delay is not late) — Canvas's own gradebook shows it that way.
 */
export function lateAndMissing(timing: SubmissionTiming): { late: boolean; missing: boolean } {
  switch (timing.late_policy_status) {
    case 'late':
      return { late: true, missing: false };
    case 'missing':
      return { late: false, missing: true };
    case 'none':
    case 'extended':
      return { late: false, missing: false };
    default:
      return { late: timing.late === true, missing: timing.missing === true };
  }
}
