#!/usr/bin/env bash
# Cluster test on a real single-node SLURM cluster (.ci/slurm-cluster.sh starts it):
#  1. the demo through `snakemake --profile profiles/slurm` in a fresh working directory, with
#     one running cluster job cancelled (scancel) mid-run and no retries, so that run stops;
#  2. the same command again: it completes what is missing;
#  3. every output (manifest.json: sha256 of each file) is byte-identical to the local demo
#     run (`make demo`, which must have run before).
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
.ci/slurm-cluster.sh

LOCAL="$REPO/$(.venv/bin/python -m ailabor.report results-dir config/demo.yaml)"
[ -s "$LOCAL/manifest.json" ] || { echo "no local demo run to compare with: run make demo first"; exit 1; }
WD=$(mktemp -d /tmp/ailabor-slurm.XXXXXX)
MARK=$(mktemp /tmp/ailabor-slurm-cancelled.XXXXXX)
SMK=(.venv/bin/snakemake -s "$REPO/Snakefile" -d "$WD" --profile profiles/slurm --configfile "$REPO/config/demo.yaml")
echo "[slurm-test] working directory $WD"

# the fault: cancel the first cluster job seen running
(
  for _ in $(seq 900); do
    line=$(squeue -h -t RUNNING -o "%i %j" 2>/dev/null | head -1)
    if [ -n "$line" ]; then
      scancel "${line%% *}"
      echo "$line" >"$MARK"
      echo "[slurm-test] cancelled cluster job $line"
      exit 0
    fi
    sleep 0.5
  done
) &
watcher=$!
start=$(date +%s)
if "${SMK[@]}" --retries 0 >"$WD.first.log" 2>&1; then
  first=0
else
  first=$?
fi
wait "$watcher" || true
echo "[slurm-test] first run: exit $first after $(( $(date +%s) - start )) s"
tail -5 "$WD.first.log"
[ -s "$MARK" ] || { echo "[slurm-test] no cluster job was cancelled"; exit 1; }
[ "$first" != 0 ] || { echo "[slurm-test] the run with a cancelled job and no retries should have failed"; exit 1; }

start=$(date +%s)
"${SMK[@]}" >"$WD.second.log" 2>&1 || { tail -40 "$WD.second.log"; exit 1; }
echo "[slurm-test] rerun completed in $(( $(date +%s) - start )) s"
grep -E "^[0-9]+ of [0-9]+ steps" "$WD.second.log" | tail -1
sacct -X -n -o State | sort | uniq -c

CLUSTER_MANIFEST=$(ls "$WD"/results/demo/*/manifest.json)
if cmp -s "$CLUSTER_MANIFEST" "$LOCAL/manifest.json"; then
  echo "[slurm-test] every output is byte-identical to the local run ($(grep -c '"sha256"' "$CLUSTER_MANIFEST") files)"
else
  diff <(python3 -m json.tool "$CLUSTER_MANIFEST") <(python3 -m json.tool "$LOCAL/manifest.json") | head -40
  echo "[slurm-test] outputs differ from the local run"
  exit 1
fi
rm -rf "$WD" "$MARK"
