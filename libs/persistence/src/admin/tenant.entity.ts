import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export type TenantStatus = 'active' | 'paused' | 'disabled';

/** Infinite Campus OneRoster connection (the client secret is stored encrypted in its own column). */
export interface IcSettings {
  /** Rostering base, e.g. https://host/campus/api/ims/oneroster/rostering/v1p2 */
  baseUrl: string;
  /** Gradebook base; derived from baseUrl (rostering → gradebook) when absent. */
  gradebookUrl?: string;
  tokenUrl: string;
  /** Infinite Campus's `appName` on the token URL. */
  appName?: string;
  clientId: string;
  pageSize?: number;
  maxConcurrentRequests?: number;
  peakHours?: { from: string; to: string; timeZone: string; maxConcurrentRequests: number };
  /** Token endpoint client authentication (libs/oneroster ProviderSettings; default client_secret_basic). */
  clientAuth?: 'client_secret_basic' | 'client_secret_post';
  /** Scopes asked for at the token endpoint (default: rostering read-only, plus gradebook scopes with passback). */
  scopes?: string[];
  /** A full run's collection count falling more than this percent below the last full run holds its deletions (default 20). */
  countDropHoldPercent?: number;
  /** When the client secret expires (ISO 8601, from the operator: IC does not tell); the notifier warns before. */
  clientSecretExpiresAt?: string;
}

/** Canvas instance (the API token is stored encrypted in its own column). */
export interface CanvasSettings {
  /** Canonical (see `canonicalCanvasBaseUrl`): lower-case scheme and host, no default port, no trailing slash. */
  baseUrl: string;
  /** The root account for REST calls (`accounts/<id>`): a local id, a global id or `self`. */
  rootAccountId: string;
  /**
   * The root account's uuid (`GET /api/v1/accounts/self` → `uuid`; Live Events' `root_account_uuid`): what
   * identifies the Canvas instance for Live Events. Without it, only a global `rootAccountId` on the host of
   * `baseUrl` is accepted; a local id alone never is (every Canvas instance has a root account `1`). `ops tenants
   * add` reads it with the token; unique across tenants (ADR 0041).
   */
  rootAccountUuid?: string;
  liveEventsJwksUrl?: string;
  /** Expected `iss` / `aud` of the Live Events JWTs, when the subscription sets them (checked when set). */
  liveEventsIssuer?: string;
  liveEventsAudience?: string;
  /** Live Events older than this (JWT `iat`) are refused; default 3 hours (Canvas retries for ~20 minutes). */
  liveEventsMaxAgeSeconds?: number;
  /**
   * SHA-256 (hex) of the secret in the tenant's unsigned delivery URL (`/live-events/<secret>`, for a subscription
   * with "Sign Payload" off); set and rotated by `ops tenants live-events-url`. The secret itself is never stored.
   */
  liveEventsUrlSecretSha256?: string;
  /** When the API token expires (ISO 8601): from the operator, or Canvas's `expires_at` read by `tenants check`. */
  tokenExpiresAt?: string;
}

/** A district: its connections, mapping choices and safety thresholds. */
@Entity({ name: 'tenants' })
export class TenantEntity {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', default: 'active' })
  status!: TenantStatus;

  @Column({ name: 'ic_settings', type: 'jsonb', default: () => "'{}'::jsonb" })
  icSettings!: Partial<IcSettings>;

  @Column({ name: 'canvas_settings', type: 'jsonb', default: () => "'{}'::jsonb" })
  canvasSettings!: Partial<CanvasSettings>;

  /** Mapping strategies (terms, sections, logins, drop policy, roles...), owned by libs/mapping. */
  @Column({ name: 'mapping_settings', type: 'jsonb', default: () => "'{}'::jsonb" })
  mappingSettings!: Record<string, unknown>;

  /** Deletion/drop safety thresholds per type and per school. */
  @Column({ type: 'jsonb', default: () => "'{}'::jsonb" })
  thresholds!: Record<string, unknown>;

  /** `SecretKeyring.encrypt` output (v2:keyid:iv:tag:data; v1 before key ids), never plaintext. */
  @Column({ name: 'ic_client_secret_encrypted', type: 'text', nullable: true })
  icClientSecretEncrypted!: string | null;

  @Column({ name: 'canvas_token_encrypted', type: 'text', nullable: true })
  canvasTokenEncrypted!: string | null;

  /** IC's `x-vendor-authorization` value for gradebook writes, encrypted. */
  @Column({ name: 'ic_vendor_authorization_encrypted', type: 'text', nullable: true })
  icVendorAuthorizationEncrypted!: string | null;

  /** Grade passback settings (libs/mapping PassbackSettings). */
  @Column({ name: 'passback_settings', type: 'jsonb', default: () => "'{}'::jsonb" })
  passbackSettings!: Record<string, unknown>;

  /** Sync cadence: { deltaIntervalSeconds, fullIntervalSeconds, deltaOverlapSeconds }. */
  @Column({ type: 'jsonb', default: () => "'{}'::jsonb" })
  schedule!: Record<string, unknown>;

  /** Notification thresholds (libs/config NotificationSettings): passback refusal rate, credential expiry notice days. */
  @Column({ name: 'notification_settings', type: 'jsonb', default: () => "'{}'::jsonb" })
  notificationSettings!: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
