import { IndexedTable, ListIndex } from './indexed-table';

interface Row {
  id: number;
  sisId: string | null;
  loginId: string;
  sectionId: number;
  name: string;
}

const table = () =>
  new IndexedTable<Row>(['sisId', 'sectionId', { field: 'loginId', key: (v) => (typeof v === 'string' ? v.toLowerCase() : v) }]);
const row = (id: number, sisId: string | null, sectionId = 1, loginId = `login${id}`): Row => ({ id, sisId, loginId, sectionId, name: `n${id}` });

describe('IndexedTable', () => {
  it('finds rows by an indexed field as a scan would', () => {
    const t = table();
    t.set(1, row(1, 'S1', 10));
    t.set(2, row(2, 'S2', 10));
    t.set(3, row(3, null, 11));
    expect(t.first('sisId', 'S2')?.id).toBe(2);
    expect(t.first('sisId', 'S9')).toBeUndefined();
    expect(t.where('sectionId', 10).map((r) => r.id)).toEqual([1, 2]);
    expect(t.first('sisId', null)).toBeUndefined(); // null values are not indexed: Canvas never matches a blank SIS id
  });

  it('follows writes to indexed fields made anywhere (assignment, Object.assign) once the row is stored', () => {
    const t = table();
    const r = row(1, 'OLD', 10);
    t.set(1, r);
    r.sisId = 'NEW'; // change_sis_id
    Object.assign(r, { sectionId: 20 }); // a section move
    expect(t.first('sisId', 'OLD')).toBeUndefined();
    expect(t.first('sisId', 'NEW')).toBe(r);
    expect(t.where('sectionId', 10)).toEqual([]);
    expect(t.where('sectionId', 20)).toEqual([r]);
  });

  it('applies the key function on both sides (case-insensitive logins)', () => {
    const t = table();
    t.set(1, row(1, 'S1', 1, 'Jane.Doe'));
    expect(t.first('loginId', 'jane.doe')?.id).toBe(1);
    t.get(1)!.loginId = 'JANE.D';
    expect(t.first('loginId', 'jane.doe')).toBeUndefined();
    expect(t.first('loginId', 'Jane.d')?.id).toBe(1);
  });

  it('forgets deleted, replaced and cleared rows', () => {
    const t = table();
    const a = row(1, 'S1');
    t.set(1, a);
    t.set(1, row(1, 'S1b'));
    expect(t.first('sisId', 'S1')).toBeUndefined();
    expect(t.first('sisId', 'S1b')?.id).toBe(1);
    t.delete(1);
    expect(t.first('sisId', 'S1b')).toBeUndefined();
    a.sisId = 'S1c'; // a row no longer stored does not come back through its accessors
    expect(t.first('sisId', 'S1c')).toBeUndefined();
    t.set(2, row(2, 'S2'));
    t.clear();
    expect(t.first('sisId', 'S2')).toBeUndefined();
    expect(t.size).toBe(0);
  });

  it('keeps rows plain for callers: spread, JSON and equality see ordinary fields', () => {
    const t = table();
    const r = row(1, 'S1', 10);
    t.set(1, r);
    expect({ ...r }).toEqual(row(1, 'S1', 10));
    expect(JSON.parse(JSON.stringify(r))).toEqual(row(1, 'S1', 10));
    expect(Object.keys(r).sort()).toEqual(['id', 'loginId', 'name', 'sectionId', 'sisId']);
  });
});

describe('ListIndex', () => {
  it('indexes an array that is pushed onto and replaced', () => {
    const index = new ListIndex<{ student: number; observer: number }, number>((l) => l.student);
    let links = [{ student: 1, observer: 7 }];
    expect(index.of(links, 1)).toEqual([{ student: 1, observer: 7 }]);
    links.push({ student: 1, observer: 8 }, { student: 2, observer: 9 });
    expect(index.of(links, 1).map((l) => l.observer)).toEqual([7, 8]);
    expect(index.of(links, 2).map((l) => l.observer)).toEqual([9]);
    links = [];
    expect(index.of(links, 1)).toEqual([]);
  });
});
