#!/usr/bin/env node
// pqc-lens command-line entry point: loads the bundled CLI (npm run build writes dist/cli/).
let cli;
try {
  cli = await import('../dist/cli/main.js');
} catch (error) {
  const message = String(error && error.message ? error.message : error);
  const reason = error && error.code === 'ERR_MODULE_NOT_FOUND' && message.includes('cli/main.js')
    ? 'the program is not built yet; run "npm run build" first'
    : `cannot load the program (${message.split('\n')[0]})`;
  process.stderr.write(`pqc-lens: ${reason}\n`);
  process.exit(2);
}
await cli.run();
