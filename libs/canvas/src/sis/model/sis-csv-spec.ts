/** A value a SIS CSV cell may hold before it is serialised (booleans become `true`/`false`). */
export type SisCsvValue = string | number | boolean | null | undefined;

/** The literal Canvas accepts in some optional columns to clear a stored value (doc §1.1). */
export const SIS_DELETE_MARKER = '<delete>';

/** The SIS CSV file kinds this library writes, in the order Canvas imports them (S-ORDER `IMPORTERS`). */
export const SIS_CSV_KINDS = [
  'change_sis_id',
  'accounts',
  'terms',
  'courses',
  'sections',
  'xlists',
  'users',
  'enrollments',
  'user_observers',
] as const;
export type SisCsvKind = (typeof SIS_CSV_KINDS)[number];

/**
 * What Canvas expects of one CSV file: header columns in a stable order, the columns that must be
 * present and non-empty, "one of" groups (at least one member non-empty) and the allowed statuses.
 */
export interface SisCsvSpec<Row> {
  readonly kind: SisCsvKind;
  readonly fileName: string;
  readonly columns: readonly (keyof Row & string)[];
  /** Required and non-empty on every row. */
  readonly required: readonly (keyof Row & string)[];
  /** Columns that must exist in the header even when blank (e.g. accounts.parent_account_id = root). */
  readonly alwaysPresent: readonly (keyof Row & string)[];
  /** Each group needs at least one non-empty member per row. */
  readonly oneOf: readonly (readonly (keyof Row & string)[])[];
  /** Allowed values of the column named by `enumColumn`, usually `status`. */
  readonly enums: Readonly<Partial<Record<keyof Row & string, readonly string[]>>>;
  /** Columns serialised as `true`/`false`. */
  readonly booleans: readonly (keyof Row & string)[];
}
