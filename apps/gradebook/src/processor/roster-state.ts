import type { CanvasEnrollmentState, ClassBinding } from '@rp/mapping';
import type { CanvasEntityChange } from '@rp/messaging';

/** What a provisioning record changed: the SIS class keys (`c:<course>`, `s:<section>`) whose kept facts are stale. */
export interface RosterChange {
  tenant: string;
  sisCourseId: string | null;
  classKeys: string[];
}

/** Canvas SIS CSV enrollment status → the enrollment state Canvas shows once it is imported. */
const STATE_OF_STATUS: Record<string, CanvasEnrollmentState> = {
  active: 'active', inactive: 'inactive', completed: 'completed', deleted: 'deleted', deleted_last_completed: 'deleted',
};

const STATE_RANK: CanvasEnrollmentState[] = ['active', 'invited', 'creation_pending', 'completed', 'inactive', 'rejected', 'deleted'];

/** The class key of a binding: the course or the section carrying the class SIS id. */
export const classKeyOf = (binding: ClassBinding): string => `${binding.via === 'course' ? 'c' : 's'}:${binding.classSourcedId}`;

/**
 * The SIS roster as the provisioning topics (`canvas.courses`, `canvas.sections`, `canvas.enrollments`) said it, per
 * tenant: each student's enrollment state by class and the course of each section; plus the Canvas user → SIS user
 * links that events carry (`grade_change.student_sis_id`) or listings showed. Pure state, no I/O: the processor
 * decides from it first and reads Canvas only when it does not know.
 */
export class RosterState {
  private readonly states = new Map<string, CanvasEnrollmentState>();
  private readonly sectionCourse = new Map<string, string>();
  private readonly userLinks = new Map<string, string>();
  private readonly courseRows = new Map<string, Map<string, CanvasEnrollmentState>>();

  /** Applies one `canvas.*` record; returns what it changed (null for kinds the gradebook does not keep). */
  apply(change: CanvasEntityChange): RosterChange | null {
    const { tenant, row } = change;
    if (change.canvasType === 'course') {
      const course = row.course_id || change.sisId;
      return { tenant, sisCourseId: course, classKeys: [`c:${course}`] };
    }
    if (change.canvasType === 'section') {
      const section = row.section_id || change.sisId;
      if (row.course_id) this.sectionCourse.set(`${tenant}|${section}`, row.course_id);
      const course = this.sectionCourse.get(`${tenant}|${section}`) ?? null;
      return { tenant, sisCourseId: course, classKeys: [`s:${section}`, ...(course ? [`c:${course}`] : [])] };
    }
    if (change.canvasType !== 'enrollment') return null;
    if (row.role && row.role !== 'student') return null;
    const section = row.section_id || null;
    const course = row.course_id || (section ? this.sectionCourse.get(`${tenant}|${section}`) : undefined) || null;
    if (section && course) this.sectionCourse.set(`${tenant}|${section}`, course);
    const state = change.op === 'delete' ? 'deleted' : STATE_OF_STATUS[row.status ?? 'active'] ?? 'inactive';
    const classKeys = [...(course ? [`c:${course}`] : []), ...(section ? [`s:${section}`] : [])];
    if (row.user_id) for (const key of classKeys) this.setState(tenant, key, row.user_id, state, section ?? '');
    return { tenant, sisCourseId: course, classKeys };
  }

  /** The student's enrollment state in the class as the SIS roster said it; undefined when it said nothing yet. */
  stateOf(tenant: string, binding: ClassBinding, userSisId: string): CanvasEnrollmentState | undefined {
    return this.states.get(`${tenant}|${classKeyOf(binding)}|${userSisId}`);
  }

  /** The SIS course of a section, once a record said it. */
  courseOfSection(tenant: string, sisSectionId: string): string | undefined {
    return this.sectionCourse.get(`${tenant}|${sisSectionId}`);
  }

  /** Remembers which SIS user a Canvas user is (from an event body or a Canvas listing). */
  link(tenant: string, canvasUserId: string, userSisId: string | null | undefined): void {
    if (userSisId) this.userLinks.set(`${tenant}|${canvasUserId}`, userSisId);
  }

  userSisOf(tenant: string, canvasUserId: string): string | null {
    return this.userLinks.get(`${tenant}|${canvasUserId}`) ?? null;
  }

  /** A course's state is the most active of its sections' rows, so one section's drop does not hide another's enrollment. */
  private setState(tenant: string, classKey: string, userSisId: string, state: CanvasEnrollmentState, sectionKey: string): void {
    const key = `${tenant}|${classKey}|${userSisId}`;
    if (!classKey.startsWith('c:')) {
      this.states.set(key, state);
      return;
    }
    const rows = this.courseRows.get(key) ?? new Map<string, CanvasEnrollmentState>();
    this.courseRows.set(key, rows.set(sectionKey, state));
    this.states.set(key, [...rows.values()].sort((a, b) => STATE_RANK.indexOf(a) - STATE_RANK.indexOf(b))[0]);
  }
}
