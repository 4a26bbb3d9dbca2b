import { createTransport } from 'nodemailer';

/** Poison mails for the email channel's tests (test/mail/poison-mail.test.ts, test/fault/mail-fault.test.ts). */
const composer = createTransport({ streamTransport: true, buffer: true });

/** A mail composed by nodemailer (as a script or a mail merge tool sends it), as raw bytes. */
export async function compose(options: Record<string, unknown>): Promise<Buffer> {
  return (await composer.sendMail({ to: 'bot@example.test', ...options })).message as Buffer;
}

/** 1,000 small attachments besides the text: 1,001 MIME parts, one over the parser's limit of 1,000. */
export function manyParts(from: string, messageId: string): Promise<Buffer> {
  return compose({
    from,
    subject: 'EV SSL証明書の取得申請（書類一式）',
    messageId,
    text: '書類を添付します。',
    attachments: Array.from({ length: 1000 }, (_, i) => ({
      filename: `page-${i + 1}.txt`,
      content: `page ${i + 1}\n`,
      contentType: 'text/plain',
    })),
  });
}

/**
 * A Subject of 20,000 folded encoded words, one per line (as a broken mass mailer writes it): ~850 KB
 * of header that the parser counts over its 1 MiB header limit (each line costs it more than its bytes).
 */
export async function hugeHeader(from: string, messageId: string): Promise<Buffer> {
  const raw = (await compose({ from, subject: 'x', messageId, text: '取得申請をお願いします。' })).toString();
  const words = Array.from(
    { length: 20_000 },
    (_, i) => ` =?UTF-8?B?${Buffer.from(`件名テスト${i}`).toString('base64')}?=`,
  );
  return Buffer.from(raw.replace(/^Subject: x\r\n/m, `Subject:${words.join('\r\n')}\r\n`));
}
