import { writeFile } from 'node:fs/promises';
import { ConfigError, type Env, readConfig } from '../config/config.js';
import { CodedError, codeOf } from '../errors.js';
import { createLogger } from '../log/logger.js';
import type { MailThread } from '../mail/mail-state-store.js';
import type { Team, TrackedCertificate } from '../remind/types.js';
import type { AuditEntry, StoredApplication } from '../store/application-store.js';
import type { DataKeys, Envelope } from '../store/data-keys.js';
import { type Installation, openInstallation } from './installation.js';
import type { CliCommand, CliIo } from './io.js';

/**
 * `evssl-bot export FILE` / `evssl-bot import FILE`: an installation's applications (with their
 * conversation bindings and audit trail) and tracked certificates (with their teams), as JSON lines,
 * each record sealed with the installation's data key (AES-256-GCM, bound to its kind and id): the same
 * format from SQLite or Redis, so an installation moves from the embedded file to Redis when it
 * outgrows one instance. The target needs the same DATA_KEYS (the SQLite key file's keys) to read it.
 * Import checks the whole file (header, every seal, the closing count) before it writes anything, and
 * skips what the target already holds, so a re-run after a failure finishes the move.
 */
const FORMAT = 'evssl-bot-export';
/** 2 adds each application's mail thread and the CT cursors; a version 1 file is still read. */
const VERSION = 2;
const READS = [1, 2];

const USAGE = `evssl-bot export FILE   writes applications and tracked certificates (sealed JSON lines, mode 0600)
evssl-bot import FILE   reads them into the configured store (REDIS_URL, else the SQLite file)`;

interface ApplicationRecord {
  stored: StoredApplication;
  conversations: string[];
  audit: AuditEntry[];
  /** The email thread (recipients, References): the next reply goes on in the same thread. */
  thread?: MailThread;
}
/** The CT watch's cursors: the target goes on from them instead of starting a new baseline. */
interface CtRecord {
  cursors: Array<[domain: string, cursor: string]>;
}
interface CertificateRecord {
  cert: TrackedCertificate;
  team: Team | null;
}
type Line =
  | { kind: 'header'; format: string; version: number; exportedAt: string; from: string }
  | { kind: 'application' | 'certificate' | 'ct'; id: string; sealed: Envelope }
  | { kind: 'end'; applications: number; certificates: number };

export interface TransferDeps {
  env?: Env;
  clock?: () => number;
}

function failed(io: CliIo, code: string, message: string, exit: number): number {
  io.out(JSON.stringify({ ok: false, error: { code, message } }));
  if (exit === 2) io.err(USAGE);
  return exit;
}

async function open(deps: TransferDeps, io: CliIo, args: string[]) {
  const [file, ...extra] = args;
  if (!file || extra.length > 0 || file.startsWith('-')) return failed(io, 'usage', 'give one FILE', 2);
  let config: ReturnType<typeof readConfig>;
  try {
    config = readConfig(deps.env ?? process.env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return failed(io, 'config_invalid', err.issues.join('; '), 2);
  }
  const at = await openInstallation(config, createLogger({ level: 'silent' }), {
    applications: true,
    ...(deps.clock ? { clock: deps.clock } : {}),
  });
  if (!at)
    return failed(
      io,
      'store_required',
      'STORE=memory holds nothing to move: use REDIS_URL or the SQLite file',
      2,
    );
  if (!at.keys) {
    await at.close();
    return failed(io, 'data_key_invalid', 'set DATA_KEYS: the file is sealed with the data key', 2);
  }
  return { file, at, keys: at.keys };
}

/** Opens the installation, runs `body`, closes; a failure inside is answered with `failure` (exit 1). */
function command(
  deps: TransferDeps,
  failure: { code: string; message: string },
  body: (o: { file: string; at: Installation; keys: DataKeys }, io: CliIo) => Promise<number>,
): CliCommand {
  return async (args, io) => {
    const opened = await open(deps, io, args);
    if (typeof opened === 'number') return opened;
    try {
      return await body(opened, io);
    } catch (err) {
      const code = codeOf(err);
      return failed(io, code === 'error' || code === 'Error' ? failure.code : code, failure.message, 1);
    } finally {
      await opened.at.close();
    }
  };
}

export function createExportCommand(deps: TransferDeps = {}): CliCommand {
  const failure = { code: 'export_failed', message: 'the export could not be written: nothing was changed' };
  return command(deps, failure, async ({ file, at, keys }, io) => {
    const exportedAt = new Date(deps.clock?.() ?? Date.now()).toISOString();
    const lines: Line[] = [{ kind: 'header', format: FORMAT, version: VERSION, exportedAt, from: at.kind }];
    const apps = await at.store.list();
    for (const stored of apps) {
      const id = stored.app.id;
      const record: ApplicationRecord = {
        stored,
        conversations: await at.store.conversations(id),
        audit: await at.store.audit(id),
      };
      const thread = await at.mail.getThread(id);
      if (thread) record.thread = thread;
      lines.push({
        kind: 'application',
        id,
        sealed: keys.seal(JSON.stringify(record), aad('application', id)),
      });
    }
    const certs = await at.reminders.registry.list({ limit: Number.MAX_SAFE_INTEGER });
    for (const cert of certs) {
      const record: CertificateRecord = { cert, team: await at.reminders.registry.getTeam(cert.team) };
      const sealed = keys.seal(JSON.stringify(record), aad('certificate', cert.id));
      lines.push({ kind: 'certificate', id: cert.id, sealed });
    }
    const cursors = await at.ct.cursors();
    if (cursors.length > 0) {
      const record: CtRecord = { cursors };
      lines.push({
        kind: 'ct',
        id: 'cursors',
        sealed: keys.seal(JSON.stringify(record), aad('ct', 'cursors')),
      });
    }
    lines.push({ kind: 'end', applications: apps.length, certificates: certs.length });
    await writeFile(file, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`, { mode: 0o600 });
    io.out(JSON.stringify({ ok: true, file, applications: apps.length, certificates: certs.length }));
    return 0;
  });
}

export function createImportCommand(deps: TransferDeps = {}): CliCommand {
  const failure = {
    code: 'import_failed',
    message: 'the import stopped part way: run it again (what is already there is skipped)',
  };
  return command(deps, failure, async ({ file, at, keys }, io) => {
    let parsed: Parsed;
    try {
      parsed = readExport((await io.read(file)).toString('utf8'), keys);
    } catch (err) {
      return failed(io, 'export_invalid', `${(err as Error).message}: nothing was imported`, 1);
    }
    const result = await write(at, parsed);
    io.out(JSON.stringify({ ok: true, file, ...result }));
    return 0;
  });
}

const invalid = (message: string) => new CodedError('export_invalid', message);

const aad = (kind: string, id: string) => `export:${kind}:${id}`;

/** Every line checked and opened before anything is written (a truncated or foreign file writes nothing). */
type Parsed = { apps: ApplicationRecord[]; certs: CertificateRecord[]; ct: CtRecord };

function readExport(text: string, keys: DataKeys): Parsed {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const parse = (l: string, n: number): Line => {
    try {
      return JSON.parse(l) as Line;
    } catch {
      throw invalid(`line ${n + 1} is not JSON`);
    }
  };
  const all = lines.map(parse);
  const head = all[0];
  if (head?.kind !== 'header' || head.format !== FORMAT) throw invalid('not an evssl-bot export');
  if (!READS.includes(head.version))
    throw invalid(`export version ${head.version} is not supported (${READS.join(' and ')} are)`);
  const end = all.at(-1);
  if (end?.kind !== 'end') throw invalid('the file is cut short (no closing line)');
  const apps: ApplicationRecord[] = [];
  const certs: CertificateRecord[] = [];
  const ct: CtRecord = { cursors: [] };
  for (const [n, line] of all.slice(1, -1).entries()) {
    if (line.kind !== 'application' && line.kind !== 'certificate' && line.kind !== 'ct')
      throw invalid(`line ${n + 2}: unexpected`);
    let plain: string;
    try {
      plain = keys.open(line.sealed, aad(line.kind, line.id));
    } catch {
      throw invalid(
        `line ${n + 2} does not open with these data keys (set the DATA_KEYS it was sealed with)`,
      );
    }
    if (line.kind === 'application') apps.push(JSON.parse(plain) as ApplicationRecord);
    else if (line.kind === 'certificate') certs.push(JSON.parse(plain) as CertificateRecord);
    else ct.cursors.push(...(JSON.parse(plain) as CtRecord).cursors);
  }
  if (apps.length !== end.applications || certs.length !== end.certificates)
    throw invalid('the counts do not match the closing line');
  return { apps, certs, ct };
}

async function write(at: Installation, data: Parsed) {
  let applications = 0;
  let skipped = 0;
  let threads = 0;
  for (const { stored, conversations, audit, thread } of data.apps) {
    // The thread first: an application skipped as already there still gets it if the target lacks it.
    if (thread && !(await at.mail.getThread(thread.applicationId))) {
      await at.mail.setThread(thread);
      threads++;
    }
    if (await at.store.load(stored.app.id)) {
      skipped++;
      continue;
    }
    // The first write creates the application and binds its conversations; each further audit line is
    // one more write of the same state (the store appends audit only with a write).
    let version = 0;
    const [first, ...rest] = audit.length > 0 ? audit : [undefined];
    const created = await at.store.save({
      app: stored.app,
      expectedVersion: 0,
      bind: conversations,
      ...(first ? { audit: first } : {}),
    });
    if (created.status !== 'saved')
      throw new CodedError('import_failed', `application ${stored.app.id}: ${created.status}`);
    version = created.version;
    for (const entry of rest) {
      const r = await at.store.save({ app: stored.app, expectedVersion: version, audit: entry! });
      if (r.status !== 'saved')
        throw new CodedError('import_failed', `application ${stored.app.id}: ${r.status}`);
      version = r.version;
    }
    applications++;
  }
  let certificates = 0;
  for (const { cert, team } of data.certs) {
    if (team && !(await at.reminders.registry.getTeam(team.id))) await at.reminders.registry.putTeam(team);
    if (await at.reminders.registry.get(cert.id)) {
      skipped++;
      continue;
    }
    const { pendingJob: _job, ...kept } = cert;
    const r = await at.reminders.registry.update(cert.id, () => kept as TrackedCertificate);
    if (r.status !== 'saved') throw new CodedError('import_failed', `certificate ${cert.id}: ${r.status}`);
    // Its next reminder queued in the target (the source's queued job does not move).
    await at.reminders.service.reschedule(r.cert);
    certificates++;
  }
  let ctCursors = 0;
  for (const [domain, cursor] of data.ct.cursors) {
    if (await at.ct.polled(domain)) continue; // the target's own watch went on from there already
    if (cursor === '') await at.ct.markPolled(domain);
    else await at.ct.setCursor(domain, cursor);
    ctCursors++;
  }
  return { applications, certificates, threads, ctCursors, skipped };
}
