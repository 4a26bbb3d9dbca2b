/**
 * The email channel end to end, for `npm run bench:mail`: mails delivered into a private Dovecot over
 * LMTP (as an MTA would), read by the real channel over IMAP (IDLE), answered by a turn, and the answer
 * accepted by a real SMTP server. Two rows: a burst of N first mails from N applicants (mails/s from the
 * first delivery to the last answer accepted; p50/p95 per mail), and single mails sent one at a time
 * with the channel idle in IDLE (the latency an applicant sees). Targets (issue 15): ≥ 50 mails/s for the
 * burst on 2 cores, p50 ≤ 1.5 s one at a time.
 */
import { engineDeps } from '../src/app/services.js';
import { createLogger } from '../src/log/logger.js';
import { createMailChannel } from '../src/mail/mail-channel.js';
import { MemoryMailState } from '../src/mail/memory-mail-state.js';
import { MemoryApplicationStore } from '../src/store/memory-store.js';
import { startDovecot } from '../test/support/dovecot.js';
import { mailConfig } from '../test/support/mail-config.js';
import { startSmtp } from '../test/support/smtp.js';

export interface EndToEndRow {
  name: string;
  mails: number;
  perSecond: number;
  p50: number;
  p95: number;
}

function firstMail(i: number, tag: string): { id: string; raw: string } {
  const id = `<bench.${tag}.${i}.${Date.now()}@sakura-shoji.co.jp>`;
  const raw = [
    `From: =?UTF-8?B?${Buffer.from(`山田 太郎${i}`).toString('base64')}?= <taro${i}@sakura-shoji.co.jp>`,
    'To: bot@example.test',
    `Subject: =?UTF-8?B?${Buffer.from('EV SSL証明書の取得申請').toString('base64')}?=`,
    `Message-ID: ${id}`,
    `Date: ${new Date().toUTCString()}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    'EV SSL証明書の取得申請をお願いします。',
    '',
    `山田 太郎${i}`,
    '株式会社さくら商事',
    '',
  ].join('\r\n');
  return { id, raw };
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

export async function mailEndToEnd(burst = 200, single = 10): Promise<EndToEndRow[]> {
  const dovecot = await startDovecot();
  const answered = new Map<string, number>();
  const waiting = new Map<string, () => void>();
  const smtp = await startSmtp({
    relay: async (m) => {
      const head = m.raw.subarray(0, 8192).toString('latin1');
      const to = /^In-Reply-To:\s*(<[^>]+>)/im.exec(head)?.[1];
      if (!to) return;
      answered.set(to, performance.now());
      waiting.get(to)?.();
    },
  });
  const { settings } = mailConfig(dovecot, smtp, {
    MAIL_ALLOWED_DOMAINS: 'sakura-shoji.co.jp',
  });
  const channel = createMailChannel({
    settings,
    services: {
      store: new MemoryApplicationStore(),
      deps: engineDeps,
      clock: () => new Date(),
      logger: createLogger({ level: 'silent' }),
    },
    state: new MemoryMailState(),
  });
  const answer = (id: string) =>
    new Promise<void>((resolve) => {
      if (answered.has(id)) resolve();
      else waiting.set(id, resolve);
    });
  const rows: EndToEndRow[] = [];
  try {
    // Warm up (JIT, the IMAP session in IDLE): a few mails, not measured.
    for (let i = 0; i < 5; i++) {
      const m = firstMail(i, 'warm');
      await dovecot.deliver(m.raw, 'bot@example.test', `taro${i}@sakura-shoji.co.jp`);
      await answer(m.id);
    }

    const mails = Array.from({ length: burst }, (_, i) => firstMail(i, 'burst'));
    const sentAt = new Map<string, number>();
    const started = performance.now();
    let next = 0;
    // Ten LMTP sessions at a time, as a busy MTA delivers.
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        while (next < mails.length) {
          const m = mails[next++]!;
          sentAt.set(m.id, performance.now());
          await dovecot.deliver(m.raw, 'bot@example.test', `taro${next}@sakura-shoji.co.jp`);
        }
      }),
    );
    await Promise.all(mails.map((m) => answer(m.id)));
    const ended = Math.max(...mails.map((m) => answered.get(m.id)!));
    const latencies = mails.map((m) => answered.get(m.id)! - sentAt.get(m.id)!).sort((a, b) => a - b);
    rows.push({
      name: `burst of ${burst} first mails`,
      mails: burst,
      perSecond: burst / ((ended - started) / 1000),
      p50: pct(latencies, 0.5),
      p95: pct(latencies, 0.95),
    });

    const one: number[] = [];
    const t0 = performance.now();
    for (let i = 0; i < single; i++) {
      // Let the channel settle back into IDLE before each mail.
      await new Promise((r) => setTimeout(r, 200));
      const m = firstMail(i, 'single');
      const at = performance.now();
      await dovecot.deliver(m.raw, 'bot@example.test', `taro${i}@sakura-shoji.co.jp`);
      await answer(m.id);
      one.push(answered.get(m.id)! - at);
    }
    one.sort((a, b) => a - b);
    rows.push({
      name: 'one at a time, idle in IDLE',
      mails: single,
      perSecond: single / ((performance.now() - t0) / 1000),
      p50: pct(one, 0.5),
      p95: pct(one, 0.95),
    });
  } finally {
    await channel.stop();
    await smtp.stop();
    await dovecot.stop();
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of await mailEndToEnd()) console.log(r);
}
