import { COMPATIBILITY, SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import type { Agent } from 'node:https';
import { PermanentError, RetriableError } from '../errors';
import type { SchemaRegistryAccess } from '../kafka/kafka-security';
import { registryFailure, registryFailureKind } from './registry-failure';
import { registryAgent, registryRequest } from './registry-request';
import type { AvroSchemaJson, TopicDefinition } from '../topics/topic-catalogue';

/** Subject under which a topic's value schema is registered. */
export const valueSubject = (topic: string): string => `${topic}-value`;

/** The registry refused a schema because it breaks readers of the existing versions. Permanent. */
export class SchemaCompatibilityError extends PermanentError {
  constructor(subject: string, detail: string) {
    super(`schema for ${subject} is not BACKWARD compatible with the registered versions: ${detail}; ` +
      'add new fields with a default (or a new topic) instead');
    this.name = 'SchemaCompatibilityError';
  }
}

/** Bytes that are not an Avro record of a known schema (wrong magic byte, unknown id, corrupt data). Permanent. */
export class PoisonRecordError extends PermanentError {
  constructor(detail: string, options?: { cause?: unknown }) {
    super(`record value cannot be decoded as Avro: ${detail}`, options);
    this.name = 'PoisonRecordError';
  }
}

/** What another process registering the same subject at the same moment makes the registry answer. */
const RACING_REGISTRATION = /Compatibility does not match|rule named 'COMPATIBILITY' already exists/i;

/**
 * Avro values in the Confluent wire format, with schemas kept in the repo and registered per topic
 * (`<topic>-value`, BACKWARD compatibility) in a Confluent-compatible registry such as Apicurio's ccompat API.
 */
export class AvroSerde {
  private readonly registry: SchemaRegistry;
  private readonly schemaIds = new Map<string, number>();
  private readonly agent?: Agent;

  /** `access`: basic auth and a private CA for a registry behind TLS (SCHEMA_REGISTRY_USERNAME/_PASSWORD/_CA_FILE). */
  constructor(private readonly registryUrl: string, private readonly access: SchemaRegistryAccess = {}) {
    this.agent = registryAgent(access);
    this.registry = new SchemaRegistry({
      host: registryUrl.replace(/\/+$/, ''),
      ...(access.auth ? { auth: access.auth } : {}),
      ...(this.agent ? { agent: this.agent } : {}),
    });
  }

  /** Registers the value schemas of the definitions that have one; returns topic → schema id. */
  async registerTopics(defs: TopicDefinition[]): Promise<Map<string, number>> {
    for (const def of defs) if (def.valueSchema) await this.register(def.name, def.valueSchema);
    return new Map(this.schemaIds);
  }

  /** Registers (idempotently) `schema` as the value schema of `topic` and pins BACKWARD compatibility on the subject. */
  async register(topic: string, schema: AvroSchemaJson): Promise<number> {
    const subject = valueSubject(topic);
    let id: number;
    try {
      ({ id } = await this.registerRacing(subject, schema));
    } catch (error) {
      if ((error as { status?: number }).status === 409) throw new SchemaCompatibilityError(subject, (error as Error).message);
      throw registryFailure(error, `registering ${subject}`);
    }
    await this.setCompatibility(subject, 'BACKWARD');
    this.schemaIds.set(topic, id);
    return id;
  }

  /**
   * Services starting together register the same subjects at once; the client checks the subject's level right
   * after another process created it ("Compatibility does not match the configuration"), or creates the subject's
   * compatibility rule just after another process did (Apicurio: 409 "A rule named 'COMPATIBILITY' already exists"):
   * pin it and try again.
   */
  private async registerRacing(subject: string, schema: AvroSchemaJson, attempts = 5): Promise<{ id: number }> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.registry.register(
          { type: SchemaType.AVRO, schema: JSON.stringify(schema) },
          { subject, compatibility: COMPATIBILITY.BACKWARD },
        );
      } catch (error) {
        if (attempt >= attempts || !RACING_REGISTRATION.test((error as Error).message)) throw error;
        await this.setCompatibility(subject, 'BACKWARD').catch(() => undefined);
        await new Promise((r) => setTimeout(r, 100 * attempt));
      }
    }
  }

  /** Sets a subject's compatibility level (the registry's global default may differ). */
  async setCompatibility(subject: string, level: string): Promise<void> {
    const res = await registryRequest(`${this.registryUrl.replace(/\/+$/, '')}/config/${encodeURIComponent(subject)}`, {
      method: 'PUT',
      contentType: 'application/vnd.schemaregistry.v1+json',
      body: JSON.stringify({ compatibility: level }),
    }, this.access, this.agent).catch((error: unknown) => {
      throw registryFailure(error, `setting the compatibility of ${subject}`); // no answer at all: retriable
    });
    if (res.status === 401 || res.status === 403) {
      throw new PermanentError(`the schema registry refused to set the compatibility of ${subject} (HTTP ${res.status}); check SCHEMA_REGISTRY_USERNAME/PASSWORD`);
    }
    if (res.status < 200 || res.status >= 300) throw new RetriableError(`schema registry: setting compatibility of ${subject} failed: HTTP ${res.status} ${res.text}`);
  }

  /**
   * Encodes a value with the schema this process registered for the topic (else the latest registered one). Only
   * the first value of a topic this process did not register asks the registry; that failing is retriable.
   */
  async encode(topic: string, value: unknown): Promise<Buffer> {
    let id = this.schemaIds.get(topic);
    if (id === undefined) {
      try {
        id = await this.registry.getLatestSchemaId(valueSubject(topic));
        await this.registry.getSchema(id); // cached from here on: encoding below then never fails for the registry
      } catch (error) {
        if (registryFailureKind(error) === 'not-found') { // a deployment step missing, not a bad record: it waits
          throw new RetriableError(`the schema registry has no schema for ${topic} (subject ${valueSubject(topic)}); run \`ops migrate\` or start a service that registers it`, { cause: error });
        }
        throw registryFailure(error, `looking up the schema of ${topic}`, 'wait');
      }
      this.schemaIds.set(topic, id);
    }
    try {
      return await this.registry.encode(id, value);
    } catch (error) {
      throw new PermanentError(`value for ${topic} does not match its schema: ${(error as Error).message}`, { cause: error });
    }
  }

  /** Decodes wire-format bytes with the writer's schema; undecodable bytes throw PoisonRecordError. */
  async decode<T = unknown>(buffer: Buffer): Promise<T> {
    if (buffer.length < 5 || buffer[0] !== 0) throw new PoisonRecordError('missing the Confluent magic byte and schema id');
    const id = buffer.readInt32BE(1);
    try {
      await this.registry.getSchema(id); // cached after the first call
    } catch (error) {
      if (registryFailureKind(error) === 'not-found') throw new PoisonRecordError(`schema id ${id} is unknown to the registry`, { cause: error });
      throw registryFailure(error, `fetching schema ${id}`, 'wait');
    }
    try {
      return (await this.registry.decode(buffer)) as T;
    } catch (error) {
      throw new PoisonRecordError(`${(error as Error).message} (schema id ${id})`, { cause: error });
    }
  }
}
