import type { DataSource, Repository } from 'typeorm';
import { canonicalCanvasBaseUrl } from '@rp/canvas';
import { SecretKeyring } from '@rp/config';
import { CanvasSettings, IcSettings, TenantEntity, TenantStatus } from './tenant.entity';

/** What an operator gives to add a tenant; secrets in plain text here, encrypted before they reach the database. */
export interface NewTenant {
  id: string;
  name: string;
  ic: IcSettings & { clientSecret: string; vendorAuthorization?: string };
  canvas: CanvasSettings & { token: string };
  mapping?: Record<string, unknown>;
  thresholds?: Record<string, unknown>;
  passback?: Record<string, unknown>;
  schedule?: Record<string, unknown>;
  notifications?: Record<string, unknown>;
}

/** A tenant as shown to people: settings, and which secrets are set — never their values. */
export interface TenantSummary {
  id: string;
  name: string;
  status: TenantStatus;
  ic: Partial<IcSettings>;
  canvas: Partial<CanvasSettings>;
  mapping: Record<string, unknown>;
  thresholds: Record<string, unknown>;
  passback: Record<string, unknown>;
  schedule: Record<string, unknown>;
  /** Notification thresholds as stored (libs/config NotificationSettings); always set on a summary read from the store. */
  notifications?: Record<string, unknown>;
  secrets: { icClientSecret: boolean; canvasToken: boolean; icVendorAuthorization: boolean };
  updatedAt: Date;
}

/** A tenant with decrypted secrets, for the services that call IC and Canvas. Never log it. */
export interface TenantConnection extends Omit<TenantSummary, 'secrets'> {
  ic: IcSettings & { clientSecret: string; vendorAuthorization?: string };
  canvas: CanvasSettings & { token: string };
}

export type TenantPatch = Partial<Omit<NewTenant, 'id' | 'ic' | 'canvas'>> & {
  status?: TenantStatus;
  ic?: Partial<NewTenant['ic']>;
  canvas?: Partial<NewTenant['canvas']>;
};

/** What `rotateSecrets` did for one tenant: the secret fields it re-sealed with the key `keyId`. */
export interface SecretRotation {
  tenant: string;
  resealed: string[];
  keyId: string;
}

type SecretProperty = 'icClientSecretEncrypted' | 'canvasTokenEncrypted' | 'icVendorAuthorizationEncrypted';

/** Each encrypted column and the field name its ciphertext is bound to (associated data). */
const SECRET_COLUMNS: readonly { property: SecretProperty; field: string }[] = [
  { property: 'icClientSecretEncrypted', field: 'ic.clientSecret' },
  { property: 'canvasTokenEncrypted', field: 'canvas.token' },
  { property: 'icVendorAuthorizationEncrypted', field: 'ic.vendorAuthorization' },
];

const TENANT_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;

export class TenantNotFoundError extends Error {
  constructor(id: string) {
    super(`tenant ${id} does not exist; list tenants with \`ops tenants list\``);
    this.name = 'TenantNotFoundError';
  }
}

/** A tenant would share its Canvas account with another one. The operator's to fix; names the other tenant. */
export class TenantConflictError extends Error {
  constructor(readonly tenant: string, readonly otherTenant: string, what: string) {
    super(`tenant ${tenant}: ${what} already belongs to tenant ${otherTenant}; one Canvas account serves one tenant — ` +
      `check the base URL and root account, or change ${otherTenant} first (\`ops tenants show ${otherTenant}\`)`);
    this.name = 'TenantConflictError';
  }
}

/**
 * Tenants and their settings (admin store). Secrets are AES-256-GCM encrypted with the tenant id and field as
 * associated data, so a ciphertext copied into another tenant's row or column does not decrypt.
 */
export class TenantRepository {
  private readonly repo: Repository<TenantEntity>;
  private readonly keyring: SecretKeyring;

  /** `secretsKey`: the keyring of SECRETS_KEYS (or one key); new secrets are sealed with its newest key. */
  constructor(dataSource: DataSource, secretsKey: SecretKeyring | Buffer) {
    this.repo = dataSource.getRepository(TenantEntity);
    this.keyring = SecretKeyring.of(secretsKey);
  }

  /** Throws (naming the fix) when `id` is not a valid tenant id or is taken; `create` checks it again. */
  async assertNewId(id: string): Promise<void> {
    if (!TENANT_ID.test(id)) {
      throw new Error(`tenant id "${id}" must be lower-case letters, digits and '-', at most 63 characters`);
    }
    if (await this.repo.existsBy({ id })) {
      throw new Error(`tenant ${id} already exists; change it with \`ops tenants update ${id}\``);
    }
  }

  async create(input: NewTenant): Promise<TenantSummary> {
    await this.assertNewId(input.id);
    const { clientSecret, vendorAuthorization, ...ic } = input.ic;
    const { token, ...given } = input.canvas;
    const canvas = { ...given, baseUrl: canonicalCanvasBaseUrl(given.baseUrl) };
    await this.assertCanvasAccountFree(input.id, canvas);
    const entity = this.repo.create({
      id: input.id,
      name: input.name,
      status: 'active',
      icSettings: ic,
      canvasSettings: canvas,
      mappingSettings: input.mapping ?? {},
      thresholds: input.thresholds ?? {},
      passbackSettings: input.passback ?? {},
      schedule: input.schedule ?? {},
      notificationSettings: input.notifications ?? {},
      icClientSecretEncrypted: this.seal(input.id, 'ic.clientSecret', clientSecret),
      canvasTokenEncrypted: this.seal(input.id, 'canvas.token', token),
      icVendorAuthorizationEncrypted: vendorAuthorization ? this.seal(input.id, 'ic.vendorAuthorization', vendorAuthorization) : null,
    });
    await this.repo.save(entity);
    return summaryOf(await this.entity(input.id));
  }

  async update(id: string, patch: TenantPatch): Promise<TenantSummary> {
    const entity = await this.entity(id);
    const { clientSecret, vendorAuthorization, ...ic } = patch.ic ?? {};
    const { token, ...canvas } = patch.canvas ?? {};
    if (patch.name !== undefined) entity.name = patch.name;
    if (patch.status !== undefined) entity.status = patch.status;
    entity.icSettings = { ...entity.icSettings, ...ic };
    if (canvas.baseUrl !== undefined) canvas.baseUrl = canonicalCanvasBaseUrl(canvas.baseUrl);
    entity.canvasSettings = { ...entity.canvasSettings, ...canvas };
    if (Object.keys(canvas).length > 0) await this.assertCanvasAccountFree(id, entity.canvasSettings);
    if (patch.mapping) entity.mappingSettings = { ...entity.mappingSettings, ...patch.mapping };
    if (patch.thresholds) entity.thresholds = { ...entity.thresholds, ...patch.thresholds };
    if (patch.passback) entity.passbackSettings = { ...entity.passbackSettings, ...patch.passback };
    if (patch.schedule) entity.schedule = { ...entity.schedule, ...patch.schedule };
    if (patch.notifications) entity.notificationSettings = { ...entity.notificationSettings, ...patch.notifications };
    if (clientSecret) entity.icClientSecretEncrypted = this.seal(id, 'ic.clientSecret', clientSecret);
    if (token) entity.canvasTokenEncrypted = this.seal(id, 'canvas.token', token);
    if (vendorAuthorization) entity.icVendorAuthorizationEncrypted = this.seal(id, 'ic.vendorAuthorization', vendorAuthorization);
    await this.repo.save(entity);
    return summaryOf(entity);
  }

  async list(): Promise<TenantSummary[]> {
    return (await this.repo.find({ order: { id: 'ASC' } })).map(summaryOf);
  }

  async get(id: string): Promise<TenantSummary> {
    return summaryOf(await this.entity(id));
  }

  /** The tenant with its secrets decrypted, for calling IC and Canvas. */
  async connection(id: string): Promise<TenantConnection> {
    return this.connectionOf(await this.entity(id));
  }

  /** Every active tenant with decrypted secrets (the extractor's schedule, the gateway's account map). */
  async activeConnections(): Promise<TenantConnection[]> {
    const rows = await this.repo.find({ where: { status: 'active' }, order: { id: 'ASC' } });
    return rows.map((row) => this.connectionOf(row));
  }

  private connectionOf(entity: TenantEntity): TenantConnection {
    const { secrets: _secrets, ...summary } = summaryOf(entity);
    const missing = (what: string) =>
      new Error(`tenant ${entity.id}: no ${what} is stored; set it with \`ops tenants update ${entity.id}\``);
    if (!entity.icClientSecretEncrypted) throw missing('IC client secret');
    if (!entity.canvasTokenEncrypted) throw missing('Canvas token');
    return {
      ...summary,
      ic: {
        ...(entity.icSettings as IcSettings),
        clientSecret: this.open(entity.id, 'ic.clientSecret', entity.icClientSecretEncrypted),
        vendorAuthorization: entity.icVendorAuthorizationEncrypted
          ? this.open(entity.id, 'ic.vendorAuthorization', entity.icVendorAuthorizationEncrypted)
          : undefined,
      },
      canvas: { ...(entity.canvasSettings as CanvasSettings), token: this.open(entity.id, 'canvas.token', entity.canvasTokenEncrypted) },
    };
  }

  private async entity(id: string): Promise<TenantEntity> {
    const entity = await this.repo.findOneBy({ id });
    if (!entity) throw new TenantNotFoundError(id);
    return entity;
  }

  /**
   * One Canvas account, one tenant: refuses when another tenant has the same root account uuid, or the same root
   * account id on the same (canonical) base URL. Rows stored before canonical URLs are compared canonically too.
   */
  private async assertCanvasAccountFree(id: string, canvas: Partial<CanvasSettings>): Promise<void> {
    const others = (await this.repo.find({ order: { id: 'ASC' } })).filter((row) => row.id !== id);
    for (const other of others) {
      const theirs = other.canvasSettings;
      if (canvas.rootAccountUuid && theirs.rootAccountUuid === canvas.rootAccountUuid) {
        throw new TenantConflictError(id, other.id, `the Canvas root account with uuid ${canvas.rootAccountUuid}`);
      }
      const sameUrl = !!theirs.baseUrl && !!canvas.baseUrl && safeCanonical(theirs.baseUrl) === canvas.baseUrl;
      if (sameUrl && String(theirs.rootAccountId) === String(canvas.rootAccountId)) {
        throw new TenantConflictError(id, other.id, `Canvas root account ${canvas.rootAccountId} at ${canvas.baseUrl}`);
      }
    }
  }

  /**
   * Re-seals every tenant's secrets that are not sealed with the newest key (`ops secrets rotate`), each tenant in
   * its own save; a secret no configured key opens stops the rotation with the tenant named.
   */
  async rotateSecrets(): Promise<SecretRotation[]> {
    const out: SecretRotation[] = [];
    for (const entity of await this.repo.find({ order: { id: 'ASC' } })) {
      const resealed: string[] = [];
      for (const column of SECRET_COLUMNS) {
        const sealed = entity[column.property];
        if (!sealed || !this.keyring.isStale(sealed)) continue;
        let plain: string;
        try {
          plain = this.open(entity.id, column.field, sealed);
        } catch (error) {
          throw new Error(`tenant ${entity.id}: ${column.field}: ${(error as Error).message}`);
        }
        entity[column.property] = this.seal(entity.id, column.field, plain);
        resealed.push(column.field);
      }
      if (resealed.length > 0) await this.repo.save(entity);
      out.push({ tenant: entity.id, resealed, keyId: this.keyring.currentKeyId });
    }
    return out;
  }

  private seal(tenant: string, field: string, plain: string): string {
    return this.keyring.encrypt(plain, `tenant:${tenant}:${field}`);
  }

  private open(tenant: string, field: string, sealed: string): string {
    return this.keyring.decrypt(sealed, `tenant:${tenant}:${field}`);
  }
}

function safeCanonical(url: string): string {
  try {
    return canonicalCanvasBaseUrl(url);
  } catch {
    return url;
  }
}

function summaryOf(e: TenantEntity): TenantSummary {
  return {
    id: e.id,
    name: e.name,
    status: e.status,
    ic: e.icSettings,
    canvas: e.canvasSettings,
    mapping: e.mappingSettings,
    thresholds: e.thresholds,
    passback: e.passbackSettings,
    schedule: e.schedule,
    notifications: e.notificationSettings ?? {},
    secrets: {
      icClientSecret: !!e.icClientSecretEncrypted,
      canvasToken: !!e.canvasTokenEncrypted,
      icVendorAuthorization: !!e.icVendorAuthorizationEncrypted,
    },
    updatedAt: e.updatedAt,
  };
}
