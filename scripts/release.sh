#!/usr/bin/env bash
# Refuses to release while CHANGELOG.md still has an "Unreleased" section (STYLE.md).
set -euo pipefail
cd "$(dirname "$0")/.."
if grep -q '^## Unreleased' CHANGELOG.md; then
  echo "release: CHANGELOG.md still has an 'Unreleased' section; name the version first." >&2
  exit 2
fi
npm test
npm pack --dry-run
