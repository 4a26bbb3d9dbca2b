import { userInfo } from 'node:os';
import { createInterface } from 'node:readline';
import { runTurn, type TurnServices } from '../conversation/run-turn.js';
import type { Inbound } from '../flow/engine.js';
import type { Reply } from '../flow/replies.js';
import type { Lang } from '../flow/types.js';
import { type ChannelCommand, parseChannelCommand, runChannelCommand } from '../remind/channel-command.js';
import { remindersOf } from '../remind/on-effects.js';
import { renderReplies } from './render.js';

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
}

const FAILED = {
  ja: '申し訳ありません。今の回答を保存できませんでした（内部の一時的な問題です）。もう一度お送りください。',
  en: 'Sorry, your answer could not be saved (a temporary internal problem). Please send it again.',
};

/**
 * The local console channel: one conversation on the terminal. Not a terminal: one answer per line, a
 * pasted PEM block (BEGIN … END) gathered into one answer, so a whole application can be scripted. On a
 * terminal, lines that arrive together (a pasted CA mail, a CSR) are also one answer.
 */
export async function runConsole(services: TurnServices, options: ConsoleOptions): Promise<void> {
  const { output, interactive } = options;
  const conversation = `console:${process.pid}:${Date.now()}`;
  const actor = { channel: 'console' as const, id: safeUser() };
  const rl = createInterface({
    input: options.input,
    ...(interactive ? { output } : {}),
    terminal: false,
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  const write = (replies: Reply[]) => output.write(`${renderReplies(replies)}\n\n`);
  let lang = options.lang;
  const send = async (event: Inbound) => {
    try {
      const r = await runTurn(services, { conversation, actor, event, lang });
      if (r.status === 'duplicate') return;
      if (r.status === 'done' && r.app) lang = r.app.lang;
      write(r.replies);
    } catch (err) {
      // Nothing half-written: the turn either committed or not; the person is told to send it again.
      services.logger.error({ err: err instanceof Error ? err.name : 'unknown' }, 'console turn failed');
      output.write(`✖ ${FAILED[lang]}\n\n`);
    }
  };

  let stopped = false;
  let block: string[] | undefined;
  const answer = async (text: string) => {
    const t = text.trim();
    if (t === '') return;
    if (['exit', 'quit', '終了'].includes(t.toLowerCase())) {
      stopped = true;
      rl.close();
      return;
    }
    const command = parseChannelCommand(t);
    if (command) return runCommand(command);
    await send({ type: 'text', text });
  };
  /** Reminder and `certs` commands: the local operator acts like the CLI, on the default team. */
  const runCommand = async (command: ChannelCommand) => {
    const reminders = remindersOf(services);
    const team = { id: reminders?.defaultTeam ?? 'default', lang, emails: [] };
    try {
      const answer = await runChannelCommand(reminders, command, { team, lang, mayAct: () => true });
      output.write(`${answer.text.replace(/`/g, '')}\n\n`);
    } catch (err) {
      services.logger.error({ err: err instanceof Error ? err.name : 'unknown' }, 'console command failed');
      output.write(`✖ ${FAILED[lang]}\n\n`);
    }
  };
  /** One line in scripted mode: PEM blocks are gathered, everything else is an answer of its own. */
  const scriptedLine = async (line: string) => {
    if (block) {
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

  // Lines are queued from the start: piped input can arrive before the first reply is written.
  let queue = send({ type: 'text', text: options.flow ?? '' }).then(() => {
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

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'local';
  }
}
