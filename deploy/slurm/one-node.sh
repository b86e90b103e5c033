#!/usr/bin/env bash
# A throw-away one-node Slurm (munged + slurmctld + slurmd) whose files all live in DIR, for trying
# deploy/slurm/sweep.sbatch on one machine and for the test that submits it (SlurmSweepTest).
#   deploy/slurm/one-node.sh start DIR   # writes DIR/slurm.conf, starts the daemons, waits for the node
#   export SLURM_CONF=DIR/slurm.conf      # then sbatch, squeue, sinfo use it
#   deploy/slurm/one-node.sh stop DIR
# Needs Debian's slurm-wlm and munge (apt-get install slurm-wlm munge) and root (slurmd runs jobs as their users).
set -euo pipefail
cmd=${1:?usage: one-node.sh start|stop DIR}
dir=$(realpath -m "${2:?usage: one-node.sh start|stop DIR}")
PATH=$PATH:/usr/sbin:/sbin

stop() {
  for pidfile in "$dir/slurmd.pid" "$dir/slurmctld.pid" "$dir/munged.pid"; do
    if [ -s "$pidfile" ]; then kill "$(cat "$pidfile")" 2>/dev/null || true; fi
  done
  sleep 1
}

if [ "$cmd" = stop ]; then stop; exit 0; fi
[ "$cmd" = start ] || { echo "usage: one-node.sh start|stop DIR" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "one-node.sh: slurmd must run as root to start jobs" >&2; exit 3; }
for tool in munged mungekey slurmctld slurmd sbatch sinfo; do
  command -v "$tool" >/dev/null || { echo "one-node.sh: $tool is missing: apt-get install slurm-wlm munge" >&2; exit 3; }
done
mkdir -p "$dir/state" "$dir/spool" "$dir/munge"
chmod 700 "$dir/munge"
[ -f "$dir/munge/munge.key" ] || mungekey --create --keyfile="$dir/munge/munge.key" --force
chmod 400 "$dir/munge/munge.key"
munged --force --socket="$dir/munge/munge.socket" --key-file="$dir/munge/munge.key" \
  --pid-file="$dir/munged.pid" --log-file="$dir/munged.log" --seed-file="$dir/munge/munged.seed"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
host=$(hostname -s)
cpus=$(nproc)
cat > "$dir/slurm.conf" <<CONF
ClusterName=distill4j-test
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
SlurmctldPort=$(free_port)
SlurmdPort=$(free_port)
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$dir/munge/munge.socket
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
SlurmdTimeout=300
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP OverSubscribe=YES
CONF
export SLURM_CONF=$dir/slurm.conf
slurmctld -f "$SLURM_CONF" -i
slurmd -f "$SLURM_CONF"
for _ in $(seq 1 60); do
  if sinfo -h -o %t 2>/dev/null | grep -Eq '^(idle|mix|alloc)'; then echo "one-node Slurm up: SLURM_CONF=$SLURM_CONF"; exit 0; fi
  sleep 1
done
echo "one-node.sh: the node did not come up; see $dir/slurmctld.log and $dir/slurmd.log" >&2
sinfo >&2 || true
exit 1
