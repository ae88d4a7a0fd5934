#!/usr/bin/env bash
# Cluster test on a real single-node SLURM cluster (.ci/slurm-cluster.sh starts it):
#  1. a target through `snakemake --profile profiles/slurm` in a fresh working directory, with
#     one running cluster job cancelled (scancel) mid-run and no retries, so that run stops;
#  2. the same command again: it resubmits what is missing and completes;
#  3. every output of the target is byte-identical (sha256) to a local run of the same target.
# By default the target is the smallest that still has a cancelled and resubmitted job: the
# harmonised panel and the two balanced panels of the demo (synthetic data and acquisition on
# the login node, staging bundled into one cluster job, then three panel jobs). The rest of
# the DAG runs through the same profile and plugin, so it adds time, not evidence.
# SLURM_TEST_FULL=1 runs the whole demo (about 10 minutes on two cores) and compares it with
# the local `make demo` results.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
.ci/slurm-cluster.sh

TMP=$(mktemp -d /tmp/ailabor-slurm.XXXXXX)
MARK="$TMP/cancelled"
CONFIGS=(--configfile "$REPO/config/demo.yaml")
ROOT_REL=$(.venv/bin/python -m ailabor.report results-dir config/demo.yaml)
if [ "${SLURM_TEST_FULL:-0}" = 1 ]; then
  LOCAL="$REPO/$ROOT_REL"
  [ -s "$LOCAL/manifest.json" ] || { echo "[slurm-test] no local demo run to compare with: run make demo first"; exit 1; }
  TARGETS=()
  OUTPUTS=(manifest.json)
else
  TARGETS=(panel_harmonise "$ROOT_REL/panel/balanced_2021_2024.parquet" "$ROOT_REL/panel/balanced_2017_2024.parquet")
  OUTPUTS=(panel)
  mkdir "$TMP/local"
  start=$(date +%s)
  .venv/bin/snakemake -s "$REPO/Snakefile" -d "$TMP/local" --cores 2 "${TARGETS[@]}" "${CONFIGS[@]}" \
    >"$TMP/local.log" 2>&1 || { tail -40 "$TMP/local.log"; exit 1; }
  echo "[slurm-test] local run of the panel target: $(( $(date +%s) - start )) s"
  LOCAL="$TMP/local/$ROOT_REL"
fi
WD="$TMP/cluster"
mkdir "$WD"
# the profile's partition and account are placeholders: this cluster's are "main" and "ci"
# (--default-resources replaces the profile's list, so its other entries are repeated)
SITE=(--default-resources slurm_partition=main slurm_account=ci mem_mb=1000 runtime=10)
# targets first: --default-resources and --configfile take every following word as theirs
# the first status check 3 s after a submission (the profile says 10 s) and rounds from 3 s (the
# plugin lengthens the wait after rounds in which no job finished): this cluster's jobs take seconds
POLL=(--slurm-init-seconds-before-status-checks 3 --seconds-between-status-checks 3)
SMK=(.venv/bin/snakemake -s "$REPO/Snakefile" -d "$WD" "${TARGETS[@]}" --profile profiles/slurm "${POLL[@]}" "${SITE[@]}" "${CONFIGS[@]}")

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
# the watcher has nothing left to watch once the run ended (it may have failed before any job)
kill "$watcher" 2>/dev/null || true
wait "$watcher" 2>/dev/null || true
echo "[slurm-test] first cluster run: exit $first after $(( $(date +%s) - start )) s"
grep -E "^Error in|failed, SLURM status" "$TMP/first.log" | head -3 || true
[ -s "$MARK" ] || { echo "[slurm-test] no cluster job was cancelled; the run's log ends:"; tail -25 "$TMP/first.log"; exit 1; }
[ "$first" != 0 ] || { echo "[slurm-test] the run with a cancelled job and no retries should have failed"; exit 1; }

start=$(date +%s)
"${SMK[@]}" >"$TMP/second.log" 2>&1 || { tail -40 "$TMP/second.log"; exit 1; }
echo "[slurm-test] rerun completed in $(( $(date +%s) - start )) s: $(grep -E '^[0-9]+ of [0-9]+ steps' "$TMP/second.log" | tail -1)"
echo "[slurm-test] cluster jobs by state (sacct):"
sacct -X -n -o State%20 | sort | uniq -c

# sha256 of every file of the compared outputs, by path under the results root
digests() { (cd "$1" && find "${OUTPUTS[@]}" -type f ! -name "*.log" -print0 | sort -z | xargs -0 sha256sum); }
digests "$LOCAL" >"$TMP/local.sha"
digests "$WD/$ROOT_REL" >"$TMP/cluster.sha"
if [ -s "$TMP/local.sha" ] && cmp -s "$TMP/local.sha" "$TMP/cluster.sha"; then
  if [ "${SLURM_TEST_FULL:-0}" = 1 ]; then n=$(grep -c '"sha256"' "$WD/$ROOT_REL/manifest.json"); else n=$(wc -l <"$TMP/cluster.sha"); fi
  echo "[slurm-test] every output is byte-identical to the local run ($n files)"
else
  diff "$TMP/local.sha" "$TMP/cluster.sha" | head -40
  echo "[slurm-test] outputs differ from the local run"
  exit 1
fi
rm -rf "$TMP"
