import type { Course, CourseState, Section } from '../../state/model';
import { dateOrNull, isBlank, setSticky, track, type ApplyContext } from './context';

type Row = Record<string, string>;

function nextCourseState(current: CourseState | null, status: string): CourseState {
  const s = status.toLowerCase();
  if (s.startsWith('deleted')) return 'deleted';
  if (s.startsWith('completed')) return 'completed';
  if (s.startsWith('published')) return 'available';
  if (s.startsWith('unpublished')) return 'claimed';
  // active: reopen a concluded course as published, keep a published one, otherwise unpublished
  if (current === 'completed' || current === 'available') return 'available';
  return 'claimed';
}

/** courses.csv: unknown account or term falls back to the root account / default term, as Canvas does. */
export function applyCourse(ctx: ApplyContext, r: Row): boolean {
  const { state } = ctx;
  let course = state.bySis(state.courses, r.course_id);
  const isNew = !course;
  const account = isBlank(r.account_id) ? undefined : state.bySis(state.accounts, r.account_id);
  const term = isBlank(r.term_id) ? undefined : state.bySis(state.terms, r.term_id);
  if (!course) {
    course = {
      id: state.nextId('course'), sisId: r.course_id, integrationId: null, stuck: new Set(), sisImportId: ctx.importId,
      createdAt: ctx.now, updatedAt: ctx.now, uuid: state.newUuid(), name: r.long_name, courseCode: r.short_name,
      accountId: state.rootAccount.id, termId: state.defaultTerm.id, workflowState: 'claimed', startAt: null, endAt: null,
      postManually: false,
    } satisfies Course;
    state.courses.set(course.id, course);
  }
  const previous = isNew ? 'non-existent' : course.workflowState;
  if (account) setSticky(ctx, course, 'accountId', account.id, isNew);
  if (term) setSticky(ctx, course, 'termId', term.id, isNew);
  if (!isBlank(r.long_name)) setSticky(ctx, course, 'name', r.long_name, isNew);
  if (!isBlank(r.short_name)) setSticky(ctx, course, 'courseCode', r.short_name, isNew);
  if (!isBlank(r.integration_id)) course.integrationId = r.integration_id;
  for (const [column, field] of [['start_date', 'startAt'], ['end_date', 'endAt']] as const) {
    // an empty date keeps the current one; <delete> removes it
    if (r[column] === '<delete>') setSticky(ctx, course, field, null, isNew);
    else if (!isBlank(r[column])) setSticky(ctx, course, field, r[column], isNew);
  }
  const wanted = nextCourseState(isNew ? null : course.workflowState, r.status);
  if (!(wanted === 'deleted' && ctx.options.skipDeletes)) setSticky(ctx, course, 'workflowState', wanted, isNew);
  course.sisImportId = ctx.importId;
  course.updatedAt = ctx.now;
  track(ctx, 'course', course.id, previous, course.workflowState);
  return true;
}

/** sections.csv: the course must exist. */
export function applySection(ctx: ApplyContext, r: Row): boolean {
  const { state } = ctx;
  const course = state.bySis(state.courses, r.course_id);
  if (!course) {
    ctx.warn(`Section ${r.section_id} references course ${r.course_id} which doesn't exist`);
    return false;
  }
  let section = state.bySis(state.sections, r.section_id);
  const isNew = !section;
  if (!section) {
    section = {
      id: state.nextId('section'), sisId: r.section_id, integrationId: null, stuck: new Set(), sisImportId: ctx.importId,
      createdAt: ctx.now, updatedAt: ctx.now, name: r.name, courseId: course.id, nonxlistCourseId: null,
      defaultSection: false, workflowState: 'active', startAt: null, endAt: null,
    } satisfies Section;
    state.sections.set(section.id, section);
  }
  const previous = isNew ? 'non-existent' : section.workflowState;
  setSticky(ctx, section, 'name', r.name, isNew);
  // a cross-listed section keeps its xlist course; the SIS course becomes its origin
  if (section.nonxlistCourseId !== null) setSticky(ctx, section, 'nonxlistCourseId', course.id, isNew);
  else if (section.courseId !== course.id) moveSection(ctx, section, course.id, isNew);
  setSticky(ctx, section, 'startAt', dateOrNull(r.start_date), isNew);
  setSticky(ctx, section, 'endAt', dateOrNull(r.end_date), isNew);
  if (!isBlank(r.integration_id)) section.integrationId = r.integration_id;
  if (!(/^deleted/i.test(r.status) && ctx.options.skipDeletes)) {
    section.workflowState = /^deleted/i.test(r.status) ? 'deleted' : 'active';
  }
  section.sisImportId = ctx.importId;
  section.updatedAt = ctx.now;
  track(ctx, 'section', section.id, previous, section.workflowState);
  return true;
}

function moveSection(ctx: ApplyContext, section: Section, courseId: number, isNew: boolean): void {
  if (!isNew && section.stuck.has('courseId') && !ctx.options.overrideSisStickiness) return;
  section.courseId = courseId;
  for (const e of ctx.state.enrollmentsOf({ sectionId: section.id })) e.courseId = courseId;
}

/** xlists.csv: moves a section into another course (created when missing); deleted moves it back. */
export function applyXlist(ctx: ApplyContext, r: Row): boolean {
  const { state } = ctx;
  const section = state.bySis(state.sections, r.section_id);
  if (!section) {
    ctx.warn(`A cross-listing referenced a non-existent section ${r.section_id}`);
    return false;
  }
  if (/^deleted/i.test(r.status)) {
    if (section.nonxlistCourseId !== null) {
      const origin = section.nonxlistCourseId;
      section.nonxlistCourseId = null;
      moveSection(ctx, section, origin, false);
    }
    return true;
  }
  let target = state.bySis(state.courses, r.xlist_course_id);
  if (!target) {
    const origin = state.courses.get(section.courseId)!;
    target = {
      ...origin, id: state.nextId('course'), sisId: r.xlist_course_id, integrationId: null, stuck: new Set(),
      uuid: state.newUuid(), sisImportId: ctx.importId, createdAt: ctx.now, updatedAt: ctx.now, workflowState: 'claimed',
    };
    state.courses.set(target.id, target);
    track(ctx, 'course', target.id, 'non-existent', 'claimed');
  }
  if (section.courseId === target.id) return true;
  if (section.nonxlistCourseId === null) section.nonxlistCourseId = section.courseId;
  moveSection(ctx, section, target.id, false);
  return true;
}
