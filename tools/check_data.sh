#!/usr/bin/env bash
# Verifies a copy of the study data against datasets/manifest.toml (sha256).
# Usage: bash tools/check_data.sh [DATA_DIR]   (default: ../shared/data beside the checkout)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="${1:-${ASSETMAP_DATA_DIR:-$here/../shared/data}}"
status=0
while read -r name sha; do
  if [ ! -f "$dir/$name" ]; then echo "missing  $name"; status=1; continue; fi
  got=$(sha256sum "$dir/$name" | cut -d' ' -f1)
  if [ "$got" = "$sha" ]; then echo "ok       $name"; else echo "CHANGED  $name"; status=1; fi
done < <(awk -F'"' '/^name = /{n=$2} /^sha256 = /{print n, $2}' "$here/datasets/manifest.toml")
exit $status
