// What a CLI command needs from its surroundings; tests pass their own.
export interface CliIo {
  /** Directory relative paths are resolved against and output paths are relative to. */
  cwd: string;
  stdout(text: string): void;
  stderr(text: string): void;
}

export function processIo(): CliIo {
  return {
    cwd: process.cwd(),
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
  };
}

/** A command-line mistake: the CLI prints the message and the usage, and exits with 2. */
export class UsageError extends Error {
  constructor(message: string, readonly usage?: string) {
    super(message);
    this.name = 'UsageError';
  }
}
