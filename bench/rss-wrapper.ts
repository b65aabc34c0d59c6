// Fallback used by process.ts where GNU time is missing: runs a Node script in this process and, on
// exit, writes this process's CPU time and peak RSS to stderr on one marked line.
// Usage: node out/bench/rss-wrapper.js SCRIPT [args...]
import { writeSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [script, ...args] = process.argv.slice(2);
if (!script) {
  process.stderr.write('usage: node rss-wrapper.js SCRIPT [args...]\n');
  process.exit(2);
}
process.on('exit', () => {
  const usage = process.resourceUsage();
  writeSync(2, `\n@@rss-wrapper ${JSON.stringify({ userMs: usage.userCPUTime / 1000, systemMs: usage.systemCPUTime / 1000, maxRssKb: usage.maxRSS })}\n`);
});
process.argv = [process.argv[0], resolve(script), ...args];
await import(pathToFileURL(resolve(script)).href);
