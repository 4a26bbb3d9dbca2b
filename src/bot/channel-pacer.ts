import { metrics } from '../ops/metrics.js';

export interface ChannelPacerOptions {
  /** Rate-limited answers retried per call before the 429 is handed to the Web API client (default 5). */
  maxRetries?: number;
  /** The wait when Slack's 429 has no usable Retry-After (default 1 s). */
  defaultRetryAfterMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A `fetch` for the Web API client that honours Slack's posting limit per channel. Slack limits
 * `chat.postMessage` per channel; the Web API client, given a 429, pauses its one queue for *every*
 * channel and adds its retry backoff on top of Retry-After (a bystander's reply waited 2 s for someone
 * else's DM; three 1 s Retry-Afters became gaps of 2.6, 3.6 and 8.5 s). Here a call that names a channel
 * waits until that channel's Retry-After has passed (exactly that long), and a 429 it gets is retried
 * after exactly its Retry-After; other channels go on at once. A call without a channel (`views.open`,
 * `views.publish`) gets its 429 back, for its caller to judge (a modal's trigger expires in 3 s).
 */
export function pacedFetch(inner: typeof fetch, options: ChannelPacerOptions = {}): typeof fetch {
  const maxRetries = options.maxRetries ?? 5;
  const fallbackMs = options.defaultRetryAfterMs ?? 1000;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? sleepFor;
  /** Per channel: not before this time (ms). Entries are removed once past. */
  const notBefore = new Map<string, number>();
  const paced = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const channel = channelOf(init);
    if (!channel) return inner(input, init);
    for (let attempt = 0; ; attempt++) {
      const until = notBefore.get(channel);
      if (until !== undefined) {
        const wait = until - now();
        if (wait > 0) await sleep(wait);
        else notBefore.delete(channel);
      }
      const res = await inner(input, init);
      if (res.status !== 429 || attempt >= maxRetries) return res;
      const seconds = Number(res.headers.get('retry-after'));
      const ms = Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : fallbackMs;
      notBefore.set(channel, Math.max(notBefore.get(channel) ?? 0, now() + ms));
      metrics().slackChannelPaused.inc();
    }
  };
  return paced as typeof fetch;
}

/** The `channel` argument of a Web API call (form-encoded, as the Web API client sends it, or JSON). */
function channelOf(init: RequestInit): string | undefined {
  const body = init.body;
  if (typeof body !== 'string' || !body.includes('channel')) return undefined;
  if (body.startsWith('{')) {
    // The reply poster (src/bot/json-post.ts) writes `channel` first: read without parsing the blocks.
    if (body.startsWith('{"channel":"')) {
      const end = body.indexOf('"', 12);
      const id = body.slice(12, end);
      if (end > 12 && !id.includes('\\')) return id;
    }
    try {
      const channel = (JSON.parse(body) as { channel?: unknown }).channel;
      return typeof channel === 'string' && channel !== '' ? channel : undefined;
    } catch {
      return undefined;
    }
  }
  // Only the one field: decoding the whole form (a reply's blocks, kilobytes) cost more than the post.
  let start: number;
  if (body.startsWith('channel=')) start = 'channel='.length;
  else {
    const field = body.indexOf('&channel=');
    if (field === -1) return undefined;
    start = field + '&channel='.length;
  }
  const end = body.indexOf('&', start);
  const raw = body.slice(start, end === -1 ? undefined : end);
  try {
    return decodeURIComponent(raw.replaceAll('+', ' ')) || undefined;
  } catch {
    return undefined;
  }
}
