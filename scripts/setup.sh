#!/usr/bin/env bash
# Installs everything backprop-lab needs on a Debian machine with Node 20:
#   Debian: Jupyter's notebook executor and classic Notebook (tslab runs inside them), Chromium (HTML checks
#           and PDF printing), poppler-utils (PDF checks);
#   npm:    the locked dependencies, then `prepare` compiles src/ into dist/ for the notebooks.
# Runs apt-get through sudo when not root. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(jupyter-nbconvert python3-nbclient python3-notebook jupyter-nbformat chromium poppler-utils)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "setup: installing Debian packages: ${missing[*]}"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${missing[@]}"
else
  echo "setup: Debian packages already installed"
fi

node -e 'const [major]=process.versions.node.split(".").map(Number); if (major < 20) { console.error(`setup: Node ${process.versions.node} found, backprop-lab needs Node 20 or newer`); process.exit(1); }'
echo "setup: npm ci"
npm ci --no-audit --no-fund
