import {
  ACCOUNTS_CSV, CHANGE_SIS_ID_CSV, COURSES_CSV, ENROLLMENTS_CSV, SECTIONS_CSV, TERMS_CSV,
  USER_OBSERVERS_CSV, USERS_CSV, XLISTS_CSV,
} from '../model';
import { validateSisRow } from './sis-row.validator';

type Case = [string, () => string[], string[]];

const cases: Case[] = [
  ['valid account (blank parent = root)', () => validateSisRow(ACCOUNTS_CSV, { account_id: 'S1', parent_account_id: '', name: 'North HS', status: 'active' }), []],
  ['account without a name', () => validateSisRow(ACCOUNTS_CSV, { account_id: 'S1', parent_account_id: '', name: '', status: 'active' }), ['name is required']],
  ['account status suspended is not allowed', () => validateSisRow(ACCOUNTS_CSV, { account_id: 'S1', parent_account_id: '', name: 'x', status: 'suspended' as never }), ['status "suspended" is not one of active, deleted']],
  ['term with dates', () => validateSisRow(TERMS_CSV, { term_id: 'T1', name: 'Fall', status: 'active', start_date: '2025-08-20T00:00:00Z', end_date: '2025-12-20' }), []],
  ['term with a US date', () => validateSisRow(TERMS_CSV, { term_id: 'T1', name: 'Fall', status: 'active', start_date: '08/20/2025' }), ['start_date "08/20/2025" is not an ISO 8601 date']],
  ['course published, <delete> end date', () => validateSisRow(COURSES_CSV, { course_id: 'C1', short_name: 'M1', long_name: 'Math 1', status: 'published', end_date: '<delete>' }), []],
  ['course missing short_name and bad format', () => validateSisRow(COURSES_CSV, { course_id: 'C1', short_name: '', long_name: 'Math', status: 'active', course_format: 'hybrid' as never }), ['short_name is required', 'course_format "hybrid" is not one of on_campus, online, blended']],
  ['section completed is not allowed', () => validateSisRow(SECTIONS_CSV, { section_id: 'S1', course_id: 'C1', name: 'P1', status: 'completed' as never }), ['status "completed" is not one of active, deleted']],
  ['user suspended', () => validateSisRow(USERS_CSV, { user_id: 'U1', login_id: 'u1', status: 'suspended' }), []],
  ['user without login', () => validateSisRow(USERS_CSV, { user_id: 'U1', login_id: '', status: 'active' }), ['login_id is required']],
  ['user with a lone surrogate', () => validateSisRow(USERS_CSV, { user_id: 'U1', login_id: 'u1', status: 'active', full_name: 'bad \uD800' }), ['full_name is not valid UTF-8 text']],
  ['user boolean given as text', () => validateSisRow(USERS_CSV, { user_id: 'U1', login_id: 'u1', status: 'active', home_account: 'yes' as never }), ['home_account must be true or false']],
  ['enrollment by section + user_integration_id + role_id', () => validateSisRow(ENROLLMENTS_CSV, { section_id: 'S1', user_integration_id: 'I1', role_id: '7', status: 'deleted_last_completed' }), []],
  ['enrollment with neither course nor section, nor user, nor role', () => validateSisRow(ENROLLMENTS_CSV, { status: 'active' }), ['one of course_id or section_id is required', 'one of user_id or user_integration_id is required', 'one of role or role_id is required']],
  ['enrollment status suspended', () => validateSisRow(ENROLLMENTS_CSV, { course_id: 'C1', user_id: 'U1', role: 'student', status: 'suspended' as never }), ['status "suspended" is not one of active, deleted, completed, inactive, deleted_last_completed']],
  ['observer link', () => validateSisRow(USER_OBSERVERS_CSV, { observer_id: 'P1', student_id: 'U1', status: 'deleted' }), []],
  ['xlist without target course', () => validateSisRow(XLISTS_CSV, { xlist_course_id: '', section_id: 'S1', status: 'active' }), ['xlist_course_id is required']],
  ['change_sis_id integration ids', () => validateSisRow(CHANGE_SIS_ID_CSV, { old_integration_id: 'a', new_integration_id: '<delete>', type: 'user' }), []],
  ['change_sis_id bad type', () => validateSisRow(CHANGE_SIS_ID_CSV, { old_id: 'a', new_id: 'b', type: 'login' as never }), ['type "login" is not one of account, term, course, section, group, group_category, user']],
  ['unknown column', () => validateSisRow(XLISTS_CSV, { xlist_course_id: 'C', section_id: 'S', status: 'active', course_id: 'x' } as never), ['unknown column course_id (xlists.csv has: xlist_course_id, section_id, status)']],
];

describe('validateSisRow', () => {
  it.each(cases)('%s', (_name, run, expected) => {
    expect(run()).toEqual(expected);
  });
});
