#!/usr/bin/env bash
# Cluster test on a real single-node SLURM cluster (.ci/slurm-cluster.sh starts it):
#  1. the demo through `snakemake --profile profiles/slurm` in a fresh working directory, with
#     one running cluster job cancelled (scancel) mid-run and no retries, so that run stops;
#  2. the same command again: it completes what is missing;
#  3. every output (manifest.json: sha256 of each file) is byte-identical to a local run of
#     the same configuration.
# By default the data stages run (synthetic data, acquisition on the login node, staging,
# panel, crosswalk, exposure: about 50 jobs), which keeps CI within its time budget on two
# cores; SLURM_TEST_FULL=1 runs the whole demo (about 10 minutes on two cores) and compares
# it with the local `make demo` results.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
.ci/slurm-cluster.sh

TMP=$(mktemp -d /tmp/ailabor-slurm.XXXXXX)
MARK="$TMP/cancelled"
CONFIGS=(--configfile "$REPO/config/demo.yaml")
if [ "${SLURM_TEST_FULL:-0}" = 1 ]; then
  LOCAL="$REPO/$(.venv/bin/python -m ailabor.report results-dir config/demo.yaml)"
  [ -s "$LOCAL/manifest.json" ] || { echo "[slurm-test] no local demo run to compare with: run make demo first"; exit 1; }
else
  cat >"$TMP/stages.yaml" <<'EOF'
stages: {estimation: false, calibration: false, ge_bbz: false, ge_ar: false, ge_scenarios: false}
EOF
  CONFIGS+=("$TMP/stages.yaml")
  mkdir "$TMP/local"
  start=$(date +%s)
  .venv/bin/snakemake -s "$REPO/Snakefile" -d "$TMP/local" --cores 2 "${CONFIGS[@]}" >"$TMP/local.log" 2>&1 \
    || { tail -40 "$TMP/local.log"; exit 1; }
  echo "[slurm-test] local run of the data stages: $(( $(date +%s) - start )) s"
  LOCAL=$(dirname "$(ls "$TMP"/local/results/demo/*/manifest.json)")
fi
WD="$TMP/cluster"
mkdir "$WD"
# the profile's partition and account are placeholders: this cluster's are "main" and "ci"
# (--default-resources replaces the profile's list, so its other entries are repeated)
SITE=(--default-resources slurm_partition=main slurm_account=ci mem_mb=1000 runtime=10)
SMK=(.venv/bin/snakemake -s "$REPO/Snakefile" -d "$WD" --profile profiles/slurm "${SITE[@]}" "${CONFIGS[@]}")

# the fault, mid-run: cancel the third cluster job, once it runs (the first two complete)
(
  seen=" "
  for _ in $(seq 3600); do
    for id in $(squeue -h -o "%i" 2>/dev/null); do
      case "$seen" in *" $id "*) ;; *) seen="$seen$id " ;; esac
    done
    third=$(echo $seen | awk '{print $3}')
    line=$([ -n "$third" ] && squeue -h -t RUNNING -j "$third" -o "%i %j" 2>/dev/null | head -1 || true)
    if [ -n "$line" ]; then
      scancel "${line%% *}"
      echo "$line" >"$MARK"
      echo "[slurm-test] cancelled cluster job $line"
      exit 0
    fi
    sleep 0.3
  done
) &
watcher=$!
start=$(date +%s)
if "${SMK[@]}" --retries 0 >"$TMP/first.log" 2>&1; then first=0; else first=$?; fi
wait "$watcher" || true
echo "[slurm-test] first cluster run: exit $first after $(( $(date +%s) - start )) s"
grep -E "^Error in|failed, SLURM status" "$TMP/first.log" | head -3 || true
[ -s "$MARK" ] || { echo "[slurm-test] no cluster job was cancelled"; exit 1; }
[ "$first" != 0 ] || { echo "[slurm-test] the run with a cancelled job and no retries should have failed"; exit 1; }

start=$(date +%s)
"${SMK[@]}" >"$TMP/second.log" 2>&1 || { tail -40 "$TMP/second.log"; exit 1; }
echo "[slurm-test] rerun completed in $(( $(date +%s) - start )) s: $(grep -E '^[0-9]+ of [0-9]+ steps' "$TMP/second.log" | tail -1)"
echo "[slurm-test] cluster jobs by state (sacct):"
sacct -X -n -o State%20 | sort | uniq -c

CLUSTER_MANIFEST=$(ls "$WD"/results/demo/*/manifest.json)
if cmp -s "$CLUSTER_MANIFEST" "$LOCAL/manifest.json"; then
  echo "[slurm-test] every output is byte-identical to the local run ($(grep -c '"sha256"' "$CLUSTER_MANIFEST") files)"
else
  diff <(python3 -m json.tool "$CLUSTER_MANIFEST") <(python3 -m json.tool "$LOCAL/manifest.json") | head -40
  echo "[slurm-test] outputs differ from the local run"
  exit 1
fi
rm -rf "$TMP"
