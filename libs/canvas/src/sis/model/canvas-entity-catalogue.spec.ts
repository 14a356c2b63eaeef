import { CANVAS_ENTITY_CATALOGUE, CANVAS_ENTITY_TYPES, ENROLLMENT_DROP_STATUSES, isCanvasEntityType, isDestructiveStatus, type CanvasEntityType } from './canvas-entity-catalogue';
import { SIS_CSV_KINDS, SIS_CSV_SPECS } from '.';

describe('the Canvas SIS entity catalogue', () => {
  it('holds every entity type once, each with its own CSV file, in Canvas import order', () => {
    expect(Object.keys(CANVAS_ENTITY_CATALOGUE)).toEqual([...CANVAS_ENTITY_TYPES]);
    const kinds = CANVAS_ENTITY_TYPES.map((type) => CANVAS_ENTITY_CATALOGUE[type].csv.kind);
    expect(kinds).toEqual(SIS_CSV_KINDS.filter((kind) => kinds.includes(kind)));
    for (const type of CANVAS_ENTITY_TYPES) expect(SIS_CSV_SPECS[CANVAS_ENTITY_CATALOGUE[type].csv.kind]).toBe(CANVAS_ENTITY_CATALOGUE[type].csv);
  });

  it.each<[CanvasEntityType, string | undefined, boolean]>([
    ['account', 'deleted', true],
    ['account', 'active', false],
    ['course', 'completed', false],
    ['course', 'deleted', true],
    ['user', 'deleted', true],
    ['enrollment', 'inactive', true],
    ['enrollment', 'completed', true],
    ['enrollment', 'deleted_last_completed', true],
    ['enrollment', 'active', false],
    ['user_observer', 'deleted', true],
    ['section', undefined, false],
  ])('%s with status %s destroys in Canvas: %s', (type, status, destructive) => {
    expect(isDestructiveStatus(type, status)).toBe(destructive);
  });

  it("gives a tenant's drop policy the enrollment's destructive statuses, each a status enrollments.csv accepts", () => {
    expect(ENROLLMENT_DROP_STATUSES).toEqual(['inactive', 'completed', 'deleted', 'deleted_last_completed']);
    for (const status of ENROLLMENT_DROP_STATUSES) expect(CANVAS_ENTITY_CATALOGUE.enrollment.csv.enums.status).toContain(status);
  });

  it('tells a known entity type from one read off the wire that it does not hold', () => {
    expect(isCanvasEntityType('user_observer')).toBe(true);
    expect(isCanvasEntityType('group')).toBe(false);
    expect(isCanvasEntityType('toString')).toBe(false);
  });
});
