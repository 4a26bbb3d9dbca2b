import type { App, BlockAction, types } from '@slack/bolt';
import { parseSlackConversationKey } from '../conversation/conversation-key.js';
import { mayAct, runTurn } from '../conversation/run-turn.js';
import { TURN_TEXT } from '../conversation/turn-texts.js';
import { codeOf } from '../errors.js';
import { catalogue, fill } from '../flow/catalogue.js';
import { currentQuestion } from '../flow/progress.js';
import { guessLang } from '../flow/start.js';
import type { Application } from '../flow/state.js';
import { placeDestination, postEphemeral } from './deliver.js';
import { escapeValue } from './mrkdwn.js';
import {
  MODAL_CALLBACK,
  type ModalRef,
  modalErrors,
  parseModalRef,
  readModalValues,
  registrantModal,
  valuesStamp,
} from './registrant-modal.js';
import { ACTION, parseFormButtonValue, parseQuestionBlockId } from './render-blocks.js';
import { scopeOf, slackActor } from './slack-ids.js';
import { type BotContext, deliverTurn, slackTurn } from './slack-turn.js';

const TEXTS = catalogue('slack.actions', {
  stale: {
    ja: 'この質問にはすでに回答済みです。最新のメッセージから続けてください（「状況」で現在の手順を表示します）。',
    en: 'This question has already been answered. Carry on from the latest message ("status" shows where it stands).',
  },
  formNotOpened: {
    ja: '登録者情報フォームを開けませんでした（ボタンを押してから時間がたったか、Slackが混み合っています）。もう一度「📝 登録者情報フォームを開く」を押すか、ここで質問に一つずつ入力して答えてください。',
    en: 'The registrant form could not be opened (the click expired, or Slack was busy). Press “📝 Open the registrant form” again, or type the answers here, one question at a time.',
  },
  staleForm: {
    ja: 'このフォームは登録者情報の入力の手順で表示したものですが、申請はすでに先へ進んでいるため使えません（何も変更していません）。項目を直すときは「修正 項目名」と送ってください（パネルで申請済みの内容はここでは変わりません）。',
    en: 'This form was shown at the registrant information step and the application has moved on, so it cannot be used (nothing was changed). To correct a field, say "edit <field>" (what was submitted in the panel does not change here).',
  },
  formChanged: {
    ja: 'このフォームを開いた後に登録者情報が変更されたため、保存しませんでした（上書きを防ぐため）。フォームを閉じて、最新のメッセージからもう一度開いてください。',
    en: 'The registrant information changed after this form was opened, so it was not saved (it would overwrite the change). Close the form and open it again from the latest message.',
  },
  chose: { ja: '<@{user}> さんの回答: {label}', en: '<@{user}> chose: {label}' },
});

interface ActionBody {
  user: { id: string; team_id?: string };
  team?: { id: string } | null;
  enterprise?: { id: string } | null;
  channel?: { id: string };
  message?: { ts: string; blocks?: types.KnownBlock[] };
  trigger_id: string;
}

/** Whether a click answers the question being asked now (old buttons stay in the thread's history). */
export function isCurrent(app: Application | undefined, questionId: string): boolean {
  if (questionId === 'flow') return app === undefined || app.status !== 'active';
  if (app?.status !== 'active') return false;
  if (questionId.startsWith('confirm.')) return app.pending?.type === `confirm-${questionId.slice(8)}`;
  return !app.pending && currentQuestion(app)?.id === questionId;
}

/** Whether a registrant form shown at `step` may still be used: the application is at that step now. */
export function formIsCurrent(app: Application, step = 'registrant'): boolean {
  return app.status === 'active' && currentQuestion(app)?.step === step;
}

/**
 * Buttons and selects answer the question they belong to (acknowledged first, then the turn); the
 * form button opens the registrant modal, whose submission is validated by the engine before the ack
 * so errors appear inline (`response_action: errors`).
 */
export function registerActions(app: App, ctx: BotContext): void {
  app.action<BlockAction>(/^evssl\.(choice|select)/, async ({ ack, body, action }) => {
    await ack();
    const b = body as unknown as ActionBody;
    const ref = parseQuestionBlockId(action.block_id);
    const place = ref && parseSlackConversationKey(ref.conversation);
    if (!ref || !place) return;
    const choice =
      action.type === 'static_select'
        ? action.selected_option
          ? { value: action.selected_option.value, label: action.selected_option.text.text }
          : undefined
        : action.type === 'button'
          ? { value: action.value ?? '', label: action.text.text }
          : undefined;
    if (!choice) return;
    // Slack has its answer once this handler returns: the turn follows.
    ctx.background(
      answered(ctx, place, b.user.id, ref.conversation, async () => {
        const stored = await load(ctx, ref.conversation);
        const actor = slackActor(place.scope, b.user.id);
        const lang = stored?.lang ?? guessLang(choice.label, ctx.lang);
        const event = { type: 'choice' as const, value: choice.value };
        if (stored && !mayAct(stored, actor)) {
          await slackTurn(ctx, { place, user: b.user.id, event, onUnavailable: 'answer' });
          return;
        }
        if (!isCurrent(stored, ref.questionId)) {
          const stale = [{ type: 'text' as const, text: TEXTS.stale[lang] }];
          await postEphemeral(ctx.client, placeDestination(place), b.user.id, stale, lang, ref.conversation);
          return;
        }
        const chose = fill(TEXTS.chose, lang, { user: b.user.id, label: escapeValue(choice.label) });
        await markAnswered(ctx, b, action.block_id, chose);
        await slackTurn(ctx, { place, user: b.user.id, event, onUnavailable: 'answer' });
      }),
    );
  });

  app.action<BlockAction>(ACTION.form, async ({ ack, body, action, client }) => {
    await ack();
    const b = body as unknown as ActionBody;
    const shown = parseFormButtonValue(action.type === 'button' ? (action.value ?? '') : '');
    const conversation = shown.conversation;
    const place = parseSlackConversationKey(conversation);
    if (!place) return;
    ctx.background(
      answered(ctx, place, b.user.id, conversation, async () => {
        const stored = await load(ctx, conversation);
        if (!stored) return;
        if (!mayAct(stored, slackActor(place.scope, b.user.id))) {
          await slackTurn(ctx, {
            place,
            user: b.user.id,
            event: { type: 'text', text: 'status' },
            onUnavailable: 'answer',
          });
          return;
        }
        if (!formIsCurrent(stored, shown.step)) {
          // An old button (step 4's, clicked at step 6 or on an issued application): not opened.
          const note = [
            { type: 'text' as const, tone: 'warning' as const, text: TEXTS.staleForm[stored.lang] },
          ];
          await postEphemeral(
            ctx.client,
            placeDestination(place),
            b.user.id,
            note,
            stored.lang,
            conversation,
          );
          return;
        }
        try {
          await client.views.open({ trigger_id: b.trigger_id, view: registrantModal(stored, conversation) });
        } catch (err) {
          // An expired trigger (Slack allows 3 s), a 429, Slack down: the person is told, not left waiting.
          ctx.logger.warn({ code: codeOf(err) }, 'registrant form not opened');
          const note = [
            { type: 'text' as const, tone: 'warning' as const, text: TEXTS.formNotOpened[stored.lang] },
          ];
          await postEphemeral(
            ctx.client,
            placeDestination(place),
            b.user.id,
            note,
            stored.lang,
            conversation,
          );
        }
      }),
    );
  });

  app.view(MODAL_CALLBACK, async ({ ack, body, view }) => {
    const ref = parseModalRef(view.private_metadata);
    const conversation = ref?.conversation ?? '';
    const place = parseSlackConversationKey(conversation);
    if (!ref || !place) {
      await ack();
      return;
    }
    const scope = scopeOf(body.team?.id ?? body.user.team_id, body.enterprise?.id);
    const values = readModalValues(view.state.values as Parameters<typeof readModalValues>[0]);
    const first = Object.keys(values)[0] ?? 'organizationName';
    // A form opened for an earlier step, another application, or values changed since: not applied.
    // Checked before the turn (one read): a change landing between this check and the turn is not caught.
    const stale = await staleForm(ctx, ref);
    if (stale) {
      await ack({ response_action: 'errors', errors: modalErrors({ [first]: stale }) });
      return;
    }
    const result = await runTurn(ctx.services, {
      conversation,
      actor: slackActor(scope, body.user.id),
      event: { type: 'form', values },
    });
    const refusal =
      result.status === 'forbidden' || (result.status === 'done' && result.unavailable)
        ? result.replies.map((r) => (r.type === 'text' ? r.text : '')).join(' ')
        : undefined;
    if (refusal !== undefined) {
      // The form stays open with everything typed in it (not saved: the person sends it again).
      await ack({ response_action: 'errors', errors: modalErrors({ [first]: refusal }) });
      return;
    }
    const errors =
      result.status === 'done' ? result.replies.find((r) => r.type === 'form-errors') : undefined;
    if (errors?.type === 'form-errors') {
      await ack({ response_action: 'errors', errors: modalErrors(errors.errors) });
      return;
    }
    await ack();
    deliverTurn(ctx, { place, user: body.user.id, onUnavailable: 'answer' }, conversation, result, '');
  });
}

/** Why a submitted registrant form is refused (in the application's language), or undefined. */
async function staleForm(ctx: BotContext, ref: ModalRef): Promise<string | undefined> {
  let stored: Application | undefined;
  try {
    stored = await load(ctx, ref.conversation);
  } catch {
    return undefined; // The turn meets the same outage and says so.
  }
  if (!stored) return undefined;
  if ((ref.applicationId && stored.id !== ref.applicationId) || !formIsCurrent(stored, ref.step)) {
    return TEXTS.staleForm[stored.lang];
  }
  if (ref.stamp && valuesStamp(stored) !== ref.stamp) return TEXTS.formChanged[stored.lang];
  return undefined;
}

/**
 * Runs an interaction's work after its acknowledgement; when the store cannot be reached (or anything
 * else fails), the person is told privately that nothing was saved (Slack does not send it again).
 */
async function answered(
  ctx: BotContext,
  place: { channel: string; thread?: string },
  user: string,
  conversation: string,
  work: () => Promise<void>,
): Promise<void> {
  try {
    await work();
  } catch (err) {
    ctx.logger.warn({ code: (err as { code?: string }).code }, 'interaction not completed');
    const text = [{ type: 'text' as const, tone: 'error' as const, text: TURN_TEXT.notSaved[ctx.lang] }];
    await postEphemeral(ctx.client, placeDestination(place), user, text, ctx.lang, conversation);
  }
}

async function load(ctx: BotContext, conversation: string): Promise<Application | undefined> {
  const id = await ctx.services.store.resolve(conversation);
  const stored = id ? await ctx.services.store.load(id) : null;
  return stored?.app;
}

/** Replaces the clicked buttons with who chose what, so the thread reads as a record. */
async function markAnswered(ctx: BotContext, b: ActionBody, blockId: string, text: string): Promise<void> {
  if (!b.channel || !b.message?.blocks) return;
  const blocks = b.message.blocks.map((block) =>
    block.block_id === blockId
      ? ({ type: 'context', elements: [{ type: 'mrkdwn', text }] } as types.KnownBlock)
      : block,
  );
  try {
    await ctx.client.chat.update({ channel: b.channel.id, ts: b.message.ts, blocks, text });
  } catch (err) {
    ctx.logger.warn(
      { err: (err as { data?: { error?: string } }).data?.error },
      'could not update the answered message',
    );
  }
}
