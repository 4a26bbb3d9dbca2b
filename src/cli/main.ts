import { main as runBot } from '../main.js';
import { certsCommand } from './certs.js';
import { checkCertCommand } from './check-cert.js';
import { checkCsrCommand } from './check-csr.js';
import { type CliCommand, processIo } from './io.js';
import { parseMailCommand } from './parse-mail.js';
import { validateCommand } from './validate.js';

const COMMANDS: Record<string, CliCommand> = {
  validate: validateCommand,
  'check-csr': checkCsrCommand,
  'check-cert': checkCertCommand,
  'parse-mail': parseMailCommand,
  certs: certsCommand,
};

const HELP = `evssl-bot: guides an EV SSL application (acquire or renew) and checks what goes into it.

Usage:
  evssl-bot [run] [--lang ja|en] [--flow acquire|renew]   start the bot (console channel by default)
  evssl-bot validate FIELD VALUE [--domain D] [--country CC]
  evssl-bot check-csr FILE|- [--org NAME] [--country CC]
  evssl-bot check-cert FILE [--csr FILE] [--chain FILE]
  evssl-bot parse-mail FILE|-
  evssl-bot certs add|list|remove|snooze|ack|renewing|done|resume|team …   renewal reminders (needs REDIS_URL)

Every checking command prints JSON on stdout.

In Slack (/evssl …, or typed in a DM or thread), a reply mail or the console, the same reminders answer
  snooze ID DAYS | ack ID | renewing ID | done ID | resume ID
  certs add DOMAIN YYYY-MM-DD | certs list | certs remove ID   (for that channel's or sender's team)`;

export async function runCli(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'run' || name.startsWith('--')) {
    return runBot(name === 'run' ? rest : argv);
  }
  if (name === 'help' || name === '-h') {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`Unknown command "${name}".\n\n${HELP}\n`);
    return 2;
  }
  return command(rest, processIo());
}
