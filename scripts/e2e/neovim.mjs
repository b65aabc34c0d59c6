// Drives the language server from a real, headless Neovim: a small Lua config starts
// `node dist/server.cjs --stdio` for a copy of examples/ (vim.lsp.start on Neovim 0.8+,
// vim.lsp.start_client + buf_attach_client on Debian's 0.7), opens a file, waits for
// vim.diagnostic.get() to fill, asks for a hover and the code actions of the first diagnostic,
// and prints what Neovim saw as JSON.
// Usage: node scripts/e2e/neovim.mjs [file relative to examples/ [line col]]   (0-based hover position)
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const NVIM = process.env.PQC_LENS_NVIM ?? 'nvim';

const LUA = String.raw`
local params = vim.fn.json_decode(PARAMS)
local out = { nvim = vim.version() }

local function finish(err)
  out.error = err
  local f = io.open(params.output, 'w')
  f:write(vim.fn.json_encode(out))
  f:close()
  vim.cmd('qa!')
end

local function run()
  vim.cmd('edit ' .. vim.fn.fnameescape(params.file))
  local bufnr = vim.api.nvim_get_current_buf()
  local config = { name = 'pqc-lens', cmd = { params.node, params.server, '--stdio' }, root_dir = params.root }
  local started = vim.loop.hrtime()
  local client_id
  if vim.lsp.start then
    client_id = vim.lsp.start(config)
  else
    client_id = vim.lsp.start_client(config)
    vim.lsp.buf_attach_client(bufnr, client_id)
  end
  if not client_id then return finish('the language server did not start') end
  local got = vim.wait(params.timeout, function() return #vim.diagnostic.get(bufnr) > 0 end, 20)
  out.diagnosticsMs = (vim.loop.hrtime() - started) / 1e6
  out.diagnostics = vim.diagnostic.get(bufnr)
  if not got then return finish('no diagnostics within ' .. params.timeout .. ' ms') end

  local uri = vim.uri_from_bufnr(bufnr)
  if params.hover ~= vim.NIL then
    local hover = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', { textDocument = { uri = uri }, position = params.hover }, 10000)
    out.hover = hover and hover[client_id] and hover[client_id].result or vim.NIL
  end

  -- The LSP diagnostic back from Neovim's: 0.8+ keeps the original in user_data.lsp; 0.7 keeps
  -- only the fields it did not convert (code, data), so rebuild range, severity, message, source.
  local first = out.diagnostics[1]
  local lsp_diagnostic = vim.tbl_extend('keep', (first.user_data and first.user_data.lsp) or {}, {
    range = { start = { line = first.lnum, character = first.col }, ['end'] = { line = first.end_lnum, character = first.end_col } },
    severity = first.severity, message = first.message, source = first.source, code = first.code,
  })
  local actions = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', {
    textDocument = { uri = uri },
    range = lsp_diagnostic.range,
    context = { diagnostics = { lsp_diagnostic } },
  }, 10000)
  out.codeActions = actions and actions[client_id] and actions[client_id].result or vim.NIL
  vim.lsp.stop_client(client_id)
  finish(vim.NIL)
end

vim.api.nvim_create_autocmd('VimEnter', { callback = function()
  local ok, err = pcall(run)
  if not ok then finish(tostring(err)) end
end })
`;

/** Runs Neovim against a fresh copy of examples/ and returns what it saw (see the Lua above). */
export function runNeovim({ file = 'kubeadm/cluster-configuration.yaml', hover = null, timeoutMs = 20_000 } = {}) {
  const server = join(ROOT, 'dist', 'server.cjs');
  if (!existsSync(server)) throw new Error(`${server} missing: run npm run build`);
  const dir = mkdtempSync(join(tmpdir(), 'pqc-lens-nvim-'));
  try {
    const workspace = join(dir, 'workspace');
    cpSync(join(ROOT, 'examples'), workspace, { recursive: true });
    for (const d of ['config', 'data', 'state', 'cache']) mkdirSync(join(dir, d), { recursive: true });
    const output = join(dir, 'out.json');
    const params = { node: process.execPath, server, root: workspace, file: join(workspace, file), output, hover, timeout: timeoutMs };
    const config = join(dir, 'init.lua');
    writeFileSync(config, `local PARAMS = [==[${JSON.stringify(params)}]==]\n${LUA}`);
    const started = Date.now();
    const result = spawnSync(NVIM, ['--headless', '-n', '-i', 'NONE', '-u', config], {
      cwd: workspace,
      encoding: 'utf8',
      timeout: timeoutMs + 30_000,
      env: { ...process.env, XDG_CONFIG_HOME: join(dir, 'config'), XDG_DATA_HOME: join(dir, 'data'), XDG_STATE_HOME: join(dir, 'state'), XDG_CACHE_HOME: join(dir, 'cache') },
    });
    if (result.error) throw result.error;
    if (!existsSync(output)) throw new Error(`Neovim wrote no result (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
    const seen = JSON.parse(readFileSync(output, 'utf8'));
    seen.totalMs = Date.now() - started;
    return seen;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function neovimAvailable() {
  const probe = spawnSync(NVIM, ['--version'], { encoding: 'utf8' });
  return probe.status === 0 ? probe.stdout.split('\n')[0] : undefined;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [file, line, character] = process.argv.slice(2);
  const seen = runNeovim({ ...(file ? { file } : {}), ...(line ? { hover: { line: Number(line), character: Number(character ?? 0) } } : {}) });
  console.log(JSON.stringify(seen, null, 2));
  process.exit(seen.error ? 1 : 0);
}
