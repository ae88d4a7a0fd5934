#!/usr/bin/env bash
# A real single-node SLURM cluster on localhost, with accounting (slurmdbd on MariaDB), for
# the cluster tests: installs Debian's slurm-wlm, slurmdbd, munge and mariadb-server when
# missing, writes the configuration, starts munged, MariaDB, slurmdbd, slurmctld and slurmd,
# and waits until the node is idle and sacct answers. Idempotent: rerunning it restarts the
# daemons. Needs root (CI containers) and, for the install, Debian's package mirror.
set -euo pipefail

log() { echo "[slurm-cluster] $*"; }
need=(slurmctld slurmd slurmdbd munged mariadbd sacct)
missing=0
for b in "${need[@]}"; do command -v "$b" >/dev/null || missing=1; done
if [ "$missing" = 1 ]; then
  log "installing slurm-wlm slurmdbd munge mariadb-server"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq slurm-wlm slurmdbd munge mariadb-server >/dev/null
fi

NODE=$(hostname -s)
CPUS=$(nproc)
MEM=$(awk '/MemTotal/ {print int($2 / 1024 * 0.8)}' /proc/meminfo)
CLUSTER=ailabor

log "stopping old daemons (if any)"
pkill -x slurmd 2>/dev/null || true
pkill -x slurmctld 2>/dev/null || true
pkill -x slurmdbd 2>/dev/null || true
sleep 1

log "munge"
mkdir -p /etc/munge /var/run/munge /var/log/munge /var/lib/munge
if [ ! -s /etc/munge/munge.key ]; then
  dd if=/dev/urandom bs=1 count=1024 of=/etc/munge/munge.key status=none
fi
chown -R munge:munge /etc/munge /var/run/munge /var/log/munge /var/lib/munge
chmod 400 /etc/munge/munge.key
pgrep -x munged >/dev/null || su -s /bin/sh munge -c "/usr/sbin/munged"
munge -n | unmunge >/dev/null

log "MariaDB (accounting storage)"
mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld
if ! mysqladmin ping --silent 2>/dev/null; then
  (mysqld_safe --user=mysql >/var/log/mysqld_safe.log 2>&1 &)
  for _ in $(seq 60); do mysqladmin ping --silent 2>/dev/null && break; sleep 1; done
fi
mysql -uroot <<'SQL'
CREATE DATABASE IF NOT EXISTS slurm_acct_db;
CREATE USER IF NOT EXISTS 'slurm'@'localhost' IDENTIFIED BY 'ailabor-ci';
GRANT ALL ON slurm_acct_db.* TO 'slurm'@'localhost';
FLUSH PRIVILEGES;
SQL

log "configuration (node $NODE: $CPUS CPUs, $MEM MB)"
mkdir -p /etc/slurm /var/spool/slurmctld /var/spool/slurmd /var/log/slurm /run/slurm
chown -R slurm:slurm /var/spool/slurmctld /var/log/slurm /run/slurm
cat >/etc/slurm/slurm.conf <<EOF
ClusterName=$CLUSTER
SlurmctldHost=$NODE
SlurmUser=slurm
AuthType=auth/munge
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=/run/slurm/slurmctld.pid
SlurmdPidFile=/run/slurm/slurmd.pid
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
ReturnToService=2
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
AccountingStorageType=accounting_storage/slurmdbd
AccountingStorageHost=localhost
AccountingStorageEnforce=associations
JobAcctGatherType=jobacct_gather/linux
JobAcctGatherFrequency=30
JobCompType=jobcomp/none
MinJobAge=600
KillWait=5
NodeName=$NODE CPUs=$CPUS RealMemory=$MEM State=UNKNOWN
PartitionName=main Nodes=$NODE Default=YES MaxTime=INFINITE State=UP
EOF
cat >/etc/slurm/slurmdbd.conf <<EOF
AuthType=auth/munge
DbdHost=localhost
SlurmUser=slurm
StorageType=accounting_storage/mysql
StorageHost=localhost
StorageUser=slurm
StoragePass=ailabor-ci
StorageLoc=slurm_acct_db
PidFile=/run/slurm/slurmdbd.pid
LogFile=/var/log/slurm/slurmdbd.log
EOF
chown slurm:slurm /etc/slurm/slurmdbd.conf
chmod 600 /etc/slurm/slurmdbd.conf

log "slurmdbd"
/usr/sbin/slurmdbd
for _ in $(seq 60); do sacctmgr -n list cluster >/dev/null 2>&1 && break; sleep 1; done
sacctmgr -i add cluster "$CLUSTER" >/dev/null 2>&1 || true
sacctmgr -i add account ci Cluster="$CLUSTER" Description="ailabor CI" Organization=ailabor >/dev/null 2>&1 || true
sacctmgr -i add user root Account=ci Cluster="$CLUSTER" >/dev/null 2>&1 || true

log "slurmctld and slurmd"
/usr/sbin/slurmctld
/usr/sbin/slurmd
for _ in $(seq 60); do
  state=$(sinfo -h -n "$NODE" -o %t 2>/dev/null || true)
  [ "$state" = "idle" ] && break
  scontrol update nodename="$NODE" state=resume >/dev/null 2>&1 || true
  sleep 1
done
sinfo
srun -N1 -n1 true
sacct -n -X -o JobID,State | tail -1
log "cluster up"
