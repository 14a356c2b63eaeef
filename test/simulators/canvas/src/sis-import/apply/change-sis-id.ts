import { isBlank, type ApplyContext } from './context';

type Row = Record<string, string>;
type Ided = { id: number; sisId: string | null; integrationId: string | null };

function tableFor(ctx: ApplyContext, type: string): Map<number, Ided> | null {
  const s = ctx.state;
  const tables: Record<string, Map<number, Ided>> = {
    user: s.users, course: s.courses, section: s.sections, term: s.terms, account: s.accounts,
  };
  return tables[type] ?? null;
}

/** change_sis_id.csv (runs first), with SIS::ChangeSisIdImporter's conflict and lookup messages. */
export function applyChangeSisId(ctx: ApplyContext, r: Row): boolean {
  const type = r.type.trim().toLowerCase();
  const table = tableFor(ctx, type);
  if (!table) {
    ctx.warn(`Objects of type '${type}' are not modelled by the Canvas simulator`);
    return false;
  }
  const column = type === 'user' ? 'sis_user_id' : 'sis_source_id';
  const rows = [...table.values()];
  if (!isBlank(r.new_id) && rows.some((x) => x.sisId === r.new_id)) {
    ctx.warn(`A new_id, '${r.new_id}', referenced an existing ${type} and the ${type} with ${column} '${r.old_id}' was not updated`);
    return false;
  }
  if (!isBlank(r.new_integration_id) && r.new_integration_id !== '<delete>' && rows.some((x) => x.integrationId === r.new_integration_id)) {
    ctx.warn(`A new_integration_id, '${r.new_integration_id}', referenced an existing ${type} and the ${type} with integration_id '${r.old_integration_id}' was not updated`);
    return false;
  }
  const byOld = isBlank(r.old_id) ? undefined : rows.find((x) => x.sisId === r.old_id);
  const byOldInt = isBlank(r.old_integration_id) ? undefined : rows.find((x) => x.integrationId === r.old_integration_id);
  let item: Ided | undefined;
  if (!isBlank(r.old_id) && !isBlank(r.old_integration_id)) {
    if (byOld !== byOldInt) {
      ctx.warn(`An old_id, '${r.old_id}', referenced a different ${type} than the old_integration_id, '${r.old_integration_id}'`);
      return false;
    }
    item = byOld;
  } else if (!isBlank(r.old_id)) {
    if (!byOld) {
      ctx.warn(`An old_id, '${r.old_id}', referenced a non-existent ${type} and was not changed.`);
      return false;
    }
    item = byOld;
  } else {
    if (!byOldInt) {
      ctx.warn(`An old_integration_id, '${r.old_integration_id}', referenced a non-existent ${type} and was not changed.`);
      return false;
    }
    item = byOldInt;
  }
  if (!item) return false;
  if (!isBlank(r.new_id)) item.sisId = r.new_id;
  if (!isBlank(r.new_integration_id)) item.integrationId = r.new_integration_id === '<delete>' ? null : r.new_integration_id;
  return true;
}
