import type { CanvasHttpClient, QueryParams } from '../http/canvas-http.client';
import { idSegment, type CanvasIdRef } from '../http/sis-id';
import type {
  CanvasAccount, CanvasAssignment, CanvasAssignmentGroup, CanvasCourse, CanvasEnrollment, CanvasSection,
  CanvasSubmission, CanvasTerm, CanvasUser,
} from './canvas-rest.types';

/** Where to list enrollments from. */
export type EnrollmentScope = { course: CanvasIdRef } | { section: CanvasIdRef } | { user: CanvasIdRef };

export interface EnrollmentListQuery extends QueryParams {
  'type[]'?: string[];
  'state[]'?: string[];
  'include[]'?: string[];
  grading_period_id?: number;
}

export interface StudentSubmissionsQuery extends QueryParams {
  /** ISO 8601; only submissions graded since then (reconciliation checkpoint). */
  graded_since?: string;
  submitted_since?: string;
  /** Keep only post_to_sis assignments and SIS-created enrollments. */
  post_to_sis?: boolean;
  'student_ids[]'?: (string | number)[];
  'assignment_ids[]'?: (string | number)[];
  'include[]'?: string[];
  workflow_state?: string;
  enrollment_state?: 'active' | 'concluded';
  grading_period_id?: number;
  order?: 'id' | 'graded_at';
  order_direction?: 'ascending' | 'descending';
}

/**
 * Typed reads of the Canvas REST API. Ids may be local (`123`) or SIS (`sisId('course', 'C1')`);
 * lists are async iterables that follow pagination lazily.
 */
export class CanvasRestClient {
  constructor(readonly http: CanvasHttpClient) {}

  /** One account (`self` = the domain's root account). */
  async getAccount(account: CanvasIdRef): Promise<CanvasAccount> {
    return (await this.http.request<CanvasAccount>({ path: `/api/v1/accounts/${idSegment(account)}` })).data;
  }

  /** The accounts the token's user can view or manage (`GET /api/v1/accounts`). */
  listAccounts(): AsyncGenerator<CanvasAccount> {
    return this.http.paginate('/api/v1/accounts', {});
  }

  /** Sub-accounts, recursively by default. */
  listSubAccounts(account: CanvasIdRef, recursive = true): AsyncGenerator<CanvasAccount> {
    return this.http.paginate(`/api/v1/accounts/${idSegment(account)}/sub_accounts`, { recursive });
  }

  /** Enrollment terms of a root account (Canvas wraps them in `enrollment_terms`). */
  listTerms(account: CanvasIdRef, query: QueryParams = {}): AsyncGenerator<CanvasTerm> {
    return this.http.paginate(`/api/v1/accounts/${idSegment(account)}/terms`, query, (body) => (body as { enrollment_terms: CanvasTerm[] }).enrollment_terms);
  }

  async getCourse(course: CanvasIdRef, query: QueryParams = {}): Promise<CanvasCourse> {
    return (await this.http.request<CanvasCourse>({ path: `/api/v1/courses/${idSegment(course)}`, query })).data;
  }

  /** Courses of an account (`enrollment_term_id`, `state[]`, `search_term`, … as query). */
  listCourses(account: CanvasIdRef, query: QueryParams = {}): AsyncGenerator<CanvasCourse> {
    return this.http.paginate(`/api/v1/accounts/${idSegment(account)}/courses`, query);
  }

  listSections(course: CanvasIdRef, query: QueryParams = {}): AsyncGenerator<CanvasSection> {
    return this.http.paginate(`/api/v1/courses/${idSegment(course)}/sections`, query);
  }

  async getSection(section: CanvasIdRef): Promise<CanvasSection> {
    return (await this.http.request<CanvasSection>({ path: `/api/v1/sections/${idSegment(section)}` })).data;
  }

  async getUser(user: CanvasIdRef): Promise<CanvasUser> {
    return (await this.http.request<CanvasUser>({ path: `/api/v1/users/${idSegment(user)}` })).data;
  }

  listUsers(account: CanvasIdRef, query: QueryParams = {}): AsyncGenerator<CanvasUser> {
    return this.http.paginate(`/api/v1/accounts/${idSegment(account)}/users`, query);
  }

  /** Enrollments with `grades{}` (course grades: current/final scores and letters). */
  listEnrollments(scope: EnrollmentScope, query: EnrollmentListQuery = {}): AsyncGenerator<CanvasEnrollment> {
    const base =
      'course' in scope ? `/api/v1/courses/${idSegment(scope.course)}`
      : 'section' in scope ? `/api/v1/sections/${idSegment(scope.section)}`
      : `/api/v1/users/${idSegment(scope.user)}`;
    return this.http.paginate(`${base}/enrollments`, query);
  }

  listAssignments(course: CanvasIdRef, query: QueryParams = {}): AsyncGenerator<CanvasAssignment> {
    return this.http.paginate(`/api/v1/courses/${idSegment(course)}/assignments`, query);
  }

  async getAssignment(course: CanvasIdRef, assignment: CanvasIdRef, query: QueryParams = {}): Promise<CanvasAssignment> {
    return (await this.http.request<CanvasAssignment>({ path: `/api/v1/courses/${idSegment(course)}/assignments/${idSegment(assignment)}`, query })).data;
  }

  listAssignmentGroups(course: CanvasIdRef, query: QueryParams = {}): AsyncGenerator<CanvasAssignmentGroup> {
    return this.http.paginate(`/api/v1/courses/${idSegment(course)}/assignment_groups`, query);
  }

  /** All students' submissions for one assignment. */
  listAssignmentSubmissions(course: CanvasIdRef, assignment: CanvasIdRef, query: QueryParams = {}): AsyncGenerator<CanvasSubmission> {
    return this.http.paginate(`/api/v1/courses/${idSegment(course)}/assignments/${idSegment(assignment)}/submissions`, query);
  }

  async getSubmission(course: CanvasIdRef, assignment: CanvasIdRef, user: CanvasIdRef, query: QueryParams = {}): Promise<CanvasSubmission> {
    return (await this.http.request<CanvasSubmission>({ path: `/api/v1/courses/${idSegment(course)}/assignments/${idSegment(assignment)}/submissions/${idSegment(user)}`, query })).data;
  }

  /** Bulk poll for reconciliation: defaults to every student; pass `graded_since` as checkpoint. */
  listStudentSubmissions(course: CanvasIdRef, query: StudentSubmissionsQuery = {}): AsyncGenerator<CanvasSubmission> {
    return this.http.paginate(`/api/v1/courses/${idSegment(course)}/students/submissions`, { 'student_ids[]': ['all'], ...query });
  }
}
