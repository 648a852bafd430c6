#!/usr/bin/env bash
# Sourced by the other scripts: makes sure `node` on PATH is Node.js 22 LTS or newer (Node 20 is
# end of life). When the machine's node is older, the official Node 22 binary is installed from
# the npm registry (package node-linux-<arch>, pinned below) into .tools/ and put first on PATH,
# so a fresh clone needs nothing but some node and npm.
NODE_REQUIRED_MAJOR=22
NODE_PINNED_VERSION=22.23.5

node_major() { "${1:-node}" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "Node.js ${NODE_REQUIRED_MAJOR}+ with npm is required (https://nodejs.org)." >&2
  exit 1
fi

if [ "$(node_major)" -lt "$NODE_REQUIRED_MAJOR" ]; then
  chorus_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  tools="$chorus_root/.tools/node-$NODE_PINNED_VERSION"
  pkg="node-$(uname -s | tr '[:upper:]' '[:lower:]')-$(node -p process.arch)"
  bin="$tools/node_modules/$pkg/bin"
  if [ "$(node_major "$bin/node")" -lt "$NODE_REQUIRED_MAJOR" ]; then
    echo "Node.js $(node --version) is older than ${NODE_REQUIRED_MAJOR}: installing $pkg@$NODE_PINNED_VERSION into .tools/ …"
    mkdir -p "$tools"
    npm install --prefix "$tools" --no-save --no-audit --no-fund --loglevel=error "$pkg@$NODE_PINNED_VERSION" >/dev/null \
      || { echo "Could not install $pkg@$NODE_PINNED_VERSION from the npm registry; install Node.js ${NODE_REQUIRED_MAJOR}+ yourself." >&2; exit 1; }
  fi
  export PATH="$bin:$PATH"
fi
