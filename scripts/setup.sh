#!/usr/bin/env bash
# Installs everything backprop-lab needs on a Debian machine with Node 20.19+ (or 22.12+):
#   Debian: Jupyter's notebook executor and classic Notebook (tslab runs inside them), Chromium (HTML checks
#           and PDF printing), poppler-utils (PDF checks);
#   npm:    the locked dependencies, then `prepare` compiles src/ into dist/ for the notebooks.
# Runs apt-get through sudo when not root. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

# Node first, before anything is installed. The library loads @hpcc-js/wasm-graphviz, an ES module, with
# require(), which Node allows without a flag from 20.19 on the 20 line and from 22.12 on (not in 21, nor
# in 22.0 to 22.11). The version is read with `node --version` so no JavaScript runs on an unknown Node.
NEED="Node 20.19 or newer (on the 22 line 22.12 or newer)"
if ! found=$(node --version 2>/dev/null); then
  echo "setup: Node.js not found on PATH, backprop-lab needs $NEED" >&2
  exit 1
fi
found=${found#v}
IFS=. read -r major minor _ <<<"$found"
if ! [[ "$major" =~ ^[0-9]+$ && "$minor" =~ ^[0-9]+$ ]]; then
  echo "setup: cannot read the Node version \"$found\", backprop-lab needs $NEED" >&2
  exit 1
fi
if ((major < 20 || (major == 20 && minor < 19) || major == 21 || (major == 22 && minor < 12))); then
  echo "setup: Node $found found, backprop-lab needs $NEED (require() of ES modules)" >&2
  exit 1
fi

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

echo "setup: npm ci"
npm ci --no-audit --no-fund
