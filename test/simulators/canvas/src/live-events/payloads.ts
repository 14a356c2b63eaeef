import { randomBytes, randomUUID } from 'node:crypto';
import { isoMillis } from '../clock';
import type { Course, User } from '../state/model';
import type { RootAccountState } from '../state/root-account-state';

export interface LiveEventPayload {
  metadata: Record<string, unknown>;
  body: Record<string, unknown>;
}

/** Who caused the event: a user in a request (teacher) or an async job (e.g. posting grades). */
export type Actor =
  | { kind: 'user'; user: User; role: string; url: string; method: string }
  | { kind: 'job'; tag: string };

/** The `metadata` block (S-LEDOC metadata.json): ids are global, as Canvas prints them. */
export function metadataFor(s: RootAccountState, eventName: string, at: number, course: Course, actor: Actor): Record<string, unknown> {
  const base: Record<string, unknown> = {
    root_account_uuid: s.uuid,
    root_account_id: s.globalId(1),
    root_account_lti_guid: `${s.uuid}.${s.hostname}`,
    producer: 'canvas',
    event_name: eventName,
    event_time: isoMillis(at),
    context_type: 'Course',
    context_id: s.globalId(course.id),
    context_sis_source_id: course.sisId,
    context_account_id: s.globalId(course.accountId),
  };
  if (actor.kind === 'job') {
    return { job_id: String(BigInt(Date.now()) * 1000n + BigInt(randomBytes(1)[0])), job_tag: actor.tag, ...base };
  }
  return {
    ...base,
    user_login: actor.user.loginId,
    user_account_id: s.globalId(1),
    user_sis_id: actor.user.sisId,
    user_id: s.globalId(actor.user.id),
    time_zone: 'America/Denver',
    context_role: actor.role,
    request_id: randomUUID(),
    session_id: randomBytes(16).toString('hex'),
    hostname: s.hostname,
    http_method: actor.method,
    user_agent: 'canvas-simulator',
    client_ip: '127.0.0.1',
    url: `https://${s.hostname}${actor.url}`,
    referrer: null,
  };
}
