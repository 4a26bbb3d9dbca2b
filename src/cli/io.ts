import { readFile } from 'node:fs/promises';

/** What a CLI command may touch, passed in so tests can run commands in-process. */
export interface CliIo {
  /** Reads a file, or standard input when `path` is `-`. */
  read(path: string): Promise<Buffer>;
  out(text: string): void;
  err(text: string): void;
}

/** A command: takes its own arguments (after the command name), returns the exit code. */
export type CliCommand = (args: string[], io: CliIo) => Promise<number>;

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export function processIo(): CliIo {
  return {
    read: (path) => (path === '-' ? readStdin() : readFile(path)),
    out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  };
}
