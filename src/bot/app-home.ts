import type { types } from '@slack/bolt';
import { ask } from '../flow/ask.js';
import { fill, t } from '../flow/catalogue.js';
import { NTA_NOTICE, registryRecord } from '../flow/corporate.js';
import { DAY_MS } from '../flow/days.js';
import type { EngineDeps } from '../flow/deps.js';
import { currentQuestion } from '../flow/progress.js';
import type { Application } from '../flow/state.js';
import { stepInfo } from '../flow/step-info.js';
import type { Lang } from '../flow/types.js';
import { statusReplies } from '../flow/views.js';
import { words } from '../flow/words.js';
import { clip, escapeMrkdwn, escapeText } from './mrkdwn.js';

/** Slack allows 100 blocks in a Home tab: a header, then at most this many applications of 6 blocks. */
const MAX_APPS = 15;

const TEXT = {
  title: { ja: 'EV SSL 申請', en: 'EV SSL applications' },
  mine: { ja: 'あなたとチームの申請', en: 'Your and your team’s applications' },
  others: {
    ja: 'ワークスペースのほかの申請（閲覧のみ）',
    en: 'Other applications in this workspace (view only)',
  },
  none: {
    ja: 'まだ申請はありません。`/evssl acquire`（取得）または `/evssl renew`（更新）で始められます。',
    en: 'No applications yet. Start one with `/evssl acquire` or `/evssl renew`.',
  },
  flow: {
    acquire: { ja: '取得', en: 'acquire' },
    renew: { ja: '更新', en: 'renewal' },
    reissue: { ja: '再発行', en: 'reissue' },
  },
  status: {
    active: { ja: '進行中', en: 'in progress' },
    cancelled: { ja: 'キャンセル', en: 'cancelled' },
    issued: { ja: '発行済み', en: 'issued' },
  },
  next: { ja: '次にすること', en: 'Next' },
  expires: { ja: '証明書の有効期限', en: 'Certificate expires' },
  days: { ja: 'あと {n} 日', en: '{n} days left' },
  expired: { ja: '期限切れ', en: 'expired' },
  members: { ja: 'メンバー', en: 'Members' },
  corporateNumber: { ja: '法人番号', en: 'Corporate number' },
  registered: { ja: '国税庁の登録（参考）', en: 'NTA registry (for reference)' },
};

export interface HomeInput {
  lang: Lang;
  now: Date;
  deps: EngineDeps;
  /** Applications the viewer is a member of, newest first. */
  mine: Application[];
  /** Other applications of the workspace the viewer may see (SLACK_STATUS_VISIBILITY=workspace). */
  others: Application[];
  /** Renders an actor as a mention (`<@U…>`) or undefined for non-Slack members. */
  mention: (actorId: string) => string | undefined;
}

/** The App Home tab: each application's step, checklist, next action and certificate expiry. */
export function homeView(input: HomeInput): types.HomeView {
  const { lang } = input;
  const blocks: types.KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: TEXT.title[lang] } },
    { type: 'section', text: { type: 'mrkdwn', text: `*${TEXT.mine[lang]}*` } },
  ];
  if (input.mine.length === 0) blocks.push(section(TEXT.none[lang]));
  for (const app of input.mine.slice(0, MAX_APPS)) blocks.push(...appBlocks(app, input, true));
  const room = Math.max(0, MAX_APPS - input.mine.length);
  if (input.others.length > 0 && room > 0) {
    blocks.push({ type: 'divider' }, section(`*${TEXT.others[lang]}*`));
    for (const app of input.others.slice(0, room)) blocks.push(...appBlocks(app, input, false));
  }
  return { type: 'home', blocks };
}

function section(text: string): types.KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: clip(text, 3000) } };
}

function appBlocks(app: Application, input: HomeInput, detailed: boolean): types.KnownBlock[] {
  const { lang } = input;
  const q = app.status === 'active' ? currentQuestion(app) : undefined;
  const step = q ? stepInfo({ ...app, lang }, q.step) : undefined;
  const head = [
    `*${escapeMrkdwn(app.id)}*`,
    TEXT.flow[app.flow][lang],
    TEXT.status[app.status][lang],
    ...(step ? [`${step.number}/${step.total} ${escapeMrkdwn(step.title)}`] : []),
  ].join(' · ');
  const blocks: types.KnownBlock[] = [{ type: 'divider' }, section(head)];
  const cert = certificateLine(app, input.now, lang);
  if (detailed && app.status === 'active') {
    const checklist = statusReplies({ ...app, lang })[0];
    if (checklist?.type === 'checklist') {
      const lines = checklist.items.map(
        (i) => `${i.done ? '✅' : i.current ? '▶️' : '▫️'} ${escapeMrkdwn(i.label)}`,
      );
      blocks.push(section(lines.join('\n')));
    }
    const next = q ? ask({ ...app, lang }, q, input.deps).findLast((r) => r.type === 'question') : undefined;
    if (next?.type === 'question')
      blocks.push(section(`*${TEXT.next[lang]}:* ${escapeText(clip(next.text, 600))}`));
  }
  const members = app.members.map((m) => input.mention(m.id)).filter((m): m is string => m !== undefined);
  const context = [
    ...(cert ? [cert] : []),
    ...(members.length ? [`${TEXT.members[lang]}: ${members.join(' ')}`] : []),
  ];
  const corporate = detailed ? corporateLine(app, input.deps, lang) : undefined;
  const elements = [
    ...(context.length > 0 ? [context.join(' · ')] : []),
    ...(corporate ? [corporate] : []),
  ].map((text) => ({ type: 'mrkdwn' as const, text: clip(text, 3000) }));
  // One context block (with up to two elements): the 6 blocks an application may take.
  if (elements.length > 0) blocks.push({ type: 'context', elements });
  return blocks;
}

/**
 * The corporate number given in step 1 and, once looked up, the NTA's registered name and address beside
 * it, with the notice the NTA's terms require wherever its Web-API data is shown.
 */
export function corporateLine(app: Application, deps: EngineDeps, lang: Lang): string | undefined {
  const number = app.fields.corporateNumber;
  if (!number) return undefined;
  const head = `${TEXT.corporateNumber[lang]}: ${escapeMrkdwn(number)}`;
  const r = registryRecord(app, deps);
  if (!r) return head;
  const address = [r.prefectureName, r.cityName, r.streetNumber].filter(Boolean).join('');
  const name = [r.name, r.enName].filter(Boolean).join(' / ');
  const registered = [name, address].filter(Boolean).join(t(words.listSeparator, lang));
  return `${head} · ${TEXT.registered[lang]}: ${escapeText(registered)}\n_${escapeMrkdwn(NTA_NOTICE[lang])}_`;
}

/** "Certificate expires 2027-11-30 (370 days left)": from the tracked certificate, when there is one. */
export function certificateLine(app: Application, now: Date, lang: Lang): string | undefined {
  const notAfter = app.certificate?.notAfter;
  if (!notAfter) return undefined;
  const at = Date.parse(notAfter);
  if (Number.isNaN(at)) return undefined;
  const days = Math.floor((at - now.getTime()) / DAY_MS);
  const left = days < 0 ? TEXT.expired[lang] : fill(TEXT.days, lang, { n: days });
  return `${TEXT.expires[lang]}: ${new Date(at).toISOString().slice(0, 10)} (${left})`;
}
