import type { types, webApi } from '@slack/bolt';
import { CodedError } from '../errors.js';
import type { Logger } from '../log/logger.js';

/** One `chat.postMessage` call as the bot makes it: blocks, no unfurling, optional thread and metadata. */
export interface PostArgs {
  channel: string;
  thread_ts?: string;
  text: string;
  blocks: types.KnownBlock[];
  metadata?: types.MessageMetadata;
}

/** Posts one message; rejects with a SlackCallError. */
export type PostMessage = (args: PostArgs) => Promise<void>;

/** A Web API call that did not succeed; `data.error` is Slack's own code (what `codeOf` reports). */
export class SlackCallError extends CodedError {
  readonly data: { ok: false; error: string } | undefined;
  constructor(
    code: 'slack_rate_limited' | 'slack_http' | 'slack_api_error',
    message: string,
    data?: { ok: false; error: string },
  ) {
    super(code, message);
    this.data = data;
  }
}

export interface JsonPostOptions {
  /** The same fetch as the Web API client's (channel pacing, keep-alive, deadline). */
  fetch: webApi.FetchFunction;
  /** The Web API's base URL, ending in `/` (default `https://slack.com/api/`). */
  apiUrl?: string;
  token: string;
  logger: Logger;
}

/**
 * `chat.postMessage` with a JSON body (the Web API accepts one with the token as a Bearer header), for
 * the replies every turn posts. Through the Web API client the same call cost as much again as its HTTP
 * request (`npm run bench:slack`): a queue and a retry wrapper per call, a redacted copy of the
 * arguments and the answer for debug lines built even when debug is off, and a form whose Japanese
 * blocks are percent-encoded to three times their size. Nothing here retries: a reply that fails stays
 * owed in the outbox and is sent again (src/conversation/outbox-relay.ts); a 429 is paced per channel by
 * the fetch (src/bot/channel-pacer.ts) before it reaches this. `channel` is serialised first: the pacer
 * reads it from the body's start.
 */
export function jsonPost(options: JsonPostOptions): PostMessage {
  const url = `${options.apiUrl ?? 'https://slack.com/api/'}chat.postMessage`;
  const headers = {
    'Content-Type': 'application/json; charset=utf-8',
    Accept: 'application/json',
    Authorization: `Bearer ${options.token}`,
  };
  return async (args) => {
    const body = JSON.stringify({
      channel: args.channel,
      ...(args.thread_ts ? { thread_ts: args.thread_ts } : {}),
      text: args.text,
      blocks: args.blocks,
      unfurl_links: false,
      unfurl_media: false,
      ...(args.metadata ? { metadata: args.metadata } : {}),
    });
    const res = await options.fetch(url, { method: 'POST', headers, body, redirect: 'error' });
    const text = await res.text();
    if (res.status === 429) {
      throw new SlackCallError('slack_rate_limited', 'chat.postMessage rate limited');
    }
    if (res.status !== 200) {
      throw new SlackCallError('slack_http', `chat.postMessage answered HTTP ${res.status}`);
    }
    let result: { ok?: unknown; error?: unknown; response_metadata?: { warnings?: unknown } };
    try {
      result = JSON.parse(text) as typeof result;
    } catch {
      throw new SlackCallError('slack_http', 'chat.postMessage answered something not JSON');
    }
    const warnings = result.response_metadata?.warnings;
    if (Array.isArray(warnings) && warnings.length > 0) {
      options.logger.warn({ warnings: warnings.map(String) }, 'chat.postMessage warnings');
    }
    if (result.ok !== true) {
      const error = typeof result.error === 'string' && result.error !== '' ? result.error : 'unknown_error';
      throw new SlackCallError('slack_api_error', `chat.postMessage: ${error}`, {
        ok: false,
        error,
      });
    }
  };
}
