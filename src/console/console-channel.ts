import { userInfo } from 'node:os';
import { createInterface } from 'node:readline';
import { runTurn, type TurnServices } from '../conversation/run-turn.js';
import type { Inbound } from '../flow/engine.js';
import type { Reply } from '../flow/replies.js';
import type { Lang } from '../flow/types.js';
import { renderReplies } from './render.js';

export interface ConsoleOptions {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  lang: Lang;
  /** Prompts and an opening message when a person is typing (stdin is a terminal). */
  interactive: boolean;
  /** Starts this flow right away (`--flow acquire|renew`). */
  flow?: 'acquire' | 'renew';
}

/**
 * The local console channel: one conversation on the terminal. Not a terminal: one answer per line, a
 * pasted PEM block (BEGIN … END) gathered into one answer, so a whole application can be scripted.
 */
export async function runConsole(services: TurnServices, options: ConsoleOptions): Promise<void> {
  const { output } = options;
  const conversation = `console:${process.pid}:${Date.now()}`;
  const actor = { channel: 'console' as const, id: safeUser() };
  const rl = createInterface({
    input: options.input,
    terminal: options.interactive,
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  const write = (replies: Reply[]) => output.write(`${renderReplies(replies)}\n\n`);
  const send = async (event: Inbound) => {
    const r = await runTurn(services, { conversation, actor, event, lang: options.lang });
    if (r.status === 'duplicate') return;
    write(r.replies);
  };

  await send({ type: 'text', text: options.flow ?? '' });
  if (options.interactive) rl.setPrompt('> ');
  if (options.interactive) rl.prompt();
  let block: string[] | undefined;
  for await (const line of rl) {
    if (block) {
      block.push(line);
      if (/-----END [A-Z ]+-----/.test(line)) {
        const text = block.join('\n');
        block = undefined;
        await send({ type: 'text', text });
      }
    } else if (/-----BEGIN [A-Z ]+-----/.test(line) && !/-----END [A-Z ]+-----/.test(line)) {
      block = [line];
      continue;
    } else if (line.trim() !== '') {
      if (['exit', 'quit', '終了'].includes(line.trim().toLowerCase())) break;
      await send({ type: 'text', text: line });
    }
    if (options.interactive && !block) rl.prompt();
  }
  if (block) await send({ type: 'text', text: block.join('\n') });
  rl.close();
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'local';
  }
}
