/**
 * Shared building blocks of OneRoster 1.2 records, in the NORMALISED form this library hands out:
 * field names exactly as in the 1.2 OpenAPI documents, but "true"/"false" string flags as real booleans
 * and GUIDRef `href` optional (real providers and IC omit it). `toWireRecord` converts back for requests.
 */
export type RecordStatus = 'active' | 'tobedeleted';

/** An extension value of an extensible vocabulary, e.g. `ext:IC.coTeacher`. */
export type ExtValue = `ext:${string}`;

/** Free extension object; the only place 1.2 allows provider extensions. */
export type Metadata = Record<string, unknown>;

/** ISO 8601 date-time in UTC, e.g. `2024-08-01T12:00:00.000Z`. */
export type DateTimeString = string;
/** ISO 8601 calendar date, e.g. `2024-08-01` (end dates are exclusive in OneRoster 1.2). */
export type DateString = string;

/** Fields every top-level OneRoster object carries. */
export interface BaseRecord {
  sourcedId: string;
  status: RecordStatus;
  dateLastModified: DateTimeString;
  metadata?: Metadata;
}

/** Keys of T that are required (not marked `?`). */
export type RequiredKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? never : K }[keyof T];
/** Keys of T that are optional. */
export type OptionalKeys<T> = Exclude<keyof T, RequiredKeys<T>>;

type ExactFields<T, R extends readonly PropertyKey[], O extends readonly PropertyKey[]> = [
  Exclude<RequiredKeys<T>, R[number]>,
] extends [never]
  ? [Exclude<OptionalKeys<T>, O[number]>] extends [never]
    ? unknown
    : { missingOptionalFields: Exclude<OptionalKeys<T>, O[number]> }
  : { missingRequiredFields: Exclude<RequiredKeys<T>, R[number]> };

/** Runtime list of a type's property names; the compiler rejects a list that drifts from the TS type. */
export interface FieldList {
  readonly required: readonly string[];
  readonly optional: readonly string[];
}

/**
 * Declares the field names of T at runtime. Compile error if a name is missing, extra, or in the wrong
 * (required/optional) list — so the runtime list (checked against the OpenAPI schemas in a test) cannot lie about T.
 */
export const fieldsOf =
  <T>() =>
  <const R extends readonly RequiredKeys<T>[], const O extends readonly OptionalKeys<T>[]>(
    fields: { required: R; optional: O } & ExactFields<T, R, O>,
  ): { required: R; optional: O } =>
    fields;

export const baseRequiredFields = ['sourcedId', 'status', 'dateLastModified'] as const;
