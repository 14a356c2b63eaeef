import { request as httpRequest } from 'node:http';
import { Agent, request as httpsRequest } from 'node:https';
import type { SchemaRegistryAccess } from '../kafka/kafka-security';

export interface RegistryAnswer {
  status: number;
  text: string;
}

/** The https agent trusting the registry's private CA (undefined: the system CAs). */
export function registryAgent(access: SchemaRegistryAccess): Agent | undefined {
  return access.ca ? new Agent({ ca: access.ca, keepAlive: true }) : undefined;
}

/**
 * One request to the registry with its basic auth and CA — for the calls the registry client library does not make
 * (setting a subject's compatibility). Times out after 15 s.
 */
export function registryRequest(url: string, init: { method: string; body?: string; contentType?: string }, access: SchemaRegistryAccess, agent?: Agent): Promise<RegistryAnswer> {
  const target = new URL(url);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (init.contentType) headers['content-type'] = init.contentType;
  if (access.auth) headers.authorization = `Basic ${Buffer.from(`${access.auth.username}:${access.auth.password}`).toString('base64')}`;
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(target, { method: init.method, headers, ...(target.protocol === 'https:' && agent ? { agent } : {}), timeout: 15_000 }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from the schema registry within 15 s (${init.method} ${target.pathname})`)));
    req.on('error', reject);
    req.end(init.body);
  });
}
