# shellcheck shell=bash disable=SC2034
# Shared code of the node stand-ins. Installed inside every node as /usr/lib/lab/lab.sh and
# sourced by each stand-in; uses bash builtins and the node's busybox applets only.
#
# Node state lives under /var/lib/lab (see tests/lab/README.md):
#   os, role, name           what this node is (centos7|trusty|xenial, control|compute, its name)
#   packages                 installed packages (one line each, format per OS family below)
#   services/<unit>          "active|inactive PID SINCE-EPOCH"
#   next-pid                 "PID STEP": the PID the next started process gets
#   processes                the process table (see "processes" below)
#   runs/<unit>              the process a unit runs now, as far as the lab simulates it
#   felix-starts             "EPOCH PID VERSION STATE" for every felix start (ready, waiting, config-error)
#   busy/PID                 a package operation in progress (its command name); gone when it exits
#   faults/<command>         fault for a stand-in: line 1 kind, line 2 optional argument words (interrupt: the stage)
#   conffiles-changed        "PACKAGE PATH" lines: conffiles changed locally that the 2.6 packages also change
#   sudo-password            present: `sudo -n` asks for a password
#   delay-packages           seconds package operations sleep before acting
# Every state change is appended to /var/log/lab-journal as "<epoch> <command and arguments>".

shopt -s extglob nullglob
# shellcheck source=SCRIPTDIR/neutron.sh
. /usr/lib/lab/neutron.sh

LAB_STATE=/var/lib/lab
LAB_SHARE=/usr/share/lab
LAB_JOURNAL=/var/log/lab-journal
LAB_FAULT_LOG=/var/log/lab-faults

LAB_OS=unknown
LAB_ROLE=unknown
LAB_NAME=localhost
[[ -r $LAB_STATE/os ]] && read -r LAB_OS < "$LAB_STATE/os"
[[ -r $LAB_STATE/role ]] && read -r LAB_ROLE < "$LAB_STATE/role"
[[ -r $LAB_STATE/name ]] && read -r LAB_NAME < "$LAB_STATE/name"

# lab_capture ARRAY COMMAND ARGS... : the output lines of COMMAND into ARRAY. (Nodes have no /proc,
# hence no /dev/fd: process substitution does not work there, command substitution does.)
lab_capture() {
    local -n _lab_arr=$1
    local _lab_out
    shift
    _lab_out=$("$@")
    _lab_arr=()
    if [[ -n $_lab_out ]]; then
        mapfile -t _lab_arr <<< "$_lab_out"
    fi
}

# lab_journal WORDS... : one journal line for a state change.
lab_journal() {
    printf '%s %s\n' "$EPOCHSECONDS" "$*" >> "$LAB_JOURNAL"
}

# lab_fault COMMAND ARGS... : apply the fault configured for COMMAND, if its words match ARGS. An `interrupt`
# fault only arms LAB_INTERRUPT with its stage: the run goes on until lab_interrupt_point reaches that stage.
LAB_INTERRUPT="" LAB_INTERRUPT_CMD=""
lab_fault() {
    local cmd=$1 f kind="" pattern=""
    shift
    f=$LAB_STATE/faults/$cmd
    [[ -f $f ]] || return 0
    { IFS= read -r kind; IFS= read -r pattern; } < "$f"
    if [[ $kind == interrupt ]]; then
        LAB_INTERRUPT=$pattern LAB_INTERRUPT_CMD=$cmd
        return 0
    fi
    if [[ -n $pattern && " $* " != *" $pattern "* ]]; then
        return 0
    fi
    case $kind in
        fail-once)
            # rename is atomic: exactly one invocation fires a fail-once fault
            /bin/mv "$f" "$f.fired.$$" 2> /dev/null || return 0
            /bin/rm -f "$f.fired.$$"
            ;;
        fail) ;;
        hang)
            printf '%s hang %s %s\n' "$EPOCHSECONDS" "$cmd" "$*" >> "$LAB_FAULT_LOG"
            exec /bin/sleep 3600
            ;;
        *) return 0 ;;
    esac
    printf '%s %s %s %s\n' "$EPOCHSECONDS" "$kind" "$cmd" "$*" >> "$LAB_FAULT_LOG"
    printf '%s: simulated failure (lab fault %s)\n' "$cmd" "$kind" >&2
    exit 1
}

# lab_interrupt_point STAGE : where an armed `interrupt CMD STAGE` fault strikes, once: the run is killed with
# SIGKILL together with its process group (the package manager and whatever waits for it, as a reboot or the OOM
# killer would), so the package state written so far is what is left, and no exit status is recorded.
lab_interrupt_point() {
    [[ -n $LAB_INTERRUPT && $LAB_INTERRUPT == "$1" ]] || return 0
    local f=$LAB_STATE/faults/$LAB_INTERRUPT_CMD
    /bin/mv "$f" "$f.fired.$$" 2> /dev/null || return 0
    /bin/rm -f "$f.fired.$$"
    printf '%s interrupt %s at %s\n' "$EPOCHSECONDS" "$LAB_INTERRUPT_CMD" "$1" >> "$LAB_FAULT_LOG"
    kill -KILL 0
}

# lab_busy : marks this package operation as running until it exits, so pgrep on the node sees it (as yum or
# apt-get), as long as it lives, like a real package manager process.
lab_busy() {
    /bin/mkdir -p "$LAB_STATE/busy"
    echo "${0##*/}" > "$LAB_STATE/busy/$$"
    trap '/bin/rm -f "$LAB_STATE/busy/$$"' EXIT
}

# lab_delay : the --delay-packages pause of package operations, which are busy (lab_busy) from here on.
lab_delay() {
    lab_busy
    local d=0
    [[ -r $LAB_STATE/delay-packages ]] && read -r d < "$LAB_STATE/delay-packages"
    if [[ $d != 0 && -n $d ]]; then
        /bin/sleep "$d"
    fi
}

# ---------------------------------------------------------------- version comparison
# Results go to LAB_CMP: -1, 0 or 1 (no subshells: these run in loops).

_lab_numcmp() { # compare two digit strings
    local a=${1##+(0)} b=${2##+(0)}
    if ((${#a} != ${#b})); then
        ((${#a} > ${#b})) && LAB_CMP=1 || LAB_CMP=-1
    elif [[ $a == "$b" ]]; then
        LAB_CMP=0
    elif [[ $a > $b ]]; then
        LAB_CMP=1
    else
        LAB_CMP=-1
    fi
}

# lab_rpmvercmp A B : rpm's segment-wise comparison of one version or release string.
lab_rpmvercmp() {
    local a=$1 b=$2 sa sb
    if [[ $a == "$b" ]]; then LAB_CMP=0; return; fi
    while [[ -n $a || -n $b ]]; do
        a=${a##+([^[:alnum:]~])}
        b=${b##+([^[:alnum:]~])}
        if [[ $a == "~"* || $b == "~"* ]]; then
            if [[ $a != "~"* ]]; then LAB_CMP=1; return; fi
            if [[ $b != "~"* ]]; then LAB_CMP=-1; return; fi
            a=${a:1} b=${b:1}
            continue
        fi
        [[ -z $a || -z $b ]] && break
        if [[ $a == [0-9]* ]]; then
            if [[ $b != [0-9]* ]]; then LAB_CMP=1; return; fi
            sa=${a%%[^0-9]*} sb=${b%%[^0-9]*}
            a=${a:${#sa}} b=${b:${#sb}}
            _lab_numcmp "$sa" "$sb"
            ((LAB_CMP != 0)) && return
        else
            if [[ $b == [0-9]* ]]; then LAB_CMP=-1; return; fi
            sa=${a%%[^[:alpha:]]*} sb=${b%%[^[:alpha:]]*}
            a=${a:${#sa}} b=${b:${#sb}}
            if [[ $sa != "$sb" ]]; then
                [[ $sa > $sb ]] && LAB_CMP=1 || LAB_CMP=-1
                return
            fi
        fi
    done
    if [[ -z $a && -z $b ]]; then
        LAB_CMP=0
    elif [[ -z $a ]]; then
        LAB_CMP=-1
    else
        LAB_CMP=1
    fi
}

# lab_evrcmp E1 V1 R1 E2 V2 R2 : epoch ("-" = none), version, release.
lab_evrcmp() {
    local e1=${1/#-/0} e2=${4/#-/0}
    if ((e1 != e2)); then
        ((e1 > e2)) && LAB_CMP=1 || LAB_CMP=-1
        return
    fi
    lab_rpmvercmp "$2" "$5"
    ((LAB_CMP != 0)) && return
    lab_rpmvercmp "$3" "$6"
}

_lab_dpkg_weight() { # weight of the first character of $1 in dpkg's ordering
    local c=${1:0:1}
    if [[ -z $c || $c == [0-9] ]]; then
        LAB_W=0
    elif [[ $c == "~" ]]; then
        LAB_W=-1
    elif [[ $c == [[:alpha:]] ]]; then
        printf -v LAB_W '%d' "'$c"
    else
        printf -v LAB_W '%d' "'$c"
        LAB_W=$((LAB_W + 256))
    fi
}

_lab_verrevcmp() {
    local a=$1 b=$2 wa da db
    while [[ -n $a || -n $b ]]; do
        while [[ (-n $a && $a != [0-9]*) || (-n $b && $b != [0-9]*) ]]; do
            _lab_dpkg_weight "$a"
            wa=$LAB_W
            _lab_dpkg_weight "$b"
            if ((wa != LAB_W)); then
                ((wa > LAB_W)) && LAB_CMP=1 || LAB_CMP=-1
                return
            fi
            a=${a:1} b=${b:1}
        done
        da=${a%%[^0-9]*} db=${b%%[^0-9]*}
        a=${a:${#da}} b=${b:${#db}}
        _lab_numcmp "${da:-0}" "${db:-0}"
        ((LAB_CMP != 0)) && return
    done
    LAB_CMP=0
}

# lab_dpkgcmp A B : Debian version comparison (epoch:upstream-revision).
lab_dpkgcmp() {
    local a=$1 b=$2 ea=0 eb=0 ra="" rb=""
    if [[ $a == "$b" ]]; then LAB_CMP=0; return; fi
    if [[ $a == *:* ]]; then ea=${a%%:*} a=${a#*:}; fi
    if [[ $b == *:* ]]; then eb=${b%%:*} b=${b#*:}; fi
    if ((ea != eb)); then
        ((ea > eb)) && LAB_CMP=1 || LAB_CMP=-1
        return
    fi
    if [[ $a == *-* ]]; then ra=${a##*-} a=${a%-*}; fi
    if [[ $b == *-* ]]; then rb=${b##*-} b=${b%-*}; fi
    _lab_verrevcmp "$a" "$b"
    ((LAB_CMP != 0)) && return
    _lab_verrevcmp "$ra" "$rb"
}

# ---------------------------------------------------------------- processes
# Lab nodes have no /proc of their own (their sessions run chrooted on the host), so each node keeps a process table
# that the stand-ins for ps, pgrep and pkill read, and that services, dnsmasq and package operations appear in:
# /var/lib/lab/processes, one line per process,
#   PID PPID START USER COMM ARGS...
# START is when it started (epoch seconds), COMM the kernel's process name (/proc/PID/comm: the executable's or
# script's base name, at most 15 characters), ARGS the command line (/proc/PID/cmdline, its NULs shown as spaces).
# Package operations in progress (lab_busy) are listed from busy/PID with the stand-in's real PID.
# PIDs of everything else come from next-pid and are not real processes of the host: nothing may signal them.

LAB_PROCS=$LAB_STATE/processes

# lab_lock / lab_unlock : one writer of the process table, services and logs at a time (mkdir is atomic; a lock
# whose holder died is taken over). Nested calls in one process only count.
lab_lock() {
    if ((${LAB_LOCKED:-0} > 0)); then
        LAB_LOCKED=$((LAB_LOCKED + 1))
        return 0
    fi
    local d=$LAB_STATE/lock.d holder n=0
    until /bin/mkdir "$d" 2> /dev/null; do
        holder=""
        read -r holder < "$d/pid" 2> /dev/null
        if [[ -n $holder ]] && ! kill -0 "$holder" 2> /dev/null; then
            /bin/rm -rf "$d"
            continue
        fi
        n=$((n + 1))
        ((n < 600)) || /bin/rm -rf "$d" # 30 s: a holder that hangs
        /bin/sleep 0.05
    done
    echo $$ > "$d/pid"
    LAB_LOCKED=1
}
lab_unlock() {
    LAB_LOCKED=$((${LAB_LOCKED:-1} - 1))
    ((LAB_LOCKED > 0)) || /bin/rm -rf "$LAB_STATE/lock.d"
}

# lab_pid_next : the PID the next process gets (into LAB_PID).
lab_pid_next() {
    local pid=2000 step=79
    [[ -r $LAB_STATE/next-pid ]] && read -r pid step < "$LAB_STATE/next-pid"
    printf '%s %s\n' "$((pid + step))" "$step" > "$LAB_STATE/next-pid"
    LAB_PID=$pid
}

# lab_proc_add PID PPID START USER COMM ARGS... : a new process (caller holds the lock).
lab_proc_add() {
    local pid=$1 ppid=$2 start=$3 user=$4 comm=$5
    shift 5
    printf '%s %s %s %s %s %s\n' "$pid" "$ppid" "$start" "$user" "${comm:0:15}" "$*" >> "$LAB_PROCS"
}

# lab_proc_del PID... : these processes end (caller holds the lock).
lab_proc_del() {
    local tmp=$LAB_PROCS.new.$$ line pid
    declare -A gone=()
    for pid; do gone[$pid]=1; done
    : > "$tmp"
    if [[ -r $LAB_PROCS ]]; then
        while IFS= read -r line; do
            [[ -n ${gone[${line%% *}]:-} ]] || printf '%s\n' "$line" >> "$tmp"
        done < "$LAB_PROCS"
    fi
    /bin/mv -f "$tmp" "$LAB_PROCS"
}

# lab_proc_list : the whole table, package operations in progress included.
lab_proc_list() {
    local line f pid name start
    if [[ -r $LAB_PROCS ]]; then
        while IFS= read -r line; do printf '%s\n' "$line"; done < "$LAB_PROCS"
    fi
    for f in "$LAB_STATE"/busy/*; do
        pid=${f##*/}
        [[ $pid =~ ^[0-9]+$ && -f $f ]] && kill -0 "$pid" 2> /dev/null || continue
        name=""
        read -r name < "$f"
        start=$(stat -c %Y "$f" 2> /dev/null) || start=$EPOCHSECONDS
        printf '%s 1 %s root %s %s\n' "$pid" "$start" "${name:0:15}" "$name"
    done
}

# ---------------------------------------------------------------- services
# services/UNIT holds "active|inactive PID SINCE"; runs/UNIT what the lab knows of the process a unit runs now
# ("PID VERSION STATE SYNCED": the package version it started from, and for calico-felix and calico-dhcp-agent how
# far their simulated logs are written).

# lab_unit_process UNIT : COMM and ARGS of a unit's main process, as the packages' unit files and upstart jobs start
# it (into LAB_COMM, LAB_ARGS). felix: debian/calico-felix.service, rpm/calico-felix.service, debian/calico-felix.upstart
# (felix 2.6.5, "ExecStart=/usr/bin/calico-felix"); DHCP agent: networking-calico 1.4.3 rpm/ and debian/
# calico-dhcp-agent.service ("ExecStart=/usr/bin/calico-dhcp-agent --config-file /etc/neutron/neutron.conf"), a
# Python script, so its process name is the script's, cut to 15 characters.
lab_unit_process() {
    local py=/usr/bin/python2
    [[ $LAB_OS == centos7 ]] || py=/usr/bin/python
    LAB_COMM=$1
    case $1 in
        neutron-server)
            if [[ $LAB_OS == centos7 ]]; then
                LAB_ARGS="$py /usr/bin/neutron-server --config-file /usr/share/neutron/neutron-dist.conf --config-dir /usr/share/neutron/server --config-file /etc/neutron/neutron.conf --config-file /etc/neutron/plugin.ini --config-dir /etc/neutron/conf.d/common --config-dir /etc/neutron/conf.d/neutron-server --log-file /var/log/neutron/server.log"
            else
                LAB_ARGS="$py /usr/bin/neutron-server --config-file=/etc/neutron/neutron.conf --config-file=/etc/neutron/plugins/ml2/ml2_conf.ini --log-file=/var/log/neutron/neutron-server.log"
            fi
            ;;
        calico-felix) LAB_ARGS=/usr/bin/calico-felix ;;
        calico-dhcp-agent) LAB_ARGS="$py /usr/bin/calico-dhcp-agent --config-file /etc/neutron/neutron.conf" ;;
        *) LAB_ARGS=/usr/bin/$1 ;;
    esac
    LAB_COMM=${LAB_COMM:0:15}
}

# lab_service_read UNIT : sets SVC_STATE SVC_PID SVC_SINCE; returns 1 for an unknown unit.
lab_service_read() {
    local f=$LAB_STATE/services/$1
    [[ -f $f ]] || return 1
    read -r SVC_STATE SVC_PID SVC_SINCE < "$f"
}

# lab_service_set UNIT active|inactive : records a start (a new main process; a running one stops first, as
# restart does) or a stop, in the service's state and the process table.
lab_service_set() {
    local unit=$1 state=$2
    lab_service_read "$unit" || return 1
    lab_lock
    if [[ $SVC_STATE == active ]]; then
        _lab_unit_stopped "$unit" "$SVC_PID"
    fi
    if [[ $state == active ]]; then
        lab_pid_next
        SVC_PID=$LAB_PID
        _lab_unit_started "$unit" "$SVC_PID"
    fi
    SVC_STATE=$state
    SVC_SINCE=$EPOCHSECONDS
    printf '%s %s %s\n' "$SVC_STATE" "$SVC_PID" "$SVC_SINCE" > "$LAB_STATE/services/$unit"
    lab_unlock
}

_lab_unit_started() { # UNIT PID (lock held)
    local unit=$1 pid=$2 i
    lab_unit_process "$unit"
    case $unit in
        neutron-server)
            # User=neutron; the API and RPC workers systemctl status shows under the main process
            lab_proc_add "$pid" 1 "$EPOCHSECONDS" neutron "$LAB_COMM" "$LAB_ARGS"
            for i in 11 12 13 14; do lab_proc_add $((pid + i)) "$pid" "$EPOCHSECONDS" neutron "$LAB_COMM" "$LAB_ARGS"; done
            ;;
        *) lab_proc_add "$pid" 1 "$EPOCHSECONDS" root "$LAB_COMM" "$LAB_ARGS" ;;
    esac
    case $unit in
        calico-felix) _lab_felix_started "$pid" ;;
        calico-dhcp-agent) _lab_agent_started "$pid" ;;
    esac
    case $unit in
        # what networking-calico logs as it starts (neutron.sh): neutron-server's log, and the file handler the DHCP agent
        # adds beside oslo.log's (networking_calico/agent/dhcp_agent.py setup_logging: /var/log/neutron/dhcp-agent.log)
        neutron-server | calico-dhcp-agent) lab_neutron_started "$unit" "$pid" ;;
    esac
}

_lab_unit_stopped() { # UNIT PID (lock held)
    local unit=$1 pid=$2
    case $unit in
        neutron-server) lab_proc_del "$pid" $((pid + 11)) $((pid + 12)) $((pid + 13)) $((pid + 14)) ;;
        calico-felix) _lab_felix_stopped "$pid" ;;
        *) lab_proc_del "$pid" ;;
    esac
    /bin/rm -f "$LAB_STATE/runs/$unit"
}

# lab_package_restart UNIT : a package's maintainer scripts restart a running service.
lab_package_restart() {
    local unit=$1
    lab_service_read "$unit" || return 0
    [[ $SVC_STATE == active ]] || return 0
    if [[ $LAB_OS == centos7 ]]; then
        lab_journal systemctl condrestart "$unit"
    else
        lab_journal invoke-rc.d "$unit" restart
    fi
    lab_service_set "$unit" active
}

# lab_sync : brings the simulated felix and DHCP agent up to now (their log lines, a felix that restarts itself).
# Every stand-in that looks at processes or services calls it first.
lab_sync() {
    [[ -f $LAB_STATE/runs/calico-felix || -f $LAB_STATE/runs/calico-dhcp-agent ]] || return 0
    lab_lock
    _lab_felix_sync
    _lab_agent_sync
    lab_unlock
}

# ---------------------------------------------------------------- felix
# What calico-felix does after it starts, from felix 2.6.5's felix.go: logging goes to stdout only, at the early level
# ERROR, until the configuration is loaded (logutils.ConfigureEarlyLogging; ConfigureLogging runs at felix.go:251),
# so /var/log/calico/felix.log (LogFilePath's default, config_params.go:136) gets nothing before that. Loading retries
# every second: felix.cfg (a DatastoreType 2.6 refuses, such as etcdv3: "Failed to parse configuration file", ERROR,
# felix.go:183), then the datastore's Ready flag (loadConfigFromDatastore, felix.go:669-686: while /calico/v1/Ready is
# not true it logs "Global datastore 'Ready' flag set to false, waiting..." at WARNING, below the early level, and
# waits; the process keeps running). Once loaded it logs "Successfully loaded configuration." (felix.go:255) and runs.
# A running felix that sees the flag go false logs "Datastore became unready, need to restart." (felix.go:902), shuts
# down and exits with "Exiting." (FATAL, felix.go:660); systemd (Restart=on-failure) or upstart (respawn) starts it
# again. A stop by SIGTERM logs "Felix is shutting down" and "Exiting immediately" (FATAL, felix.go:617, 666).
# Felix 3.1 reads its data from etcdv3 and never looks at the v2 Ready flag. Log lines have the libcalico-go
# formatter's layout (lib/logutils Formatter: "2006-01-02 15:04:05.000 [LEVEL][PID] file line: message k=v").

LAB_FELIX_LOG=/var/log/calico/felix.log

_lab_felix_log() { # PID LEVEL "FILE LINE" MESSAGE [FIELDS]
    local stamp ms=${EPOCHREALTIME#*.}
    printf -v stamp '%(%Y-%m-%d %H:%M:%S)T' -1
    [[ -d ${LAB_FELIX_LOG%/*} ]] || /bin/mkdir -p "${LAB_FELIX_LOG%/*}"
    printf '%s.%s [%s][%s] %s: %s%s\n' "$stamp" "${ms:0:3}" "$2" "$1" "$3" "$4" "${5:+ $5}" >> "$LAB_FELIX_LOG"
}

# _lab_felix_cfg : what felix reads from felix.cfg (go-ini: keys of every section, any case, the last one wins,
# a # or ; comment after the value cut off, one pair of quotes dropped): FELIX_DATASTORE, FELIX_ENDPOINTS.
_lab_felix_cfg() {
    local line key value addr="" scheme=""
    FELIX_DATASTORE="" FELIX_ENDPOINTS=""
    if [[ -r /etc/calico/felix.cfg ]]; then
        while IFS= read -r line || [[ -n $line ]]; do
            line=${line%$'\r'}
            line=${line#"${line%%[![:space:]]*}"}
            [[ -z $line || $line == [\#\;\[]* || $line != *[=:]* ]] && continue
            key=${line%%[=:]*}
            value=${line#*[=:]}
            key=${key%"${key##*[![:space:]]}"}
            value=${value%%[\#\;]*}
            value=${value#"${value%%[![:space:]]*}"}
            value=${value%"${value##*[![:space:]]}"}
            [[ $value == \"*\" || $value == \'*\' ]] && value=${value:1:-1}
            case ${key,,} in
                datastoretype) FELIX_DATASTORE=$value ;;
                etcdendpoints) FELIX_ENDPOINTS=$value ;;
                etcdaddr) addr=$value ;;
                etcdscheme) scheme=$value ;;
            esac
        done < /etc/calico/felix.cfg
    fi
    [[ -n $FELIX_ENDPOINTS ]] || FELIX_ENDPOINTS=${scheme:-http}://${addr:-127.0.0.1:2379}
}

# _lab_felix_outcome VERSION : where felix's start-up gets to now (into LAB_FELIX_STATE): ready, waiting (the Ready
# flag is not true) or config-error.
_lab_felix_outcome() {
    local ready=""
    LAB_FELIX_STATE=ready
    [[ $1 == 2.6.* ]] || return 0
    _lab_felix_cfg
    case ${FELIX_DATASTORE,,} in
        "" | etcdv2 | kubernetes) ;; # oneof(kubernetes,etcdv2), config_params.go:94
        *)
            LAB_FELIX_STATE=config-error
            return 0
            ;;
    esac
    ready=$(ETCDCTL_API=2 /usr/lib/lab/etcdctl --endpoints "$FELIX_ENDPOINTS" --timeout 1s --total-timeout 2s get /calico/v1/Ready 2> /dev/null)
    [[ $ready == true ]] || LAB_FELIX_STATE=waiting
}

_lab_felix_ready_lines() { # PID VERSION
    local commit=4d7bb9ad6ff7b34d1a79531121bc9e48d1123652 built=2018-05-29T20:38:12+0000 at=293
    if [[ $2 == 2.6.5 ]]; then commit=42fcfea0982a89d39c6b4479dee1527496e38c82 built=2018-01-11T13:41:05+0000 at=255; fi
    # the real line carries the whole configuration (config=&config.Config{...}); the lab shortens it
    _lab_felix_log "$1" INFO "felix.go $at" "Successfully loaded configuration." "GOMAXPROCS=2 buildDate=\"$built\" config=&config.Config{...} gitCommit=\"$commit\" version=\"$2\""
    _lab_felix_log "$1" INFO "felix.go 262" "Using internal dataplane driver."
    _lab_felix_log "$1" INFO "felix.go 456" "Starting the datastore Syncer"
    _lab_felix_log "$1" INFO "felix.go 844" "Datastore now in sync."
}

_lab_felix_started() { # PID (lock held)
    local pid=$1 version
    version=$(lab_installed_version calico-felix)
    _lab_felix_outcome "$version"
    [[ $LAB_FELIX_STATE == ready ]] && _lab_felix_ready_lines "$pid" "$version"
    /bin/mkdir -p "$LAB_STATE/runs"
    printf '%s %s %s %s\n' "$pid" "$version" "$LAB_FELIX_STATE" "$EPOCHSECONDS" > "$LAB_STATE/runs/calico-felix"
    # the lab's own record of every felix start and what it found (nothing on a real node keeps this)
    printf '%s %s %s %s\n' "$EPOCHSECONDS" "$pid" "$version" "$LAB_FELIX_STATE" >> "$LAB_STATE/felix-starts"
}

_lab_felix_stopped() { # PID (lock held): SIGTERM
    local pid=$1 run="" state=""
    [[ -r $LAB_STATE/runs/calico-felix ]] && read -r run _ state _ < "$LAB_STATE/runs/calico-felix"
    if [[ $run == "$pid" && $state == ready ]]; then
        _lab_felix_log "$pid" WARNING "felix.go 617" "Felix is shutting down" 'reason="Received OS signal terminated"'
        _lab_felix_log "$pid" FATAL "felix.go 666" "Exiting immediately" 'reason="Received OS signal terminated"'
    fi
    lab_proc_del "$pid"
}

_lab_felix_sync() { # (lock held)
    local f=$LAB_STATE/runs/calico-felix pid version state synced
    [[ -r $f ]] || return 0
    read -r pid version state synced < "$f"
    lab_service_read calico-felix && [[ $SVC_STATE == active && $SVC_PID == "$pid" && $version == 2.6.* ]] || return 0
    ((EPOCHSECONDS > synced)) || return 0 # felix looks at its configuration and the flag about once a second
    _lab_felix_outcome "$version"
    if [[ $state == ready ]]; then
        if [[ $LAB_FELIX_STATE == ready ]]; then
            printf '%s %s %s %s\n' "$pid" "$version" "$state" "$EPOCHSECONDS" > "$f"
            return 0
        fi
        _lab_felix_log "$pid" WARNING "felix.go 902" "Datastore became unready, need to restart."
        _lab_felix_log "$pid" WARNING "felix.go 617" "Felix is shutting down" 'reason="datastore became unready"'
        _lab_felix_log "$pid" INFO "felix.go 657" "Shutdown wasn't caused by signal, pausing to avoid tight restart loop" 'reason="datastore became unready"'
        _lab_felix_log "$pid" FATAL "felix.go 660" "Exiting." 'reason="datastore became unready"'
        lab_proc_del "$pid"
        # exit status 1: systemd's Restart=on-failure and upstart's respawn start it again
        lab_pid_next
        printf 'active %s %s\n' "$LAB_PID" "$EPOCHSECONDS" > "$LAB_STATE/services/calico-felix"
        _lab_unit_started calico-felix "$LAB_PID"
        return 0
    fi
    [[ $LAB_FELIX_STATE == ready ]] && _lab_felix_ready_lines "$pid" "$version"
    printf '%s %s %s %s\n' "$pid" "$version" "$LAB_FELIX_STATE" "$EPOCHSECONDS" > "$f"
}

# ---------------------------------------------------------------- DHCP agent and dnsmasq
# calico-dhcp-agent (networking-calico 1.4.3, agent/dhcp_agent.py) logs with oslo.log: to log_dir/calico-dhcp-agent.log
# when neutron.conf's [DEFAULT] sets log_dir (log_file wins when set), otherwise to stderr, which upstart keeps in
# /var/log/upstart/calico-dhcp-agent.log and systemd in the journal (the lab has no journal). Lines have oslo.log's
# default layout ("%(asctime)s.%(msecs)03d %(process)d %(levelname)s %(name)s [-] %(message)s"). It reaches etcd at
# [calico] etcd_host:etcd_port (defaults 127.0.0.1 and 4001 in 1.4.3, 2379 in 3.1.3, common/config.py); when it
# cannot, etcdutils.EtcdWatcher.loop logs "Unexpected IO or etcd error, triggering resync with etcd: ..." (ERROR)
# every second. For each network it serves it starts a dnsmasq with neutron's --pid-file=/var/lib/neutron/dhcp/NET/pid;
# dnsmasq daemonizes, so its parent is init. One left from before is not replaced: the agent cannot kill a dnsmasq
# whose binary changed (the 2.6 upgrade page: "pkill dnsmasq" and restart the agent after dnsmasq changes).

LAB_NETWORKS=(2f7a8e4c-6b1d-4c55-9a0e-1c2b3d4e5f60 9c0d1e2f-3a4b-4c5d-8e6f-7a8b9c0d1e2f)
LAB_TAPS=(tap5a1b2c3d-4e tap6b2c3d4e-5f)

_lab_conf_get() { # FILE SECTION KEY : the value (into LAB_VALUE), "" when unset
    local line section=""
    LAB_VALUE=""
    [[ -r $1 ]] || return 0
    while IFS= read -r line || [[ -n $line ]]; do
        line=${line%$'\r'}
        if [[ $line =~ ^\[(.*)\]$ ]]; then
            section=${BASH_REMATCH[1]}
        elif [[ $section == "$2" && $line =~ ^[[:space:]]*$3[[:space:]]*=[[:space:]]*(.*[^[:space:]])?[[:space:]]*$ ]]; then
            LAB_VALUE=${BASH_REMATCH[1]}
        fi
    done < "$1"
}

# lab_agent_log_path : where the DHCP agent's log goes (into LAB_AGENT_LOG; "" for the journal).
lab_agent_log_path() {
    local dir
    _lab_conf_get /etc/neutron/neutron.conf DEFAULT log_dir
    dir=$LAB_VALUE
    _lab_conf_get /etc/neutron/neutron.conf DEFAULT log_file
    if [[ -n $LAB_VALUE ]]; then
        [[ $LAB_VALUE == /* || -z $dir ]] && LAB_AGENT_LOG=$LAB_VALUE || LAB_AGENT_LOG=$dir/$LAB_VALUE
    elif [[ -n $dir ]]; then
        LAB_AGENT_LOG=$dir/calico-dhcp-agent.log
    elif [[ $LAB_OS == trusty ]]; then
        LAB_AGENT_LOG=/var/log/upstart/calico-dhcp-agent.log
    else
        LAB_AGENT_LOG=""
    fi
}

_lab_agent_log() { # PID LEVEL LOGGER MESSAGE
    local stamp ms=${EPOCHREALTIME#*.}
    lab_agent_log_path
    [[ -n $LAB_AGENT_LOG ]] || return 0
    printf -v stamp '%(%Y-%m-%d %H:%M:%S)T' -1
    [[ -d ${LAB_AGENT_LOG%/*} ]] || /bin/mkdir -p "${LAB_AGENT_LOG%/*}"
    printf '%s.%s %s %s %s [-] %s\n' "$stamp" "${ms:0:3}" "$1" "$2" "$3" "$4" >> "$LAB_AGENT_LOG"
}

_lab_agent_error() { # PID
    _lab_agent_log "$1" ERROR networking_calico.etcdutils "Unexpected IO or etcd error, triggering resync with etcd: EtcdConnectionFailed('Connection to etcd failed due to MaxRetryError(\"HTTPConnectionPool(host=\\'$LAB_ETCD_HOST\\', port=$LAB_ETCD_PORT): Max retries exceeded with url: /v2/keys/calico/v1/config?recursive=true (Caused by NewConnectionError(\\'<urllib3.connection.HTTPConnection object at 0x7f3a2c5e1d10>: Failed to establish a new connection: [Errno 111] Connection refused\\',))\",)',)."
}

_lab_agent_started() { # PID (lock held)
    local pid=$1 version state=ok etcd="" names i net table
    version=$(lab_installed_version calico-dhcp-agent)
    _lab_conf_get /etc/neutron/neutron.conf calico etcd_host
    LAB_ETCD_HOST=${LAB_VALUE:-127.0.0.1}
    _lab_conf_get /etc/neutron/neutron.conf calico etcd_port
    LAB_ETCD_PORT=$LAB_VALUE
    [[ -n $LAB_ETCD_PORT ]] || { [[ $version == 1.* ]] && LAB_ETCD_PORT=4001 || LAB_ETCD_PORT=2379; }
    # the lab's etcd: the address /etc/hosts names "etcd", on 2379
    while read -r i names; do [[ " $names " == *" etcd "* ]] && etcd=$i; done < /etc/hosts
    [[ $LAB_ETCD_PORT == 2379 && -n $etcd && ($LAB_ETCD_HOST == "$etcd" || $LAB_ETCD_HOST == etcd || $LAB_ETCD_HOST == controller) ]] || state=unreachable
    _lab_agent_log "$pid" INFO networking_calico.etcdutils "Started <networking_calico.agent.dhcp_agent.SubnetWatcher object at 0x7f3a2c6b9e50> loop"
    _lab_agent_log "$pid" INFO networking_calico.etcdutils "Reconnecting and loading snapshot from etcd..."
    if [[ $state == ok ]]; then
        table=$(lab_proc_list)
        _lab_agent_log "$pid" INFO networking_calico.etcdutils "Loaded snapshot from etcd cluster 7e27652122e8b2ae, processing it..."
        for i in "${!LAB_NETWORKS[@]}"; do
            net=${LAB_NETWORKS[i]}
            _lab_agent_log "$pid" INFO networking_calico.agent.dhcp_agent "Subnet ${net:0:8}-sub created or updated"
            # (a captured table, not `lab_proc_list | grep -q`: grep's early exit would fail the pipeline under pipefail)
            [[ $table == *"--pid-file=/var/lib/neutron/dhcp/$net/pid "* ]] && continue
            lab_dnsmasq_args "$net" "${LAB_TAPS[i]}" "$i"
            if ((${LAB_BOOTING:-0})); then LAB_PID=$((2417 + i)); else lab_pid_next; fi
            lab_proc_add "$LAB_PID" 1 "$EPOCHSECONDS" nobody dnsmasq "$LAB_ARGS"
        done
    else
        _lab_agent_error "$pid"
    fi
    /bin/mkdir -p "$LAB_STATE/runs"
    printf '%s %s %s %s %s %s\n' "$pid" "$version" "$state" "$EPOCHSECONDS" "$LAB_ETCD_HOST" "$LAB_ETCD_PORT" > "$LAB_STATE/runs/calico-dhcp-agent"
}

_lab_agent_sync() { # (lock held): one error a second while etcd cannot be reached (at most 30 at a time)
    local f=$LAB_STATE/runs/calico-dhcp-agent pid version state synced n
    [[ -r $f ]] || return 0
    read -r pid version state synced LAB_ETCD_HOST LAB_ETCD_PORT < "$f"
    lab_service_read calico-dhcp-agent && [[ $SVC_STATE == active && $SVC_PID == "$pid" && $state == unreachable ]] || return 0
    n=$((EPOCHSECONDS - synced))
    ((n > 30)) && n=30
    while ((n-- > 0)); do _lab_agent_error "$pid"; done
    printf '%s %s %s %s %s %s\n' "$pid" "$version" "$state" "$EPOCHSECONDS" "$LAB_ETCD_HOST" "$LAB_ETCD_PORT" > "$f"
}

# lab_dnsmasq_args NET TAP N : the command line neutron's Dnsmasq driver (Queens, agent/linux/dhcp.py
# _build_cmdline_callback) builds for a network, with networking-calico's DnsmasqRouted changes (agent/linux/dhcp.py:
# --enable-ra, one --interface per TAP, --bridge-interface); into LAB_ARGS. Run through rootwrap on CentOS, so with
# the full path there.
lab_dnsmasq_args() {
    local net=$1 tap=$2 n=$3 dir=/var/lib/neutron/dhcp/$1 ns="ns-${1:0:11}" exe=dnsmasq
    [[ $LAB_OS == centos7 ]] && exe=/usr/sbin/dnsmasq
    LAB_ARGS="$exe --no-hosts --no-resolv --except-interface=lo --pid-file=$dir/pid --dhcp-hostsfile=$dir/host --addn-hosts=$dir/addn_hosts --dhcp-optsfile=$dir/opts --dhcp-leasefile=$dir/leases --dhcp-match=set:ipxe,175 --bind-dynamic --interface=$ns --dhcp-range=set:tag0,10.65.$n.0,static,255.255.255.0,86400s --dhcp-option-force=option:mtu,1500 --dhcp-lease-max=256 --conf-file= --domain=openstacklocal --enable-ra --interface=$tap --bridge-interface=$ns,$tap"
}

# lab_libvirt_dnsmasq : libvirt's dnsmasq for its default network (libvirt's networkBuildDhcpDaemonCommandLine: the
# configuration in /var/lib/libvirt/dnsmasq/default.conf, its lease helper), run as nobody (CentOS 7) or
# libvirt-dnsmasq (Ubuntu), with a helper process of its own as root. It belongs to libvirtd, not to Calico.
lab_libvirt_dnsmasq() {
    local user=libvirt-dnsmasq helper=/usr/lib/libvirt/libvirt_leaseshelper args
    [[ $LAB_OS == centos7 ]] && user=nobody helper=/usr/libexec/libvirt_leaseshelper
    args="/usr/sbin/dnsmasq --conf-file=/var/lib/libvirt/dnsmasq/default.conf --leasefile-ro --dhcp-script=$helper"
    lab_proc_add 1417 1 $((EPOCHSECONDS - 3600)) "$user" dnsmasq "$args"
    lab_proc_add 1418 1417 $((EPOCHSECONDS - 3600)) root dnsmasq "$args"
}

# lab_boot : the node's processes as `up` leaves it: init, libvirt's dnsmasq on compute nodes, and every active service
# started (which starts the DHCP agent's dnsmasq and writes the first log lines).
lab_boot() {
    local f unit
    lab_lock
    : > "$LAB_PROCS"
    /bin/rm -rf "$LAB_STATE/runs"
    if [[ $LAB_OS == trusty ]]; then
        lab_proc_add 1 0 $((EPOCHSECONDS - 86400)) root init /sbin/init
    elif [[ $LAB_OS == xenial ]]; then
        lab_proc_add 1 0 $((EPOCHSECONDS - 86400)) root systemd /sbin/init
    else
        lab_proc_add 1 0 $((EPOCHSECONDS - 86400)) root systemd /usr/lib/systemd/systemd --switched-root --system --deserialize 22
    fi
    [[ $LAB_ROLE == *compute* ]] && lab_libvirt_dnsmasq
    LAB_BOOTING=1 # the first processes have fixed PIDs; next-pid is for what starts later
    for f in "$LAB_STATE"/services/*; do
        unit=${f##*/}
        lab_service_read "$unit" && [[ $SVC_STATE == active ]] || continue
        _lab_unit_started "$unit" "$SVC_PID"
    done
    LAB_BOOTING=0
    lab_unlock
}

# ---------------------------------------------------------------- installed packages
# centos7 lines: NAME EPOCH VERSION RELEASE ARCH FROM-REPO     (EPOCH "-" = none)
# ubuntu lines:  NAME VERSION ARCH WANT EFLAG STATUS ISIZE      (VERSION "-" = none)

# lab_packages_load : fills PK_LINES (array of lines) and PK_INDEX (name -> line number).
lab_packages_load() {
    local line
    PK_LINES=()
    declare -gA PK_INDEX=()
    [[ -r $LAB_STATE/packages ]] || return 0
    while IFS= read -r line; do
        [[ -z $line ]] && continue
        PK_INDEX[${line%% *}]=${#PK_LINES[@]}
        PK_LINES+=("$line")
    done < "$LAB_STATE/packages"
}

# lab_packages_set NAME LINE : replaces or adds the line of package NAME (in memory).
lab_packages_set() {
    local idx
    if [[ -n ${PK_INDEX[$1]+x} ]]; then
        idx=${PK_INDEX[$1]}
        PK_LINES[idx]=$2
    else
        PK_INDEX[$1]=${#PK_LINES[@]}
        PK_LINES+=("$2")
    fi
}

# lab_packages_save : writes the package lines back (atomically).
lab_packages_save() {
    local tmp=$LAB_STATE/packages.new.$$
    printf '%s\n' "${PK_LINES[@]}" > "$tmp"
    /bin/mv -f "$tmp" "$LAB_STATE/packages"
}

# lab_installed_version NAME : prints the installed upstream version ("" when not installed).
lab_installed_version() {
    local n v a rest ver
    lab_packages_load
    [[ -n ${PK_INDEX[$1]+x} ]] || return 0
    if [[ $LAB_OS == centos7 ]]; then
        read -r n _ v _ a rest <<< "${PK_LINES[PK_INDEX[$1]]}"
        printf '%s\n' "$v"
    else
        read -r n ver a rest <<< "${PK_LINES[PK_INDEX[$1]]}"
        [[ $rest == *" installed "* || $rest == *" installed" ]] || return 0
        ver=${ver#*:}
        ver=${ver%%[~-]*}
        printf '%s\n' "$ver"
    fi
}

# ---------------------------------------------------------------- formatting

# lab_group N : 9732 -> 9,732 (into LAB_OUT)
lab_group() {
    local n=$1 out=""
    while ((${#n} > 3)); do
        out=,${n: -3}$out
        n=${n:0:${#n}-3}
    done
    LAB_OUT=$n$out
}

# lab_apt_size BYTES : apt's SizeToStr in an en_US locale (into LAB_OUT): 4,120 B / 11.6 kB / 9,732 kB
lab_apt_size() {
    local b=$1 m u=0 units=("" k M G T)
    if ((b < 10000)); then
        lab_group "$b"
        LAB_OUT="$LAB_OUT B"
        return
    fi
    m=$((b * 10))
    while ((m >= 100000)); do
        m=$(((m + 500) / 1000))
        u=$((u + 1))
    done
    if ((m < 1000)); then
        LAB_OUT="$((m / 10)).$((m % 10)) ${units[u]}B"
    else
        lab_group "$(((m + 5) / 10))"
        LAB_OUT="$LAB_OUT ${units[u]}B"
    fi
}

# lab_yum_size BYTES : yum's format_number (into LAB_OUT): 3.9 k / 128 k / 9.2 M
lab_yum_size() {
    local m=$(($1 * 1000)) d=0 units=(" " k M G)
    while ((m > 999000 && d < 3)); do
        m=$((m / 1024))
        d=$((d + 1))
    done
    if ((d == 0)); then
        LAB_OUT="$(($1)) "
    elif ((m < 9950)); then
        m=$(((m + 50) / 100))
        LAB_OUT="$((m / 10)).$((m % 10)) ${units[d]}"
    else
        LAB_OUT="$(((m + 500) / 1000)) ${units[d]}"
    fi
}
