import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { freePort } from '../support';

const run = promisify(execFile);

/**
 * A private PostgreSQL cluster for one test (own data folder under /var/tmp, own port on 127.0.0.1), so a test
 * can restart the database without touching the shared server. As root the tools run as `postgres`
 * (PostgreSQL refuses root), as scripts/services.sh does. Database `rostering`, user `rostering`.
 */
export class PrivatePostgres {
  private constructor(readonly dir: string, readonly port: number, private readonly bin: string) {}

  get url(): string {
    return `postgres://rostering:rostering@127.0.0.1:${this.port}/rostering`;
  }

  static async start(): Promise<PrivatePostgres> {
    const versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(a) - Number(b));
    if (versions.length === 0) throw new Error('PostgreSQL is not installed (run `npm run services:up` once, it installs it)');
    const pg = new PrivatePostgres(mkdtempSync('/var/tmp/rp-e2e-pg-'), await freePort(), `/usr/lib/postgresql/${versions.at(-1)}/bin`);
    chmodSync(pg.dir, 0o777);
    if (process.getuid?.() === 0) await run('chown', ['-R', 'postgres:postgres', pg.dir]);
    await pg.tool('initdb', ['-D', pg.data, '-U', 'postgres', '--auth-local=trust', '--auth-host=trust', '-E', 'UTF8']);
    await pg.ctl('start');
    await pg.tool('psql', ['-h', pg.dir, '-p', String(pg.port), '-U', 'postgres', '-v', 'ON_ERROR_STOP=1', '-qAt',
      '-c', "create role rostering login createdb password 'rostering'", '-c', 'create database rostering owner rostering']);
    return pg;
  }

  private get data(): string {
    return join(this.dir, 'data');
  }

  /** Fast restart: every open connection is cut, the server is back a moment later. */
  async restart(): Promise<void> {
    await this.ctl('restart');
  }

  /** The server down (fast shutdown: every connection cut); nothing answers on its port until `resume()`. */
  async pause(): Promise<void> {
    await this.ctl('stop');
  }

  /** The server up again with the same data and port. */
  async resume(): Promise<void> {
    await this.ctl('start');
  }

  /** When the server (re)started, as the server says. */
  async startedAt(): Promise<string> {
    const client = new Client({ connectionString: this.url });
    await client.connect();
    try {
      return String((await client.query('SELECT pg_postmaster_start_time()::text AS t')).rows[0].t);
    } finally {
      await client.end();
    }
  }

  async stop(): Promise<void> {
    await this.ctl('stop').catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }

  private ctl(action: 'start' | 'stop' | 'restart'): Promise<unknown> {
    return this.tool('pg_ctl', ['-D', this.data, '-l', join(this.dir, 'postgres.log'), '-w', '-t', '60', '-m', 'fast',
      '-o', `-c listen_addresses=127.0.0.1 -p ${this.port} -k ${this.dir} -c max_connections=200 -c fsync=off`, action]);
  }

  private async tool(name: string, args: string[]): Promise<unknown> {
    const asRoot = process.getuid?.() === 0;
    const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(this.bin, name), ...args]] : [join(this.bin, name), args];
    return run(cmd, argv, { cwd: '/', timeout: 90_000 });
  }
}
