#!/usr/bin/env bash
# Installs everything backprop-lab needs on a Debian machine with Node 20.19+ (or 22.12+) and Python 3.11+:
#   Debian: Chromium (HTML checks, PDF printing, the JupyterLab test), poppler-utils (PDF checks), python3-venv;
#   PyPI:   JupyterLab 4, nbclient, nbconvert, nbformat, jupyter_client and plotly's JupyterLab extension, pinned
#           in requirements.txt, into the project's own virtual environment .venv/ (git-ignored);
#   npm:    the locked dependencies, then `prepare` compiles src/ into dist/ for the notebooks.
# Runs apt-get through sudo when not root. Safe and quick to run again: each step is skipped when done.
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

APT_PACKAGES=(chromium poppler-utils python3-venv)

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

# Jupyter from PyPI into .venv/, made by the first python3 on PATH (BACKPROP_LAB_PYTHON overrides), which
# must have venv (Debian's python3 has it with python3-venv). The venv is rebuilt only when requirements.txt
# changes: its hash is kept in .venv/requirements.sha256.
PY=${BACKPROP_LAB_PYTHON:-python3}
if ! "$PY" -c 'import sys, venv; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "setup: $PY is missing, older than 3.11 or has no venv module; backprop-lab needs Python 3.11+ with venv" >&2
  exit 1
fi
want=$(sha256sum requirements.txt | cut -d' ' -f1)
if [ -x .venv/bin/python ] && [ "$(cat .venv/requirements.sha256 2>/dev/null)" = "$want" ]; then
  echo "setup: .venv already matches requirements.txt"
else
  echo "setup: installing Jupyter into .venv/ from requirements.txt"
  rm -rf .venv
  "$PY" -m venv .venv
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --no-input -r requirements.txt
  echo "$want" > .venv/requirements.sha256
fi

# npm ci only when package-lock.json changed since the last one (it deletes node_modules/ and takes a minute);
# otherwise just compile the library. Delete node_modules/ to force it.
lock=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ -d node_modules ] && [ "$(cat node_modules/.backprop-lab-lock.sha256 2>/dev/null)" = "$lock" ]; then
  echo "setup: node_modules already matches package-lock.json; npm run build"
  npm run --silent build
else
  echo "setup: npm ci"
  npm ci --no-audit --no-fund
  echo "$lock" > node_modules/.backprop-lab-lock.sha256
fi
