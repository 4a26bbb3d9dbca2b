import { readFileSync } from 'node:fs';
import type { ApiCall } from './fake-slack.js';
import { actionBlocks } from './harness.js';
import { nextTs } from './signed-requests.js';
import type { SlackDriver } from './slack-driver.js';

/** Steps and data the Slack scenarios share. */
export const csr = readFileSync(new URL('../fixtures/flow/good.csr', import.meta.url), 'utf8').trimEnd();

export const REGISTRANT = {
  organizationName: 'Example Trading Co., Ltd.',
  duns: '123456789',
  name: 'Taro Yamada',
  title: 'President',
  postalCode: '1000001',
  countryCode: 'JP',
  prefecture: '東京都',
  city: 'Chiyoda-ku',
  address: '1-1-1 Marunouchi, Example Bldg. 5F',
  phone: '03-1234-5678',
  fax: '',
  email: 'taro@example.co.jp',
  dunsName: 'Example Trading Co.,Ltd.',
  dunsAddress: '1-1-1 Marunouchi, Example Bldg. 5F, Chiyoda-ku, Tokyo 100-0001',
  dunsPhone: '+81 3-1234-5678',
};

export function choiceValues(message: ApiCall): string[] {
  return actionBlocks(message.args).flatMap((b) =>
    b.elements.flatMap((e) => [e.value ?? '', ...(e.options ?? []).map((o) => o.value)]),
  );
}

/** A mention in a channel: the bot answers in a thread under the mentioning message. */
export async function mention(slack: SlackDriver, user: string, text: string, thread?: string) {
  const ts = nextTs();
  const [reply] = await slack.expectCalls('chat.postMessage', () =>
    slack.event({
      type: 'app_mention',
      channel: 'C1',
      user,
      text: `<@UBOT> ${text}`,
      ts,
      team: 'T1',
      ...(thread ? { thread_ts: thread } : {}),
    }),
  );
  return { reply: reply!, ts };
}

export function formValue(message: ApiCall): string {
  const el = actionBlocks(message.args)
    .flatMap((b) => b.elements)
    .find((e) => e.action_id === 'evssl.form');
  if (!el?.value) throw new Error('no form button');
  return el.value;
}

/** Carries a new DM application to the registrant step: returns the message asking the first field. */
export async function reachRegistrant(slack: SlackDriver, user: string): Promise<ApiCall> {
  let m = await slack.dm(user, '取得');
  m = await slack.press(user, m, 'yes');
  m = await slack.press(user, m, 'yes');
  m = await slack.press(user, m, 'articles');
  m = await slack.press(user, m, 'done');
  return slack.dm(user, csr);
}
