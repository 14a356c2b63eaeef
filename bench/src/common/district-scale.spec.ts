import { DISTRICT_SIZES, resolveSize } from '@rp/fixtures';
import { districtSizeFor, parseStudents } from './district-scale';

describe('benchmark district scales', () => {
  it('400k is exactly the large district of docs/product.md', () => {
    expect(districtSizeFor('400k')).toEqual(DISTRICT_SIZES.large);
  });

  it('smaller scales keep the large district proportions (5 enrollments and ~0.2 classes per student)', () => {
    const size = districtSizeFor('50k');
    expect(size).toEqual({ schools: 70, students: 50_000, staff: 3_125, classes: 10_000, studentEnrollments: 250_000 });
    expect(districtSizeFor('5k').studentEnrollments).toBe(25_000);
  });

  it.each(['1', '60', '1k', '5k', '50k', '400k'])('%s is a size the generator can build', (scale) => {
    expect(() => resolveSize(districtSizeFor(scale))).not.toThrow();
  });

  it('parses student counts and refuses what is not one', () => {
    expect(parseStudents('1.2m')).toBe(1_200_000);
    expect(parseStudents('1200')).toBe(1_200);
    expect(() => parseStudents('big')).toThrow('use a student count');
  });
});
