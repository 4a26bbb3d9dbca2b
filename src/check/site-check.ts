import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import { connect, type DetailedPeerCertificate, rootCertificates, type TLSSocket } from 'node:tls';
import { analyzeCertificate } from '../cert/index.js';
import type { CertInfo, Problem } from '../cert/types.js';

/** What the site should serve: the issued certificate (serial, key) and, after a renewal, the old one. */
export interface SiteExpectation {
  /** Serial of the certificate issued for this application (upper-case hex, as check-cert prints it). */
  serialNumber?: string;
  /** `publicKeyFingerprint` of the application's CSR (or of the issued certificate). */
  publicKeyFingerprint?: string;
  /** notAfter of the issued certificate (ISO): a served one that ends earlier is an older one. */
  notAfter?: string;
  /** Serials of certificates this one replaced (a renewal or a reissue). */
  previousSerials?: string[];
}

export interface SiteCheckOptions {
  port?: number;
  /** Connect to this address instead of resolving `host` (SNI still names `host`). */
  connect?: string;
  /** Extra trust anchors (PEM), added to Node's bundled roots. */
  ca?: string[];
  now?: Date;
  timeoutMs?: number;
  expect?: SiteExpectation;
}

export interface ServedCertificate {
  subject: string;
  issuer: string;
  serialNumber: string;
  selfSigned: boolean;
}

export type SiteCheckResult =
  | {
      kind: 'served';
      ok: boolean;
      host: string;
      port: number;
      certificate: Pick<
        CertInfo,
        'commonName' | 'sans' | 'serialNumber' | 'notBefore' | 'notAfter' | 'publicKeyFingerprint' | 'issuer'
      > & { daysLeft: number };
      /** The chain as the server sent it, leaf first (a root Node added from its store is not listed). */
      chain: ServedCertificate[];
      hostMatches: boolean;
      intermediateSent: boolean;
      trusted: boolean;
      /** OpenSSL's reason when the chain does not lead to a trusted root (e.g. `CERT_HAS_EXPIRED`). */
      trustError?: string;
      /** True/false when an expectation was given: the served certificate is the issued one. */
      isIssued?: boolean;
      /** True when an older certificate (a previous serial, or an earlier notAfter) is still served. */
      oldStillServed?: boolean;
      problems: Problem[];
    }
  | { kind: 'unreachable'; ok: false; host: string; port: number; code: string; problem: Problem };

/** Days left below which a served certificate is reported (the reminders' 14-day threshold). */
const SOON_DAYS = 14;

/**
 * Connects with SNI, reads the chain the server sends and judges it as a browser would: the leaf
 * names the host, the intermediate is sent (a browser without it cached fails), the chain leads to a
 * trusted root, and — given what was issued — it is the new certificate, not the old one.
 */
export async function checkSite(host: string, opts: SiteCheckOptions = {}): Promise<SiteCheckResult> {
  const port = opts.port ?? 443;
  const name = host.trim().toLowerCase().replace(/\.$/, '');
  const got = await handshake(name, port, opts);
  if (got.type === 'error') return unreachable(name, port, got.code);
  const { peer, verifyError } = got;
  const now = opts.now ?? new Date();

  const served = walk(peer);
  const leafDer = served[0]!.raw;
  const analysis = analyzeCertificate(leafDer, { now });
  if (analysis.kind !== 'certificate') return unreachable(name, port, 'NO_CERTIFICATE');
  const cert = analysis.cert;
  const leaf = new X509Certificate(leafDer);
  const hostMatches = isIP(name) ? leaf.checkIP(name) !== undefined : leaf.checkHost(name) !== undefined;
  const leafSelfSigned = served[0]!.selfSigned;
  // Node appends the issuer from its trust store when the server's chain stops short of a root; a chain
  // of the leaf alone therefore means the server sent no intermediate (BR roots never sign leaves).
  const intermediateSent = leafSelfSigned || served.length > 1;
  const chain = served
    .filter((c, i) => i === 0 || !c.fromStore)
    .map(({ raw: _raw, fromStore: _s, ...c }) => c);
  const daysLeft = Math.floor((Date.parse(cert.notAfter) - now.getTime()) / 86_400_000);

  const problems: Problem[] = [];
  const add = (code: string, severity: Problem['severity'], ja: string, en: string) =>
    problems.push({ code, severity, message: { ja, en } });
  if (!hostMatches) {
    add(
      'site.host-mismatch',
      'error',
      `${name} で配信されている証明書はこのホスト名を含みません（証明書の名前: ${cert.sans.join(', ') || cert.commonName}）。別サイトの証明書が設定されているか、SNIの設定漏れです。`,
      `The certificate served on ${name} does not cover this host name (it names ${cert.sans.join(', ') || cert.commonName}): another site's certificate, or a missing SNI setting.`,
    );
  }
  if (!intermediateSent) {
    add(
      'site.intermediate-missing',
      'error',
      '中間証明書が送られていません（チェーン不完全）。「中間証明書」をサーバーに設定してください。多くのブラウザーやアプリで接続エラーになります。',
      'The intermediate certificate is not sent (incomplete chain): install the intermediate certificate on the server, or many browsers and apps will fail to connect.',
    );
  }
  const trusted = verifyError === undefined;
  if (!trusted && intermediateSent) {
    add(
      verifyError === 'CERT_HAS_EXPIRED' ? 'site.expired' : 'site.untrusted',
      'error',
      verifyError === 'CERT_HAS_EXPIRED'
        ? `配信中の証明書は期限切れです（${cert.notAfter.slice(0, 10)} まで）。発行済みの新しい証明書をインストールしてください。`
        : `証明書チェーンが信頼されたルート証明書につながりません（${verifyError}）。`,
      verifyError === 'CERT_HAS_EXPIRED'
        ? `The served certificate has expired (until ${cert.notAfter.slice(0, 10)}); install the newly issued certificate.`
        : `The chain does not lead to a trusted root (${verifyError}).`,
    );
  } else if (daysLeft >= 0 && daysLeft <= SOON_DAYS) {
    add(
      'site.expires-soon',
      'warning',
      `配信中の証明書の残りは ${daysLeft} 日です。`,
      `The served certificate has ${daysLeft} days left.`,
    );
  }

  const exp = opts.expect;
  let isIssued: boolean | undefined;
  let oldStillServed: boolean | undefined;
  if (exp && (exp.serialNumber || exp.publicKeyFingerprint)) {
    const serialOk = !exp.serialNumber || sameSerial(exp.serialNumber, cert.serialNumber);
    const keyOk = !exp.publicKeyFingerprint || exp.publicKeyFingerprint === cert.publicKeyFingerprint;
    isIssued = serialOk && keyOk;
    oldStillServed =
      !isIssued &&
      ((exp.previousSerials ?? []).some((s) => sameSerial(s, cert.serialNumber)) ||
        (exp.notAfter !== undefined && Date.parse(cert.notAfter) < Date.parse(exp.notAfter)));
    if (oldStillServed) {
      add(
        'site.old-certificate',
        'error',
        `まだ以前の証明書（シリアル ${cert.serialNumber}、${cert.notAfter.slice(0, 10)} まで）が配信されています。新しい証明書と中間証明書をインストールし、Webサーバーを再読み込みしてください。`,
        `The old certificate (serial ${cert.serialNumber}, until ${cert.notAfter.slice(0, 10)}) is still served: install the new certificate and intermediate, then reload the web server.`,
      );
    } else if (!keyOk) {
      add(
        'site.key-mismatch',
        'error',
        '配信中の証明書の鍵が、この申請のCSRの鍵と一致しません。別の証明書が設定されています。',
        "The served certificate's key is not the key of this application's CSR: another certificate is installed.",
      );
    } else if (!serialOk) {
      add(
        'site.serial-mismatch',
        'error',
        `配信中の証明書（シリアル ${cert.serialNumber}）は発行された証明書（シリアル ${exp.serialNumber}）ではありません。`,
        `The served certificate (serial ${cert.serialNumber}) is not the issued one (serial ${exp.serialNumber}).`,
      );
    }
  }

  return {
    kind: 'served',
    ok: !problems.some((p) => p.severity === 'error'),
    host: name,
    port,
    certificate: {
      ...(cert.commonName === undefined ? {} : { commonName: cert.commonName }),
      sans: cert.sans,
      issuer: cert.issuer,
      serialNumber: cert.serialNumber,
      notBefore: cert.notBefore,
      notAfter: cert.notAfter,
      publicKeyFingerprint: cert.publicKeyFingerprint,
      daysLeft,
    },
    chain,
    hostMatches,
    intermediateSent,
    trusted,
    ...(verifyError === undefined ? {} : { trustError: verifyError }),
    ...(isIssued === undefined ? {} : { isIssued }),
    ...(oldStillServed === undefined ? {} : { oldStillServed }),
    problems,
  };
}

function sameSerial(a: string, b: string): boolean {
  const n = (s: string) =>
    s
      .replace(/[:\s]/g, '')
      .replace(/^0+(?=.)/, '')
      .toUpperCase();
  return n(a) === n(b);
}

type Handshake =
  | { type: 'ok'; peer: DetailedPeerCertificate; verifyError?: string }
  | { type: 'error'; code: string };

function handshake(host: string, port: number, opts: SiteCheckOptions): Promise<Handshake> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (h: Handshake, socket?: TLSSocket) => {
      if (settled) return;
      settled = true;
      socket?.destroy();
      resolve(h);
    };
    const socket = connect({
      host: opts.connect ?? host,
      port,
      ...(isIP(host) ? {} : { servername: host }),
      rejectUnauthorized: false,
      // The host name is judged separately (hostMatches), so the trust verdict is about the chain only.
      checkServerIdentity: () => undefined,
      ...(opts.ca ? { ca: [...rootCertificates, ...opts.ca] } : {}),
      timeout: opts.timeoutMs ?? 10_000,
    });
    socket.once('secureConnect', () => {
      const peer = socket.getPeerCertificate(true);
      if (!peer?.raw) return done({ type: 'error', code: 'NO_CERTIFICATE' }, socket);
      const err = socket.authorizationError as unknown as string | Error | null;
      const verifyError = err
        ? typeof err === 'string'
          ? err
          : ((err as NodeJS.ErrnoException).code ?? err.message)
        : undefined;
      done({ type: 'ok', peer, ...(verifyError ? { verifyError } : {}) }, socket);
    });
    socket.once('timeout', () => done({ type: 'error', code: 'ETIMEDOUT' }, socket));
    socket.once('error', (e: NodeJS.ErrnoException) =>
      done({ type: 'error', code: e.code ?? 'TLS_HANDSHAKE_FAILED' }, socket),
    );
  });
}

interface Walked extends ServedCertificate {
  raw: Buffer;
  /** Added by Node from its trust store (a self-signed root the server did not send). */
  fromStore: boolean;
}

function walk(peer: DetailedPeerCertificate): Walked[] {
  const out: Walked[] = [];
  const seen = new Set<string>();
  let c: DetailedPeerCertificate | undefined = peer;
  while (c?.raw && !seen.has(c.fingerprint256)) {
    seen.add(c.fingerprint256);
    const x = new X509Certificate(c.raw);
    const selfSigned = x.checkIssued(x) && x.verify(x.publicKey);
    out.push({
      subject: x.subject.replace(/\n/g, ', '),
      issuer: x.issuer.replace(/\n/g, ', '),
      serialNumber: x.serialNumber.toUpperCase(),
      selfSigned,
      raw: c.raw,
      fromStore: false,
    });
    c = c.issuerCertificate;
  }
  // Which root the server itself sent cannot be told from Node's API; a root is never needed in the
  // served chain, so it is reported as not sent.
  const last = out[out.length - 1]!;
  if (out.length > 1 && last.selfSigned) last.fromStore = true;
  return out;
}

function unreachable(host: string, port: number, code: string): SiteCheckResult {
  const problem: Problem = {
    code: 'site.unreachable',
    severity: 'error',
    message: {
      ja: `${host}:${port} にTLSで接続できませんでした（${code}）。ホスト名、ポート、ファイアウォール、サーバーのSSL設定を確認してください。`,
      en: `Could not open a TLS connection to ${host}:${port} (${code}); check the host name, port, firewall and the server's SSL setup.`,
    },
  };
  return { kind: 'unreachable', ok: false, host, port, code, problem };
}
