import type { Inbound } from '../flow/engine.js';
import { currentQuestion } from '../flow/progress.js';
import { questionsFor } from '../flow/questions.js';
import type { Application } from '../flow/state.js';
import type { FieldName, Lang } from '../flow/types.js';
import type { MailAttachment } from './parse-message.js';
import { extractFields } from './reply-fields.js';

const GREETING =
  /^(お世話に|いつも|お疲れ|よろしく|宜しく|以上|今後とも|どうぞ|ありがとう|Hi\b|Hello\b|Dear\b|Thanks|Thank you|Best|Kind regards|Regards|Sincerely|Cheers)|様[、。,]?$|^([^\s:：]{1,20}の)?[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー]{1,6}です。$/iu;

/**
 * The engine event for a reply: several `label: value` lines become one form (applied all at once),
 * anything else a text answer with greetings, closings and the sign-off name left out.
 *
 * With the application, `label: value` lines are read only while it asks for registrant fields
 * (step 4), and only for the fields `answerableFields` allows: a `TEL:` line elsewhere (a signature the
 * stripper missed, a quoted card) never becomes a form, and never overwrites a phone already given.
 */
export function replyEvent(replyText: string, context: { app?: Application } = {}): Inbound {
  const all = extractFields(replyText);
  const allowed = context.app ? answerableFields(context.app) : undefined;
  const fields = allowed
    ? (Object.fromEntries(Object.entries(all).filter(([f]) => allowed.has(f as FieldName))) as Partial<
        Record<FieldName, string>
      >)
    : all;
  if (Object.keys(fields).length > 0) return { type: 'form', values: fields };
  return { type: 'text', text: answerText(replyText) };
}

/**
 * The fields a reply may set now: at step 4 every registrant (and DUNS) field still empty, the one being
 * asked (or edited), and at the review any of them (corrections are answers there); elsewhere none.
 */
export function answerableFields(app: Application): Set<FieldName> {
  const q = currentQuestion(app);
  const out = new Set<FieldName>();
  if (q?.step !== 'registrant') return out;
  for (const def of questionsFor(app.flow)) {
    const f = def.field;
    if (!f || def.step !== 'registrant') continue;
    if (q.kind === 'review' || q.field === f || app.fields[f] === undefined) out.add(f);
  }
  return out;
}

export function answerText(replyText: string): string {
  const lines = replyText
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const kept = lines.filter((l) => !GREETING.test(l));
  // A short last line after a closing is the sender's name (`山田`, `John`).
  if (kept.length > 1 && kept.length < lines.length && /^[^\d:：]{1,12}$/.test(kept[kept.length - 1]!)) {
    const last = kept[kept.length - 1]!;
    if (lines.indexOf(last) === lines.length - 1 && GREETING.test(lines[lines.length - 2] ?? '')) kept.pop();
  }
  return (kept.length > 0 ? kept : lines).join('\n');
}

const DANGEROUS =
  /\.(exe|scr|com|bat|cmd|pif|js|jse|vbs|vbe|wsf|wsh|hta|msi|lnk|ps1|jar|docm|xlsm|pptm|iso|img)$/i;

export function isPdf(a: { filename?: string; contentType: string }): boolean {
  return a.contentType === 'application/pdf' || /\.pdf$/i.test(a.filename ?? '');
}

/** A line about each attachment: a PDF acknowledged (name, size), dangerous or huge ones not kept. */
export function attachmentNotes(
  attachments: MailAttachment[],
  options: { atDocuments: boolean; maxBytes: number; lang: Lang },
): string[] {
  const ja = options.lang === 'ja';
  const notes: string[] = [];
  for (const a of attachments) {
    const name = a.filename ?? (ja ? '(名前なし)' : '(no name)');
    const size = formatSize(a.size);
    if (DANGEROUS.test(a.filename ?? '') || /x-msdownload|x-msdos|javascript/.test(a.contentType)) {
      notes.push(
        ja
          ? `添付「${name}」は安全のため破棄しました。`
          : `The attachment "${name}" was discarded for safety.`,
      );
    } else if (a.size > options.maxBytes) {
      notes.push(
        ja
          ? `添付「${name}」（${size}）は大きすぎるため保存しませんでした。`
          : `The attachment "${name}" (${size}) is too large and was not kept.`,
      );
    } else if (isPdf(a) && options.atDocuments) {
      notes.push(
        ja
          ? `書類「${name}」（${size}）を受け取りました。同じPDFを evdocs@cloudsecure.co.jp へ送付してください（手順7）。送付したら「完了」と返信してください。`
          : `Received the document "${name}" (${size}). Send the same PDF to evdocs@cloudsecure.co.jp (step 7), then reply "done".`,
      );
    } else if (isPdf(a)) {
      notes.push(
        ja
          ? `PDF「${name}」（${size}）を受け取りました。書類の提出は手順7で行います。`
          : `Received the PDF "${name}" (${size}). Documents are submitted at step 7.`,
      );
    }
  }
  return notes;
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
