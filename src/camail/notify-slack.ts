import type { webApi } from '@slack/bolt';
import { renderReplies } from '../bot/render-blocks.js';
import type { Reply } from '../flow/replies.js';
import type { Notify } from './notify.js';

/**
 * The Slack channel's notifier: a direct message to the applicant (the store keeps no application →
 * thread link yet). Questions are shown as text without buttons: a button in the DM would act on the
 * DM's own conversation, not on this application; the applicant answers in the application's thread.
 */
export function slackNotify(client: webApi.WebClient): Notify {
  return async (app, replies) => {
    const applicant = app.members[0];
    if (applicant?.channel !== 'slack' || replies.length === 0) return false;
    const user = applicant.id.slice(applicant.id.lastIndexOf(':') + 1);
    const head: Reply = {
      type: 'text',
      text: app.lang === 'ja' ? `申請 ${app.id}` : `Application ${app.id}`,
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
  };
}
