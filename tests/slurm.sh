#!/bin/sh
# tools/slurm-batch on a one-node Slurm cluster that this test starts and
# stops itself (munged, slurmctld and slurmd from Debian's slurm-wlm and
# munge, all under a temporary folder, on ports of their own). Exits 77
# (skipped) with the reason when the cluster cannot start: Slurm not
# installed (tools/setup --slurm), not root, or the daemons refuse.
# usage: slurm.sh PROGRAM SOURCE_DIR
set -u
program="$1" source="$2"

skip() {
	echo "SKIPPED: $*"
	exit 77
}

for tool in munged mungekey slurmctld slurmd sbatch sinfo; do
	command -v "$tool" >/dev/null 2>&1 ||
		PATH="$PATH:/usr/sbin" command -v "$tool" >/dev/null 2>&1 ||
		skip "no '$tool' (install Slurm with tools/setup --slurm)"
done
PATH="$PATH:/usr/sbin"
[ "$(id -u)" = 0 ] || skip "slurmd needs root to start jobs as their user"

work=$(mktemp -d /tmp/careerpath-slurm.XXXXXX)
chmod 755 "$work"
pids=""
cleanup() {
	for pid in $pids; do kill "$pid" 2>/dev/null; done
	sleep 1
	for pid in $pids; do kill -9 "$pid" 2>/dev/null; done
	rm -rf "$work"
}
trap cleanup EXIT

host=$(hostname -s)
# ports derived from the process id, so that runs side by side differ
base=$((20000 + ($$ % 5000) * 2))
mkdir -p "$work/munge" "$work/state" "$work/spool" "$work/log"
chmod 700 "$work/munge"
mungekey --create --keyfile="$work/munge/key" >/dev/null 2>&1 ||
	skip "mungekey could not make a key"
munged --force --socket="$work/munge/socket" --key-file="$work/munge/key" \
	--pid-file="$work/munge/pid" --log-file="$work/log/munged.log" \
	--seed-file="$work/munge/seed" >/dev/null 2>&1 ||
	skip "munged would not start: $(tail -n 1 "$work/log/munged.log" 2>/dev/null)"
pids="$(cat "$work/munge/pid")"

cat >"$work/slurm.conf" <<CONF
ClusterName=careerpath-test
SlurmctldHost=$host
SlurmctldPort=$base
SlurmdPort=$((base + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$work/munge/socket
CredType=cred/munge
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/log/slurmctld.log
SlurmdLogFile=$work/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
ReturnToService=2
SchedulerType=sched/backfill
NodeName=$host CPUs=2 State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$work/slurm.conf"

slurmctld -i >/dev/null 2>&1 || skip "slurmctld would not start: $(tail -n 1 "$work/log/slurmctld.log" 2>/dev/null)"
slurmd >/dev/null 2>&1 || skip "slurmd would not start: $(tail -n 1 "$work/log/slurmd.log" 2>/dev/null)"
sleep 1
pids="$pids $(cat "$work/slurmctld.pid" 2>/dev/null) $(cat "$work/slurmd.pid" 2>/dev/null)"
tries=0
until sinfo -h -o %T 2>/dev/null | grep -q idle; do
	tries=$((tries + 1))
	[ $tries -lt 30 ] || skip "the node never came up: $(tail -n 1 "$work/log/slurmd.log" 2>/dev/null)"
	sleep 1
done

# the batch, whole and through three array tasks
graph="$source/tests/data/small"
{
	echo "client,from,to,by,k"
	for i in $(seq 1 40); do
		case $((i % 5)) in
		0) echo "c$i,a,d,months,2" ;;
		1) echo "c$i,b,d,cost_usd," ;;
		2) echo "c$i,d,a,," ;;
		3) echo "c$i,a,nobody,," ;;
		4) echo "c$i,Alpha Aide,Gamma Nurse,steps,3" ;;
		esac
	done
} >"$work/in.csv"
"$program" --graph "$graph" batch "$work/in.csv" >"$work/whole.csv" 2>/dev/null
CAREERPATH="$program" timeout 300 "$source/tools/slurm-batch" -n 3 -g "$graph" \
	"$work/in.csv" "$work/sharded.csv" >"$work/log/submit" 2>&1 || {
	cat "$work/log/submit" "$work"/sharded.csv.log.* 2>/dev/null
	echo "FAIL: tools/slurm-batch failed"
	exit 1
}
cmp "$work/whole.csv" "$work/sharded.csv" || {
	echo "FAIL: the merged shards differ from the whole batch"
	exit 1
}
echo "3 Slurm array tasks merged equal the whole batch ($(wc -l <"$work/whole.csv") lines)"
