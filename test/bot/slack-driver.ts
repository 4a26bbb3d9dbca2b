import type { ApiCall } from './fake-slack.js';
import { actionBlocks, type Element, type Harness } from './harness.js';
import {
  commandBody,
  dmEvent,
  eventEnvelope,
  FORM,
  interactiveBody,
  nextTs,
  postSigned,
} from './signed-requests.js';

/** Drives the bot the way Slack would: signed HTTP requests, answers read back from the fake Web API. */
export class SlackDriver {
  constructor(readonly h: Harness) {}

  /** Posts and waits for the bot to have made `calls` more Web API calls (its reply). */
  async expectCalls<T>(method: string, send: () => Promise<T>, count = 1): Promise<ApiCall[]> {
    const before = this.h.slack.of(method).length;
    await send();
    const all = await this.h.slack.waitFor(method, before + count);
    return all.slice(before);
  }

  async event(
    event: Record<string, unknown>,
    opts: { eventId?: string; headers?: Record<string, string>; enterprise?: string } = {},
  ) {
    const r = await postSigned(
      this.h.port,
      eventEnvelope(event, opts),
      opts.headers ? { headers: opts.headers } : {},
    );
    if (r.status !== 200) throw new Error(`event got HTTP ${r.status}`);
    return r;
  }

  /** A DM to the bot; resolves with the bot's reply message. */
  async dm(user: string, text: string, opts: { thread?: string } = {}): Promise<ApiCall> {
    const [reply] = await this.expectCalls('chat.postMessage', () => this.event(dmEvent(user, text, opts)));
    return reply!;
  }

  async command(user: string, text: string, channel = 'C1') {
    const r = await postSigned(
      this.h.port,
      commandBody({
        user_id: user,
        text,
        channel_id: channel,
        response_url: `${this.h.slack.base}/respond/${nextTs()}`,
      }),
      {
        contentType: FORM,
      },
    );
    if (r.status !== 200) throw new Error(`command got HTTP ${r.status}`);
    return r;
  }

  async interactive(payload: Record<string, unknown>) {
    return postSigned(this.h.port, interactiveBody(payload), { contentType: FORM });
  }

  /** Clicks the button with `value` (or picks `value` in the select) on a message the bot posted. */
  async click(user: string, message: ApiCall, value: string) {
    for (const block of actionBlocks(message.args)) {
      for (const el of block.elements) {
        const options = [...(el.options ?? []), ...(el.option_groups ?? []).flatMap((g) => g.options)];
        const option = options.find((o) => o.value === value);
        if (el.value !== value && !option) continue;
        const action =
          el.type === 'button'
            ? { type: 'button', action_id: el.action_id, block_id: block.block_id, value, text: el.text }
            : {
                type: 'static_select',
                action_id: el.action_id,
                block_id: block.block_id,
                selected_option: option,
              };
        const channel = String(message.args.channel);
        return this.interactive({
          type: 'block_actions',
          user: { id: user, team_id: 'T1' },
          team: { id: 'T1' },
          api_app_id: 'A1',
          trigger_id: `trig.${nextTs()}`,
          channel: { id: channel.startsWith('U') ? `D${channel.slice(1)}` : channel },
          container: { type: 'message', message_ts: message.result?.ts, channel_id: channel },
          message: {
            ts: message.result?.ts,
            blocks: message.args.blocks,
            ...(message.args.thread_ts ? { thread_ts: message.args.thread_ts } : {}),
          },
          actions: [{ ...action, action_ts: nextTs() }],
        });
      }
    }
    throw new Error(`no button or option ${value} in the message`);
  }

  /** Clicks and waits for the bot's next message. */
  async press(user: string, message: ApiCall, value: string): Promise<ApiCall> {
    const [reply] = await this.expectCalls('chat.postMessage', () => this.click(user, message, value));
    return reply!;
  }

  /** Submits the registrant modal the bot opened, with `values` by field. */
  async submitModal(user: string, opened: ApiCall, values: Record<string, string>) {
    const view = opened.args.view as {
      callback_id: string;
      private_metadata: string;
      blocks: Array<{ block_id?: string; element?: Element }>;
    };
    const state: Record<string, Record<string, unknown>> = {};
    for (const block of view.blocks) {
      if (!block.block_id?.startsWith('f_') || !block.element) continue;
      const v = values[block.block_id.slice(2)];
      const el = block.element;
      if (el.type === 'static_select') {
        // Picks the option whose value or label is (or contains) what the test names.
        const options = [...(el.options ?? []), ...(el.option_groups ?? []).flatMap((g) => g.options)];
        const o =
          v === undefined
            ? undefined
            : (options.find((x) => x.value === v || x.text.text === v) ??
              options.find((x) => x.text.text.includes(v)));
        state[block.block_id] = {
          value: { type: 'static_select', selected_option: o ? { value: o.value, text: o.text } : null },
        };
      } else state[block.block_id] = { value: { type: 'plain_text_input', value: v ?? null } };
    }
    const r = await this.interactive({
      type: 'view_submission',
      team: { id: 'T1' },
      user: { id: user, team_id: 'T1' },
      api_app_id: 'A1',
      trigger_id: `trig.${nextTs()}`,
      view: {
        id: 'V1',
        type: 'modal',
        callback_id: view.callback_id,
        private_metadata: view.private_metadata,
        state: { values: state },
        hash: 'h1',
      },
    });
    return { status: r.status, body: r.body === '' ? {} : (JSON.parse(r.body) as Record<string, unknown>) };
  }
}
