import type { webApi } from '@slack/bolt';
import { postReplies, webClientPost } from '../bot/deliver.js';
import { renderReplies } from '../bot/render-blocks.js';
import { parseSlackConversationKey } from '../conversation/conversation-key.js';
import { codeOf } from '../errors.js';
import { fill } from '../flow/catalogue.js';
import type { Reply } from '../flow/replies.js';
import type { Application } from '../flow/state.js';
import { words } from '../flow/words.js';
import type { Logger } from '../log/logger.js';
import type { ApplicationStore } from '../store/application-store.js';
import type { Notify } from './notify.js';

export interface SlackNotifyDeps {
  client: webApi.WebClient;
  store: ApplicationStore;
  logger: Logger;
  /** Called once a notice was posted (the Slack channel republishes its members' Home tabs). */
  onNotified?: (app: Application) => void;
}

/**
 * The Slack channel's notifier: the CA-mail turn's replies in the application's own thread — the Slack
 * conversation bound to it most recently (a closed thread re-bound to a new application moves with it) —
 * rendered as any turn's, buttons included: they belong to that conversation. Only when no Slack
 * conversation is bound (or posting there fails: the bot was removed from the channel) the applicant
 * gets a direct message instead, with questions as plain text: a button in the DM would act on the
 * DM's own conversation, not on this application.
 */
export function slackNotify(deps: SlackNotifyDeps): Notify {
  return async (app, replies) => {
    if (replies.length === 0) return false;
    const thread = (await deps.store.conversations(app.id))
      .filter((c) => parseSlackConversationKey(c))
      .at(-1);
    let delivered = false;
    if (thread) {
      try {
        await postReplies(webClientPost(deps.client), thread, replies, app.lang);
        delivered = true;
      } catch (err) {
        deps.logger.warn(
          { applicationId: app.id, err: codeOf(err) },
          'CA-mail notice could not be posted in the application thread: sending it by DM',
        );
      }
    }
    if (!delivered) delivered = await directMessage(deps.client, app, replies);
    if (delivered) deps.onNotified?.(app);
    return delivered;
  };
}

async function directMessage(client: webApi.WebClient, app: Application, replies: Reply[]): Promise<boolean> {
  const applicant = app.members[0];
  if (applicant?.channel !== 'slack') return false;
  const user = applicant.id.slice(applicant.id.lastIndexOf(':') + 1);
  const head: Reply = {
    type: 'text',
    text: fill(words.applicationRef, app.lang, { id: app.id }),
  };
  const plain = replies.map((r): Reply => (r.type === 'question' ? { type: 'text', text: r.text } : r));
  const { text, blocks } = renderReplies([head, ...plain], {
    conversation: `app:${app.id}`,
    lang: app.lang,
  });
  await client.chat.postMessage({
    channel: user,
    text,
    blocks: blocks.slice(0, 50),
    unfurl_links: false,
    unfurl_media: false,
  });
  return true;
}
