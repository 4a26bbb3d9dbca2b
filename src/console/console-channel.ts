import { userInfo } from 'node:os';
import { createInterface } from 'node:readline';
import { consoleConversationKey } from '../conversation/conversation-key.js';
import { runTurn, type TurnServices } from '../conversation/run-turn.js';
import { catalogue, fill } from '../flow/catalogue.js';
import type { Inbound } from '../flow/engine.js';
import type { Reply } from '../flow/replies.js';
import type { Lang } from '../flow/types.js';
import { type ChannelCommand, parseChannelCommand, runChannelCommand } from '../remind/channel-command.js';
import { renderReplies, terminalSafe } from './render.js';

export interface ConsoleOptions {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  lang: Lang;
  /** Prompts, and pastes grouped by timing, when a person is typing (stdin is a terminal). */
  interactive: boolean;
  /** Starts this flow right away (`--flow acquire|renew`). */
  flow?: 'acquire' | 'renew';
  /** Lines arriving within this many ms of each other are one pasted answer (interactive only). */
  pasteWindowMs?: number;
  /**
   * The store outlives the process (SQLite): the conversation is this user's, the same at every start,
   * so `npm start` picks the application up where it was. Otherwise a new conversation per process.
   */
  durable?: boolean;
  /** Where applications are kept, said at start: `memory` is lost when the console stops. */
  store?: { kind: 'memory' | 'sqlite' | 'redis'; where?: string };
}

const TEXTS = catalogue('console', {
  storeNote: {
    memory: {
      ja: 'ℹ この申請はメモリ上に保存されます。コンソールを終了すると消えます（残すには STORE=sqlite で起動してください）。終了するには「終了」または exit（確認があります）。',
      en: 'ℹ Applications are kept in memory: they are lost when the console stops (start with STORE=sqlite to keep them). To leave, say exit (asks to confirm).',
    },
    sqlite: {
      ja: 'ℹ 申請は {where} に保存され、再起動後も残ります。終了するには「終了」または exit。',
      en: 'ℹ Applications are kept in {where} and survive a restart. To leave, say exit.',
    },
    redis: {
      ja: 'ℹ 申請は Redis に保存されます。終了するには「終了」または exit。',
      en: 'ℹ Applications are kept in Redis. To leave, say exit.',
    },
  },
  quit: {
    ask: {
      ja: 'コンソールを終了しますか？{lost}\n  1) はい、終了する\n  2) いいえ、続ける',
      en: 'Leave the console?{lost}\n  1) Yes, leave\n  2) No, carry on',
    },
    lost: {
      ja: ' 申請はメモリ上にあるため、終了すると消えます。',
      en: ' The application is kept in memory and is lost when you leave.',
    },
    kept: { ja: '続けます。', en: 'Carrying on.' },
    bye: { ja: '終了します。', en: 'Goodbye.' },
  },
  failed: {
    ja: '申し訳ありません。今の回答を保存できませんでした（内部の一時的な問題です）。もう一度お送りください。',
    en: 'Sorry, your answer could not be saved (a temporary internal problem). Please send it again.',
  },
});

const QUIT_WORDS = ['exit', 'quit', '終了', 'しゅうりょう', ':q'];
const YES_WORDS = ['1', 'yes', 'y', 'はい', 'うん', '終了', 'exit', 'quit'];

/**
 * The local console channel: one conversation on the terminal. Not a terminal: one answer per line, a
 * pasted PEM block (BEGIN … END) gathered into one answer, so a whole application can be scripted. On a
 * terminal, lines that arrive together (a pasted CA mail, a CSR) are also one answer.
 */
export async function runConsole(services: TurnServices, options: ConsoleOptions): Promise<void> {
  const { output, interactive } = options;
  const conversation = options.durable
    ? consoleConversationKey(`local:${safeUser()}`)
    : consoleConversationKey(`${process.pid}:${Date.now()}`);
  const actor = { channel: 'console' as const, id: safeUser() };
  // Picked up after a restart (durable store): where the application stands, not a blank answer. Read
  // before the line reader exists, so no piped line is emitted while this waits.
  const resumed = options.durable === true && (await services.store.resolve(conversation)) !== null;
  const rl = createInterface({
    input: options.input,
    ...(interactive ? { output } : {}),
    terminal: false,
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let lang = options.lang;
  const write = (replies: Reply[], inLang: Lang = lang) =>
    output.write(`${renderReplies(replies, inLang)}\n\n`);
  // Notices from outside a turn (the CT watch) are written to the terminal as they come.
  services.notifiers?.register('console', async (app, replies) => {
    write(replies, app.lang);
    return true;
  });
  /** The question last shown: at a waiting step 終了 means "done", not "leave". */
  let shown: string | undefined;
  let active = false;
  const send = async (event: Inbound) => {
    try {
      const r = await runTurn(services, { conversation, actor, event, lang, restartClosed: true });
      if (r.status === 'duplicate') return;
      if (r.status === 'done' && r.app) {
        lang = r.app.lang;
        active = r.app.status === 'active';
      }
      const q = [...r.replies].reverse().find((x) => x.type === 'question');
      shown = q?.type === 'question' ? q.id : shown;
      write(r.replies);
    } catch (err) {
      // Nothing half-written: the turn either committed or not; the person is told to send it again.
      services.logger.error({ err: err instanceof Error ? err.name : 'unknown' }, 'console turn failed');
      output.write(`✖ ${TEXTS.failed[lang]}\n\n`);
    }
  };

  let stopped = false;
  let confirmingQuit = false;
  let block: string[] | undefined;
  const answer = async (text: string) => {
    const t = text.trim();
    // Lines piped after leaving are already queued: none of them is read.
    if (t === '' || stopped) return;
    const word = t.normalize('NFKC').toLowerCase();
    if (confirmingQuit) {
      confirmingQuit = false;
      if (YES_WORDS.includes(word)) {
        output.write(`${TEXTS.quit.bye[lang]}\n`);
        stopped = true;
        rl.close();
        return;
      }
      output.write(`${TEXTS.quit.kept[lang]}\n\n`);
      if (['2', 'no', 'n', 'いいえ', 'ううん'].includes(word)) return;
    }
    // At a waiting step 終了 is the natural word for "done": it answers the step.
    const waiting = shown?.startsWith('wait.') === true && (word === '終了' || word === '終了しました');
    if (QUIT_WORDS.includes(word) && !waiting) {
      // Leaving loses an in-memory application: ask first (nothing is lost on "no").
      const lost = active && (options.store?.kind ?? 'memory') === 'memory' ? TEXTS.quit.lost[lang] : '';
      confirmingQuit = true;
      output.write(`${fill(TEXTS.quit.ask, lang, { lost })}\n\n`);
      return;
    }
    const command = parseChannelCommand(t);
    if (command) return runCommand(command);
    await send({ type: 'text', text });
  };
  /** Reminder and `certs` commands: the local operator acts like the CLI, on the default team. */
  const runCommand = async (command: ChannelCommand) => {
    const reminders = services.reminders;
    const team = { id: reminders?.defaultTeam ?? 'default', lang, emails: [] };
    try {
      const answer = await runChannelCommand(reminders, command, { team, lang, mayAct: () => true });
      output.write(`${terminalSafe(answer.text.replace(/`/g, ''))}\n\n`);
    } catch (err) {
      services.logger.error({ err: err instanceof Error ? err.name : 'unknown' }, 'console command failed');
      output.write(`✖ ${TEXTS.failed[lang]}\n\n`);
    }
  };
  /**
   * One line in scripted mode: PEM blocks are gathered, everything else is an answer of its own. A block
   * with no END line ends at the first line that cannot be part of a PEM body: the block goes as it
   * stands (the flow says it is cut short) and that line is the next answer, not swallowed.
   */
  const scriptedLine = async (line: string): Promise<void> => {
    if (block) {
      if (!/-----END [A-Z0-9 ]+-----/.test(line) && !pemBodyLine(block, line)) {
        const cut = block.join('\n');
        block = undefined;
        await answer(cut);
        return scriptedLine(line);
      }
      block.push(line);
      if (!/-----END [A-Z0-9 ]+-----/.test(line)) return;
      const text = block.join('\n');
      block = undefined;
      return answer(text);
    }
    if (/-----BEGIN [A-Z0-9 ]+-----/.test(line) && !/-----END [A-Z0-9 ]+-----/.test(line)) {
      block = [line];
      return;
    }
    return answer(line);
  };

  const store = options.store ?? { kind: 'memory' as const };
  output.write(`${fill(TEXTS.storeNote[store.kind], lang, { where: store.where ?? '' })}\n\n`);
  // Lines are queued from the start: piped input can arrive before the first reply is written.
  let queue = send({ type: 'text', text: options.flow ?? (resumed ? 'status' : '') }).then(() => {
    if (!interactive) return;
    rl.setPrompt('> ');
    rl.prompt();
  });
  let pasted: string[] = [];
  let timer: NodeJS.Timeout | undefined;
  const flushPaste = () => {
    const text = pasted.join('\n');
    pasted = [];
    queue = queue.then(() => answer(text)).then(() => (stopped ? undefined : rl.prompt()));
  };
  rl.on('line', (line) => {
    if (!interactive) {
      queue = queue.then(() => scriptedLine(line));
      return;
    }
    pasted.push(line);
    clearTimeout(timer);
    timer = setTimeout(flushPaste, options.pasteWindowMs ?? 40);
  });
  await new Promise<void>((resolve) => rl.once('close', resolve));
  clearTimeout(timer);
  if (pasted.length > 0) flushPaste();
  await queue;
  if (block) await answer(block.join('\n'));
}

const BASE64_LINE = /^[A-Za-z0-9+/]+={0,2}$/;
/** RFC 1421 encapsulated headers (Proc-Type:, DEK-Info:) and their indented continuation lines. */
const PEM_HEADER_LINE = /^(?:[A-Za-z][A-Za-z0-9-]*:.*|[ \t]+\S.*)$/;

/**
 * Whether `line` can continue the PEM block gathered so far (BEGIN line first). Base64 lines are whole
 * quads and all as long as the first one; a shorter one is the last, after which only END may come.
 * Headers come before the body only; a blank line is taken anywhere (it is no answer of its own).
 */
function pemBodyLine(block: string[], line: string): boolean {
  const t = line.trim();
  if (t === '') return true;
  const body = block
    .slice(1)
    .map((l) => l.trim())
    .filter((l) => BASE64_LINE.test(l));
  const quads = BASE64_LINE.test(t) && t.length % 4 === 0;
  if (body.length === 0) return PEM_HEADER_LINE.test(line.trimEnd()) || (quads && t.length <= 76);
  const width = body[0]?.length ?? 0;
  return (body.at(-1)?.length ?? 0) === width && quads && t.length <= width;
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'local';
  }
}
