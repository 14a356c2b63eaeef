/** Characters that continue an id: a mention must not be part of a longer id (`stu-1` is not in `stu-10`). */
const ID_CHAR = 'A-Za-z0-9_.-';

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** True when `text` names one of `terms` as a whole id (not inside a longer one). */
export function mentionsAny(text: string, terms: readonly string[]): boolean {
  return terms.some((term) => term !== '' && new RegExp(`(^|[^${ID_CHAR}])${escapeRegExp(term)}($|[^${ID_CHAR}])`).test(text));
}

/** The same test as a PostgreSQL regular expression (`~`): any of the terms as a whole id. */
export function postgresMention(terms: string | readonly string[]): string {
  const list = (typeof terms === 'string' ? [terms] : terms).filter((t) => t !== '').map(escapeRegExp);
  return `(^|[^${ID_CHAR}])(${list.join('|')})($|[^${ID_CHAR}])`;
}

/** What erasure looks for in a topic record: its tenant, and (for a person) the ids that name them. */
export interface RecordSelector {
  tenant: string;
  /** Ids whose mention selects a record of the tenant; empty selects every record of the tenant. */
  terms: readonly string[];
}

/** True when a record (key, tenant header) belongs to the selector's tenant. */
export function ofTenant(selector: RecordSelector, key: string | null, tenantHeader: string | undefined): boolean {
  return tenantHeader === selector.tenant || (key !== null && key.startsWith(`${selector.tenant}|`));
}

/** True when a record of the tenant is selected: every one for a tenant purge, else those mentioning a term. */
export function selects(selector: RecordSelector, texts: readonly string[]): boolean {
  return selector.terms.length === 0 || texts.some((text) => mentionsAny(text, selector.terms));
}
