import { EntityKind, booleanFields, entityFields, userRoles } from '../model';
import { absoluteHref, lenientBoolean, lenientDate, lenientGuidRef, lenientNumber, lenientVocabulary, withoutNulls } from './lenient-values';
import { dateFieldsByKind, guidRefFieldsByKind, numberFieldsByKind, stringListFields, vocabularyFieldsByKind } from './record-shape';

/** A record after lenient normalisation (not yet validated), with notes on every repair made. */
export interface NormalisedRecord {
  record: Record<string, unknown>;
  /** Human-readable repairs, e.g. "status 'inactive' (1.1) read as 'tobedeleted'". */
  notes: string[];
  /** Repairs a run counts per type (`<type>.repaired.<repair>`), once per record each. */
  repairs: RecordRepair[];
}

/** Repairs of what the standard leaves loose, counted per tenant and type and shown by `ops runs show`. */
export type RecordRepair = 'relative-href' | 'empty-username';

export interface NormaliseOptions {
  /** The service base URL the record was read from: relative GUIDRef hrefs are resolved against it. */
  baseUrl?: string;
}

/** 1.1 user roles that no longer exist in 1.2 and what we read them as. */
const legacyUserRoles: Record<string, string> = {
  // 1.2 split 1.1's administrator; most 1.1 providers (IC included) used it for school-level staff.
  administrator: 'siteAdministrator',
};

/**
 * Turns what real providers send into the normalised 1.2 shape: string booleans → booleans, `inactive` → `tobedeleted`,
 * GUIDRefs without href/type completed, 1.1 `role`+`orgs` → `roles[]`, vocabulary case repaired (`ext:` kept),
 * nulls dropped, fields unknown to 1.2 moved into `metadata` (the only place 1.2 allows extensions).
 */
export function normaliseRecord(kind: EntityKind, raw: unknown, options: NormaliseOptions = {}): NormalisedRecord {
  const notes: string[] = [];
  const repairs = new Set<RecordRepair>();
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    return { record: {}, notes: [`expected a JSON object, got ${Array.isArray(raw) ? 'an array' : typeof raw}`], repairs: [] };
  }
  const record = withoutNulls(raw) as Record<string, unknown>;
  const onRelativeHref = (href: string) => {
    repairs.add('relative-href');
    return absoluteHref(href, options.baseUrl);
  };

  normaliseCommon(record, notes);
  if (kind === 'user') {
    normaliseUserLegacy(record, notes, onRelativeHref);
    // 1.2 requires username to be a string, not a non-empty one: "" is no login id, so the login fallback applies.
    if (typeof record.username === 'string' && record.username.trim() === '') {
      delete record.username;
      repairs.add('empty-username');
      notes.push('empty username read as absent');
    }
  }

  for (const field of booleanFields[kind] ?? []) repair(record, field, lenientBoolean);
  for (const field of dateFieldsByKind[kind] ?? []) repair(record, field, lenientDate);
  for (const field of numberFieldsByKind[kind] ?? []) repair(record, field, lenientNumber);
  for (const [field, vocab] of Object.entries(vocabularyFieldsByKind[kind] ?? {})) {
    repair(record, field, (v) => lenientVocabulary(v, vocab));
  }
  for (const [field, shape] of Object.entries(guidRefFieldsByKind[kind])) {
    if (record[field] === undefined) continue;
    if (shape.many) {
      const list = Array.isArray(record[field]) ? (record[field] as unknown[]) : [record[field]];
      record[field] = list.map((ref) => lenientGuidRef(ref, shape.type, onRelativeHref));
    } else {
      record[field] = lenientGuidRef(record[field], shape.type, onRelativeHref);
    }
  }
  for (const field of stringListFields) {
    if (typeof record[field] === 'string') {
      record[field] = (record[field] as string).split(',').map((s) => s.trim()).filter(Boolean);
    }
  }
  moveUnknownFieldsToMetadata(kind, record, notes);
  if (repairs.has('relative-href')) notes.push(`relative GUIDRef hrefs resolved against ${options.baseUrl ?? '(no base URL: dropped)'}`);
  return { record, notes, repairs: [...repairs] };
}

function repair(record: Record<string, unknown>, field: string, fix: (value: unknown) => unknown): void {
  if (record[field] !== undefined) record[field] = fix(record[field]);
}

function normaliseCommon(record: Record<string, unknown>, notes: string[]): void {
  if (record.sourcedId !== undefined && typeof record.sourcedId !== 'string') record.sourcedId = String(record.sourcedId);
  if (typeof record.status === 'string') {
    const status = record.status.trim().toLowerCase();
    // OneRoster 1.2 reads 1.1's `inactive` as `tobedeleted` (there is no inactive state in 1.2).
    if (status === 'inactive') notes.push("status 'inactive' (1.1) read as 'tobedeleted'");
    record.status = status === 'inactive' ? 'tobedeleted' : status;
  }
  // 1.2 demands UTC; an offset timestamp is the same instant, so convert instead of rejecting it.
  const modified = record.dateLastModified;
  if (typeof modified === 'string' && /T.*[+-]\d{2}:?\d{2}$/.test(modified) && !Number.isNaN(Date.parse(modified))) {
    record.dateLastModified = new Date(modified).toISOString();
  }
}

function normaliseUserLegacy(user: Record<string, unknown>, notes: string[], onRelativeHref: (href: string) => string | undefined): void {
  const legacyOrgs = user.orgs === undefined ? [] : Array.isArray(user.orgs) ? user.orgs : [user.orgs];
  if (user.roles === undefined && user.role !== undefined) {
    const role = lenientVocabulary(user.role, userRoles) as string;
    const mapped = legacyUserRoles[role] ?? role;
    if (mapped !== role) notes.push(`1.1 user role '${role}' read as '${mapped}'`);
    const orgs = legacyOrgs.length > 0 ? legacyOrgs : user.primaryOrg ? [user.primaryOrg] : [];
    user.roles = orgs.map((org, index) => ({ roleType: index === 0 ? 'primary' : 'secondary', role: mapped, org }));
    notes.push(`1.1 single role '${role}' with ${orgs.length} org(s) read as roles[]`);
    if (user.primaryOrg === undefined && orgs.length > 0) user.primaryOrg = orgs[0];
  } else if (user.role !== undefined) {
    notes.push('1.1 field role ignored: roles[] present');
  }
  if (user.orgs !== undefined && user.role === undefined) notes.push('1.1 field orgs ignored: roles[] carry the orgs');
  delete user.role;
  delete user.orgs;

  if (Array.isArray(user.roles)) {
    user.roles = user.roles.map((entry) => normaliseRole(entry, notes, onRelativeHref));
  }
}

function normaliseRole(entry: unknown, notes: string[], onRelativeHref: (href: string) => string | undefined): unknown {
  if (!entry || typeof entry !== 'object') return entry;
  const role = { ...(entry as Record<string, unknown>) };
  if (role.role !== undefined) {
    const value = lenientVocabulary(role.role, userRoles) as string;
    role.role = legacyUserRoles[value] ?? value;
    if (role.role !== value) notes.push(`1.1 user role '${value}' read as '${String(role.role)}'`);
  }
  if (role.roleType !== undefined) role.roleType = lenientVocabulary(role.roleType, ['primary', 'secondary']);
  if (role.org !== undefined) role.org = lenientGuidRef(role.org, 'org', onRelativeHref);
  for (const field of ['beginDate', 'endDate']) repair(role, field, lenientDate);
  return role;
}

function moveUnknownFieldsToMetadata(kind: EntityKind, record: Record<string, unknown>, notes: string[]): void {
  const known = new Set([...entityFields[kind].required, ...entityFields[kind].optional]);
  const unknown = Object.keys(record).filter((field) => !known.has(field));
  if (unknown.length === 0) return;
  const metadata = (record.metadata && typeof record.metadata === 'object' ? record.metadata : {}) as Record<string, unknown>;
  for (const field of unknown) {
    if (!(field in metadata)) metadata[field] = record[field];
    delete record[field];
  }
  record.metadata = metadata;
  notes.push(`fields unknown to OneRoster 1.2 moved into metadata: ${unknown.join(', ')}`);
}
