import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export type TenantStatus = 'active' | 'paused' | 'disabled';

/** Infinite Campus OneRoster connection (the client secret is stored encrypted in its own column). */
export interface IcSettings {
  baseUrl: string;
  tokenUrl: string;
  clientId: string;
  pageSize?: number;
  maxConcurrentRequests?: number;
  peakHours?: { from: string; to: string; timeZone: string; maxConcurrentRequests: number };
}

/** Canvas instance (the API token is stored encrypted in its own column). */
export interface CanvasSettings {
  baseUrl: string;
  rootAccountId: string;
  liveEventsJwksUrl?: string;
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

  /** `encryptSecret(...)` output (v1:iv:tag:data), never plaintext. */
  @Column({ name: 'ic_client_secret_encrypted', type: 'text', nullable: true })
  icClientSecretEncrypted!: string | null;

  @Column({ name: 'canvas_token_encrypted', type: 'text', nullable: true })
  canvasTokenEncrypted!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
