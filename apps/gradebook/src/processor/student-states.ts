import type { CanvasEnrollmentState, ClassBinding } from '@rp/mapping';
import type { TenantGradebookContext } from '../tenant/tenant-context';
import type { CanvasCourseReader } from './canvas-course.reader';
import { type CourseFacts, enrollmentStateIn } from './canvas-snapshot.mapper';
import type { RosterState } from './roster-state';

/** A student's enrollment state in a class (null: not enrolled as far as anyone says) and SIS id. */
export interface StudentState {
  state: CanvasEnrollmentState | null;
  userSisId: string | null;
}

/**
 * Where a student's enrollment state comes from: the kept SIS roster when it knows the (linked) student in the class;
 * otherwise Canvas's enrollment listing of the course (kept; read once more on a miss), whose links are kept for the
 * next events.
 */
export class StudentStates {
  constructor(private readonly roster: RosterState, private readonly canvas: Pick<CanvasCourseReader, 'studentEnrollments'>) {}

  async stateIn(ctx: TenantGradebookContext, course: CourseFacts, binding: ClassBinding | null, canvasUserId: string): Promise<StudentState> {
    const known = this.known(ctx.tenant, binding, canvasUserId);
    if (known) return known;
    let student = enrollmentStateIn(await this.canvas.studentEnrollments(ctx, course.id), canvasUserId, binding, course);
    if (student.state === null) student = enrollmentStateIn(await this.canvas.studentEnrollments(ctx, course.id, true), canvasUserId, binding, course);
    this.roster.link(ctx.tenant, canvasUserId, student.userSisId);
    return { state: student.state, userSisId: student.userSisId ?? this.roster.userSisOf(ctx.tenant, canvasUserId) };
  }

  /** The state the provisioning topics gave the linked student in the class, if they gave one. */
  known(tenant: string, binding: ClassBinding | null, canvasUserId: string): StudentState | undefined {
    const userSisId = this.roster.userSisOf(tenant, canvasUserId);
    const state = binding && userSisId ? this.roster.stateOf(tenant, binding, userSisId) : undefined;
    return state ? { state, userSisId } : undefined;
  }
}
